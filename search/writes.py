"""Writes to the knowledge base: incremental add/replace/remove, and rebuild-and-swap.

Every write holds the data folder's lock (one writer at a time; Whoosh's own index lock
is taken too).  Incremental writes commit once at the end: a writer killed before that
leaves the previous index as it was.  A rebuild writes a new generation folder and only
then replaces the CURRENT pointer.

Validity: after any write the status of every entry is recomputed from all documents with
`search.validity.compute_statuses(all_docs)` when that module exists (a new document may
amend or repeal an old one, whose entries are then rewritten); without it, a document is
"in_force" from its effective date, "not_yet" before it, "unknown" without one.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from whoosh import index as windex

from ingest.models import Document

from .entries import doc_number_key, entry_statuses
from .indexer import build, delete_document, open_or_create, write_document, writer

if TYPE_CHECKING:
    from .engine import KnowledgeBase


def fallback_statuses(docs: list[Document], today: date | None = None) -> dict[str, str]:
    """Return each document's status from its effective date alone."""
    today = today or date.today()
    out = {}
    for doc in docs:
        eff = doc.effective_from
        out[doc.ref] = "unknown" if eff is None else "in_force" if eff <= today else "not_yet"
    return out


def _validity():
    """Return search.validity.compute_statuses, or None while that module is absent."""
    try:
        from search.validity import compute_statuses as validity_statuses
    except ImportError:
        return None
    return validity_statuses


def compute_statuses(docs: list[Document]) -> tuple[dict[str, str], str | None]:
    """Return (status by key, warning): search.validity's answer, else the fallback."""
    validity_statuses = _validity()
    if validity_statuses is None:
        return fallback_statuses(docs), None
    try:
        return validity_statuses(docs), None
    except Exception as exc:  # noqa: BLE001 - validity must never block an ingest
        return fallback_statuses(docs), f"hiệu lực: {type(exc).__name__}: {exc}"


def _dedupe(docs: list[Document]) -> list[Document]:
    """Return documents with one per id and per number (the last given wins)."""
    by_key: dict[str, Document] = {}
    for doc in docs:
        for other in [k for k, d in by_key.items() if doc_number_key(d) == doc_number_key(doc)]:
            del by_key[other]
        by_key[doc.doc_id] = doc
    return list(by_key.values())


class Writes:
    """The write operations of one KnowledgeBase."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.store = kb.store
        self.warning: str | None = None

    def add(self, docs: list[Document]) -> None:
        """Add or replace documents in the live index (build the first one if none)."""
        docs = _dedupe(docs)
        if not docs:
            return
        with self.store.writing():
            folder = self.store.current()
            if folder is None:
                self._build(docs)
                return
            self._commit(folder, docs, self._kept(docs), removed=())

    def remove(self, doc_id: str) -> bool:
        """Remove a document (by id or number); return False if it is not there."""
        with self.store.writing():
            view = self.kb.view()
            entry = (view.by_id.get(doc_id) or view.find(doc_id)) if view else None
            if entry is None:
                return False
            kept = [d for d in self._current_documents() if d.doc_id != entry.doc_id
                    ] if _validity() else []
            self._commit(view.folder, [], kept, removed=(entry.doc_id,))
            return True

    def rebuild(self, docs: list[Document]) -> None:
        """Index exactly these documents in a new generation and swap it in."""
        with self.store.writing():
            self._build(_dedupe(docs))

    # --- internals -----------------------------------------------------------------------

    def _kept(self, new: list[Document]) -> list[Document]:
        """Return the indexed documents a write keeps, when validity needs them all."""
        if _validity() is None:  # statuses come from each document's own dates
            return []
        ids = {d.doc_id for d in new}
        keys = {doc_number_key(d) for d in new}
        return [d for d in self._current_documents()
                if d.doc_id not in ids and doc_number_key(d) not in keys]

    def _current_documents(self) -> list[Document]:
        # the view (and its cached documents) is reopened if anyone wrote since
        return self.kb.documents()

    def _commit(self, folder, new: list[Document], kept: list[Document],
                removed: tuple[str, ...]) -> None:
        """Write new documents, rewrite kept ones whose status changed, drop removed ones."""
        statuses, self.warning = compute_statuses([*kept, *new])
        view = self.kb.view()
        old = {c.doc_id: c.statuses for c in view.catalog} if view else {}
        changed = [d for d in kept if entry_statuses(d, statuses) != old.get(d.doc_id)]
        w = writer(open_or_create(folder))
        try:
            for doc_id in removed:
                delete_document(w, doc_id)
            for doc in [*new, *changed]:
                write_document(w, doc, self.store.save(doc), statuses)
        except BaseException:
            w.cancel()
            raise
        w.commit()
        self._finish(folder)

    def _build(self, docs: list[Document]) -> None:
        statuses, self.warning = compute_statuses(docs)
        folder = self.store.new_generation()
        build(folder, ((d, self.store.save(d)) for d in docs), statuses)
        self.store.swap(folder)
        self._finish(folder)

    def _finish(self, folder) -> None:
        """Note the ingest time and delete records no live entry names."""
        self.store.touch_ingest(self.warning)
        ix = windex.open_dir(str(folder))
        with ix.searcher() as s:
            keep = {f.get("record") for f in s.documents(kind="document")}
        self.store.prune({k for k in keep if k})
