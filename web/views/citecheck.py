"""The citation checker in the browser (/kiem-tra-trich-dan): paste or upload a draft, choose
"as of", and see each citation as a formal citation with its status and what to cite instead."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, flash, render_template, request

from ingest.dates import parse_date_value
from ingest.errors import IngestError
from ingest.extract import SUPPORTED, extract_file
from law.citation import vn_date
from law.citecheck import CitationCheck, check_text
from search.urls import provision_url
from web.knowledge import library

bp = Blueprint("citecheck", __name__)
MAX_DRAFT_CHARS = 200_000


def _draft() -> str:
    """Return the draft's text: the uploaded file's, else the pasted text (ValueError)."""
    upload = request.files.get("draft_file")
    if upload is not None and upload.filename:
        suffix = Path(upload.filename).suffix.lower()
        if suffix not in SUPPORTED:
            raise ValueError("Chỉ nhận dự thảo dạng " + ", ".join(SUPPORTED) + ".")
        with tempfile.TemporaryDirectory(prefix="phapquy-draft-") as tmp:
            path = Path(tmp) / f"du-thao{suffix}"
            upload.save(path)
            try:
                return extract_file(path, max_bytes=current_app.config["MAX_FILE_BYTES"]).text
            except IngestError as exc:
                raise ValueError(f"{upload.filename}: {exc.reason}") from exc
    text = request.form.get("draft", "")
    if not text.strip():
        raise ValueError("Hãy dán nội dung dự thảo hoặc chọn tệp dự thảo.")
    return text


def _as_of(raw: str) -> date:
    """Return the day to check validity on (today when empty; ValueError when unreadable)."""
    if not raw.strip():
        return date.today()
    found = parse_date_value(raw.strip())
    if found is None:
        raise ValueError(f"Ngày không hợp lệ “{raw}”: hãy nhập dạng dd/mm/yyyy, ví dụ 01/7/2025.")
    return found


def _row(check: CitationCheck) -> dict[str, Any]:
    """Return what the page shows of one citation."""
    doc = library().kb.find_document(check.doc_number) if check.in_knowledge_base else None
    path = "" if check.missing else check.path  # a provision it lacks: link the document
    url = provision_url(doc.doc_id, path) if doc is not None else None
    return {"written": check.text, "citation": check.citation or check.doc_number, "url": url,
            "status": check.status, "advice": check.advice(),
            "held": check.in_knowledge_base, "missing": check.missing}


@bp.route("/kiem-tra-trich-dan", methods=["GET", "POST"])
def index() -> Any:
    """Return the checker's form, or the checks of the draft sent."""
    raw_date = request.values.get("ngay", "")
    if request.method == "GET":
        return render_template("citecheck.html", rows=None, draft="", ngay=raw_date or
                               vn_date(date.today()))
    draft = request.form.get("draft", "")[:MAX_DRAFT_CHARS]
    try:
        text = _draft()[:MAX_DRAFT_CHARS]
        when = _as_of(raw_date)
    except ValueError as exc:
        flash(str(exc), "error")
        return render_template("citecheck.html", rows=None, draft=draft, ngay=raw_date), 400
    checks = check_text(text, library().kb.documents(), when, library().graph())
    return render_template("citecheck.html", rows=[_row(c) for c in checks], draft=draft,
                           ngay=vn_date(when))
