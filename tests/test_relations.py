"""Relations extracted from the text: references, căn cứ, amendments, repeals, reassignments.

The table of expected relations was written by reading the nine documents in ../shared.
"""

from __future__ import annotations

import re

import pytest

from ingest.ids import ascii_fold
from ingest.numbers import NUMBER_RE, canonical_number, number_key
from ingest.pipeline import load_paths, parse_text
from ingest.references import Here, blank_quotes, cite, find_aliases, law_key
from ingest.relations import extract_relations


@pytest.fixture(scope="module")
def corpus(shared_corpus):
    """The nine documents, by number, with their extracted relations."""
    docs = load_paths([shared_corpus]).documents
    return {d.ref: (d, extract_relations(d)) for d in docs}


@pytest.mark.parametrize("written, canonical", [
    ("Nghị định số 32/2024/NĐ-CP", "32/2024/NĐ-CP"),
    ("32/2024/ND-CP", "32/2024/NĐ-CP"),
    ("Thông tư 14/2024/tt-bct", "14/2024/TT-BCT"),
    ("9/2019/nđ-cp", "09/2019/NĐ-CP"),
    ("Quyết định số 26/2016/QĐ\ufffeTTg", "26/2016/QĐ-TTg"),
    ("106/2017/NĐ- CP ngày", "106/2017/NĐ-CP"),
    ("Luật số 36/2005/QH11", "36/2005/QH11"),
    ("ngày 19/02/2025", None),
])
def test_numbers_are_canonicalised(written, canonical):
    assert canonical_number(written) == canonical


@pytest.mark.parametrize("text, target, paths", [
    ("quy định tại điểm a, điểm c khoản 1, điểm a khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP",
     "32/2024/NĐ-CP",
     ("dieu-8.khoan-1.diem-a", "dieu-8.khoan-1.diem-c", "dieu-8.khoan-2.diem-a")),
    ("Căn cứ khoản 2 Điều 6 và khoản 1 Điều 30 Nghị định số 09/2019/NĐ-CP ngày 24 tháng 01",
     "09/2019/NĐ-CP", ("dieu-6.khoan-2", "dieu-30.khoan-1")),
    ("điểm b, e, g khoản 4, khoản 6 Điều 44 Nghị định số 105/2025/NĐ-CP", "105/2025/NĐ-CP",
     ("dieu-44.khoan-4.diem-b", "dieu-44.khoan-4.diem-e", "dieu-44.khoan-4.diem-g",
      "dieu-44.khoan-6")),
    ("thực hiện mục 2, mục 3 Chương VI Nghị định số 77/2016/NĐ-CP", "77/2016/NĐ-CP",
     ("chuong-vi.muc-2", "chuong-vi.muc-3")),
    ("quy định tại điểm đ khoản 2 Điều 4 Thông tư số 23/2024/TT-BCT", "23/2024/TT-BCT",
     ("dieu-4.khoan-2.diem-dd",)),
    ("quy định tại khoản 4 Điều 94 Luật Thương mại năm 2005 do Bộ Công Thương thực hiện",
     "Luật Thương mại năm 2005", ("dieu-94.khoan-4",)),
])
def test_provision_runs_resolve_to_paths(text, target, paths):
    named = [c for c in cite(text) if c.mention and c.mention.kind != "self"]
    assert (named[0].mention.target, named[0].paths) == (target, paths)


def test_self_references_use_the_article_they_sit_in():
    cites = cite("trừ các tổ chức quy định tại điểm c khoản 2 Điều này và các Điều 30, 31 và 32 "
                 "Nghị định này", Here(article="4"))
    assert [(c.mention.kind, c.paths) for c in cites] == [
        ("self", ("dieu-4.khoan-2.diem-c",)), ("self", ("dieu-30", "dieu-31", "dieu-32"))]


def test_quoted_amending_text_is_not_read_as_references():
    text = 'Sửa đổi khoản 4 Điều 82 như sau: "4. Khi phương tiện bị tạm giữ theo khoản 2 Điều này"'
    assert [c.paths for c in cite(blank_quotes(text))] == [("dieu-82.khoan-4",)]


def test_a_short_law_name_defined_once_names_the_law_everywhere():
    aliases = find_aliases("tại Luật Thương mại năm 2005 được sửa đổi, bổ sung năm 2017 "
                           "(sau đây gọi chung là Luật Thương mại)")
    cites = cite("khoản 2 Điều 133 Luật Thương mại do Ủy ban nhân dân cấp tỉnh thực hiện",
                 Here(aliases=aliases))
    assert cites[0].mention.target == "Luật Thương mại năm 2005"


