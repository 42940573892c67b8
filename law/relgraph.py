"""Relations resolved across documents, in both directions.

`resolve(docs)` links every Relation a document carries to the document and the deepest
existing provision it names ("dieu-3.khoan-1a" falls back to "dieu-3" when the clause was
added by the amendment).  A target not in the knowledge base stays a named target
(target_key None) and resolves as soon as that document is ingested: the graph is rebuilt
from the documents each time, so adding or replacing a document re-resolves both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from ingest.effective import Term, document_term
from ingest.ids import slugify
from ingest.models import Document, Provision, Relation, make_key, split_key
from ingest.numbers import canonical_number, number_key
from ingest.pipeline import with_relations as ingest_relations
from ingest.references import law_key, law_year

RELATION_LABELS = {
    ("amends", "out"): "Sửa đổi, bổ sung", ("amends", "in"): "Được sửa đổi bởi",
    ("replaces", "out"): "Thay thế", ("replaces", "in"): "Bị thay thế bởi",
    ("repeals", "out"): "Bãi bỏ", ("repeals", "in"): "Bị bãi bỏ bởi",
    ("based_on", "out"): "Căn cứ", ("based_on", "in"): "Là căn cứ của",
    ("guides", "out"): "Hướng dẫn", ("guides", "in"): "Được hướng dẫn bởi",
    ("cites", "out"): "Viện dẫn", ("cites", "in"): "Được viện dẫn bởi",
}
NOTE_LABELS = {
    "reassigns": "phân định lại thẩm quyền", "phrase": "thay thế, bỏ cụm từ",
    "partial": "một phần nội dung", "conditional": "khi có văn bản khác (chưa rõ ngày)",
    "reported": "theo mô tả trong văn bản khác", "notes": "theo ghi chú Pháp điển",
    "related": "nội dung liên quan (chỉ dẫn của Pháp điển)",
}


def relation_label(rel_type: str, direction: str, note: str = "") -> str:
    """Return the Vietnamese label of a relation seen from one side ('Được sửa đổi bởi')."""
    label = RELATION_LABELS.get((rel_type, direction), rel_type)
    if "reassigns" in note.split():
        return "Phân định lại thẩm quyền" if direction == "out" else "Thẩm quyền được giao lại bởi"
    if "related" in note.split():
        return "Có nội dung liên quan đến" if direction == "out" else "Được liên hệ từ"
    return label


@dataclass(frozen=True)
class Link:
    """A relation with both ends resolved as far as the knowledge base allows."""

    relation: Relation
    source_doc: str  # the source document's ref (KB spelling when it is in the KB)
    target_doc: str | None  # the KB document the target names, None when absent
    target_key: str | None  # deepest existing provision key (or the document ref)
    effective: date | None = None  # when the relation takes effect, when known

    def applies_on(self, day: date) -> bool:
        """Return whether the relation has taken effect on a day (yes when its date is unknown)."""
        return self.effective is None or self.effective <= day

    @property
    def notes(self) -> set[str]:
        """Return the relation's note tags ('reassigns', 'phrase', ...)."""
        return set(self.relation.note.split())

    def as_dict(self, direction: str) -> dict[str, Any]:
        """Return the API shape: type, direction, source_key, target_number, target_key..."""
        r = self.relation
        return {
            "type": r.type, "direction": direction, "source_key": r.source_key,
            "target_number": r.target_number, "target_key": self.target_key,
            "evidence": r.evidence, "target_path": r.target_path, "note": r.note,
            "effective_from": self.effective.isoformat() if self.effective else None,
            "label": relation_label(r.type, direction, r.note),
        }


