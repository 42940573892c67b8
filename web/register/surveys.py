"""Survey pages: list, import a report (paste or upload -> proposals -> review -> create),
a survey's issues and its exports.

The review form carries every proposal in its fields, so each action (split, merge, drop,
edit) is one stateless POST that returns the updated proposals; "Tạo kiến nghị" creates the
survey and its issues in one transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from ingest.errors import IngestError
from ingest.extract import SUPPORTED
from ingest.ids import slugify
from register import importer, store
from register.importer import Proposal
from register.records import KNOWN_FIELDS, STATUS_LABELS
from register.store import IssueFilter, RegisterError
from web.auth import login_required
from web.db import get_db
from web.jobs import JobState, Progress, Work, runner
from web.register import service

bp = Blueprint("surveys", __name__, url_prefix="/khao-sat")
SURVEY_FIELDS = ("name", "held_on", "team", "localities")
MAX_PROPOSALS = 500


@bp.route("")
@login_required("viewer")
def index() -> Any:
    """Return the list of surveys with their number of issues."""
    return render_template("register/surveys.html", surveys=store.list_surveys(get_db()))


def _survey_or_404(survey_id: int):
    survey = store.get_survey(get_db(), survey_id)
    if survey is None:
        abort(404, f"Không có đợt khảo sát số {survey_id}.")
    return survey


@bp.route("/<int:survey_id>")
@login_required("viewer")
def show(survey_id: int) -> Any:
    """Return a survey's page: its facts, report and issues, with export buttons."""
    survey = _survey_or_404(survey_id)
    issues = store.list_issues(get_db(), IssueFilter(survey_id=survey_id))
    return render_template("register/survey.html", survey=survey, issues=issues,
                           status_labels=STATUS_LABELS)


@bp.route("/<int:survey_id>/xuat.<fmt>")
@login_required("viewer")
def export(survey_id: int, fmt: str) -> Any:
    """Return the answers of a survey's issues as .docx or CSV."""
    survey = _survey_or_404(survey_id)
    issues = store.list_issues(get_db(), IssueFilter(survey_id=survey_id))
    if fmt == "csv":
        return service.csv_download(issues, f"khao-sat-{survey_id}.csv")
    if fmt != "docx":
        abort(404)
    return service.docx_download(issues, f"khao-sat-{survey_id}.docx",
                                 subtitle=f"(Đợt khảo sát: {survey.name})")


# --- import --------------------------------------------------------------------------------

def _save_upload() -> tuple[Path, str]:
    """Return (stored path, original name) of an uploaded report; RegisterError if refused."""
    upload = request.files.get("report_file")
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in SUPPORTED:
        raise RegisterError("Chỉ nhận báo cáo dạng " + ", ".join(SUPPORTED) + ".")
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(6)}-{slugify(Path(upload.filename).stem)[:60]}{suffix}"
    upload.save(folder / name)
    return folder / name, upload.filename


def _read_report(path: Path, original: str, max_bytes: int) -> Work:
    """Return the job that reads a stored report and proposes its issues."""
    def work(progress: Progress) -> dict:
        from ingest.extract import extract_file

        progress(f"Đang đọc báo cáo {original}…", 0)
        try:
            text = extract_file(path, max_bytes=max_bytes).text
            _check_length(text)
        except (IngestError, RegisterError) as exc:
            path.unlink(missing_ok=True)
            return {"error": f"{original}: {exc}"}
        progress("Đang tìm các khó khăn, kiến nghị…", 1)
        return {"text": text, "source": f"surveys/{path.name}", "proposed": importer.propose(text)}
    return work


def _check_length(text: str) -> None:
    """Raise RegisterError for a report longer than importer.MAX_REPORT_CHARS."""
    if len(text) > importer.MAX_REPORT_CHARS:
        raise RegisterError(f"Báo cáo dài {len(text):,} ký tự, quá giới hạn "
                            f"{importer.MAX_REPORT_CHARS:,} ký tự; hãy tách thành nhiều phần."
                            .replace(",", "."))


def job_result(job: JobState) -> Any:
    """Return the review page of a report read by a job (or the import form with its error)."""
    result = job.result or {"error": job.error}
    if "error" in result:
        flash(result["error"], "error")
        return render_template("register/import.html"), 400
    return _proposed(result["text"], result["source"], result["proposed"])


def _proposals_from_form() -> list[Proposal]:
    """Return the proposals the review form holds, in order."""
    form, out = request.form, []
    count = form.get("count", "0")
    for i in range(min(int(count), MAX_PROPOSALS) if count.isdigit() else 0):
        text = form.get(f"p-{i}-description", "").strip()
        made = importer.make_proposal(text, form.get(f"p-{i}-locality", ""),
                                      form.get(f"p-{i}-context", ""))
        title = form.get(f"p-{i}-title", "").strip() or made.title
        out.append(Proposal(title, made.description, form.get(f"p-{i}-field", made.field),
                            made.locality, made.context, made.splits))
    return out


