"""Document numbers (số hiệu) as written in text: find them, canonicalise them, compare them.

One canonicaliser for the project: "Nghị định số 32/2024/ND-CP", "32 / 2024 / NĐ-CP" and
"9/2019/nđ-cp" all become the canonical "32/2024/NĐ-CP" / "09/2019/NĐ-CP"; `number_key`
gives the folded key two spellings of one number share.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .ids import ascii_fold

# Suffix dashes: ASCII/en dash (maybe before a line break), U+FFFE/U+00AD from PDF breaks.
NUMBER_RE = re.compile(
    r"(?<![\w/])(\d{1,4})\s*/\s*(\d{4})\s*/\s*"
    r"([A-Za-zĐđ][A-Za-zĐđ0-9]*(?:(?:[-\u2013\u2010\u2011][ \t]?\n?|[\ufffe\u00ad]\s*)"
    r"[A-Za-zĐđ][A-Za-zĐđ0-9]*)*)"
)
# Suffix segments whose canonical spelling is not plain upper case.
_SEGMENTS = {
    "ND": "NĐ", "QD": "QĐ", "TTG": "TTg", "HDND": "HĐND", "BCD": "BCĐ", "UBTVQH": "UBTVQH",
    "CTN": "CTN",
}


def _segment(seg: str) -> str:
    """Return one suffix segment in canonical spelling ('nd' -> 'NĐ', 'TTG' -> 'TTg')."""
    folded = ascii_fold(seg).upper()
    if folded in _SEGMENTS:
        return _SEGMENTS[folded]
    if re.fullmatch(r"QH\d+", folded):
        return folded
    return seg.upper() if "đ" in seg.lower() else folded


def _suffix(raw: str) -> str:
    """Return a number's suffix with canonical segments joined by '-'."""
    parts = [p for p in re.split(r"\s*[-\u2013\u2010\u2011\ufffe\u00ad]\s*", raw.strip()) if p]
    return "-".join(_segment(p) for p in parts)


@lru_cache(maxsize=65536)  # relation graphs compare the same few hundred spellings often
def canonical_number(text: str) -> str | None:
    """Return the canonical number found in text ('Thông tư 14/2024/tt-bct' -> '14/2024/TT-BCT')."""
    m = NUMBER_RE.search(unicodedata.normalize("NFC", text or ""))
    if not m:
        return None
    return f"{int(m.group(1)):02d}/{m.group(2)}/{_suffix(m.group(3))}"


@lru_cache(maxsize=65536)
def number_key(text: str) -> str:
    """Return the comparison key of a number: '09/2019/NĐ-CP' -> '9/2019/nd-cp'.

    The one key of a document number in phapquy: the index, the relation graph and the
    evaluation compare numbers by it ('nđ 32/2024', which lacks its suffix, -> 'nd32/2024').
    """
    canon = canonical_number(text)
    if canon is None:  # a partial or unusual number: folded, without spaces
        return re.sub(r"\s+", "", ascii_fold(unicodedata.normalize("NFC", text)).lower())
    num, year, suffix = canon.split("/", 2)
    return f"{int(num)}/{year}/{ascii_fold(suffix).lower()}"
