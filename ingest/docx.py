"""Word 2007+ (.docx) -> text, reading the XML directly (no python-docx object model).

Body paragraphs and tables come out in document order, one paragraph per line; tables go
through `ingest.tables.render_table` (header/signature tables cell by cell, data tables one row
per line).  Automatic numbering is rendered ("Điều 3.", "a)"), deleted revisions and field
instructions are skipped, text boxes follow their paragraph, and runs typed in legacy fonts
(.VnTime/.VnTimeH = TCVN3, VNI-Times = VNI) are converted to Unicode per run.
Page headers and footers are not part of the body and are left out.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from . import legacy
from .docx_numbering import Numbering, parse_numbering
from .errors import CorruptFile, EncryptedFile, TooLarge, UnsupportedFormat
from .tables import render_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{W}instrText", f"{MC}Fallback"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def read_parts(path: Path, limit: int) -> dict[str, bytes]:
    """Return the main document, styles and numbering XML of a .docx (bounded reads)."""
    try:
        with zipfile.ZipFile(path) as zf:
            main = _main_part(zf)
            parts = {"document": _read_member(zf, main, limit, path)}
            for key, name in (("styles", "styles.xml"), ("numbering", "numbering.xml")):
                member = posixpath.join(posixpath.dirname(main), name)
                if member in zf.NameToInfo:
                    parts[key] = _read_member(zf, member, limit, path)
            return parts
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError) as exc:
        raise CorruptFile(path, f"tệp nén .docx không đọc được ({type(exc).__name__})") from exc


def _main_part(zf: zipfile.ZipFile) -> str:
    """Return the name of the main document part (word/document.xml unless _rels says else)."""
    names = set(zf.namelist())
    if "_rels/.rels" in names and zf.getinfo("_rels/.rels").file_size < 2**20:
        rels = etree.fromstring(zf.read("_rels/.rels"), _PARSER)
        for rel in rels.iter(f"{_REL}Relationship"):
            target = rel.get("Target", "").lstrip("/")
            if rel.get("Type", "").endswith("/officeDocument") and target in names:
                return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise UnsupportedFormat(zf.filename or "", _what_zip(names))


def _what_zip(names: set[str]) -> str:
    """Return why a zip file is not a Word document, naming what it seems to be."""
    if any(n.startswith("xl/") for n in names):
        return "tên tệp là .docx nhưng nội dung là bảng tính Excel (.xlsx)"
    if any(n.startswith("ppt/") for n in names):
        return "tên tệp là .docx nhưng nội dung là trình chiếu PowerPoint (.pptx)"
    return "tệp nén ZIP không chứa văn bản Word (thiếu word/document.xml)"


def _read_member(zf: zipfile.ZipFile, name: str, limit: int, path: Path) -> bytes:
    """Return a zip member's bytes, refusing (declared or actual) sizes above limit."""
    info = zf.getinfo(name)
    if info.flag_bits & 0x1:
        raise EncryptedFile(path, "tệp nén .docx có mật khẩu")
    if info.file_size > limit:
        raise TooLarge(path, _unpacked_detail(name, info.file_size, limit))
    with zf.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:  # the declared size lied (zip bomb)
        raise TooLarge(path, _unpacked_detail(name, len(data), limit))
    return data


def _unpacked_detail(name: str, size: int, limit: int) -> str:
    """Return the Vietnamese explanation of an oversized zip member."""
    return f"{name} giải nén ra {size / 2**20:.0f} MB, vượt giới hạn {limit / 2**20:.0f} MB"


def docx_text(parts: dict[str, bytes]) -> tuple[str, tuple[str, ...]]:
    """Return (body text, warnings) of a .docx given its XML parts."""
    root = etree.fromstring(parts["document"], _PARSER)
    body = root.find(f"{W}body")
    if body is None:
        return "", ()
    reader = _Reader(_Styles(parts.get("styles")), parse_numbering(parts.get("numbering")))
    lines = reader.blocks(body)
    return "\n".join(lines), tuple(sorted(reader.warnings))


