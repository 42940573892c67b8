"""The editors' upload page: add documents, parsed and indexed, reported per file."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, render_template, request

from ingest.doctypes import TYPES
from ingest.models import ARTICLE
from search.urls import document_url
from web.auth import login_required
from web.knowledge import library
from web.uploads import FileReport, UploadRejected, clean_metadata, ingest_upload

bp = Blueprint("upload", __name__)
MAX_FILES = 20


def _page(reports: list[FileReport] | None = None, status: int = 200) -> Any:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    shown = [_report_view(r) for r in reports or []]
    return render_template("upload.html", reports=shown, limit_mb=f"{limit / 2**20:g}",
                           doc_types=TYPES), status


def _report_view(report: FileReport) -> dict:
    """Return what the page shows of a file report."""
    docs = [{"url": document_url(d.doc_id), "label": f"{d.doc_type or 'Văn bản'} {d.ref}",
             "articles": len([p for p in d.walk() if p.kind == ARTICLE]),
             "warnings": len(d.warnings)} for d in report.documents]
    return {"name": report.name, "ok": report.ok, "error": report.error, "documents": docs,
            "replaced": report.replaced}


def _metadata(files: int) -> dict[str, str]:
    """Return the form's metadata (only used with a single file)."""
    meta = clean_metadata(request.form)
    if meta and files > 1:
        flash("Thông tin bổ sung chỉ áp dụng khi tải lên một tệp; đã bỏ qua.", "info")
        return {}
    return meta


@bp.route("/tai-len", methods=["GET", "POST"])
@login_required("editor")
def index() -> Any:
    """Return the upload form, or ingest the uploaded files and report on each."""
    if request.method == "GET":
        return _page()
    files = [f for f in request.files.getlist("files") if f and f.filename]
    if not files or len(files) > MAX_FILES:
        flash(f"Hãy chọn từ 1 đến {MAX_FILES} tệp để tải lên.", "error")
        return _page(status=400)
    try:
        meta = _metadata(len(files))
    except UploadRejected as exc:
        flash(str(exc), "error")
        return _page(status=400)
    reports = [_ingest(f.filename, f.read(), meta) for f in files]
    if any(r.ok for r in reports):
        library().warm()  # relations and statuses now, so that page views stay fast
    return _page(reports)


def _ingest(name: str, data: bytes, meta: dict[str, str]) -> FileReport:
    """Store, parse and index one file; the index is touched only when parsing succeeded."""
    cfg = current_app.config
    try:
        report = ingest_upload(cfg["UPLOAD_FOLDER"], name, data, meta, cfg["MAX_FILE_BYTES"])
        if report.ok:
            report.replaced = [d.ref for d in report.documents
                               if library().kb.document(d.doc_id) is not None]
            library().add(report.documents)
    except Exception:  # noqa: BLE001 - the web edge: one file's failure is reported, not raised
        current_app.logger.exception("upload of %r failed", name)
        return FileReport(name, False, "lỗi không mong đợi khi xử lý tệp; đã ghi nhật ký")
    current_app.logger.info("upload %r -> %s", name, [d.doc_id for d in report.documents])
    return report
