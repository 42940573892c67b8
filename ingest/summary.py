"""What `phapquy parse` shows: a JSON-ready summary and a readable tree of a Document."""

from __future__ import annotations

from datetime import date
from typing import Any

from .models import ANNEX, ARTICLE, CLAUSE, KIND_LABELS, POINT, Document, Provision

_FIELD_LABELS = (
    ("number", "Số hiệu"), ("doc_type", "Loại văn bản"), ("issuer", "Cơ quan ban hành"),
    ("title", "Trích yếu"), ("place", "Nơi ban hành"), ("issued", "Ngày ban hành"),
    ("effective_from", "Ngày có hiệu lực"), ("signer", "Người ký"), ("signer_title", "Chức vụ"),
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _point(p: Provision) -> dict[str, Any]:
    return {"number": p.number, "text": p.text, "key": p.key}


def _clause(c: Provision) -> dict[str, Any]:
    points = [_point(p) for p in c.children if p.kind == POINT]
    return {"number": c.number, "text": c.text, "key": c.key, "points": points}


def article_summary(a: Provision) -> dict[str, Any]:
    """Return an article as {number, heading, key, path, text, note, clauses, points}."""
    return {
        "number": a.number, "heading": a.heading, "key": a.key, "path": a.path, "text": a.text,
        "note": a.note, "clauses": [_clause(c) for c in a.children if c.kind == CLAUSE],
        "points": [_point(p) for p in a.children if p.kind == POINT],
    }


def document_summary(doc: Document) -> dict[str, Any]:
    """Return the parse result as a JSON-ready dict: metadata, body articles, annexes, report."""
    src = doc.source
    return {
        "doc_id": doc.doc_id, "number": doc.number, "doc_type": doc.doc_type,
        "issuer": doc.issuer, "title": doc.title, "issued": _iso(doc.issued),
        "effective_from": _iso(doc.effective_from), "place": doc.place, "signer": doc.signer,
        "signer_title": doc.signer_title, "basis": list(doc.basis),
        "recipients": doc.recipients, "meta_sources": dict(doc.meta_sources),
        "source": None if src is None else {"path": src.path, "format": src.format,
                                            "pages": src.pages},
        "warnings": list(doc.warnings), "report": dict(doc.report),
        "articles": [article_summary(a) for a in doc.articles()],
        "annexes": [{"number": a.number, "heading": a.heading, "key": a.key,
                     "lines": len(a.text.splitlines())} for a in doc.annexes],
    }


def _metadata_lines(doc: Document) -> list[str]:
    sources = dict(doc.meta_sources)
    out = []
    for name, label in _FIELD_LABELS:
        value = getattr(doc, name)
        shown = value.strftime("%d/%m/%Y") if isinstance(value, date) else value
        origin = f"  [{sources[name]}]" if name in sources else ""
        out.append(f"{label}: {shown if shown else '(chưa rõ)'}{origin}")
    out.append(f"Căn cứ: {len(doc.basis)} dòng")
    return out


def _tree_line(p: Provision, depth: int) -> str:
    indent = "  " * depth
    if p.kind == ARTICLE and not p.number:
        return f"{indent}(toàn văn, không chia điều)"
    if p.kind == ARTICLE:
        kids = sum(1 for c in p.children if c.kind == CLAUSE)
        points = sum(1 for c in p.walk() if c.kind == POINT)
        extra = f"  ({kids} khoản, {points} điểm)" if kids or points else ""
        return f"{indent}{p.label}. {p.heading}{extra}".rstrip()
    return f"{indent}{p.label}. {p.heading}".rstrip(". ")


def tree_lines(doc: Document) -> list[str]:
    """Return the provision tree down to articles, one line each, indented by level."""
    out: list[str] = []

    def visit(p: Provision, depth: int) -> None:
        out.append(_tree_line(p, depth))
        if p.kind not in (ARTICLE, ANNEX):
            for child in p.children:
                visit(child, depth + 1)

    for top in (*doc.body, *doc.annexes):
        visit(top, 0)
    return out


def render_text(doc: Document) -> str:
    """Return the parse result as readable text: metadata, provision tree, report, warnings."""
    report = ", ".join(f"{n} {KIND_LABELS.get(k, k).lower()}" for k, n in doc.report)
    lines = [*_metadata_lines(doc), "", "Cấu trúc:", *tree_lines(doc), "",
             f"Báo cáo: {report}"]
    if doc.warnings:
        lines += ["Cảnh báo:", *(f"- {w}" for w in doc.warnings)]
    return "\n".join(lines)


def summary_line(doc: Document) -> str:
    """Return one line describing a document: type, number, articles, annexes, warnings."""
    annexes = f", {len(doc.annexes)} phụ lục" if doc.annexes else ""
    warn = f", {len(doc.warnings)} cảnh báo" if doc.warnings else ""
    kind = f"{doc.doc_type} " if doc.doc_type else ""
    return f"{kind}{doc.ref}: {len(doc.articles())} điều{annexes}{warn}"
