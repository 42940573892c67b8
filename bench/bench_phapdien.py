"""The Code of Law at scale: ingest, size, one-document update, restart, query latency,
and the Zalo citizens' questions — beside stock Whoosh and SQLite FTS5 in the same run.

    python bench/bench_phapdien.py                     # the whole export (minutes of CPU)
    python bench/bench_phapdien.py --pages 40          # the first 40 đề mục pages
    python bench/bench_phapdien.py --keep /tmp/pd-home # keep (and reuse) the built index
    python bench/bench_phapdien.py --cores 2           # the index built by two processes

Printed, all in CPU seconds of this process and its children (the machines are shared:
wall time beside):
1. read + build documents (notes, structure, relations), index build, articles per CPU
   second, peak memory (max RSS; all processes' PSS together), index size against the
   articles' text;
2. the same articles indexed by stock Whoosh (StandardAnalyzer, one field) and SQLite FTS5;
3. replacing one document (the largest) in the full index, in a fresh process as `phapquy
   ingest FILE` or an upload does (this one holds every document of the build: its garbage
   collections alone would add about a second); reopening the index (a restart);
4. latencies p50/p95: free-text questions, number look-ups, article references — phapquy
   and FTS5;
5. ../shared/eval/zalo/zalo-dev.jsonl: S@10 and MRR@10 of phapquy, stock Whoosh and FTS5.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import folder_bytes, latency  # noqa: E402
from evals.baselines import Fts5, WhooshStock, rows  # noqa: E402
from evals.metrics import evaluate, load_queries  # noqa: E402
from evals.run import phapquy_search  # noqa: E402
from ingest.pipeline import load_bundle  # noqa: E402
from search import open_knowledge_base  # noqa: E402


def _cpu() -> float:
    """Return the CPU seconds of this process and of its finished children (the process
    pool reading relations on every core)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Clock:
    """CPU (this process and its children) and wall seconds of a phase."""

    def __init__(self) -> None:
        self.cpu, self.wall = _cpu(), time.perf_counter()

    def done(self) -> tuple[float, float]:
        return _cpu() - self.cpu, time.perf_counter() - self.wall


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


