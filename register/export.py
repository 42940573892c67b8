"""Exports of answered issues: a .docx an officer can sign and send, and a CSV for Excel.

Each item carries its issue and the formal citations of its linked provisions, already
resolved (see links.citations), so this module knows nothing of the knowledge base.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from register.records import Issue

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE_DATE = "……………, ngày …… tháng …… năm ……"
NO_ANSWER = "(chưa có nội dung trả lời)"
FONT = "Times New Roman"
CSV_COLUMNS = ("Mã", "Tiêu đề", "Nội dung", "Lĩnh vực", "Địa phương", "Người/đơn vị nêu",
               "Đợt khảo sát", "Trạng thái", "Trả lời", "Căn cứ", "Cập nhật")


@dataclass(frozen=True)
class ExportItem:
    """One issue to export, with the citations of its linked provisions and their notes."""

    issue: Issue
    citations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one per citation ("" when none)
    survey_name: str = ""


def _style(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _line(cell_or_doc, text: str, *, bold: bool = False, italic: bool = False,
          center: bool = False, size: int | None = None):
    """Add a paragraph of one run and return it."""
    par = cell_or_doc.add_paragraph()
    run = par.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return par


def _header(doc: DocxDocument, agency: str) -> None:
    """Add the two-column heading: agency on the left, the national motto on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _line(left, agency or "……………………", bold=True, center=True, size=12)
    _line(right, NATION, bold=True, center=True, size=12)
    _line(right, MOTTO, bold=True, center=True)
    _line(doc, PLACE_DATE, italic=True).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _issue(doc: DocxDocument, number: int, item: ExportItem) -> None:
    """Add one issue: its title, content, answer and legal grounds."""
    issue = item.issue
    _line(doc, f"{number}. {issue.title}", bold=True)
    if issue.description and issue.description.rstrip(".…") != issue.title.rstrip(".…"):
        _labelled(doc, "Nội dung kiến nghị: ", issue.description)
    facts = [x for x in (issue.locality and f"Địa phương: {issue.locality}",
                         issue.field and f"Lĩnh vực: {issue.field}",
                         item.survey_name and f"Đợt khảo sát: {item.survey_name}") if x]
    if facts:
        _line(doc, "; ".join(facts) + ".", italic=True)
    _labelled(doc, "Trả lời: ", issue.answer or NO_ANSWER)
    if item.citations:
        _line(doc, "Căn cứ pháp lý:", bold=True)
        notes = item.notes or [""] * len(item.citations)
        for citation, note in zip(item.citations, notes, strict=False):
            text = f"– {citation}" + (f" ({note})" if note else "") + ";"
            _line(doc, text)


def _labelled(doc: DocxDocument, label: str, text: str) -> None:
    par = doc.add_paragraph()
    par.add_run(label).bold = True
    par.add_run(text)


def _closing(doc: DocxDocument) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12)
    _line(left, "- Như trên;", size=11)
    _line(left, "- Lưu: VT.", size=11)
    _line(right, "NGƯỜI KÝ", bold=True, center=True)
    _line(right, "(Ký, ghi rõ họ tên)", italic=True, center=True)


def export_docx(items: list[ExportItem], *, title: str = "TRẢ LỜI KIẾN NGHỊ",
                subtitle: str = "", agency: str = "") -> bytes:
    """Return a .docx answering the issues, with the formal citations of their grounds."""
    doc = DocxDocument()
    _style(doc)
    _header(doc, agency)
    _line(doc, title.upper(), bold=True, center=True, size=14)
    if subtitle:
        _line(doc, subtitle, italic=True, center=True)
    for number, item in enumerate(items, start=1):
        _issue(doc, number, item)
    if not items:
        _line(doc, "(Không có kiến nghị nào được chọn.)", italic=True)
    _closing(doc)
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