# (document, type, source key, target, target path, note tag or "", phrase of the evidence)
EXPECTED = [
    ("14/2024/TT-BCT", "based_on", "14/2024/TT-BCT", "32/2024/NĐ-CP", "dieu-30.khoan-1", "",
     "Căn cứ khoản 1 Điều 30 Nghị định số 32/2024/NĐ-CP"),
    ("14/2024/TT-BCT", "based_on", "14/2024/TT-BCT", "09/2019/NĐ-CP", "dieu-6.khoan-2", "",
     "Căn cứ khoản 2 Điều 6 và khoản 1 Điều 30"),
    ("14/2024/TT-BCT", "based_on", "14/2024/TT-BCT", "105/2024/NĐ-CP", "", "",
     "Nghị định số 105/2024/NĐ-CP"),
    ("14/2024/TT-BCT", "repeals", "14/2024/TT-BCT#dieu-6.khoan-1", "28/2020/TT-BCT", "", "",
     "bãi bỏ Thông tư số 28/2020/TT-BCT"),
    ("38/2025/TT-BCT", "amends", "38/2025/TT-BCT#dieu-29", "14/2024/TT-BCT", "", "phrase",
     "thay thế cụm từ “cấp huyện” thành cụm từ “cấp xã” tại Thông tư số 14/2024/TT-BCT"),
    ("38/2025/TT-BCT", "amends", "38/2025/TT-BCT#dieu-29", "14/2024/TT-BCT", "phu-luc-i",
     "phrase", "bao gồm Phụ lục I, Phụ lục II"),
    ("38/2025/TT-BCT", "amends", "38/2025/TT-BCT#dieu-1.khoan-1", "23/2024/TT-BCT",
     "dieu-4.khoan-1", "", "Sửa đổi, bổ sung khoản 1 Điều 4 như sau"),
    ("38/2025/TT-BCT", "repeals", "38/2025/TT-BCT#dieu-37.khoan-4.diem-a", "23/2024/TT-BCT",
     "dieu-4.khoan-2.diem-dd", "", "Thông tư này bãi bỏ"),
    ("38/2025/TT-BCT", "based_on", "38/2025/TT-BCT", "139/2025/NĐ-CP", "", "",
     "Căn cứ Nghị định số 139/2025/NĐ-CP"),
    ("38/2025/TT-BCT", "based_on", "38/2025/TT-BCT", "63/2025/QH15", "", "",
     "Luật Tổ chức Chính phủ số 63/2025/QH15"),
    ("139/2025/NĐ-CP", "amends", "139/2025/NĐ-CP#dieu-12", "32/2024/NĐ-CP",
     "dieu-8.khoan-2.diem-a", "reassigns", "Ủy ban nhân dân cấp tỉnh quyết định thực hiện"),
    ("139/2025/NĐ-CP", "amends", "139/2025/NĐ-CP#dieu-11", "32/2024/NĐ-CP", "dieu-5.khoan-1",
     "reassigns", "Ủy ban nhân dân cấp xã thực hiện nhiệm vụ"),
    ("139/2025/NĐ-CP", "amends", "139/2025/NĐ-CP#dieu-6", "32/2024/NĐ-CP", "dieu-34.khoan-1",
     "reassigns", "do Ủy ban nhân dân cấp xã thực hiện"),
    ("139/2025/NĐ-CP", "amends", "139/2025/NĐ-CP#dieu-17", "60/2024/NĐ-CP",
     "dieu-38.khoan-8.diem-a", "reassigns", "lĩnh vực quản lý chợ"),
    ("146/2025/NĐ-CP", "amends", "146/2025/NĐ-CP#dieu-21", "60/2024/NĐ-CP",
     "dieu-38.khoan-1.diem-b", "reassigns", "do Ủy ban nhân dân cấp tỉnh thực hiện"),
    ("146/2025/NĐ-CP", "amends", "146/2025/NĐ-CP#dieu-12", "Luật Thương mại năm 2005",
     "dieu-133.khoan-2", "reassigns", "khoản 2 Điều 133 Luật Thương mại"),
    ("146/2025/NĐ-CP", "guides", "81/2018/NĐ-CP", "Luật Thương mại năm 2005", "", "reported",
     "quy định chi tiết Luật Thương mại về hoạt động xúc tiến thương mại"),
    ("168/2024/NĐ-CP", "amends", "168/2024/NĐ-CP#dieu-52", "100/2019/NĐ-CP", "", "",
     "Sửa đổi, bổ sung một số điều của Nghị định số 100/2019/NĐ-CP"),
    ("168/2024/NĐ-CP", "amends", "168/2024/NĐ-CP#dieu-52.khoan-1", "100/2019/NĐ-CP",
     "dieu-1.khoan-2a", "", "Bổ sung khoản 2a vào sau khoản 2 Điều 1"),
    ("168/2024/NĐ-CP", "repeals", "168/2024/NĐ-CP#dieu-52.khoan-8.diem-dd", "100/2019/NĐ-CP",
     "dieu-12.khoan-1", "", "Bãi bỏ khoản 1; điểm c khoản 2"),
    ("168/2024/NĐ-CP", "based_on", "168/2024/NĐ-CP",
     "Luật Trật tự, an toàn giao thông đường bộ năm 2024", "", "",
     "Căn cứ Luật Trật tự, an toàn giao thông đường bộ ngày 27 tháng 6 năm 2024"),
    ("32/2024/NĐ-CP", "repeals", "32/2024/NĐ-CP#dieu-37.khoan-2", "66/2020/NĐ-CP", "", "",
     "Nghị định số 68/2017/NĐ-CP và Nghị định số 66/2020/NĐ-CP hết hiệu lực"),
    ("32/2024/NĐ-CP", "cites", "32/2024/NĐ-CP#dieu-35.khoan-3", "68/2017/NĐ-CP",
     "dieu-15.khoan-2", "", "khoản 2 Điều 15 Nghị định số 68/2017/NĐ-CP"),
    ("32/2024/NĐ-CP", "cites", "32/2024/NĐ-CP#dieu-29.khoan-3", "32/2024/NĐ-CP", "dieu-31",
     "", "các Điều 30, 31 và 32 Nghị định này"),
    ("30/2020/NĐ-CP", "repeals", "30/2020/NĐ-CP#dieu-37", "09/2010/NĐ-CP", "", "",
     "hết hiệu lực"),
    ("45/2012/NĐ-CP", "replaces", "45/2012/NĐ-CP#dieu-18", "134/2004/NĐ-CP", "", "",
     "thay thế Nghị định số 134/2004/NĐ-CP"),
    ("36/2005/QH11", "repeals", "05/2017/QH14#dieu-112", "36/2005/QH11", "dieu-31", "notes",
     "bị bãi bỏ bởi Điều 112 Luật số 05/2017/QH14"),
    ("36/2005/QH11", "replaces", "36/2005/QH11#dieu-323", "Luật Thương mại năm 1997", "", "",
     "Luật này thay thế Luật Thương mại ngày 10 tháng 5 năm 1997"),
]


