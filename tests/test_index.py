"""The index and document store: incremental add/replace/remove, swaps, locks, crashes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from ingest.ids import slugify
from ingest.models import Document, Provision, make_key
from ingest.relations import extract_relations
from search import Filters, KnowledgeBase, open_knowledge_base
from search.store import Store, StoreBusy

ROOT = Path(__file__).resolve().parent.parent


def make_doc(number: str, articles: dict[str, tuple[str, str]], doc_type: str = "Nghị định",
             issuer: str = "Chính phủ", title: str = "Văn bản thử",
             effective: date | None = date(2024, 1, 1)) -> Document:
    """Return a document whose articles are {number: (heading, text)}."""
    body = tuple(Provision("dieu", n, heading, text, f"dieu-{n}", make_key(number, f"dieu-{n}"))
                 for n, (heading, text) in articles.items())
    return Document(doc_id=slugify(number), number=number, doc_type=doc_type, issuer=issuer,
                    title=title, issued=date(int(number.split("/")[1]), 1, 1),
                    effective_from=effective, body=body)


def keys(kb: KnowledgeBase, query: str) -> list[str]:
    return [h.key for h in kb.search(query, per_page=50).hits]


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    kb = open_knowledge_base(tmp_path / "home")
    kb.add([
        make_doc("1/2024/NĐ-CP", {"1": ("Phạm vi", "Quy định về chợ truyền thống."),
                                  "2": ("Hoa hồng", "Tiền hoa hồng đại lý bán vé.")}),
        make_doc("2/2024/TT-BCT", {"1": ("Hòa giải", "Hòa giải tranh chấp thương mại.")},
                 doc_type="Thông tư", issuer="Bộ Công Thương"),
    ])
    return kb


def test_added_documents_are_searchable_and_stored(kb: KnowledgeBase) -> None:
    assert keys(kb, "chợ truyền thống")[0] == "1/2024/NĐ-CP#dieu-1"
    assert kb.stats()["documents"] == 2 and kb.stats()["articles"] == 3
    assert kb.stats()["last_ingest"]
    assert kb.document("1-2024-nd-cp").find("dieu-2").text == "Tiền hoa hồng đại lý bán vé."
    doc, prov = kb.provision("2/2024/TT-BCT#dieu-1")
    assert doc.number == "2/2024/TT-BCT" and prov.heading == "Hòa giải"
    assert [d.number for d in kb.documents()] == ["1/2024/NĐ-CP", "2/2024/TT-BCT"]


def test_replacing_a_document_keeps_one_version(kb: KnowledgeBase, tmp_path: Path) -> None:
    kb.add([make_doc("1/2024/NĐ-CP", {"1": ("Phạm vi", "Quy định về siêu thị.")})])
    assert keys(kb, "siêu thị") == ["1/2024/NĐ-CP#dieu-1"]
    assert "1/2024/NĐ-CP#dieu-1" not in keys(kb, "chợ truyền thống")
    assert kb.stats()["documents"] == 2 and kb.stats()["articles"] == 2
    records = list((tmp_path / "home" / "records").glob("1-2024-nd-cp-*.json"))
    assert len(records) == 1


def test_removing_a_document(kb: KnowledgeBase) -> None:
    assert kb.remove("1-2024-nd-cp") is True
    assert not [k for k in keys(kb, "chợ truyền thống hoa hồng") if k.startswith("1/2024")]
    assert kb.document("1-2024-nd-cp") is None
    assert kb.remove("1-2024-nd-cp") is False
    assert kb.stats()["documents"] == 1


def test_accented_match_ranks_above_folded_only_match(kb: KnowledgeBase) -> None:
    """'hoà' (old tone placement) means hòa giải first; the folded 'hoa hồng' still found."""
    assert keys(kb, "hoà")[:2] == ["2/2024/TT-BCT#dieu-1", "1/2024/NĐ-CP#dieu-2"]
    assert set(keys(kb, "hoa")[:2]) == {"2/2024/TT-BCT#dieu-1", "1/2024/NĐ-CP#dieu-2"}


def test_phrase_ranks_above_scattered_syllables(tmp_path: Path) -> None:
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("3/2024/NĐ-CP", {
        "1": ("Quy định chung", "Nghiệp vụ công tác ở cụm dân cư và công nghệ mới."),
        "2": ("Quy định chung", "Phát triển cụm công nghiệp tại địa phương."),
    })])
    assert keys(kb, "cụm công nghiệp")[0] == "3/2024/NĐ-CP#dieu-2"
    assert keys(kb, '"cụm công nghiệp"') == ["3/2024/NĐ-CP#dieu-2"]


def test_filters_and_facets(kb: KnowledgeBase) -> None:
    result = kb.search("quy định hòa giải chợ hoa", filters=Filters(doc_type="Thông tư"))
    assert {h.doc_number for h in result.hits} == {"2/2024/TT-BCT"}
    typed = keys(kb, "hòa giải chợ loai:nghi-dinh")
    assert typed and all(k.startswith("1/2024/NĐ-CP#") for k in typed)
    everything = kb.search("hòa giải chợ hoa hồng", per_page=100)
    counts = dict(everything.facets["doc_type"])
    # facets count documents, not articles: one decree with two matching articles counts once
    by_type: dict[str, set[str]] = {}
    for hit in everything.hits:
        by_type.setdefault(hit.doc_type, set()).add(hit.doc_id)
    assert counts == {t: len(ids) for t, ids in by_type.items()} == {"Nghị định": 1,
                                                                      "Thông tư": 1}


def test_status_comes_from_the_effective_date(tmp_path: Path) -> None:
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("4/2024/NĐ-CP", {"1": ("A", "Nội dung về chợ.")}, effective=None),
            make_doc("5/2099/NĐ-CP", {"1": ("A", "Nội dung về chợ.")},
                     effective=date(2099, 1, 1))])
    statuses = {h.doc_number: h.status for h in kb.search("chợ").hits}
    assert statuses["5/2099/NĐ-CP"] == "not_yet"
    assert kb.search("chợ hieuluc:chua-hieu-luc").hits[0].doc_number == "5/2099/NĐ-CP"


def test_an_amending_document_added_or_removed_later_changes_the_target_status(
        tmp_path: Path) -> None:
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("8/2024/NĐ-CP", {"3": ("Chợ", "Ban quản lý chợ báo cáo hằng quý."),
                                      "4": ("Phí", "Thu phí chợ theo quy định.")})])
    amending = make_doc("9/2025/NĐ-CP", {"1": ("Sửa đổi", "Sửa đổi, bổ sung Điều 3 Nghị định "
                                              "số 8/2024/NĐ-CP như sau: “3. Báo cáo.”")},
                        effective=date(2025, 1, 1))
    amending = replace(amending, relations=extract_relations(amending))
    kb.add([make_doc("10/2024/NĐ-CP", {"1": ("Khác", "Cụm công nghiệp.")})])
    assert {h.article: h.status for h in kb.search("chợ 8/2024").hits}["3"] == "in_force"
    kb.add([amending])
    statuses = {h.article: h.status for h in kb.search("chợ 8/2024").hits}
    assert statuses["3"] == "amended" and statuses["4"] == "in_force"
    kb.remove("9-2025-nd-cp")
    assert {h.article: h.status for h in kb.search("chợ 8/2024").hits}["3"] == "in_force"


def test_stored_statuses_are_refreshed_once_a_day(tmp_path: Path) -> None:
    tomorrow = date.today() + timedelta(days=1)
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("11/2024/NĐ-CP", {"1": ("Chợ", "Quản lý chợ đầu mối.")},
                     effective=tomorrow)])
    assert kb.search("chợ đầu mối").hits[0].status == "not_yet"
    assert not kb.refresh_statuses()  # computed today already

    assert kb.refresh_statuses(tomorrow)
    assert kb.search("chợ đầu mối").hits[0].status == "in_force"
    assert not kb.refresh_statuses(tomorrow)


def test_a_law_looked_up_by_number_is_followed_by_the_clauses_citing_it(
        tmp_path: Path) -> None:
    """A Bộ luật named by its number alone (QH13 reads as Luật) is found; the articles citing
    it follow, shown and deep-linked where they cite it, and not those citing another
    document of the same number and year."""
    kb = open_knowledge_base(tmp_path)
    opening = "Phạm vi điều chỉnh của văn bản này gồm nhiều nội dung. " * 8
    kb.add([
        make_doc("91/2015/QH13", {"1": ("Phạm vi", "Quan hệ dân sự.")}, doc_type="Bộ luật",
                 issuer="Quốc hội", title="Dân sự"),
        make_doc("2/2016/NQ-HĐTP", {"4": ("Thời hiệu", "Nội dung về thời hiệu.")},
                 doc_type="Nghị quyết"),
        make_doc("3/2016/TT-BTP", {"2": ("Áp dụng", f"{opening}\n1. Thời hiệu theo Bộ luật "
                                           "dân sự số 91/2015/QH13 ngày 24 tháng 11 năm 2015.")},
                 doc_type="Thông tư"),
        make_doc("4/2017/NĐ-CP", {"7": ("Vốn", "Theo Nghị định số 91/2015/NĐ-CP về vốn.")}),
    ])
    hits = kb.search("91/2015/QH13", per_page=10).hits
    assert [h.key for h in hits] == ["91/2015/QH13", "3/2016/TT-BTP#dieu-2"]
    assert "<mark>91/2015/QH13</mark> ngày 24" in hits[1].snippet
    assert hits[1].snippet.startswith("… ") and "Phạm vi điều chỉnh" not in hits[1].snippet


@pytest.mark.parametrize("question", [
    "Điều 35 BLLĐ 2019", "dieu 35 blld", "điều 35 bộ luật lao động",
    "Đ35 Bộ luật Lao động năm 2019",
])
def test_a_code_named_by_its_title_abbreviation_or_year_goes_to_its_article(
        tmp_path: Path, question: str) -> None:
    """A title that repeats the type ("Bộ luật Lao động", a Bộ luật) is a name once; the
    abbreviation officers write (BLLĐ) and the year of its number name it too."""
    kb = open_knowledge_base(tmp_path)
    kb.add([
        make_doc("45/2019/QH14", {"35": ("Quyền đơn phương chấm dứt", "Người lao động …"),
                                  "117": ("Khác", "Điều 35 và người lao động đơn phương.")},
                 doc_type="Bộ luật", issuer="Quốc hội", title="Bộ luật Lao động"),
        make_doc("10/2020/NĐ-CP", {"35": ("Điều 35", "Lao động đơn phương chấm dứt.")}),
    ])
    assert keys(kb, question)[0] == "45/2019/QH14#dieu-35"


def test_a_number_two_documents_share_lists_both_to_choose_from(tmp_path: Path) -> None:
    """'Đ2 TT01/2015' when two ministries issued a Thông tư 01/2015: not "no such
    document", but both numbers in full, each a query for that article."""
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc(number, {"2": ("Đối tượng", "Cơ quan, tổ chức.")}, doc_type="Thông tư")
            for number in ("01/2015/TT-BCT", "01/2015/TT-BYT")])
    result = kb.search("Đ2 TT01/2015")
    assert result.total == 0 and "ứng với 2 văn bản" in result.message
    assert result.suggestions == ("điều 2 01/2015/TT-BCT", "điều 2 01/2015/TT-BYT")
    assert keys(kb, result.suggestions[1])[0] == "01/2015/TT-BYT#dieu-2"


