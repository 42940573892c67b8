"""The document commands of `phapquy`: parse, ingest, search, eval, cite-check.

Thin click commands over ingest.pipeline, search (the knowledge base), evals and law: they
read the settings through cli.options, print, and turn errors into one line each.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cli.options import (
    build_cores,
    fail,
    home_option,
    max_bytes,
    one_line_errors,
    resolve_home,
)
from ingest.dates import parse_date_value
from ingest.models import Document
from ingest.pipeline import FileOutcome
from search import KnowledgeBase


@click.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In một đối tượng JSON thay cho văn bản.")
def parse_command(file: Path, as_json: bool) -> None:
    """Phân tích một văn bản: siêu dữ liệu, cây điều khoản, báo cáo phân tích."""
    from ingest import pipeline
    from ingest.summary import document_summary, render_text

    with one_line_errors(file):
        docs = pipeline.load_path(file, max_bytes=max_bytes())
    if as_json:
        payload = [document_summary(d) for d in docs]
        out = payload[0] if len(payload) == 1 else payload
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(render_text(d) for d in docs))


def _echo_outcome(index: int, total: int, outcome: FileOutcome) -> None:
    """Print one file's progress line (stderr) and its documents (stdout), or its error."""
    from ingest.summary import summary_line

    path = outcome.path
    if outcome.error is not None:
        click.echo(str(outcome.error), err=True)
        return
    articles = sum(len(d.articles()) for d in outcome.documents)
    click.echo(f"[{index}/{total}] {path.name}: {articles} điều", err=True)
    for doc in outcome.documents[:20]:
        click.echo(f"{path}: {summary_line(doc)}")
    if len(outcome.documents) > 20:
        click.echo(f"{path}: … và {len(outcome.documents) - 20} văn bản khác")


class PageProgress:
    """A progress line for a Code of Law export: pages, articles, rate, time left."""

    def __init__(self) -> None:
        self.started: float | None = None

    def __call__(self, path: Path, done: int, total: int, articles: int) -> None:
        import time

        now = time.perf_counter()
        if self.started is None or done == 1:
            self.started = now
        spent = now - self.started
        rate = done / spent if spent > 0 else 0.0
        left = (total - done) / rate if rate else 0.0
        end = "\n" if done == total else ""
        click.echo(f"\r{path.name}: đề mục {done}/{total} ({done * 100 // total}%), "
                   f"{articles} điều, {articles / spent if spent > 0 else 0:.0f} điều/giây, "
                   f"còn khoảng {int(left) // 60}:{int(left) % 60:02d}", nl=bool(end), err=True)


def _load_files(files: list[Path]) -> tuple[list[Document], int]:
    """Return (documents, failures) of loading files, printing progress per file."""
    from ingest.pipeline import load_each

    docs: list[Document] = []
    failures = 0
    progress = PageProgress()
    for i, outcome in enumerate(load_each(files, max_bytes=max_bytes(), on_page=progress),
                                start=1):
        _echo_outcome(i, len(files), outcome)
        failures += outcome.error is not None
        docs.extend(outcome.documents)
    return docs, failures


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True,
              help="Dựng lại toàn bộ chỉ mục chỉ từ các tệp này (thay vì thêm/thay thế).")
@home_option
def ingest_command(paths: tuple[Path, ...], rebuild: bool, home: Path | None) -> None:
    """Nạp văn bản (tệp, thư mục) vào cơ sở dữ liệu và chỉ mục tìm kiếm."""
    from ingest.pipeline import iter_files
    from search import open_knowledge_base
    from web.uploads import stored_uploads

    missing = [p for p in paths if not p.exists()]
    for p in missing:
        click.echo(f"{p}: không tìm thấy tệp hoặc thư mục", err=True)
    files = iter_files([p for p in paths if p.exists()])
    if not files and missing:
        raise SystemExit(1)
    if not files:
        fail("không có tệp văn bản nào để nạp")
    if rebuild:  # documents uploaded through the web app stay in the knowledge base
        uploads = stored_uploads(resolve_home(home) / "uploads")
        if uploads:
            click.echo(f"Kèm {len(uploads)} tệp đã tải lên qua trang web.", err=True)
        files = sorted(set(files) | set(uploads))
    docs, failures = _load_files(files)
    failures += len(missing)
    kb = open_knowledge_base(resolve_home(home), build_cores=build_cores())
    click.echo(f"Đang ghi chỉ mục ({len(docs)} văn bản)…", err=True)
    _write(kb, docs, rebuild)
    s = kb.stats()
    click.echo(f"Chỉ mục {kb.home}: {s['documents']} văn bản, {s['articles']} điều, "
               f"{s['annexes']} phụ lục; {failures} tệp lỗi.")
    if failures:
        raise SystemExit(1)


