"""Server time of the issues register over the shared corpus (Flask test client).

    python bench/bench_register.py [--home DIR] [--issues 1000] [--repeat 20]

Builds the index of ../shared/corpus in a temporary folder (unless --home names a data folder
that already holds one), fills a fresh register with N issues (two linked provisions on the
first), then times: proposing issues from the shared survey report, the JSON issue (links with
their validity), suggestions, the list with a full-text filter and the .docx export.  Prints
p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
REPORT = SHARED / "surveys" / "soc-trang-khao-sat-cong-thuong-9-thang-2024.txt"


def knowledge_base(home: Path | None):
    """Return a KnowledgeBase: the one in home, else a temporary index of ../shared/corpus."""
    from ingest.pipeline import load_paths
    from search import open_knowledge_base

    if home is not None:
        return open_knowledge_base(home)
    kb = open_knowledge_base(Path(tempfile.mkdtemp(prefix="bench-register-kb-")))
    kb.rebuild(load_paths([SHARED / "corpus"]).documents)
    return kb


def fill(app, count: int) -> str:
    """Create an editor with a token and `count` issues; return the token."""
    from register import store
    from web import accounts
    from web.db import connect

    conn = connect(app.config["DATABASE"])
    accounts.add_user(conn, "bench", "editor", "bench-password")
    token = accounts.create_token(conn, "bench")
    for n in range(count):
        store.create_issue(conn, {"title": f"Kiến nghị {n}: mua bán lấn chiếm lòng đường",
                                  "field": "thương mại", "locality": "Vĩnh Châu"}, "bench")
    conn.close()
    return token


def timed(fn, repeat: int) -> str:
    """Return 'p50 / p95 / max' in ms of calling fn repeat times."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return f"p50 {statistics.median(times):6.1f}  p95 {p95:6.1f}  max {times[-1]:6.1f} ms"


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from register import importer
    from web.app import create_app

    app = create_app({"HOME": Path(tempfile.mkdtemp(prefix="bench-register-")),
                      "KB": knowledge_base(args.home), "SECRET_KEY": "bench",
                      "TESTING": True, "CSRF_ENABLED": False})
    headers = {"Authorization": f"Bearer {fill(app, args.issues)}"}
    client = app.test_client()
    for key in ("168/2024/NĐ-CP#dieu-12", "32/2024/NĐ-CP#dieu-8.khoan-2"):
        client.post("/api/issues/1/links", json={"key": key}, headers=headers)
    report = REPORT.read_text(encoding="utf-8")
    cases = {
        "propose (shared report)": lambda: importer.propose(report),
        "GET /api/issues/1": lambda: client.get("/api/issues/1", headers=headers),
        "GET /api/issues/1/suggestions": lambda: client.get("/api/issues/1/suggestions",
                                                            headers=headers),
        f"GET /api/issues?q=… ({args.issues} issues)": lambda: client.get(
            "/api/issues?q=lan+chiem", headers=headers),
        "GET /api/issues/1/export.docx": lambda: client.get("/api/issues/1/export.docx",
                                                            headers=headers),
    }
    for name, fn in cases.items():
        fn()  # warm caches (relation graph, index view)
        print(f"{name:45s} {timed(fn, args.repeat)}")


if __name__ == "__main__":
    main()
