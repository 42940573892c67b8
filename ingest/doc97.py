"""A small Word 97-2003 (.doc, OLE2) text reader on top of olefile ([MS-DOC]).

FIB -> CLX piece table -> text of the main document (CP 0..ccpText), each piece either
compressed (one cp1252 byte per character) or UTF-16LE.  Paragraph properties (PAPX FKPs) tell
which paragraphs sit in a table and which paragraph mark ends a row, so tables come out through
`ingest.tables.render_table` like the other formats.  Word control characters: paragraph mark
and line break -> new line, cell mark (0x07) -> end of cell or row, page/section break -> new
line, fields 0x13 instruction 0x14 result 0x15 -> the result only, object anchors dropped.
Word 6/95 files and encrypted files are refused with a typed error.
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass
from pathlib import Path

import olefile

from .errors import CorruptFile, EncryptedFile, UnsupportedFormat
from .tables import render_table

_FIB_IDENT = 0xA5EC
_WORD97_NFIB = 0xC1
_CELL, _FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x07", "\x13", "\x14", "\x15"
_PARA_ENDS = "\r\n\x07"
_DROP = dict.fromkeys(map(ord, "\x00\x01\x02\x03\x04\x05\x08"))  # anchors, footnote refs
_SPRM_IN_TABLE, _SPRM_TTP, _SPRM_DEF_TABLE = 0x2416, 0x2417, 0xD608


@dataclass(frozen=True)
class Piece:
    """A run of consecutive characters stored contiguously in the WordDocument stream."""

    cp: int  # first character position
    length: int
    offset: int  # byte offset in the WordDocument stream
    compressed: bool

    def fc(self, cp: int) -> int:
        """Return the stream offset of character cp (which lies in this piece)."""
        return self.offset + (cp - self.cp) * (1 if self.compressed else 2)


def read_doc(path: Path) -> str:
    """Return the main-document text of a Word 97-2003 file, tables rendered as lines."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return _read(ole, path)
    except (OSError, struct.error, IndexError, ValueError) as exc:
        reason = f"cấu trúc tệp Word 97 không đọc được ({type(exc).__name__})"
        raise CorruptFile(path, reason) from exc


def _read(ole: olefile.OleFileIO, path: Path) -> str:
    """Return the text of an opened OLE compound file holding a Word document."""
    if ole.exists("EncryptedPackage"):
        raise EncryptedFile(path, "tệp Office được bảo vệ bằng mật khẩu")
    if not ole.exists("WordDocument"):
        raise UnsupportedFormat(path, _not_word(ole))
    wd = ole.openstream("WordDocument").read()
    ident, nfib = struct.unpack_from("<HH", wd, 0)
    flags = struct.unpack_from("<H", wd, 0x0A)[0]
    if ident != _FIB_IDENT:
        raise CorruptFile(path, "thiếu khối FIB của Word")
    if flags & 0x0100:
        raise EncryptedFile(path, "tệp Word 97 được mã hoá")
    if nfib < _WORD97_NFIB:
        raise UnsupportedFormat(path, "tệp Word 6.0/95 cũ; hãy mở bằng Word và lưu lại (.docx)")
    table_name = "1Table" if flags & 0x0200 else "0Table"
    if not ole.exists(table_name):
        raise CorruptFile(path, f"thiếu luồng {table_name}")
    table = ole.openstream(table_name).read()
    fib = _fib_values(wd)
    pieces = _pieces(table, *fib["clx"])
    text = _main_text(wd, pieces, fib["ccp_text"])
    props = _ParagraphProps(wd, table, *fib["papx"])
    return "\n".join(_lines(text, pieces, props))


def _not_word(ole: olefile.OleFileIO) -> str:
    """Return what an OLE file that is not a Word document seems to be."""
    if ole.exists("Workbook") or ole.exists("Book"):
        return "nội dung là bảng tính Excel (.xls), không phải văn bản Word"
    if ole.exists("PowerPoint Document"):
        return "nội dung là trình chiếu PowerPoint (.ppt), không phải văn bản Word"
    return "tệp OLE không chứa văn bản Word"