def test_snippets_escape_document_text(tmp_path: Path) -> None:
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("6/2024/NĐ-CP", {
        "1": ("Mẫu", "Biểu mẫu <script>alert('x')</script> & <b>chợ</b> đầu mối.")})])
    snippet = kb.search("chợ đầu mối").hits[0].snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>chợ</mark>" in snippet


def test_rebuild_swaps_in_a_new_generation(kb: KnowledgeBase, tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    before = store.current()
    kb.rebuild([make_doc("7/2024/NĐ-CP", {"1": ("A", "Quản lý cụm công nghiệp.")})])
    after = store.current()
    assert after != before and after.is_dir()
    assert kb.stats()["documents"] == 1 and keys(kb, "chợ truyền thống") == []
    kb.rebuild([make_doc("8/2024/NĐ-CP", {"1": ("A", "Quản lý chợ.")})])
    generations = sorted(p.name for p in (tmp_path / "home" / "index").glob("gen-*"))
    assert len(generations) == 2 and store.current().name == generations[-1]


def test_an_open_reader_sees_a_later_write(kb: KnowledgeBase, tmp_path: Path) -> None:
    reader = open_knowledge_base(tmp_path / "home")
    assert keys(reader, "siêu thị") == []
    open_knowledge_base(tmp_path / "home").add(
        [make_doc("9/2024/NĐ-CP", {"1": ("A", "Quy định về siêu thị.")})])
    assert keys(reader, "siêu thị") == ["9/2024/NĐ-CP#dieu-1"]


def _spawn(script: str, home: Path) -> subprocess.Popen:
    code = textwrap.dedent(script)
    return subprocess.Popen([sys.executable, "-c", code, str(home)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_one_writer_at_a_time(kb: KnowledgeBase, tmp_path: Path) -> None:
    holder = _spawn("""
        import sys, time
        from search.store import Store
        with Store(sys.argv[1]).writing():
            print("locked", flush=True)
            time.sleep(30)
    """, tmp_path / "home")
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusy), Store(tmp_path / "home").writing(wait_s=0.2):
            pass
    finally:
        holder.kill()
        holder.wait()
    kb.add([make_doc("10/2024/NĐ-CP", {"1": ("A", "Quy định về siêu thị.")})])
    assert keys(kb, "siêu thị") == ["10/2024/NĐ-CP#dieu-1"]


def test_writer_killed_mid_ingest_leaves_the_previous_index(kb: KnowledgeBase,
                                                            tmp_path: Path) -> None:
    writer = _spawn("""
        import sys, time
        from datetime import date
        import search.whoosh.indexer as indexer
        from search import KnowledgeBase, open_knowledge_base
        sys.path.insert(0, "tests")
        from test_index import make_doc
        original = indexer.add_entries
        def slow(w, doc, record, statuses):
            n = original(w, doc, record, statuses)
            print("writing", flush=True)
            time.sleep(30)
            return n
        indexer.add_entries = slow
        docs = [make_doc(f"{i}/2025/NĐ-CP", {"1": ("A", "Quy định về siêu thị.")})
                for i in range(20, 25)]
        open_knowledge_base(sys.argv[1]).add(docs)
    """, tmp_path / "home")
    try:
        assert writer.stdout.readline().strip() == "writing"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    after = open_knowledge_base(tmp_path / "home")
    assert keys(after, "chợ truyền thống")[0] == "1/2024/NĐ-CP#dieu-1"
    assert keys(after, "siêu thị") == [] and after.stats()["documents"] == 2
    after.add([make_doc("11/2024/NĐ-CP", {"1": ("A", "Quy định về siêu thị.")})])
    assert keys(after, "siêu thị") == ["11/2024/NĐ-CP#dieu-1"]


def _stored_statuses(kb: KnowledgeBase) -> dict[str, str]:
    """Return the status every entry of the index shows (document and provisions), by key."""
    return {key: status for c in kb.view().catalog for key, status in c.statuses.items()}


def test_documents_added_one_at_a_time_show_the_statuses_of_a_whole_build(
        tmp_path: Path, shared_corpus: Path) -> None:
    """An update recomputes statuses only where the new document can change them (reading
    only those records); every badge must still equal what a build of all of them shows."""
    from ingest.pipeline import load_paths

    docs = load_paths([shared_corpus]).documents
    whole = open_knowledge_base(tmp_path / "whole")
    whole.add(docs)
    expected = _stored_statuses(whole)
    assert "amended" in expected.values()  # 139/2025 and 146/2025 reassign duties

    # amending documents before and after the documents they amend
    order = sorted(docs, key=lambda d: d.ref)
    stepwise = open_knowledge_base(tmp_path / "stepwise")
    for doc in order:
        stepwise.add([doc])
    assert _stored_statuses(stepwise) == expected
    for doc in reversed(order):  # replacing each one keeps them too
        stepwise.add([doc])
    assert _stored_statuses(stepwise) == expected


def test_term_frequencies_survive_a_merge_of_segments(tmp_path: Path) -> None:
    """The codec stores a frequency once (as the weight); Whoosh's own reading and a merge
    of segments, which rewrites every posting, still see each term's frequency."""
    from whoosh import index as windex

    from search.whoosh.indexer import make_schema, writer

    ix = windex.create_in(str(tmp_path), make_schema())
    for n, text in enumerate(("chợ chợ chợ đầu mối", "chợ truyền thống")):
        w = writer(ix)
        w.add_document(key=f"k{n}", kind="article", text=text, fold=text)
        w.commit()
    w = writer(ix)
    w.commit(optimize=True)  # one segment: every posting read back and written again
    with ix.searcher() as s:
        r = s.reader()
        assert len(r.leaf_readers()) == 1
        freqs = dict(r.postings("text", "chợ").items_as("frequency"))
        keys = {s.stored_fields(d)["key"]: f for d, f in freqs.items()}
    assert keys == {"k0": 3, "k1": 1}


def test_a_definition_question_gets_the_definition_of_the_highest_legal_force(
        tmp_path: Path) -> None:
    """A circular and the decree it follows both define a term; asked what it means, the
    decree's definition comes first, even when the circular's words rank higher."""
    kb = open_knowledge_base(tmp_path)
    term = "Bến khách ngang sông là bến thủy nội địa đón, trả hành khách qua sông."
    kb.add([
        make_doc("7/2021/NĐ-CP", {"3": ("Giải thích từ ngữ", f"1. {term}"),
                                  "4": ("Phạm vi", "Quản lý hoạt động đường thủy nội địa.")}),
        make_doc("8/2022/TT-BGTVT", {
            "2": ("Giải thích từ ngữ", f"1. {term} 2. Bến khách ngang sông tạm là bến khách "
                  "ngang sông hoạt động có thời hạn."),
            "5": ("Bến khách ngang sông", "Bến khách ngang sông phải có biển báo; bến khách "
                  "ngang sông phải có phao cứu sinh.")},
            doc_type="Thông tư", issuer="Bộ Giao thông vận tải"),
    ])
    for question in ("Bến khách ngang sông là gì?", "khái niệm bến khách ngang sông",
                     "Như thế nào là bến khách ngang sông"):
        assert keys(kb, question)[0] == "7/2021/NĐ-CP#dieu-3", question


def test_a_definition_is_found_however_the_term_is_asked_and_punctuated(
        tmp_path: Path) -> None:
    """"… là những ai?", a term asked with a comma or with the field it applies to, and a
    definition written "Term;là" (as the Pháp điển's text has them) are still definitions;
    a field the defining article does not name is not taken for one."""
    kb = open_knowledge_base(tmp_path)
    long_ = "Khoán chi và nạn nhân bom mìn được nhắc lại ở đây nhiều lần. " * 6
    kb.add([
        make_doc("5/2014/NĐ-CP", {
            "3": ("Giải thích từ ngữ", "1. Nạn nhân bom mìn, vật nổ;là người bị thương. "
                  "2. Khoán chi là phương thức chi ngân sách cho hoạt động khoa học. "
                  "3. Quân phục là trang phục của quân đội."),
            "9": ("Hỗ trợ", f"{long_} Nạn nhân bom mìn vật nổ được hỗ trợ; khoán chi trong "
                  "hoạt động khoa học; quân phục trong gia công hàng hóa.")}),
    ])
    for question in ("Nạn nhân bom mìn vật nổ là những ai?",
                     "Khoán chi trong hoạt động khoa học được hiểu như thế nào?"):
        assert keys(kb, question)[0] == "5/2014/NĐ-CP#dieu-3", question
    assert keys(kb, "Quân phục trong gia công hàng hóa được hiểu như thế nào?")[0] == \
        "5/2014/NĐ-CP#dieu-9"


@pytest.mark.parametrize(("question", "article"), [
    ("Cho vay nợ không có công chứng có kiện được không?", "463"),
    ("Không mang giấy tờ có thuê phòng ở nhà nghỉ được không?", "44"),
    ("Ở tù thì có được chơi thể thao không?", "50"),
])
def test_a_citizens_words_reach_the_article_in_the_codes_words(
        tmp_path: Path, question: str, article: str) -> None:
    """"Cho vay nợ", "nhà nghỉ", "ở tù": the codes say "hợp đồng vay tài sản", "cơ sở lưu
    trú", "phạm nhân"; the article so worded is found before one repeating the question's
    other words."""
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("91/2015/QH13", {
        "463": ("Hợp đồng vay tài sản", "Hợp đồng vay tài sản là sự thỏa thuận giữa bên cho "
                "vay và bên vay."),
        "44": ("Trách nhiệm của cơ sở lưu trú", "Cơ sở kinh doanh lưu trú thông báo lưu trú "
               "cho khách."),
        "50": ("Hoạt động thể dục thể thao của phạm nhân", "Phạm nhân được tham gia hoạt "
               "động thể dục thể thao."),
        "9": ("Công chứng", "Văn bản phải công chứng khi có yêu cầu; được kiện khi không có "
              "giấy tờ; có được phòng ở không; được chơi không; được không."),
    }, doc_type="Bộ luật", issuer="Quốc hội", title="Dân sự")])
    assert keys(kb, question)[0] == f"91/2015/QH13#dieu-{article}"


