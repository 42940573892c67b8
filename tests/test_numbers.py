"""Document numbers and article references in every common spelling."""

from __future__ import annotations

import pytest

from ingest.numbers import number_key
from search.entries import cited_numbers
from search.numbers import (
    DocEntry,
    NumberIndex,
    find_article_ref,
    find_numbers,
)

CATALOG = [
    DocEntry("32-2024-nd-cp", "32/2024/NĐ-CP", "Nghị định"),
    DocEntry("14-2024-tt-bct", "14/2024/TT-BCT", "Thông tư"),
    DocEntry("38-2025-tt-bct", "38/2025/TT-BCT", "Thông tư"),
    DocEntry("36-2005-qh11", "36/2005/QH11", "Luật"),
    DocEntry("168-2024-nd-cp", "168/2024/NĐ-CP", "Nghị định"),
    DocEntry("139-2025-nd-cp", "139/2025/NĐ-CP", "Nghị định"),
    DocEntry("32-2023-tt-bct", "32/2023/TT-BCT", None),  # same number, other type and year
    DocEntry("48-kh-sct", "48/KH-SCT", "Kế hoạch"),
    DocEntry("91-2015-qh13", "91/2015/QH13", "Bộ luật"),  # QH: Luật, Bộ luật, Nghị quyết
    DocEntry("81-2014-qh13", "81/2014/QH13", "Nghị quyết"),
    DocEntry("81-2014-nd-cp", "81/2014/NĐ-CP", "Nghị định"),
]


def resolve(text: str, catalog: list[DocEntry] = CATALOG) -> str | None:
    index = NumberIndex(catalog)
    for ref in find_numbers(text):
        found = index.resolve(ref)
        if found is not None:
            return found.number
    return None


@pytest.mark.parametrize("typed, number", [
    ("32/2024/NĐ-CP", "32/2024/NĐ-CP"),
    ("32/2024/ND-CP", "32/2024/NĐ-CP"),
    ("32/2024/nđ-cp", "32/2024/NĐ-CP"),
    ("nđ 32/2024", "32/2024/NĐ-CP"),
    ("nghị định 32/2024", "32/2024/NĐ-CP"),
    ("Nghị định số 32/2024/NĐ-CP", "32/2024/NĐ-CP"),
    ("NĐ32/2024", "32/2024/NĐ-CP"),
    ("nghi dinh 32/2024", "32/2024/NĐ-CP"),
    ("32 /2024/ NĐ-CP", "32/2024/NĐ-CP"),
    ("32/2024", "32/2024/NĐ-CP"),
    ("thong tu 14/2024", "14/2024/TT-BCT"),
    ("TT14/2024", "14/2024/TT-BCT"),
    ("Thông tư 14/2024/TT-BCT", "14/2024/TT-BCT"),
    ("36/2005/QH11", "36/2005/QH11"),
    ("luật thương mại 36/2005/QH11", "36/2005/QH11"),
    ("luật 36/2005", "36/2005/QH11"),
    ("nđ 168", "168/2024/NĐ-CP"),
    ("thông tư 32/2023", "32/2023/TT-BCT"),
    ("48/KH-SCT", "48/KH-SCT"),
    ("91/2015/QH13", "91/2015/QH13"),
    ("bộ luật 91/2015/QH13", "91/2015/QH13"),
    ("Bộ luật dân sự số 91/2015/QH13", "91/2015/QH13"),
    ("81/2014/QH13", "81/2014/QH13"),
    ("nghị quyết 81/2014/QH13", "81/2014/QH13"),
    ("nghị định 81/2014", "81/2014/NĐ-CP"),
])
def test_every_spelling_resolves(typed: str, number: str) -> None:
    assert resolve(typed) == number


def test_number_without_year_resolves_only_when_unique() -> None:
    other = [*CATALOG, DocEntry("168-2019-nd-cp", "168/2019/NĐ-CP", "Nghị định")]
    assert resolve("nđ 168", other) is None
    assert resolve("nđ 168/2019", other) == "168/2019/NĐ-CP"


@pytest.mark.parametrize("typed", ["nđ 32/2025", "thông tư 32/2024", "99/2024/NĐ-CP",
                                   "81/2014", "thông tư 91/2015", "nghị định 91/2015"])
