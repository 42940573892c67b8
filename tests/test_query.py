"""Queries on the real corpus (one index of ../shared/corpus per session: `kb_home`)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from search import Filters, KnowledgeBase, open_knowledge_base


@pytest.fixture(scope="module")
def kb(kb_home: Path) -> KnowledgeBase:
    return open_knowledge_base(kb_home)


def top(kb: KnowledgeBase, query: str, n: int = 3) -> list[tuple[str, str | None]]:
    return [(h.doc_number, h.article) for h in kb.search(query, per_page=n).hits]


@pytest.mark.parametrize("query", [
    "bán hàng trên vỉa hè", "ban hang tren via he", "bán hàng trên vỉa hè bị phạt bao nhiêu",
    "buôn bán lấn chiếm vỉa hè",
])
def test_street_trading_finds_article_12_of_168(kb: KnowledgeBase, query: str) -> None:
    assert ("168/2024/NĐ-CP", "12") in top(kb, query)


@pytest.mark.parametrize("query, number, article, path", [
    ("điều 12 nghị định 168/2024", "168/2024/NĐ-CP", "12", "dieu-12"),
    ("khoản 2 điều 8 nđ 32/2024", "32/2024/NĐ-CP", "8", "dieu-8.khoan-2"),
    ("Điều 29 Thông tư 38/2025/TT-BCT", "38/2025/TT-BCT", "29", "dieu-29"),
    ("dieu 17 nd 139/2025", "139/2025/NĐ-CP", "17", "dieu-17"),
    ("điểm e khoản 2 điều 12 nđ 168", "168/2024/NĐ-CP", "12", "dieu-12.khoan-2.diem-e"),
    ("Điều 21 Nghị định 146/2025/NĐ-CP", "146/2025/NĐ-CP", "21", "dieu-21"),
    ("điều 6 luật thương mại", "36/2005/QH11", "6", "dieu-6"),
    ("điều 32 luật thương mại 2005", "36/2005/QH11", "32", "dieu-32"),  # a law by its year
    ("Đ32 Luật Thương mại năm 2005", "36/2005/QH11", "32", "dieu-32"),
])
def test_article_references_go_straight_to_the_article(kb: KnowledgeBase, query: str,
                                                       number: str, article: str,
                                                       path: str) -> None:
    result = kb.search(query)
    first = result.hits[0]
    assert (first.doc_number, first.article, first.path) == (number, article, path)
    assert result.target == first
    assert first.url.endswith("/" + path)


@pytest.mark.parametrize("query, number", [
    ("32/2024/NĐ-CP", "32/2024/NĐ-CP"), ("32/2024/ND-CP", "32/2024/NĐ-CP"),
    ("nđ 32/2024", "32/2024/NĐ-CP"), ("nghị định 32/2024", "32/2024/NĐ-CP"),
    ("NĐ32/2024", "32/2024/NĐ-CP"), ("32 /2024/ NĐ-CP", "32/2024/NĐ-CP"),
    ("thong tu 14/2024", "14/2024/TT-BCT"), ("TT14/2024", "14/2024/TT-BCT"),
    ("36/2005/QH11", "36/2005/QH11"), ("nđ 168", "168/2024/NĐ-CP"),
    ("luật thương mại 36/2005/QH11", "36/2005/QH11"),
    ("Nghị định 30/2020/NĐ-CP về công tác văn thư", "30/2020/NĐ-CP"),
])
def test_document_numbers_find_the_document_first(kb: KnowledgeBase, query: str,
                                                  number: str) -> None:
    first = kb.search(query).hits[0]
    assert (first.doc_number, first.article) == (number, None)
    assert kb.find_document(query).number == number


def test_a_number_is_followed_by_the_articles_citing_it(kb: KnowledgeBase) -> None:
    assert ("38/2025/TT-BCT", "29") in top(kb, "TT14/2024", 10)


def test_type_filter_and_field_syntax_agree(kb: KnowledgeBase) -> None:
    by_syntax = kb.search("báo cáo cụm công nghiệp loai:thong-tu")
    by_filter = kb.search("báo cáo cụm công nghiệp", filters=Filters(doc_type="Thông tư"))
    assert by_syntax.total == by_filter.total > 0
    assert {h.doc_type for h in by_syntax.hits} == {"Thông tư"}
    unfiltered = kb.search("báo cáo cụm công nghiệp", per_page=1000)
    # facets count documents: as many Thông tư as the filtered results come from
    thong_tu = {h.doc_id for h in unfiltered.hits if h.doc_type == "Thông tư"}
    assert dict(unfiltered.facets["doc_type"])["Thông tư"] == len(thong_tu)


def test_year_and_issuer_filters(kb: KnowledgeBase) -> None:
    hits = kb.search("cụm công nghiệp nam:2024 coquan:chinh-phu").hits
    assert hits[0].doc_number == "32/2024/NĐ-CP"
    assert all(h.issuer == "Chính phủ" and "/2024/" in h.doc_number for h in hits)


def test_pagination_keeps_the_total(kb: KnowledgeBase) -> None:
    one, two = (kb.search("cụm công nghiệp", page=p, per_page=5) for p in (1, 2))
    assert one.total == two.total > 10
    assert not {h.key for h in one.hits} & {h.key for h in two.hits}


def test_nothing_found_explains_and_suggests(kb: KnowledgeBase) -> None:
    unknown = kb.search("xyzzyqw")
    assert unknown.total == 0 and "xyzzyqw" in unknown.message
    filtered = kb.search("cụm công nghiệp nam:1999")
    assert filtered.total == 0 and "bộ lọc" in filtered.message
    assert filtered.suggestions == ("cụm công nghiệp",)
    number = kb.search("nghị định 32/2025")
    assert number.total == 0 and "32/2025" in number.message
    assert "32/2024/NĐ-CP" in number.suggestions


def test_accented_query_with_no_hit_suggests_the_folded_spelling(kb: KnowledgeBase) -> None:
    result = kb.search("xyzđậq")
    assert result.total == 0 and "xyzdaq" in result.suggestions


def test_snippets_highlight_accent_insensitively(kb: KnowledgeBase) -> None:
    hit = next(h for h in kb.search("ban hang tren via he").hits if h.article == "12")
    assert "<mark>vỉa hè</mark>" in hit.snippet or "<mark>trên vỉa hè</mark>" in hit.snippet
    assert len(hit.snippet) < 700


def test_a_look_up_by_number_shows_its_citers_where_they_cite_it(kb: KnowledgeBase) -> None:
    hits = kb.search("32/2024/NĐ-CP", per_page=10).hits
    assert hits[0].key == "32/2024/NĐ-CP"
    citers = hits[1:]
    assert len(citers) >= 3 and {h.doc_number for h in citers} >= {"139/2025/NĐ-CP"}
    for hit in citers:
        assert "<mark>32/2024/NĐ-CP</mark>" in hit.snippet, hit.key
        assert len(html.unescape(re.sub("<[^>]+>", "", hit.snippet))) <= 260


def test_hit_carries_what_a_page_shows(kb: KnowledgeBase) -> None:
    hit = kb.search("điều 8 nghị định 32/2024").hits[0]
    assert hit.breadcrumb.endswith("Điều 8") and hit.breadcrumb.startswith("Chương")
    assert hit.heading and hit.doc_title and hit.issuer == "Chính phủ"
    assert hit.url == "/van-ban/32-2024-nd-cp/dieu-8" and hit.key == "32/2024/NĐ-CP#dieu-8"


def test_free_text_hits_deep_link_to_the_matching_clause(kb: KnowledgeBase) -> None:
    hit = kb.search("mở rộng cụm công nghiệp không vượt quá 75 ha").hits
    article_8 = next(h for h in hit if h.doc_number == "32/2024/NĐ-CP" and h.article == "8")
    assert article_8.anchor.startswith("dieu-8.khoan-2")


def test_reference_to_a_missing_article_lands_on_the_document(kb: KnowledgeBase) -> None:
    result = kb.search("điều 999 nđ 32/2024")
    assert (result.hits[0].doc_number, result.hits[0].article) == ("32/2024/NĐ-CP", None)
    assert "Điều 999" in result.message


def test_annexes_are_entries_without_article_number(kb: KnowledgeBase) -> None:
    hits = kb.search("biểu mẫu báo cáo tình hình hoạt động cụm công nghiệp", per_page=30).hits
    annex = next(h for h in hits if h.kind == "annex")
    assert annex.article is None and annex.path.startswith("phu-luc-")
    assert annex.breadcrumb.startswith("Phụ lục")


def test_papers_typed_as_citizens_type_them_reach_the_legal_words():
    from search.query import expansions

    assert "bảo hiểm y tế" in expansions("Thẻ BHYT không dán ảnh có dùng được không")
    assert "giấy chứng nhận quyền sử dụng đất" in expansions("thời hiệu hủy sổ đỏ")
    assert "trung học cơ sở" in expansions("trường cấp 2 có giáo sư không")
    assert "đặt cọc" in expansions("phạt cọc gấp đôi có đúng không")


@pytest.mark.parametrize(("question", "named", "not_named"), [
    ("16 tuổi có được tự mình mua xe không", "người chưa thành niên", "trẻ em"),
    ("con 17 tuoi ban dat duoc khong", "người chưa thành niên", "trẻ em"),
    ("bé 6 tuổi đi học", "trẻ em", None),
    ("người 30 tuổi", None, "người chưa thành niên"),
])
def test_an_age_reaches_the_codes_name_for_it(question: str, named: str | None,
                                              not_named: str | None) -> None:
    from search.query import expansions

    found = expansions(question)
    assert named is None or named in found
    assert not_named not in found


@pytest.mark.parametrize(("query", "heading"), [
    ("bốc thăm trúng xe máy", "khuyến mại"),
    ("boc tham trung xe may", "khuyến mại"),
    ("bản photo", "bản sao"),
])
def test_everyday_trade_and_office_words_reach_the_legal_institution(
        kb: KnowledgeBase, query: str, heading: str) -> None:
    """People say "bốc thăm", "bản photo"; the law says "khuyến mại", "bản sao"."""
    hits = kb.search(query, per_page=3).hits
    assert any(heading in h.heading.lower() for h in hits), [h.heading for h in hits]


@pytest.mark.parametrize(("query", "pairs"), [
    ("quản lý, phát triển chợ", {"lý_chợ", "triển_chợ"}),
    ("quan ly, phat trien cho", {"ly_cho", "trien_cho"}),
    ("lấn chiếm lòng, lề đường", {"lòng_đường", "lề_đường"}),
    ("quản lý, khai thác, sử dụng chợ", {"lý_chợ", "thác_chợ", "dụng_chợ"}),
])
def test_a_coordination_asks_each_of_its_words_with_the_one_they_share(query, pairs):
    """"quản lý, phát triển chợ" is "quản lý chợ" and "phát triển chợ": both pairs are asked."""
    from search.query import ranking_terms

    terms = ranking_terms(query, accented=query != "quan ly, phat trien cho")
    asked = {t.text for t in terms if t.field in ("bi", "bif")}
    assert pairs <= asked, asked
