"""The `phapquy` command line: thin click commands over library calls.

This is one of the two places (with the app factory) that read settings.
"""

from __future__ import annotations

from pathlib import Path

import click

from web.settings import load_settings


def home_option(func):
    """Return the command with a --home option (default: the PHAPQUY_HOME setting)."""
    return click.option(
        "--home", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Thư mục dữ liệu (mặc định: PHAPQUY_HOME hoặc instance/).",
    )(func)


def resolve_home(home: Path | None) -> Path:
    """Return the data folder: --home if given, else the PHAPQUY_HOME setting."""
    return home if home is not None else Path(load_settings()["HOME"])


def max_bytes() -> int:
    """Return the ingest size limit in bytes from the MAX_FILE_MB setting."""
    return int(float(load_settings()["MAX_FILE_MB"]) * 2**20)


def fail(message: str, code: int = 1) -> None:
    """Print one error line in Vietnamese on stderr and exit with `code`."""
    click.echo(f"lỗi: {message}", err=True)
    raise SystemExit(code)


@click.group()
@click.version_option(package_name="phapquy")
def main() -> None:
    """phapquy — cơ sở dữ liệu văn bản pháp quy cho Phòng Kinh tế."""