def test_the_words_a_report_asks_with_do_not_outweigh_its_subject(tmp_path: Path) -> None:
    """"Còn nhiều khó khăn, vướng mắc, đề nghị làm rõ …": the article about the subject
    comes before one that speaks of difficulties and recommendations."""
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("3/2024/NĐ-CP", {
        "5": ("Tiếp nhận phản ánh", "Cơ quan tiếp nhận phản ánh, kiến nghị, đề nghị về khó "
              "khăn, vướng mắc, bất cập và trả lời để làm rõ."),
        "9": ("Quản lý chợ", "Ủy ban nhân dân cấp xã quản lý chợ hạng 3 trên địa bàn."),
    })])
    question = "Còn nhiều khó khăn, vướng mắc, bất cập, đề nghị làm rõ việc quản lý chợ"
    assert keys(kb, question)[0] == "3/2024/NĐ-CP#dieu-9"


def test_a_question_naming_an_article_heading_finds_that_article_first(tmp_path: Path) -> None:
    """"<heading> được quy định như thế nào?": the article so headed comes before a longer
    one that repeats the same words."""
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("9/2019/NĐ-CP", {
        "15": ("Đăng ký phương tiện thủy", "Phương tiện thủy phải đăng ký trước khi hoạt động; "
               "hồ sơ đăng ký phương tiện thủy ghi tên phương tiện thủy, việc đặt tên phương "
               "tiện thủy mới và số đăng ký của phương tiện thủy. Được đặt tên phương tiện "
               "thủy."),
        "16": ("Đặt tên phương tiện thủy", "Chủ sở hữu chọn tên, không trùng với tên đã có."),
    })])
    assert keys(kb, "Đặt tên phương tiện thủy được quy định như thế nào?")[0] == \
        "9/2019/NĐ-CP#dieu-16"