def _fib_values(wd: bytes) -> dict[str, tuple[int, ...] | int]:
    """Return ccpText and the (fc, lcb) pairs of the CLX and PlcBtePapx from the FIB."""
    csw = struct.unpack_from("<H", wd, 32)[0]
    pos = 34 + 2 * csw
    cslw = struct.unpack_from("<H", wd, pos)[0]
    rglw = struct.unpack_from(f"<{cslw}i", wd, pos + 2)
    pos += 2 + 4 * cslw
    count = struct.unpack_from("<H", wd, pos)[0]
    fclcb = struct.unpack_from(f"<{2 * count}I", wd, pos + 2)
    return {"ccp_text": rglw[3], "clx": fclcb[66:68], "papx": fclcb[26:28]}


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[Piece]:
    """Return the piece table (PlcPcd inside the CLX)."""
    clx = table[fc_clx:fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: skip property modifiers
        pos += 3 + struct.unpack_from("<h", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise ValueError("bảng mảnh văn bản (CLX) không hợp lệ")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []
    for i in range(n):
        fc = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc & 0x3FFFFFFF
        pieces.append(Piece(cps[i], cps[i + 1] - cps[i], offset, compressed))
    return pieces


def _main_text(wd: bytes, pieces: list[Piece], ccp_text: int) -> str:
    """Return the characters 0..ccp_text (the main document, without notes and headers)."""
    out = []
    for piece in pieces:
        length = min(piece.length, ccp_text - piece.cp)
        if length <= 0:
            break
        if piece.compressed:
            raw = wd[piece.offset:piece.offset + length]
            out.append(raw.decode("cp1252", errors="replace"))
        else:
            out.append(wd[piece.offset:piece.offset + 2 * length].decode("utf-16-le", "replace"))
    return "".join(out)


class _ParagraphProps:
    """In-table and row-end flags of paragraphs, looked up by stream offset (PAPX FKPs)."""

    def __init__(self, wd: bytes, table: bytes, fc: int, lcb: int) -> None:
        self.starts: list[int] = []
        self.flags: list[tuple[int, bool, bool]] = []  # (end fc, in table, row end)
        try:
            self._load(wd, table[fc:fc + lcb])
        except (struct.error, IndexError, ValueError):
            self.starts, self.flags = [], []  # fall back to the text-only heuristic

    def _load(self, wd: bytes, plc: bytes) -> None:
        """Read every FKP page listed in the PlcBtePapx."""
        n = (len(plc) - 4) // 8
        pages = struct.unpack_from(f"<{n}I", plc, 4 * (n + 1)) if n > 0 else ()
        runs = []
        for pn in pages:
            runs.extend(_fkp_runs(wd[(pn & 0x3FFFFF) * 512:][:512]))
        runs.sort()
        self.starts = [start for start, _, _, _ in runs]
        self.flags = [(end, in_table, ttp) for _, end, in_table, ttp in runs]

    def at(self, fc: int) -> tuple[bool, bool] | None:
        """Return (in table, row end) of the paragraph holding offset fc, None if unknown."""
        i = bisect.bisect_right(self.starts, fc) - 1
        if i < 0 or fc >= self.flags[i][0]:
            return None
        return self.flags[i][1], self.flags[i][2]


def _fkp_runs(fkp: bytes) -> list[tuple[int, int, bool, bool]]:
    """Return (start fc, end fc, in table, row end) for each paragraph run of one PAPX FKP."""
    crun = fkp[511]
    fcs = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
    runs = []
    for i in range(crun):
        offset = 2 * fkp[4 * (crun + 1) + 13 * i]
        sprms = _papx_sprms(fkp, offset) if offset else {}
        runs.append((fcs[i], fcs[i + 1], bool(sprms.get(_SPRM_IN_TABLE)),
                     bool(sprms.get(_SPRM_TTP))))
    return runs


def _papx_sprms(fkp: bytes, offset: int) -> dict[int, int]:
    """Return {sprm: first operand byte} of a PapxInFkp (istd skipped)."""
    cb = fkp[offset]
    start, size = (offset + 2, 2 * fkp[offset + 1]) if cb == 0 else (offset + 1, 2 * cb - 1)
    grpprl = fkp[start + 2:start + size]  # first two bytes: style index
    sprms, pos = {}, 0
    while pos + 2 < len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        operand = _operand_size(sprm, grpprl, pos + 2)
        sprms[sprm] = grpprl[pos + 2] if operand else 0
        pos += 2 + operand
    return sprms


def _operand_size(sprm: int, grpprl: bytes, pos: int) -> int:
    """Return the operand size in bytes of a sprm (spra field; variable sizes read inline)."""
    spra = sprm >> 13
    if spra == 6:
        if sprm == _SPRM_DEF_TABLE:
            return struct.unpack_from("<H", grpprl, pos)[0] + 1
        return grpprl[pos] + 1
    return {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}[spra]


def _lines(text: str, pieces: list[Piece], props: _ParagraphProps) -> list[str]:
    """Return the text split into lines, table paragraphs gathered and rendered."""
    text = _field_results(text)
    starts = [p.cp for p in pieces]
    builder = _TableBuilder()
    begin = 0
    for cp, ch in enumerate(text):
        if ch not in _PARA_ENDS:
            continue
        para = text[begin:cp].translate(_DROP).replace("\x0b", "\n").replace("\x0c", "\n")
        begin = cp + 1
        piece = pieces[bisect.bisect_right(starts, cp) - 1] if pieces else None
        flags = props.at(piece.fc(cp)) if piece else None
        builder.add(para, ch, flags)
    builder.add(text[begin:].translate(_DROP), "\r", None)
    return builder.finish()


def _field_results(text: str) -> str:
    """Return text with field instructions removed (keeping each field's result).

    Field marks are replaced by NUL, removed later, so character positions stay aligned with
    the piece table.
    """
    out, stack = [], []  # stack: True while inside an instruction
    for ch in text:
        if ch == _FIELD_BEGIN:
            stack.append(True)
            out.append("\x00")
        elif ch == _FIELD_SEP and stack:
            stack[-1] = False
            out.append("\x00")
        elif ch == _FIELD_END and stack:
            stack.pop()
            out.append("\x00")
        else:
            out.append("\x00" if stack and stack[-1] and ch not in _PARA_ENDS else ch)
    return "".join(out)


class _TableBuilder:
    """Collects paragraphs into lines, and table paragraphs into rows of cells."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.rows: list[list[list[str]]] = []
        self.row: list[list[str]] = []
        self.cell: list[str] = []
        self.prev_cell_mark = False

    def add(self, para: str, end: str, flags: tuple[bool, bool] | None) -> None:
        """Add one paragraph ended by `end` (\\r, \\n or the cell mark)."""
        in_table, row_end = flags if flags else (end == _CELL, False)
        if end == _CELL:
            if flags is None:  # no PAPX: a cell mark right after a cell mark ends the row
                row_end = self.prev_cell_mark and not para
            self._cell_mark(para, row_end)
        elif in_table:
            self.cell.append(para)
        else:
            self._flush_table()
            self.lines.extend(para.split("\n"))
        self.prev_cell_mark = end == _CELL and not row_end

    def _cell_mark(self, para: str, row_end: bool) -> None:
        """Close the current cell, or the current row at a row-end mark."""
        if row_end:
            self.rows.append(self.row)
            self.row = []
        else:
            self.row.append([*self.cell, para])
        self.cell = []

    def _flush_table(self) -> None:
        """Render a finished table into lines."""
        if self.row:
            self.rows.append(self.row)
        if self.rows:
            self.lines.extend(render_table(self.rows))
        self.rows, self.row, self.cell = [], [], []

    def finish(self) -> list[str]:
        """Return all lines, flushing an unfinished table."""
        self._flush_table()
        return self.lines
