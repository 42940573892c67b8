"""Hierarchy parsing: heading patterns, the provision tree, quotes, annexes, the report."""

from __future__ import annotations

import pytest

from ingest.models import ARTICLE, CHAPTER, CLAUSE, PART, POINT, SECTION, SUBSECTION
from ingest.patterns import match_annex, match_article, match_clause, match_container, match_point
from ingest.report import numbering_warnings
from ingest.structure import parse_structure


@pytest.mark.parametrize(("line", "number", "heading"), [
    ("Điều 1. Phạm vi điều chỉnh", "1", "Phạm vi điều chỉnh"),
    ("Điều 5a. Xử lý vi phạm", "5a", "Xử lý vi phạm"),
    ("Điều 12: Bán hàng trên vỉa hè", "12", "Bán hàng trên vỉa hè"),
    ("ĐIỀU 3. GIẢI THÍCH TỪ NGỮ", "3", "GIẢI THÍCH TỪ NGỮ"),
    ("Điều 324. Quy định chi tiết", "324", "Quy định chi tiết"),
    ("Điều 7.", "7", ""),
])
def test_article_headings(line: str, number: str, heading: str) -> None:
    head = match_article(line)
    assert head is not None and (head.kind, head.number, head.rest) == (ARTICLE, number, heading)


@pytest.mark.parametrize("line", [
    "Điều 36 Nghị định số 33/2024/NĐ-CP do Ủy ban nhân dân cấp tỉnh thực hiện.",  # PDF wrap
    "Điều 6. của Thông tư số 12/2018/TT-BCT",
    "Điều khoản thi hành",
    "Các Điều 5, 6 được bãi bỏ.",
])
def test_not_article_headings(line: str) -> None:
    assert match_article(line) is None


@pytest.mark.parametrize(("line", "number", "text"), [
    ("1. Nghị định này quy định về:", "1", "Nghị định này quy định về:"),
    ("2a. Chợ đầu mối là chợ hạng 1.", "2a", "Chợ đầu mối là chợ hạng 1."),
    ("12. Văn bản điện tử.", "12", "Văn bản điện tử."),
])
def test_clause_markers(line: str, number: str, text: str) -> None:
    head = match_clause(line)
    assert head is not None and (head.kind, head.number, head.rest) == (CLAUSE, number, text)


@pytest.mark.parametrize("line", ["1.000.000 đồng", "2024. Năm", "a) Điểm a", "I. MỤC ĐÍCH"])
def test_not_clause_markers(line: str) -> None:
    assert match_clause(line) is None


@pytest.mark.parametrize(("line", "number"), [
    ("a) Xử phạt vi phạm hành chính;", "a"),
    ("đ) Hộ kinh doanh khác.", "đ"),
    ("a1) Vị trí ở trung tâm xã;", "a1"),
    ("y) Điểm cuối;", "y"),
])
def test_point_markers(line: str, number: str) -> None:
    head = match_point(line)
    assert head is not None and (head.kind, head.number) == (POINT, number)


@pytest.mark.parametrize("line", ["f) không có điểm f", "(a) ngoặc", "1) số", "ab) hai chữ"])
def test_not_point_markers(line: str) -> None:
    assert match_point(line) is None


@pytest.mark.parametrize(("line", "expected", "kind", "number", "title"), [
    ("Chương II", 2, CHAPTER, "II", ""),
    ("Chương IV. ĐIỀU KHOẢN THI HÀNH", 4, CHAPTER, "IV", "ĐIỀU KHOẢN THI HÀNH"),
    ("Chương IIHÀNH VI VI PHẠM", 2, CHAPTER, "II", "HÀNH VI VI PHẠM"),  # web copy, glued
    ("Chương IIITHẨM QUYỀN", 3, CHAPTER, "III", "THẨM QUYỀN"),
    ("Chương IVĐIỀU KHOẢN THI HÀNH", 4, CHAPTER, "IV", "ĐIỀU KHOẢN THI HÀNH"),
    ("Mục 1. PHƯƠNG ÁN PHÁT TRIỂN", 0, SECTION, "1", "PHƯƠNG ÁN PHÁT TRIỂN"),
    ("Mục 1VI PHẠM QUY TẮC GIAO THÔNG", 0, SECTION, "1", "VI PHẠM QUY TẮC GIAO THÔNG"),
    ("Mục 2", 0, SECTION, "2", ""),
    ("Tiểu mục 1", 0, SUBSECTION, "1", ""),
    ("Phần thứ nhất", 0, PART, "thứ nhất", ""),
    ("PHẦN II. HỢP ĐỒNG", 0, PART, "II", "HỢP ĐỒNG"),
])
def test_container_headings(line: str, expected: int, kind: str, number: str, title: str) -> None:
    head = match_container(line, expected)
    assert head is not None and (head.kind, head.number, head.rest) == (kind, number, title)


