"""The app's handle on the knowledge base: the search engine plus relations and validity.

One `Library` per app (in `app.extensions`), shared by the request threads.  Writes (uploads)
go through it one at a time; the relation graph is rebuilt lazily after any process writes.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from flask import current_app

from ingest.models import Document
from law import validity
from law.validity import RelationGraph, ValidityStatus

EXTENSION = "phapquy.library"


class Library:
    """The knowledge base of one app, with a cached relation graph."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        self._lock = threading.RLock()
        self._graph: RelationGraph | None = None
        self._graph_ready = False
        self._graph_stamp: Any = None
        self._statuses: dict[tuple[str, date], dict | None] = {}

    def add(self, docs: list[Document]) -> None:
        """Index documents (adding or replacing by number) and forget the relation graph."""
        with self._lock:
            self.kb.add(docs)
            self.forget()

    def forget(self) -> None:
        """Drop the cached relation graph and statuses (after the documents changed)."""
        with self._lock:
            self._graph_ready = False
            self._statuses = {}

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
                self._statuses = {}
                self._graph = validity.resolve(self.kb.documents())
                self._graph_ready, self._graph_stamp = True, stamp
            return self._graph

    def _index_stamp(self) -> Any:
        """Return what changes when any process writes the index."""
        return self.kb.store.pointer_stamp()

    def relations(self, doc: Document) -> list[dict]:
        """Return the document's relations both ways (dicts with type, direction, ...)."""
        return list(self.graph().for_document(doc.ref))

    def provision_relations(self, key: str) -> list[dict]:
        """Return the relations stated in a provision or aimed at it or below ([] if unknown)."""
        return list(self.graph().for_provision(key))

    def amendments(self, key: str) -> list[dict]:
        """Return the amending provisions in force for a key, with their text when known."""
        return list(validity.amendments(self.graph(), key))

    def status(self, key: str, as_of: date | None = None) -> dict:
        """Return {"code", "label", "detail", "since", "by", "replaced_by"} of a key's validity."""
        graph = self.graph()
        when = as_of or date.today()
        with self._lock:
            if (key, when) not in self._statuses:
                self._statuses[(key, when)] = status_dict(validity.status_of(graph, key, when))
            return self._statuses[(key, when)]


def status_dict(found: ValidityStatus) -> dict:
    """Return the page's view of a ValidityStatus: code, label, evidence, since, by..."""
    return {"code": found.status, "label": found.label, "detail": " / ".join(found.evidence),
            "since": found.since, "by": list(found.by), "replaced_by": found.replaced_by}


def relation_label(relation: dict) -> str:
    """Return the Vietnamese label of a relation dict ("Được sửa đổi bởi", "Căn cứ", ...)."""
    return relation.get("label") or validity.relation_label(
        relation.get("type", ""), relation.get("direction", ""), relation.get("note", ""))


def library() -> Library:
    """Return the current app's Library."""
    return current_app.extensions[EXTENSION]


def kb() -> Any:
    """Return the current app's KnowledgeBase."""
    return library().kb
