"""The Whoosh knowledge base: documents in, hits out (search.KnowledgeBase's first backend).

    kb = WhooshKnowledgeBase(home)
    kb.add(docs); kb.remove(doc_id); kb.rebuild(docs)          # one writer at a time
    kb.search("bán hàng trên vỉa hè") -> SearchResult           # any number of readers
    kb.document(doc_id), kb.documents(), kb.provision(key), kb.find_document("nđ 32/2024")

The index lives in `home/index`, document records in `home/records` (see search.store).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ingest.models import Document, Provision, split_key
from search.hits import Filters, SearchResult
from search.store import Store
from search.whoosh.results import run_search
from search.whoosh.view import IndexView
from search.whoosh.writes import Writes, kb_order


class WhooshKnowledgeBase:
    """The documents and search index kept under one data folder."""

    def __init__(self, home: Path, build_cores: int = 1) -> None:
        self.home = Path(home)
        self.build_cores = build_cores  # processes a fresh build of a large index uses
        self.store = Store(self.home)
        self._view: IndexView | None = None
        self._lock = threading.Lock()
        self._docs: OrderedDict[str, Document] = OrderedDict()
        self._all: tuple[object, list[Document]] | None = None
        self._writes = Writes(self)

    # --- reading -------------------------------------------------------------------------

    def stamp(self) -> object:
        """Return what changes whenever any process writes this knowledge base."""
        return self.store.write_stamp()

    def view(self) -> IndexView | None:
        """Return the view of the live index generation (reopened after any write)."""
        with self._lock:
            stamp = self.store.pointer_stamp()
            v = self._view
            if v is not None and v.stamp == stamp and v.fresh():
                return v
            folder = self.store.current()
            # an old view is not closed here: another thread may still be reading it;
            # its files are released when the last reference goes
            self._view = IndexView(folder, stamp) if folder is not None else None
            return self._view

    def search(self, query: str, *, filters: Filters | None = None, page: int = 1,
               per_page: int = 10, emphasis: tuple[tuple[str, float], ...] = ()
               ) -> SearchResult:
        """Return one page of hits for a query, best first, with facets and a message;
        `emphasis` adds texts whose words count `weight` times more (an issue's title)."""
        return run_search(self.view(), query, filters, max(1, page), max(1, per_page),
                          emphasis)

    def document(self, doc_id: str) -> Document | None:
        """Return a document by id (or number), or None."""
        v = self.view()
        entry = v.by_id.get(doc_id) or v.find(doc_id) if v else None
        if entry is None:
            return None
        return self._load(entry.record)

    def _load(self, record: str) -> Document | None:
        with self._lock:
            doc = self._docs.get(record)
            if doc is not None:
                self._docs.move_to_end(record)
                return doc
        doc = self.store.load(record)
        if doc is None:  # replaced by a writer since this view opened: look again
            self._view = None
            v = self.view()
            entry = next((c for c in v.catalog if c.record == record), None) if v else None
            return None if entry is None else self.store.load(entry.record)
        with self._lock:
            self._docs[record] = doc
            while len(self._docs) > 64:
                self._docs.popitem(last=False)
        return doc

    def documents(self) -> list[Document]:
        """Return every document, sorted by (type, number)."""
        v = self.view()
        if v is None:
            return []
        if self._all is not None and self._all[0] is v:
            return list(self._all[1])
        docs = [d for d in (self.store.load(c.record) for c in v.catalog) if d is not None]
        docs.sort(key=kb_order)
        self._all = (v, docs)
        return list(docs)

    def provision(self, key: str) -> tuple[Document, Provision] | None:
        """Return (document, provision) of a provision key, or None."""
        doc_ref, path = split_key(key)
        doc = self.find_document(doc_ref)
        if doc is None or not path:
            return None
        prov = doc.find(path)
        return (doc, prov) if prov is not None else None

    def find_document(self, number_text: str) -> Document | None:
        """Return the document a number names in any spelling ('nđ 32/2024'), or None."""
        v = self.view()
        entry = v.find(number_text) if v else None
        return self._load(entry.record) if entry else None

    def original_file(self, doc: Document) -> Path | None:
        """Return the kept original file of a document, or None when there is none."""
        path = self.store.original_path(doc)
        return path if path is not None and path.is_file() else None

    def stats(self) -> dict:
        """Return counts and dates: documents, articles, annexes, entries, last_ingest."""
        v = self.view()
        articles, annexes = v.count_articles() if v else (0, 0)
        return {
            "documents": len(v.catalog) if v else 0, "articles": articles,
            "annexes": annexes, "entries": int(v.entry_mask.sum()) if v else 0,
            "last_ingest": self.store.state().get("last_ingest"),
            "warning": self.store.state().get("warning"),
            "index": v.folder.name if v else None, "index_bytes": _size(v.folder) if v else 0,
        }

    # --- writing -------------------------------------------------------------------------

    def add(self, docs: Iterable[Document]) -> None:
        """Add documents, replacing any with the same id or number, without a rebuild."""
        self._writes.add(list(docs))
        self._forget()

    def remove(self, doc_id: str) -> bool:
        """Remove a document and its entries; return False if it was not there."""
        found = self._writes.remove(doc_id)
        self._forget()
        return found

    def rebuild(self, docs: Iterable[Document]) -> None:
        """Build a new index of exactly these documents aside, then swap it in atomically."""
        self._writes.rebuild(list(docs))
        self._forget()

    def refresh_statuses(self, today: date | None = None) -> bool:
        """Recompute the stored validity statuses unless done today; return True if it ran."""
        today = today or date.today()
        if self.store.state().get("statuses_as_of") == today.isoformat():
            return False
        self._writes.refresh_statuses(today)
        self._forget()
        return True

    def tidy(self) -> int:
        """Remove half-built index generations an interrupted rebuild left; return how many."""
        return self.store.clean_half_built()

    def _forget(self) -> None:
        with self._lock:
            self._forget_unlocked()

    def close(self) -> None:
        """Release the index files (the knowledge base reopens them when used again)."""
        with self._lock:
            if self._view is not None:
                self._view.close()
            self._forget_unlocked()

    def _forget_unlocked(self) -> None:
        self._view = None
        self._all = None


def _size(folder: Path) -> int:
    """Return the bytes used by the files of a folder."""
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
