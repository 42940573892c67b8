"""The Code of Law's tree: chủ đề -> đề mục -> chương -> articles, each linked to its source
provision when the knowledge base holds it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template

from ingest.models import split_key
from search.urls import provision_url
from web.codified import EXTENSION as CODIFIED
from web.knowledge import library

bp = Blueprint("phapdien", __name__)
NO_EXPORT = ("Chưa có Bộ Pháp điển (đặt PHAPQUY_PHAPDIEN là đường dẫn tới "
             "BoPhapDienDienTu.zip).")
NO_TOPIC = "Bộ Pháp điển không có đề mục này."


def _index() -> Any:
    """Return the export's index; a page saying it is still being read; or a 404."""
    loader = current_app.extensions[CODIFIED]
    if loader.index is None and loader.loading:
        return None
    if loader.index is None:
        abort(404, loader.error or NO_EXPORT)
    return loader.index


@bp.route("/phap-dien")
def topics() -> Any:
    """Return the list of đề mục, grouped by chủ đề, with their article counts."""
    index = _index()
    if index is None:
        return render_template("phapdien.html", loading=True, subjects=[], topic=None)
    subjects: dict[str, list] = {}
    for topic in sorted(index.topics, key=lambda t: [int(x) for x in t.number.split(".")
                                                     if x.isdigit()]):
        subjects.setdefault(topic.subject, []).append(topic)
    return render_template("phapdien.html", loading=False, subjects=list(subjects.items()),
                           topic=None)


@bp.route("/phap-dien/<number>")
def topic(number: str) -> Any:
    """Return one đề mục: its chapters and articles, linked to the provisions held."""
    index = _index()
    if index is None:
        return render_template("phapdien.html", loading=True, subjects=[], topic=None)
    found = index.topic(number[:20])
    if found is None:
        abort(404, NO_TOPIC)
    graph = library().graph()
    links = {}
    for node in found.nodes:
        doc = graph.document(split_key(node.source_key)[0]) if node.source_key else None
        if doc is not None:
            path = split_key(node.source_key)[1]
            if graph.provision(node.source_key) is not None:
                links[node.code] = provision_url(doc.doc_id, path)
    held = len(links)
    return render_template("phapdien.html", loading=False, subjects=[], topic=found,
                           links=links, held=held)
