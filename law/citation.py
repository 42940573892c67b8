"""Formal Vietnamese citations of documents and provisions.

"khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ": the provision
part names the smallest unit first (điểm, khoản, Điều; lower case for clause and point as
legal drafting writes them), then the document with its type, number, date and issuer.
Used by the web pages ("copy citation") and by the issues register's exports.
"""

from __future__ import annotations

from datetime import date

from ingest.models import (
    ANNEX,
    ARTICLE,
    CHAPTER,
    CLAUSE,
    PART,
    POINT,
    SECTION,
    SUBSECTION,
    Document,
    Provision,
    split_key,
)

# How each level is named inside a citation (Điều, Chương, Phụ lục keep their capital).
CITE_WORDS = {
    POINT: "điểm", CLAUSE: "khoản", ARTICLE: "Điều", SECTION: "Mục", SUBSECTION: "Tiểu mục",
    CHAPTER: "Chương", PART: "Phần", ANNEX: "Phụ lục",
}
LEAF_OWNERS = (ARTICLE, ANNEX, CLAUSE, POINT)  # their descendants' paths extend their own
# Types cited by their name ("Luật Thương mại số 36/2005/QH11"), not "của <issuer>".
NAMED_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh")


def vn_date(value: date | None) -> str:
    """Return a date as Vietnamese citations write it: 15/3/2024 (no leading zeros)."""
    return f"{value.day}/{value.month}/{value.year}" if value else ""


def _segment_number(segment: str) -> tuple[str, str]:
    """Return (kind, display number) of a path segment: 'diem-dd' -> ('diem', 'đ')."""
    for kind in sorted(CITE_WORDS, key=len, reverse=True):
        if segment.startswith(kind + "-"):
            number = segment[len(kind) + 1:]
            if kind == POINT:
                number = number.replace("dd", "đ")
            elif kind in (CHAPTER, PART, ANNEX, SECTION) and number.isalpha():
                number = number.upper()
            return kind, number
    return "", segment


def find_provision(doc: Document, path: str) -> Provision | None:
    """Return the provision at path, visiting only containers and the target's ancestors."""
    def search(nodes: tuple[Provision, ...]) -> Provision | None:
        for p in nodes:
            if p.path == path:
                return p
            # articles, annexes, clauses and points hold only paths that extend their own;
            # containers (chapters, sections) hold articles whose paths skip them
            if path.startswith(p.path + ".") or p.kind not in LEAF_OWNERS:
                found = search(p.children)
                if found is not None:
                    return found
        return None
    return search((*doc.body, *doc.annexes)) if path else None


def provision_parts(path: str, doc: Document | None = None) -> list[tuple[str, str]]:
    """Return (kind, number) of each level of a path, outermost first, numbers as written."""
    parts: list[tuple[str, str]] = []
    segments = [s for s in path.split(".") if s]
    for i, seg in enumerate(segments):
        found = find_provision(doc, ".".join(segments[: i + 1])) if doc is not None else None
        parts.append((found.kind, found.number) if found else _segment_number(seg))
    return parts


def provision_label(path: str, doc: Document | None = None) -> str:
    """Return the provision part of a citation: 'dieu-8.khoan-2' -> 'khoản 2 Điều 8'."""
    parts = provision_parts(path, doc)
    if any(kind == ARTICLE for kind, _ in parts):
        parts = parts[[k for k, _ in parts].index(ARTICLE):]  # the article names it already
    words = [f"{CITE_WORDS.get(kind, kind)} {number}".strip() for kind, number in parts]
    return " ".join(reversed(words))


def document_label(doc: Document) -> str:
    """Return the document part: 'Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ'."""
    doc_type = doc.doc_type or "Văn bản"
    name = doc_type
    if doc_type in NAMED_TYPES and doc.title:
        title = doc.title.strip()
        name = title if title.lower().startswith(doc_type.lower()) else f"{doc_type} {title}"
    words = [name]
    if doc.number:
        words.append(f"số {doc.number}")
    if doc.issued:
        words.append(f"ngày {vn_date(doc.issued)}")
    if doc.issuer and doc_type not in NAMED_TYPES:
        words.append(f"của {doc.issuer}")
    return " ".join(words)


def cite(doc: Document, path: str = "") -> str:
    """Return the formal citation of a document or of one of its provisions (by path)."""
    label = provision_label(path, doc) if path else ""
    return f"{label} {document_label(doc)}".strip()


def cite_key(key: str, doc: Document | None = None) -> str:
    """Return the citation of a provision key; without its document, from the key alone."""
    doc_ref, path = split_key(key)
    if doc is not None:
        return cite(doc, path)
    label = provision_label(path) if path else ""
    return f"{label} {doc_ref}".strip()
