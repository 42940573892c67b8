"""Writes to the knowledge base: incremental add/replace/remove, and rebuild-and-swap.

Every write holds the data folder's lock (one writer at a time; Whoosh's own index lock
is taken too).  Incremental writes commit once at the end: a writer killed before that
leaves the previous index as it was.  A rebuild writes a new generation folder and only
then replaces the CURRENT pointer.

Validity: after a write, the statuses of the documents it touched and of those their
relations name are recomputed with `law.validity.compute_statuses` (a new document may
amend or repeal an old one, whose entries are then rewritten); the other documents keep the
statuses their entries hold.  Should validity fail, a document is "in_force" from its
effective date, "not_yet" before it, "unknown" without one, and the ingest goes on.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from whoosh import index as windex

from ingest.models import Document
from ingest.phapdien import combine
from law.relgraph import RelationGraph, names_of
from law.validity import compute_statuses as validity_statuses
from law.validity import reached
from search.entries import doc_number_key, entry_statuses
from search.whoosh.indexer import (
    build,
    build_parts,
    delete_document,
    open_or_create,
    write_document,
    writer,
)

if TYPE_CHECKING:
    from search.whoosh.engine import WhooshKnowledgeBase
    from search.whoosh.view import CatalogEntry, IndexView


def fallback_statuses(docs: list[Document], today: date | None = None) -> dict[str, str]:
    """Return each document's status from its effective date alone."""
    today = today or date.today()
    out = {}
    for doc in docs:
        eff = doc.effective_from
        out[doc.ref] = "unknown" if eff is None else "in_force" if eff <= today else "not_yet"
    return out


def compute_statuses(docs: list[Document], touched: list[Document] | None = None,
                     as_of: date | None = None) -> tuple[dict[str, str], str | None]:
    """Return (status by key, warning): law.validity's answer, else the fallback."""
    try:
        return validity_statuses(docs, as_of, touched=touched), None
    except Exception as exc:  # noqa: BLE001 - validity must never block an ingest
        return fallback_statuses(docs, as_of), f"hiệu lực: {type(exc).__name__}: {exc}"


def _dedupe(docs: list[Document]) -> list[Document]:
    """Return documents with one per number and per id (the last given wins, except that a
    document's enacted text and its articles codified in the Pháp điển make one document)."""
    by_number: dict[str, Document] = {}
    for doc in docs:
        key = doc_number_key(doc)  # once per document: this loop meets every document
        held = by_number.pop(key, None)
        by_number[key] = combine(held, doc) if held is not None else doc
    by_id: dict[str, Document] = {}
    for doc in by_number.values():
        by_id.pop(doc.doc_id, None)
        by_id[doc.doc_id] = doc
    return list(by_id.values())


def _stub(c: CatalogEntry) -> Document:
    """Return a stand-in for a held document: its names, type and dates, no text (enough for
    the relation graph to resolve names to it as to the document itself)."""
    issued = date.fromisoformat(c.issued) if c.issued else None
    return Document(doc_id=c.doc_id, number=c.number if c.number != c.doc_id else None,
                    doc_type=c.doc_type or None, issuer=c.issuer or None,
                    title=c.title or None, issued=issued)


def kb_order(doc: Document) -> tuple[str, str]:
    """Return the sort key of the knowledge base's document order (type, then number)."""
    return (doc.doc_type or "", doc.number or doc.doc_id)


def _ordered(docs: list[Document]) -> list[Document]:
    """Return documents in the knowledge base's order: where two share a law's name, the
    graph resolves it to the first, as for the whole base."""
    return sorted(docs, key=kb_order)


