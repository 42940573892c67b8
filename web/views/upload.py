"""The editors' upload page: add documents, parsed and indexed, reported per file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from ingest.doctypes import TYPES
from ingest.models import ARTICLE
from search.store import StoreBusy
from search.urls import document_url
from web.auth import login_required
from web.jobs import JobState, Progress, Work, runner
from web.knowledge import Library, library
from web.uploads import FileReport, UploadRejected, clean_metadata, discard, ingest_upload

bp = Blueprint("upload", __name__)
MAX_FILES = 20
BUSY = "một tiến trình khác đang ghi cơ sở dữ liệu; tệp chưa được nạp, hãy tải lên lại sau"
UNEXPECTED = "lỗi không mong đợi khi xử lý tệp; đã ghi nhật ký"


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
    """Return the upload form, or start ingesting the uploaded files (a job) and go to it."""
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
    items = [(f.filename, f.read()) for f in files]
    work = _ingest_all(current_app._get_current_object(), library(), items, meta)
    job = runner().submit("upload", g.user.id, f"Nạp {len(items)} tệp", len(items) + 1, work,
                          on_error=lambda exc: UNEXPECTED)
    return redirect(url_for("jobs.show", job_id=job.id), 303)


def _ingest_all(app: Flask, lib: Library, items: list[tuple[str, bytes]],
                meta: dict[str, str]) -> Work:
    """Return the job that stores, parses and indexes the files, reporting each."""
    def work(progress: Progress) -> list[FileReport]:
        reports = []
        for i, (name, data) in enumerate(items):
            scan = " (bản quét được nhận dạng ký tự, vài giây mỗi trang)" if name.lower(
                ).endswith(".pdf") else ""
            progress(f"Đang đọc tệp {i + 1}/{len(items)}: {name}{scan}", i)
            reports.append(_ingest(app, lib, name, data, meta))
        progress("Đang tính quan hệ và hiệu lực…", len(items))
        if any(r.ok for r in reports):
            lib.warm()  # relations and statuses now, so that page views stay fast
        return reports
    return work


def _ingest(app: Flask, lib: Library, name: str, data: bytes,
            meta: dict[str, str]) -> FileReport:
    """Store, parse and index one file; a file that fails is removed, never left unindexed."""
    cfg = app.config
    report = ingest_upload(cfg["UPLOAD_FOLDER"], name, data, meta, cfg["MAX_FILE_BYTES"])
    if not report.ok:
        return report
    stored = Path(cfg["UPLOAD_FOLDER"]) / report.stored
    try:
        report.replaced = [d.ref for d in report.documents
                           if lib.kb.document(d.doc_id) is not None]
        lib.add(report.documents)
    except StoreBusy:
        discard(stored)
        return FileReport(name, False, BUSY)
    except Exception:  # noqa: BLE001 - the job's edge: one file's failure is reported
        discard(stored)
        app.logger.exception("upload of %r failed", name)
        return FileReport(name, False, UNEXPECTED)
    app.logger.info("upload %r -> %s", name, [d.doc_id for d in report.documents])
    return report


def job_result(job: JobState) -> Any:
    """Return the upload page showing a finished upload job's reports."""
    if job.state == "failed":
        flash(job.error, "error")
        return _page(status=500)
    return _page(job.result)