def _raw_text(i: int) -> str:
    """Return proposal i's text as the textarea sent it (the caret counts in this text)."""
    return request.form.get(f"p-{i}-description", "").replace("\r\n", "\n")


def _split_position(text: str, i: int) -> int | None:
    """Return where the officer chose to split proposal i (phrase, else caret position)."""
    phrase = request.form.get(f"p-{i}-phrase", "").strip()
    if phrase:
        found = text.lower().find(phrase.lower())
        return found if found > 0 else None
    pos = request.form.get(f"p-{i}-pos", "")
    return int(pos) if pos.isdigit() and 0 < int(pos) < len(text) else None


def apply_action(action: str, proposals: list[Proposal]) -> list[Proposal]:
    """Return the proposals after one review action (split, split at, merge, drop)."""
    verb, _, index = action.rpartition("-")
    if not index.isdigit() or int(index) >= len(proposals):
        return proposals
    i = int(index)
    p = proposals[i]
    if verb == "tach-goi-y":
        return [*proposals[:i], *importer.split_suggested(p), *proposals[i + 1:]]
    if verb == "tach":
        raw = _raw_text(i) or p.description
        pos = _split_position(raw, i)
        if pos is None:
            flash("Chọn vị trí tách (đặt con trỏ hoặc nhập cụm từ bắt đầu phần sau).", "error")
            return proposals
        parts = importer.split_proposal(replace(p, description=raw), pos)
        return [*proposals[:i], *parts, *proposals[i + 1:]]
    if verb == "gop" and i + 1 < len(proposals):
        merged = importer.merge_proposals(p, proposals[i + 1])
        return [*proposals[:i], merged, *proposals[i + 2:]]
    if verb == "bo":
        return [*proposals[:i], *proposals[i + 1:]]
    return proposals


def _review(survey: dict[str, str], proposals: list[Proposal], report_text: str,
            source_file: str, status: int = 200) -> Any:
    return render_template("register/import_review.html", survey=survey, proposals=proposals,
                           report_text=report_text, source_file=source_file,
                           known_fields=KNOWN_FIELDS), status


@bp.route("/nhap", methods=["GET", "POST"])
@login_required("editor")
def import_report() -> Any:
    """Return the import form; propose issues from a report; review; create them."""
    if request.method == "GET":
        return render_template("register/import.html")
    action = request.form.get("action", "de-xuat")
    if action == "de-xuat":
        return _propose()
    proposals = _proposals_from_form()
    survey = {k: request.form.get(k, "").strip() for k in SURVEY_FIELDS}
    text, source = request.form.get("report_text", ""), request.form.get("source_file", "")
    if action == "tao":
        return _create(survey, proposals, text, source)
    return _review(survey, apply_action(action, proposals), text, source)


def _propose() -> Any:
    """Return the review page of a pasted report; for a file, start reading it (a job)."""
    upload = request.files.get("report_file")
    try:
        if upload is not None and upload.filename:
            path, original = _save_upload()
            work = _read_report(path, original, current_app.config["MAX_FILE_BYTES"])
            job = runner().submit("survey", g.user.id, f"Đọc báo cáo {original}", 2, work,
                                  on_error=lambda exc: "lỗi không mong đợi khi đọc báo cáo")
            return redirect(url_for("jobs.show", job_id=job.id), 303)
        text = request.form.get("report_text", "").strip()
        if not text:
            raise RegisterError("Hãy dán nội dung báo cáo hoặc chọn tệp báo cáo.")
        _check_length(text)
    except RegisterError as exc:
        flash(str(exc), "error")
        return render_template("register/import.html", report_text=request.form.get(
            "report_text", "")[:importer.MAX_REPORT_CHARS]), 400
    return _proposed(text, request.form.get("source_file", ""), importer.propose(text))


def _proposed(text: str, source: str, proposed: tuple) -> Any:
    """Return the review page of the issues a report's text proposes."""
    guess, proposals = proposed
    survey = {"name": guess.name, "held_on": "", "team": guess.team,
              "localities": ", ".join(guess.localities)}
    if not proposals:
        flash("Không tìm thấy khó khăn, kiến nghị nào trong báo cáo; hãy thêm bằng tay.", "info")
    return _review(survey, proposals, text, source)


def _create(survey: dict[str, str], proposals: list[Proposal], text: str, source: str) -> Any:
    """Create the survey and its issues in one transaction, then go to the survey's page."""
    conn = get_db()
    proposals = [p for p in proposals if p.description]
    if not proposals:
        flash("Không còn kiến nghị nào để tạo.", "error")
        return _review(survey, proposals, text, source, 400)
    try:
        made = store.create_survey_with_issues(
            conn, {**survey, "report_text": text, "source_file": source},
            [{"title": p.title, "description": p.description, "field": p.field,
              "locality": p.locality} for p in proposals], service.actor())
    except RegisterError as exc:
        flash(str(exc), "error")
        return _review(survey, proposals, text, source, 400)
    flash(f"Đã tạo đợt khảo sát và {len(proposals)} kiến nghị.", "ok")
    return redirect(url_for(".show", survey_id=made.id))