def test_a_question_naming_most_of_a_heading_finds_that_article_first(tmp_path: Path) -> None:
    """A question worded around a heading ("Cơ quan nào cấp …" for "Cơ quan cấp Giấy phép
    nhập khẩu") finds the article so headed before one that repeats the question's words."""
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("13/2018/TT-BTTTT", {
        "6": ("Cơ quan cấp Giấy phép nhập khẩu", "Cục An toàn thông tin cấp Giấy phép nhập "
              "khẩu."),
        "7": ("Hồ sơ đề nghị cấp Giấy phép", "Hồ sơ đề nghị cấp Giấy phép nhập khẩu sản phẩm "
              "an toàn thông tin mạng gồm đơn đề nghị cấp Giấy phép nhập khẩu sản phẩm an toàn "
              "thông tin mạng, danh mục sản phẩm an toàn thông tin mạng nhập khẩu và bản sao "
              "giấy chứng nhận hợp quy."),
        "9": ("Hiệu lực thi hành", "Thông tư này có hiệu lực từ ngày 01 tháng 11 năm 2018."),
    }, doc_type="Thông tư", issuer="Bộ Thông tin và Truyền thông")])
    question = "Cơ quan nào cấp Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng?"
    assert keys(kb, question)[0] == "13/2018/TT-BTTTT#dieu-6"


