"""The citation checker and `phapquy cite-check`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from cli.main import main
from ingest.pipeline import load_paths
from law.citecheck import check_text, complete_short_numbers, find_citations

DRAFT = (
    "Căn cứ Thông tư số 28/2020/TT-BCT của Bộ Công Thương, Phòng Kinh tế trả lời như sau:\n"
    "Theo khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP, việc lập hồ sơ do cấp tỉnh thực hiện.\n"
    "Hành vi bán hàng trên vỉa hè bị xử phạt theo Điều 12 Nghị định 168/2024/NĐ-CP.\n"
)
AS_OF = date(2025, 8, 1)


@pytest.fixture(scope="module")
def docs(shared_corpus):
    """The nine documents of ../shared/corpus."""
    return load_paths([shared_corpus]).documents


def test_citations_are_found_down_to_the_clause():
    found = [(doc, paths) for _, doc, paths, _, _ in find_citations(DRAFT)]
    assert found == [("28/2020/TT-BCT", ()), ("32/2024/NĐ-CP", ("dieu-8.khoan-2",)),
                     ("168/2024/NĐ-CP", ("dieu-12",))]


def test_the_acceptance_draft_gets_the_right_statuses(docs):
    checks = [c.to_dict() for c in check_text(DRAFT, docs, AS_OF)]
    repealed, amended, in_force = checks
    assert (repealed["doc_number"], repealed["status"], repealed["in_knowledge_base"],
            repealed["replaced_by"]) == ("28/2020/TT-BCT", "repealed", False, "14/2024/TT-BCT")
    assert (amended["article"], amended["status"], amended["amended_by"]) == (
        "8", "amended", ["139/2025/NĐ-CP#dieu-12"])
    assert amended["in_knowledge_base"] and amended["provision"] == "khoản 2 Điều 8"
    assert (in_force["article"], in_force["status"], in_force["replaced_by"]) == (
        "12", "in_force", None)
    assert "dẫn chiếu Thông tư số 14/2024/TT-BCT" in repealed["advice"]
    assert "#" not in repealed["advice"] + amended["advice"]  # formal citations, not keys


def test_status_depends_on_the_date_asked(docs):
    before = check_text(DRAFT, docs, date(2025, 6, 1))
    assert [c.status.status for c in before] == ["repealed", "in_force", "in_force"]


def test_a_provision_past_the_end_of_a_held_document_is_reported(docs):
    """45/2012/NĐ-CP has 19 articles, Điều 8 of 32/2024/NĐ-CP has no khoản 9: a slip in
    the draft, not a provision in force; real provisions next to them stay in force."""
    text = ("Theo Điều 99 Nghị định số 45/2012/NĐ-CP, khoản 9 Điều 8 Nghị định số "
            "32/2024/NĐ-CP và Điều 38 Nghị định số 32/2024/NĐ-CP.")
    checks = {(c.doc_number, c.path): c for c in check_text(text, docs, AS_OF)}
    slip = checks[("45/2012/NĐ-CP", "dieu-99")]
    assert slip.missing and "không có Điều 99" in slip.advice()
    assert checks[("32/2024/NĐ-CP", "dieu-8.khoan-9")].missing
    last = checks[("32/2024/NĐ-CP", "dieu-38")]
    assert not last.missing and last.status.status == "in_force"


def test_a_number_typed_without_its_suffix_is_completed_from_the_kb(docs):
    text = complete_short_numbers("theo Điều 12 Nghị định 168/2024 và Thông tư 99/2024", docs)
    assert "Nghị định số 168/2024/NĐ-CP" in text and "Thông tư 99/2024" in text
    (check,) = check_text("xử phạt theo Điều 12 Nghị định 168/2024.", docs, AS_OF)
    assert (check.doc_number, check.path, check.in_knowledge_base) == (
        "168/2024/NĐ-CP", "dieu-12", True)


def test_cite_check_cli_prints_json(shared_corpus, tmp_path):
    draft = tmp_path / "du-thao.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(main, ["cite-check", str(draft), "--json", "--as-of",
                                       "2025-08-01", "--corpus", str(shared_corpus)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["status"] for r in rows] == ["repealed", "amended", "in_force"]
    assert {"text", "doc_number", "article", "status", "in_knowledge_base", "replaced_by",
            "amended_by"} <= set(rows[0])


def test_cite_check_cli_reads_docx_and_prints_vietnamese(shared_corpus, tmp_path):
    docx = pytest.importorskip("docx")
    draft = tmp_path / "du-thao.docx"
    document = docx.Document()
    for line in DRAFT.splitlines():
        document.add_paragraph(line)
    document.save(draft)
    result = CliRunner().invoke(main, ["cite-check", str(draft), "--as-of", "2025-08-01",
                                       "--corpus", str(shared_corpus)])
    assert result.exit_code == 0, result.output
    assert "28/2020/TT-BCT: Hết hiệu lực (không có trong CSDL)" in result.output
    # reassigned to the province by 139/2025/NĐ-CP Điều 12: status "amended", said as such
    assert "khoản 2 Điều 8 32/2024/NĐ-CP: Thẩm quyền được phân định lại" in result.output


def test_cite_check_cli_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(main, ["cite-check", str(tmp_path / "khong-co.txt"),
                                       "--corpus", str(tmp_path)])
    assert result.exit_code != 0
    assert result.output.strip().startswith("lỗi:") and "khong-co.txt" in result.output
    assert "không tìm thấy tệp" in result.output and "No such file" not in result.output
    assert "Traceback" not in result.output
    bad_date = CliRunner().invoke(main, ["cite-check", str(tmp_path), "--as-of", "32/13/2025"])
    assert bad_date.exit_code != 0 and "ngày không hợp lệ" in bad_date.output


def test_cite_check_cli_takes_day_month_year(shared_corpus, tmp_path):
    draft = tmp_path / "du-thao.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    early = CliRunner().invoke(main, ["cite-check", str(draft), "--json", "--as-of",
                                      "30/6/2025", "--corpus", str(shared_corpus)])
    late = CliRunner().invoke(main, ["cite-check", str(draft), "--json", "--as-of",
                                     "01/7/2025", "--corpus", str(shared_corpus)])
    status = {r["doc_number"]: r["status"] for r in json.loads(early.output)}
    assert status["32/2024/NĐ-CP"] == "in_force"  # 139/2025 amends it from 1/7/2025
    status = {r["doc_number"]: r["status"] for r in json.loads(late.output)}
    assert status["32/2024/NĐ-CP"] == "amended"
