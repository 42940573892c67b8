"""`phapquy ingest`, `phapquy search` (text, --json, stdin batch): the CLI contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main

JSON_KEYS = {"doc_id", "doc_number", "doc_title", "doc_type", "article", "heading", "key",
             "score", "snippet", "url"}


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.fixture
def small_corpus(tmp_path: Path, shared_corpus: Path) -> Path:
    """Two real documents, a corrupt PDF and an ALQAC-shaped bulk file, in one folder."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("nd-45-2012-khuyen-cong-phap-dien.txt",
                 "nd-30-2020-cong-tac-van-thu-phap-dien.txt"):
        (folder / name).write_bytes((shared_corpus / name).read_bytes())
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4 not really a pdf \x00\x01\x02")
    laws = [{"id": "Luật Thử nghiệm", "articles": [
        {"id": "1", "text": "Phạm vi điều chỉnh\n\nLuật này quy định về nuôi ong lấy mật."},
        {"id": "2", "text": "Giải thích từ ngữ\n\nOng mật là loài côn trùng."}]}]
    (folder / "laws.json").write_text(json.dumps(laws, ensure_ascii=False), encoding="utf-8")
    return folder


def test_ingest_reports_each_file_and_goes_on_after_a_failure(small_corpus: Path,
                                                             tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run("ingest", str(small_corpus), "--home", str(home))
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith(str(small_corpus))]
    assert len(errors) == 1 and errors[0].startswith(str(small_corpus / "hong.pdf") + ": ")
    assert "[4/4] nd-45-2012-khuyen-cong-phap-dien.txt: 19 điều" in result.stderr
    assert "Nghị định 45/2012/NĐ-CP: 19 điều" in result.stdout
    assert "3 văn bản" in result.stdout and "1 tệp lỗi" in result.stdout
    found = json.loads(run("search", "cộng tác viên khuyến công", "--json", "--home",
                           str(home)).stdout)
    assert found["hits"][0]["doc_number"] == "45/2012/NĐ-CP"


def test_bulk_documents_are_named_by_their_corpus_id(small_corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    run("ingest", str(small_corpus / "laws.json"), "--home", str(home))
    hit = json.loads(run("search", "nuôi ong lấy mật", "--json", "--home", str(home)).stdout
                     )["hits"][0]
    assert (hit["doc_number"], hit["article"]) == ("Luật Thử nghiệm", "1")


def test_rebuild_keeps_only_the_given_files(small_corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    run("ingest", str(small_corpus), "--home", str(home))
    result = run("ingest", "--rebuild", str(small_corpus / "laws.json"), "--home", str(home))
    assert result.exit_code == 0
    out = json.loads(run("search", "khuyến công", "--json", "--home", str(home)).stdout)
    assert all(h["doc_number"] == "Luật Thử nghiệm" for h in out["hits"])


def test_missing_path_is_one_line(tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path / "khong-co.pdf"), "--home", str(tmp_path / "h"))
    assert result.exit_code != 0
    assert result.stderr.strip() == f"{tmp_path / 'khong-co.pdf'}: không tìm thấy tệp hoặc thư mục"


def test_search_json_contract(kb_home: Path) -> None:
    result = run("search", "điều 12 nghị định 168/2024", "--json", "--limit", "5",
                 "--home", str(kb_home))
    out = json.loads(result.stdout)
    assert set(out) == {"query", "total", "hits"} and out["query"] == "điều 12 nghị định 168/2024"
    assert 1 <= len(out["hits"]) <= 5 and out["total"] >= len(out["hits"])
    assert all(set(h) == JSON_KEYS for h in out["hits"])
    first = out["hits"][0]
    assert (first["doc_number"], first["article"], first["key"]) == (
        "168/2024/NĐ-CP", "12", "168/2024/NĐ-CP#dieu-12")
    assert first["url"] == "/van-ban/168-2024-nd-cp/dieu-12"


def test_search_json_is_best_first_and_limited(kb_home: Path) -> None:
    out = json.loads(run("search", "cụm công nghiệp", "--json", "--limit", "7",
                         "--home", str(kb_home)).stdout)
    scores = [h["score"] for h in out["hits"]]
    assert len(scores) == 7 and scores == sorted(scores, reverse=True)


def test_search_json_pages_continue_the_ranking(kb_home: Path) -> None:
    def keys(page: str) -> list[str]:
        out = json.loads(run("search", "cụm công nghiệp", "--json", "--limit", "5", "--page",
                             page, "--home", str(kb_home)).stdout)
        return [h["key"] for h in out["hits"]]
    first_ten = json.loads(run("search", "cụm công nghiệp", "--json", "--limit", "10",
                               "--home", str(kb_home)).stdout)["hits"]
    assert keys("1") + keys("2") == [h["key"] for h in first_ten]


def test_whole_document_hit_has_null_article(kb_home: Path) -> None:
    out = json.loads(run("search", "TT14/2024", "--json", "--home", str(kb_home)).stdout)
    assert out["hits"][0]["article"] is None and out["hits"][0]["doc_id"] == "14-2024-tt-bct"


def test_stdin_batch_answers_one_line_per_query_in_order(kb_home: Path) -> None:
    queries = ["ban hang tren via he", "TT14/2024", "", "xyzzyqw"]
    result = run("search", "--json", "-", "--home", str(kb_home), stdin="\n".join(queries))
    lines = result.stdout.splitlines()
    assert [json.loads(x)["query"] for x in lines] == queries
    assert json.loads(lines[3])["total"] == 0


def test_text_listing_is_vietnamese(kb_home: Path) -> None:
    out = run("search", "bán hàng trên vỉa hè", "--home", str(kb_home)).stdout
    assert "kết quả cho «bán hàng trên vỉa hè»" in out and "Điều 12" in out
    assert "<mark>" not in out
    empty = run("search", "xyzzyqw", "--home", str(kb_home)).stdout
    assert "Không tìm thấy" in empty


def test_search_on_an_empty_home_says_so(tmp_path: Path) -> None:
    out = json.loads(run("search", "chợ", "--json", "--home", str(tmp_path)).stdout)
    assert out == {"query": "chợ", "total": 0, "hits": []}
    assert "chưa có văn bản" in run("search", "chợ", "--home", str(tmp_path)).stdout
