"""The Code of Law export: a few đề mục of ../shared/phapdien/BoPhapDienDienTu.zip imported.

Đề mục 4.4 (Luật sư) codifies Luật Luật sư 65/2006/QH11 as amended by 20/2012/QH13; đề mục
42.1 (Văn thư) codifies Nghị định 30/2020/NĐ-CP, which the shared corpus holds.  The whole
bundle is measured by bench/bench_phapdien.py, not here.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import need_shared

from cli.main import main
from ingest.errors import IngestError
from ingest.phapdien import code_of, is_bundle
from ingest.pipeline import iter_files, load_path
from search import open_knowledge_base

LAWYERS = "demuc/d762a424-dab9-400c-b04f-9a03fe7085fa.html"  # Đề mục 4.4 Luật sư
RECORDS = "demuc/59750dbc-0ac3-4d75-928e-18983dc7ecf6.html"  # Đề mục 42.1 Văn thư


def small_bundle(folder: Path, *pages: str) -> Path:
    """Return a zip of a few đề mục pages of the shared export (the export's own layout)."""
    with zipfile.ZipFile(need_shared("phapdien", "BoPhapDienDienTu.zip")) as src:
        out = folder / "BoPhapDienDienTu.zip"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in ("BoPhapDien.html", *pages):
                dst.writestr(name, src.read(name))
    return out


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return small_bundle(tmp_path_factory.mktemp("phapdien"), LAWYERS, RECORDS)


@pytest.fixture(scope="module")
def docs(bundle):
    return {d.number: d for d in load_path(bundle)}


def test_each_source_document_known_from_the_notes(docs):
    law = docs["65/2006/QH11"]
    assert law.doc_type == "Luật"
    assert law.effective_from == date(2007, 1, 1)  # "có hiệu lực thi hành kể từ ngày 01/01/2007"
    assert "Chỉ có" in law.warnings[0]  # held partially, and said so
    decree = docs["30/2020/NĐ-CP"]
    assert (decree.doc_type, decree.issuer, decree.issued) == (
        "Nghị định", "Chính phủ", date(2020, 3, 5))


def test_article_is_a_source_provision_with_its_code(docs):
    article = docs["65/2006/QH11"].find("dieu-3")
    assert article.heading == "Chức năng xã hội của luật sư"
    assert code_of(article.note) == "4.4.LQ.3"
    assert "vbpl.vn" in article.note  # the link to the source kept
    clause = docs["65/2006/QH11"].find("dieu-9.khoan-1.diem-a")
    assert clause is not None  # clauses and points parsed from the paragraphs


def test_amendment_notes_become_relations_with_evidence(docs):
    rels = docs["65/2006/QH11"].relations
    repeal = [r for r in rels if r.type == "repeals" and r.target_path == "dieu-8"]
    assert repeal and repeal[0].source_key == "20/2012/QH13#dieu-1"
    assert "bị bãi bỏ bởi" in repeal[0].evidence
    assert repeal[0].effective_from == date(2013, 7, 1)


def test_related_provisions_become_links(docs):
    related = [r for r in docs["65/2006/QH11"].relations if r.note == "related"]
    # Điều 4.4.LQ.7 "có nội dung liên quan đến Điều 4.4.LQ.6 …": Điều 7 -> Điều 6, a link the
    # relation graph shows both ways
    assert any(r.source_key == "65/2006/QH11#dieu-7" and r.target_number == "65/2006/QH11"
               and r.target_path == "dieu-6" for r in related), related[:3]


def test_found_by_code_and_by_source_reference(bundle, tmp_path):
    kb = open_knowledge_base(tmp_path / "kb")
    kb.add(load_path(bundle))
    for query in ("Điều 4.4.LQ.3", "4.4.lq.3", "điều 3 luật 65/2006/qh11"):
        result = kb.search(query)
        assert result.target is not None and result.target.key == "65/2006/QH11#dieu-3", query


def test_enacted_text_and_codified_articles_make_one_document(bundle, tmp_path):
    kb = open_knowledge_base(tmp_path / "kb")
    kb.add([load_path(need_shared("laws-word", "Luật-65-2006-QH11.docx"))[0]])
    kb.add(load_path(bundle))
    held = [d for d in kb.documents() if d.number == "65/2006/QH11"]
    assert len(held) == 1
    law = held[0]
    assert law.source.format == "docx"  # the text as enacted is kept
    assert "nhằm góp phần bảo vệ công lý" in law.find("dieu-3").full_text()
    assert code_of(law.find("dieu-3").note) == "4.4.LQ.3"  # with the Pháp điển's code
    assert kb.search("Điều 4.4.LQ.3").target.key == "65/2006/QH11#dieu-3"


def test_cli_ingests_the_zip_and_its_unpacked_folder(bundle, tmp_path):
    result = CliRunner().invoke(main, ["ingest", "--home", str(tmp_path / "h"), str(bundle)])
    assert result.exit_code == 0, result.output
    assert "65/2006/QH11" in result.output
    # a progress line: pages, articles, rate, time left
    assert "đề mục 2/2 (100%)" in result.output and "điều/giây" in result.output
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(unpacked)
    assert is_bundle(unpacked) and iter_files([unpacked]) == [unpacked]
    assert {d.number for d in load_path(unpacked)} >= {"65/2006/QH11", "30/2020/NĐ-CP"}


def test_a_zip_that_is_not_the_export_is_refused_with_its_name(tmp_path):
    other = tmp_path / "anh.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("anh.txt", "không phải Bộ Pháp điển")
    with pytest.raises(IngestError) as err:
        load_path(other)
    assert "anh.zip" in str(err.value)
    broken = tmp_path / "hong.zip"
    broken.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(IngestError) as err:
        load_path(broken)
    assert "hong.zip" in str(err.value)


def test_tree_page_links_articles_to_the_provisions_held(client, app, bundle):
    from web.codified import EXTENSION, CodifiedLoader

    app.extensions[EXTENSION] = loader = CodifiedLoader(bundle)
    assert loader.wait(60)
    home = client.get("/phap-dien").get_data(as_text=True)
    assert "Đề mục 42.1" in home and "Đề mục 4.4" in home
    page = client.get("/phap-dien/42.1").get_data(as_text=True)
    assert "Điều 42.1.NĐ.13." in page
    assert 'href="/van-ban/30-2020-nd-cp/dieu-13"' in page  # the corpus holds 30/2020/NĐ-CP
    lawyers = client.get("/phap-dien/4.4").get_data(as_text=True)
    assert "Điều 4.4.LQ.3." in lawyers and "/van-ban/65-2006-qh11" not in lawyers
    assert client.get("/phap-dien/99.9").status_code == 404


def test_relations_read_on_two_cores_are_the_same(bundle):
    from ingest.models import SourceFile
    from ingest.phapdien import bundle_documents, read_bundle
    from ingest.pipeline import with_relations_parallel

    groups, nodes = read_bundle(bundle)
    docs = bundle_documents(groups, SourceFile(str(bundle), "phapdien"), nodes)
    one = with_relations_parallel(docs, workers=1)
    two = with_relations_parallel(docs, workers=2, least=1)
    assert [d.number for d in two] == [d.number for d in one]
    assert [d.relations for d in two] == [d.relations for d in one]
    assert sum(len(d.relations) for d in two) > 0
