"""The parse report: provision counts per level and numbering gaps or repeats."""

from __future__ import annotations

from collections import Counter

from .models import (
    ANNEX,
    ARTICLE,
    CHAPTER,
    CLAUSE,
    KIND_LABELS,
    PART,
    POINT,
    SECTION,
    SUBSECTION,
    Provision,
)
from .patterns import POINT_LETTERS, number_key, roman_value, to_roman

ORDER = (PART, CHAPTER, SECTION, SUBSECTION, ARTICLE, CLAUSE, POINT, ANNEX)


def counts(body: tuple[Provision, ...], annexes: tuple[Provision, ...]) -> tuple[
        tuple[str, int], ...]:
    """Return (kind, count) for every level present, outermost first; articles always."""
    found = Counter(p.kind for top in (*body, *annexes) for p in top.walk())
    return tuple((kind, found[kind]) for kind in ORDER if found[kind] or kind == ARTICLE)


def _label(kind: str, value: int) -> str:
    if kind == CHAPTER:
        return to_roman(value)
    if kind == POINT:
        return POINT_LETTERS[value] if 0 <= value < len(POINT_LETTERS) else str(value)
    return str(value)


def _value(p: Provision) -> int | None:
    if p.kind == CHAPTER:
        return roman_value(p.number) or None
    if p.kind == POINT:
        idx = POINT_LETTERS.find(p.number[:1])
        return idx if idx >= 0 and len(p.number) == 1 else None
    key = number_key(p.number)
    return key[0] if not key[1] and key[0] else None


def sequence_warnings(items: list[Provision], where: str = "") -> list[str]:
    """Return warnings for gaps and repeats in one run of sibling numbers."""
    out: list[str] = []
    prev: Provision | None = None
    seen: set[str] = set()
    for p in items:
        name = KIND_LABELS[p.kind]
        low = name if p.kind in (CHAPTER, ARTICLE) else name.lower()
        if p.number in seen:
            out.append(f"{name} {p.number} bị lặp lại{where}")
        seen.add(p.number)
        a, b = (_value(prev) if prev else None), _value(p)
        if a is not None and b is not None and b > a + 1:
            gap = _label(p.kind, a + 1) + ("" if b == a + 2 else f"–{_label(p.kind, b - 1)}")
            out.append(f"{name} {gap} bị thiếu giữa {low} {prev.number} và {low} {p.number}"
                       f"{where}")
        prev = p
    return out


def numbering_warnings(body: tuple[Provision, ...]) -> list[str]:
    """Return gap/repeat warnings for chapters, articles, clauses and points."""
    walk = [p for top in body for p in top.walk()]
    out = sequence_warnings([p for p in walk if p.kind == CHAPTER])
    out += sequence_warnings([p for p in walk if p.kind == ARTICLE])
    for article in (p for p in walk if p.kind == ARTICLE):
        for parent in article.walk():
            kids = [c for c in parent.children if c.kind in (CLAUSE, POINT)]
            where = parent.label + ("" if parent is article else f" {article.label}")
            for kind in (CLAUSE, POINT):
                same = [c for c in kids if c.kind == kind]
                out += sequence_warnings(same, f" ({where})") if len(same) > 1 else []
    return out
