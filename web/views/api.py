"""The public JSON API: search (same JSON as `phapquy search --json`) and documents."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from ingest.serialize import document_to_dict
from search.urls import provision_url
from web.auth import api_error
from web.knowledge import kb, library
from web.views.search import MAX_QUERY, chosen_filters
from web.views.shared import search_filters

bp = Blueprint("api", __name__, url_prefix="/api")
DEFAULT_LIMIT, MAX_LIMIT = 10, 100


def _limit() -> int | None:
    """Return the limit parameter (default 10, at most 100), or None when it is not a number."""
    raw = request.args.get("limit", str(DEFAULT_LIMIT)).strip()
    return min(max(int(raw), 1), MAX_LIMIT) if raw.isdigit() else None


def search_json(query: str, limit: int, filters: Any = None) -> dict:
    """Return the search JSON: {"query", "total", "hits": [...]}, as the CLI prints it."""
    from search import hit_to_json

    result = kb().search(query, filters=filters, page=1, per_page=limit)
    return {"query": query, "total": result.total, "hits": [hit_to_json(h) for h in result.hits]}


@bp.route("/search")
def search() -> Any:
    """Return search hits as JSON; 400 without a query or with a bad limit."""
    query = request.args.get("q", "")  # as given, like the CLI's argument
    limit = _limit()
    if not query.strip():
        return api_error(400, "thiếu tham số q (từ khóa tìm kiếm)")
    if limit is None or len(query) > MAX_QUERY:
        return api_error(400, "tham số limit phải là số nguyên dương; q tối đa 500 ký tự")
    return jsonify(search_json(query, limit, search_filters(chosen_filters())))


def _with_status(node: dict, doc_id: str, status: Any) -> dict:
    """Return a provision dict (and its children) with "status" and "url" added."""
    found = status(node["key"])
    node["status"] = found.code if found else None
    node["url"] = provision_url(doc_id, node["path"])
    node["children"] = [_with_status(c, doc_id, status) for c in node["children"]]
    return node


@bp.route("/documents/<doc_id>")
def document(doc_id: str) -> Any:
    """Return a document with its provisions (each with status), relations and validity."""
    doc = kb().document(doc_id)
    if doc is None:
        return api_error(404, f"không có văn bản '{doc_id}'")
    lib = library()
    status = lib.status if lib.graph() is not None else (lambda _key: None)
    data = document_to_dict(doc)
    for part in ("body", "annexes"):
        data[part] = [_with_status(p, doc.doc_id, status) for p in data[part]]
    found = status(doc.ref)
    data["status"] = found.code if found else None
    data["relations"] = lib.relations(doc)
    data["url"] = provision_url(doc.doc_id, "")
    return jsonify(data)
