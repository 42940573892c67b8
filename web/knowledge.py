"""The app's handle on the knowledge base: the search engine plus relations and validity.

One `Library` per app (in `app.extensions`), shared by the request threads.  Writes (uploads)
go through it one at a time; the relation graph is rebuilt lazily after each write.  The
relations/validity module (`search.validity`) is optional: without it pages show no badges
and no relations panel.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from flask import current_app

from ingest.models import Document, Relation, make_key

EXTENSION = "phapquy.library"


def validity_module() -> Any:
    """Return search.validity, or None while that module does not exist."""
    try:
        from search import validity
    except ImportError:
        return None
    return validity


class Library:
    """The knowledge base of one app, with a cached relation graph."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        self._lock = threading.RLock()
        self._graph: Any = None
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
        if self.graph() is None:
            return
        for doc in self.kb.documents():
            self.status(doc.ref)
            for p in doc.walk():
                if p.kind in ("dieu", "phu-luc"):
                    self.status(p.key)

    def graph(self) -> Any:
        """Return the relation graph over every document, or None without search.validity."""
        validity = validity_module()
        if validity is None:
            return None
        with self._lock:
            stamp = self._index_stamp()
            if not self._graph_ready or stamp != self._graph_stamp:
                self._statuses = {}
                self._graph = validity.resolve(self.kb.documents())
                self._graph_ready, self._graph_stamp = True, stamp
            return self._graph

    def _index_stamp(self) -> Any:
        """Return what changes when any process writes the index (None if unknown)."""
        store = getattr(self.kb, "store", None)
        return store.pointer_stamp() if hasattr(store, "pointer_stamp") else None

    def relations(self, doc: Document) -> list[dict]:
        """Return the document's relations both ways (dicts with type, direction, ...)."""
        graph = self.graph()
        if graph is None:  # without search.validity: what the parser found, outbound only
            return [outbound(r) for r in doc.relations]
        return list(graph.for_document(doc.ref))

    def provision_relations(self, key: str) -> list[dict]:
        """Return the relations stated in a provision or aimed at it or below ([] if unknown)."""
        graph = self.graph()
        if graph is None or not hasattr(graph, "for_provision"):
            return []
        return list(graph.for_provision(key))

    def amendments(self, key: str) -> list[dict]:
        """Return the amending provisions in force for a key, with their text when known."""
        graph = self.graph()
        validity = validity_module()
        if graph is None or not hasattr(validity, "amendments"):
            return []
        return list(validity.amendments(graph, key))

    def status(self, key: str, as_of: date | None = None) -> dict | None:
        """Return {"code", "label", "detail"} of a document or provision's validity, or None."""
        graph = self.graph()
        if graph is None:
            return None
        when = as_of or date.today()
        if (key, when) not in self._statuses:
            validity = validity_module()
            found = validity.status_of(graph, key, when)
            labels = getattr(validity, "VALIDITY_LABELS", {})
            self._statuses[(key, when)] = status_dict(found, labels)
        return self._statuses[(key, when)]


def outbound(relation: Relation) -> dict:
    """Return an ingest Relation as an outbound relation dict (target key when a path)."""
    target_key = make_key(relation.target_number, relation.target_path) \
        if relation.target_path else None
    return {"type": relation.type, "direction": "out", "source_key": relation.source_key,
            "target_number": relation.target_number, "target_key": target_key,
            "evidence": relation.evidence}


def status_dict(found: Any, labels: dict) -> dict | None:
    """Return {"code", "label", "detail", "since", "by", "replaced_by"} for a ValidityStatus."""
    if found is None:
        return None
    if isinstance(found, str):
        return {"code": found, "label": labels.get(found, found), "detail": "", "since": None,
                "by": [], "replaced_by": None}
    evidence = getattr(found, "evidence", ()) or ()
    detail = evidence if isinstance(evidence, str) else " / ".join(evidence)
    code = getattr(found, "status", "unknown")
    return {"code": code, "label": labels.get(code, code), "detail": detail,
            "since": getattr(found, "since", None), "by": list(getattr(found, "by", ()) or ()),
            "replaced_by": getattr(found, "replaced_by", None)}


def relation_label(relation: dict) -> str:
    """Return the Vietnamese label of a relation dict ("sửa đổi bởi", "căn cứ", ...)."""
    validity = validity_module()
    labels = getattr(validity, "RELATION_LABELS", {}) if validity else {}
    key = (relation.get("type"), relation.get("direction"))
    fallback = FALLBACK_RELATION_LABELS.get(key, relation.get("type", ""))
    return relation.get("label") or labels.get(key) or fallback


FALLBACK_RELATION_LABELS = {
    ("amends", "out"): "sửa đổi, bổ sung", ("amends", "in"): "được sửa đổi, bổ sung bởi",
    ("replaces", "out"): "thay thế", ("replaces", "in"): "được thay thế bởi",
    ("repeals", "out"): "bãi bỏ", ("repeals", "in"): "bị bãi bỏ bởi",
    ("based_on", "out"): "căn cứ", ("based_on", "in"): "là căn cứ của",
    ("guides", "out"): "hướng dẫn", ("guides", "in"): "được hướng dẫn bởi",
    ("cites", "out"): "dẫn chiếu", ("cites", "in"): "được dẫn chiếu bởi",
}


def library() -> Library:
    """Return the current app's Library."""
    return current_app.extensions[EXTENSION]


def kb() -> Any:
    """Return the current app's KnowledgeBase."""
    return library().kb
