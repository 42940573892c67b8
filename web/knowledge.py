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

from ingest.models import Document

EXTENSION = "phapquy.library"


def _validity_module() -> Any:
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

    def add(self, docs: list[Document]) -> None:
        """Index documents (adding or replacing by number) and forget the relation graph."""
        with self._lock:
            self.kb.add(docs)
            self._graph_ready = False

    def graph(self) -> Any:
        """Return the relation graph over every document, or None without search.validity."""
        validity = _validity_module()
        if validity is None:
            return None
        with self._lock:
            if not self._graph_ready:
                self._graph = validity.resolve(self.kb.documents())
                self._graph_ready = True
            return self._graph

    def relations(self, doc: Document) -> list[dict]:
        """Return the document's relations both ways (dicts with type, direction, ...)."""
        graph = self.graph()
        if graph is None:
            return []
        return list(graph.for_document(doc.ref))

    def status(self, key: str, as_of: date | None = None) -> dict | None:
        """Return {"code", "label", "detail"} of a document or provision's validity, or None."""
        graph = self.graph()
        if graph is None:
            return None
        validity = _validity_module()
        found = validity.status_of(graph, key, as_of or date.today())
        return status_dict(found, getattr(validity, "VALIDITY_LABELS", {}))


def status_dict(found: Any, labels: dict) -> dict | None:
    """Return a plain dict for a ValidityStatus (or a bare status string)."""
    if found is None:
        return None
    code = found if isinstance(found, str) else getattr(found, "status", None) or str(found)
    detail = "" if isinstance(found, str) else getattr(found, "evidence", "") or ""
    return {"code": code, "label": labels.get(code, code), "detail": detail,
            "by": [] if isinstance(found, str) else list(getattr(found, "by", None) or [])}


def relation_label(relation: dict) -> str:
    """Return the Vietnamese label of a relation dict ("sửa đổi bởi", "căn cứ", ...)."""
    validity = _validity_module()
    labels = getattr(validity, "RELATION_LABELS", {}) if validity else {}
    key = (relation.get("type"), relation.get("direction"))
    return labels.get(key) or FALLBACK_RELATION_LABELS.get(key, relation.get("type", ""))


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
