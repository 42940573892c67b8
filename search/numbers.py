"""Document numbers (số hiệu) and article references typed in any common spelling.

A document number is an identifier, not prose: `32/2024/NĐ-CP`, `32/2024/ND-CP`,
`32 /2024/ NĐ-CP`, `nđ 32/2024`, `nghị định 32/2024`, `NĐ32/2024`, `thong tu 14/2024`,
`TT14/2024`, `36/2005/QH11`, and `nđ 168` (number without year) all name one document.
`find_numbers` finds such references in a query; `NumberIndex` resolves them to documents.
Article references ("điểm e khoản 2 điều 12", "dieu 17") are found by `find_article_ref`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ingest.ids import slugify

# Document types: slug -> (spellings a user types, folded; codes in the number's suffix).
DOC_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "nghi-dinh": (("nghi dinh", "nd"), ("nd",)),
    "thong-tu-lien-tich": (("thong tu lien tich", "ttlt"), ("ttlt",)),
    "thong-tu": (("thong tu", "tt"), ("tt",)),
    "quyet-dinh": (("quyet dinh", "qd"), ("qd",)),
    "nghi-quyet": (("nghi quyet", "nq"), ("nq",)),
    "chi-thi": (("chi thi", "ct"), ("ct",)),
    "bo-luat": (("bo luat", "bl"), ()),
    "luat": (("luat",), ("qh",)),
    "phap-lenh": (("phap lenh", "pl"), ("ubtvqh",)),
    "ke-hoach": (("ke hoach", "kh"), ("kh",)),
    "cong-van": (("cong van", "cv"), ()),
    "hien-phap": (("hien phap",), ()),
}

_FOLDS = {"đ": "d", "Đ": "D"}


def _fold_char(c: str) -> str:
    """Return a lowercase character without its diacritics, if its base is ASCII."""
    c = _FOLDS.get(c, c)
    base = unicodedata.normalize("NFD", c)[:1] if not c.isascii() else c
    return base if base and base.isascii() else c


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Return the str.translate table of every character _fold_char changes."""
    return {cp: f for cp in range(0x80, 0x10000) if (f := _fold_char(chr(cp))) != chr(cp)}


def fold_chars(text: str) -> str:
    """Return lowercase text with diacritics removed, one character for one (spans align)."""
    return text.lower().translate(_fold_table())


def _alternation(words: list[str]) -> str:
    """Return a regex alternation of folded phrases (longest first), spaces optional."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s*".join(map(re.escape, w.split())) for w in ordered)


_TYPE_WORDS = {w: slug for slug, (ws, _) in DOC_TYPES.items() for w in ws}
# the pattern lets spaces go ("quyetdinh 12"): look the words up without them
_TYPE_SQUASHED = {w.replace(" ", ""): slug for w, slug in _TYPE_WORDS.items()}
_TYPE_RE = _alternation(list(_TYPE_WORDS))
_CODE = r"[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*"
_FULL = re.compile(
    rf"(?<![\w/])(\d{{1,5}}[a-z]?)\s*/\s*(\d{{4}})\s*/\s*({_CODE})(?![\w/])")
_NOYEAR = re.compile(rf"(?<![\w/])(\d{{1,5}})\s*/\s*([a-z]+-{_CODE}|qh\d+|cp|ttg)(?![\w/])")
_TYPED = re.compile(
    rf"(?<![\w/])({_TYPE_RE})\s*(?:so\s*)?(\d{{1,5}}[a-z]?)"
    rf"(?:\s*/\s*(\d{{4}}))?(?:\s*/\s*({_CODE}))?(?![\w/])")
_BARE = re.compile(r"(?<![\w/])(\d{1,5})\s*/\s*(\d{4})(?![\w/])")


@dataclass(frozen=True)
class NumberRef:
    """A document number as typed: parts normalised, and where it sits in the query."""

    num: str  # "32", leading zeros dropped
    year: str | None = None  # "2024"
    code: str | None = None  # folded suffix "nd-cp", "qh11"
    type_slug: str | None = None  # "nghi-dinh" from a type word or the code
    start: int = 0
    end: int = 0

    @property
    def key(self) -> str | None:
        """Return the full normalised number '32/2024/nd-cp', or None when a part is missing."""
        if self.code is None:
            return None
        return "/".join(p for p in (self.num, self.year, self.code) if p)


def _num(text: str) -> str:
    return text.lstrip("0") or "0"


def code_type(code: str | None) -> str | None:
    """Return the type slug a number's suffix implies: 'nd-cp' -> 'nghi-dinh'."""
    if not code:
        return None
    head = re.sub(r"\d+$", "", code.split("-")[0])
    for slug, (_, codes) in DOC_TYPES.items():
        if head in codes:
            return slug
    return None


