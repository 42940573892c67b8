"""The law as of a date: amending instructions read from real documents and applied.

Each instruction form is checked on a real sentence of ../shared (laws in Word and the shared
corpus), before and after its effective date; an instruction that cannot be applied is listed,
never guessed.  The evaluation against the Pháp điển's consolidated wording is in
`phapquy eval …/consolidation-dev.jsonl` (figures in the README).
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import need_shared

from evals.consolidation import load_cases, score_cases
from ingest.models import Document
from ingest.pipeline import load_path, parse_text
from law.amend import (
    DELETE_PHRASE,
    INSERT,
    RENAME,
    REPEAL,
    REPLACE_PHRASE,
    SUBSTITUTE,
    parse_instructions,
)
from law.consolidate import REPEALED_TEXT, amendments_of, consolidate
from law.relgraph import resolve

_LAWS: dict[str, Document] = {}


def law(name: str) -> Document:
    """Return a law of ../shared/laws-word (read once)."""
    if name not in _LAWS:
        _LAWS[name] = load_path(need_shared("laws-word", name))[0]
    return _LAWS[name]


def amended(original: str, amending: str):
    """Return the consolidation of one law by another, both from laws-word."""
    orig, amend = law(original), law(amending)
    graph = resolve([orig, amend])
    return consolidate(orig, amendments_of(graph, orig))


@pytest.fixture(scope="module")
def lawyers():
    """Luật Luật sư 65/2006/QH11 as amended by Luật 20/2012/QH13 (in force 1/7/2013)."""
    return amended("Luật-65-2006-QH11.docx", "Luật-20-2012-QH13.doc")


BEFORE, AFTER = date(2013, 6, 30), date(2013, 7, 1)


def text(doc: Document, path: str) -> str:
    found = doc.find(path)
    assert found is not None, path
    return found.full_text()


def test_whole_article_replaced_from_its_effective_date(lawyers):
    # "1. Điều 3 được sửa đổi, bổ sung như sau: “Điều 3. Chức năng xã hội của luật sư …”"
    assert text(lawyers.as_of(BEFORE), "dieu-3").startswith(
        "Hoạt động nghề nghiệp của luật sư nhằm góp phần bảo vệ công lý")
    assert text(lawyers.as_of(AFTER), "dieu-3").startswith(
        "Hoạt động nghề nghiệp của luật sư góp phần bảo vệ công lý, các quyền tự do")


def test_article_inserted_after_the_one_it_follows(lawyers):
    # "Bổ sung Điều 92a vào sau Điều 92 như sau: “Điều 92a. Điều khoản chuyển tiếp …”"
    assert lawyers.as_of(BEFORE).find("dieu-92a") is None
    after = lawyers.as_of(AFTER)
    numbers = [a.number for a in after.articles()]
    assert numbers[numbers.index("92") + 1] == "92a"
    assert after.find("dieu-92a").heading == "Điều khoản chuyển tiếp"


def test_repealed_articles_leave_no_text(lawyers):
    # "Bãi bỏ Điều 8, Điều 52 và Điều 63 của Luật luật sư số 65/2006/QH11."
    for path in ("dieu-8", "dieu-52", "dieu-63"):
        assert lawyers.as_of(BEFORE).find(path) is not None
        assert lawyers.as_of(AFTER).find(path) is None


def test_phrase_replaced_throughout_including_headings(lawyers):
    # "cụm từ “tổ chức luật sư toàn quốc” được thay bằng cụm từ “Liên đoàn luật sư Việt Nam”"
    assert lawyers.as_of(BEFORE).find("dieu-66").heading == (
        "Các cơ quan của tổ chức luật sư toàn quốc")
    after = lawyers.as_of(AFTER)
    assert after.find("dieu-66").heading == "Các cơ quan của Liên đoàn luật sư Việt Nam"
    # at a sentence start the phrase reads "Tổ chức …": replaced too, capitalised
    assert text(after, "dieu-64").startswith("1. Liên đoàn luật sư Việt Nam là tổ chức")
    assert "tổ chức luật sư toàn quốc" not in "\n".join(a.full_text().lower()
                                                         for a in after.articles())


def test_a_phrase_change_leaves_the_same_laws_new_wording_alone(lawyers):
    # Điều 6 as reworded already says "… luật sư Việt Nam": the list of phrase changes in the
    # same law must not make it "Việt Nam Việt Nam"
    assert "Việt Nam Việt Nam" not in text(lawyers.as_of(AFTER), "dieu-6")


def test_phrase_deleted_in_the_listed_point_with_its_separator(lawyers):
    # "Bỏ cụm từ “bản sao Chứng chỉ hành nghề luật sư” quy định tại điểm d khoản 3 Điều 78"
    path = "dieu-78.khoan-3.diem-d"
    assert "bản sao Chứng chỉ hành nghề luật sư" in text(lawyers.as_of(BEFORE), path)
    after = text(lawyers.as_of(AFTER), path)
    assert "Chứng chỉ" not in after
    assert "kèm theo bản sao Thẻ luật sư" in after


def test_point_and_clause_replaced_inside_an_article():
    done = amended("Luật-105-2016-QH13.doc", "Luật-28-2018-QH14.doc")
    # "Sửa đổi, bổ sung điểm a khoản 1 Điều 10 như sau: “a) Chủ trì, …”"
    point = done.as_of(date(2019, 1, 1)).find("dieu-10.khoan-1.diem-a").text
    assert "tổ chức thực hiện văn bản quy phạm pháp luật, chiến lược, chính sách" in point
    assert point != done.as_of(date(2018, 12, 31)).find("dieu-10.khoan-1.diem-a").text
    # the other points of the clause stay as enacted
    assert done.as_of(date(2019, 1, 1)).find("dieu-10.khoan-1.diem-b").text == (
        done.doc.find("dieu-10.khoan-1.diem-b").text)
    # "Bãi bỏ Điều 9."
    assert done.as_of(date(2019, 1, 1)).find("dieu-9") is None


def test_a_clause_numbered_six_replaces_clause_six():
    done = amended("Luật-89-2015-QH13.doc", "Luật-01-2021-QH15.doc")
    clause = done.as_of(date(2022, 1, 1)).find("dieu-17.khoan-6")
    assert clause.text.startswith("Bộ trưởng Bộ Kế hoạch và Đầu tư chủ trì")
    assert [c.path for c in done.as_of(date(2022, 1, 1)).find("dieu-17").children] == [
        c.path for c in done.doc.find("dieu-17").children]


def test_a_repealed_clause_keeps_its_number():
    # "Bãi bỏ khoản 3 Điều 75 của Luật giao thông đường thủy nội địa số 23/2004/QH11 đã được
    # sửa đổi, bổ sung một số điều theo Luật số 48/2014/QH13" — the law named last is not
    # the one changed
    done = amended("Luật-23-2004-QH11.doc", "Luật-97-2015-QH13.doc")
    assert done.as_of(date(2017, 1, 1)).find("dieu-75.khoan-3").text == REPEALED_TEXT


def test_several_instructions_in_one_sentence_each_read():
    found = [i for i in parse_instructions(law("Luật-20-2012-QH13.doc"))
             if i.source_key.endswith("#dieu-1.khoan-37")]
    assert [(i.action, i.old) for i in found][:2] == [
        (REPLACE_PHRASE, "tổ chức luật sư toàn quốc"),
        (REPLACE_PHRASE, "quản lý hành nghề luật sư")]
    one = [i for i in parse_instructions(law("Luật-97-2015-QH13.doc"))
           if i.source_key.endswith("dieu-23.khoan-2.diem-c")]
    # one deletion naming provisions of three laws: one instruction per law
    assert {i.target for i in one} == {"38/2005/QH11", "08/2012/QH13", "74/2014/QH13"}
    assert {i.action for i in one} == {DELETE_PHRASE}


def test_instruction_kinds_read_from_the_amending_law():
    kinds = {(i.action, i.paths) for i in parse_instructions(law("Luật-20-2012-QH13.doc"))}
    assert (SUBSTITUTE, ("dieu-3",)) in kinds
    assert (INSERT, ("dieu-92a",)) in kinds
    assert (REPEAL, ("dieu-8", "dieu-52", "dieu-63")) in kinds


STAND_IN = ("LUẬT\nBAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT\nĐiều 9. Bổ nhiệm giám định viên\n"
            "1. Chung.\nĐiều 58. Hồ sơ đề nghị\n1. Chung.\n2. Hồ sơ gồm:\na) Tờ trình;\n"
            "b) Báo cáo;\nc) Bản đánh giá.\nĐiều 59. Khác\nNội dung.")


def test_point_inserted_after_the_point_it_follows():
    # 63/2020/QH14: "Bổ sung điểm b1 vào sau điểm b khoản 2 như sau: “b1) Báo cáo về rà soát …”"
    # (the law it amends is not in laws-word: applied to a stand-in of its Điều 58)
    found = [i for i in parse_instructions(law("Luật-63-2020-QH14.docx"))
             if i.action == INSERT and i.paths == ("dieu-58.khoan-2.diem-b1",)]
    assert len(found) == 1 and found[0].after == "dieu-58.khoan-2.diem-b"
    original = parse_text(STAND_IN, filename="stand-in.txt")
    done = consolidate(original, found)
    points = [p.number for p in done.as_of(date(2021, 1, 1)).find("dieu-58.khoan-2").children]
    assert points == ["a", "b", "b1", "c"]
    assert done.as_of(date(2020, 12, 31)).find("dieu-58.khoan-2.diem-b1") is None
    assert done.as_of(date(2021, 1, 1)).find("dieu-58.khoan-2.diem-b1").text.startswith(
        "Báo cáo về rà soát các văn bản quy phạm pháp luật")


def test_article_renamed_by_a_nested_instruction():
    # 56/2020/QH14 khoản 5 Điều 1: "Sửa đổi, bổ sung tên điều và một số khoản của Điều 9 như
    # sau: a) Sửa đổi, bổ sung tên điều như sau: “Điều 9. Thẩm quyền, trình tự, …”"
    found = [i for i in parse_instructions(law("Luật-56-2020-QH14.docx"))
             if i.action == RENAME]
    assert [i.paths for i in found] == [("dieu-9",)]
    original = parse_text(STAND_IN, filename="stand-in.txt")
    renamed = consolidate(original, found).as_of(date(2021, 7, 1)).find("dieu-9")
    assert renamed.heading == ("Thẩm quyền, trình tự, thủ tục bổ nhiệm giám định viên tư pháp "
                               "và cấp thẻ giám định viên tư pháp")
    assert renamed.children == original.find("dieu-9").children


@pytest.fixture(scope="module")
def corpus_graph():
    docs = [load_path(p)[0] for p in sorted(need_shared("corpus").iterdir())
            if p.suffix in (".pdf", ".doc")]
    return resolve(docs)


def test_circular_14_2024_reads_cap_xa_from_1_july_2025(corpus_graph):
    doc = corpus_graph.document("14/2024/TT-BCT")
    done = consolidate(doc, amendments_of(corpus_graph, doc))
    point = "dieu-3.khoan-1.diem-b"
    assert done.as_of(date(2025, 6, 30)).find(point).text == "Ủy ban nhân dân cấp huyện;"
    assert done.as_of(date(2025, 7, 1)).find(point).text == "Ủy ban nhân dân cấp xã;"
    # "… tại Thông tư số 14/2024/TT-BCT bao gồm Phụ lục I, Phụ lục II": the annexes too
    annexes = done.as_of(date(2025, 7, 1)).annexes
    assert any("cấp huyện" in a.full_text() for a in done.doc.annexes)
    assert not any("cấp huyện" in a.full_text() for a in annexes)
    versions = done.versions("dieu-3")
    assert [(v.valid_from, v.valid_to) for v in versions] == [
        (date(2024, 10, 1), date(2025, 6, 30)), (date(2025, 7, 1), None)]
    assert {i.source_key for i in versions[1].sources} == {"38/2025/TT-BCT#dieu-29"}


def test_an_instruction_that_cannot_be_applied_is_listed_not_guessed(corpus_graph):
    doc = corpus_graph.document("14/2024/TT-BCT")
    amending = parse_text(
        "THÔNG TƯ\nSửa đổi Thông tư số 14/2024/TT-BCT\nĐiều 1. Sửa đổi Thông tư số "
        "14/2024/TT-BCT\n1. Bãi bỏ khoản 9 Điều 3 Thông tư số 14/2024/TT-BCT.\n"
        "2. Thay thế cụm từ “cấp quận” bằng cụm từ “cấp phường” tại Điều 4 Thông tư số "
        "14/2024/TT-BCT.\nĐiều 2. Hiệu lực thi hành\nThông tư này có hiệu lực thi hành kể từ "
        "ngày 01 tháng 01 năm 2026.", filename="tt-99-2025-bct.txt")
    found = [i for i in parse_instructions(amending) if i.target == "14/2024/TT-BCT"]
    assert {i.action for i in found} == {REPEAL, REPLACE_PHRASE}
    done = consolidate(doc, found)
    reasons = sorted(u.reason for u in done.unapplied)
    assert reasons == ["Không thấy cụm từ “cấp quận” tại Điều 4.",
                       "Văn bản không có khoản 9 Điều 3."]
    assert done.unapplied_under("dieu-3")[0].reason == "Văn bản không có khoản 9 Điều 3."
    # nothing changed: no text is shown that no instruction produced
    assert done.as_of(date(2026, 6, 1)).body == doc.body


def test_dev_cases_against_the_code_of_law():
    cases_file = need_shared("eval", "consolidation", "consolidation-dev.jsonl")
    report = score_cases(load_cases(cases_file), need_shared("laws-word"))
    assert len(report.results) >= 20
    assert report.share("detected") >= 0.95
    assert report.share("exact") >= 0.9, report.render()


def test_consolidated_articles_compared_with_the_code_of_law(lawyers):
    from ingest.phapdien import CodifiedIndex
    from search.text import same_wording

    index = CodifiedIndex(need_shared("phapdien", "BoPhapDienDienTu.zip"))
    code = index.find("65/2006/QH11", "3")
    assert code.code == "4.4.LQ.3"
    assert "20/2012/QH13" in code.note  # the note names the amending law
    now = lawyers.as_of(AFTER)
    assert same_wording(text(now, "dieu-3"), code.text) == "exact"
    assert same_wording(text(lawyers.doc, "dieu-3"), code.text) == "different"
    # Điều 12: the Pháp điển writes "khóa" where the law wrote "khoá"
    assert same_wording(text(now, "dieu-12"), index.find("65/2006/QH11", "12").text) == (
        "spelling")


def test_a_case_whose_law_file_is_missing_is_reported_not_fatal(tmp_path):
    cases = load_cases(need_shared("eval", "consolidation", "consolidation-dev.jsonl"))[:2]
    missing = {**cases[0], "id": "missing", "original_file": "Luật-0-2000-QH10.doc"}
    report = score_cases([missing, cases[1]], need_shared("laws-word"))
    assert [r.detected for r in report.results] == [False, True]
    assert "Luật-0-2000-QH10.doc" in report.results[0].reason
    assert "missing" in report.render()
