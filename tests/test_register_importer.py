"""Survey report -> proposed issues, and the officer's split / merge of proposals."""

from __future__ import annotations

import pytest
from conftest import need_shared

from register import importer
from register.fields import guess_field

REPORT = ("surveys", "soc-trang-khao-sat-cong-thuong-9-thang-2024.txt")


@pytest.fixture(scope="module")
def shared_report() -> str:
    return need_shared(*REPORT).read_text(encoding="utf-8")


def test_shared_report_proposes_its_three_difficulties(shared_report):
    _survey, proposals = importer.propose(shared_report)
    texts = [p.description for p in proposals]
    assert len(texts) == 3
    assert texts[0].startswith("Chưa có đội ngũ cán bộ chuyên trách")
    assert texts[1].startswith("Tình hình quản lý, phát triển chợ")
    assert texts[1].endswith("từng nơi còn tái diễn")
    assert texts[2].startswith("Việc rà soát, thống kê")
    assert texts[2].endswith("do chưa có cơ chế, chính sách cụ thể")
    # the second "như:" lists new documents, not difficulties
    assert not any("Nghị định" in t or "Thông tư" in t for t in texts)


def test_a_headline_in_capitals_becomes_a_name_in_sentence_case():
    report = ("KHẢO SÁT CHỢ NÔNG THÔN TẠI HUYỆN MỸ TÚ NĂM 2024\nTheo kế hoạch, Đoàn 2 làm việc "
              "với huyện Mỹ Tú về chợ nông thôn.\n")
    assert importer.guess_name(report) == "Khảo sát chợ nông thôn tại huyện Mỹ Tú năm 2024"
    assert importer.guess_name("Khảo sát chợ Mỹ Tú\nNội dung.") == "Khảo sát chợ Mỹ Tú"


def test_shared_report_titles_end_with_a_whole_phrase(shared_report):
    _survey, proposals = importer.propose(shared_report)
    for p in proposals:  # the description goes on after the title with a comma or a clause
        assert p.description.startswith(p.title) and not p.title.endswith("…")
        assert p.description[len(p.title):][:1] in ("", ",", " ")
    first, _market, last = proposals
    assert first.title == ("Chưa có đội ngũ cán bộ chuyên trách lĩnh vực Công thương, cán bộ "
                           "còn thiếu so với yêu cầu, còn kiêm nhiệm")
    assert last.title == ("Việc rà soát, thống kê, đánh giá năng lực sản xuất của các cơ sở "
                          "sản xuất công nghiệp - tiểu thủ công nghiệp chưa đáp ứng yêu cầu")


def test_second_difficulty_splits_into_market_management_and_street_trading(shared_report):
    _survey, proposals = importer.propose(shared_report)
    assert [bool(p.splits) for p in proposals] == [False, True, False]
    market, street = importer.split_suggested(proposals[1])
    assert market.description == "Tình hình quản lý, phát triển chợ còn nhiều khó khăn"
    assert street.description == ("Mua bán lấn chiếm lòng, lề đường giao thông từng lúc, "
                                  "từng nơi còn tái diễn")
    assert (market.field, street.field) == ("chợ", "thương mại")
    assert market.locality == street.locality == proposals[1].locality


def test_shared_report_names_its_team_and_localities(shared_report):
    survey, proposals = importer.propose(shared_report)
    assert survey.team == "Đoàn 1"
    assert survey.localities == ("Kế Sách", "Vĩnh Châu", "Trần Đề")
    # the all-caps headline in sentence case, the names the report capitalises kept
    assert survey.name == ("Sở Công Thương Sóc Trăng khảo sát tình hình hoạt động Công Thương "
                           "9 tháng đầu năm 2024")
    assert all(p.locality == "Kế Sách, Vĩnh Châu, Trần Đề" for p in proposals)
    assert [p.field for p in proposals] == ["tổ chức, cán bộ", "chợ", "công nghiệp nông thôn"]