@pytest.mark.parametrize("line", [
    "Mục I Phụ lục II; Mục V Phụ lục II Nghị định số 60/2024/NĐ-CP",
    "Chương này quy định về thẩm quyền",
    "Phần 2 của biểu mẫu",
])
def test_not_container_headings(line: str) -> None:
    assert match_container(line, 1) is None


@pytest.mark.parametrize(("line", "strict", "nxt", "number"), [
    ("PHỤ LỤC I", True, "", "I"),
    ("PHỤ LỤC", True, "", ""),
    ("Phụ lục II", False, "DANH MỤC", "II"),
    ("Phụ lục II", True, "DANH MỤC CHỢ", "II"),
    ("Phụ lục 01: Biểu mẫu báo cáo", False, "", "01"),
    ("Phụ lục I ban hành kèm theo Nghị định này", False, "", None),
    ("Phụ lục II", True, "được sửa đổi như sau", None),
])
def test_annex_headings(line: str, strict: bool, nxt: str, number: str | None) -> None:
    head = match_annex(line, strict, nxt)
    assert (head.number if head else None) == number


def _articles(text: str, ref: str = "1/2030/NĐ-CP"):
    body, annexes, warnings = parse_structure(text, ref)
    return [p for top in body for p in top.walk() if p.kind == ARTICLE], annexes, warnings


DECREE = """CHÍNH PHỦ
Số: 1/2030/NĐ-CP
Căn cứ Luật Tổ chức Chính phủ;
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi
1. Khoản một:
a) điểm a;
đ) điểm đ sau a (thứ tự lạ vẫn nhận).
2. Khoản hai.
Chương II
QUẢN LÝ
Mục 1
PHÂN HẠNG
Điều 2. Phân hạng
Nội dung điều hai.
Nơi nhận:
- Lưu: VT.
TM. CHÍNH PHỦ
THỦ TƯỚNG
Nguyễn Văn A
"""


def test_tree_paths_keys_and_headings() -> None:
    body, annexes, _ = parse_structure(DECREE, "1/2030/NĐ-CP")
    assert [(p.kind, p.number, p.heading, p.path) for p in body] == [
        (CHAPTER, "I", "QUY ĐỊNH CHUNG", "chuong-i"), (CHAPTER, "II", "QUẢN LÝ", "chuong-ii")]
    section = body[1].children[0]
    assert (section.path, section.heading) == ("chuong-ii.muc-1", "PHÂN HẠNG")
    art1 = body[0].children[0]
    assert art1.path == "dieu-1" and art1.key == "1/2030/NĐ-CP#dieu-1"
    assert [c.path for c in art1.walk()] == [
        "dieu-1", "dieu-1.khoan-1", "dieu-1.khoan-1.diem-a", "dieu-1.khoan-1.diem-dd",
        "dieu-1.khoan-2"]
    assert art1.children[0].children[1].text == "điểm đ sau a (thứ tự lạ vẫn nhận)."
    assert section.children[0].text == "Nội dung điều hai."  # the recipients stay out
    assert annexes == ()


