"""Metadata: header block patterns, dates, types, issuers, signature, notes, file names."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.dates import find_date, parse_date_value
from ingest.doctypes import issuer_from_number, issuer_name, match_type_line, type_from_number
from ingest.header import find_issuer, find_number, find_place_date, parse_front
from ingest.metadata import effective_clause, effective_date
from ingest.pipeline import parse_text
from ingest.signature import parse_tail
from ingest.sources import from_filename, from_notes
from ingest.structure import parse_structure


@pytest.mark.parametrize(("line", "number"), [
    ("Số: 32/2024/NĐ-CP", "32/2024/NĐ-CP"),
    ("Số: 14/2024/TT-BCT Hà Nội, ngày 15 tháng 8 năm 2024", "14/2024/TT-BCT"),
    ("Luật số: 36/2005/QH11", "36/2005/QH11"),
    ("Số: 48/KH-SCT", "48/KH-SCT"),
    ("Số: 9/2019/nđ-cp", "09/2019/NĐ-CP"),
    ("Số: 1234/QĐ-UBND", "1234/QĐ-UBND"),
    ("Số: 05/2024/NQ-HĐND", "05/2024/NQ-HĐND"),
])
def test_document_numbers(line: str, number: str) -> None:
    assert find_number(["CHÍNH PHỦ", line]) == number


@pytest.mark.parametrize(("line", "place", "issued"), [
    ("Hà Nội, ngày 15 tháng 3 năm 2024", "Hà Nội", date(2024, 3, 15)),
    ("Sóc Trăng, ngày 05 tháng 01 năm 2025", "Sóc Trăng", date(2025, 1, 5)),
    ("Số: 14/2024/TT-BCT Hà Nội, ngày 15 tháng 8 năm 2024", "Hà Nội", date(2024, 8, 15)),
    ("TP. Hồ Chí Minh, ngày 1 tháng 12 năm 2023", "TP. Hồ Chí Minh", date(2023, 12, 1)),
    ("Hà Nội, ngày 31 tháng 2 năm 2024", "Hà Nội", None),  # no such day: never a wrong date
    ("…, ngày … tháng … năm …", None, None),
])
def test_place_and_date(line: str, place: str | None, issued: date | None) -> None:
    assert find_place_date([line]) == (place, issued)


@pytest.mark.parametrize(("text", "expected"), [
    ("có hiệu lực thi hành từ ngày 01 tháng 5 năm 2024", date(2024, 5, 1)),
    ("kể từ ngày 01/01/2006)", date(2006, 1, 1)),
    ("ngày 14/06/2005 của Quốc hội", date(2005, 6, 14)),
    ("ngày 5-7-2012", date(2012, 7, 5)),
    ("không có ngày", None),
    ("ngày 32 tháng 13 năm 2024", None),
])
def test_find_date(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (date(2024, 12, 26), date(2024, 12, 26)), ("2024-12-26", date(2024, 12, 26)),
    ("26/12/2024", date(2024, 12, 26)), ("hôm qua", None), (20241226, None),
])
def test_sidecar_date_values(value: object, expected: date | None) -> None:
    assert parse_date_value(value) == expected


@pytest.mark.parametrize(("line", "doc_type", "rest"), [
    ("NGHỊ ĐỊNH", "Nghị định", ""),
    ("THÔNG TƯ", "Thông tư", ""),
    ("LUẬT THƯƠNG MẠI", "Luật", "THƯƠNG MẠI"),
    ("BỘ LUẬT DÂN SỰ", "Bộ luật", "DÂN SỰ"),
    ("QUYẾT ĐỊNH", "Quyết định", ""),
    ("NGHỊ QUYẾT", "Nghị quyết", ""),
    ("CHỈ THỊ", "Chỉ thị", ""),
    ("KẾ HOẠCH", "Kế hoạch", ""),
    ("NGHỊ ĐỊNHQuy định xử phạt", "Nghị định", "Quy định xử phạt"),  # web copy, glued
])
def test_type_lines(line: str, doc_type: str, rest: str) -> None:
    assert match_type_line(line) == (doc_type, rest)


@pytest.mark.parametrize("line", ["QUYẾT ĐỊNH:", "Nghị định này quy định", "CHÍNH PHỦ"])
def test_not_type_lines(line: str) -> None:
    assert match_type_line(line) is None


@pytest.mark.parametrize(("number", "doc_type", "issuer"), [
    ("32/2024/NĐ-CP", "Nghị định", "Chính phủ"),
    ("14/2024/TT-BCT", "Thông tư", "Bộ Công Thương"),
    ("36/2005/QH11", "Luật", "Quốc hội"),
    ("48/KH-SCT", "Kế hoạch", "Sở Công Thương"),
    ("01/2020/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ"),
    ("05/2024/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân"),
    ("123/SCT-KT", None, "Sở Công Thương"),
])
def test_type_and_issuer_from_number(number: str, doc_type: str | None, issuer: str) -> None:
    assert (type_from_number(number), issuer_from_number(number)) == (doc_type, issuer)


@pytest.mark.parametrize(("upper", "spelled"), [
    ("CHÍNH PHỦ", "Chính phủ"), ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"), ("QUỐC HỘI", "Quốc hội"),
    ("BỘ TÀI CHÍNH", "Bộ Tài chính"), ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
    ("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", "Ủy ban nhân dân tỉnh Sóc Trăng"),
])
def test_issuer_spelling(upper: str, spelled: str) -> None:
    assert issuer_name(upper) == spelled


@pytest.mark.parametrize(("lines", "issuer"), [
    (["CHÍNH PHỦ", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], "Chính phủ"),
    (["BỘ CÔNG THƯƠNG -------", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"], "Bộ Công Thương"),
    (["UBND TỈNH SÓC TRĂNG", "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
     "Sở Công Thương"),
    (["ỦY BAN NHÂN DÂN", "TỈNH SÓC TRĂNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
     "Ủy ban nhân dân tỉnh Sóc Trăng"),
    (["QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], "Quốc hội"),  # one PDF line
    (["NGHỊ ĐỊNH", "Căn cứ Luật"], None),  # no motto: no header block
])
def test_issuer_lines(lines: list[str], issuer: str | None) -> None:
    assert find_issuer(lines) == issuer


FRONT = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 139/2025/NĐ-CP Hà Nội, ngày 12 tháng 6 năm 2025
NGHỊ ĐỊNH
QUY ĐỊNH VỀ PHÂN ĐỊNH THẨM QUYỀN CỦA CHÍNH QUYỀN ĐỊA PHƯƠNG 02 CẤP TRONG LĨNH VỰC
QUẢN LÝ NHÀ NƯỚC CỦA BỘ CÔNG THƯƠNG
Căn cứ Luật Tổ chức Chính phủ năm 2025;
Căn cứ Nghị quyết số 190/2025/QH15 ngày 19 tháng 02 năm 2025 của Quốc hội quy định về xử
lý một số vấn đề;
Theo đề nghị của Bộ trưởng Bộ Công Thương;
Chính phủ ban hành Nghị định quy định về phân định thẩm quyền của chính quyền địa phương 02
cấp trong lĩnh vực quản lý nhà nước của Bộ Công Thương.""".splitlines()