class RelationGraph:
    """Documents and the relations among them, indexed by source and by target."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs = list(docs)
        self._by_number = {number_key(d.ref): d for d in self.docs}
        self._by_id = {d.doc_id: d for d in self.docs}
        self._laws: dict[str, list[Document]] = {}
        for d in self.docs:
            for name in _law_names(d):
                self._laws.setdefault(name, []).append(d)
        self._terms: dict[str, Term] = {}
        self.links = [self._link(d, r) for d in self.docs for r in d.relations]
        self._out: dict[str, list[Link]] = {}
        self._in: dict[str, list[Link]] = {}
        self._amending: dict[str, list[Link]] = {}
        for link in self.links:
            self._out.setdefault(number_key(link.source_doc), []).append(link)
            self._in.setdefault(self._target_index(link), []).append(link)

    @cached_property
    def _paths(self) -> dict[str, dict[str, Provision]]:
        return {d.ref: {p.path: p for p in d.walk()} for d in self.docs}

    def document(self, ref: str) -> Document | None:
        """Return the KB document a number, law label or id names, or None."""
        if not ref:
            return None
        found = self._by_number.get(number_key(ref))
        if found is not None or canonical_number(ref):
            return found
        year = law_year(ref)
        for doc in self._laws.get(law_key(ref), []):
            if year is None or doc.issued is None or doc.issued.year == year:
                return doc
        return self._by_id.get(ref)

    def provision(self, key: str) -> Provision | None:
        """Return the provision a key names, or None."""
        doc_ref, path = split_key(key)
        doc = self.document(doc_ref)
        return self._paths[doc.ref].get(path) if doc is not None else None

    def term(self, doc: Document) -> Term:
        """Return (cached) the effective dates a document states."""
        if doc.ref not in self._terms:
            self._terms[doc.ref] = document_term(doc)
        return self._terms[doc.ref]

    def deepest_key(self, doc: Document, path: str) -> str:
        """Return the key of the deepest existing provision on a path (the doc ref if none)."""
        parts = path.split(".") if path else []
        paths = self._paths[doc.ref]
        while parts and ".".join(parts) not in paths:
            parts.pop()
        return make_key(doc.ref, ".".join(parts))

    def _link(self, doc: Document, rel: Relation) -> Link:
        source_ref = split_key(rel.source_key)[0]
        source = doc if source_ref == doc.ref else self.document(source_ref)
        target = self.document(rel.target_number)
        key = self.deepest_key(target, rel.target_path) if target is not None else None
        when = rel.effective_from
        # extraction dated the document's own relations from its own term; only relations it
        # states for another document (Pháp điển notes) take that document's start here
        if when is None and source is not None and source is not doc \
                and "reported" not in rel.note.split():
            start = self.term(source).start
            when = start.when if start else None
        return Link(rel, source.ref if source else source_ref,
                    target.ref if target else None, key, when)

    def _target_index(self, link: Link) -> str:
        if link.target_doc is not None:
            return number_key(link.target_doc)
        return _named_key(link.relation.target_number)

    def outgoing(self, doc_ref: str) -> list[Link]:
        """Return the links whose source is a document (or a provision of it)."""
        doc = self.document(doc_ref)
        return list(self._out.get(number_key(doc.ref if doc else doc_ref), []))

    @cached_property
    def reassigning(self) -> tuple[Link, ...]:
        """Return the links that move duties from one body to another (139/2025/NĐ-CP)."""
        return tuple(link for link in self.links if "reassigns" in link.notes)

    @cached_property
    def absent_numbers(self) -> tuple[str, ...]:
        """Return the numbers of the documents held documents name but the base lacks."""
        found = {canonical_number(link.relation.target_number) for link in self.links
                 if link.target_doc is None and canonical_number(link.relation.target_number)}
        return tuple(sorted(n for n in found if n))

    def absent(self, name: str) -> str | None:
        """Return the number of a document the base does not hold but its documents name
        (cite, amend, repeal, reassign), given its number in any spelling or its URL id
        ('60-2024-nd-cp'); None when no held document names it."""
        key = number_key(name) if canonical_number(name) else None
        return next((n for n in self.absent_numbers
                     if number_key(n) == key or slugify(n) == name), None)

    def incoming(self, doc_ref: str) -> list[Link]:
        """Return the links whose target is a document, in the KB or only named."""
        doc = self.document(doc_ref)
        key = number_key(doc.ref) if doc is not None else _named_key(doc_ref)
        return list(self._in.get(key, []))

    def amending(self, doc_ref: str) -> list[Link]:
        """Return the incoming links that amend, repeal or replace a document (kept per
        document: a status is asked for each of its provisions, and a code cited by
        thousands has few of these among its incoming links)."""
        found = self._amending.get(doc_ref)
        if found is None:
            found = self._amending[doc_ref] = [
                x for x in self.incoming(doc_ref) if x.relation.type in AMENDING]
        return found

    def for_document(self, doc_ref: str, internal: bool = False) -> list[dict[str, Any]]:
        """Return a document's relations both ways in the API shape (internal cites on request)."""
        own = number_key((self.document(doc_ref) or _Ref(doc_ref)).ref)
        out = [x.as_dict("out") for x in self.outgoing(doc_ref)
               if internal or self._target_index(x) != own]
        inc = [x.as_dict("in") for x in self.incoming(doc_ref)
               if number_key(x.source_doc) != own]
        return out + inc

    def for_provision(self, key: str) -> list[dict[str, Any]]:
        """Return the relations stated in a provision (out) and aimed at it or below (in)."""
        doc_ref, path = split_key(key)
        out = [x.as_dict("out") for x in self.outgoing(doc_ref)
               if within(split_key(x.relation.source_key)[1], path)]
        doc = self.document(doc_ref)
        inc = [x.as_dict("in") for x in self.incoming(doc_ref)
               if doc is not None and x.target_key and within(split_key(x.target_key)[1], path)]
        return out + inc


