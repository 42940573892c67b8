"""Highlight search terms in document text, on escaped text.

The text is never trusted: each piece is HTML-escaped and only the <mark> tags we add are
markup.  A query word typed without diacritics matches accent-insensitively ("via he" marks
"vỉa hè"); a word typed with them matches the same word whatever the tone placement
("hoà" marks "hòa") but not another word that folds alike ("bán" does not mark "bàn").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from search.text import canonical_tone, fold

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Words of a query that are syntax, not content: article references and connectors.
SYNTAX_WORDS = {"dieu", "khoan", "diem", "chuong", "muc", "so", "ngay"}


@dataclass(frozen=True)
class Terms:
    """Query words to mark: exact (accented, canonical tone) and folded (typed without)."""

    exact: frozenset[str] = field(default_factory=frozenset)
    folded: frozenset[str] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.exact or self.folded)

    def matches(self, word: str) -> bool:
        """Return True when a word of the text is one of the query words."""
        low = unicodedata.normalize("NFC", word).lower()
        return fold(low) in self.folded or canonical_tone(low) in self.exact


def query_terms(query: str) -> Terms:
    """Return the content words of a query (no one-letter words, numbers or reference words)."""
    words = [unicodedata.normalize("NFC", w).lower() for w in WORD_RE.findall(query or "")]
    content = [w for w in words if not w.isdigit() and fold(w) not in SYNTAX_WORDS]
    kept = [w for w in content if len(w) > 1] or content
    exact = frozenset(canonical_tone(w) for w in kept if w != fold(w))
    folded = frozenset(w for w in kept if w == fold(w))
    return Terms(exact, folded)


def highlight(text: str, terms: Terms) -> Markup:
    """Return escaped text with runs of matching words wrapped in <mark>."""
    if not terms or not text:
        return escape(text or "")
    out, pos = [], 0
    for start, end in _merged_spans(text, terms):
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _merged_spans(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Return (start, end) of matching words, neighbours joined across plain spaces."""
    spans: list[tuple[int, int]] = []
    for m in WORD_RE.finditer(text):
        if not terms.matches(m.group(0)):
            continue
        if spans and not text[spans[-1][1]:m.start()].strip(" "):
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans
