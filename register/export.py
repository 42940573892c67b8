"""Exports of answered issues: a .docx an officer can sign and send, and a CSV for Excel.

Each item carries its issue and the formal citations of its linked provisions, already
resolved (see links.citations), so this module knows nothing of the knowledge base.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from ingest.doctypes import issuer_name
from register.records import Issue

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
CSV_COLUMNS = ("Mã", "Tiêu đề", "Nội dung", "Lĩnh vực", "Địa phương", "Người/đơn vị nêu",
               "Đợt khảo sát", "Trạng thái", "Trả lời", "Căn cứ", "Cập nhật")
# Nghị định 30/2020/NĐ-CP, Phụ lục I: A4; margins top and bottom 20-25 mm, left 30-35 mm,
# right 15-20 mm; Times New Roman 13-14.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 22, "bottom": 22, "left": 32, "right": 17}  # mid-range: safe from rounding
BLANK = "……"
HEADER_LEFT_MM, CLOSING_LEFT_MM = 62, 75  # the sender's column; the rest holds the nation's name


@dataclass(frozen=True)
class ExportItem:
    """One issue to export, with the citations of its linked provisions and their notes."""

    issue: Issue
    citations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one per citation ("" when none)
    survey_name: str = ""


@dataclass(frozen=True)
class LetterHead:
    """What the officer fills in for the reply (remembered per account): who sends it, its
    number, to whom, who signs.  Empty fields print as dotted blanks to fill by hand."""

    parent: str = ""  # cơ quan chủ quản: "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"
    agency: str = ""  # cơ quan ban hành: "SỞ CÔNG THƯƠNG"
    number: str = ""  # "125/SCT-QLTM"
    place: str = ""  # "Cần Thơ"
    subject: str = "trả lời kiến nghị"  # after "V/v"
    recipients: str = ""  # one per line
    signer_title: str = ""  # "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    signer_name: str = ""
    issued: date | None = None

    @classmethod
    def from_dict(cls, data: dict) -> LetterHead:
        """Return the letterhead a form or a stored JSON gives (unknown keys ignored)."""
        values = {k: str(data.get(k) or "").strip() for k in cls.__dataclass_fields__
                  if k != "issued"}
        return cls(**{k: v for k, v in values.items() if v or k != "subject"})

    def to_dict(self) -> dict:
        """Return the fields to remember (the date is the day of each export)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "issued"}


def _style(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(3)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    _page_numbers(section)


def _page_numbers(section) -> None:
    """Number the pages from the second, centred at the top (Phụ lục I: "Số trang")."""
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", ""), ("", "PAGE"), ("end", "")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _line(cell_or_doc, text: str, *, bold: bool = False, italic: bool = False,
          center: bool = False, size: int | None = None):
    """Add a paragraph of one run and return it."""
    par = _paragraph(cell_or_doc)
    run = par.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return par


def _paragraph(cell_or_doc):
    """Return a new paragraph: a table cell's first, empty one when nothing was written in
    it yet (a cell is never without a paragraph: a blank line would open each column)."""
    if isinstance(cell_or_doc, _Cell):
        pars = cell_or_doc.paragraphs
        if len(pars) == 1 and not pars[0].runs:
            return pars[0]
    return cell_or_doc.add_paragraph()


