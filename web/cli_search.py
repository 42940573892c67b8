"""The `ingest`, `search` and `eval` commands of `phapquy` (registered in web/cli.py).

Thin click commands over ingest.pipeline, search.engine and search.eval: they read the
settings (data folder, size limit), print, and translate errors into one line each.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

# web.cli imports this module to register the commands: its helpers are looked up lazily.
home_option = click.option(
    "--home", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Thư mục dữ liệu (mặc định: PHAPQUY_HOME hoặc instance/).")


def fail(message: str, code: int = 1) -> None:
    """Print one error line on stderr and exit (web.cli.fail)."""
    from web.cli import fail as cli_fail

    cli_fail(message, code)


def max_bytes() -> int:
    """Return the ingest size limit in bytes (web.cli.max_bytes)."""
    from web.cli import max_bytes as cli_max_bytes

    return cli_max_bytes()


def resolve_home(home: Path | None) -> Path:
    """Return the data folder: --home, else the PHAPQUY_HOME setting (web.cli.resolve_home)."""
    from web.cli import resolve_home as cli_resolve_home

    return cli_resolve_home(home)


def _status_labels() -> dict[str, str]:
    """Return the Vietnamese label of each validity status code."""
    from search.validity import VALIDITY_LABELS

    return dict(VALIDITY_LABELS)


def _load_files(files: list[Path]) -> tuple[list, int]:
    """Return (documents, failures) of loading files, with progress and per-file summary."""
    from ingest.errors import IngestError
    from ingest.pipeline import load_path
    from search.render import document_summary

    docs, failures = [], 0
    for i, path in enumerate(files, start=1):
        try:
            got = load_path(path, max_bytes=max_bytes())
        except IngestError as exc:
            click.echo(str(exc), err=True)
            failures += 1
            continue
        except Exception as exc:  # noqa: BLE001 - the CLI edge: one line, never a traceback
            click.echo(f"{path}: lỗi không mong đợi ({type(exc).__name__}: {exc})", err=True)
            failures += 1
            continue
        articles = sum(len(d.articles()) for d in got)
        click.echo(f"[{i}/{len(files)}] {path.name}: {articles} điều", err=True)
        for doc in got[:20]:
            click.echo(f"{path}: {document_summary(doc)}")
        if len(got) > 20:
            click.echo(f"{path}: … và {len(got) - 20} văn bản khác")
        docs.extend(got)
    return docs, failures


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True,
              help="Dựng lại toàn bộ chỉ mục chỉ từ các tệp này (thay vì thêm/thay thế).")
@home_option
def ingest_command(paths: tuple[Path, ...], rebuild: bool, home: Path | None) -> None:
    """Nạp văn bản (tệp, thư mục) vào cơ sở dữ liệu và chỉ mục tìm kiếm."""
    from ingest.pipeline import iter_files
    from search.engine import KnowledgeBase
    from search.store import StoreBusy

    missing = [p for p in paths if not p.exists()]
    for p in missing:
        click.echo(f"{p}: không tìm thấy tệp hoặc thư mục", err=True)
    files = iter_files([p for p in paths if p.exists()])
    if not files and missing:
        raise SystemExit(1)
    if not files:
        fail("không có tệp văn bản nào để nạp")
    docs, failures = _load_files(files)
    failures += len(missing)
    kb = KnowledgeBase(resolve_home(home))
    click.echo(f"Đang ghi chỉ mục ({len(docs)} văn bản)…", err=True)
    try:
        kb.rebuild(docs) if rebuild else kb.add(docs)
    except StoreBusy:
        fail(f"{kb.home}: một tiến trình khác đang ghi cơ sở dữ liệu; thử lại sau")
    except OSError as exc:
        fail(f"{kb.home}: không ghi được chỉ mục ({exc.strerror or exc})")
    s = kb.stats()
    click.echo(f"Chỉ mục {kb.home}: {s['documents']} văn bản, {s['articles']} điều, "
               f"{s['annexes']} phụ lục; {failures} tệp lỗi.")
    if failures:
        raise SystemExit(1)


def _json_result(kb, query: str, limit: int, page: int = 1) -> dict:
    """Return the CLI JSON of one query: its page `page` of `limit` hits."""
    from search.engine import hit_to_json

    result = kb.search(query, page=page, per_page=limit)
    return {"query": query, "total": result.total,
            "hits": [hit_to_json(h) for h in result.hits]}


@click.command("search")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="In JSON (một dòng mỗi câu với '-').")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="Số kết quả tối đa.")
@click.option("--page", default=1, type=click.IntRange(1, 10000), help="Trang kết quả.")
@home_option
def search_command(query: str, as_json: bool, limit: int, page: int,
                   home: Path | None) -> None:
    """Tìm điều khoản theo tình huống, số hiệu hoặc điều ('-': đọc mỗi dòng một câu)."""
    from search.engine import KnowledgeBase
    from search.render import render_result

    kb = KnowledgeBase(resolve_home(home))
    queries = (line.rstrip("\n") for line in sys.stdin) if query == "-" else [query]
    for q in queries:
        if as_json:
            out = _json_result(kb, q, limit, page)
            indent = None if query == "-" else 2
            click.echo(json.dumps(out, ensure_ascii=False, indent=indent))
            if query == "-":
                sys.stdout.flush()
        else:
            result = kb.search(q, page=page, per_page=limit)
            click.echo(render_result(result, _status_labels()))


@click.command("eval")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="Dựng chỉ mục tạm từ tệp/thư mục này thay cho cơ sở dữ liệu.")
@click.option("--json", "as_json", is_flag=True, help="In báo cáo JSON.")
@click.option("--no-baselines", is_flag=True, help="Chỉ đo phapquy (bỏ Whoosh, FTS5).")
@home_option
def eval_command(queries: Path, corpus: tuple[Path, ...], as_json: bool, no_baselines: bool,
                 home: Path | None) -> None:
    """Đo chất lượng tìm kiếm (S@10, MRR@10, Recall, nDCG) so với Whoosh và SQLite FTS5."""
    from ingest.errors import IngestError
    from search.eval import render, report_json
    from search.evalrun import implied_corpus, run_eval

    home_path = resolve_home(home)
    if not corpus and implied_corpus(queries) is None and not (home_path / "index").is_dir():
        fail(f"{home_path}: chưa có chỉ mục; chạy 'phapquy ingest' hoặc dùng --corpus")
    try:
        report = run_eval(queries, home_path, list(corpus) or None, max_bytes(),
                          baselines=not no_baselines)
    except IngestError as exc:
        fail(str(exc))
    except (ValueError, KeyError) as exc:
        fail(f"{queries}: tệp câu hỏi không đúng định dạng ({type(exc).__name__}: {exc})")
    if as_json:
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        click.echo(render(report))


COMMANDS = (ingest_command, search_command, eval_command)
