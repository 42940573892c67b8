"""Documents -> index entries: one per body article, one per annex, one per document.

An entry is the unit a search returns.  It carries everything a hit needs to be shown
without opening the document record: number, title, type, issuer, dates, validity, the
breadcrumb (Chương II > Mục 1 > Điều 8), heading, text, and the character spans of its
clauses and points so a hit can deep-link to the clause that matched best.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ingest.ids import ascii_fold, slugify
from ingest.models import ANNEX, ARTICLE, CLAUSE, POINT, Document, Provision
from ingest.numbers import number_key
from ingest.phapdien import code_of
from law.relgraph import amending_names
from search.numbers import find_numbers, type_slug

ARTICLE_ENTRY, ANNEX_ENTRY, DOCUMENT_ENTRY = "article", "annex", "document"
CONTAINERS = ("phan", "chuong", "muc", "tieu-muc")


@dataclass(frozen=True)
class Span:
    """Where a clause or point sits inside its entry's text."""

    path: str
    start: int
    end: int


def entry_text(p: Provision) -> tuple[str, list[Span]]:
    """Return the text of a provision with its children, and the spans of clauses/points."""
    lines: list[str] = []
    spans: list[Span] = []
    _collect(p, lines, spans, 0)
    return "\n".join(lines), spans


def _collect(p: Provision, lines: list[str], spans: list[Span], offset: int) -> int:
    """Append p's lines (own text, then children); return the offset after them."""
    start = offset
    lead = f"{p.number}." if p.kind == CLAUSE else f"{p.number})" if p.kind == POINT else ""
    line = " ".join(x for x in (lead, p.text) if x)
    if line:
        lines.append(line)
        offset += len(line) + 1
    for child in p.children:
        offset = _collect(child, lines, spans, offset)
    if p.kind in (CLAUSE, POINT):
        spans.append(Span(p.path, start, max(start, offset - 1)))
    return offset


def doc_number_key(doc: Document) -> str:
    """Return the normalised number identifier of a document (its id if it has no number)."""
    return number_key(doc.number) if doc.number else f"id:{doc.doc_id}"


def units(doc: Document) -> Iterator[tuple[Provision, tuple[Provision, ...]]]:
    """Yield (indexable provision, its containers): body articles, then annexes.

    A body part with no article inside (a text the parser could not structure) is
    indexed whole, so nothing a document says is unsearchable.
    """
    for top in doc.body:
        yield from _articles(top, ())
    for annex in doc.annexes:
        yield annex, ()


def _articles(p: Provision, chain: tuple[Provision, ...]) -> Iterator[tuple]:
    if p.kind == ARTICLE or p.kind not in CONTAINERS:
        yield p, chain
        return
    inner = [c for c in p.children if c.kind == ARTICLE or c.kind in CONTAINERS]
    if not inner:
        yield p, chain
    for child in inner:
        yield from _articles(child, (*chain, p))


def breadcrumb(chain: tuple[Provision, ...], p: Provision) -> str:
    """Return 'Chương II > Mục 1 > Điều 8' for a provision and its containers."""
    return " > ".join(c.label for c in (*chain, p))


def cited_numbers(text: str) -> list[str]:
    """Return the normalised numbers of documents a text cites ('14/2024', '14/2024/tt-bct')."""
    out: list[str] = []
    for part in _near_slashes(text):  # every number with a year or a code has a slash
        for ref in find_numbers(part):
            if ref.year:
                out.append(f"{ref.num}/{ref.year}")
            if ref.key:
                out.append(ref.key)
    return sorted(set(out))


_BEFORE_SLASH = 80  # "thông tư liên tịch số 123": the longest number's start before its "/"
_AFTER_SLASH = 80  # "/2020/TTLT-VKSNDTC-TANDTC-BCA-BQP-BNN"


