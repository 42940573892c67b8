"""Ingestion benchmark: per-file times, PDF pages/s, articles/s and peak memory.

    python bench/bench_ingest.py                 # ../shared/corpus
    python bench/bench_ingest.py PATH... [--repeat N] [--tracemalloc]
    python bench/bench_ingest.py --real          # laws in Word, 2025 local documents, the scan

--real prints, for ../shared/laws-word and ../shared/corpus-local-2025, the CPU time,
articles per CPU second and how many parse right (evals.parsing), and for the scanned PDF of
../shared/formats its OCR character accuracy against the .docx and pages per second.

Peak memory is the process's maximum resident set size (resource.getrusage); --tracemalloc
also reports the peak of Python allocations (slower: tracing costs time).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.errors import IngestError  # noqa: E402
from ingest.pipeline import iter_files, load_path  # noqa: E402


def _load(path: Path) -> tuple[float, list, str]:
    """Return (seconds, documents, error message) of loading one file."""
    start = time.perf_counter()
    try:
        docs = load_path(path)
    except IngestError as exc:
        return time.perf_counter() - start, [], str(exc)
    return time.perf_counter() - start, docs, ""


def run(paths: list[Path], repeat: int) -> None:
    """Load every file `repeat` times and print the figures of the fastest run."""
    files = iter_files(paths)
    total = pdf_time = 0.0
    pages = articles = 0
    print(f"{'tệp':58s} {'giây':>7s} {'trang':>6s} {'điều':>6s}")
    for path in files:
        runs = [_load(path) for _ in range(repeat)]
        seconds, docs, error = min(runs, key=lambda r: r[0])
        total += seconds
        n_art = sum(len(d.articles()) for d in docs)
        n_pages = sum(d.source.pages or 0 for d in docs if d.source)
        articles += n_art
        if path.suffix.lower() == ".pdf" and docs:
            pdf_time, pages = pdf_time + seconds, pages + n_pages
        note = f"  lỗi: {error[:60]}" if error else ""
        print(f"{path.name[:58]:58s} {seconds:7.3f} {n_pages or '':>6} {n_art:>6}{note}")
    rate = articles / total if total else 0.0
    print(f"\n{len(files)} tệp trong {total:.2f} s; {articles} điều -> {rate:.0f} điều/s")
    if pdf_time:
        print(f"PDF: {pages} trang trong {pdf_time:.2f} s -> {pages / pdf_time:.0f} trang/s")


SHARED = ROOT.parent / "shared"


def real_figures() -> None:
    """Print throughput and parse quality on the real material of ../shared."""
    from evals.parsing import score_laws, score_local

    start = time.process_time()
    laws = score_laws(SHARED / "laws-word")
    cpu = time.process_time() - start
    print(f"laws-word: {laws.right}/{laws.files} luật đúng (điều 1..N, số hiệu, năm ban hành); "
          f"{laws.articles} điều trong {cpu:.1f} s CPU -> {laws.articles / cpu:.0f} điều/s CPU")
    for name, problems in laws.problems.items():
        print(f"  {name}: {'; '.join(problems)}")
    start = time.process_time()
    local = score_local(SHARED / "corpus-local-2025")
    cpu = time.process_time() - start
    print(f"corpus-local-2025: {local.share:.1%} trường đúng trên {local.files} tệp "
          f"({local.share_of_documents:.1%} trên các tệp có văn bản; "
          f"{len(local.refused)} tệp chỉ có thông báo của trang web); {cpu:.1f} s CPU")
    for name, right in local.right.items():
        print(f"  {name}: {right}/{local.files}")
    ocr_figures()


def ocr_figures() -> None:
    """Print the OCR accuracy and speed on the shared scan (when Tesseract is installed)."""
    from ingest.ocr import ocr_available

    if not ocr_available():
        print("OCR: chưa cài tesseract-ocr và tesseract-ocr-vie; bỏ qua")
        return
    from evals.ocr import score_scan

    formats = SHARED / "formats"
    s = score_scan(formats / "nd-32-2024-scanned-no-text-layer.pdf", formats / "nd-32-2024.docx")
    print(f"OCR: {s.pages} trang, độ chính xác ký tự {s.accuracy:.2%}, "
          f"{s.pages_per_second:.2f} trang/s (1 luồng), độ tin cậy {list(s.confidences)}")


def main() -> None:
    """Parse arguments, run the benchmark, print peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus"])
    parser.add_argument("--repeat", type=int, default=1, help="runs per file (fastest shown)")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    parser.add_argument("--real", action="store_true",
                        help="laws in Word, 2025 local documents and the scan (../shared)")
    args = parser.parse_args()
    if args.real:
        real_figures()
        return
    if args.tracemalloc:
        tracemalloc.start()
    run(args.paths, max(1, args.repeat))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    print(f"Bộ nhớ đỉnh (RSS): {rss * scale / 2**20:.0f} MiB")
    if args.tracemalloc:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        print(f"Bộ nhớ Python đỉnh (tracemalloc): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
