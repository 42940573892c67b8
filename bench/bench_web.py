"""Server time per page type of the web app over the shared corpus (Flask test client).

    python bench/bench_web.py [--home DIR] [--repeat 3] [--gzip] [--sample N]

Builds the index of ../shared/corpus in a temporary folder (unless --home names a data folder
that already holds one), warms the relation graph as `phapquy serve` does, then times every
page type: search (the queries of ../shared/eval/domain-dev.jsonl), document pages (every
document), permalinks (every 5th article, with a query to highlight), the about page and
/api/search.  Prints p50/p95/max in milliseconds per type; the target is p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"


def build_index(home: Path) -> float:
    """Ingest ../shared/corpus into home; return the seconds it took."""
    from ingest.pipeline import load_paths
    from search import open_knowledge_base

    start = time.perf_counter()
    result = load_paths([SHARED / "corpus"])
    open_knowledge_base(home).rebuild(result.documents)
    return time.perf_counter() - start


def page_urls(kb, queries: list[str]) -> dict[str, list[str]]:
    """Return the URLs to time, per page type."""
    docs = kb.documents()
    articles = [(d, a) for d in docs for a in d.articles()]
    return {
        "search": ["/tim-kiem?" + urlencode({"q": q}) for q in queries],
        "document": [f"/van-ban/{d.doc_id}" for d in docs],
        "permalink": [f"/van-ban/{d.doc_id}/{a.path}?" + urlencode({"q": "cụm công nghiệp"})
                      for d, a in articles[::5]],
        "about": ["/gioi-thieu"],
        "api_search": ["/api/search?" + urlencode({"q": q, "limit": 10}) for q in queries],
    }


def time_pages(client, urls: list[str], repeat: int, headers: dict) -> list[float]:
    """Return the milliseconds of each request (every URL, `repeat` times)."""
    times = []
    for _ in range(repeat):
        for url in urls:
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
    return times


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    """Run the benchmark and print one line per page type."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="data folder with an index already built")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gzip", action="store_true", help="ask for gzip, as browsers do")
    parser.add_argument("--sample", type=int, default=None,
                        help="time at most this many URLs per page type, evenly spread "
                             "(for the whole Code of Law)")
    args = parser.parse_args()
    from web.app import create_app
    from web.knowledge import EXTENSION

    tmp = tempfile.TemporaryDirectory()
    home = args.home or Path(tmp.name)
    if args.home is None:
        print(f"index of the shared corpus built in {build_index(home):.1f} s")
    app = create_app({"HOME": Path(tmp.name) / "app", "KB_HOME": home, "SECRET_KEY": "bench"})
    library = app.extensions[EXTENSION]
    start = time.perf_counter()
    library.warm()
    print(f"relation graph and statuses warmed in {time.perf_counter() - start:.2f} s")
    lines = (SHARED / "eval" / "domain-dev.jsonl").read_text(encoding="utf-8").splitlines()
    queries = [json.loads(line)["query"] for line in lines if line.strip()]
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip"} if args.gzip else {}
    print(f"{'page':<11} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, urls in page_urls(library.kb, queries).items():
        if args.sample and len(urls) > args.sample:
            urls = urls[:: len(urls) // args.sample][: args.sample]
        time_pages(client, urls[:3], 1, headers)  # first-use costs (templates) not timed
        times = time_pages(client, urls, args.repeat, headers)
        print(f"{kind:<11} {len(times):>5} {statistics.median(times):>8.1f} "
              f"{percentile(times, 0.95):>8.1f} {max(times):>8.1f}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