def test_front_matter_of_a_decree() -> None:
    front = parse_front(FRONT)
    assert (front.issuer, front.number, front.place, front.issued, front.doc_type) == (
        "Chính phủ", "139/2025/NĐ-CP", "Hà Nội", date(2025, 6, 12), "Nghị định")
    # spelled as the enacting clause spells it, not lower-cased blindly
    assert front.title == ("Quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp "
                           "trong lĩnh vực quản lý nhà nước của Bộ Công Thương")
    assert front.basis == [
        "Căn cứ Luật Tổ chức Chính phủ năm 2025;",
        "Căn cứ Nghị quyết số 190/2025/QH15 ngày 19 tháng 02 năm 2025 của Quốc hội quy định "
        "về xử lý một số vấn đề;"]
    assert front.enacting_issuer == "Chính phủ"


def test_front_matter_of_a_circular_names_the_ministry() -> None:
    lines = ["THÔNG TƯ", "QUY ĐỊNH CHẾ ĐỘ BÁO CÁO",
             "Bộ trưởng Bộ Công Thương ban hành Thông tư quy định chế độ báo cáo."]
    front = parse_front(lines)
    assert (front.doc_type, front.title, front.enacting_issuer) == (
        "Thông tư", "Quy định chế độ báo cáo", "Bộ Công Thương")