def find_numbers(text: str) -> list[NumberRef]:
    """Return the document-number references in a query, in order of appearance."""
    q = fold_chars(text)
    found: list[NumberRef] = []
    taken: list[tuple[int, int]] = []

    def add(ref: NumberRef) -> None:
        if all(ref.end <= a or ref.start >= b for a, b in taken):
            found.append(ref)
            taken.append((ref.start, ref.end))

    for m in _TYPED.finditer(q):
        t = _TYPE_SQUASHED[re.sub(r"\s+", "", m.group(1))]
        add(NumberRef(_num(m.group(2)), m.group(3), m.group(4), t, m.start(), m.end()))
    for m in _FULL.finditer(q):
        add(NumberRef(_num(m.group(1)), m.group(2), m.group(3), code_type(m.group(3)),
                      m.start(), m.end()))
    for m in _NOYEAR.finditer(q):
        add(NumberRef(_num(m.group(1)), None, m.group(2), code_type(m.group(2)),
                      m.start(), m.end()))
    for m in _BARE.finditer(q):
        add(NumberRef(_num(m.group(1)), m.group(2), None, None, m.start(), m.end()))
    return sorted(found, key=lambda r: r.start)


def parse_number(number: str) -> NumberRef | None:
    """Return the parts of a document's own number ('32/2024/NĐ-CP'), or None."""
    refs = find_numbers(number)
    return refs[0] if refs else None


def type_slug(doc_type: str | None) -> str | None:
    """Return the URL/filter slug of a document type: 'Thông tư' -> 'thong-tu'."""
    return slugify(doc_type) if doc_type else None


@dataclass(frozen=True)
class DocEntry:
    """What number resolution needs to know about a document."""

    doc_id: str
    number: str | None
    doc_type: str | None
    year: int | None = None


class NumberIndex:
    """Resolves NumberRefs to document ids over a fixed set of documents."""

    def __init__(self, entries: list[DocEntry]) -> None:
        self.entries = entries
        self._parts = []  # (entry, its parsed number, its type slug)
        self._by_num: dict[str, list[int]] = {}
        for entry in entries:
            own = parse_number(entry.number) if entry.number else None
            if own is not None:
                self._by_num.setdefault(own.num, []).append(len(self._parts))
                self._parts.append((entry, own, _entry_type(entry, own)))

    def candidates(self, ref: NumberRef) -> list[DocEntry]:
        """Return the documents a reference can name: its number, year and code theirs,
        and its type theirs, except where a whole code names them (a type said or implied
        then only chooses among them: 91/2015/QH13 is a Bộ luật, 81/2014/QH13 a Nghị
        quyết, though QH reads as Luật)."""
        found = []
        for i in self._by_num.get(ref.num, ()):
            entry, own, kind = self._parts[i]
            if (not ref.year or own.year == ref.year) and (not ref.code or own.code == ref.code):
                found.append((entry, kind))
        typed = [e for e, kind in found if not ref.type_slug or kind == ref.type_slug]
        return (typed or [e for e, _ in found]) if ref.code else typed

    def resolve(self, ref: NumberRef) -> DocEntry | None:
        """Return the one document the reference names, or None if none or ambiguous."""
        hits = self.candidates(ref)
        return hits[0] if len(hits) == 1 else None

    def closest(self, ref: NumberRef, limit: int = 3) -> list[DocEntry]:
        """Return documents whose number is nearest to a reference that resolved to nothing."""
        scored = []
        for entry, own, kind in self._parts:
            score = (own.num == ref.num) * 4 + (own.year == ref.year) * 2
            score += (ref.type_slug == kind) * 1
            if score >= 2:
                scored.append((-score, entry.number or "", entry))
        return [e for _, _, e in sorted(scored, key=lambda t: t[:2])[:limit]]


def _entry_type(entry: DocEntry, own: NumberRef) -> str | None:
    """Return a document's type slug: its stated type, else what its number's code implies."""
    stated = type_slug(entry.doc_type)
    implied = code_type(own.code)
    if stated and stated in DOC_TYPES:
        return stated
    return implied or stated


# --- article references ---------------------------------------------------------------

_ARTICLE = re.compile(
    r"(?<!\w)(?:(?:diem)\s+([a-z]\d?)\s*,?\s*(?:cua\s+)?)?"
    r"(?:(?:khoan\s+|k\.?\s*)(\d{1,3}[a-z]?)\s*,?\s*(?:cua\s+)?)?"
    r"(?:dieu|d\.?)\s*(\d{1,4}[a-z]?)(?![\w/])")  # Đ13, đ.13, K2 Đ8: officers' short forms


@dataclass(frozen=True)
class ArticleRef:
    """A reference to an article, optionally down to a clause and point."""

    article: str  # "12", "5a"
    clause: str | None = None  # "2"
    point: str | None = None  # "e", "đ"
    start: int = 0
    end: int = 0


def find_article_ref(text: str) -> ArticleRef | None:
    """Return the first article reference in a query ('khoản 2 điều 8'), or None."""
    low = unicodedata.normalize("NFC", text).lower()
    m = _ARTICLE.search(fold_chars(low))
    if m is None:
        return None
    point = low[m.start(1):m.end(1)] if m.group(1) else None
    return ArticleRef(m.group(3), m.group(2), point, m.start(), m.end())
