"""Backup and restore of the register: the SQLite database and the uploads folder.

The database is copied with SQLite's online backup API, so a backup taken while the app
runs is consistent.  A backup is a .zip (when DEST ends in .zip) or a folder holding
`phapquy.db`, `uploads/` and `manifest.json`.  Restore first saves the current state beside
the database (`backups/before-restore-<time>.zip`), then copies the backup in, again with
the backup API so open connections see either the old or the new database.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path, PurePosixPath

DB_NAME = "phapquy.db"
UPLOADS = "uploads"
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """A backup or restore could not be made; str() names the file and the reason."""


def _read_only(path: Path) -> str:
    """Return the URI that opens a database file read-only (any characters in its path)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def _copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite database with the online backup API (consistent while in use)."""
    src = sqlite3.connect(_read_only(source), uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source}: không sao chép được cơ sở dữ liệu ({exc})") from exc
    finally:
        dst.close()
        src.close()


def _manifest(db_file: Path) -> dict:
    conn = sqlite3.connect(str(db_file))
    try:
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("surveys", "issues", "issue_links") if _has_table(conn, t)}
    finally:
        conn.close()
    return {"created_at": datetime.now().isoformat(timespec="seconds"), "counts": counts}


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return row.fetchone() is not None


def backup(db_path: Path, uploads: Path, dest: Path) -> dict:
    """Write a backup of the database and uploads to dest (.zip or folder); return its manifest."""
    db_path, dest = Path(db_path), Path(dest)
    if not db_path.is_file():
        raise BackupError(f"{db_path}: không có cơ sở dữ liệu để sao lưu")
    if dest.exists() and (dest.suffix != ".zip" and any(dest.iterdir())):
        raise BackupError(f"{dest}: thư mục đích đã có dữ liệu; hãy chọn thư mục trống")
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "backup"
        (stage / UPLOADS).mkdir(parents=True)
        _copy_database(db_path, stage / DB_NAME)
        if Path(uploads).is_dir():
            shutil.copytree(uploads, stage / UPLOADS, dirs_exist_ok=True)
        manifest = _manifest(stage / DB_NAME)
        (stage / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                      encoding="utf-8")
        _publish(stage, dest)
    return manifest


def _publish(stage: Path, dest: Path) -> None:
    """Move a staged backup to dest: a zip archive or a folder."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.suffix == ".zip":
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(stage.rglob("*")):
                archive.write(path, path.relative_to(stage).as_posix())
    else:
        shutil.copytree(stage, dest, dirs_exist_ok=True)


def _unpack(src: Path, into: Path) -> Path:
    """Return the folder holding the backup's files (a zip is extracted safely into `into`)."""
    if src.is_dir():
        return src
    if not zipfile.is_zipfile(src):
        raise BackupError(f"{src}: không phải bản sao lưu (.zip hoặc thư mục)")
    with zipfile.ZipFile(src) as archive:
        for name in archive.namelist():
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts:
                raise BackupError(f"{src}: tệp '{name}' nằm ngoài bản sao lưu")
        archive.extractall(into)
    return into


def _check(folder: Path, src: Path) -> Path:
    """Return the backup's database file after checking it is a phapquy database."""
    db_file = folder / DB_NAME
    if not db_file.is_file():
        raise BackupError(f"{src}: thiếu {DB_NAME}")
    try:
        conn = sqlite3.connect(_read_only(db_file), uri=True)
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and _has_table(
            conn, "schema_migrations")
        conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{src}: {DB_NAME} hỏng ({exc})") from exc
    if not ok:
        raise BackupError(f"{src}: {DB_NAME} không phải cơ sở dữ liệu phapquy hợp lệ")
    return db_file


def restore(src: Path, db_path: Path, uploads: Path) -> Path | None:
    """Replace the database and uploads with a backup's; return the pre-restore backup made."""
    src, db_path, uploads = Path(src), Path(db_path), Path(uploads)
    if not src.exists():
        raise BackupError(f"{src}: không tìm thấy bản sao lưu")
    with tempfile.TemporaryDirectory() as tmp:
        folder = _unpack(src, Path(tmp))
        db_file = _check(folder, src)
        saved = None
        if db_path.is_file():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            saved = db_path.parent / "backups" / f"before-restore-{stamp}.zip"
            backup(db_path, uploads, saved)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        _copy_database(db_file, db_path)
        _replace_uploads(folder / UPLOADS, uploads)
    return saved


def _replace_uploads(source: Path, uploads: Path) -> None:
    """Make the uploads folder hold exactly the backup's uploads."""
    if uploads.exists():
        shutil.rmtree(uploads)
    if source.is_dir():
        shutil.copytree(source, uploads)
    else:
        uploads.mkdir(parents=True)
