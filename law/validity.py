"""Validity of documents and provisions as of a date, each claim with its source.

Status values (ASCII, used in URLs and filters): not_yet, in_force, amended,
partly_repealed, repealed, replaced, unknown.  A provision is
- not_yet before its own effective date (document date, or the exception a final article
  sets for it: "trừ quy định tại khoản 2 Điều này");
- repealed after its document's own end date ("Nghị định này hết hiệu lực kể từ ...");
- repealed / replaced when a relation in force repeals or replaces it or an ancestor;
- partly_repealed when a part of it (or content of it, per a Pháp điển note) is repealed;
- amended when it, an ancestor article/clause, or a part of it is amended (a phrase replaced
  throughout a document counts only for provisions containing the phrase); a reassignment of
  powers lapses when the reassigning document ends;
- in_force otherwise when an effective date is known, else unknown.
Pure functions over Documents: no Whoosh, no Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ingest.effective import DateClaim
from ingest.models import Document, split_key
from ingest.references import quoted
from law.relgraph import (
    AMENDING,
    NOTE_LABELS,
    RELATION_LABELS,
    Link,
    RelationGraph,
    relation_label,
    resolve,
    with_relations,
)

__all__ = [
    "NOTE_LABELS", "RELATION_LABELS", "STATUSES", "VALIDITY_LABELS", "RelationGraph",
    "ValidityStatus", "amendments", "compute_statuses", "reached", "relation_label", "resolve",
    "status_of",
]

STATUSES = ("not_yet", "in_force", "amended", "partly_repealed", "repealed", "replaced",
            "unknown")
VALIDITY_LABELS = {
    "not_yet": "Chưa có hiệu lực", "in_force": "Còn hiệu lực",
    "amended": "Được sửa đổi, bổ sung", "partly_repealed": "Hết hiệu lực một phần",
    "repealed": "Hết hiệu lực", "replaced": "Bị thay thế", "unknown": "Chưa rõ hiệu lực",
}
REASSIGNED_LABEL = "Thẩm quyền được phân định lại"
_PHRASES = re.compile(
    r"(bằng|thành)?\s*(?:các\s+)?cụm từ\s+((?:[“\"][^”\"]*[”\"]\s*(?:,|và)?\s*)+)", re.IGNORECASE)
_NO_DATE = "Văn bản và siêu dữ liệu không cho biết ngày có hiệu lực."


@dataclass(frozen=True)
class ValidityStatus:
    """A status as of a date: since when, by which provisions, and the sentences that say so."""

    status: str
    since: date | None = None
    by: tuple[str, ...] = ()  # source keys of the relations (or the document) deciding it
    evidence: tuple[str, ...] = ()
    replaced_by: str | None = None  # document to cite instead (replacing or repealing one)
    amended_by: tuple[str, ...] = ()  # amending provisions in force
    sources: tuple[str, ...] = field(default=())  # "text", "sidecar", "notes", "relation"
    until: date | None = None  # end date the document states for itself
    reassigned: bool = False  # "amended" only by reassignments of duties (not its words)

    @property
    def label(self) -> str:
        """Return the Vietnamese badge label ('Còn hiệu lực'; a provision whose duties another
        body now holds, its words unchanged: 'Thẩm quyền được phân định lại')."""
        if self.reassigned and self.status == "amended":
            return REASSIGNED_LABEL
        return VALIDITY_LABELS[self.status]

    @property
    def code(self) -> str:
        """Return the status code ('in_force'), as pages and links name it."""
        return self.status

    @property
    def detail(self) -> str:
        """Return the evidence sentences joined for a tooltip."""
        return " / ".join(self.evidence)

    def to_view_json(self) -> dict[str, Any]:
        """Return what pages and links show of the status, JSON-ready."""
        return {"code": self.status, "label": self.label, "detail": self.detail,
                "since": _iso(self.since), "by": list(self.by), "replaced_by": self.replaced_by}

    def to_dict(self) -> dict[str, Any]:
        """Return the status as a JSON-ready dict."""
        return {
            "status": self.status, "label": self.label, "since": _iso(self.since),
            "by": list(self.by), "evidence": list(self.evidence),
            "replaced_by": self.replaced_by, "amended_by": list(self.amended_by),
            "sources": list(self.sources), "until": _iso(self.until),
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def status_of(graph: RelationGraph, key_or_ref: str, as_of: date | None = None
              ) -> ValidityStatus:
    """Return the status of a document or provision (KB or only named) as of a date."""
    as_of = as_of or date.today()
    doc_ref, path = split_key(key_or_ref)
    doc = graph.document(doc_ref)
    if doc is None:
        decided = _by_relations(_effects(graph, doc_ref, path, as_of, None))
        return decided or ValidityStatus("unknown", evidence=(
            f"{doc_ref} không có trong cơ sở dữ liệu và không văn bản nào nói về hiệu lực "
            "của nó.",))
    own = _own_dates(graph, doc, path, as_of)
    if own is not None:
        return own
    decided = _by_relations(_effects(graph, doc.ref, path, as_of, doc))
    base = _in_force(graph, doc, path)
    if decided is None:
        return base
    return ValidityStatus(decided.status, decided.since, decided.by, decided.evidence,
                          decided.replaced_by, decided.amended_by, decided.sources, base.until,
                          decided.reassigned)


def _claim_status(status: str, claim: DateClaim, by: tuple[str, ...] = (),
                  until: date | None = None) -> ValidityStatus:
    return ValidityStatus(status, claim.when, by, (claim.evidence,), sources=(claim.source,),
                          until=until)


def _own_dates(graph: RelationGraph, doc: Document, path: str, as_of: date
               ) -> ValidityStatus | None:
    """Return not_yet / unknown / repealed from the document's own dates, or None."""
    term = graph.term(doc)
    start = term.start_of(path)
    end = term.end.when if term.end else None
    if start is not None and start.when is not None and as_of < start.when:
        return _claim_status("not_yet", start, until=end)
    if start is not None and start.when is None and start is not term.start:
        return _claim_status("unknown", start, until=end)
    if term.end is not None and end is not None and as_of >= end:
        return _claim_status("repealed", term.end, (doc.ref,))
    return None


