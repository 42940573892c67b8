"""CLI commands of the issues register: `phapquy backup DEST` and `phapquy restore SRC`.

Added to the `phapquy` group in web/cli.py.  The data folder is --home, else PHAPQUY_HOME.
"""

from __future__ import annotations

from pathlib import Path

import click

from web.settings import load_settings

HOME_HELP = "Thư mục dữ liệu (mặc định: PHAPQUY_HOME hoặc instance/)."


def _paths(home: Path | None) -> tuple[Path, Path]:
    """Return (database, uploads folder) of the data folder."""
    folder = home if home is not None else Path(load_settings()["HOME"])
    return folder / "phapquy.db", folder / "uploads"


def _die(message: str) -> None:
    click.echo(f"lỗi: {message}", err=True)
    raise SystemExit(1)


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=HOME_HELP)
def backup_command(dest: Path, home: Path | None) -> None:
    """Sao lưu cơ sở dữ liệu (kiến nghị, tài khoản) và thư mục tải lên vào DEST (.zip/thư mục)."""
    from web.register.backup import BackupError, backup

    db_path, uploads = _paths(home)
    try:
        manifest = backup(db_path, uploads, dest)
    except (BackupError, OSError) as exc:
        _die(str(exc))
    counts = manifest["counts"]
    click.echo(f"Đã sao lưu vào {dest}: {counts.get('surveys', 0)} đợt khảo sát, "
               f"{counts.get('issues', 0)} kiến nghị, {counts.get('issue_links', 0)} liên kết.")


@click.command("restore")
@click.argument("src", type=click.Path(path_type=Path))
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=HOME_HELP)
@click.option("--yes", is_flag=True, help="Không hỏi lại trước khi ghi đè dữ liệu hiện có.")
def restore_command(src: Path, home: Path | None, yes: bool) -> None:
    """Khôi phục cơ sở dữ liệu và thư mục tải lên từ bản sao lưu SRC (nên dừng máy chủ trước)."""
    from web.register.backup import BackupError, restore

    db_path, uploads = _paths(home)
    if db_path.exists() and not yes:
        click.confirm(f"Ghi đè dữ liệu hiện có trong {db_path.parent}?", abort=True)
    try:
        saved = restore(src, db_path, uploads)
    except (BackupError, OSError) as exc:
        _die(str(exc))
    click.echo(f"Đã khôi phục từ {src}.")
    if saved is not None:
        click.echo(f"Dữ liệu trước khi khôi phục được lưu tại {saved}.")


COMMANDS = (backup_command, restore_command)
