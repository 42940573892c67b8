"""normalise_text: NFC, look-alike characters, broken document numbers, page numbers."""

from __future__ import annotations

import unicodedata

import pytest

from ingest.normalise import is_page_number, normalise_text, rejoin_document_numbers


@pytest.mark.parametrize("raw, clean", [
    (unicodedata.normalize("NFD", "Điều 8. Quyền của người dân"), "Điều 8. Quyền của người dân"),
    ("\u00d0iều 1", "Điều 1"),  # Icelandic eth typed for Đ
    ("\u0189IỀU 1", "ĐIỀU 1"),  # African D
    ("quy \u00f0ịnh", "quy định"),
    ("Số:\u00a032/2024/NĐ-CP", "Số: 32/2024/NĐ-CP"),  # no-break space
    ("ngày\u202f15", "ngày 15"),  # narrow no-break space
    ("cụm\u200b công\u200d nghiệp\u2060", "cụm công nghiệp"),  # zero-width characters
    ("\ufeffCăn cứ", "Căn cứ"),  # byte-order mark
    ("phát\u00ad triển", "phát triển"),  # soft hyphen
    ("Điều 1.\tPhạm vi", "Điều 1. Phạm vi"),
    ("a   b  \t c   ", "a b c"),
    ("   Chương I   ", "Chương I"),
    ("giai đoạn 2021 – 2030", "giai đoạn 2021 – 2030"),  # en dash in prose is kept
    ("kinh tế \u2011 xã hội", "kinh tế - xã hội"),  # non-breaking hyphen
    ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
    ("trang 1\x0ctrang 2", "trang 1\ntrang 2"),  # form feed
    ("a\n\n\n\nb\n\n", "a\n\nb"),  # runs of blank lines squeezed
    ("ký tự\x07 điều khiển\x01", "ký tự điều khiển"),
    ("105/2024/NĐ\ufffeCP", "105/2024/NĐ-CP"),  # PDFium's end-of-line hyphen mark
])
def test_lookalikes_and_spaces(raw, clean):
    assert normalise_text(raw) == clean


def test_output_is_nfc():
    text = normalise_text(unicodedata.normalize("NFD", "Thủ tướng Chính phủ; hoà, thuỷ"))
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("raw, clean", [
    ("Nghị định số 32/2024/NĐ- CP ngày", "Nghị định số 32/2024/NĐ-CP ngày"),
    ("Nghị định số 32/2024/NĐ -CP ngày", "Nghị định số 32/2024/NĐ-CP ngày"),
    ("Nghị định số 32/2024/NĐ-\nCP ngày", "Nghị định số 32/2024/NĐ-CP ngày"),
    ("Nghị định số 32/2024/NĐ\n-CP ngày", "Nghị định số 32/2024/NĐ-CP ngày"),
    ("Nghị định số 32/2024/NĐ–CP", "Nghị định số 32/2024/NĐ-CP"),
    ("Thông tư 14/2024/TT- BCT", "Thông tư 14/2024/TT-BCT"),
    ("Kế hoạch 48/KH-\nSCT", "Kế hoạch 48/KH-SCT"),
    ("liên tịch 05/2020/TTLT-BTC- BCT- NHNN", "liên tịch 05/2020/TTLT-BTC-BCT-NHNN"),
    ("Quyết định 1234/QĐ- UBND", "Quyết định 1234/QĐ-UBND"),
    ("Nghị quyết 12/2023/NQ-\nHĐND", "Nghị quyết 12/2023/NQ-HĐND"),
])
def test_broken_document_numbers_rejoined(raw, clean):
    assert normalise_text(raw) == clean


@pytest.mark.parametrize("text", [
    "Nghị định 32/2024/NĐ-CP - UBND tỉnh",  # a dash between words, spaced on both sides
    "phát triển kinh tế -\nxã hội",
    "32/2024/NĐ-CP - CHÍNH PHỦ",
    "Điều 5 -\nNội dung",
    "Luật số 36/2005/QH11",
])
def test_text_that_is_not_a_broken_number_is_kept(text):
    assert rejoin_document_numbers(text) == text


@pytest.mark.parametrize("raw, clean", [
    ("Chương IIHÀNH VI VI PHẠM", "Chương II\nHÀNH VI VI PHẠM"),
    ("Chương IIVI PHẠM QUY ĐỊNH", "Chương II\nVI PHẠM QUY ĐỊNH"),
    ("Chương IVĐIỀU KHOẢN THI HÀNH", "Chương IV\nĐIỀU KHOẢN THI HÀNH"),
    ("Chương IIITHẨM QUYỀN", "Chương III\nTHẨM QUYỀN"),
    ("Mục 4VI PHẠM QUY ĐỊNH", "Mục 4\nVI PHẠM QUY ĐỊNH"),
    ("Chương II\nQUY ĐỊNH CỤ THỂ", "Chương II\nQUY ĐỊNH CỤ THỂ"),
    ("Mục 1. PHƯƠNG ÁN PHÁT TRIỂN", "Mục 1. PHƯƠNG ÁN PHÁT TRIỂN"),
    ("Chương I", "Chương I"),
    ("Chương VII", "Chương VII"),
    ("NGHỊ ĐỊNHQuy định xử phạt", "NGHỊ ĐỊNH\nQuy định xử phạt"),
    ("THÔNG TƯHướng dẫn", "THÔNG TƯ\nHướng dẫn"),
    ("NGHỊ ĐỊNH\nQuy định", "NGHỊ ĐỊNH\nQuy định"),
    ("LUẬTSƯ", "LUẬTSƯ"),
])
def test_heading_glued_to_its_title_is_split(raw, clean):
    assert normalise_text(raw) == clean


@pytest.mark.parametrize("line, page", [
    ("12", True), ("- 12 -", True), ("– 3 –", True), ("Trang 3", True), ("Trang 3/96", True),
    ("3/96", True), ("Page 7 of 20", True), ("  5  ", True),
    ("1.", False), ("a)", False), ("Điều 1", False), ("12. Quy định chung", False),
    ("Chương II", False), ("Số: 32/2024/NĐ-CP", False), ("Trang thông tin điện tử", False),
])
def test_page_number_lines(line, page):
    assert is_page_number(line) is page
