"""Metadata from outside the header block: Pháp điển source notes and the file name.

A Pháp điển note names the document each article comes from:
"[Nguồn pháp điển: Điều 34.11.LQ.1; (Điều 1 Luật số 36/2005/QH11 Thương mại ngày 14/06/2005
của Quốc hội, có hiệu lực thi hành kể từ ngày 01/01/2006)]". Notes also name amending
documents, so the document's own number is the one most notes cite.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .dates import DATE_SLASH, make_date
from .doctypes import ISSUER_CODES, TYPES
from .ids import ascii_fold
from .numbers import canonical_number

_TYPE_NAMES = "|".join(sorted(TYPES, key=len, reverse=True))
_CITED = re.compile(
    rf"\((?:Điều|Khoản|Điểm|Mục|Chương|Phụ lục)\s+\S+\s+(?P<type>{_TYPE_NAMES})\s+số\s+"
    r"(?P<number>[^\s,;()]+)(?P<rest>[^()]*)"
)
_OWN = re.compile(rf"^\s*(?P<title>.*?)\s*ngày\s+{DATE_SLASH}\s+của\s+(?P<issuer>[^,)]+)")
_EFFECTIVE = re.compile(rf"^[^()]*?có hiệu lực thi hành kể từ ngày\s+{DATE_SLASH}")
_FILE_PREFIX = {
    "nd": ("Nghị định", "NĐ-CP"), "tt": ("Thông tư", "TT"), "ttlt": ("Thông tư liên tịch", "TTLT"),
    "qd": ("Quyết định", "QĐ"), "nq": ("Nghị quyết", "NQ"), "ct": ("Chỉ thị", "CT"),
    "kh": ("Kế hoạch", "KH"), "luat": ("Luật", ""), "bo-luat": ("Bộ luật", ""),
    "phap-lenh": ("Pháp lệnh", ""), "tb": ("Thông báo", "TB"), "hd": ("Hướng dẫn", "HD"),
}
_FILE = re.compile(r"^(bo-luat|phap-lenh|[a-z]+)-(\d{1,5})-(\d{4})(?:-([a-z]+\d*))?")
_ISSUER_BY_FOLD = {ascii_fold(code).lower(): code for code in ISSUER_CODES}


@dataclass
class Sourced:
    """Metadata found outside the header (None when not found)."""

    number: str | None = None
    doc_type: str | None = None
    title: str | None = None
    issued: date | None = None
    issuer: str | None = None
    effective_from: date | None = None


def _citations(notes: list[str]) -> list[re.Match[str]]:
    return [m for note in notes for m in _CITED.finditer(note)]


def from_notes(notes: list[str]) -> Sourced:
    """Return what the Pháp điển notes say about the document most of them cite."""
    cites = _citations(notes)
    if not cites:
        return Sourced()
    counts = Counter(canonical_number(m.group("number")) or m.group("number") for m in cites)
    number = counts.most_common(1)[0][0]
    own = [m for m in cites if (canonical_number(m.group("number")) or m.group("number")) == number]
    found = Sourced(number=number, doc_type=own[0].group("type"))
    for m in own:
        _fill_from_citation(found, m.group("rest"))
    return found


def _fill_from_citation(found: Sourced, rest: str) -> None:
    """Fill title, date, issuer and effective date from the words after a cited number."""
    m = _OWN.match(rest)
    if m and found.issued is None:
        found.title = m.group("title").strip() or None
        found.issued = make_date(m.group(2), m.group(3), m.group(4))
        found.issuer = m.group("issuer").strip()
    m = _EFFECTIVE.match(rest)
    if m and found.effective_from is None:
        found.effective_from = make_date(m.group(1), m.group(2), m.group(3))


def from_filename(name: str) -> Sourced:
    """Return the number and type a file name spells: 'nd-168-2024-...' -> 168/2024/NĐ-CP."""
    stem = ascii_fold(name).lower().split(".")[0]
    m = _FILE.match(stem)
    if not m or m.group(1) not in _FILE_PREFIX:
        return Sourced()
    doc_type, code = _FILE_PREFIX[m.group(1)]
    issuer = m.group(4) or ""
    if code == "NĐ-CP":
        suffix = code
    elif re.fullmatch(r"qh\d+", issuer):
        suffix = issuer.upper() if not code else f"{code}-{issuer.upper()}"
    elif issuer in _ISSUER_BY_FOLD and code:
        suffix = f"{code}-{_ISSUER_BY_FOLD[issuer]}"
    else:
        return Sourced(doc_type=doc_type)
    raw = f"{m.group(2)}/{m.group(3)}/{suffix}"
    return Sourced(number=canonical_number(raw) or raw, doc_type=doc_type)
