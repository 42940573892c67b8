"""The app's handle on the knowledge base: the search engine plus relations and validity.

One `Library` per app (in `app.extensions`), shared by the request threads.  Writes (uploads)
go through it one at a time; the relation graph is rebuilt lazily after any process writes.
"""

from __future__ import annotations

import threading
from datetime import date

from flask import current_app

from ingest.models import Document
from law import validity
from law.consolidate import Consolidation, amendments_of, consolidate
from law.validity import RelationGraph, ValidityStatus
from search import KnowledgeBase

EXTENSION = "phapquy.library"


class Library:
    """The knowledge base of one app, with a cached relation graph."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._lock = threading.RLock()  # the graph and statuses (held briefly by readers)
        self._write_lock = threading.Lock()  # one write of this app at a time
        self._graph: RelationGraph | None = None
        self._graph_ready = False
        self._graph_stamp: object = None
        self._statuses: dict[tuple[str, date], ValidityStatus] = {}
        self._consolidated: dict[str, Consolidation] = {}

    def add(self, docs: list[Document]) -> None:
        """Index documents (adding or replacing by number) and forget the relation graph.

        Readers are not held up meanwhile: a write may wait minutes for another process's
        lock, so only writes wait for writes here.
        """
        with self._write_lock:
            self.kb.add(docs)
        self.forget()

    def forget(self) -> None:
        """Drop the cached relation graph and statuses (after the documents changed)."""
        with self._lock:
            self._graph_ready = False
            self._statuses = {}
            self._consolidated = {}

    def warm(self) -> None:
        """Compute the relation graph and every document's and article's status now."""
        for doc in self.kb.documents():
            self.status(doc.ref)
            for p in doc.walk():
                if p.kind in ("dieu", "phu-luc"):
                    self.status(p.key)

    def graph(self) -> RelationGraph:
        """Return the relation graph over every document (rebuilt after any write)."""
        with self._lock:
            stamp = self._index_stamp()
            if not self._graph_ready or stamp != self._graph_stamp:
                self._statuses, self._consolidated = {}, {}
                self._graph = validity.resolve(self.kb.documents())
                self._graph_ready, self._graph_stamp = True, stamp
            return self._graph

    def _index_stamp(self) -> object:
        """Return what changes when any process writes the index."""
        return self.kb.stamp()

    def relations(self, doc: Document) -> list[dict]:
        """Return the document's relations both ways (dicts with type, direction, ...)."""
        return list(self.graph().for_document(doc.ref))

    def provision_relations(self, key: str) -> list[dict]:
        """Return the relations stated in a provision or aimed at it or below ([] if unknown)."""
        return list(self.graph().for_provision(key))

    def amendments(self, key: str, as_of: date | None = None) -> list[dict]:
        """Return the amending provisions in force for a key on a day (default today), with
        their text when known."""
        return list(validity.amendments(self.graph(), key, as_of))

    def consolidation(self, doc: Document) -> Consolidation:
        """Return the document with its amendments applied by date (cached until a write)."""
        graph = self.graph()
        with self._lock:
            if doc.ref not in self._consolidated:
                held = graph.document(doc.ref) or doc
                self._consolidated[doc.ref] = consolidate(held, amendments_of(graph, held))
            return self._consolidated[doc.ref]

    def status(self, key: str, as_of: date | None = None) -> ValidityStatus:
        """Return the validity of a document or provision key as of a date (default today)."""
        graph = self.graph()
        when = as_of or date.today()
        with self._lock:
            if (key, when) not in self._statuses:
                self._statuses[(key, when)] = validity.status_of(graph, key, when)
            return self._statuses[(key, when)]


def relation_label(relation: dict) -> str:
    """Return the Vietnamese label of a relation dict ("Được sửa đổi bởi", "Căn cứ", ...)."""
    return relation.get("label") or validity.relation_label(
        relation.get("type", ""), relation.get("direction", ""), relation.get("note", ""))


def library() -> Library:
    """Return the current app's Library."""
    return current_app.extensions[EXTENSION]


def kb() -> KnowledgeBase:
    """Return the current app's KnowledgeBase."""
    return library().kb
