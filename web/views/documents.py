"""Document pages: the whole document, a provision's permalink, and their print views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, render_template, request, send_file

from ingest.models import ANNEX, ARTICLE, Document, make_key
from law.citation import cite, cite_key, vn_date
from search.urls import document_url, provision_url
from web import docview
from web.highlight import highlight, query_terms
from web.knowledge import kb, library, relation_label
from web.views.shared import find_document, key_link

bp = Blueprint("documents", __name__)
NOT_FOUND_DOC = "Không có văn bản này trong cơ sở dữ liệu."
NO_ORIGINAL = "Không còn giữ bản gốc của văn bản này (văn bản được nạp trước khi có chức năng này)."
NOT_FOUND_PROVISION = ("Văn bản không có điều, khoản này (có thể văn bản đã được thay bằng "
                       "phiên bản mới).")


def _document(doc_id: str) -> Document:
    """Return the document with this id, or abort with a Vietnamese 404."""
    doc = kb().document(doc_id)
    if doc is None:
        abort(404, NOT_FOUND_DOC)
    return doc


def _print_mode() -> bool:
    """Return True for the print view (?in=1 or a /in/ URL)."""
    return request.args.get("in") == "1" or request.path.startswith("/in/")


@dataclass(frozen=True)
class RelationRow:
    """One relation as a page shows it: label, the other side, the own provision, evidence."""

    label: str
    type: str
    other: dict | None  # {"url", "label"} when the other side is in the base
    other_text: str  # the other side cited formally (for a document not in the base)
    own: dict | None
    own_key: str
    evidence: str


@dataclass(frozen=True)
class RelationGroup:
    """Relation rows of one label ("Được sửa đổi bởi"), in first-seen order."""

    label: str
    type: str
    rows: tuple[RelationRow, ...]


@dataclass(frozen=True)
class AmendmentRow:
    """An amending provision shown beside the article it amends."""

    link: dict | None
    source_key: str
    type: str
    text: str
    effective_from: str


def relation_rows(doc: Document, relations: list[dict]) -> list[RelationRow]:
    """Return relations ready to show: label, other side link, own provision, evidence."""
    rows = []
    for rel in relations:
        inbound = rel.get("direction") == "in"
        other_key = rel.get("source_key") if inbound else (
            rel.get("target_key") or rel.get("target_number") or "")
        own_key = rel.get("target_key") if inbound else rel.get("source_key")
        rows.append(RelationRow(
            label=relation_label(rel), type=rel.get("type") or "",
            other=key_link(other_key) if other_key else None,
            other_text=_named(rel, inbound),
            own=key_link(own_key, with_doc=False) if own_key and own_key != doc.ref else None,
            own_key=own_key or "", evidence=rel.get("evidence") or ""))
    return rows


def _named(rel: dict, inbound: bool) -> str:
    """Return the other side of a relation as text (for a document not in the base)."""
    if inbound:
        return cite_key(rel.get("source_key") or "")
    number, path = rel.get("target_number") or "", rel.get("target_path") or ""
    return cite_key(make_key(number, path)) if number else ""


def group_relations(rows: list[RelationRow]) -> list[RelationGroup]:
    """Return relation rows grouped by label, in first-seen order, citations last."""
    groups: dict[str, list[RelationRow]] = {}
    for row in rows:
        groups.setdefault(row.label, []).append(row)
    made = [RelationGroup(label, found[0].type, tuple(found)) for label, found in groups.items()]
    return sorted(made, key=lambda grp: grp.type == "cites")


def _statuses(keys: list[str]) -> dict[str, dict]:
    """Return the validity of each key (document ref or provision key) that is known."""
    lib = library()
    if lib.graph() is None:
        return {}
    return {k: found for k in keys if (found := lib.status(k)) is not None}


def _common(doc: Document, keys: list[str], relations: list[dict]) -> dict[str, Any]:
    """Return what every page of a document shows (metadata, relations, validity)."""
    return {
        "doc": doc, "print_mode": _print_mode(), "statuses": _statuses([doc.ref, *keys]),
        "relations": group_relations(relation_rows(doc, relations)), "citation": cite(doc),
        "basis": [docview.linked_basis(line, find_document) for line in doc.basis],
        "doc_url": document_url(doc.doc_id),
        "original": _original_label(doc),
    }


def _original_label(doc: Document) -> str | None:
    """Return the label of the original-file link ('Tải bản gốc (.docx)'), None if not kept."""
    if kb().original_file(doc) is None:
        return None
    suffix = Path(doc.source.path).suffix.lower() if doc.source else ""
    return f"Tải bản gốc ({suffix})" if suffix else "Tải bản gốc"


def _unit_relations(doc: Document, unit: Any) -> list[dict]:
    """Return the relations of one article (or annex): stated in it or aimed at it."""
    lib = library()
    if lib.graph() is not None:
        return lib.provision_relations(unit.key)
    prefix = unit.key + "."
    return [r for r in lib.relations(doc)
            if r.get("source_key") == unit.key or (r.get("source_key") or "").startswith(prefix)]


def _vn_iso(value: str | None) -> str:
    """Return an ISO date string as 1/7/2025 ('' when absent or malformed)."""
    try:
        return vn_date(date.fromisoformat(value)) if value else ""
    except ValueError:
        return ""


def _amendment_rows(items: list[dict]) -> list[AmendmentRow]:
    """Return the amending provisions to show beside an amended article."""
    return [AmendmentRow(link=key_link(item.get("source_key") or ""),
                         source_key=item.get("source_key") or "", type=item.get("type") or "",
                         text=item.get("text") or item.get("evidence") or "",
                         effective_from=_vn_iso(item.get("effective_from")))
            for item in items]


def absent_page(doc_id: str) -> Any:
    """Return the page of a document the base does not hold but its documents name, or None."""
    graph = library().graph()
    number = graph.absent(doc_id)
    if number is None:
        return None
    rows = []
    for link in graph.incoming(number):
        rel = link.as_dict("in")
        target = rel.get("target_path") or ""
        rows.append({"label": relation_label(rel), "source": key_link(rel["source_key"]),
                     "target": cite_key(f"{number}#{target}") if target else "",
                     "evidence": rel.get("evidence") or ""})
    status = library().status(number)
    return render_template("absent.html", number=number, rows=rows, status=status)


@bp.route("/van-ban/<doc_id>")
@bp.route("/in/van-ban/<doc_id>")
def document(doc_id: str) -> Any:
    """Return a document's page: metadata, basis, contents, full text, annexes, relations
    (or what is known of a document the base names but does not hold)."""
    if kb().document(doc_id) is None:
        page = absent_page(doc_id)
        if page is not None:
            return page
    doc = _document(doc_id)
    keys = [p.key for p in doc.walk() if p.kind in (ARTICLE, ANNEX)]
    return render_template("document.html", toc=docview.toc(doc),
                           counts=docview.provision_count(doc),
                           **_common(doc, keys, library().relations(doc)))


@bp.route("/van-ban/<doc_id>/ban-goc")
def original(doc_id: str) -> Any:
    """Return the document's original file (bản gốc) as it was ingested or uploaded."""
    doc = _document(doc_id)
    path = kb().original_file(doc)
    if path is None:
        abort(404, NO_ORIGINAL)
    name = Path(doc.source.path).name if doc.source else path.name
    return send_file(path, as_attachment=True, download_name=name, max_age=0)


@bp.route("/van-ban/<doc_id>/<path:path>")
@bp.route("/in/van-ban/<doc_id>/<path:path>")
def provision(doc_id: str, path: str) -> Any:
    """Return a provision's permalink page: its article, highlighted, with its citation."""
    doc = _document(doc_id)
    chain = docview.ancestors(doc, path)
    if not chain:
        abort(404, NOT_FOUND_PROVISION)
    unit = docview.display_unit(chain)
    q = request.args.get("q", "").strip()[:500]
    terms = query_terms(q)
    prev, nxt = docview.neighbours(doc, unit)
    keys = [p.key for p in unit.walk() if p.kind in (ARTICLE, ANNEX)]
    return render_template(
        "provision.html", unit=unit, target=chain[-1], breadcrumb=docview.breadcrumb(chain),
        q=q, hl=lambda text: highlight(text, terms), prev=prev, next=nxt,
        provision_citation=cite(doc, path), provision_key=make_key(doc.ref, path),
        provision_url=provision_url(doc.doc_id, path),
        amendments=_amendment_rows(library().amendments(unit.key)),
        **_common(doc, keys, _unit_relations(doc, unit)),
    )
