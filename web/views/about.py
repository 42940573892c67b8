"""The "what is in this knowledge base" page: documents, counts, last ingest, warnings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from ingest.models import ANNEX, ARTICLE
from web.knowledge import kb

bp = Blueprint("about", __name__)


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
    return render_template("about.html", stats=kb().stats(), documents=documents,
                           rows=document_rows(documents))
