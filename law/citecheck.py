"""Citation checker: every document and provision a draft cites, with its status as of a date,
what to cite instead when it was replaced, repealed or amended, and whether it is in the KB.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ingest.models import Document, make_key, split_key
from ingest.numbers import number_key
from ingest.references import Here, cite
from law.citation import cite as formal_citation
from law.citation import cite_key, vn_date
from law.relgraph import RelationGraph, within
from law.validity import ValidityStatus, resolve, status_of

# "Nghị định 168/2024", "Thông tư số 14/2024" typed without the suffix.
_SHORT = re.compile(r"\b(Nghị định|Thông tư|Quyết định|Nghị quyết|Luật)\s+(?:số\s+)?"
                    r"(\d{1,4})\s*/\s*(\d{4})\b(?!\s*/)", re.IGNORECASE)
_TYPE_CODES = {"nghị định": "nd", "thông tư": "tt", "quyết định": "qd", "nghị quyết": "nq",
               "luật": "qh"}
_KINDS = (("diem", "điểm"), ("khoan", "khoản"), ("dieu", "Điều"))


@dataclass(frozen=True)
class CitationCheck:
    """One citation found in a draft and what the knowledge base says about it."""

    text: str  # as written in the draft
    doc_number: str  # canonical number (or law label)
    path: str  # "dieu-8.khoan-2", "" for the whole document
    status: ValidityStatus
    in_knowledge_base: bool
    start: int = 0
    end: int = 0
    citation: str = ""  # the formal citation of what is cited (from the KB when held)
    names: tuple[tuple[str, str], ...] = ()  # key or number -> formal citation, for advice
    missing: bool = False  # the document is held but has no such provision ("Điều 99")

    def _named(self, keys: tuple[str, ...] | list[str]) -> str:
        """Return keys and numbers as formal citations, never internal keys."""
        known = dict(self.names)
        return ", ".join(known.get(k) or cite_key(k) for k in keys)

    @property
    def article(self) -> str | None:
        """Return the article number cited ('8'), or None for a whole document."""
        m = re.match(r"dieu-(\w+)", self.path)
        return m.group(1) if m else None

    @property
    def provision(self) -> str:
        """Return the provision in words ('khoản 2 Điều 8'), '' for a whole document."""
        parts = dict(seg.split("-", 1) for seg in self.path.split(".") if "-" in seg)
        words = [f"{label} {parts[k].replace('dd', 'đ')}" for k, label in _KINDS if k in parts]
        return " ".join(words) or self.path

    def advice(self) -> str:
        """Return what the officer should do about this citation, in Vietnamese."""
        s = self.status
        when = f" từ {vn_date(s.since)}" if s.since else ""
        if self.missing:
            return (f"Văn bản không có {self.provision}, kể cả sau các lần sửa đổi: kiểm tra "
                    "lại số điều, khoản, điểm.")
        if s.status in ("repealed", "replaced") and s.replaced_by:
            verb = "bị thay thế" if s.status == "replaced" else "hết hiệu lực"
            return (f"Đã {verb}{when} theo {self._named(s.by)}; dẫn chiếu "
                    f"{self._named([s.replaced_by])} thay thế.")
        if s.status in ("repealed", "partly_repealed"):
            return f"{s.label}{when} theo {self._named(s.by)}."
        if s.status == "amended":
            return (f"Đã được sửa đổi{when} bởi {self._named(s.amended_by)}; dẫn chiếu kèm văn "
                    "bản sửa đổi.")
        if s.status == "not_yet":
            return f"Chưa có hiệu lực (có hiệu lực{when})."
        if not self.in_knowledge_base:
            return "Văn bản chưa có trong cơ sở dữ liệu; chưa kiểm tra được hiệu lực."
        return s.label + when + "."

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of `phapquy cite-check --json`."""
        s = self.status
        return {
            "text": self.text, "doc_number": self.doc_number, "article": self.article,
            "provision": self.provision, "path": self.path, "status": s.status,
            "label": s.label, "in_knowledge_base": self.in_knowledge_base,
            "missing": self.missing,
            "replaced_by": s.replaced_by, "amended_by": list(s.amended_by),
            "since": s.since.isoformat() if s.since else None, "by": list(s.by),
            "evidence": list(s.evidence), "advice": self.advice(),
        }


def complete_short_numbers(text: str, docs: list[Document]) -> str:
    """Return text with 'Nghị định 168/2024' completed to the KB number when exactly one fits."""
    def _full(m: re.Match[str]) -> str:
        code = _TYPE_CODES[m.group(1).lower()]
        hits = [d.number for d in docs if d.number and number_key(d.number).startswith(
            f"{int(m.group(2))}/{m.group(3)}/") and code in number_key(d.number).split("/")[2]]
        return f"{m.group(1)} số {hits[0]}" if len(hits) == 1 else m.group(0)
    return _SHORT.sub(_full, text)


