"""Uploaded files: type checked by content, stored under generated names, then ingested.

No name or path from the user reaches the file system: a stored file is called
`<content digest>-<ascii slug of the original name>.<sniffed suffix>` inside the uploads
folder (survey reports go to its `surveys/` subfolder and are not documents).
Optional metadata is written beside it as the pipeline's sidecar (`<stored name>.meta.toml`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest.errors import IngestError
from ingest.extract import SUPPORTED, suffix_for
from ingest.ids import slugify
from ingest.models import Document
from ingest.pipeline import iter_files, load_path

SIDECAR_FIELDS = ("number", "doc_type", "issuer", "title", "issued", "effective_from")
UNKNOWN_TYPE = ("định dạng tệp không được hỗ trợ hoặc nội dung không khớp với đuôi tệp "
                "(hỗ trợ: " + ", ".join(SUPPORTED) + ")")


class UploadRejected(ValueError):
    """A file was refused before ingest; str() is the Vietnamese reason."""


@dataclass
class FileReport:
    """What happened to one uploaded file."""

    name: str  # the name the user gave, for display only
    ok: bool
    error: str = ""
    documents: list[Document] = field(default_factory=list)
    stored: str = ""
    replaced: list[str] = field(default_factory=list)  # numbers of documents it replaced


def stored_name(original: str, suffix: str, data: bytes) -> str:
    """Return a generated file name: content digest, ASCII slug of the original stem, suffix.

    The same file uploaded again gets the same name, so it replaces its first upload (and
    its document, when the text names no number) instead of becoming a second document.
    """
    stem = slugify(Path(original.replace("\\", "/")).stem)[:60]
    return f"{hashlib.sha256(data).hexdigest()[:16]}-{stem}{suffix}"


def sidecar_text(meta: dict[str, str]) -> str:
    """Return TOML for the metadata fields given (strings quoted, dates as ISO text)."""
    lines = []
    for key in SIDECAR_FIELDS:
        value = (meta.get(key) or "").strip()
        if value:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + ("\n" if lines else "")


def clean_metadata(form: dict[str, str]) -> dict[str, str]:
    """Return the metadata fields the form filled, dates checked (UploadRejected if bad)."""
    meta = {k: " ".join(str(form.get(k) or "").split()) for k in SIDECAR_FIELDS}
    for key in ("issued", "effective_from"):
        if meta[key]:
            try:
                date.fromisoformat(meta[key])
            except ValueError as exc:
                raise UploadRejected(f"ngày không hợp lệ: {meta[key]}") from exc
    return {k: v for k, v in meta.items() if v}


def store(folder: Path, original: str, data: bytes, meta: dict[str, str]) -> Path:
    """Save an upload under a generated name (and its sidecar); return the stored path."""
    suffix = suffix_for(original, data)
    if not suffix:
        raise UploadRejected(UNKNOWN_TYPE)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / stored_name(original, suffix, data)
    path.write_bytes(data)
    if meta:
        path.with_name(path.name + ".meta.toml").write_text(sidecar_text(meta), encoding="utf-8")
    return path


def stored_uploads(folder: Path | None) -> list[Path]:
    """Return the documents uploaded through the web app (not the survey reports beside)."""
    if folder is None or not folder.is_dir():
        return []
    return [p for p in iter_files([folder]) if p.parent == folder]


def discard(path: Path) -> None:
    """Remove a stored upload and its sidecar."""
    for p in (path, path.with_name(path.name + ".meta.toml")):
        p.unlink(missing_ok=True)


def ingest_upload(folder: Path, original: str, data: bytes, meta: dict[str, str],
                  max_bytes: int) -> FileReport:
    """Store and parse one upload; return its report (the file is removed if it fails)."""
    if not data:
        return FileReport(original, False, "tệp rỗng")
    try:
        path = store(folder, original, data, meta)
    except UploadRejected as exc:
        return FileReport(original, False, str(exc))
    try:
        docs = load_path(path, max_bytes=max_bytes)
    except IngestError as exc:
        discard(path)
        return FileReport(original, False, exc.reason + (f" ({exc.detail})" if exc.detail else ""))
    return FileReport(original, True, documents=docs, stored=path.name)
