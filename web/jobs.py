"""Long work off the request threads: uploads and report reading run as jobs.

A request that would take long (parsing and indexing uploaded files, reading an uploaded
survey report, later OCR) submits a job and answers at once with a redirect to the job's
page (`/viec/<id>`), which shows its progress and, when it is done, its result.  One worker
thread runs the jobs in turn, so request threads keep answering pages and `/healthz`.
Jobs live in memory: a restart forgets them (their files are cleaned up or kept as stated
by the work itself).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from flask import current_app

EXTENSION = "phapquy.jobs"
KEEP = 200  # finished jobs remembered (oldest forgotten first)


@dataclass(frozen=True)
class JobState:
    """Where a job stands: its state, a progress line, steps done of total, its result."""

    id: str
    kind: str  # "upload" | "survey": which page shows the result
    owner: int  # the user who started it (only they see it)
    title: str
    state: str = "queued"  # queued | running | done | failed
    message: str = "Đang chờ đến lượt…"
    done: int = 0
    total: int = 0
    result: Any = None
    error: str = ""
    started: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        """Return True once the job is done or failed."""
        return self.state in ("done", "failed")

    @property
    def percent(self) -> int:
        """Return the share of steps done, 0-100."""
        return int(100 * self.done / self.total) if self.total else 0


Progress = Callable[[str, int], None]  # (message, steps done)
Work = Callable[[Progress], Any]


class JobRunner:
    """Runs jobs one at a time on a worker thread and remembers their states."""

    def __init__(self, keep: int = KEEP) -> None:
        self._jobs: OrderedDict[str, JobState] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="phapquy-job")
        self._keep = keep

    def submit(self, kind: str, owner: int, title: str, total: int, work: Work,
               on_error: Callable[[BaseException], str]) -> JobState:
        """Queue work(progress) and return its first state; on_error words a failure."""
        job = JobState(secrets.token_urlsafe(12), kind, owner, title, total=total)
        self._set(job)
        self._pool.submit(self._run, job.id, work, on_error)
        return job

    def get(self, job_id: str, owner: int) -> JobState | None:
        """Return a job's state for its owner, or None."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def _run(self, job_id: str, work: Work, on_error: Callable[[BaseException], str]) -> None:
        self._update(job_id, state="running", message="Đang xử lý…")
        try:
            result = work(lambda message, done: self._update(job_id, message=message, done=done))
        except Exception as exc:  # noqa: BLE001 - the job's edge: reported on its page
            self._update(job_id, state="failed", error=on_error(exc))
            return
        job = self._get(job_id)
        self._update(job_id, state="done", result=result, done=job.total if job else 0,
                     message="Đã xong.")

    def _get(self, job_id: str) -> JobState | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _set(self, job: JobState) -> None:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = replace(job, **changes)


def runner() -> JobRunner:
    """Return the current app's job runner."""
    return current_app.extensions[EXTENSION]