def _in_force(graph: RelationGraph, doc: Document, path: str) -> ValidityStatus:
    term = graph.term(doc)
    start = term.start_of(path)
    until = term.end.when if term.end else None
    if start is None or start.when is None:
        return ValidityStatus("unknown", evidence=(_NO_DATE,), until=until)
    return _claim_status("in_force", start, until=until)


def _scope(target: str, path: str) -> str:
    """Return how a target path relates to a path: self, above, below, or ''."""
    if target == path:
        return "self"
    if not target or path.startswith(target + "."):
        return "above"
    if not path or target.startswith(path + "."):
        return "below"
    return ""


def _active(graph: RelationGraph, link: Link, as_of: date) -> bool:
    """Return True when a relation is in force on a date (a reassignment lapses with its
    document)."""
    notes = link.notes
    if "conditional" in notes or not link.applies_on(as_of):
        return False
    source = graph.document(link.source_doc)
    if source is None or "reassigns" not in notes:
        return True
    end = graph.term(source).end
    return end is None or end.when is None or end.when > as_of


def _effects(graph: RelationGraph, doc_ref: str, path: str, as_of: date,
             doc: Document | None) -> list[tuple[Link, str]]:
    """Return the relations in force that bear on a provision, with their scope."""
    out = []
    for link in graph.amending(doc_ref):
        if not _active(graph, link, as_of):
            continue
        target = split_key(link.target_key)[1] if link.target_key else link.relation.target_path
        scope = _scope(target, path)
        if scope == "above" and link.relation.type == "amends" and not _reaches(
                graph, link, target, path, doc):
            continue
        if scope:
            out.append((link, scope))
    return out


def _reaches(graph: RelationGraph, link: Link, target: str, path: str,
             doc: Document | None) -> bool:
    """Return True when an amendment of an ancestor reaches a provision below it: a rewritten
    article reaches all its parts; a phrase replaced reaches parts containing the phrase; an
    amendment of "some articles" of a whole document reaches none by itself."""
    if "phrase" in link.notes:
        prov = graph.provision(f"{doc.ref}#{path}") if doc is not None else None
        text = prov.full_text().casefold() if prov is not None else ""
        return any(p.casefold() in text for p in replaced_phrases(link.relation.evidence))
    return bool(target)