class _Styles:
    """Fonts and list numbering inherited from styles.xml."""

    def __init__(self, xml: bytes | None) -> None:
        self.fonts: dict[str, str] = {}
        self.based_on: dict[str, str] = {}
        self.numpr: dict[str, etree._Element] = {}
        self.default_font = ""
        self.default_pstyle = ""
        if xml:
            self._load(etree.fromstring(xml, _PARSER))

    def _load(self, root: etree._Element) -> None:
        """Read style fonts, basedOn links and paragraph-style numbering."""
        default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        self.default_font = _font_name(default)
        for style in root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId", "")
            self.fonts[sid] = _font_name(style.find(f"{W}rPr/{W}rFonts"))
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                self.based_on[sid] = parent.get(f"{W}val", "")
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                self.numpr[sid] = numpr
            if style.get(f"{W}default") in ("1", "true") and style.get(f"{W}type") == "paragraph":
                self.default_pstyle = sid

    def font(self, style_id: str) -> str:
        """Return the font a style (or its ancestors) sets, else ''."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if self.fonts.get(style_id):
                return self.fonts[style_id]
            style_id = self.based_on.get(style_id, "")
        return ""


def _font_name(rfonts: etree._Element | None) -> str:
    """Return the ASCII font of a w:rFonts element ('' when none)."""
    if rfonts is None:
        return ""
    return rfonts.get(f"{W}ascii") or rfonts.get(f"{W}hAnsi") or ""


def legacy_font(font: str) -> tuple[str | None, bool]:
    """Return (legacy encoding of a font name or None, True for capitals-only fonts)."""
    name = font.strip()
    if re.match(r"\.?vn(?!i)", name, re.IGNORECASE):
        return "TCVN3", name.endswith("H")
    if name.lower().startswith("vni"):
        return "VNI", False
    return None, False


class _Reader:
    """Walks the body XML and produces text lines."""

    def __init__(self, styles: _Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.warnings: set[str] = set()

    def blocks(self, parent: etree._Element) -> list[str]:
        """Return the lines of the block-level children (paragraphs, tables) of parent."""
        lines: list[str] = []
        for child in parent:
            if child.tag == f"{W}p":
                lines.extend(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                lines.extend(render_table(self.table(child)))
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins"):
                lines.extend(self.blocks(child))
        return lines

    def table(self, tbl: etree._Element) -> list[list[list[str]]]:
        """Return a table as rows of cells of lines (vertically merged repeats dropped)."""
        rows = []
        for tr in tbl.iter(f"{W}tr"):
            if _nearest_table(tr) is not tbl:
                continue
            cells = [self.blocks(tc) for tc in tr.findall(f"{W}tc") if not _merged_below(tc)]
            rows.append(cells)
        return rows

    def paragraph(self, p: etree._Element) -> list[str]:
        """Return a paragraph's line(s): its text, then any text-box content inside it."""
        boxes: list[str] = []
        text = self.label(p) + self.inline(p, p, boxes)
        return [*text.split("\n"), *boxes] if text.strip() or boxes else [""]

    def label(self, p: etree._Element) -> str:
        """Return the automatic-numbering label of a paragraph ('' when none)."""
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is None:
            style = p.find(f"{W}pPr/{W}pStyle")
            sid = style.get(f"{W}val", "") if style is not None else self.styles.default_pstyle
            numpr = self.styles.numpr.get(sid)
        if numpr is None:
            return ""
        num_id = numpr.find(f"{W}numId")
        ilvl = numpr.find(f"{W}ilvl")
        if num_id is None or num_id.get(f"{W}val") in (None, "0"):
            return ""
        level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        label = self.numbering.label(num_id.get(f"{W}val"), level)
        return f"{label} " if label else ""

    def inline(self, p: etree._Element, el: etree._Element, boxes: list[str]) -> str:
        """Return the text of the runs under el; text-box lines are appended to boxes."""
        out = []
        for child in el:
            if child.tag in _SKIP or not isinstance(child.tag, str):
                continue
            if child.tag == f"{W}r":
                out.append(self.run(p, child, boxes))
            elif child.tag == f"{W}txbxContent":
                boxes.extend(self.blocks(child))
            else:
                out.append(self.inline(p, child, boxes))
        return "".join(out)

    def run(self, p: etree._Element, r: etree._Element, boxes: list[str]) -> str:
        """Return a run's text, converted from a legacy font encoding when needed."""
        parts = []
        for child in r:
            parts.append(_RUN_CHARS.get(child.tag, ""))
            if child.tag == f"{W}t":
                parts.append(child.text or "")
            elif child.tag not in _RUN_CHARS and len(child):
                self.inline(p, child, boxes)  # drawings / pictures holding text boxes
        text = "".join(parts)
        encoding, upper = legacy_font(self.run_font(p, r)) if text else (None, False)
        if not encoding:
            return text
        self.warnings.add(f"đã chuyển phông {encoding} sang Unicode")
        text = legacy.DECODERS[encoding](text)
        return text.upper() if upper else text

    def run_font(self, p: etree._Element, r: etree._Element) -> str:
        """Return the font of a run: direct, run style, paragraph style, document default."""
        direct = _font_name(r.find(f"{W}rPr/{W}rFonts"))
        if direct:
            return direct
        rstyle = r.find(f"{W}rPr/{W}rStyle")
        if rstyle is not None and self.styles.font(rstyle.get(f"{W}val", "")):
            return self.styles.font(rstyle.get(f"{W}val", ""))
        pstyle = p.find(f"{W}pPr/{W}pStyle")
        sid = pstyle.get(f"{W}val", "") if pstyle is not None else self.styles.default_pstyle
        return self.styles.font(sid) or self.styles.default_font


_RUN_CHARS = {f"{W}tab": " ", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-",
              f"{W}softHyphen": "", f"{W}ptab": " "}


def _nearest_table(el: etree._Element) -> etree._Element | None:
    """Return the closest w:tbl ancestor of el."""
    parent = el.getparent()
    while parent is not None and parent.tag != f"{W}tbl":
        parent = parent.getparent()
    return parent


def _merged_below(tc: etree._Element) -> bool:
    """Return True for a cell continuing a vertical merge (its text belongs to the cell above)."""
    vmerge = tc.find(f"{W}tcPr/{W}vMerge")
    return vmerge is not None and vmerge.get(f"{W}val") in (None, "continue")
