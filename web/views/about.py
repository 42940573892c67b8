"""The "what is in this knowledge base" page: documents, counts, last ingest, warnings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from ingest.models import ANNEX, ARTICLE
from web.knowledge import kb

bp = Blueprint("about", __name__)
PER_PAGE = 100


def page_number(count: int, per_page: int) -> tuple[int, int]:
    """Return (the page asked by ?trang=, clamped to the pages there are, the last page)."""
    last = max(1, -(-count // per_page))
    raw = request.args.get("trang", "1")
    return (min(max(int(raw), 1), last) if raw.isdigit() and len(raw) < 7 else 1), last


def document_rows(documents: list) -> list[dict]:
    """Return one row per document, most recent first: the record and its counts."""
    rows = []
    for doc in documents:
        report = dict(doc.report)
        rows.append({"doc": doc, "articles": report.get(ARTICLE, len(doc.articles())),
                     "annexes": report.get(ANNEX, len(doc.annexes))})
    return sorted(rows, key=lambda r: (r["doc"].issued is not None, r["doc"].issued or 0),
                  reverse=True)


@bp.route("/gioi-thieu")
def index() -> Any:
    """Return the page describing the documents in the knowledge base."""
    documents = kb().documents()
    rows = document_rows(documents)
    page, last = page_number(len(rows), PER_PAGE)
    shown = rows[(page - 1) * PER_PAGE: page * PER_PAGE]
    return render_template("about.html", stats=kb().stats(), documents=documents,
                           rows=shown, page=page, last=last, first_row=(page - 1) * PER_PAGE)