class Memory:
    """The largest memory of this process and its children together, sampled twice a
    second from /proc (proportional set sizes: pages the processes share counted once)."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            self.peak_mb = max(self.peak_mb, sum(map(_pss_mb, _tree(os.getpid()))))

    def stop(self) -> float:
        """Stop sampling; return the peak in MB (0 where /proc is not there)."""
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for c in children for p in _tree(int(c)))]


def _pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _size_mb(folder: Path) -> float:
    return folder_bytes(folder) / 2**20


def _latencies(search, queries: list[str]) -> tuple[float, float]:
    found = latency(search, queries)
    return found["p50"], found["p95"]


def _replace(home: Path, number: str) -> tuple[float, float]:
    """Replace a document of the index at `home` by itself with its title changed; return
    (CPU, wall) seconds of the replacement."""
    kb = open_knowledge_base(home)
    one = kb.find_document(number)
    clock = Clock()
    kb.add([replace(one, title=(one.title or "") + " ")])
    taken = clock.done()
    kb.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path,
                        default=ROOT.parent / "shared" / "phapdien" / "BoPhapDienDienTu.zip")
    parser.add_argument("--pages", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--zalo", type=Path,
                        default=ROOT.parent / "shared" / "eval" / "zalo" / "zalo-dev.jsonl")
    parser.add_argument("--cores", type=int, default=1,
                        help="processes of the index build (the BUILD_CORES setting)")
    args = parser.parse_args()

    clock, memory = Clock(), Memory()
    pages = {"done": 0}

    def progress(done: int, total: int, articles: int) -> None:
        pages["done"] = done
        if done % 20 == 0 or done == total:
            print(f"\r  đọc {done}/{total} trang đề mục, {articles} điều", end="",
                  file=sys.stderr, flush=True)

    docs = load_bundle(args.bundle, limit=args.pages, on_page=progress)
    print(file=sys.stderr)
    load_cpu, load_wall = clock.done()
    articles = sum(len(d.articles()) for d in docs)
    text_mb = sum(len(t.encode()) for _, _, t in rows(docs)) / 2**20
    print(f"export: {pages['done']} pages, {len(docs)} documents, {articles} articles, "
          f"{text_mb:.0f} MB of article text")
    print(f"read + build + relations: CPU {load_cpu:.1f} s (wall {load_wall:.1f} s), "
          f"{articles / load_cpu:.0f} articles per CPU second")

    home = args.keep or Path(tempfile.mkdtemp(prefix="phapquy-pd-"))
    kb = open_knowledge_base(home, build_cores=args.cores)
    clock = Clock()
    if not (home / "index").exists():
        kb.rebuild(docs)
    index_cpu, index_wall = clock.done()
    total = load_cpu + index_cpu
    print(f"index build: CPU {index_cpu:.1f} s (wall {index_wall:.1f} s); whole ingest "
          f"CPU {total:.1f} s = {articles / total:.0f} articles per CPU second; "
          f"peak memory {_rss_mb():.0f} MB (largest worker "
          f"{_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB; all processes together "
          f"{memory.stop():.0f} MB)")
    print(f"index on disk {_size_mb(home / 'index'):.0f} MB, records "
          f"{_size_mb(home / 'records'):.0f} MB, for {text_mb:.0f} MB of text")

    data = rows(docs)
    clock = Clock()
    stock = WhooshStock(data)
    stock_cpu, stock_wall = clock.done()
    clock = Clock()
    fts = Fts5(data)
    fts_cpu, _ = clock.done()
    wall = load_wall + index_wall
    print(f"baselines over the same {len(data)} articles: stock Whoosh one-field index CPU "
          f"{stock_cpu:.1f} s (wall {stock_wall:.1f} s), SQLite FTS5 CPU {fts_cpu:.1f} s")
    print(f"phapquy against stock Whoosh: index build CPU {index_cpu / stock_cpu:.2f}x, "
          f"wall {index_wall / stock_wall:.2f}x; whole ingest (reading the export, relations, "
          f"build) CPU {total / stock_cpu:.2f}x, wall {wall / stock_wall:.2f}x")

    one = max(docs, key=lambda d: len(d.articles()))
    kb.close()
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        add_cpu, add_wall = pool.apply(_replace, (home, one.number))
    clock = Clock()
    again = open_knowledge_base(home)
    again.search("quyền và nghĩa vụ")
    open_cpu, open_wall = clock.done()
    print(f"replace one document ({one.number}, {len(one.articles())} articles): CPU "
          f"{add_cpu:.1f} s (wall {add_wall:.1f} s); reopen index + first search (a restart): "
          f"CPU {open_cpu:.1f} s (wall {open_wall:.1f} s), no rebuild")

    gold = load_queries(args.zalo) if args.zalo.exists() else []
    free = [g.query for g in gold][:300] or ["quyền và nghĩa vụ của người lao động"]
    numbers = [d.number for d in docs[:: max(1, len(docs) // 200)] if d.number][:200]
    refs = [f"điều {d.articles()[0].number} {d.number}" for d in docs[:: max(1, len(docs) // 200)]
            if d.articles() and d.number][:200]
    search = phapquy_search(again)
    for label, queries in (("free text", free), ("numbers", numbers), ("article refs", refs)):
        p50, p95 = _latencies(search, queries)
        line = f"latency {label} ({len(queries)}): phapquy p50 {p50:.0f} ms, p95 {p95:.0f} ms"
        if label == "free text":
            f50, f95 = _latencies(fts.search, queries)
            line += f"; FTS5 p50 {f50:.0f} ms, p95 {f95:.0f} ms"
        print(line)

    if gold:
        report = evaluate(gold, {"phapquy": search, stock.name: stock.search,
                                 fts.name: fts.search}, str(args.zalo))
        for name in report.systems:
            s = report.summary(name, None)
            print(f"zalo-dev ({len(gold)} questions) {name:<13} S@10 {s['S@10']}  "
                  f"MRR@10 {s['MRR@10']}")
    stock.close()
    fts.close()
    again.close()
    kb.close()
    if args.keep is None:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