@pytest.mark.parametrize(("sentence", "issued", "expected"), [
    ("Nghị định này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2024.", None, date(2024, 5, 1)),
    ("Thông tư này có hiệu lực từ ngày 01 tháng 7 năm 2025.", None, date(2025, 7, 1)),
    ("Luật này có hiệu lực thi hành kể từ ngày 01/01/2006.", None, date(2006, 1, 1)),
    ("Quyết định này có hiệu lực kể từ ngày ký.", date(2030, 2, 3), date(2030, 2, 3)),
    ("Nghị định này có hiệu lực thi hành kể từ ngày ký.", None, None),
    ("Giấy chứng nhận có hiệu lực trong thời gian 03 năm.", None, None),
    ("Điểm m khoản 3 Điều 6 của Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.",
     None, None),  # an exception for one provision, not the document's date
])
def test_effective_dates(sentence: str, issued: date | None, expected: date | None) -> None:
    body, _, _ = parse_structure(f"Điều 9. Hiệu lực thi hành\n{sentence}", "x")
    assert effective_date(effective_clause(body), issued) == expected


def test_effective_date_prefers_the_final_articles() -> None:
    body, _, _ = parse_structure(
        "Điều 1. Chuyển tiếp\nGiấy phép cấp trước khi Nghị định này có hiệu lực từ ngày ký.\n"
        "Điều 2. Hiệu lực thi hành\n1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 "
        "năm 2025, trừ quy định tại khoản 2 Điều này.", "x")
    assert effective_date(effective_clause(body), None) == date(2025, 1, 1)


def test_signature_block() -> None:
    tail = ["Nơi nhận:", "- Ban Bí thư Trung ương Đảng;", "- VPCP: BTCN, các PCN,",
            "các Vụ, Cục, Công báo;", "TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG",
            "24", "- Lưu: VT, CN (2b).", "Trần Hồng Hà"]  # PDF order: columns interleaved
    sig = parse_tail(tail)
    assert (sig.signer, sig.signer_title) == ("Trần Hồng Hà", "Phó Thủ tướng")
    assert sig.recipients.splitlines() == [
        "Nơi nhận:", "- Ban Bí thư Trung ương Đảng;", "- VPCP: BTCN, các PCN,",
        "các Vụ, Cục, Công báo;", "- Lưu: VT, CN (2b)."]


@pytest.mark.parametrize(("line", "title"), [
    ("KT. THỦ TƯỚNG", "KT. Thủ tướng"), ("PHÓ THỦ TƯỚNG", "Phó Thủ tướng"),
    ("THỨ TRƯỞNG", "Thứ trưởng"), ("PHÓ GIÁM ĐỐC", "Phó Giám đốc"),
    ("TM. ỦY BAN NHÂN DÂN", "TM. Ủy ban nhân dân"), ("CHỦ TỊCH QUỐC HỘI", "Chủ tịch Quốc hội"),
])
def test_signing_titles(line: str, title: str) -> None:
    assert parse_tail([line, "Lê Văn Cường"]).signer_title == title


def test_official_letter_subject_is_its_title() -> None:
    front = parse_front(["SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Số: 1234/SCT-QLTM", "V/v hướng dẫn quản lý chợ tạm dịp Tết",
                         "Sóc Trăng, ngày 20 tháng 12 năm 2024", "Kính gửi: Các huyện"])
    assert (front.number, front.doc_type, front.title, front.issuer, front.place) == (
        "1234/SCT-QLTM", "Công văn", "Hướng dẫn quản lý chợ tạm dịp Tết", "Sở Công Thương",
        "Sóc Trăng")


def test_law_passing_date_from_the_closing_sentence() -> None:
    sig = parse_tail(["Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XI, "
                      "kỳ họp thứ 7 thông qua ngày 14 tháng 6 năm 2005.", "CHỦ TỊCH QUỐC HỘI",
                      "Nguyễn Văn An"])
    assert (sig.passed, sig.signer, sig.signer_title) == (
        date(2005, 6, 14), "Nguyễn Văn An", "Chủ tịch Quốc hội")


