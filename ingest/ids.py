"""Stable, URL-safe identifiers for documents."""

from __future__ import annotations

import re
import unicodedata


def ascii_fold(text: str) -> str:
    """Return text without Vietnamese diacritics (đ -> d), case kept."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def slugify(text: str) -> str:
    """Return a lowercase ASCII slug: '32/2024/NĐ-CP' -> '32-2024-nd-cp'."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower())
    return slug.strip("-") or "van-ban"
