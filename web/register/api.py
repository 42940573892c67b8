"""The register's JSON API, authenticated by `Authorization: Bearer <token>`.

No or unknown token -> 401; a viewer's token on a write -> 403 (web.auth.api_auth).  An update
names the version it was made from; a stale version -> 409 with the current issue.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from register import importer, store
from register.records import API_FIELDS
from register.store import Conflict, IssueFilter, NotFound, RegisterError
from register.suggest import precedent_keys, suggestions_json
from web.auth import api_auth, api_error
from web.db import get_db
from web.heavy import heavy
from web.knowledge import kb, library
from web.register import service

bp = Blueprint("issues_api", __name__, url_prefix="/api")
MAX_LIMIT = 100


def _body() -> dict | None:
    """Return the request's JSON object, or None when the body is not one."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # JSON nested deeper than Python parses: not an object we take
        return None
    return data if isinstance(data, dict) else None


def _error(exc: RegisterError) -> Any:
    return api_error(404 if isinstance(exc, NotFound) else 400, str(exc))


def _created_values(data: dict) -> dict:
    """Return the issue values of a POST body; `source` is a survey id or a free text."""
    values = {k: data[k] for k in API_FIELDS if data.get(k) is not None}
    source = data.get("source")
    if isinstance(source, int | str) and not isinstance(source, bool) \
            and str(source).strip().isdigit():
        values.setdefault("survey_id", str(source).strip())
    elif isinstance(source, str):
        values["source"] = source
    return values


@bp.route("/issues", methods=["GET"])
@api_auth("viewer")
def list_issues() -> Any:
    """Return issues filtered by status, field, locality, survey_id and q (with needs_review)."""
    args = request.args
    survey = args.get("survey_id", "")
    flt = IssueFilter(status=args.get("status") or None, field=args.get("field") or None,
                      locality=args.get("locality") or None,
                      survey_id=int(survey) if survey.isdigit() else None,
                      text=args.get("q") or None)
    issues = store.list_issues(get_db(), flt)
    review = service.review_flags(issues)
    return jsonify({"total": len(issues), "issues": [
        {**i.to_dict(), "needs_review": i.id in review} for i in issues]})


@bp.route("/issues", methods=["POST"])
@api_auth("editor")
def create_issue() -> Any:
    """Create an issue; 201 with the issue (and its id)."""
    data = _body()
    if data is None:
        return api_error(400, "nội dung yêu cầu phải là một đối tượng JSON")
    try:
        issue = store.create_issue(get_db(), _created_values(data), service.actor())
    except RegisterError as exc:
        return _error(exc)
    response = jsonify(service.issue_payload(issue))
    response.status_code = 201
    response.headers["Location"] = f"/api/issues/{issue.id}"
    return response


@bp.route("/issues/<int:issue_id>", methods=["GET"])
@api_auth("viewer")
def get_issue(issue_id: int) -> Any:
    """Return an issue with its links (each with its validity now)."""
    issue = store.get_issue(get_db(), issue_id)
    if issue is None:
        return api_error(404, f"không có kiến nghị số {issue_id}")
    return jsonify(service.issue_payload(issue))


@bp.route("/issues/<int:issue_id>", methods=["PUT", "PATCH"])
@api_auth("editor")
def update_issue(issue_id: int) -> Any:
    """Update an issue made from "version"; 409 with the current issue when it is stale."""
    data = _body()
    if data is None:
        return api_error(400, "nội dung yêu cầu phải là một đối tượng JSON")
    version = data.get("version")
    if not isinstance(version, int) and not str(version or "").isdigit():
        return api_error(400, "thiếu \"version\": phiên bản kiến nghị mà thay đổi dựa vào")
    changes = {k: v for k, v in data.items() if k not in ("version", "id")}
    try:
        issue = store.update_issue(get_db(), issue_id, changes, int(version), service.actor())
    except Conflict as exc:
        response = jsonify({"error": str(exc), "status": 409,
                            "current_version": exc.current.version,
                            "current": exc.current.to_dict()})
        response.status_code = 409
        return response
    except RegisterError as exc:
        return _error(exc)
    return jsonify(service.issue_payload(issue))


@bp.route("/issues/<int:issue_id>/suggestions")
@api_auth("viewer")
@heavy
def issue_suggestions(issue_id: int) -> Any:
    """Return provisions suggested for an issue: {"query", "total", "hits"} as /api/search."""
    issue = store.get_issue(get_db(), issue_id)
    if issue is None:
        return api_error(404, f"không có kiến nghị số {issue_id}")
    raw = request.args.get("limit", "10")
    limit = min(max(int(raw), 1), MAX_LIMIT) if raw.isdigit() else 10
    return jsonify(suggestions_json(kb(), issue, limit, library().graph(),
                                    precedent_keys(get_db(), issue)))


@bp.route("/issues/<int:issue_id>/links", methods=["POST"])
@api_auth("editor")
def add_link(issue_id: int) -> Any:
    """Link an issue to a provision ({"key"} or {"doc_number", "article"}, "note"); 201."""
    data = _body()
    if data is None or not (data.get("key") or data.get("doc_number")):
        return api_error(400, "cần \"key\" hoặc \"doc_number\" (và \"article\")")
    try:
        store.require_issue(get_db(), issue_id)
        link = service.add_link(issue_id, key=str(data.get("key") or ""),
                                doc_number=str(data.get("doc_number") or ""),
                                article=str(data.get("article") or ""),
                                note=str(data.get("note") or ""),
                                clause=str(data.get("clause") or ""),
                                point=str(data.get("point") or ""))
    except RegisterError as exc:
        return _error(exc)
    view = next(v for v in service.link_views(issue_id) if v.link.id == link.id)
    response = jsonify(view.to_dict())
    response.status_code = 201
    return response


@bp.route("/issues/<int:issue_id>/links/<int:link_id>", methods=["DELETE"])
@api_auth("editor")
def remove_link(issue_id: int, link_id: int) -> Any:
    """Remove one link of an issue; 200 with the removed link."""
    try:
        link = store.remove_link(get_db(), issue_id, link_id, service.actor())
    except RegisterError as exc:
        return _error(exc)
    return jsonify(link.to_dict())


@bp.route("/issues/<int:issue_id>/export.docx")
@api_auth("viewer")
def export_docx(issue_id: int) -> Any:
    """Return an issue's answer with its formal citations as .docx."""
    issue = store.get_issue(get_db(), issue_id)
    if issue is None:
        return api_error(404, f"không có kiến nghị số {issue_id}")
    return service.docx_download([issue], f"kien-nghi-{issue_id}.docx")


@bp.route("/surveys/propose", methods=["POST"])
@api_auth("viewer")
@heavy
def propose() -> Any:
    """Return the issues a survey report's text proposes (nothing is created)."""
    data = _body()
    text = (data or {}).get("text")
    if not isinstance(text, str) or not text.strip():
        return api_error(400, "cần \"text\": nội dung báo cáo khảo sát")
    if len(text) > importer.MAX_REPORT_CHARS:
        return api_error(413, f"báo cáo dài quá {importer.MAX_REPORT_CHARS} ký tự")
    guess, proposals = importer.propose(text)
    return jsonify({"survey": {"name": guess.name, "team": guess.team,
                               "localities": list(guess.localities)},
                    "proposals": [{"title": p.title, "description": p.description,
                                   "field": p.field, "locality": p.locality,
                                   "splits": list(p.splits)} for p in proposals]})