def replaced_phrases(evidence: str) -> list[str]:
    """Return the phrases an amendment replaces or removes ('Thay thế cụm từ “A” thành ...')."""
    out = []
    for m in _PHRASES.finditer(evidence):
        if not m.group(1):  # "bằng cụm từ “B”" names the new phrase
            out += [q for q in quoted(m.group(2)) if q.strip()]
    return out


def _by_relations(effects: list[tuple[Link, str]]) -> ValidityStatus | None:
    """Return the status the relations in force give, or None when none bears on it."""
    if not effects:
        return None
    amended = [x for x, _ in effects if x.relation.type == "amends"]
    whole = [x for x, s in effects if x.relation.type != "amends" and s != "below"
             and "partial" not in x.notes]
    partial = [x for x, s in effects if x.relation.type != "amends" and x not in whole]
    amended_by = tuple(dict.fromkeys(x.relation.source_key for x in amended))
    if whole:
        first = min(whole, key=lambda x: x.effective or date.min)
        kind = "replaced" if first.relation.type == "replaces" else "repealed"
        return _decided(kind, whole, amended_by, replaced_by=first.source_doc)
    found = _decided("partly_repealed" if partial else "amended", partial or amended, amended_by)
    if not partial and amended and all("reassigns" in x.notes for x in amended):
        return replace(found, reassigned=True)
    return found


def _decided(status: str, links: list[Link], amended_by: tuple[str, ...],
             replaced_by: str | None = None) -> ValidityStatus:
    dates = [x.effective for x in links if x.effective]
    return ValidityStatus(
        status, max(dates) if dates else None,
        tuple(dict.fromkeys(x.relation.source_key for x in links)),
        tuple(dict.fromkeys(x.relation.evidence for x in links if x.relation.evidence)),
        replaced_by, amended_by, ("relation",),
    )


def amendments(graph: RelationGraph, key: str, as_of: date | None = None
               ) -> list[dict[str, Any]]:
    """Return the amending provisions in force for a key, each with its text when in the KB."""
    as_of = as_of or date.today()
    doc_ref, path = split_key(key)
    doc = graph.document(doc_ref)
    out = []
    for link, scope in _effects(graph, doc.ref if doc else doc_ref, path, as_of, doc):
        source = graph.provision(link.relation.source_key)
        out.append({
            "source_key": link.relation.source_key, "type": link.relation.type,
            "scope": scope, "note": link.relation.note, "evidence": link.relation.evidence,
            "effective_from": link.effective.isoformat() if link.effective else None,
            "text": source.full_text() if source is not None else "",
        })
    return out


def compute_statuses(all_docs: list[Document], as_of: date | None = None,
                     touched: list[Document] | None = None) -> dict[str, str]:
    """Return the status (as of a date, default today) of every document ref and provision key.

    With `touched` (documents just added, replaced or removed), only the documents whose
    status they can change are computed: themselves and the documents they amend, repeal or
    replace.  The others may be stand-ins (names only): see `reached`.
    """
    graph = resolve(all_docs)
    wanted = None if touched is None else reached(graph, touched)
    out: dict[str, str] = {}
    for doc in all_docs:
        if wanted is not None and doc.ref not in wanted:
            continue
        out[doc.ref] = status_of(graph, doc.ref, as_of).status
        uniform = _uniform(graph, doc)
        for prov in doc.walk():
            out[prov.key] = out[doc.ref] if uniform else status_of(graph, prov.key, as_of).status
    return out


def _uniform(graph: RelationGraph, doc: Document) -> bool:
    """Return True when every provision of a document has the document's status: nothing
    amends, repeals or replaces it and no provision takes effect on a date of its own."""
    return (graph.document(doc.ref) is doc and not graph.amending(doc.ref)
            and not graph.term(doc).exceptions)


def reached(graph: RelationGraph, touched: list[Document]) -> set[str]:
    """Return the refs of the documents whose status touched documents can change: themselves
    and the KB documents they amend, repeal or replace."""
    refs = {d.ref for d in touched}
    for doc in with_relations(touched):
        for rel in doc.relations:
            if rel.type not in AMENDING:
                continue
            target = graph.document(rel.target_number)
            if target is not None:
                refs.add(target.ref)
    return refs