def _write(kb: KnowledgeBase, docs: list[Document], rebuild: bool) -> None:
    """Add the documents to the knowledge base (or rebuild it from them), errors as one line."""
    from search.store import StoreBusy

    try:
        kb.rebuild(docs) if rebuild else kb.add(docs)
    except StoreBusy:
        fail(f"{kb.home}: một tiến trình khác đang ghi cơ sở dữ liệu; thử lại sau")
    except OSError as exc:
        fail(f"{kb.home}: không ghi được chỉ mục ({exc.strerror or exc})")


def _json_result(kb: KnowledgeBase, query: str, limit: int, page: int = 1) -> dict:
    """Return the CLI JSON of one query: its page `page` of `limit` hits."""
    from search import hit_to_json

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
    from cli.render import render_result
    from law.validity import VALIDITY_LABELS
    from search import open_knowledge_base

    kb = open_knowledge_base(resolve_home(home))
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
            click.echo(render_result(result, dict(VALIDITY_LABELS)))


@click.command("eval")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="Dựng chỉ mục tạm từ tệp/thư mục này thay cho cơ sở dữ liệu.")
@click.option("--json", "as_json", is_flag=True, help="In báo cáo JSON.")
@click.option("--no-baselines", is_flag=True, help="Chỉ đo phapquy (bỏ Whoosh, FTS5).")
@click.option("--laws", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Thư mục luật (.doc/.docx) cho tệp đo hợp nhất văn bản "
              "(mặc định: ../../laws-word tính từ tệp đo).")
@home_option
def eval_command(queries: Path, corpus: tuple[Path, ...], as_json: bool, no_baselines: bool,
                 laws: Path | None, home: Path | None) -> None:
    """Đo chất lượng tìm kiếm (S@10, MRR@10, Recall, nDCG) so với Whoosh và SQLite FTS5;
    với tệp đo hợp nhất văn bản (có expected_text): tỷ lệ lệnh sửa đổi nhận ra, xác định
    được vị trí và văn bản hợp nhất đúng nguyên văn so với Pháp điển."""
    from evals.consolidation import is_consolidation_file

    if is_consolidation_file(queries):
        _eval_consolidation(queries, laws, as_json)
        return
    from evals.metrics import render, report_json
    from evals.run import implied_corpus, run_eval
    from ingest.errors import IngestError

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


def _eval_consolidation(cases: Path, laws: Path | None, as_json: bool) -> None:
    """Print the consolidation figures of a case file (text, or JSON)."""
    from evals.consolidation import default_laws, load_cases, score_cases
    from ingest.errors import IngestError

    folder = laws or default_laws(cases)
    if not folder.is_dir():
        fail(f"không tìm thấy thư mục luật {folder}; dùng --laws")
    try:
        report = score_cases(load_cases(cases), folder)
    except IngestError as exc:
        fail(str(exc))
    except (ValueError, KeyError) as exc:
        fail(f"{cases}: tệp đo không đúng định dạng ({type(exc).__name__}: {exc})")
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render())


@click.command("cite-check")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In danh sách JSON thay cho văn bản.")
@click.option("--as-of", "as_of", default=None,
              help="Ngày xét hiệu lực dd/mm/yyyy (hoặc YYYY-MM-DD; mặc định: hôm nay).")
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="Đọc văn bản từ tệp/thư mục này thay cho cơ sở dữ liệu.")
@home_option
def cite_check_command(file: Path, as_json: bool, as_of: str | None, corpus: tuple[Path, ...],
                       home: Path | None) -> None:
    """Kiểm tra trích dẫn trong dự thảo: hiệu lực, văn bản thay thế, có trong CSDL hay không."""
    from law.citecheck import check_text, read_draft, render_checks

    when = parse_date_value(as_of) if as_of else None
    if as_of and when is None:
        fail(f"ngày không hợp lệ '{as_of}' (dạng dd/mm/yyyy, ví dụ 01/7/2025)")
    with one_line_errors(file):
        text = read_draft(file, max_bytes())
        checks = check_text(text, _cite_check_documents(home, corpus), when)
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in checks], ensure_ascii=False, indent=2))
    else:
        click.echo(render_checks(checks))


def _cite_check_documents(home: Path | None, corpus: tuple[Path, ...]) -> list[Document]:
    """Return the documents to check against: --corpus files, else the knowledge base."""
    if corpus:
        from ingest.pipeline import load_paths

        return load_paths(corpus, max_bytes=max_bytes()).documents
    from search import open_knowledge_base

    return open_knowledge_base(resolve_home(home)).documents()


COMMANDS = (parse_command, ingest_command, search_command, eval_command, cite_check_command)