def test_quoted_amendment_stays_in_its_clause() -> None:
    text = """Điều 1. Sửa đổi Nghị định số 60/2024/NĐ-CP
1. Sửa đổi Điều 4 như sau:
“Điều 4. Phát triển chợ
1. Ủy ban nhân dân cấp tỉnh phê duyệt.
2. Ủy ban nhân dân cấp xã thực hiện.”
2. Bổ sung điểm c khoản 2 Điều 9 như sau:
"c) Báo cáo hằng năm.".
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày ký.
"""
    articles, _, warnings = _articles(text)
    assert [a.number for a in articles] == ["1", "2"]
    clauses = articles[0].children
    assert [c.number for c in clauses] == ["1", "2"]
    assert clauses[0].text.splitlines() == [
        "Sửa đổi Điều 4 như sau:", "“Điều 4. Phát triển chợ",
        "1. Ủy ban nhân dân cấp tỉnh phê duyệt.", "2. Ủy ban nhân dân cấp xã thực hiện.”"]
    assert clauses[1].children == ()  # the quoted point c) belongs to the amended text
    assert warnings == []


def test_unclosed_quote_ends_at_the_next_article_of_the_document() -> None:
    text = """Điều 7. Sửa đổi Thông tư số 12/2018/TT-BCT
1. Bổ sung điểm h khoản 1 Điều 18 như sau:
“h) Tiếp nhận đăng ký;
i) Chủ trì đề xuất.
2. Bổ sung điểm e khoản 2 Điều 18 như sau:
“e) Chủ trì xây dựng tiêu chuẩn”.
Điều 8. Hiệu lực thi hành
Thông tư này có hiệu lực từ ngày 01 tháng 7 năm 2030.
"""
    articles, _, warnings = _articles(text)
    assert [a.number for a in articles] == ["7", "8"]
    assert [c.number for c in articles[0].children] == ["1", "2"]
    assert any("Thiếu dấu đóng ngoặc kép" in w for w in warnings)


def test_annex_forms_are_not_body_articles() -> None:
    text = DECREE + """PHỤ LỤC I
MẪU QUYẾT ĐỊNH
(Kèm theo Nghị định số 1/2030/NĐ-CP)
Điều 1. Công nhận chợ … là chợ hạng ….
Điều 2. Quyết định này có hiệu lực từ ngày ký.
PHỤ LỤC II
DANH MỤC
"""
    articles, annexes, _ = _articles(text)
    assert [a.number for a in articles] == ["1", "2"]
    assert [(a.kind, a.number, a.heading, a.path) for a in annexes] == [
        ("phu-luc", "I", "MẪU QUYẾT ĐỊNH", "phu-luc-i"),
        ("phu-luc", "II", "DANH MỤC", "phu-luc-ii")]
    assert annexes[0].text.splitlines()[1] == "Điều 1. Công nhận chợ … là chợ hạng …."


def test_wrapped_backward_article_reference_is_text() -> None:
    text = """Điều 16. Sửa đổi
4. Thay thế cụm từ tại điểm b khoản 3
Điều 6 .
5. Sửa đổi Điều 10.
Điều 17. Tiếp theo
"""
    articles, _, warnings = _articles(text)
    assert [a.number for a in articles] == ["16", "17"]
    assert articles[0].children[0].text.endswith("Điều 6 .")
    assert any("Dòng nghi vấn" in w for w in warnings)


def test_phap_dien_note_is_metadata_not_text() -> None:
    text = """Điều 1. Phạm vi điều chỉnh
[Nguồn pháp điển: Điều 34.11.LQ.1; (Điều 1 Luật số 36/2005/QH11, có hiệu lực thi hành ...)]
1. Hoạt động thương mại.
"""
    articles, _, _ = _articles(text, "36/2005/QH11")
    assert articles[0].note.startswith("Nguồn pháp điển: Điều 34.11.LQ.1;")
    assert "Nguồn pháp điển" not in articles[0].full_text()
    assert articles[0].children[0].key == "36/2005/QH11#dieu-1.khoan-1"


def test_heading_glued_to_a_sentence_is_dropped_with_a_warning() -> None:
    text = "Điều 17. Khen\n1. Bồi thường theo quy định của pháp luật.Chương VI\nĐiều 18. Hiệu lực"
    articles, _, warnings = _articles(text)
    assert articles[0].children[0].text == "Bồi thường theo quy định của pháp luật."
    assert any("Chương VI" in w for w in warnings)


