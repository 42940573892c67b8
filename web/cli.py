"""The `phapquy` command line: thin click commands over library calls.

This is one of the two places (with the app factory) that read settings.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from web.cli_web import serve_command, token_group, user_group
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


@main.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In một đối tượng JSON thay cho văn bản.")
def parse_command(file: Path, as_json: bool) -> None:
    """Phân tích một văn bản: siêu dữ liệu, cây điều khoản, báo cáo phân tích."""
    from ingest.errors import IngestError
    from ingest.pipeline import load_path
    from ingest.summary import document_summary, render_text

    try:
        docs = load_path(file, max_bytes=max_bytes())
    except IngestError as exc:
        fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - the CLI edge: one line, never a traceback
        fail(f"{file}: lỗi không mong đợi ({type(exc).__name__}: {exc})")
    if as_json:
        payload = [document_summary(d) for d in docs]
        out = payload[0] if len(payload) == 1 else payload
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(render_text(d) for d in docs))


@main.command("cite-check")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In danh sách JSON thay cho văn bản.")
@click.option("--as-of", "as_of", default=None,
              help="Ngày xét hiệu lực YYYY-MM-DD (mặc định: hôm nay).")
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="Đọc văn bản từ tệp/thư mục này thay cho cơ sở dữ liệu.")
@home_option
def cite_check_command(file: Path, as_json: bool, as_of: str | None, corpus: tuple[Path, ...],
                       home: Path | None) -> None:
    """Kiểm tra trích dẫn trong dự thảo: hiệu lực, văn bản thay thế, có trong CSDL hay không."""
    from datetime import date

    from ingest.errors import IngestError
    from search.citecheck import check_text, read_draft, render_checks

    try:
        when = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"ngày không hợp lệ '{as_of}' (dạng YYYY-MM-DD)")
    try:
        text = read_draft(file, max_bytes())
        docs = _cite_check_documents(home, corpus)
        checks = check_text(text, docs, when)
    except IngestError as exc:
        fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - the CLI edge: one line, never a traceback
        fail(f"{file}: lỗi không mong đợi ({type(exc).__name__}: {exc})")
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in checks], ensure_ascii=False, indent=2))
    else:
        click.echo(render_checks(checks))


def _cite_check_documents(home: Path | None, corpus: tuple[Path, ...]) -> list:
    """Return the documents to check against: --corpus files, else the knowledge base."""
    if corpus:
        from ingest.pipeline import load_paths

        return load_paths(corpus, max_bytes=max_bytes()).documents
    from search.engine import KnowledgeBase

    return KnowledgeBase(resolve_home(home)).documents()


# Defined after the helpers above, which they import.
from web.cli_register import COMMANDS as REGISTER_COMMANDS  # noqa: E402
from web.cli_search import COMMANDS as SEARCH_COMMANDS  # noqa: E402

for _command in (serve_command, user_group, token_group, *SEARCH_COMMANDS, *REGISTER_COMMANDS):
    main.add_command(_command)