def _near_slashes(text: str) -> list[str]:
    """Return the stretches of a text around its slashes, cut at spaces (overlapping ones
    joined): the only places a number with a year or a code can be."""
    spans: list[tuple[int, int]] = []
    at = text.find("/")
    while at >= 0:
        lo = text.rfind(" ", 0, max(0, at - _BEFORE_SLASH)) + 1
        hi = text.find(" ", at + _AFTER_SLASH)
        hi = len(text) if hi < 0 else hi
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
        at = text.find("/", hi)
    return [text[lo:hi] for lo, hi in spans]


def code_tokens(note: str) -> list[str]:
    """Return the index token of the Pháp điển code a provision's note names ([] if none)."""
    code = code_of(note)
    return [code_token(code)] if code else []


def code_token(code: str) -> str:
    """Return a Pháp điển code as one index token: '4.4.LQ.3' -> 'phapdien:4.4.lq.3'."""
    return "phapdien:" + ascii_fold(code).lower().rstrip(".")


def doc_fields(doc: Document, record: str, status: str) -> dict:
    """Return the index fields shared by every entry of a document, plus its own entry's."""
    year = (doc.issued.year if doc.issued else _number_year(doc.number))
    title = " ".join(x for x in (doc.doc_type, doc.title) if x)
    return {
        "doc_id": doc.doc_id, "number_key": doc_number_key(doc),
        "doc_number": doc.ref, "doc_title": doc.title or "",
        "doc_type": doc.doc_type or "", "type_slug": type_slug(doc.doc_type) or "",
        "issuer": doc.issuer or "", "issuer_slug": slugify(doc.issuer) if doc.issuer else "",
        "year": str(year) if year else "", "title": title or doc.ref,
        "issued": doc.issued.isoformat() if doc.issued else "",
        "effective_from": doc.effective_from.isoformat() if doc.effective_from else "",
        "record": record, "doc_status": status,
    }


def _number_year(number: str | None) -> int | None:
    refs = find_numbers(number or "")
    return int(refs[0].year) if refs and refs[0].year else None


def entry_statuses(doc: Document, statuses: dict[str, str]) -> dict[str, str]:
    """Return the status of the document's own entry and of each of its units, by key."""
    own = statuses.get(doc.ref, "unknown")
    out = {doc.ref: own}
    out.update((p.key, statuses.get(p.key, own)) for p, _ in units(doc))
    return out


def entries(doc: Document, record: str, statuses: dict[str, str]) -> list[dict]:
    """Return the Whoosh documents of a Document: its own entry, then one per unit."""
    base = doc_fields(doc, record, statuses.get(doc.ref, "unknown"))
    own = {**base, "key": doc.ref, "kind": DOCUMENT_ENTRY, "article": None, "path": "",
           "breadcrumb": "", "heading": doc.title or "", "body": doc.title or "",
           "spans": [], "order": 0, "status": base["doc_status"],
           "targets": amending_names(doc)}
    out = [own]
    for order, (p, chain) in enumerate(units(doc), start=1):
        text, spans = entry_text(p)
        content = f"{p.heading}\n{text}" if p.heading else text
        out.append({
            **base, "key": p.key, "order": order, "path": p.path,
            "kind": unit_kind(p),
            "article": p.number if p.kind == ARTICLE else None,
            "breadcrumb": breadcrumb(chain, p), "heading": p.heading, "body": text,
            "spans": [(s.path, s.start, s.end) for s in spans],
            "status": statuses.get(p.key, base["doc_status"]),
            "refs": " ".join([*cited_numbers(text), *code_tokens(p.note)]),
            "text": content, "fold": content, "bi": content, "bif": content,
            "head": p.heading,
        })
    own["statuses"] = entry_statuses(doc, statuses)
    return out


def unit_kind(p: Provision) -> str:
    """Return the entry kind of an indexable provision."""
    return ARTICLE_ENTRY if p.kind == ARTICLE else ANNEX_ENTRY if p.kind == ANNEX else p.kind
