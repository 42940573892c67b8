"""The register's data commands of `phapquy`: `backup DEST` and `restore SRC`."""

from __future__ import annotations

from pathlib import Path

import click

from cli.options import fail, home_option, resolve_home


def _paths(home: Path | None) -> tuple[Path, Path]:
    """Return (database, uploads folder) of the data folder."""
    folder = resolve_home(home)
    return folder / "phapquy.db", folder / "uploads"


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@home_option
def backup_command(dest: Path, home: Path | None) -> None:
    """Sao lưu cơ sở dữ liệu (kiến nghị, tài khoản) và thư mục tải lên vào DEST (.zip/thư mục)."""
    from register.backup import BackupError, backup

    db_path, uploads = _paths(home)
    try:
        manifest = backup(db_path, uploads, dest)
    except (BackupError, OSError) as exc:
        fail(str(exc))
    counts = manifest["counts"]
    click.echo(f"Đã sao lưu vào {dest}: {counts.get('surveys', 0)} đợt khảo sát, "
               f"{counts.get('issues', 0)} kiến nghị, {counts.get('issue_links', 0)} liên kết.")


@click.command("restore")
@click.argument("src", type=click.Path(path_type=Path))
@home_option
@click.option("--yes", is_flag=True, help="Không hỏi lại trước khi ghi đè dữ liệu hiện có.")
def restore_command(src: Path, home: Path | None, yes: bool) -> None:
    """Khôi phục cơ sở dữ liệu và thư mục tải lên từ bản sao lưu SRC (nên dừng máy chủ trước)."""
    from register.backup import BackupError, restore

    db_path, uploads = _paths(home)
    if db_path.exists() and not yes:
        click.confirm(f"Ghi đè dữ liệu hiện có trong {db_path.parent}?", abort=True)
    try:
        saved = restore(src, db_path, uploads)
    except (BackupError, OSError) as exc:
        fail(str(exc))
    click.echo(f"Đã khôi phục từ {src}.")
    if saved is not None:
        click.echo(f"Dữ liệu trước khi khôi phục được lưu tại {saved}.")


COMMANDS = (backup_command, restore_command)
