"""Highlight search terms in document text, accent-insensitively, on escaped text.

The text is never trusted: each piece is HTML-escaped and only the <mark> tags we add are
markup.  A query word matches a text word when both fold to the same letters (diacritics,
đ/d, case and tone placement ignored), so "via he" marks "vỉa hè".
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

from ingest.ids import ascii_fold

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Words of a query that are syntax, not content: article references and field prefixes.
SYNTAX_WORDS = {"dieu", "khoan", "diem", "chuong", "muc", "so", "ngay"}


def fold(word: str) -> str:
    """Return the comparison form of a word: NFC, no diacritics, lower case."""
    return ascii_fold(unicodedata.normalize("NFC", word)).lower()


def query_terms(query: str) -> set[str]:
    """Return the folded content words of a query (no one-letter words, no bare numbers)."""
    words = [fold(w) for w in WORD_RE.findall(query or "")]
    terms = {w for w in words if len(w) > 1 and not w.isdigit() and w not in SYNTAX_WORDS}
    return terms or {w for w in words if w and not w.isdigit()}


def highlight(text: str, terms: set[str]) -> Markup:
    """Return escaped text with runs of matching words wrapped in <mark>."""
    if not terms or not text:
        return escape(text or "")
    spans = _merged_spans(text, terms)
    out, pos = [], 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _merged_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Return (start, end) of matching words, neighbours joined across plain spaces."""
    spans: list[tuple[int, int]] = []
    for m in WORD_RE.finditer(text):
        if fold(m.group(0)) not in terms:
            continue
        if spans and not text[spans[-1][1]:m.start()].strip(" "):
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans


def has_match(text: str, terms: set[str]) -> bool:
    """Return True when any word of text matches a term."""
    return any(fold(w) in terms for w in WORD_RE.findall(text or ""))
