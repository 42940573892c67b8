"""`phapquy parse FILE [--json]`: metadata, provision tree, report; one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from cli.main import main

DECREE = FIXTURES / "docs" / "nd-99-2030-vi-du-quan-ly-cho.txt"


@pytest.fixture()
def runner() -> CliRunner:
    """A click runner keeping stderr apart from stdout (click 8.2+ does so by default)."""
    if "mix_stderr" in CliRunner.__init__.__code__.co_varnames:  # click 8.1
        return CliRunner(mix_stderr=False)
    return CliRunner()


def test_parse_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["parse", str(DECREE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("number", "doc_type", "issuer", "issued", "effective_from",
                                 "title", "signer")} == {
        "number": "99/2030/NĐ-CP", "doc_type": "Nghị định", "issuer": "Chính phủ",
        "issued": "2030-02-05", "effective_from": "2030-04-01",
        "title": "Về quản lý chợ và kinh doanh trên vỉa hè", "signer": "Nguyễn Văn An"}
    assert data["warnings"] == []
    assert [a["number"] for a in data["articles"]] == ["1", "2", "3", "4", "5", "5a", "6", "7",
                                                       "8"]
    art3 = data["articles"][2]
    assert (art3["heading"], art3["key"]) == ("Phân hạng chợ", "99/2030/NĐ-CP#dieu-3")
    assert [c["number"] for c in art3["clauses"]] == ["1", "2", "2a", "3"]
    assert art3["clauses"][3]["points"][1] == {
        "number": "a1", "text": "Vị trí ở trung tâm xã;",
        "key": "99/2030/NĐ-CP#dieu-3.khoan-3.diem-a1"}
    assert [a["number"] for a in data["annexes"]] == ["I", "II"]  # forms are not articles
    assert data["report"]["dieu"] == 9


def test_parse_text_shows_metadata_tree_and_report(runner: CliRunner) -> None:
    result = runner.invoke(main, ["parse", str(DECREE)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Số hiệu: 99/2030/NĐ-CP" in out and "Ngày có hiệu lực: 01/04/2030" in out
    assert "Chương II. QUẢN LÝ CHỢ VÀ VỈA HÈ\n  Mục 1. PHÂN HẠNG CHỢ\n    Điều 3. Phân hạng chợ" \
        in out
    assert "Phụ lục I. MẪU QUYẾT ĐỊNH CÔNG NHẬN HẠNG CHỢ" in out
    assert "Báo cáo: 3 chương, 2 mục, 9 điều, 8 khoản, 8 điểm, 2 phụ lục" in out


def test_parse_shows_warnings(runner: CliRunner) -> None:
    result = runner.invoke(main, ["parse", str(FIXTURES / "docs" / "kh-48-sct-vi-du-ke-hoach.txt")])
    assert result.exit_code == 0
    assert "Cảnh báo:\n- Không xác định được ngày có hiệu lực" in result.stdout


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("thieu.pdf", None, "không tìm thấy tệp"),
    ("rong.txt", b"", "tệp rỗng"),
    ("anh.exe", b"MZ\x00\x01", "định dạng không được hỗ trợ"),
    ("hong.pdf", b"%PDF-1.4\n garbage", "tệp bị hỏng"),
    ("luat.json", b"[1, 2", "JSON không hợp lệ"),
    ("thieu.json", None, "không tìm thấy tệp"),
    ("rong.json", b"", "tệp rỗng"),
])
def test_parse_errors_are_one_line(runner: CliRunner, tmp_path: Path, name: str,
                                   content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(main, ["parse", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"lỗi: {path}: ") and reason in lines[0]
    assert "Traceback" not in result.output


def test_unexpected_failure_is_one_line_too(runner: CliRunner, monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("hỏng bất ngờ")

    monkeypatch.setattr("ingest.pipeline.load_path", boom)
    result = runner.invoke(main, ["parse", str(DECREE)])
    assert result.exit_code == 1
    expected = f"lỗi: {DECREE}: lỗi không mong đợi (RuntimeError)"
    assert result.stderr.strip() == expected