def find_citations(text: str) -> list[tuple[str, str, tuple[str, ...], int, int]]:
    """Return (text, document, paths, start, end) for each document a draft cites."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for line_start, line in _lines(text):
        for c in cite(line, Here(), attach_bare=True):
            if c.mention is None or c.mention.kind == "self":
                continue
            paths = tuple(p for p in c.paths if p.startswith(("dieu-", "phu-luc-", "chuong-")))
            out.append((line[c.start: c.end], c.mention.target, paths,
                        line_start + c.start, line_start + c.end))
    return out


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def check_text(text: str, docs: list[Document], as_of: date | None = None,
               graph: RelationGraph | None = None) -> list[CitationCheck]:
    """Return a check for every document and provision a draft cites, in order."""
    graph = graph or resolve(docs)
    text = complete_short_numbers(unicodedata.normalize("NFC", text), graph.docs)
    out = []
    for written, target, paths, start, end in find_citations(text):
        doc = graph.document(target)
        number = doc.ref if doc is not None else target
        for path in paths or ("",):
            status = status_of(graph, make_key(number, path), as_of)
            here = (formal_citation(doc, path) if doc is not None
                    else cite_key(make_key(number, path)))
            missing = doc is not None and not _has(graph, doc, path)
            out.append(CitationCheck(written, number, path, status, doc is not None,
                                     start, end, here, _names(graph, status), missing))
    return out


PARTIAL_SOURCES = ("phapdien", "json")  # sources holding some articles of a document only
_POINT_LETTERS = "a b c d dd e g h i k l m n o p q r s t u v x y".split()


def _has(graph: RelationGraph, doc: Document, path: str) -> bool:
    """Return False only when a held document surely lacks a provision: its number lies past
    the last of its kind there ("Điều 99" of a decree of 19 articles, "khoản 7" of an
    article of 3) and no amendment adds to it. A gap inside the numbering may be a parse
    slip, and a source holding some articles only (the Pháp điển) cannot tell: both pass."""
    if not path or doc.find(path) is not None:
        return True
    if doc.source is not None and doc.source.format in PARTIAL_SOURCES:
        return True
    if any(within(link.relation.target_path, path) or within(path, link.relation.target_path)
           for link in graph.incoming(doc.ref)
           if link.relation.target_path and link.relation.type == "amends"):
        return True
    segments = path.split(".")
    for depth in range(len(segments)):
        if doc.find(".".join(segments[: depth + 1])) is None:
            parent = doc.find(".".join(segments[:depth])) if depth else None
            siblings = doc.articles() if parent is None else parent.children
            return not _past_last(segments[depth], [p.path.rsplit(".", 1)[-1] for p in siblings])
    return True


def _past_last(segment: str, siblings: list[str]) -> bool:
    """Return whether a path segment ("dieu-99", "khoan-7", "diem-g") numbers past the last
    of the same kind among siblings (False when it cannot be told)."""
    kind, _, number = segment.partition("-")
    numbers = [n for k, _, n in (s.partition("-") for s in siblings) if k == kind]
    order = _ordinal(kind, number)
    known = [o for o in (_ordinal(kind, n) for n in numbers) if o is not None]
    return order is not None and bool(known) and order > max(known)


def _ordinal(kind: str, number: str) -> int | None:
    """Return the rank of an article, clause or point number (None for "5a" and the like)."""
    if kind in ("dieu", "khoan"):
        return int(number) if number.isdigit() else None
    if kind == "diem":
        return _POINT_LETTERS.index(number) if number in _POINT_LETTERS else None
    return None


def _names(graph: RelationGraph, status: ValidityStatus) -> tuple[tuple[str, str], ...]:
    """Return the formal citations of the keys and numbers a status names."""
    out = []
    for key in (*status.by, *status.amended_by, *([status.replaced_by] if status.replaced_by
                                                   else [])):
        doc_ref, path = split_key(key)
        doc = graph.document(doc_ref)
        out.append((key, formal_citation(doc, path) if doc is not None else cite_key(key)))
    return tuple(out)


def read_draft(path: Path, max_bytes: int | None = None) -> str:
    """Return the text of a draft (.txt, .docx and the other formats ingest reads)."""
    from ingest.extract import extract_file

    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    return extract_file(Path(path), **kwargs).text


def render_checks(checks: list[CitationCheck]) -> str:
    """Return a plain-text report of the checks, one block per citation, in Vietnamese."""
    if not checks:
        return "Không tìm thấy văn bản nào được viện dẫn."
    lines = []
    for c in checks:
        where = f"{c.provision} " if c.provision else ""
        kb = "có trong CSDL" if c.in_knowledge_base else "không có trong CSDL"
        label = "Không có trong văn bản" if c.missing else c.status.label
        lines.append(f"- {where}{c.doc_number}: {label} ({kb})")
        lines.append(f"  {c.advice()}")
    return "\n".join(lines)