BULLET_REPORT = """BÁO CÁO KẾT QUẢ KHẢO SÁT THÁNG 10
Đoàn 2 làm việc với huyện Mỹ Tú và thị xã Ngã Năm.
III. Khó khăn, vướng mắc
- Một số chợ xuống cấp, thiếu kinh phí sửa chữa;
- Hộ kinh doanh lấn chiếm vỉa hè trước cổng chợ
vào giờ cao điểm.
IV. Kiến nghị, đề xuất:
1. Đề nghị Sở Công Thương hướng dẫn chuyển đổi mô hình quản lý chợ.
2. Đề nghị bố trí vốn khuyến công cho cơ sở công nghiệp nông thôn.
Sở đã phổ biến các văn bản mới như: Nghị định số 60/2024/NĐ-CP về phát triển và quản lý chợ; \
Thông tư số 14/2024/TT-BCT về cụm công nghiệp.
Đề nghị UBND tỉnh sớm ban hành quy định phân cấp quản lý chợ.
Kết quả: doanh thu tăng 10%; sản lượng tăng 5%.
"""


def test_bullet_numbered_and_request_sentences_are_proposed():
    survey, proposals = importer.propose(BULLET_REPORT)
    assert [p.description for p in proposals] == [
        "Một số chợ xuống cấp, thiếu kinh phí sửa chữa",
        "Hộ kinh doanh lấn chiếm vỉa hè trước cổng chợ vào giờ cao điểm",
        "Đề nghị Sở Công Thương hướng dẫn chuyển đổi mô hình quản lý chợ",
        "Đề nghị bố trí vốn khuyến công cho cơ sở công nghiệp nông thôn",
        "Đề nghị UBND tỉnh sớm ban hành quy định phân cấp quản lý chợ",
    ]
    assert survey.team == "Đoàn 2"
    assert survey.localities == ("Mỹ Tú", "Ngã Năm")


def test_a_report_without_difficulties_proposes_nothing():
    text = "Kết quả 9 tháng: giá trị sản xuất tăng; bán lẻ tăng. Các chỉ tiêu đạt kế hoạch."
    assert importer.propose(text)[1] == []


@pytest.mark.parametrize(("text", "field"), [
    ("Tổ chức hội chợ triển lãm hàng Việt", "xúc tiến thương mại"),  # not "chợ"
    ("Chưa bố trí quỹ đất cho cụm công nghiệp", "cụm công nghiệp"),
    ("Kinh phí khuyến công còn thấp", "khuyến công"),
    ("Cho phép doanh nghiệp tham gia", ""),  # "cho" is not "chợ"
])
def test_field_guess(text, field):
    assert guess_field(text) == field


def test_manual_split_merge_and_drop_keep_the_text():
    p = importer.make_proposal("thiếu vốn đầu tư chợ; hộ kinh doanh bán hàng trên vỉa hè",
                               "Kế Sách")
    first, second = importer.split_proposal(p, p.description.index("hộ kinh doanh"))
    assert first.description == "Thiếu vốn đầu tư chợ"
    assert second.description == "Hộ kinh doanh bán hàng trên vỉa hè"
    assert (first.field, second.field) == ("chợ", "thương mại")
    merged = importer.merge_proposals(first, second)
    assert merged.title == first.title
    assert merged.description == "Thiếu vốn đầu tư chợ; Hộ kinh doanh bán hàng trên vỉa hè"
    assert merged.locality == "Kế Sách"


def test_dependent_clauses_are_not_suggested_as_splits():
    text = "Việc thống kê cơ sở sản xuất chưa đáp ứng yêu cầu, do chưa có cơ chế cụ thể"
    assert importer.split_suggestions(text) == []


def test_long_titles_are_cut_at_a_word():
    title = importer.make_title("việc " + "rà soát thống kê " * 20)
    assert len(title) <= importer.TITLE_MAX and title.endswith("…") and title[0] == "V"


def test_a_long_item_gets_its_first_clause_as_title_and_keeps_all_as_description():
    text = ("quản lý, phát triển chợ còn nhiều khó khăn do thiếu vốn đầu tư xây dựng, nâng cấp, "
            "cải tạo chợ; nhiều chợ xuống cấp nghiêm trọng, chưa đáp ứng nhu cầu của người dân")
    proposal = importer.make_proposal(text)
    assert proposal.title == "Quản lý, phát triển chợ còn nhiều khó khăn"
    assert proposal.description.endswith("chưa đáp ứng nhu cầu của người dân")
