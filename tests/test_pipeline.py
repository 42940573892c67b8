"""Paths -> Documents: the real corpus against ../shared/README.md, formats, sidecars, bulk JSON,
and golden JSON for the small fixture documents."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, need_shared

from ingest.errors import CorruptFile, UnsupportedFormat
from ingest.models import ANNEX, ARTICLE
from ingest.pipeline import iter_files, load_path, load_paths
from ingest.serialize import document_from_dict, document_to_dict

DOCS = FIXTURES / "docs"
GOLDEN = FIXTURES / "golden"

# ../shared/README.md, one row per file: number, type, issuer, issued, effective, body articles,
# and whether the text itself holds the issue date (168/2024 is a web copy without a header).
CORPUS = [
    ("nd-32-2024-quan-ly-phat-trien-cum-cong-nghiep.docx", "32/2024/NĐ-CP", "Nghị định",
     "Chính phủ", date(2024, 3, 15), date(2024, 5, 1), 38, True),
    ("tt-14-2024-bct-bao-cao-cum-cong-nghiep.pdf", "14/2024/TT-BCT", "Thông tư",
     "Bộ Công Thương", date(2024, 8, 15), date(2024, 10, 1), 6, True),
    ("tt-38-2025-bct-phan-cap-thu-tuc-hanh-chinh.doc", "38/2025/TT-BCT", "Thông tư",
     "Bộ Công Thương", date(2025, 6, 19), date(2025, 7, 1), 37, True),
    ("nd-139-2025-phan-dinh-tham-quyen-chinh-quyen-2-cap.html", "139/2025/NĐ-CP", "Nghị định",
     "Chính phủ", date(2025, 6, 12), date(2025, 7, 1), 22, True),
    ("nd-146-2025-phan-quyen-phan-cap-cong-nghiep-thuong-mai.pdf", "146/2025/NĐ-CP", "Nghị định",
     "Chính phủ", date(2025, 6, 12), date(2025, 7, 1), 61, True),
    ("nd-168-2024-xu-phat-giao-thong-duong-bo.txt", "168/2024/NĐ-CP", "Nghị định",
     "Chính phủ", date(2024, 12, 26), date(2025, 1, 1), 55, False),
    ("luat-36-2005-qh11-thuong-mai-phap-dien.txt", "36/2005/QH11", "Luật",
     "Quốc hội", date(2005, 6, 14), date(2006, 1, 1), 324, True),
    ("nd-30-2020-cong-tac-van-thu-phap-dien.txt", "30/2020/NĐ-CP", "Nghị định",
     "Chính phủ", date(2020, 3, 5), date(2020, 3, 5), 38, True),
    ("nd-45-2012-khuyen-cong-phap-dien.txt", "45/2012/NĐ-CP", "Nghị định",
     "Chính phủ", date(2012, 5, 21), date(2012, 7, 5), 19, True),
]


@pytest.fixture(scope="module")
def corpus_docs() -> dict[str, object]:
    """Every document of ../shared/corpus, parsed once for this module."""
    folder = need_shared("corpus")
    return {p.name: load_path(p)[0] for p in iter_files([folder])}


@pytest.mark.parametrize(("name", "number", "doc_type", "issuer", "issued", "effective",
                          "articles", "issued_in_text"), CORPUS)
def test_real_corpus_matches_readme(corpus_docs, name, number, doc_type, issuer, issued,
                                    effective, articles, issued_in_text) -> None:
    doc = corpus_docs[name]
    assert (doc.number, doc.doc_type, doc.issuer) == (number, doc_type, issuer)
    assert len(doc.articles()) == articles
    assert [a.number for a in doc.articles()] == [str(n) for n in range(1, articles + 1)]
    assert doc.effective_from == effective
    if issued_in_text:
        assert doc.issued == issued
    else:  # not in the text: unknown and said so, never a wrong date
        assert doc.issued in (None, issued)
        assert doc.issued or "Không xác định được ngày ban hành" in doc.warnings


def test_every_corpus_file_is_in_the_table(corpus_docs) -> None:
    assert sorted(corpus_docs) == sorted(row[0] for row in CORPUS)


def test_annex_forms_of_14_2024_are_annexes(corpus_docs) -> None:
    doc = corpus_docs["tt-14-2024-bct-bao-cao-cum-cong-nghiep.pdf"]
    assert [(a.kind, a.number) for a in doc.annexes] == [(ANNEX, "I"), (ANNEX, "II")]
    assert "Điều 1. Thành lập/mở rộng cụm công nghiệp" in doc.annexes[1].text
    assert all("Thành lập/mở rộng" not in a.full_text() for a in doc.articles())
    assert doc.signer == "Phan Thị Thắng" and "Nơi nhận" not in doc.articles()[-1].full_text()


def test_phap_dien_notes_are_metadata(corpus_docs) -> None:
    doc = corpus_docs["luat-36-2005-qh11-thuong-mai-phap-dien.txt"]
    assert all(a.note.startswith("Nguồn pháp điển:") for a in doc.articles())
    assert not any("Nguồn pháp điển" in p.text for p in doc.walk())
    assert dict(doc.meta_sources)["issued"] == "notes"


def test_quoted_amendments_are_not_articles(corpus_docs) -> None:
    doc = corpus_docs["tt-38-2025-bct-phan-cap-thu-tuc-hanh-chinh.doc"]
    article = doc.find("dieu-22")
    assert article is not None and "“Điều 5. Thẩm quyền giải quyết hồ sơ" in article.full_text()
    # four amending clauses; the quoted clauses 1-3 and points a), b) of the amended text
    # stay inside them
    assert [c.number for c in article.children] == ["1", "2", "3", "4"]
    assert all(not c.children for c in article.children)
    assert article.children[1].text.count("\n") >= 3


def test_168_article_12_is_about_sidewalks(corpus_docs) -> None:
    article = corpus_docs["nd-168-2024-xu-phat-giao-thong-duong-bo.txt"].find("dieu-12")
    assert "vỉa hè" in article.heading and article.key == "168/2024/NĐ-CP#dieu-12"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _shape(doc) -> list[tuple[str, str, str]]:
    return [(a.number, _norm(a.heading), _norm(a.full_text())) for a in doc.articles()]


def _groups() -> dict[str, list[Path]]:
    folder = need_shared("formats")
    groups: dict[str, list[Path]] = {}
    for path in iter_files([folder]):
        if "scanned" not in path.name:
            groups.setdefault(path.stem, []).append(path)
    return groups


@pytest.mark.parametrize("stem", ["nd-32-2024", "nd-139-2025", "tt-14-2024", "nd-146-2025",
                                  "tt-38-2025"])
def test_formats_give_the_same_document(stem: str) -> None:
    paths = _groups()[stem]
    docs = [load_path(p)[0] for p in paths]
    assert len(docs) >= 2
    first = docs[0]
    for path, doc in zip(paths[1:], docs[1:], strict=True):
        meta = ("number", "doc_type", "issuer", "issued", "effective_from", "title", "signer")
        assert [getattr(doc, m) for m in meta] == [getattr(first, m) for m in meta], path.name
        assert [a.number for a in doc.articles()] == [a.number for a in first.articles()]
        for mine, theirs in zip(_shape(doc), _shape(first), strict=True):
            assert mine == theirs, f"{path.name} Điều {mine[0]}"


def test_scanned_pdf_needs_ocr_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    import ingest.pdf

    monkeypatch.setattr(ingest.pdf, "ocr_available", lambda: False)
    folder = need_shared("formats")
    result = load_paths([folder / "nd-32-2024-scanned-no-text-layer.pdf",
                         DOCS / "nd-99-2030-vi-du-quan-ly-cho.txt"])
    assert [d.number for d in result.documents] == ["99/2030/NĐ-CP"]
    assert len(result.failures) == 1 and "OCR" in str(result.failures[0][1])


def test_iter_files_walks_folders(tmp_path: Path) -> None:
    for name in ("b.pdf", "a.docx", "sub/c.txt", "x.meta.toml", ".hidden.txt", ".git/d.txt",
                 "e.exe", "laws.json", "README.md", "sub/readme.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a.docx", "b.pdf", "laws.json", "sub/c.txt"]
    assert iter_files([tmp_path / "e.exe"]) == [tmp_path / "e.exe"]  # named: kept, then refused
    with pytest.raises(UnsupportedFormat, match="e.exe") as refused:
        load_path(tmp_path / "e.exe")
    assert ".doc" in str(refused.value) and ".json" in str(refused.value)


def test_sidecar_fills_what_the_text_lacks() -> None:
    doc = load_path(DOCS / "nd-07-2031-vi-du-khong-dau.txt")[0]
    sources = dict(doc.meta_sources)
    assert (doc.number, sources["number"]) == ("07/2031/NĐ-CP", "filename")
    assert (doc.issued, sources["issued"]) == (date(2031, 2, 3), "sidecar")
    assert (doc.title, doc.signer) == ("Về chợ tạm", "Lê Văn Cường")
    assert doc.effective_from == date(2031, 2, 3)  # "kể từ ngày ký" = the sidecar's issue date


def test_broken_sidecar_is_an_error_naming_it(tmp_path: Path) -> None:
    doc = tmp_path / "nd-1-2030.txt"
    doc.write_text("Điều 1. Phạm vi\nNội dung.", encoding="utf-8")
    (tmp_path / "nd-1-2030.meta.toml").write_text("issued = [", encoding="utf-8")
    with pytest.raises(CorruptFile, match=r"nd-1-2030\.meta\.toml"):
        load_path(doc)


def test_alqac_bulk_corpus() -> None:
    law_json = need_shared("eval", "alqac", "law.json")
    docs = load_path(law_json)
    assert len(docs) == 17 and sum(len(d.articles()) for d in docs) == 2249
    civil = next(d for d in docs if d.number == "Bộ luật dân sự")
    assert (civil.doc_id, civil.doc_type) == ("bo-luat-dan-su", "Bộ luật")
    article = civil.find("dieu-11")
    assert article.heading == "Các phương thức bảo vệ quyền dân sự"
    assert [c.key for c in article.children][:2] == ["Bộ luật dân sự#dieu-11.khoan-1",
                                                     "Bộ luật dân sự#dieu-11.khoan-2"]
    constitution = next(d for d in docs if d.number == "Hiến pháp")
    assert constitution.find("dieu-1").heading == ""  # a sentence is not a title


def test_small_bulk_json_and_bad_json(tmp_path: Path) -> None:
    good = tmp_path / "laws.json"
    good.write_text(json.dumps([{"law_id": "Luật Chợ", "articles": [
        {"article_id": "2", "text": "Giải thích từ ngữ\n\n1. Chợ là nơi mua bán.\na) Chợ dân;"},
        {"article_id": "3"}]}], ensure_ascii=False), encoding="utf-8")
    (doc,) = load_path(good)
    (article,) = doc.articles()
    assert (doc.doc_id, doc.doc_type, article.heading) == ("luat-cho", "Luật", "Giải thích từ ngữ")
    assert article.children[0].children[0].key == "Luật Chợ#dieu-2.khoan-1.diem-a"
    assert any("Bỏ qua 1 điều" in w for w in doc.warnings)
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1', encoding="utf-8")
    with pytest.raises(CorruptFile, match="bad.json"):
        load_path(bad)
    (tmp_path / "shape.json").write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(CorruptFile, match="shape.json"):
        load_path(tmp_path / "shape.json")


def _golden_dict(path: Path) -> dict:
    (doc,) = load_path(path)
    data = document_to_dict(doc)
    data["source"].update(path=path.name, sha256="")  # machine- and checkout-independent
    return data


@pytest.mark.parametrize("name", ["nd-99-2030-vi-du-quan-ly-cho.txt",
                                  "luat-05-2030-qh16-vi-du-phap-dien.txt",
                                  "kh-48-sct-vi-du-ke-hoach.txt",
                                  # headings without a period, lower-case and repealed titles
                                  "luat-01-1999-vi-du-dieu-khong-cham.txt",
                                  # an amending law: quoted articles stay inside its Điều 1
                                  "luat-02-2014-vi-du-sua-doi.txt",
                                  # a portal copy: broken header, marks, caption, furniture
                                  "qd-03-2025-vi-du-cong-thong-tin.txt",
                                  # a letter whose header was lost: the caption gives it
                                  "cv-04-2025-vi-du-chi-co-chu-thich.txt"])
def test_golden_documents(name: str) -> None:
    data = _golden_dict(DOCS / name)
    golden = GOLDEN / (Path(name).stem + ".json")
    if os.environ.get("PHAPQUY_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert data == json.loads(golden.read_text(encoding="utf-8"))
    assert document_to_dict(document_from_dict(data)) == data  # the JSON edge round-trips


def test_fixture_decree_shape() -> None:
    (doc,) = load_path(DOCS / "nd-99-2030-vi-du-quan-ly-cho.txt")
    assert [a.number for a in doc.articles()] == ["1", "2", "3", "4", "5", "5a", "6", "7", "8"]
    assert [p.path for p in doc.find("dieu-3").walk()] == [
        "dieu-3", "dieu-3.khoan-1", "dieu-3.khoan-2", "dieu-3.khoan-2a", "dieu-3.khoan-3",
        "dieu-3.khoan-3.diem-a", "dieu-3.khoan-3.diem-a1", "dieu-3.khoan-3.diem-b"]
    assert doc.find("dieu-2.khoan-2.diem-dd").text == "Hộ kinh doanh khác."
    assert [a.kind for a in doc.annexes] == [ANNEX, ANNEX]
    assert all(p.kind != ARTICLE or p.number != "1" or p.path == "dieu-1" for p in doc.walk())
