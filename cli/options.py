"""What every `phapquy` command shares: --home, the size limit, errors as one Vietnamese line.

With the app factory, the only code that reads settings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from ingest.errors import IngestError, from_os_error
from web.settings import load_settings

HOME_HELP = "Thư mục dữ liệu (mặc định: PHAPQUY_HOME hoặc instance/)."

home_option = click.option(
    "--home", type=click.Path(file_okay=False, path_type=Path), default=None, help=HOME_HELP)


def resolve_home(home: Path | None) -> Path:
    """Return the data folder: --home if given, else the PHAPQUY_HOME setting."""
    return home if home is not None else Path(load_settings()["HOME"])


def max_bytes() -> int:
    """Return the ingest size limit in bytes from the MAX_FILE_MB setting."""
    return int(float(load_settings()["MAX_FILE_MB"]) * 2**20)


def build_cores() -> int:
    """Return the processes a fresh build of a large index uses (BUILD_CORES setting)."""
    return int(load_settings()["BUILD_CORES"])


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one error line in Vietnamese on stderr and exit with `code`."""
    click.echo(f"lỗi: {message}", err=True)
    raise SystemExit(code)


@contextmanager
def one_line_errors(subject: object) -> Iterator[None]:
    """Turn any error inside into one line naming `subject` and the reason (no traceback)."""
    try:
        yield
    except IngestError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(str(from_os_error(subject, exc)))
    except Exception as exc:  # noqa: BLE001 - the CLI edge: one line, never a traceback
        fail(f"{subject}: lỗi không mong đợi ({type(exc).__name__})")


def open_db(home: Path | None) -> sqlite3.Connection:
    """Return a migrated connection to the data folder's database."""
    from register.db import open_database
    from web.app import migrations

    return open_database(resolve_home(home) / "phapquy.db", migrations())
