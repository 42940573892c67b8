"""Set up an evaluation run: the corpus, phapquy's index, the baselines; then evaluate.

The index is the knowledge base in `home`, unless a corpus is given (or implied: an ALQAC
question file is evaluated against the `law.json` beside it), in which case a temporary
knowledge base is built from that corpus.  The baselines index the same documents.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from evals.baselines import Fts5, WhooshStock, rows
from evals.metrics import Ranked, Report, evaluate, is_alqac, load_queries
from ingest.models import Document
from ingest.pipeline import load_paths
from law.relgraph import resolve
from register.records import Issue
from register.suggest import suggestions
from search import KnowledgeBase, open_knowledge_base


def implied_corpus(queries: Path) -> Path | None:
    """Return the corpus an ALQAC question file implies (law.json beside it), else None."""
    if is_alqac(queries):
        law = Path(queries).parent / "law.json"
        return law if law.exists() else None
    return None


def load_corpus(paths: list[Path], max_bytes: int) -> list[Document]:
    """Return the documents of corpus files and folders (a bad file: its IngestError raised,
    since an evaluation over part of its corpus would mislead)."""
    result = load_paths(paths, max_bytes=max_bytes)
    if result.failures:
        raise result.failures[0][1]
    return result.documents


def phapquy_search(kb: KnowledgeBase, surveys: dict[str, Issue] | None = None
                   ) -> Callable[[str], Ranked]:
    """Return phapquy's ranking function: query -> [(document number, article)]; the
    survey issues among the queries (by their query) are answered as the register suggests
    provisions."""
    graph = resolve(kb.documents()) if surveys else None

    def search(query: str) -> Ranked:
        if surveys and query in surveys:
            found = suggestions(kb, surveys[query], 10, graph).hits
        else:
            found = kb.search(query, per_page=10).hits
        return [(h.doc_number, h.article) for h in found]
    return search


def run_eval(queries: Path, home: Path | None, corpus: list[Path] | None,
             max_bytes: int, baselines: bool = True) -> Report:
    """Return the report of phapquy and the baselines on a gold file."""
    gold = load_queries(queries)
    corpus = corpus or ([p] if (p := implied_corpus(queries)) else None)
    with tempfile.TemporaryDirectory(prefix="phapquy-eval-") as tmp:
        if corpus:
            kb = open_knowledge_base(Path(tmp))
            kb.rebuild(load_corpus(corpus, max_bytes))
        else:
            kb = open_knowledge_base(home)
        surveys = {q.query: q.issue for q in gold if q.issue is not None}
        systems: dict[str, Callable[[str], Ranked]] = {
            "phapquy": phapquy_search(kb, surveys)}
        opened = []
        if baselines:
            data = rows(kb.documents())
            opened = [WhooshStock(data), Fts5(data)]
            systems.update({b.name: b.search for b in opened})
        try:
            source = f"{queries} ({len(gold)} câu; {kb.stats()['documents']} văn bản)"
            return evaluate(gold, systems, source)
        finally:
            for b in opened:
                b.close()
            kb.close()
