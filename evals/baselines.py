"""The two naive baselines phapquy is measured against, over the same index entries.

- Whoosh stock: `StandardAnalyzer` (lowercase, English stop words), BM25F, terms OR-ed.
- SQLite FTS5: `unicode61 remove_diacritics 2` tokenizer, `bm25()` ranking, terms OR-ed.

Each indexes one row per body article and per annex (heading + text) of the documents,
exactly the entries phapquy ranks, and answers a query with (document number, article)
pairs best first.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterable

from whoosh import index as windex
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import STORED, TEXT, Schema
from whoosh.query import Or, Term

from ingest.models import Document
from search.entries import entry_text, units

Row = tuple[str, str | None, str]  # (document number, article or None, text)


def rows(docs: Iterable[Document]) -> list[Row]:
    """Return one (number, article, heading + text) row per article and annex."""
    out = []
    for doc in docs:
        for p, _ in units(doc):
            text, _ = entry_text(p)
            article = p.number if p.kind == "dieu" else None
            out.append((doc.ref, article, f"{p.heading}\n{text}"))
    return out


class WhooshStock:
    """Whoosh with its stock StandardAnalyzer, BM25F, OR of the query's terms."""

    name = "whoosh-stock"

    def __init__(self, data: list[Row]) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="phapquy-whoosh-")
        self.analyzer = StandardAnalyzer()
        schema = Schema(text=TEXT(analyzer=self.analyzer), doc=STORED, article=STORED)
        ix = windex.create_in(self._tmp.name, schema)
        w = ix.writer(limitmb=128)
        for number, article, text in data:
            w.add_document(text=text, doc=number, article=article)
        w.commit()
        self.searcher = ix.searcher()

    def search(self, query: str, limit: int = 10) -> list[tuple[str, str | None]]:
        """Return (document number, article) of the best entries."""
        terms = sorted({t.text for t in self.analyzer(query)})
        if not terms:
            return []
        hits = self.searcher.search(Or([Term("text", t) for t in terms]), limit=limit)
        return [(h["doc"], h.get("article")) for h in hits]

    def close(self) -> None:
        """Release the index files."""
        self.searcher.close()
        self._tmp.cleanup()


class Fts5:
    """SQLite FTS5 with unicode61 remove_diacritics 2 and bm25()."""

    name = "sqlite-fts5"

    def __init__(self, data: list[Row]) -> None:
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE TABLE meta(id INTEGER PRIMARY KEY, doc TEXT, article TEXT)")
        self.db.execute("CREATE VIRTUAL TABLE fts USING fts5(text, "
                        "tokenize = 'unicode61 remove_diacritics 2')")
        for i, (number, article, text) in enumerate(data, start=1):
            self.db.execute("INSERT INTO meta VALUES (?, ?, ?)", (i, number, article))
            self.db.execute("INSERT INTO fts(rowid, text) VALUES (?, ?)", (i, text))
        self.db.commit()

    def search(self, query: str, limit: int = 10) -> list[tuple[str, str | None]]:
        """Return (document number, article) of the best rows."""
        terms = sorted(set(re.findall(r"\w+", query.lower())))
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        sql = ("SELECT meta.doc, meta.article FROM fts JOIN meta ON meta.id = fts.rowid "
               "WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?")
        return [(d, a) for d, a in self.db.execute(sql, (match, limit))]

    def close(self) -> None:
        """Close the database."""
        self.db.close()
