"""Search benchmark: index build time and size, query latency p50/p95 per query kind.

    python bench/bench_search.py                      # shared corpus + 50,000-article corpus
    python bench/bench_search.py --articles 20000 --keep /tmp/pq-50k   # reuse a built index

Two corpora: the real documents of ../shared/corpus, and a scaled corpus generated from the
structure and vocabulary of the real articles (../shared/corpus plus ALQAC's law.json):
synthetic documents with synthetic numbers whose articles recombine real headings, clauses
and points.  Query kinds: free text (the gold queries, ALQAC questions and passages of real
sentences, with and without accents), document numbers in assorted spellings, and article
references.  SQLite FTS5 (unicode61 remove_diacritics 2, bm25) answers the same free-text
queries over the same articles in the same run.  Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.baselines import Fts5, rows  # noqa: E402
from evals.run import load_corpus  # noqa: E402
from ingest.ids import ascii_fold, slugify  # noqa: E402
from ingest.models import Document, Provision, make_key  # noqa: E402
from ingest.pipeline import with_relations  # noqa: E402
from search import open_knowledge_base  # noqa: E402
from search.whoosh.writes import compute_statuses  # noqa: E402

SHARED = ROOT.parent / "shared"
TYPES = (("Nghị định", "NĐ-CP", "Chính phủ", 5), ("Thông tư", "TT-BCT", "Bộ Công Thương", 3),
         ("Quyết định", "QĐ-UBND", "Ủy ban nhân dân tỉnh", 2), ("Luật", "QH15", "Quốc hội", 1))


# --- the scaled corpus ------------------------------------------------------------------

class Pools:
    """Headings, clause texts and point texts of real articles, to recombine."""

    def __init__(self, docs: list[Document]) -> None:
        self.headings, self.clauses, self.points, self.sentences = [], [], [], []
        for doc in docs:
            for art in doc.articles():
                if art.heading:
                    self.headings.append(art.heading)
                for p in art.walk():
                    if p.kind == "khoan" and p.text:
                        self.clauses.append(p.text)
                    elif p.kind == "diem" and p.text:
                        self.points.append(p.text)
                    if p.text:
                        self.sentences.extend(s for s in p.text.split(". ") if len(s) > 40)
        self.titles = [d.title for d in docs if d.title]


def synthetic_article(rnd: random.Random, pools: Pools, ref: str, n: int) -> Provision:
    """Return an article of recombined real clauses and points."""
    path = f"dieu-{n}"
    clauses = []
    for c in range(1, rnd.randint(1, 5) + 1):
        cpath = f"{path}.khoan-{c}"
        points = tuple(
            Provision("diem", letter, "", rnd.choice(pools.points), f"{cpath}.diem-{letter}",
                      make_key(ref, f"{cpath}.diem-{letter}"))
            for letter in "abcde"[:rnd.choice((0, 0, 2, 3, 4))])
        clauses.append(Provision("khoan", str(c), "", rnd.choice(pools.clauses), cpath,
                                 make_key(ref, cpath), points))
    return Provision("dieu", str(n), rnd.choice(pools.headings), "", path,
                     make_key(ref, path), tuple(clauses))


def synthetic_documents(pools: Pools, articles: int, seed: int = 7) -> list[Document]:
    """Return synthetic documents holding `articles` articles in all."""
    rnd = random.Random(seed)
    weights = [t[3] for t in TYPES]
    docs, made, serial = [], 0, 0
    while made < articles:
        doc_type, code, issuer, _ = rnd.choices(TYPES, weights)[0]
        serial += 1
        year = rnd.randint(2005, 2025)
        number = f"{serial}/{year}/{code}"
        count = min(rnd.randint(5, 45), articles - made)
        body = tuple(synthetic_article(rnd, pools, number, i) for i in range(1, count + 1))
        title = rnd.choice(pools.titles)
        # relations extracted as the ingest pipeline does for every file it reads
        docs.append(with_relations(Document(doc_id=slugify(number), number=number,
                                            doc_type=doc_type, issuer=issuer, title=title,
                                            body=body)))
        made += count
    return docs


# --- queries ------------------------------------------------------------------------------

def free_text_queries(pools: Pools, n: int, seed: int = 11) -> list[str]:
    """Return gold queries, ALQAC questions and passages of real sentences (half folded)."""
    rnd = random.Random(seed)
    out = []
    dev = SHARED / "eval" / "domain-dev.jsonl"
    if dev.exists():
        out += [json.loads(x)["query"] for x in dev.read_text().splitlines() if x.strip()]
    train = SHARED / "eval" / "alqac" / "train.json"
    if train.exists():
        out += [q["text"] for q in json.loads(train.read_text())]
    while len(out) < n:
        words = rnd.choice(pools.sentences).split()
        start = rnd.randrange(max(1, len(words) - 4))
        passage = " ".join(words[start:start + rnd.randint(3, 9)])
        out.append(ascii_fold(passage).lower() if rnd.random() < 0.5 else passage)
    rnd.shuffle(out)
    return out[:n]


def number_queries(docs: list[Document], n: int, seed: int = 13) -> list[str]:
    """Return document numbers in assorted spellings."""
    rnd = random.Random(seed)
    short = {"Nghị định": "nđ", "Thông tư": "tt", "Quyết định": "qđ", "Luật": "luật"}
    out = []
    for doc in rnd.sample(docs, min(n, len(docs))):
        num, year, code = doc.number.split("/")
        out.append(rnd.choice((
            doc.number, ascii_fold(doc.number), f"{num} /{year}/ {code}",
            f"{doc.doc_type.lower()} {num}/{year}", f"{short[doc.doc_type]} {num}/{year}",
            f"{short[doc.doc_type].upper()}{num}/{year}")))
    return out


def article_queries(docs: list[Document], n: int, seed: int = 17) -> list[str]:
    """Return article references ('khoản 2 điều 8 nđ 32/2024', 'dieu 5 tt 3/2020')."""
    rnd = random.Random(seed)
    out = []
    for doc in rnd.sample(docs, min(n, len(docs))):
        num, year, _ = doc.number.split("/")
        art = rnd.choice(doc.articles())
        ref = f"{doc.doc_type.lower()} {num}/{year}"
        out.append(rnd.choice((f"điều {art.number} {ref}", f"khoản 1 điều {art.number} {ref}",
                               ascii_fold(f"dieu {art.number} {ref}").lower(),
                               f"Điều {art.number} {doc.doc_type} {doc.number}")))
    return out


# --- measuring ----------------------------------------------------------------------------

def latency(search, queries: list[str]) -> dict[str, float]:
    """Return p50/p95/max milliseconds of running each query once."""
    times = []
    for q in queries:
        start = time.perf_counter()
        search(q)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"n": len(times), "p50": statistics.median(times),
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))], "max": times[-1]}


def folder_bytes(path: Path) -> int:
    """Return the bytes used under a folder."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_corpus(label: str, docs: list[Document], pools: Pools, home: Path,
                 queries: int) -> None:
    """Build (unless already built), then print build, size and latency figures."""
    kb = open_knowledge_base(home)
    articles = sum(len(d.articles()) for d in docs)
    if kb.stats()["documents"] != len(docs):
        start = time.perf_counter()
        kb.rebuild(docs)
        print(f"[{label}] build: {len(docs)} documents, {articles} articles in "
              f"{time.perf_counter() - start:.1f} s")
    live = kb.store.current()  # the previous generation a rebuild keeps is not counted
    print(f"[{label}] index size: {folder_bytes(live) / 2**20:.1f} MiB "
          f"(records {folder_bytes(home / 'records') / 2**20:.1f} MiB)")
    free = free_text_queries(pools, queries)
    kinds = {"free text": free, "number": number_queries(docs, queries),
             "article ref": article_queries(docs, queries)}
    if label == "shared":
        kinds["number"] = [d.number for d in docs] * 3
        kinds["article ref"] = [f"điều {a.number} {d.number}" for d in docs
                                for a in d.articles()[:5]]
    for kind, qs in kinds.items():
        report(label, f"phapquy {kind}", latency(lambda q: kb.search(q, per_page=10), qs))
    report(label, "phapquy free text (2nd pass)",
           latency(lambda q: kb.search(q, per_page=10), free))
    fts = Fts5(rows(docs))
    report(label, "sqlite-fts5 free text", latency(fts.search, free))
    fts.close()
    single = docs[len(docs) // 2]
    start = time.perf_counter()
    kb.add([single])
    print(f"[{label}] incremental replace of one document: "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    compute_statuses(kb.documents())
    print(f"[{label}]   (for comparison: validity statuses of all documents, with loading "
          f"the records: {(time.perf_counter() - start) * 1000:.0f} ms)")


def report(label: str, name: str, figures: dict[str, float]) -> None:
    """Print one latency line."""
    print(f"[{label}] {name:<30} n={figures['n']:<5} p50={figures['p50']:7.1f} ms  "
          f"p95={figures['p95']:7.1f} ms  max={figures['max']:7.1f} ms")


def main() -> None:
    """Run the benchmark on the shared corpus and on the scaled corpus."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--keep", type=Path, help="folder for the scaled index (reused if built)")
    args = ap.parse_args()
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        sys.exit(f"shared corpus not found at {corpus}")
    real = load_corpus([corpus], 50 * 2**20)
    law = SHARED / "eval" / "alqac" / "law.json"
    pools = Pools(real + (load_corpus([law], 200 * 2**20) if law.exists() else []))
    with tempfile.TemporaryDirectory(prefix="phapquy-bench-") as tmp:
        bench_corpus("shared", real, pools, Path(tmp) / "shared", args.queries)
        scaled = synthetic_documents(pools, args.articles)
        home = args.keep or Path(tmp) / "scaled"
        bench_corpus(f"scaled {args.articles}", scaled, pools, home, args.queries)
        if args.keep is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
