"""Links as a reader sees them: the provision now, its validity, and whether to look again.

A link is stored by provision key with a snapshot of what was cited (see store.add_link), so
it survives re-ingesting and re-indexing.  At display time it is resolved against the
knowledge base: a provision no longer in its document is shown from the snapshot with
MISSING_PROVISION; a provision amended, replaced or repealed is flagged, and "cần xem lại"
(needs review) when that happened after the link was made (a status or an amending
provision the link's snapshot did not know).  No Flask: the knowledge base and the status
look-up are arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.models import ARTICLE, CLAUSE, POINT, make_key, segment, split_key
from law.citation import cite, provision_label
from law.validity import ValidityStatus
from register.records import Link
from register.store import RegisterError
from search import KnowledgeBase
from search.urls import provision_url

MISSING_PROVISION = "điều khoản không còn trong văn bản hiện hành"
MISSING_DOCUMENT = "văn bản chưa có (hoặc không còn) trong cơ sở dữ liệu"
CONCERNS = ("amended", "partly_repealed", "repealed", "replaced")
UNKNOWN_LABEL = "chưa rõ"
EXCERPT_CHARS = 400

StatusFn = Callable[[str], "ValidityStatus | None"]
AmendmentsFn = Callable[[str], list]


@dataclass(frozen=True)
class LinkView:
    """A link resolved against the knowledge base as it is now."""

    link: Link
    present: bool  # the provision is in the current version of its document
    message: str  # why it is not present ("" when present)
    label: str  # "Điều 12 168/2024/NĐ-CP"
    citation: str  # formal citation (from the snapshot when the document is gone)
    heading: str
    url: str | None
    status: ValidityStatus | None
    flagged: bool  # amended, partly repealed, repealed or replaced
    needs_review: bool  # ... and that happened after the link was made
    amendments: list = field(default_factory=list)  # amending provisions with their text

    @property
    def status_label(self) -> str:
        """Return the validity label, or 'chưa rõ' when unknown."""
        return self.status.label if self.status else UNKNOWN_LABEL

    def to_dict(self) -> dict:
        """Return the resolved link as a JSON-ready dict."""
        return {**self.link.to_dict(), "present": self.present, "message": self.message,
                "label": self.label, "citation": self.citation, "url": self.url,
                "status": _json_status(self.status), "flagged": self.flagged,
                "needs_review": self.needs_review}


def _json_status(status: ValidityStatus | None) -> dict | None:
    return status.to_view_json() if status is not None else None


def resolve_key(kb: KnowledgeBase, key: str = "", doc_number: str = "", article: str = "",
                absent: Callable[[str], str | None] | None = None, clause: str = "",
                point: str = "") -> str:
    """Return the key of a provision named by key or by document number + article (and its
    clause and point: khoản 2, điểm a).

    `absent` gives the number of a document the base names but does not hold: a link to it is
    kept by that number (shown as not yet in the base) and resolves once it is ingested.
    """
    if key:
        doc_ref, path = split_key(key.strip())
    else:
        doc_ref = doc_number.strip()
        path = provision_path(str(article), str(clause), str(point))
    doc = kb.find_document(doc_ref) if doc_ref else None
    named = absent(doc_ref) if doc is None and absent and doc_ref else None
    if named is not None:
        return make_key(named, path)
    if doc is None:
        raise RegisterError(f"Không tìm thấy văn bản '{doc_ref}' trong cơ sở dữ liệu.")
    if path and doc.find(path) is None:
        raise RegisterError(f"Văn bản {doc.ref} không có {provision_label(path, doc)}.")
    return make_key(doc.ref, path)


def provision_path(article: str, clause: str = "", point: str = "") -> str:
    """Return the path of 'Điều 8, khoản 2, điểm a' ('dieu-8.khoan-2.diem-a'); '' without an
    article."""
    parts = [(ARTICLE, article.strip()), (CLAUSE, clause.strip()), (POINT, point.strip().lower())]
    if not parts[0][1]:
        return ""
    return ".".join(segment(kind, number) for kind, number in parts if number)


def snapshot(kb: KnowledgeBase, key: str, status_fn: StatusFn | None = None) -> dict:
    """Return what a link records of its provision now: label, citation, heading, validity."""
    doc_ref, path = split_key(key)
    doc = kb.find_document(doc_ref)
    prov = doc.find(path) if doc is not None and path else None
    status = status_fn(key) if status_fn else None
    return {
        "label": _label(doc_ref, path, doc),
        "citation": cite(doc, path) if doc is not None else "",
        "heading": prov.heading if prov is not None else (doc.title or "" if doc else ""),
        "excerpt": prov.full_text()[:EXCERPT_CHARS] if prov is not None else "",
        "validity": {"code": status.code, "by": list(status.by)} if status else {},
    }


def _label(doc_ref: str, path: str, doc=None) -> str:
    ref = doc.ref if doc is not None else doc_ref
    return f"{provision_label(path, doc)} {ref}".strip() if path else ref


def needs_review(link: Link, status: ValidityStatus | None) -> bool:
    """Return True when the provision was amended/replaced/repealed after the link was made."""
    if not status or status.code not in CONCERNS:
        return False
    before = link.validity or {}
    if not before:
        return True  # nothing known at link time: ask the officer to look
    if before.get("code") != status.code:
        return True
    if set(status.by) - set(before.get("by") or []):
        return True
    return bool(status.since and status.since.isoformat() > link.linked_at[:10])


def view_link(link: Link, kb: KnowledgeBase, status_fn: StatusFn | None = None,
              amendments_fn: AmendmentsFn | None = None) -> LinkView:
    """Return a link resolved against the knowledge base now."""
    doc_ref, path = split_key(link.provision_key)
    doc = kb.find_document(doc_ref)
    prov = doc.find(path) if doc is not None and path else None
    present = doc is not None and (not path or prov is not None)
    message = "" if present else (MISSING_PROVISION if doc is not None else MISSING_DOCUMENT)
    status = status_fn(link.provision_key) if (status_fn and present) else None
    flagged = bool(status and status.code in CONCERNS)
    return LinkView(
        link=link, present=present, message=message,
        label=_label(doc_ref, path, doc) if present else (link.label or link.provision_key),
        citation=cite(doc, path) if present else (link.citation or link.label),
        heading=prov.heading if prov is not None else link.heading,
        url=provision_url(doc.doc_id, path) if present else None,
        status=status, flagged=flagged, needs_review=needs_review(link, status),
        amendments=list(amendments_fn(link.provision_key)) if (flagged and amendments_fn)
        else [])


def citations(views: list[LinkView]) -> list[str]:
    """Return the formal citations of resolved links, with the missing ones marked."""
    return [v.citation if v.present else f"{v.citation} ({v.message})" for v in views]