@dataclass(frozen=True)
class _Ref:
    ref: str


def within(path: str, root: str) -> bool:
    """Return True when path is root or below it ('' is the whole document)."""
    return not root or path == root or path.startswith(root + ".")


def _named_key(target: str) -> str:
    """Return the index key of a target not in the KB: its number key or law name."""
    return number_key(target) if canonical_number(target) else "luat:" + law_key(target)


_TITLE_TAIL = re.compile(r"\s+(?:của\s+Quốc\s+hội\b|số\s+\d|ngày\s+\d).*$",
                         re.IGNORECASE | re.DOTALL)


def _law_names(doc: Document) -> list[str]:
    """Return the folded names a law is cited by ('thuong mai' for Luật Thương mại)."""
    is_law = (doc.doc_type or "").endswith("uật") or "QH" in (doc.number or "")
    # old laws' titles run on: "Luật sư của Quốc hội ... số 65/2006/QH11 ngày ..."
    title = _TITLE_TAIL.sub("", (doc.title or "").strip())
    bare = re.sub(r"^(?:bộ luật|luật)\s+", "", title, flags=re.IGNORECASE)
    if not (is_law and bare):
        return []
    # "Luật Luật sư" is titled "Luật sư": both names are the law's
    return list(dict.fromkeys([law_key(f"Luật {bare}"), law_key(f"Luật {title}")]))


def with_relations(docs: list[Document]) -> list[Document]:
    """Return the documents, relations extracted for those that carry none (older records;
    a stand-in without text or căn cứ has none to read)."""
    return [d if d.relations or not _readable(d) else ingest_relations(d) for d in docs]


def _readable(doc: Document) -> bool:
    """Return True when a document has text relations can be read from."""
    return bool(doc.body or doc.annexes or doc.basis or doc.preamble)


AMENDING = ("amends", "repeals", "replaces")  # the relations that change a status


def target_names(rel: Relation) -> tuple[str, ...]:
    """Return the keys under which a relation's target may name a document: its number key,
    and for a target that is no number its law name and id (see names_of)."""
    target = rel.target_number or ""
    if canonical_number(target):
        return (number_key(target),)
    return (number_key(target), "luat:" + law_key(target), "id:" + target)


def names_of(doc: Document) -> set[str]:
    """Return the keys under which relations may name a document (a superset of those
    RelationGraph.document resolves to it)."""
    return {number_key(doc.ref), "id:" + doc.doc_id, *("luat:" + n for n in _law_names(doc))}


def amending_names(doc: Document) -> list[str]:
    """Return the target names of a document's amending relations (amend, repeal, replace),
    each once: the documents whose status it can change."""
    return list(dict.fromkeys(n for r in doc.relations if r.type in AMENDING
                              for n in target_names(r)))


def resolve(docs: list[Document]) -> RelationGraph:
    """Return the relation graph of a set of documents (both directions resolved)."""
    return RelationGraph(with_relations(list(docs)))