def test_wrong_year_or_type_resolves_to_nothing(typed: str) -> None:
    assert resolve(typed) is None


def test_closest_numbers_are_offered_for_a_miss() -> None:
    index = NumberIndex(CATALOG)
    near = [e.number for e in index.closest(find_numbers("nđ 32/2025")[0])]
    assert near[0] == "32/2024/NĐ-CP"


@pytest.mark.parametrize("text", [
    "ngày 01/7/2025", "chính quyền 2 cấp", "tỷ lệ 50% hoặc 100 ha", "tháng 3 năm 2027",
])
def test_dates_and_counts_are_not_numbers(text: str) -> None:
    assert resolve(text) is None


@pytest.mark.parametrize("typed", ["32 /2024/ NĐ-CP", "32/2024/nd-cp", "32/2024/NĐ-CP "])
def test_number_key_is_one_identifier(typed: str) -> None:
    assert number_key(typed) == "32/2024/nd-cp"


@pytest.mark.parametrize("a, b", [("nđ 32/2024", "NĐ32/2024"), ("Nđ  32 /2024", "nd 32/2024"),
                                  ("09/2019/NĐ-CP", "9/2019/nd-cp")])
def test_partial_numbers_share_one_key(a: str, b: str) -> None:
    assert number_key(a) == number_key(b)


@pytest.mark.parametrize("typed, article, clause, point", [
    ("điều 12 nghị định 168/2024", "12", None, None),
    ("khoản 2 điều 8 nđ 32/2024", "8", "2", None),
    ("Điều 29 Thông tư 38/2025/TT-BCT", "29", None, None),
    ("dieu 17 nd 139/2025", "17", None, None),
    ("điểm e khoản 2 điều 12 nđ 168", "12", "2", "e"),
    ("điểm đ khoản 1 Điều 5a", "5a", "1", "đ"),
    ("khoan 3 dieu 22 nghi dinh 139/2025", "22", "3", None),
    # the short forms officers type
    ("Đ13 NĐ30/2020", "13", None, None),
    ("đ.13 nđ 30/2020", "13", None, None),
    ("Đ 12 NĐ 168/2024", "12", None, None),
    ("K2 Đ8 NĐ32/2024", "8", "2", None),
    ("k.2 đ.8 nđ 32/2024", "8", "2", None),
])
def test_article_references(typed: str, article: str, clause: str | None,
                            point: str | None) -> None:
    ref = find_article_ref(typed)
    assert (ref.article, ref.clause, ref.point) == (article, clause, point)


def test_text_without_article_reference() -> None:
    assert find_article_ref("điều kiện thành lập cụm công nghiệp") is None
    assert find_article_ref("nd30/2020 và tt14/2024") is None  # numbers are not articles


def test_type_words_typed_without_spaces_are_read():
    # "quyetdinh" (no space, no accents) once made the number reader fail on the whole text
    from search.numbers import find_numbers

    refs = find_numbers("theo quyetdinh 12/2020/qd-ttg và nghidinh 5/2021")
    assert [(r.num, r.year, r.type_slug) for r in refs] == [
        ("12", "2020", "quyet-dinh"), ("5", "2021", "nghi-dinh")]


def test_the_numbers_an_entry_cites_are_all_found_far_apart():
    """An entry's cited numbers are those of its whole text, wherever they sit."""
    filler = "Ban quản lý chợ tổ chức thực hiện và báo cáo kết quả định kỳ. " * 6
    text = (f"Theo Thông tư liên tịch số 01/2017/TTLT-BCA-BQP-BTC-BNN ngày 29/12/2017 {filler}"
            f"và Nghị định số 5/2021, {filler}Nghị định số 09 / 2019 / nđ-cp, {filler}"
            f"Quyết định 11554/VPCP-V.I; {filler}"
            "thay Thông tư 14/2024/tt-bct.")
    whole = set()
    for ref in find_numbers(text):
        whole |= {f"{ref.num}/{ref.year}"} if ref.year else set()
        whole |= {ref.key} if ref.key else set()
    assert set(cited_numbers(text)) == whole
    assert {"1/2017/ttlt-bca-bqp-btc-bnn", "5/2021", "9/2019/nd-cp", "14/2024/tt-bct"} <= whole
