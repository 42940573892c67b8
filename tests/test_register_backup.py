"""`phapquy backup DEST` and `phapquy restore SRC`: database and uploads, zip or folder."""

from __future__ import annotations

import zipfile

import pytest

from cli.main import main
from register import store
from web.db import connect


def _count(app) -> int:
    conn = connect(app.config["DATABASE"])
    n = len(store.list_issues(conn))
    conn.close()
    return n


def _add(app, title: str) -> None:
    conn = connect(app.config["DATABASE"])
    store.create_issue(conn, {"title": title}, "canbo")
    conn.close()


@pytest.mark.parametrize("dest_name", ["sao-luu.zip", "thu-muc-sao-luu"])
def test_backup_then_restore_brings_back_issues_and_uploads(app, runner, tmp_path, dest_name):
    _add(app, "Chợ xuống cấp")
    upload = app.config["UPLOAD_FOLDER"] / "surveys" / "bao-cao.txt"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("Khó khăn như: chợ xuống cấp; thiếu vốn.", encoding="utf-8")
    dest = tmp_path / dest_name
    result = runner.invoke(main, ["backup", str(dest)])
    assert result.exit_code == 0, result.output
    assert "1 kiến nghị" in result.output
    if dest.suffix == ".zip":
        names = zipfile.ZipFile(dest).namelist()
        assert {"phapquy.db", "manifest.json", "uploads/surveys/bao-cao.txt"} <= set(names)

    _add(app, "Kiến nghị sau khi sao lưu")
    upload.unlink()
    assert _count(app) == 2
    result = runner.invoke(main, ["restore", str(dest), "--yes"])
    assert result.exit_code == 0, result.output
    assert _count(app) == 1
    assert upload.read_text(encoding="utf-8").startswith("Khó khăn như")
    saved = next(app.config["HOME"].glob("backups/before-restore-*.zip"))
    assert "Dữ liệu trước khi khôi phục được lưu tại" in result.output and saved.is_file()


def test_restore_refuses_what_is_not_a_backup(app, runner, tmp_path):
    _add(app, "Giữ nguyên")
    bogus = tmp_path / "khong-phai.zip"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("phapquy.db", b"not a database")
    result = runner.invoke(main, ["restore", str(bogus), "--yes"])
    assert result.exit_code == 1
    assert result.output.startswith("lỗi: ") and "khong-phai.zip" in result.output
    assert "Traceback" not in result.output
    assert _count(app) == 1


def test_backup_into_a_folder_with_files_is_refused(app, runner, tmp_path):
    (tmp_path / "day").mkdir()
    (tmp_path / "day" / "x.txt").write_text("x")
    result = runner.invoke(main, ["backup", str(tmp_path / "day")])
    assert result.exit_code == 1 and "thư mục đích đã có dữ liệu" in result.output
