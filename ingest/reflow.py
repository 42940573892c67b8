"""Re-join the visual lines of a PDF into paragraphs, and drop running page furniture.

A PDF only knows lines.  A line continues the previous paragraph unless something says a new
one starts: the next line opens with a structural marker ("Điều 8.", "1.", "a)", "-") or is a
heading ("Chương II", "Phụ lục I" alone or before its title), the previous line is a bare
heading, the next line sits lower than the usual line pitch (paragraph spacing — except under
a full-width line that does not end a sentence: headings wrapped with wide line spacing), it
is centred or in a right-hand column, it is indented (first-line indent) under a line that
stopped short, or the previous line stopped short of the right margin although the next word
would have fitted.  Without vertical spacing or indents, a sentence end followed by a capital
also starts a paragraph.  Two wide capital lines (a wrapped title) are joined.  Running page
numbers and headers/footers repeated at the same height on half the pages are dropped first.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .normalise import is_page_number


@dataclass
class Line:
    """One visual line of a PDF page; coordinates in points, y growing upwards."""

    text: str
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    cell: bool = False  # one column of a multi-column line: never joined to neighbours


MARKER = re.compile(
    r"^[“\"]?(?:Điều\s+\d+[a-zđ]?[.:]|\d{1,3}[a-zđ]?\.(?:\d+\.?)*\s|\d{1,3}[a-zđ]?\)\s|[a-zđ]\d?\)\s|"
    r"[IVXLC]+\.\s|[-–+•*]\s|Căn\s+cứ\s|Theo\s+đề\s+nghị\s|Nơi\s+nhận|Số:\s|\(?Kèm\s+theo\s)"
)
# Headings open a paragraph when they stand alone ("Chương II", "Phụ lục I") or are followed
# by their title ("Mục 1. QUY ĐỊNH CHUNG"); "Phụ lục I ban hành kèm theo ..." continues a line.
_HEADING = re.compile(
    r"^(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ lục|PHỤ LỤC|Tiểu mục)"
    r"(?:\s+(?:thứ\s+)?[\wĐđ]+)?(?:$|[.:]\s+[^a-zđ\s])"
)
_SENTENCE_END = re.compile(r"[.;:!?…](?:[\"”’)]|\./\.)?$")
_GLUE_END = re.compile(r"[\w)][-/]$")  # "NĐ-" / "2024/" + next line: no space


@dataclass
class _Layout:
    """Margins and spacing habits of a document's text."""

    left: float = 0.0
    right: float = 0.0
    pitch: float = 0.0  # usual distance between baselines inside a paragraph
    indent: bool = False  # paragraphs start with a first-line indent
    spacing: bool = False  # paragraphs are separated by extra vertical space
    geometry: bool = False

    @property
    def width(self) -> float:
        """Return the width of the text column."""
        return max(self.right - self.left, 1.0)

    def gap(self, prev: Line, nxt: Line) -> bool:
        """Return True if nxt sits clearly lower under prev than lines of a paragraph do."""
        return bool(self.pitch) and prev.page == nxt.page and (
            prev.bottom - nxt.bottom > 1.15 * self.pitch)


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Return pages without running page numbers and headers/footers repeated across pages."""
    repeated = _repeated_edges(pages)
    cleaned = []
    for lines in pages:
        keep = list(lines)
        for edge, inner in ((0, 1), (-1, -2)):
            for _ in range(2):
                if keep and (_edge_key(keep[edge]) in repeated or _page_number(keep, edge, inner)):
                    keep.pop(edge)
        cleaned.append(keep)
    return cleaned


def _page_number(lines: list[Line], edge: int, inner: int) -> bool:
    """Return True if the edge line is a page number set apart from the text next to it."""
    line = lines[edge]
    if not is_page_number(line.text):
        return False
    if len(lines) < 2 or line.top == line.bottom:
        return True
    return abs(lines[inner].bottom - line.bottom) > 1.3 * (line.top - line.bottom)


def _edge_key(line: Line) -> tuple[str, int]:
    """Return a line's text with digits blurred and its height on the page ('Trang #')."""
    return re.sub(r"\d+", "#", line.text.strip()), round(line.bottom)


def _repeated_edges(pages: list[list[Line]]) -> set[tuple[str, int]]:
    """Return the keys of edge lines (first/last two) repeated on half of 3+ pages."""
    if len(pages) < 3:
        return set()
    counts = Counter()
    for lines in pages:
        counts.update({_edge_key(ln) for ln in (*lines[:2], *lines[-2:]) if ln.text.strip()})
    threshold = max(3, 0.5 * len(pages))
    return {key for key, n in counts.items() if n >= threshold and len(key[0]) < 120}


