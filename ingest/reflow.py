"""Re-join the visual lines of a PDF into paragraphs, and drop running page furniture.

A PDF only knows lines.  A line continues the previous paragraph unless something says a new
one starts: the next line opens with a structural marker ("Điều 8.", "Chương II", "1.", "a)",
"-", "Phụ lục"), the previous line is a bare heading ("Chương I"), a wider vertical gap, the
previous line stops short of the right margin (the last line of a justified paragraph), a
first-line indent (when the document uses them), or — in documents with neither — a sentence
end followed by a capital.  Two full-width capital lines (a wrapped title) are joined.
Running page numbers and headers/footers repeated on many pages are dropped first.
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
    r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]|Chương\s+[IVXLC\d]+\b|Mục\s+\d+|Phần\s+(?:thứ\s+)?\S+|"
    r"Tiểu\s+mục\s+\d+|PHỤ\s+LỤC|Phụ\s+lục\b|PHẦN\s|CHƯƠNG\s|MỤC\s+\d|"
    r"\d{1,3}[a-zđ]?\.(?:\d+\.?)*\s|\d{1,3}[a-zđ]?\)\s|[a-zđ]\d?\)\s|[IVXLC]+\.\s|[-–+•*]\s|"
    r"Căn\s+cứ\s|Theo\s+đề\s+nghị\s|Nơi\s+nhận|Số:\s|\(?Kèm\s+theo\s)"
)
_HEADING = re.compile(
    r"^(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ lục|PHỤ LỤC|Tiểu mục)\s+[\wĐđ]+[.:]?$"
)
_SENTENCE_END = re.compile(r"[.;:!?…](?:[\"”’)]|\./\.)?$")
_GLUE_END = re.compile(r"[\w)][-/]$")  # "NĐ-" / "2024/" + next line: no space


@dataclass
class _Layout:
    """Margins and spacing of a document's text."""

    left: float
    right: float
    pitch: float
    indent: bool
    geometry: bool

    @property
    def width(self) -> float:
        """Return the width of the text column."""
        return max(self.right - self.left, 1.0)


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Return pages without running page numbers and headers/footers repeated across pages."""
    repeated = _repeated_edges(pages)
    cleaned = []
    for lines in pages:
        keep = list(lines)
        for edge in (0, -1):
            for _ in range(2):
                if keep and (is_page_number(keep[edge].text) or _shape(keep[edge]) in repeated):
                    keep.pop(edge)
        cleaned.append(keep)
    return cleaned


def _shape(line: Line) -> str:
    """Return a line's text with digits blurred, to spot running headers ('Trang 3' ~ 'Trang 4')."""
    return re.sub(r"\d+", "#", line.text.strip())


def _repeated_edges(pages: list[list[Line]]) -> set[str]:
    """Return the shapes of edge lines (first/last two) found on at least 40% of 3+ pages."""
    if len(pages) < 3:
        return set()
    counts = Counter()
    for lines in pages:
        counts.update({_shape(line) for line in (*lines[:2], *lines[-2:]) if line.text.strip()})
    threshold = max(3, 0.4 * len(pages))
    return {shape for shape, n in counts.items() if n >= threshold and len(shape) < 120}


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
    """Return the dominant margins, line pitch and indentation habit of the lines."""
    body = [ln for ln in lines if not ln.cell and ln.x1 > ln.x0]
    if len(body) < 3:
        return _Layout(0.0, 0.0, 0.0, False, False)
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
    right = sorted(ln.x1 for ln in body)[int(0.9 * (len(body) - 1))]
    steps = [a.bottom - b.bottom for a, b in zip(body, body[1:], strict=False)
             if a.page == b.page and 0 < a.bottom - b.bottom < 3 * (a.top - a.bottom)]
    pitch = statistics.median(steps) if steps else 0.0
    starts = [ln for ln in body if MARKER.match(ln.text.strip())]
    indented = sum(1 for ln in starts if ln.x0 > left + 8)
    return _Layout(left, right, pitch, bool(starts) and indented >= 0.5 * len(starts), True)


def _continues(prev: Line, nxt: Line, layout: _Layout) -> bool:
    """Return True if nxt continues the paragraph that prev belongs to."""
    before, after = prev.text.strip(), nxt.text.strip()
    if prev.cell or nxt.cell or MARKER.match(after) or _HEADING.match(before):
        return False
    if not layout.geometry:
        return not (_SENTENCE_END.search(before) and after[:1].isupper())
    if prev.page == nxt.page and layout.pitch and prev.bottom - nxt.bottom > 1.35 * layout.pitch:
        return False
    if _is_caps(before) and _is_caps(after) and prev.x1 - prev.x0 >= 0.6 * layout.width:
        return not _SENTENCE_END.search(before)
    if prev.x1 < layout.right - 0.12 * layout.width:
        return False
    if layout.indent:
        return nxt.x0 <= layout.left + 8
    return not (_SENTENCE_END.search(before) and after[:1].isupper())


def _is_caps(text: str) -> bool:
    """Return True for text written in capitals (at least three letters, none lower case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)


def _glue(paragraph: str, line: str) -> str:
    """Return paragraph continued by line: no space after 'NĐ-' or '2024/' before a word."""
    if _GLUE_END.search(paragraph) and line[:1].isalnum():
        return paragraph + line
    return f"{paragraph} {line}"
