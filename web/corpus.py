"""Keep the knowledge base in step with the corpus folders (used by `phapquy serve`).

A manifest in the data folder remembers, per corpus file, its size, mtime, SHA-256 and the
documents it gave.  On start: with no index, everything (corpus and earlier uploads) is
loaded and indexed in one rebuild; otherwise only new or changed files are parsed and added,
and documents of deleted files are removed.  A file that fails is reported and skipped: it
never stops the others.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.models import Document
from ingest.pipeline import iter_files, load_outcome
from ingest.summary import summary_line
from search import KnowledgeBase
from web.uploads import stored_uploads

MANIFEST = "corpus-manifest.json"
Echo = Callable[[str], None]


@dataclass
class SyncReport:
    """What a corpus sync did."""

    loaded: list[tuple[Path, list[Document]]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        """Return True when the index was written."""
        return bool(self.loaded or self.removed or self.rebuilt)


def file_hash(path: Path) -> str:
    """Return the SHA-256 of a file's bytes in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(home: Path) -> dict[str, dict[str, Any]]:
    """Return the manifest saved in the data folder ({} when absent or unreadable)."""
    try:
        data = json.loads((home / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("files", {}) if isinstance(data, dict) else {}


def write_manifest(home: Path, files: dict[str, dict[str, Any]]) -> None:
    """Save the manifest atomically."""
    tmp = home / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps({"files": files}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, home / MANIFEST)


def _stat(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def is_unchanged(path: Path, entry: dict[str, Any] | None) -> bool:
    """Return True when a file matches its manifest entry (size+mtime, else its hash)."""
    if not entry:
        return False
    if all(entry.get(k) == v for k, v in _stat(path).items()):
        return True
    return entry.get("sha256") == file_hash(path)


def _load(path: Path, max_bytes: int, report: SyncReport, echo: Echo) -> list[Document] | None:
    """Parse one file, reporting the result; None when it failed."""
    outcome = load_outcome(path, max_bytes=max_bytes)
    if outcome.error is not None:
        report.failed.append((path, str(outcome.error)))
        echo(f"  lỗi  {outcome.error}")
        return None
    docs = list(outcome.documents)
    report.loaded.append((path, docs))
    for doc in docs:
        echo(f"  ok   {path.name}: {summary_line(doc)}")
    return docs


def _entry(path: Path, docs: list[Document]) -> dict[str, Any]:
    return {**_stat(path), "sha256": file_hash(path), "doc_ids": [d.doc_id for d in docs]}


def sync_corpus(kb: KnowledgeBase, paths: list[Path], home: Path, *, max_bytes: int,
                uploads: Path | None = None, echo: Echo = print) -> SyncReport:
    """Bring the index up to date with the corpus files; return what was done."""
    files = iter_files([p for p in paths if p.exists()])
    if kb.stats().get("documents", 0) == 0:
        return _rebuild(kb, files, home, max_bytes, uploads, echo)
    manifest, report = read_manifest(home), SyncReport()
    new_manifest, docs = _changed(files, manifest, max_bytes, report, echo)
    if docs:
        kb.add(docs)
    _remove_gone(kb, manifest, new_manifest, report, echo)
    write_manifest(home, new_manifest)
    return report


def _changed(files: list[Path], manifest: dict, max_bytes: int, report: SyncReport,
             echo: Echo) -> tuple[dict, list[Document]]:
    """Return the new manifest and the documents of the files that are new or changed."""
    new_manifest: dict[str, dict[str, Any]] = {}
    docs: list[Document] = []
    for path in files:
        key = str(path.resolve())
        if is_unchanged(path, manifest.get(key)):
            report.unchanged += 1
            new_manifest[key] = {**manifest[key], **_stat(path)}
            continue
        echo(f"Nạp {path}")
        loaded = _load(path, max_bytes, report, echo)
        if loaded is not None:
            docs += loaded
            new_manifest[key] = _entry(path, loaded)
    return new_manifest, docs


def _remove_gone(kb: KnowledgeBase, old: dict, new: dict, report: SyncReport, echo: Echo) -> None:
    """Remove documents whose files left the corpus (unless another file still gives them)."""
    kept = {d for entry in new.values() for d in entry.get("doc_ids", [])}
    for key, entry in old.items():
        if key in new:
            continue
        for doc_id in entry.get("doc_ids", []):
            if doc_id not in kept and kb.remove(doc_id):
                report.removed.append(doc_id)
                echo(f"  xoá  {doc_id} (tệp {key} không còn trong corpus)")


def _rebuild(kb: KnowledgeBase, files: list[Path], home: Path, max_bytes: int, uploads: Path | None,
             echo: Echo) -> SyncReport:
    """Load every corpus file (and stored uploads) and build the index in one go."""
    report, manifest, docs = SyncReport(rebuilt=True), {}, []
    echo(f"Chưa có chỉ mục: nạp {len(files)} tệp của corpus…")
    for path in files:
        loaded = _load(path, max_bytes, report, echo)
        if loaded is not None:
            docs += loaded
            manifest[str(path.resolve())] = _entry(path, loaded)
    for path in stored_uploads(uploads):
        docs += _load(path, max_bytes, report, echo) or []
    kb.rebuild(docs)
    write_manifest(home, manifest)
    return report


def summary(report: SyncReport) -> str:
    """Return a one-line Vietnamese summary of a sync."""
    docs = sum(len(d) for _, d in report.loaded)
    return (f"Đã nạp {docs} văn bản từ {len(report.loaded)} tệp; {len(report.failed)} tệp lỗi; "
            f"{report.unchanged} tệp không đổi; {len(report.removed)} văn bản bị gỡ.")
