"""The public JSON API: search (same JSON as `phapquy search --json`) and documents."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, jsonify, request

from ingest.dates import parse_date_value
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


def _as_of() -> date | None | str:
    """Return the as_of parameter (YYYY-MM-DD or dd/mm/yyyy; default today), or an error."""
    raw = request.args.get("as_of", "").strip()[:40]
    if not raw:
        return date.today()
    found = parse_date_value(raw)
    return found if found else f"tham số as_of không hợp lệ '{raw}' (dạng YYYY-MM-DD)"


@bp.route("/documents/<doc_id>")
def document(doc_id: str) -> Any:
    """Return a document with its provisions (each with status) as in force on as_of
    (default today), its relations and validity."""
    enacted = kb().document(doc_id)
    if enacted is None:
        return api_error(404, f"không có văn bản '{doc_id}'")
    day = _as_of()
    if isinstance(day, str):
        return api_error(400, day)
    lib = library()
    doc = lib.consolidation(enacted).as_of(day)
    status = (lambda key: lib.status(key, day)) if lib.graph() is not None else (
        lambda _key: None)
    data = document_to_dict(doc)
    data["as_of"] = day.isoformat()
    for part in ("body", "annexes"):
        data[part] = [_with_status(p, doc.doc_id, status) for p in data[part]]
    found = status(doc.ref)
    data["status"] = found.code if found else None
    data["relations"] = lib.relations(enacted)
    data["url"] = provision_url(doc.doc_id, "")
    return jsonify(data)


@bp.route("/documents/<doc_id>/versions/<path:path>")
def versions(doc_id: str, path: str) -> Any:
    """Return every wording of an article (or annex) with the days it was in force and the
    instructions that made it, and the instructions that could not be applied to it."""
    enacted = kb().document(doc_id)
    if enacted is None:
        return api_error(404, f"không có văn bản '{doc_id}'")
    cons = library().consolidation(enacted)
    unit = path.split(".")[0]
    found = cons.versions(unit)
    if not found:
        return api_error(404, f"văn bản '{doc_id}' không có '{path}'")
    return jsonify({
        "document": enacted.number or enacted.doc_id, "path": unit,
        "versions": [_version_json(v) for v in found],
        "unapplied": [{**_instruction_json(u.instruction), "reason": u.reason}
                      for u in cons.unapplied_under(unit)]})


def _version_json(v: Any) -> dict:
    """Return one wording in the API shape."""
    return {"valid_from": v.valid_from.isoformat() if v.valid_from else None,
            "valid_to": v.valid_to.isoformat() if v.valid_to else None,
            "in_force": v.provision is not None,
            "heading": v.provision.heading if v.provision else None,
            "text": v.provision.full_text() if v.provision else None,
            "sources": [_instruction_json(i) for i in v.sources]}


def _instruction_json(ins: Any) -> dict:
    """Return an amending instruction in the API shape."""
    return {"action": ins.action, "label": ins.label, "source_key": ins.source_key,
            "paths": list(ins.paths), "sentence": ins.sentence,
            "effective_from": ins.effective.isoformat() if ins.effective else None}
