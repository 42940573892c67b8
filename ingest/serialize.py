"""Documents to and from JSON-ready dicts (the JSON edge of the records)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .models import Document, Provision, Relation, SourceFile


def provision_to_dict(p: Provision) -> dict[str, Any]:
    """Return a provision and its subtree as a plain dict."""
    return {
        "kind": p.kind, "number": p.number, "heading": p.heading, "text": p.text,
        "path": p.path, "key": p.key, "note": p.note,
        "children": [provision_to_dict(c) for c in p.children],
    }


def provision_from_dict(d: dict[str, Any]) -> Provision:
    """Return the Provision a provision_to_dict() dict describes."""
    return Provision(
        kind=d["kind"], number=d["number"], heading=d["heading"], text=d["text"],
        path=d["path"], key=d["key"], note=d.get("note", ""),
        children=tuple(provision_from_dict(c) for c in d.get("children", ())),
    )


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def relation_to_dict(r: Relation) -> dict[str, Any]:
    """Return a relation as a plain dict."""
    return {
        "type": r.type, "source_key": r.source_key, "target_number": r.target_number,
        "target_path": r.target_path, "evidence": r.evidence,
        "effective_from": _iso(r.effective_from), "note": r.note,
    }


def relation_from_dict(d: dict[str, Any]) -> Relation:
    """Return the Relation a relation_to_dict() dict describes."""
    return Relation(
        type=d["type"], source_key=d["source_key"], target_number=d["target_number"],
        target_path=d.get("target_path", ""), evidence=d.get("evidence", ""),
        effective_from=_date(d.get("effective_from")), note=d.get("note", ""),
    )


def document_to_dict(doc: Document) -> dict[str, Any]:
    """Return a whole document (metadata, provisions, report) as a JSON-ready dict."""
    src = doc.source
    return {
        "doc_id": doc.doc_id, "number": doc.number, "doc_type": doc.doc_type,
        "issuer": doc.issuer, "title": doc.title, "issued": _iso(doc.issued),
        "effective_from": _iso(doc.effective_from), "place": doc.place,
        "signer": doc.signer, "signer_title": doc.signer_title, "basis": list(doc.basis),
        "preamble": doc.preamble, "recipients": doc.recipients,
        "body": [provision_to_dict(p) for p in doc.body],
        "annexes": [provision_to_dict(p) for p in doc.annexes],
        "source": None if src is None else {
            "path": src.path, "format": src.format, "sha256": src.sha256, "pages": src.pages,
            **({"ocr": [list(p) for p in src.ocr]} if src.ocr else {}),
        },
        "warnings": list(doc.warnings), "report": dict(doc.report),
        "meta_sources": dict(doc.meta_sources),
        "relations": [relation_to_dict(r) for r in doc.relations],
    }


def document_from_dict(d: dict[str, Any]) -> Document:
    """Return the Document a document_to_dict() dict describes."""
    src = d.get("source")
    return Document(
        doc_id=d["doc_id"], number=d.get("number"), doc_type=d.get("doc_type"),
        issuer=d.get("issuer"), title=d.get("title"), issued=_date(d.get("issued")),
        effective_from=_date(d.get("effective_from")), place=d.get("place"),
        signer=d.get("signer"), signer_title=d.get("signer_title"),
        basis=tuple(d.get("basis", ())), preamble=d.get("preamble", ""),
        recipients=d.get("recipients", ""),
        body=tuple(provision_from_dict(p) for p in d.get("body", ())),
        annexes=tuple(provision_from_dict(p) for p in d.get("annexes", ())),
        source=_source(src) if src else None,
        warnings=tuple(d.get("warnings", ())),
        report=tuple(d.get("report", {}).items()),
        meta_sources=tuple(d.get("meta_sources", {}).items()),
        relations=tuple(relation_from_dict(r) for r in d.get("relations", ())),
    )


def _source(d: dict[str, Any]) -> SourceFile:
    """Return the SourceFile of its JSON form (OCR pages as pairs)."""
    ocr = tuple((int(page), float(conf)) for page, conf in d.get("ocr") or ())
    return SourceFile(**{**d, "ocr": ocr})
