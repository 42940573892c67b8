"""Bytes -> str for plain text and HTML: byte-order marks, UTF-8/16, Windows code pages.

Vietnamese text files come as UTF-8 (today), UTF-16 (Notepad "Unicode"), Windows-1258 (the
Vietnamese code page, with combining tone marks) or 8-bit legacy fonts (TCVN3/VNI, which read
as Windows-1252 mojibake).  Without a BOM or a valid UTF-8 reading, the single-byte candidates
are compared by how many words come out as Vietnamese syllables.
"""

from __future__ import annotations

import codecs
import unicodedata

from . import legacy

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name) of bytes: BOM, declared charset, UTF-8, UTF-16, 1258/1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    for name in (_codec(declared), "utf-8", _utf16_guess(data)):
        if name:
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                continue
    return _best_single_byte(data)


def _codec(name: str | None) -> str | None:
    """Return a Python codec name for a declared charset, or None if unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def _utf16_guess(data: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when every other byte is mostly zero, else None."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return "utf-16-le" if odd > even else "utf-16-be"


def _best_single_byte(data: bytes) -> tuple[str, str]:
    """Return the Windows-1258 or Windows-1252 reading that looks most like Vietnamese."""
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    cp1252 = legacy.decode_cp1252(data)
    legacy_name, legacy_score, _ = legacy.guess_encoding(cp1252)
    score_1258, _ = legacy.vietnamese_ratio(cp1258)
    if legacy_name and legacy_score > score_1258:
        return cp1252, "cp1252"  # the legacy repair step converts it
    return cp1258, "cp1258"