class Writes:
    """The write operations of one WhooshKnowledgeBase."""

    def __init__(self, kb: WhooshKnowledgeBase) -> None:
        self.kb = kb
        self.store = kb.store
        self.warning: str | None = None

    def add(self, docs: list[Document]) -> None:
        """Add or replace documents in the live index (build the first one if none)."""
        docs = _dedupe(docs)
        if not docs:
            return
        with self.store.writing():
            view = self.kb.view()
            if view is None:
                self._build(docs)
                return
            ids, keys = {d.doc_id for d in docs}, {doc_number_key(d) for d in docs}
            gone = [c for c in view.catalog if c.doc_id in ids or c.number_key in keys]
            replaced = self._load(gone)
            held = {doc_number_key(d): d for d in replaced}
            docs = [combine(held[k], d) if (k := doc_number_key(d)) in held else d
                    for d in docs]
            self._commit(view, docs, touched=[*docs, *replaced], gone=gone, removed=())

    def remove(self, doc_id: str) -> bool:
        """Remove a document (by id or number); return False if it is not there."""
        with self.store.writing():
            view = self.kb.view()
            entry = (view.by_id.get(doc_id) or view.find(doc_id)) if view else None
            if entry is None:
                return False
            gone = [c for c in view.catalog if c.doc_id == entry.doc_id]
            self._commit(view, [], touched=self._load(gone), gone=gone,
                         removed=(entry.doc_id,))
            return True

    def rebuild(self, docs: list[Document]) -> None:
        """Index exactly these documents in a new generation and swap it in."""
        self.store.clean_half_built()
        with self.store.writing():
            self._build(_dedupe(docs))

    def refresh_statuses(self, as_of: date) -> None:
        """Recompute every stored validity status as of a day; rewrite entries that changed."""
        with self.store.writing():
            view = self.kb.view()
            if view is None:
                return
            self._commit(view, [], touched=None, gone=[], removed=(), as_of=as_of)

    # --- internals -----------------------------------------------------------------------

    def _load(self, entries: list[CatalogEntry]) -> list[Document]:
        """Return the documents of catalogue entries, read from their records."""
        return [d for d in (self.store.load(c.record) for c in entries) if d is not None]

    def _scope(self, view: IndexView, new: list[Document], touched: list[Document],
               gone: list[CatalogEntry]
               ) -> tuple[list[Document], list[Document], list[Document]]:
        """Return (documents for the relation graph, documents whose statuses to recompute,
        held documents read from their records).

        The graph holds the new documents, the held ones the touched ones amend, repeal or
        replace, those amending any of them and those not yet in force (all read from their
        records), and a stand-in with the names of every other held document: what the
        statuses of the touched documents and of those they reach depend on.
        """
        gone_ids = {c.doc_id for c in gone}
        left = [c for c in view.catalog if c.doc_id not in gone_ids]
        waiting = self._load([c for c in left if "not_yet" in c.statuses.values()])
        touched = [*touched, *waiting]
        stubs = {c.doc_id: _stub(c) for c in left}
        refs = reached(RelationGraph(_ordered([*new, *stubs.values()])), touched)
        names = set().union(*(names_of(d) for d in touched),
                            *(names_of(s) for s in stubs.values() if s.ref in refs))
        read = [c for c in left if c.ref in refs or c.targets is None
                or not names.isdisjoint(c.targets)]
        full = {d.doc_id: d for d in [*waiting, *self._load(read)]}
        docs = _ordered([*new, *(full.get(i, s) for i, s in stubs.items())])
        return docs, touched, list(full.values())

    def _commit(self, view: IndexView, new: list[Document], touched: list[Document] | None,
                gone: list[CatalogEntry], removed: tuple[str, ...],
                as_of: date | None = None) -> None:
        """Write new documents, rewrite held ones whose status changed, drop removed ones.

        Statuses are recomputed for what `touched` reaches, or for every document if None.
        """
        old = {c.doc_id: c.statuses for c in view.catalog}
        if touched is None:
            held = self.kb.documents()
            docs, reach = [*held, *new], None
        else:
            docs, reach, held = self._scope(view, new, touched, gone)
        statuses, self.warning = compute_statuses(docs, touched=reach, as_of=as_of)
        changed = [d for d in held if d.ref in statuses
                   and entry_statuses(d, statuses) != old.get(d.doc_id)]
        w = writer(open_or_create(view.folder))
        try:
            for doc_id in removed:
                delete_document(w, doc_id)
            for doc in [*new, *changed]:
                write_document(w, doc, self.store.save(doc), statuses)
                self.store.keep_original(doc)
        except BaseException:
            w.cancel()
            raise
        w.commit()
        self._finish(view.folder, (as_of or date.today()) if touched is None else None)

    def _build(self, docs: list[Document]) -> None:
        statuses, self.warning = compute_statuses(docs)
        folder = self.store.new_generation()
        build(folder, docs, self.store.save, statuses, build_parts(docs, self.kb.build_cores))
        for doc in docs:
            self.store.keep_original(doc)
        self.store.swap(folder)
        self._finish(folder, date.today())

    def _finish(self, folder, statuses_as_of: date | None = None) -> None:
        """Note the ingest time (and the day of the statuses, when all were computed) and
        delete records no live entry names."""
        self.store.touch_ingest(self.warning, statuses_as_of)
        ix = windex.open_dir(str(folder))
        with ix.searcher() as s:
            keep = {f.get("record") for f in s.documents(kind="document")}
        self.store.prune({k for k in keep if k})
