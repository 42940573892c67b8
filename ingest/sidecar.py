"""Metadata sidecar files: `<name>.meta.toml` next to a document.

Format (TOML, every key optional; corpus/README.md documents it for users):

    number = "168/2024/NĐ-CP"
    doc_type = "Nghị định"
    issuer = "Chính phủ"
    title = "Quy định xử phạt vi phạm hành chính ..."
    issued = 2024-12-26            # a TOML date, or "2024-12-26" / "26/12/2024"
    effective_from = 2025-01-01
    place = "Hà Nội"
    signer = "Trần Hồng Hà"
    signer_title = "Phó Thủ tướng"

Values given here win over what the text says.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import CorruptFile

SUFFIX = ".meta.toml"


def sidecar_paths(path: Path) -> list[Path]:
    """Return where a document's sidecar may be: 'x.meta.toml', then 'x.pdf.meta.toml'."""
    return [path.with_name(path.stem + SUFFIX), path.with_name(path.name + SUFFIX)]


def is_sidecar(path: Path) -> bool:
    """Return True for a sidecar file name."""
    return path.name.lower().endswith(SUFFIX)


def find_sidecar(path: Path) -> Path | None:
    """Return the sidecar file of a document, or None."""
    return next((p for p in sidecar_paths(path) if p.is_file()), None)


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """Return the sidecar values of a document (None if it has none); CorruptFile if broken."""
    found = find_sidecar(path)
    if found is None:
        return None
    try:
        data = tomllib.loads(found.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorruptFile(found, f"tệp mô tả TOML không hợp lệ: {exc}") from exc
    return {k: v.date() if isinstance(v, datetime) else v for k, v in data.items()}
