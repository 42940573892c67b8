"""Pages of the issues register: list, issue page (edit, links, suggestions, audit), exports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from register import store
from register.export import LetterHead
from register.localities import Localities
from register.records import EDITABLE, FIELD_LABELS, KNOWN_FIELDS, STATUS_LABELS, Issue
from register.store import Conflict, IssueFilter, RegisterError
from register.suggest import precedent_keys, suggestions
from web.auth import login_required
from web.db import get_db
from web.knowledge import kb, library
from web.register import service

bp = Blueprint("issues", __name__, url_prefix="/kien-nghi")
LETTER_FIELDS = ("parent", "agency", "number", "place", "subject", "recipients", "signer_title",
                 "signer_name")
FILTER_PARAMS = {"trang_thai": "status", "linh_vuc": "field", "dia_phuong": "locality",
                 "khao_sat": "survey_id", "q": "text"}
SUGGESTIONS = 10


def chosen_filter() -> tuple[IssueFilter, dict[str, str]]:
    """Return the list filter the URL asks for and the chosen parameters."""
    chosen = {k: request.args.get(k, "").strip() for k in FILTER_PARAMS}
    chosen = {k: v for k, v in chosen.items() if v}
    values: dict[str, Any] = {FILTER_PARAMS[k]: v for k, v in chosen.items()}
    if values.get("locality"):
        values["localities"] = same_place(values["locality"])
    if "survey_id" in values:
        values["survey_id"] = int(values["survey_id"]) if values["survey_id"].isdigit() else None
    return IssueFilter(**values), chosen


def localities() -> Localities:
    """Return the app's table of 2025 units."""
    return current_app.extensions["phapquy.localities"]


def same_place(name: str) -> tuple[str, ...]:
    """Return the other names of the place a name means: its unit today and the old ones."""
    out: list[str] = []
    for loc in localities().find(name)[:3]:
        out += [loc.unit.name, *(u.name for u in loc.formed_from)]
    return tuple(dict.fromkeys(n for n in out if n != name))


def place_today(name: str) -> str | None:
    """Return what a locality is today (Localities.today_text), None when unknown."""
    return localities().today_text(name) if name else None


def form_values() -> dict[str, str]:
    """Return the issue fields a form sent."""
    return {k: request.form.get(k, "") for k in EDITABLE if k in request.form}


def _issue_or_404(issue_id: int) -> Issue:
    issue = store.get_issue(get_db(), issue_id)
    if issue is None:
        abort(404, f"Không có kiến nghị số {issue_id}.")
    return issue


def _page_context() -> dict[str, Any]:
    """Return what every register page needs: labels and filter choices."""
    return {"status_labels": STATUS_LABELS, "known_fields": KNOWN_FIELDS,
            "field_labels": FIELD_LABELS, "choices": store.filter_choices(get_db()),
            "place_today": place_today}


@bp.route("")
@login_required("viewer")
def index() -> Any:
    """Return the list of issues, filtered by status, field, locality, survey and text."""
    flt, chosen = chosen_filter()
    issues = store.list_issues(get_db(), flt)
    review = service.review_flags(issues)
    if request.args.get("xem_lai"):
        issues = [i for i in issues if i.id in review]
        chosen["xem_lai"] = "1"
    return render_template("register/list.html", issues=issues, chosen=chosen, review=review,
                           **_page_context())


@bp.route("/moi", methods=["GET", "POST"])
@login_required("editor")
def new() -> Any:
    """Return the new-issue form, or create the issue and go to its page."""
    values = form_values()
    if request.method == "POST":
        try:
            issue = store.create_issue(get_db(), values, service.actor())
        except RegisterError as exc:
            flash(str(exc), "error")
        else:
            flash("Đã tạo kiến nghị.", "ok")
            return redirect(url_for(".show", issue_id=issue.id))
    return render_template("register/new.html", values=values, **_page_context())


def _suggestions(issue: Issue) -> Any:
    """Return the suggested provisions for an issue (None when the search fails)."""
    try:
        return suggestions(kb(), issue, SUGGESTIONS, library().graph(),
                           precedent_keys(get_db(), issue))
    except Exception:  # noqa: BLE001 - the page still works without suggestions
        return None


def render_issue(issue: Issue, status: int = 200, **extra: Any) -> Any:
    """Return the issue page (details, edit form, links, suggestions, audit trail)."""
    links = service.link_views(issue.id)
    result = _suggestions(issue)
    linked = {v.link.provision_key for v in links}
    context = {"issue": issue, "links": links, "result": result, "linked": linked,
               "audit": store.audit_of(get_db(), issue.id),
               "survey": store.get_survey(get_db(), issue.survey_id) if issue.survey_id
               else None, "values": issue.to_dict(), **_page_context(), **extra}
    return render_template("register/issue.html", **context), status


