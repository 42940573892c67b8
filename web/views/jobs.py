"""The page of a long job (`/viec/<id>`): its progress while it runs, then its result."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, render_template

from web.auth import login_required
from web.jobs import JobState, runner
from web.register import surveys
from web.views import upload

bp = Blueprint("jobs", __name__)
# job kind -> the page that shows its result
RESULT_PAGES = {"upload": upload.job_result, "survey": surveys.job_result}
NOT_FOUND = "Không có công việc này (máy chủ có thể đã khởi động lại); hãy làm lại."


@bp.route("/viec/<job_id>")
@login_required("viewer")
def show(job_id: str) -> Any:
    """Return a job's progress page (refreshing itself), or its result once finished."""
    job: JobState | None = runner().get(job_id, g.user.id)
    if job is None:
        abort(404, NOT_FOUND)
    if not job.finished:
        return render_template("job.html", job=job), 202
    return RESULT_PAGES[job.kind](job)