@pytest.mark.parametrize("doc, kind, source, target, path, note, phrase", EXPECTED,
                         ids=[f"{e[0]}-{e[1]}-{e[3]}-{e[4]}" for e in EXPECTED])
def test_expected_relation_is_found_with_its_sentence(corpus, doc, kind, source, target, path,
                                                      note, phrase):
    _, rels = corpus[doc]
    found = [r for r in rels if (r.type, r.source_key, r.target_number, r.target_path)
             == (kind, source, target, path) and (not note or note in r.note.split())]
    assert found, f"missing {kind} {source} -> {target} {path}"
    assert any(phrase.lower() in r.evidence.lower() for r in found)


def _names_target(rel, doc_ref) -> bool:
    """Return True when the evidence names the relation's target (number, law, or 'này')."""
    if rel.target_number == doc_ref and rel.type == "cites":
        return "này" in rel.evidence
    if canonical_number(rel.target_number):
        return number_key(rel.target_number) in {
            number_key(m.group(0)) for m in NUMBER_RE.finditer(rel.evidence)}
    folded = re.sub(r"\s+", " ", ascii_fold(rel.evidence).lower())
    return law_key(rel.target_number) in folded


def test_every_relation_evidence_names_its_target(corpus):
    for ref, (_, rels) in corpus.items():
        assert rels, ref
        wrong = [r for r in rels if not _names_target(r, ref)]
        assert not wrong, (ref, wrong[:3])


def test_no_document_amends_or_repeals_itself(corpus):
    for ref, (_, rels) in corpus.items():
        own = [r for r in rels if r.type != "cites" and r.target_number == ref
               and r.source_key.startswith(ref)]
        assert not own, own[:3]


def test_titles_of_other_documents_are_not_read_as_repeals(corpus):
    _, rels = corpus["38/2025/TT-BCT"]
    repealed = {(r.target_number, r.target_path) for r in rels if r.type == "repeals"}
    assert ("43/2023/TT-BCT", "phu-luc-11") in repealed
    assert ("57/2018/TT-BCT", "") not in repealed  # named in 43/2023's title only
    assert not [r for r in rels if r.type == "repeals" and r.target_number == "14/2024/TT-BCT"]


