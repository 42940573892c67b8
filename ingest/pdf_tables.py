"""Tables of a PDF rebuilt from the page's geometry: one text line per row, cells joined.

PDFium gives a table's cells as separate lines ("TT", "Chỉ tiêu", "Đơn vị tính" …) and splits a
cell's words where the cell wraps ("Triệu đồng/người/thán" + "g").  pdfplumber finds the
tables from the page's ruling lines and returns each cell's whole text; each table's lines
are replaced by one line per row, "cell | cell | cell" (the form Word tables take, see
ingest.tables), kept apart from the paragraphs around it.  Only pages drawn with ruling
lines are looked at (pdfplumber is slow), and a page whose tables cannot be read keeps its
lines.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .legacy import is_syllable
from .reflow import Line
from .tables import CELL_SEPARATOR

MIN_ROWS, MIN_COLUMNS = 2, 2
MAX_EMPTY_SHARE = 0.5
FULL_ROW_SHARE = 2 / 3  # rows with two or more filled cells


def with_tables(path: Path, pages: list[list[Line]], indexes: set[int]) -> list[list[Line]]:
    """Return the pages with the lines of each table on the given pages made row lines."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out = list(pages)
    try:
        with pdfplumber.open(path) as pdf:
            for index in sorted(indexes):
                out[index] = _page_with_tables(pdf.pages[index], pages[index], index)
    except Exception:  # noqa: BLE001 - a table we cannot read leaves the text as it was
        return pages
    return out


def _page_with_tables(page, lines: list[Line], index: int) -> list[Line]:
    """Return a page's lines with each table's lines replaced by its rows."""
    height = float(page.height)
    for table in page.find_tables():
        rows = [r for r in table.extract() if any((c or "").strip() for c in r)]
        if not _is_data_table(rows):
            continue
        x0, top, x1, bottom = table.bbox
        inside = [i for i, line in enumerate(lines) if _within(line, x0, x1, height - bottom,
                                                                height - top)]
        if not inside:
            continue
        row_lines = [Line(_row_text(r), index, x0, x1, height - top, height - top, cell=True)
                     for r in rows]
        first = inside[0]
        kept = [line for i, line in enumerate(lines) if i not in set(inside)]
        lines = kept[:first] + row_lines + kept[first:]
    return lines


def _is_data_table(rows: list[list[str | None]]) -> bool:
    """Return True for a real table: a full header row and cells mostly filled (boxes and
    underlines drawn around running text give rows of scattered, mostly empty cells)."""
    if len(rows) < MIN_ROWS or max(len(r) for r in rows) < MIN_COLUMNS:
        return False
    cells = [(c or "").strip() for r in rows for c in r]
    header_full = all((c or "").strip() for c in rows[0])
    spread = sum(1 for r in rows if sum(1 for c in r if (c or "").strip()) >= 2)
    return (header_full and spread >= FULL_ROW_SHARE * len(rows)
            and sum(1 for c in cells if not c) <= MAX_EMPTY_SHARE * len(cells))


def _within(line: Line, x0: float, x1: float, low: float, high: float) -> bool:
    """Return True when a line's middle lies inside a box (PDF coordinates, y upwards)."""
    middle_y = (line.top + line.bottom) / 2 if line.bottom else line.top
    middle_x = (line.x0 + line.x1) / 2
    return low - 1 <= middle_y <= high + 1 and x0 - 1 <= middle_x <= x1 + 1


def _row_text(cells: list[str | None]) -> str:
    """Return one row as 'cell | cell | cell' (a cell's own line breaks made spaces)."""
    return CELL_SEPARATOR.join(_cell_text(c or "") for c in cells)


def _cell_text(cell: str) -> str:
    """Return a cell's text on one line, a word the cell's width broke rejoined
    ("Triệu đồng/người/thán" + "g" -> "…/tháng")."""
    out = ""
    for piece in (p.strip() for p in cell.split("\n")):
        if not piece:
            continue
        head = piece.split()[0]
        tail = out.split()[-1].split("/")[-1] if out else ""
        broken = tail and not is_syllable(head.lower()) and is_syllable((tail + head).lower())
        out = f"{out}{piece}" if broken else f"{out} {piece}".strip()
    return out
