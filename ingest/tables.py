"""Tables -> text lines, shared by the Word, Word 97 and HTML extractors.

A table arrives as rows of cells, each cell a list of lines (its paragraphs).  Vietnamese
documents use tables for two different things, rendered differently:

* layout tables (the header block "CHÍNH PHỦ | CỘNG HÒA ...", "Số: ... | Hà Nội, ngày ...",
  the signature block "Nơi nhận: ... | TM. CHÍNH PHỦ ...", boxed text): at most two columns
  with several lines in a cell, or a single column.  Each cell's lines are emitted on lines of
  their own, row by row, left cell first — the same order a PDF of the document shows, so the
  metadata parser reads "Số: 32/2024/NĐ-CP" and "Hà Nội, ngày 15 tháng 3 năm 2024" as lines.
* data tables (report forms, lists of procedures): one row per line, the cells' text joined
  by " | ", a cell's own lines joined by spaces; trailing empty cells dropped.
"""

from __future__ import annotations

Cell = list[str]
Row = list[Cell]
CELL_SEPARATOR = " | "


def render_table(rows: list[Row]) -> list[str]:
    """Return the text lines of a table (layout tables cell by cell, data tables row by row)."""
    rows = [row for row in rows if any(_cell_lines(cell) for cell in row)]
    if not rows:
        return []
    if is_layout_table(rows):
        return [line for row in rows for cell in row for line in _cell_lines(cell)]
    return [_row_line(row) for row in rows]


def is_layout_table(rows: list[Row]) -> bool:
    """Return True for header/signature-style tables: one column, or two with multi-line cells."""
    width = max(sum(1 for cell in row if _cell_lines(cell)) for row in rows)
    if width <= 1:
        return True
    multi_line = any(len(_cell_lines(cell)) > 1 for row in rows for cell in row)
    return width == 2 and multi_line


def _cell_lines(cell: Cell) -> list[str]:
    """Return the non-blank lines of a cell, stripped."""
    return [s for line in cell for s in (part.strip() for part in line.split("\n")) if s]


def _row_line(row: Row) -> str:
    """Return one row as 'cell | cell | cell' without trailing empty cells."""
    cells = [" ".join(_cell_lines(cell)) for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return CELL_SEPARATOR.join(cells)