NOTES = [
    "[Nguồn pháp điển: Điều 34.11.LQ.1; (Điều 1 Luật số 36/2005/QH11 Thương mại ngày 14/06/2005 "
    "của Quốc hội, có hiệu lực thi hành kể từ ngày 01/01/2006)]",
    "[Nguồn pháp điển: Điều 34.11.LQ.28; (Điều 28 Luật số 36/2005/QH11, có hiệu lực thi hành kể "
    "từ ngày 01/01/2006, có nội dung bị bãi bỏ bởi Điều 112 Luật số 05/2017/QH14 có hiệu lực thi "
    "hành kể từ ngày 01/01/2018)]",
    "[Nguồn pháp điển: Điều 34.11.LQ.29; (Điều 29 Luật số 36/2005/QH11, có hiệu lực thi hành kể "
    "từ ngày 01/01/2006)]",
]


def test_phap_dien_notes_name_the_document() -> None:
    found = from_notes(NOTES)
    assert (found.number, found.doc_type, found.title, found.issued, found.issuer,
            found.effective_from) == ("36/2005/QH11", "Luật", "Thương mại", date(2005, 6, 14),
                                      "Quốc hội", date(2006, 1, 1))


def test_notes_without_the_first_article_give_no_dates() -> None:
    found = from_notes(NOTES[1:])
    assert (found.number, found.issued, found.effective_from) == (
        "36/2005/QH11", None, date(2006, 1, 1))


@pytest.mark.parametrize(("name", "number", "doc_type"), [
    ("nd-168-2024-xu-phat-giao-thong-duong-bo.txt", "168/2024/NĐ-CP", "Nghị định"),
    ("tt-14-2024-bct-bao-cao-cum-cong-nghiep.pdf", "14/2024/TT-BCT", "Thông tư"),
    ("luat-36-2005-qh11-thuong-mai-phap-dien.txt", "36/2005/QH11", "Luật"),
    ("qd-12-2024-ubnd-quy-che.docx", "12/2024/QĐ-UBND", "Quyết định"),
    ("nd-9-2019.pdf", "09/2019/NĐ-CP", "Nghị định"),
    ("tt-14-2024.docx", None, "Thông tư"),  # issuer code missing: no number guessed
    ("bao-cao-khao-sat.txt", None, None),
])
def test_file_names(name: str, number: str | None, doc_type: str | None) -> None:
    found = from_filename(name)
    assert (found.number, found.doc_type) == (number, doc_type)


def test_precedence_and_sources() -> None:
    text = "\n".join([*FRONT, "Điều 1. Hiệu lực", "Nghị định này có hiệu lực kể từ ngày ký."])
    sidecar = {"issued": "2025-06-13", "signer": "Nguyễn Hòa Bình", "colour": "đỏ"}
    doc = parse_text(text, filename="nd-1-2000-khac.txt", sidecar=sidecar)
    sources = dict(doc.meta_sources)
    assert (doc.number, sources["number"]) == ("139/2025/NĐ-CP", "header")  # header > file name
    assert (doc.issued, sources["issued"]) == (date(2025, 6, 13), "sidecar")  # sidecar > header
    assert (doc.effective_from, sources["effective_from"]) == (date(2025, 6, 13), "text")
    assert any("khóa không được hỗ trợ 'colour'" in w for w in doc.warnings)
    assert any("khác tên tệp (01/2000/NĐ-CP)" in w for w in doc.warnings)


def test_unknown_metadata_is_a_warning_not_a_failure() -> None:
    doc = parse_text("Điều 1. Phạm vi\nNội dung.", filename="ghi-chu.txt")
    assert (doc.number, doc.issued, doc.doc_id) == (None, None, "ghi-chu")
    assert "Không xác định được số hiệu" in doc.warnings
    assert "Không xác định được ngày ban hành" in doc.warnings
    assert doc.articles()[0].key == "ghi-chu#dieu-1"


def test_numbers_and_dates_in_the_legal_basis_are_not_the_documents() -> None:
    front = parse_front(["NGHỊ ĐỊNH", "VỀ CHỢ", "Căn cứ Luật số 36/2005/QH11;",
                         "Căn cứ Luật Quy hoạch, ngày 24 tháng 11 năm 2017;"])
    assert (front.number, front.issued, front.place, front.doc_type) == (
        None, None, None, "Nghị định")