def test_words_of_the_document_title_do_not_pick_the_article(tmp_path: Path) -> None:
    """A question names what a regulation is about (words of its title: "lựa chọn sách giáo
    khoa") and the matter asked ("nguyên tắc làm việc"): the article on that matter comes
    before the one that repeats the title's words."""
    kb = open_knowledge_base(tmp_path)
    kb.add([make_doc("25/2020/TT-BGDĐT", {
        "4": ("Thành lập Hội đồng", "Ủy ban nhân dân cấp tỉnh thành lập Hội đồng lựa chọn sách "
              "giáo khoa; thành viên Hội đồng lựa chọn sách giáo khoa là giáo viên."),
        "7": ("Quy định về hoạt động", "Hội đồng làm việc theo nguyên tắc tập thể, quyết định "
              "theo đa số."),
        "9": ("Hiệu lực thi hành", "Thông tư này có hiệu lực từ ngày 01 tháng 11 năm 2020."),
    }, doc_type="Thông tư", issuer="Bộ Giáo dục và Đào tạo",
        title="Quy định việc lựa chọn sách giáo khoa trong cơ sở giáo dục phổ thông")])
    question = ("Nguyên tắc làm việc của Hội đồng lựa chọn sách giáo khoa được quy định như "
                "thế nào?")
    assert keys(kb, question)[0] == "25/2020/TT-BGDĐT#dieu-7"