@bp.route("/<int:issue_id>")
@login_required("viewer")
def show(issue_id: int) -> Any:
    """Return an issue's page."""
    return render_issue(_issue_or_404(issue_id))


@bp.route("/<int:issue_id>/sua", methods=["POST"])
@login_required("editor")
def edit(issue_id: int) -> Any:
    """Save an edit made from a version; on a conflict show both versions (409)."""
    issue = _issue_or_404(issue_id)
    values = form_values()
    version = request.form.get("version", "")
    if not version.isdigit():
        flash("Biểu mẫu thiếu phiên bản của kiến nghị; hãy tải lại trang.", "error")
        return render_issue(issue, 400, values={**issue.to_dict(), **values})
    try:
        store.update_issue(get_db(), issue_id, values, int(version), service.actor())
    except Conflict as exc:
        return render_issue(exc.current, 409, conflict=_conflict(exc, values),
                            values={**exc.current.to_dict(), **values,
                                    "version": exc.current.version})
    except RegisterError as exc:
        flash(str(exc), "error")
        return render_issue(issue, 400, values={**issue.to_dict(), **values})
    flash("Đã lưu kiến nghị.", "ok")
    return redirect(url_for(".show", issue_id=issue_id))


def _conflict(exc: Conflict, mine: dict[str, str]) -> dict[str, Any]:
    """Return what the conflict message shows: the fields where the two versions differ."""
    current = exc.current.to_dict()
    rows = [{"field": k, "mine": v, "theirs": current.get(k)}
            for k, v in mine.items() if str(current.get(k) or "") != v.strip()]
    return {"sent_version": exc.sent_version, "current": exc.current, "rows": rows}


@bp.route("/<int:issue_id>/lien-ket", methods=["POST"])
@login_required("editor")
def link(issue_id: int) -> Any:
    """Link the issue to a provision (key, or document number + article) with a note."""
    _issue_or_404(issue_id)
    form = request.form
    try:
        made = service.add_link(issue_id, key=form.get("key", ""),
                                doc_number=form.get("doc_number", ""),
                                article=form.get("article", ""), note=form.get("note", ""),
                                clause=form.get("clause", ""), point=form.get("point", ""))
    except RegisterError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Đã liên kết {made.label or made.provision_key}.", "ok")
    return redirect(url_for(".show", issue_id=issue_id) + "#lien-ket")


@bp.route("/<int:issue_id>/lien-ket/<int:link_id>/xoa", methods=["POST"])
@login_required("editor")
def unlink(issue_id: int, link_id: int) -> Any:
    """Remove one link of the issue."""
    try:
        gone = store.remove_link(get_db(), issue_id, link_id, service.actor())
    except RegisterError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Đã bỏ liên kết {gone.label or gone.provision_key}.", "ok")
    return redirect(url_for(".show", issue_id=issue_id) + "#lien-ket")


@bp.route("/<int:issue_id>/xuat.docx")
@login_required("viewer")
def export_one(issue_id: int) -> Any:
    """Return one issue's answer as .docx."""
    issue = _issue_or_404(issue_id)
    return service.docx_download([issue], f"kien-nghi-{issue.id}.docx")


@bp.route("/xuat")
@login_required("viewer")
def export_selection() -> Any:
    """Return the chosen issues (ticked ids, else the current filter) as .docx or CSV."""
    ids = tuple(int(x) for x in request.args.getlist("id") if x.isdigit() and len(x) <= 18)
    flt, _chosen = chosen_filter()
    if ids:
        flt = IssueFilter(ids=ids)
    issues = store.list_issues(get_db(), flt)
    if request.args.get("xem_lai") and not ids:
        review = service.review_flags(issues)
        issues = [i for i in issues if i.id in review]
    if request.args.get("dinh_dang") == "csv":
        return service.csv_download(issues, "kien-nghi.csv")
    if not request.args.get("tao"):  # first the letterhead form, and a word on unanswered ones
        head = service.letter_head()
        hidden = [(k, v) for k, v in request.args.items(multi=True)
                  if k not in (*LETTER_FIELDS, "dinh_dang", "tao")]
        return render_template("register/letter.html", head=head, hidden=hidden,
                               unanswered=[i for i in issues if not i.answer.strip()],
                               count=len(issues), **_page_context())
    head = LetterHead.from_dict({k: request.args.get(k, "") for k in LETTER_FIELDS})
    service.remember_letter_head(head)
    return service.docx_download(issues, "kien-nghi.docx", head=replace(head,
                                                                         issued=date.today()))
