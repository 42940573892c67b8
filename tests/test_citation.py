"""Formal Vietnamese citations: what the "copy citation" button and the exports give."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.models import Document, Provision, make_key
from law.citation import cite, cite_key, provision_label, vn_date


def _prov(kind: str, number: str, path: str, ref: str, children=()) -> Provision:
    return Provision(kind, number, "", "", path, make_key(ref, path), tuple(children))


def _decree() -> Document:
    """A small decree with a chapter, an article 5a, clause 1, point đ, and an annex."""
    ref = "9/2099/NĐ-CP"
    point = _prov("diem", "đ", "dieu-5a.khoan-1.diem-dd", ref)
    clause = _prov("khoan", "1", "dieu-5a.khoan-1", ref, [point])
    article = _prov("dieu", "5a", "dieu-5a", ref, [clause])
    chapter = _prov("chuong", "II", "chuong-ii", ref, [article])
    annex = _prov("phu-luc", "III", "phu-luc-iii", ref)
    return Document("9-2099-nd-cp", ref, "Nghị định", "Chính phủ", "Về thử nghiệm",
                    issued=date(2099, 1, 2), body=(chapter,), annexes=(annex,))


@pytest.mark.parametrize(("path", "expected"), [
    ("", "Nghị định số 9/2099/NĐ-CP ngày 2/1/2099 của Chính phủ"),
    ("dieu-5a", "Điều 5a Nghị định số 9/2099/NĐ-CP ngày 2/1/2099 của Chính phủ"),
    ("dieu-5a.khoan-1", "khoản 1 Điều 5a Nghị định số 9/2099/NĐ-CP ngày 2/1/2099 của Chính phủ"),
    ("dieu-5a.khoan-1.diem-dd",
     "điểm đ khoản 1 Điều 5a Nghị định số 9/2099/NĐ-CP ngày 2/1/2099 của Chính phủ"),
    ("chuong-ii", "Chương II Nghị định số 9/2099/NĐ-CP ngày 2/1/2099 của Chính phủ"),
    ("phu-luc-iii", "Phụ lục III Nghị định số 9/2099/NĐ-CP ngày 2/1/2099 của Chính phủ"),
])
def test_citation_names_the_smallest_unit_first_then_the_document(path, expected):
    assert cite(_decree(), path) == expected


def test_point_dd_is_cited_with_its_letter_not_the_ascii_segment():
    assert provision_label("dieu-5a.khoan-1.diem-dd", _decree()) == "điểm đ khoản 1 Điều 5a"
    # without the document the key alone still gives the letter as written
    assert provision_label("dieu-3.khoan-2.diem-dd") == "điểm đ khoản 2 Điều 3"


def test_a_law_is_cited_by_its_name_without_issuer():
    law = Document("36-2005-qh11", "36/2005/QH11", "Luật", "Quốc hội", "Thương mại",
                   issued=date(2005, 6, 14))
    assert cite(law, "dieu-5") == "Điều 5 Luật Thương mại số 36/2005/QH11 ngày 14/6/2005"


def test_missing_metadata_is_left_out_not_invented():
    doc = Document("x", "12/KH-UBND", None, None, None)
    assert cite(doc) == "Văn bản số 12/KH-UBND"


def test_key_of_a_document_not_in_the_base_is_still_citable():
    assert cite_key("28/2020/TT-BCT#dieu-8.khoan-2") == "khoản 2 Điều 8 28/2020/TT-BCT"
    assert cite_key("28/2020/TT-BCT#dieu-8", _decree()).startswith("Điều 8 Nghị định số")


def test_vn_date_has_no_leading_zeros():
    assert vn_date(date(2024, 3, 5)) == "5/3/2024"
    assert vn_date(None) == ""


def test_real_decree_32_2024_clause_citation(web_library):
    doc = web_library.kb.find_document("32/2024/NĐ-CP")
    assert cite(doc, "dieu-8.khoan-2") == (
        "khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ")
