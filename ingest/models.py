"""Records that flow from ingest to search and web: frozen dataclasses, no dicts.

Glossary: Điều = article, Khoản = clause, Điểm = point, Chương = chapter, Mục = section,
Phần = part, Tiểu mục = subsection, Phụ lục = annex, số hiệu = document number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

# Provision kinds, outermost first.  The path segment prefix of each kind is its value.
PART, CHAPTER, SECTION, SUBSECTION = "phan", "chuong", "muc", "tieu-muc"
ARTICLE, CLAUSE, POINT, ANNEX = "dieu", "khoan", "diem", "phu-luc"
KIND_LABELS = {
    PART: "Phần", CHAPTER: "Chương", SECTION: "Mục", SUBSECTION: "Tiểu mục",
    ARTICLE: "Điều", CLAUSE: "Khoản", POINT: "Điểm", ANNEX: "Phụ lục",
}
KEY_SEPARATOR = "#"


def segment(kind: str, number: str) -> str:
    """Return the ASCII path segment of a provision: ('diem', 'đ') -> 'diem-dd'."""
    num = number.strip().lower().replace("đ", "dd")
    num = "".join(c for c in num if c.isascii() and (c.isalnum() or c in "-"))
    return f"{kind}-{num}" if num else kind


def make_key(doc_ref: str, path: str) -> str:
    """Return the stable provision key: document number (or id) + '#' + path."""
    return f"{doc_ref}{KEY_SEPARATOR}{path}" if path else doc_ref


def split_key(key: str) -> tuple[str, str]:
    """Return (document reference, path) of a provision key."""
    doc_ref, _, path = key.partition(KEY_SEPARATOR)
    return doc_ref, path


@dataclass(frozen=True)
class Provision:
    """One unit of the hierarchy (chapter, article, clause, point, annex ...)."""

    kind: str
    number: str  # as written: "II", "8", "5a", "2a", "đ", "a1"
    heading: str  # the title after the number ("Phạm vi điều chỉnh"), may be ""
    text: str  # the provision's own text, without its children's
    # Articles are unique in a document, so their paths skip chapters and sections:
    # "dieu-8", "dieu-8.khoan-2.diem-a"; containers: "chuong-ii", "chuong-ii.muc-1";
    # annexes: "phu-luc-i".
    path: str
    key: str  # make_key(doc number, path)
    children: tuple[Provision, ...] = ()
    note: str = ""  # source note (Pháp điển "[Nguồn pháp điển: ...]"), metadata not text

    @property
    def label(self) -> str:
        """Return the Vietnamese label, e.g. 'Điều 8' or 'Điểm a'."""
        return f"{KIND_LABELS.get(self.kind, self.kind)} {self.number}".strip()

    def walk(self) -> Iterator[Provision]:
        """Yield this provision and all its descendants in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        """Return own text and all descendants' text, one block per line."""
        parts = []
        for p in self.walk():
            line = " ".join(x for x in (_lead(p), p.text) if x)
            if line:
                parts.append(line)
        return "\n".join(parts)


def _lead(p: Provision) -> str:
    """Return the number marker a reader sees at the start of a provision's text."""
    if p.kind == CLAUSE:
        return f"{p.number}."
    if p.kind == POINT:
        return f"{p.number})"
    return ""


@dataclass(frozen=True)
class SourceFile:
    """Where a document came from."""

    path: str
    format: str  # "docx", "doc", "pdf", "html", "txt", "json"
    sha256: str = ""
    pages: int | None = None
    ocr: tuple[tuple[int, float], ...] = ()  # pages read by OCR: (page number, confidence 0-100)


@dataclass(frozen=True)
class Relation:
    """A typed link from a provision (or document) to another document or provision."""

    type: str  # amends | replaces | repeals | based_on | guides | cites
    source_key: str
    target_number: str
    target_path: str = ""  # "dieu-3.khoan-2", "" for the whole document
    evidence: str = ""
    effective_from: date | None = None
    # Space-separated tags: reassigns, phrase, partial, conditional, reported, notes
    # (see ingest/relations.py).
    note: str = ""


@dataclass(frozen=True)
class Document:
    """A parsed legal document: metadata, body provisions, annexes and a parse report."""

    doc_id: str  # URL-safe slug, e.g. "32-2024-nd-cp"
    number: str | None  # "32/2024/NĐ-CP"
    doc_type: str | None  # "Nghị định", "Thông tư", "Luật" ...
    issuer: str | None
    title: str | None  # trích yếu
    issued: date | None = None
    effective_from: date | None = None
    place: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    basis: tuple[str, ...] = ()  # căn cứ lines
    preamble: str = ""
    body: tuple[Provision, ...] = ()
    annexes: tuple[Provision, ...] = ()
    recipients: str = ""  # Nơi nhận block, kept out of the body
    source: SourceFile | None = None
    warnings: tuple[str, ...] = ()
    report: tuple[tuple[str, int], ...] = ()  # counts per level: (("dieu", 38), ...)
    meta_sources: tuple[tuple[str, str], ...] = ()  # (field, "sidecar"|"header"|"filename"...)
    relations: tuple[Relation, ...] = ()

    @property
    def ref(self) -> str:
        """Return the reference used in provision keys: the number, else the id."""
        return self.number or self.doc_id

    def walk(self) -> Iterator[Provision]:
        """Yield every provision of body and annexes in document order."""
        for top in (*self.body, *self.annexes):
            yield from top.walk()

    def articles(self) -> list[Provision]:
        """Return the body's articles (Điều) in document order."""
        return [p for top in self.body for p in top.walk() if p.kind == ARTICLE]

    def find(self, path: str) -> Provision | None:
        """Return the provision with this path, or None."""
        return next((p for p in self.walk() if p.path == path), None)


@dataclass(frozen=True)
class Extracted:
    """Text pulled out of a file, before structure parsing."""

    text: str  # NFC, cleaned
    format: str
    pages: int | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    ocr: tuple[tuple[int, float], ...] = ()  # pages read by OCR: (page number, confidence)
