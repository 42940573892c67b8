"""The reply an officer signs: a công văn laid out as Nghị định 30/2020/NĐ-CP asks."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from register_helpers import login, soup

from register import store
from register.export import ExportItem, LetterHead, export_docx
from register.records import Issue
from web.db import connect

HEAD = LetterHead(parent="Ủy ban nhân dân thành phố Cần Thơ", agency="Sở Công Thương",
                  number="125/SCT-QLTM", place="Cần Thơ", recipients="Ủy ban nhân dân xã Kế Sách",
                  signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", signer_name="Nguyễn Văn A",
                  issued=date(2026, 12, 4))
ITEMS = [ExportItem(Issue(id=1, title="Hàng rong trên vỉa hè", answer="Xử phạt theo quy định.",
                          locality="Vĩnh Châu", field="thương mại"),
                    ["Điều 12 Nghị định số 168/2024/NĐ-CP ngày 26/12/2024 của Chính phủ"]),
         ExportItem(Issue(id=2, title="Chợ xuống cấp"), [])]


def _text(doc) -> str:
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(lines)


def test_the_letter_is_a4_with_the_decrees_margins_and_font():
    doc = Document(io.BytesIO(export_docx(ITEMS, head=HEAD)))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14


def test_the_letter_has_the_fixed_lines_and_no_internal_ones():
    text = _text(Document(io.BytesIO(export_docx(ITEMS, head=HEAD))))
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "SỞ CÔNG THƯƠNG", "Số: 125/SCT-QLTM", "V/v trả lời kiến nghị",
                 "Cần Thơ, ngày 04 tháng 12 năm 2026", "Kính gửi: Ủy ban nhân dân xã Kế Sách",
                 "Nơi nhận:", "- Như trên;", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A",
                 "Điều 12 Nghị định số 168/2024/NĐ-CP ngày 26/12/2024 của Chính phủ"):
        assert line in text, line
    assert "chưa có nội dung trả lời" not in text and "Địa phương:" not in text


def test_the_export_form_warns_and_remembers_the_letterhead(client, app):
    conn = connect(app.config["DATABASE"])
    store.create_issue(conn, {"title": "Chợ xuống cấp"}, "canbo")
    conn.close()
    login(client, app, "canbo", "editor")
    form = soup(client.get("/kien-nghi/xuat", query_string={"dinh_dang": "docx"}))
    assert "chưa có nội dung trả lời" in form.select_one(".flash-error").get_text()
    fields = {"agency": "Sở Công Thương", "number": "9/SCT", "signer_name": "Nguyễn Văn B",
              "dinh_dang": "docx", "tao": "1"}
    response = client.get("/kien-nghi/xuat", query_string=fields)
    text = _text(Document(io.BytesIO(response.data)))
    assert "Số: 9/SCT" in text and "Nguyễn Văn B" in text
    again = soup(client.get("/kien-nghi/xuat", query_string={"dinh_dang": "docx"}))
    assert again.select_one("input[name=number]")["value"] == "9/SCT"


def _ruled(paragraph) -> bool:
    """Return whether a paragraph draws a line under itself (a bottom border)."""
    return paragraph._p.find(".//" + qn("w:pBdr") + "/" + qn("w:bottom")) is not None


def test_the_sender_and_the_motto_are_underlined():
    left, right = Document(io.BytesIO(export_docx(ITEMS, head=HEAD))).tables[0].rows[0].cells
    for cell, text in ((left, "SỞ CÔNG THƯƠNG"), (right, "Độc lập - Tự do - Hạnh phúc")):
        pars = cell.paragraphs
        at = next(i for i, p in enumerate(pars) if p.text == text)
        assert _ruled(pars[at + 1]) and not pars[at + 1].text, text
    assert left.paragraphs[0].text  # no blank line opens the heading


def test_several_recipients_are_listed_under_kinh_gui_with_their_dashes_aligned():
    head = LetterHead(agency="Sở Công Thương", recipients="UBND xã Kế Sách\n- UBND xã Trần Đề;")
    doc = Document(io.BytesIO(export_docx(ITEMS, head=head)))
    pars = [p for p in doc.paragraphs if p.text.endswith(("Kế Sách;", "Trần Đề;"))]
    assert [p.text for p in pars] == ["Kính gửi:\t- UBND xã Kế Sách;", "- UBND xã Trần Đề;"]
    assert pars[0].paragraph_format.left_indent == pars[1].paragraph_format.left_indent


NO_SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason=(
    "LibreOffice (soffice) không có: cài libreoffice-writer để in thử công văn"))


def _printed(tmp_path, items: list[ExportItem]):
    """Return the letter printed to PDF by LibreOffice, opened with pdfplumber."""
    docx = tmp_path / "tra-loi.docx"
    docx.write_bytes(export_docx(items, head=HEAD))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=240)
    return pdfplumber.open(tmp_path / "tra-loi.pdf")


@NO_SOFFICE
def test_libreoffice_prints_the_letter_on_one_a4_page_with_its_rules(tmp_path):
    """The letter rendered by LibreOffice as an officer would print it: one A4 page, the
    fixed lines, a rule as long as the motto and one of 1/3-1/2 of the sender, centred."""
    with _printed(tmp_path, ITEMS) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        text = page.extract_text()
        for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 125/SCT-QLTM", "Nơi nhận:",
                     "Kính gửi: Ủy ban nhân dân xã Kế Sách", "Nguyễn Văn A"):
            assert line in text, line
        for words, low, high in (("Độc lập - Tự do - Hạnh phúc", 0.95, 1.05),
                                 ("SỞ CÔNG THƯƠNG", 1 / 3, 1 / 2)):
            box = page.search(words)[0]
            rule = min((e for e in page.lines if e["top"] > box["bottom"]),
                       key=lambda e: e["top"])
            width = box["x1"] - box["x0"]
            assert low * width <= rule["x1"] - rule["x0"] <= high * width, words
            middle = (box["x0"] + box["x1"]) / 2
            assert abs((rule["x0"] + rule["x1"]) / 2 - middle) < 3, words
            assert rule["top"] - box["bottom"] < 12, words  # right under its line


@NO_SOFFICE
def test_a_letter_of_two_pages_numbers_the_second_and_keeps_the_signature_whole(tmp_path):
    # an answer of this length ends page 1 where the signature block would be cut in two
    answer = "Ủy ban nhân dân cấp xã quản lý chợ trên địa bàn theo phân cấp. " * 26
    items = [ExportItem(Issue(id=1, title="Kiến nghị về chợ", answer=answer),
                        ["Điều 17 Nghị định số 139/2025/NĐ-CP ngày 12/6/2025 của Chính phủ"])]
    with _printed(tmp_path, items) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) == 2
    assert not pages[0].startswith("1")  # the first page carries no number
    assert pages[1].splitlines()[0] == "2", pages[1][:40]
    signed = [text for text in pages if "PHÓ GIÁM ĐỐC" in text]
    assert len(signed) == 1 and "Nguyễn Văn A" in signed[0] and "Nơi nhận:" in signed[0]