def test_web_copy_of_a_chapter_title_is_not_article_text() -> None:
    text = "Chương IVĐIỀU KHOẢN THI HÀNH\nĐiều 52. Sửa\nĐIỀU KHOẢN THI HÀNH\n1. Bổ sung khoản 2a."
    articles, _, _ = _articles(text)
    assert articles[0].text == "" and articles[0].children[0].text == "Bổ sung khoản 2a."


def test_text_without_headings_is_one_provision_with_a_warning() -> None:
    body, annexes, warnings = parse_structure("Kính gửi: Các phòng\nNội dung công văn.\n", "x")
    assert len(body) == 1 and body[0].text == "Nội dung công văn." and annexes == ()
    assert any("Không nhận ra cấu trúc" in w for w in warnings)


def test_numbering_gaps_and_repeats_are_reported() -> None:
    body, _, _ = parse_structure(
        "Điều 6. A\nĐiều 8. B\n1. một\n3. ba\na) a\nc) c\nĐiều 11. C\n", "x")
    warnings = numbering_warnings(body)
    assert "Điều 7 bị thiếu giữa Điều 6 và Điều 8" in warnings
    assert "Điều 9–10 bị thiếu giữa Điều 8 và Điều 11" in warnings
    assert "Khoản 2 bị thiếu giữa khoản 1 và khoản 3 (Điều 8)" in warnings
    assert "Điểm b bị thiếu giữa điểm a và điểm c (Khoản 3 Điều 8)" in warnings


def test_text_attached_after_the_signature_is_an_annex() -> None:
    text = """Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý chợ.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Lâu
QUY CHẾ
Quản lý chợ trên địa bàn tỉnh
(Ban hành kèm theo Quyết định số 12/2024/QĐ-UBND của Ủy ban nhân dân tỉnh)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
"""
    articles, annexes, _ = _articles(text)
    assert [a.number for a in articles] == ["1", "2"]
    assert [(a.heading, a.path) for a in annexes] == [
        ("QUY CHẾ Quản lý chợ trên địa bàn tỉnh", "phu-luc")]
    assert annexes[0].text.endswith("Điều 1. Phạm vi điều chỉnh")


def test_forms_after_the_signature_without_a_heading_are_kept_as_an_annex() -> None:
    text = """Điều 1. Hiệu lực
Thông tư này có hiệu lực từ ngày ký.
Nơi nhận:
- Lưu: VT.
BỘ TRƯỞNG
Nguyễn Văn An
Mẫu số 01
ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP
Kính gửi: Sở Công Thương
"""
    articles, annexes, _ = _articles(text)
    assert [a.number for a in articles] == ["1"]
    assert len(annexes) == 1 and annexes[0].heading == "Mẫu số 01"
    assert annexes[0].text.splitlines() == ["ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP", "Kính gửi: Sở Công Thương"]


@pytest.mark.parametrize(("line", "number", "heading"), [
    ("Điều 34.11.LQ.1. Phạm vi điều chỉnh", "1", "Phạm vi điều chỉnh"),  # Pháp điển code
    ("Điều 7.5.NĐ.12 Nguyên tắc hoạt động", "12", "Nguyên tắc hoạt động"),
])
def test_phap_dien_coded_article_headings(line: str, number: str, heading: str) -> None:
    head = match_article(line)
    assert head is not None and (head.number, head.rest) == (number, heading)


def test_article_title_on_its_own_line() -> None:
    articles, _, _ = _articles("Điều 1.\nPhạm vi điều chỉnh\nNghị định này quy định về chợ.\n"
                               "Điều 2.\nNhà nước bảo đảm quyền làm chủ của Nhân dân.\n")
    assert [(a.heading, a.text) for a in articles] == [
        ("Phạm vi điều chỉnh", "Nghị định này quy định về chợ."),
        ("", "Nhà nước bảo đảm quyền làm chủ của Nhân dân.")]  # a sentence is not a title


def test_repeated_annex_numbers_keep_distinct_paths() -> None:
    _, annexes, _ = _articles("Điều 1. A\nNội dung.\nPHỤ LỤC I\nMẪU A\nPHỤ LỤC I\nMẪU B\nPHỤ LỤC\n")
    assert [a.path for a in annexes] == ["phu-luc-i", "phu-luc-i-2", "phu-luc-3"]
    assert len({a.key for a in annexes}) == 3