def test_basis_lines_give_one_link_per_document_based_on(corpus):
    _, rels = corpus["14/2024/TT-BCT"]
    basis = {(r.target_number, r.target_path) for r in rels if r.type == "based_on"}
    assert basis == {("96/2022/NĐ-CP", ""), ("105/2024/NĐ-CP", ""),
                     ("32/2024/NĐ-CP", "dieu-30.khoan-1"), ("09/2019/NĐ-CP", "dieu-6.khoan-2"),
                     ("09/2019/NĐ-CP", "dieu-30.khoan-1")}


def test_a_province_keeping_its_own_duties_is_not_a_reassignment(corpus):
    _, rels = corpus["139/2025/NĐ-CP"]
    assert not [r for r in rels if r.source_key == "139/2025/NĐ-CP#dieu-8.khoan-2"
                and r.type == "amends"]


def test_amended_text_quoted_in_168_does_not_cite_168(corpus):
    _, rels = corpus["168/2024/NĐ-CP"]
    assert not [r for r in rels if r.source_key.startswith("168/2024/NĐ-CP#dieu-52")
                and r.target_number == "168/2024/NĐ-CP"]


DRAFT = """NGHỊ ĐỊNH
Sửa đổi quy định về chợ

Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;

Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 60/2024/NĐ-CP
1. Bổ sung khoản 3 vào sau khoản 2 Điều 9 như sau:
"3. Ủy ban nhân dân cấp xã quyết định theo quy định tại khoản 1 Điều này."
2. Thay thế cụm từ "cấp huyện" bằng cụm từ "cấp xã" tại điểm a khoản 1 Điều 38.
Điều 2. Hiệu lực thi hành
1. Nghị định này có hiệu lực từ ngày 01 tháng 3 năm 2031, trừ quy định tại khoản 2 Điều này.
2. Quy định tại khoản 2 Điều 1 của Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2031.
3. Thông tư số 99/2020/TT-BCT hết hiệu lực kể từ ngày Nghị định này có hiệu lực.
"""


def test_an_amending_article_gives_its_target_to_its_blocks():
    doc = parse_text(DRAFT, filename="nd-98-2031-vi-du.txt")
    rels = {(r.type, r.source_key.partition("#")[2], r.target_number, r.target_path, r.note,
             r.effective_from.isoformat() if r.effective_from else None)
            for r in extract_relations(doc)}
    assert ("amends", "dieu-1.khoan-1", "60/2024/NĐ-CP", "dieu-9.khoan-3", "",
            "2031-03-01") in rels
    assert ("amends", "dieu-1.khoan-2", "60/2024/NĐ-CP", "dieu-38.khoan-1.diem-a", "phrase",
            "2031-07-01") in rels
    assert ("repeals", "dieu-2.khoan-3", "99/2020/TT-BCT", "", "", "2031-03-01") in rels
    assert not [r for r in rels if r[2] == doc.ref and r[0] != "cites"]


CITING = """NGHỊ ĐỊNH
Quy định về chợ

Điều 1. Áp dụng
1. Tranh chấp về hợp đồng thuê điểm kinh doanh giải quyết theo quy định của Bộ luật dân sự.
2. Việc đầu tư xây dựng chợ thực hiện theo Luật Đầu tư công.
3. Hồ sơ lập theo mẫu của Thông tư số 12/2020/TT-BCT.
4. Ban quản lý chợ báo cáo theo quy định tại khoản 1 Điều này.
5. Ban quản lý chợ lập sổ theo dõi.
"""


def test_a_sentence_citing_in_any_way_gives_its_relation():
    """Each way a sentence can name what it cites (a code or a law by name only, a number,
    a provision of this document) gives a relation; a sentence naming nothing gives none."""
    doc = parse_text(CITING, filename="nd-97-2031-vi-du.txt")
    rels = {(r.type, r.source_key.partition("#")[2], r.target_number, r.target_path)
            for r in extract_relations(doc)}
    assert ("cites", "dieu-1.khoan-1", "Luật dân sự", "") in rels
    assert ("cites", "dieu-1.khoan-2", "Luật Đầu tư công", "") in rels
    assert ("cites", "dieu-1.khoan-3", "12/2020/TT-BCT", "") in rels
    assert ("cites", "dieu-1.khoan-4", doc.ref, "dieu-1.khoan-1") in rels
    assert not [r for r in rels if r[1] == "dieu-1.khoan-5"]