def _place_date(head: LetterHead) -> str:
    """Return '{Place}, ngày 5 tháng 12 năm 2026' (blanks where unknown)."""
    place = head.place or "……………"
    if head.issued is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    day = head.issued
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _header(doc: DocxDocument, head: LetterHead) -> None:
    """Add the heading: the sender, number and subject on the left; the national name, the
    motto and the place and date on the right (Phụ lục I, mẫu công văn)."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = _columns(table, HEADER_LEFT_MM)
    if head.parent:
        _line(left, head.parent.upper(), center=True, size=13)
    agency = (head.agency or "……………………").upper()
    _line(left, agency, bold=True, center=True, size=13)
    _rule(left, HEADER_LEFT_MM, AGENCY_RULE * min(len(agency) * UPPER_CHAR_MM, HEADER_LEFT_MM))
    _line(left, f"Số: {head.number or '……/……'}", center=True, size=13)
    _line(left, f"V/v {head.subject or 'trả lời kiến nghị'}", center=True, size=12)
    _line(right, NATION, bold=True, center=True, size=12)
    _line(right, MOTTO, bold=True, center=True, size=14)
    _rule(right, _text_width_mm() - HEADER_LEFT_MM, MOTTO_MM)
    _line(right, _place_date(head), italic=True, center=True, size=14)


# The rules under the sender and the motto (Phụ lục I): under the motto as long as the motto,
# under the sender 1/3 to 1/2 of its name, both centred.
MOTTO_MM = 60  # "Độc lập - Tự do - Hạnh phúc", Times New Roman bold 14
UPPER_CHAR_MM = 3.1  # a capital of Times New Roman bold 13, on average
AGENCY_RULE = 0.4


CELL_PADDING_MM = 1.9  # Word's default left and right cell margins (0.08 in)


def _rule(cell, cell_mm: float, length_mm: float) -> None:
    """Add a centred horizontal line length_mm long to a cell cell_mm wide: an empty
    paragraph one point high with a bottom border, narrowed by equal indents."""
    par = _paragraph(cell)
    fmt = par.paragraph_format
    inner = cell_mm - 2 * CELL_PADDING_MM
    fmt.left_indent = fmt.right_indent = Mm(max(0.0, (inner - length_mm) / 2))
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(2), Pt(1)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "auto")):
        bottom.set(qn(key), value)
    border.append(bottom)
    par._p.get_or_add_pPr().append(border)


def _text_width_mm() -> int:
    """Return the width between the margins."""
    return PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]


def _columns(table, left_mm: int) -> tuple:
    """Return the two cells of a one-row table, the left one left_mm wide (the rest right)."""
    table.autofit = False
    width = _text_width_mm()
    left, right = table.rows[0].cells
    table.columns[0].width, table.columns[1].width = Mm(left_mm), Mm(width - left_mm)
    left.width, right.width = Mm(left_mm), Mm(width - left_mm)
    return left, right


def _addressees(doc: DocxDocument, head: LetterHead) -> list[str]:
    """Add 'Kính gửi:' with the recipients; return them."""
    names = [n.strip(" -;.") for n in head.recipients.splitlines() if n.strip(" -;.")]
    if len(names) <= 1:
        par = doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.add_run("Kính gửi: ")
        par.add_run(names[0] if names else "……………………………………")
    else:  # "Kính gửi:" then the recipients one per line, their dashes aligned
        for i, name in enumerate(names):
            par = doc.add_paragraph()
            fmt = par.paragraph_format
            fmt.left_indent, fmt.space_after = Mm(ADDRESSEES_MM), Pt(0)
            if i == 0:
                fmt.first_line_indent = Mm(-KINH_GUI_MM)
                fmt.tab_stops.add_tab_stop(Mm(ADDRESSEES_MM))
            par.add_run(("Kính gửi:\t" if i == 0 else "") + f"- {name};")
    return names


ADDRESSEES_MM, KINH_GUI_MM = 50, 25  # where the recipients' dashes stand; "Kính gửi:" before


def _issue(doc: DocxDocument, number: int, item: ExportItem) -> None:
    """Add one issue: what was raised, the answer, the provisions it rests on."""
    issue = item.issue
    _line(doc, f"{number}. {issue.title}", bold=True)
    if issue.description and issue.description.rstrip(".…") != issue.title.rstrip(".…"):
        _labelled(doc, "Nội dung kiến nghị: ", issue.description)
    if issue.answer:
        _labelled(doc, "Trả lời: ", issue.answer)
    if item.citations:
        notes = item.notes or [""] * len(item.citations)
        grounds = [c + (f" ({n})" if n else "") for c, n in zip(item.citations, notes,
                                                                  strict=False)]
        _labelled(doc, "Căn cứ: ", "; ".join(grounds) + ".")


def _labelled(doc: DocxDocument, label: str, text: str) -> None:
    par = doc.add_paragraph()
    par.paragraph_format.first_line_indent = Mm(10)
    par.add_run(label).bold = True
    par.add_run(text)


def _closing(doc: DocxDocument, head: LetterHead, names: list[str]) -> None:
    """Add 'Nơi nhận:' on the left and the signer's title and name on the right."""
    table = doc.add_table(rows=1, cols=2)
    row = table.rows[0]._tr.get_or_add_trPr()
    row.append(OxmlElement("w:cantSplit"))  # the signer's title and name on one page
    left, right = _columns(table, CLOSING_LEFT_MM)
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12)
    _line(left, "- Như trên;", size=11)
    _line(left, "- Lưu: VT.", size=11)
    for line in (head.signer_title or "THỦ TRƯỞNG CƠ QUAN").upper().splitlines():
        _line(right, line.strip(), bold=True, center=True, size=14)
    for _ in range(3):
        _line(right, "", center=True)
    _line(right, head.signer_name or "(Ký, ghi rõ họ tên)", bold=bool(head.signer_name),
          italic=not head.signer_name, center=True, size=14)


def export_docx(items: list[ExportItem], *, head: LetterHead | None = None,
                subtitle: str = "") -> bytes:
    """Return the reply as an official letter (công văn, Nghị định 30/2020/NĐ-CP): heading,
    addressees, each issue with its answer and grounds cited formally, recipients, signer."""
    head = head or LetterHead()
    doc = DocxDocument()
    _style(doc)
    _header(doc, head)
    names = _addressees(doc, head)
    sender = head.agency.strip() or "Cơ quan"
    sender = issuer_name(sender) if sender.isupper() else sender
    intro = (f"{sender} trả lời các kiến nghị"
             f"{' ' + subtitle.strip('() ') if subtitle else ''} như sau:")
    _labelled(doc, "", intro)
    for number, item in enumerate(items, start=1):
        _issue(doc, number, item)
    if not items:
        _line(doc, "(Không có kiến nghị nào được chọn.)", italic=True)
    doc.add_paragraph()  # a line between the body and the recipients and signature
    _closing(doc, head, names)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def export_csv(items: list[ExportItem]) -> bytes:
    """Return the issues as CSV in UTF-8 with a BOM (Excel opens it with the accents right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        i = item.issue
        writer.writerow([i.id, *map(csv_cell, (
            i.title, i.description, i.field, i.locality, i.raised_by, item.survey_name,
            i.status_label, i.answer, "; ".join(item.citations), i.updated_at))])
    return out.getvalue().encode("utf-8-sig")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """Return a cell text a spreadsheet shows as text, never runs as a formula ('=…' -> "'=…")."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_START) else text


def docx_text(data: bytes) -> str:
    """Return the text of a .docx (paragraphs and table cells), one paragraph per line."""
    doc = DocxDocument(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(p.text for cell in row.cells for p in cell.paragraphs)
    return "\n".join(lines)
