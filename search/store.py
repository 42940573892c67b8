"""The data folder's search files: document records, index generations, the writer lock.

Layout under home:

    records/<doc_id>-<digest>.json   one document record (ingest.serialize), never rewritten
    index/CURRENT                    the name of the live index folder, replaced atomically
    index/gen-000001/                a Whoosh index (the live one, and the previous one)
    search-state.json                last ingest time
    search.lock                      held by the one writer (fcntl), released if it dies

Records are written under a new name before the index that names them is committed, so a
reader never meets an index entry whose record is missing, and a crash leaves at worst an
unreferenced file, removed by the next writer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from ingest.models import Document
from ingest.serialize import document_from_dict, document_to_dict

POINTER = "CURRENT"
GEN_PREFIX = "gen-"
LOCK_WAIT_S = 120.0


class StoreBusy(RuntimeError):
    """Another process is writing to the knowledge base."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Store:
    """Paths and files of one data folder."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.records = self.home / "records"
        self.index_root = self.home / "index"

    # --- records -------------------------------------------------------------------------

    def save(self, doc: Document) -> str:
        """Write a document record (if not already there); return its file name."""
        data = json.dumps(document_to_dict(doc), ensure_ascii=False, sort_keys=True).encode()
        name = f"{doc.doc_id}-{hashlib.sha1(data).hexdigest()[:12]}.json"
        path = self.records / name
        if not path.exists():
            write_atomic(path, data)
        return name

    def keep_original(self, doc: Document) -> None:
        """Copy the file a document came from into originals/ (once per content digest), so
        its page can offer it after the corpus file moves or the upload is replaced."""
        src = doc.source
        if src is None or not src.sha256 or src.format == "json":
            return
        target = self.original_path(doc)
        path = Path(src.path)
        if target is None or target.exists() or not path.is_file():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)

    def original_path(self, doc: Document) -> Path | None:
        """Return where the original file of a document is kept (None for bulk records)."""
        src = doc.source
        if src is None or not src.sha256 or src.format == "json":
            return None
        suffix = Path(src.path).suffix.lower()[:8]
        return self.home / "originals" / f"{src.sha256}{suffix}"

    def load(self, name: str) -> Document | None:
        """Return the document of a record file, or None if it is gone."""
        try:
            data = json.loads((self.records / name).read_bytes())
        except FileNotFoundError:
            return None
        return document_from_dict(data)

    def prune(self, keep: set[str]) -> int:
        """Delete record files not named in `keep`; return how many were deleted."""
        removed = 0
        for path in self.records.glob("*.json"):
            if path.name not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    # --- index generations ---------------------------------------------------------------

    def current(self) -> Path | None:
        """Return the live index folder, or None before the first index is written."""
        try:
            name = (self.index_root / POINTER).read_text().strip()
        except FileNotFoundError:
            return None
        path = self.index_root / name
        return path if name and path.is_dir() else None

    def pointer_stamp(self) -> tuple[int, int] | None:
        """Return (mtime, inode) of the pointer file: changes whenever a swap happens."""
        try:
            st = (self.index_root / POINTER).stat()
        except FileNotFoundError:
            return None
        return st.st_mtime_ns, st.st_ino

    def write_stamp(self) -> tuple:
        """Return what changes after any write by any process: the pointer and the state file
        (rewritten, under a new inode, at the end of every write)."""
        try:
            st = (self.home / "search-state.json").stat()
            state = (st.st_mtime_ns, st.st_ino)
        except FileNotFoundError:
            state = None
        return self.pointer_stamp(), state

    def clean_half_built(self) -> int:
        """Delete generations an interrupted rebuild left (never made live); return how many.

        Runs only when no writer holds the lock (a rebuild in progress is never touched).
        """
        try:
            with self.writing(wait_s=0):
                current = self.current()
                live = int(current.name[len(GEN_PREFIX):]) if current else 0
                stale = [p for p in self._generations() if int(p.name[len(GEN_PREFIX):]) > live]
                for path in stale:
                    shutil.rmtree(path, ignore_errors=True)
                return len(stale)
        except StoreBusy:
            return 0

    def new_generation(self) -> Path:
        """Create and return an empty folder for the next index generation."""
        self.index_root.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name[len(GEN_PREFIX):]) for p in self._generations()]
        path = self.index_root / f"{GEN_PREFIX}{max(numbers, default=0) + 1:06d}"
        path.mkdir()
        return path

    def swap(self, generation: Path) -> None:
        """Make `generation` the live index (atomic pointer replace); drop older folders."""
        previous = self.current()
        write_atomic(self.index_root / POINTER, generation.name.encode())
        keep = {generation.name} | ({previous.name} if previous else set())
        for path in self._generations():
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def _generations(self) -> list[Path]:
        if not self.index_root.is_dir():
            return []
        return [p for p in self.index_root.iterdir()
                if p.is_dir() and p.name.startswith(GEN_PREFIX) and p.name[4:].isdigit()]

    # --- state and lock ------------------------------------------------------------------

    def state(self) -> dict:
        """Return the saved search state ({"last_ingest": iso str}), empty if none."""
        try:
            return json.loads((self.home / "search-state.json").read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def touch_ingest(self, warning: str | None = None,
                     statuses_as_of: date | None = None) -> None:
        """Record now as the last ingest time (and the write's warning, if any), and the day
        every stored validity status was computed for, when this write computed them all."""
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        data = {**self.state(), "last_ingest": now, "warning": warning}
        if statuses_as_of is not None:
            data["statuses_as_of"] = statuses_as_of.isoformat()
        write_atomic(self.home / "search-state.json", json.dumps(data).encode())

    @contextlib.contextmanager
    def writing(self, wait_s: float | None = None) -> Iterator[None]:
        """Hold the data folder's writer lock (one writer at a time) for the block, waiting
        at most wait_s seconds (default LOCK_WAIT_S) before StoreBusy."""
        wait_s = LOCK_WAIT_S if wait_s is None else wait_s
        import fcntl

        self.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.home / "search.lock", os.O_CREAT | os.O_WRONLY, 0o644)
        try:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreBusy(str(self.home)) from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)