def reflow(pages: list[list[Line]]) -> list[str]:
    """Return paragraphs (one per line) from the visual lines of all pages."""
    lines = [line for page in drop_furniture(pages) for line in page if line.text.strip()]
    if not lines:
        return []
    layout = _layout(lines)
    paragraphs = [lines[0].text.strip()]
    for prev, nxt in zip(lines, lines[1:], strict=False):
        if _continues(prev, nxt, layout):
            paragraphs[-1] = _glue(paragraphs[-1], nxt.text.strip())
        else:
            paragraphs.append(nxt.text.strip())
    return paragraphs


def _layout(lines: list[Line]) -> _Layout:
    """Return the dominant margins, line pitch and paragraph habits of the lines."""
    body = [ln for ln in lines if not ln.cell and ln.x1 > ln.x0]
    if len(body) < 3:
        return _Layout()
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
    right = sorted(ln.x1 for ln in body)[int(0.9 * (len(body) - 1))]
    steps = [a.bottom - b.bottom for a, b in zip(body, body[1:], strict=False)
             if a.page == b.page and 0 < a.bottom - b.bottom < 3 * (a.top - a.bottom)]
    layout = _Layout(left, right, statistics.median(steps) if steps else 0.0, geometry=True)
    pairs = [(a, b) for a, b in zip(body, body[1:], strict=False) if MARKER.match(b.text.strip())]
    if pairs:
        layout.indent = sum(b.x0 > left + 8 for _, b in pairs) >= 0.5 * len(pairs)
        layout.spacing = sum(layout.gap(a, b) for a, b in pairs) >= 0.5 * len(pairs)
    return layout


def _continues(prev: Line, nxt: Line, layout: _Layout) -> bool:
    """Return True if nxt continues the paragraph that prev belongs to."""
    before, after = prev.text.strip(), nxt.text.strip()
    if prev.cell or nxt.cell or MARKER.match(after) or _HEADING.match(before):
        return False
    if _HEADING.match(after):
        return False
    if not _has_word(before) or not _has_word(after):
        return False  # rules such as "-------" under the issuer's name
    if not layout.geometry:
        return not _sentence_break(before, after)
    return _continues_on_page(prev, nxt, layout)


def _continues_on_page(prev: Line, nxt: Line, layout: _Layout) -> bool:
    """Return True if the position of nxt under prev says the paragraph goes on."""
    before, after = prev.text.strip(), nxt.text.strip()
    indented = layout.left + 8 < nxt.x0 <= layout.left + 0.15 * layout.width
    if layout.indent and indented:
        return False  # a first-line indent opens a paragraph
    full = prev.x1 >= layout.right - 0.05 * layout.width
    if layout.gap(prev, nxt):  # a wrapped heading may be set with wide line spacing
        return full and not indented and not _SENTENCE_END.search(before)
    if _is_caps(before) and _is_caps(after) and prev.x1 - prev.x0 >= 0.6 * layout.width:
        return not _SENTENCE_END.search(before)
    offset = 0.15 * layout.width
    if prev.x0 > layout.left + offset or nxt.x0 > layout.left + offset:
        return False  # centred lines, right-hand column
    short = prev.x1 + _first_word_width(nxt) < layout.right - 2  # next word would have fitted
    if short and indented:
        return False
    if layout.spacing and prev.page == nxt.page:
        return True  # paragraphs are marked by vertical space, and there is none here
    if short:
        return False
    return layout.indent or not _sentence_break(before, after)


def _first_word_width(line: Line) -> float:
    """Return the estimated width of a line's first word plus a space."""
    text = line.text.strip()
    char_width = (line.x1 - line.x0) / max(len(text), 1)
    return (len(text.split(" ", 1)[0]) + 1) * char_width


def _sentence_break(before: str, after: str) -> bool:
    """Return True when before ends a sentence and after starts with a capital."""
    return bool(_SENTENCE_END.search(before)) and after[:1].isupper()


def _has_word(text: str) -> bool:
    """Return True if text holds a letter or digit."""
    return any(c.isalnum() for c in text)


def _is_caps(text: str) -> bool:
    """Return True for text written in capitals (at least three letters, none lower case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)


def _glue(paragraph: str, line: str) -> str:
    """Return paragraph continued by line: no space after 'NĐ-' or '2024/' before a word."""
    if _GLUE_END.search(paragraph) and line[:1].isalnum():
        return paragraph + line
    return f"{paragraph} {line}"
