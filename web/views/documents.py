"""Document pages: the whole document, a provision's permalink, and their print views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, send_file

from ingest.dates import parse_date_value
from ingest.models import ANNEX, ARTICLE, Document, Provision, make_key
from law.amend import ACTION_LABELS, REPEAL
from law.citation import cite, cite_key, vn_date
from law.consolidate import Consolidation
from law.reassign import reassignments
from search.text import same_wording
from search.urls import document_url, provision_url
from web import docview
from web.codified import EXTENSION as CODIFIED
from web.highlight import highlight, query_terms
from web.knowledge import kb, library, relation_label
from web.views.shared import find_document, formal_citation, key_link

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
    """Return relations ready to show: label, other side link, own provision, evidence; one
    row per sentence (a sentence reassigning three clauses names the three in one row)."""
    return _merged(_relation_rows(doc, relations))


def _merged(rows: list[RelationRow]) -> list[RelationRow]:
    """Return rows with those of the same label and other side made one (its first
    sentence shown, its own provisions listed)."""
    out: dict[tuple, RelationRow] = {}
    for row in rows:
        key = (row.label, (row.other or {}).get("url") or row.other_text or row.evidence)
        first = out.get(key)
        if first is None:
            out[key] = row
        elif first.own and row.own and row.own["label"] not in first.own["label"]:
            own = {"url": first.own["url"], "label": f"{first.own['label']}, {row.own['label']}"}
            out[key] = RelationRow(first.label, first.type, first.other, first.other_text, own,
                                   first.own_key, first.evidence)
    return list(out.values())


def _relation_rows(doc: Document, relations: list[dict]) -> list[RelationRow]:
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


def _statuses(keys: list[str], day: date | None = None) -> dict[str, dict]:
    """Return the validity of each key (document ref or provision key) that is known."""
    lib = library()
    if lib.graph() is None:
        return {}
    return {k: found for k in keys if (found := lib.status(k, day)) is not None}


BAD_DATE = ("Ngày không hợp lệ “{}”: hãy nhập dạng dd/mm/yyyy, ví dụ 01/7/2025. "
            "Đang xem ngày hôm nay.")


def as_of_day(raw: str) -> tuple[date, str]:
    """Return (the day a page shows the text as of, an error message or ''): the date given
    as dd/mm/yyyy (or YYYY-MM-DD), else today."""
    raw = raw.strip()[:40]
    if not raw:
        return date.today(), ""
    found = parse_date_value(raw)
    return (found, "") if found else (date.today(), BAD_DATE.format(raw))


def _common(doc: Document, keys: list[str], relations: list[dict],
            day: date | None = None) -> dict[str, Any]:
    """Return what every page of a document shows (metadata, relations, validity)."""
    return {
        "doc": doc, "print_mode": _print_mode(), "statuses": _statuses([doc.ref, *keys], day),
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
    """Return the amending provisions to show beside an amended article, each once (a
    provision reassigning three clauses is one row, not three)."""
    seen: dict[str, AmendmentRow] = {}
    for item in items:
        key = item.get("source_key") or ""
        if key in seen:
            continue
        seen[key] = AmendmentRow(link=key_link(key), source_key=key, type=item.get("type") or "",
                                 text=item.get("text") or item.get("evidence") or "",
                                 effective_from=_vn_iso(item.get("effective_from")))
    return list(seen.values())


@dataclass(frozen=True)
class TimelineRow:
    """One wording of a provision in its timeline: from, to, what made it, a link to it."""

    label: str
    start: str
    end: str
    sources: tuple[dict, ...]
    url: str
    current: bool


def timeline(cons: Consolidation, doc: Document, path: str, day: date) -> list[TimelineRow]:
    """Return an article's wordings, oldest first: enacted, amended (by what), repealed."""
    rows = []
    for i, v in enumerate(cons.versions(path)):
        if i == 0:
            label = "Ban hành" if v.provision is not None else "Chưa có"
        elif v.provision is None:
            label = "Bãi bỏ"
        else:
            label = "; ".join(dict.fromkeys(ACTION_LABELS[s.action] for s in v.sources))
        links = tuple(key_link(k) or {"url": "", "label": cite_key(k)}
                      for k in dict.fromkeys(s.source_key for s in v.sources))
        start = v.valid_from or doc.effective_from or doc.issued
        current = (start is None or start <= day) and (v.valid_to is None or day <= v.valid_to)
        rows.append(TimelineRow(label, vn_date(start) if start else "", vn_date(v.valid_to)
                                if v.valid_to else "", links,
                                f"{provision_url(doc.doc_id, path)}?ngay={vn_date(start)}"
                                if start else provision_url(doc.doc_id, path), current))
    return rows


def _shown_unit(cons: Consolidation, path: str, day: date) -> tuple[Provision | None, list]:
    """Return (the article or annex holding path as in force on day, its chain), None when
    the provision does not exist that day."""
    chain = docview.ancestors(cons.as_of(day), path)
    return (docview.display_unit(chain) if chain else None), chain


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
    enacted = _document(doc_id)
    day, date_error = as_of_day(request.args.get("ngay", ""))
    cons = library().consolidation(enacted)
    doc = cons.as_of(day)
    marks, heads = _reassigned_marks(doc, day)
    for path in cons.changes_as_of(day):
        now = doc.find(path)
        if now is not None:
            marks.update(docview.change_marks(enacted.find(path), now))
    keys = [p.key for p in doc.walk() if p.kind in (ARTICLE, ANNEX)]
    return render_template("document.html", toc=docview.toc(doc),
                           counts=docview.provision_count(doc), marks=marks, head_marks=heads,
                           day=day, day_text=vn_date(day), date_error=date_error,
                           changed=len(cons.changes_as_of(day)),
                           **_common(doc, keys, library().relations(enacted), day))


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
    """Return a provision's permalink page: its article as in force on a day (?ngay=, default
    today) with the changed passages marked and their sources, its timeline, its citation."""
    doc = _document(doc_id)
    day, date_error = as_of_day(request.args.get("ngay", ""))
    cons = library().consolidation(doc)
    unit, chain = _shown_unit(cons, path, day)
    absent = unit is None
    if absent:  # repealed or not yet in force that day: show the last wording there was
        chain = docview.ancestors(doc, path) or _last_chain(cons, path)
        if not chain:
            abort(404, NOT_FOUND_PROVISION)
        unit = docview.display_unit(chain)
    enacted = doc.find(unit.path)
    marks = {} if absent else docview.change_marks(enacted, unit)
    texts, heads = docview.reassignment_marks(
        unit, reassignments(library().graph(), doc.ref, day), _short_citation, vn_date)
    q = request.args.get("q", "").strip()[:500]
    terms = query_terms(q)
    prev, nxt = docview.neighbours(doc, unit)
    keys = [p.key for p in unit.walk() if p.kind in (ARTICLE, ANNEX)]
    amendments = _amendment_rows(library().amendments(unit.key, day))
    common = _common(doc, keys, _unit_relations(doc, unit), day)
    common["relations"] = _without_quoted(common["relations"], amendments)
    return render_template(
        "provision.html", unit=unit, target=chain[-1], breadcrumb=docview.breadcrumb(chain),
        q=q, hl=lambda text: highlight(text, terms), prev=prev, next=nxt,
        provision_citation=cite(doc, path), provision_key=make_key(doc.ref, path),
        provision_url=provision_url(doc.doc_id, path),
        amendments=amendments, day=day, day_text=vn_date(day), date_error=date_error, absent=absent,
        marks={**texts, **marks}, head_marks=heads,
        timeline=timeline(cons, doc, unit.path, day),
        changes=_change_rows(cons.changes_as_of(day).get(unit.path, ())),
        unapplied=[(u.instruction, u.reason, key_link(u.instruction.source_key))
                   for u in cons.unapplied_under(unit.path)],
        compare_url=f"/so-sanh/van-ban/{doc.doc_id}/{unit.path}",
        codified=None if absent else _codified(doc, cons, unit), **common)


@dataclass(frozen=True)
class CodifiedView:
    """How phapquy's consolidated text of an article compares with the Pháp điển's."""

    code: str  # "4.4.LQ.3"
    agreement: str  # "exact" | "spelling" | "different"
    note: str  # the Pháp điển's source note
    diff: Any  # Markup: our text, the Pháp điển's differences marked


def _codified(doc: Document, cons: Consolidation, unit: Provision) -> CodifiedView | None:
    """Return the comparison of an article, as in force today, with its codified wording
    (None when the export is absent, still being read, or does not hold the article)."""
    if unit.kind != ARTICLE:
        return None
    found = current_app.extensions[CODIFIED].find(doc.ref, unit.number)
    if found is None:
        return None
    today = cons.as_of(date.today()).find(unit.path)
    ours = today.full_text() if today is not None else ""
    agreement = same_wording(ours, found.text)
    return CodifiedView(found.code, agreement, found.note,
                        docview.word_diff(ours, found.text) if agreement == "different" else "")


def _without_quoted(groups: list[RelationGroup], shown: list[AmendmentRow]) -> list:
    """Return relation groups without the sentences the amendments panel already quotes."""
    quoted = {row.link["url"] for row in shown if row.link}
    return [RelationGroup(g.label, g.type, tuple(
        RelationRow(r.label, r.type, r.other, r.other_text, r.own, r.own_key, "")
        if r.other and r.other["url"] in quoted else r for r in g.rows)) for g in groups]


def _short_citation(key: str) -> str:
    """Return a provision key cited shortly ('Điều 6 Nghị định 139/2025/NĐ-CP')."""
    link = key_link(key)
    return link["label"] if link else cite_key(key)


def _reassigned_marks(doc: Document, day: date) -> tuple[dict, dict]:
    """Return (text marks, heading marks) of the reassignments in force on day, each shown
    once in the article it concerns."""
    items = reassignments(library().graph(), doc.ref, day)
    texts: dict = {}
    heads: dict = {}
    if not items:
        return texts, heads
    for unit in doc.articles():
        own = [i for i in items if any(t == unit.path or t.startswith(unit.path + ".")
                                       for t in i.targets)]
        if own:
            more_texts, more_heads = docview.reassignment_marks(unit, own, _short_citation,
                                                                vn_date)
            texts.update(more_texts)
            heads.update(more_heads)
    return texts, heads


def _last_chain(cons: Consolidation, path: str) -> list:
    """Return the chain of a provision in the latest state that holds it ([] if none)."""
    for state in reversed(cons.states):
        chain = docview.ancestors(cons.as_of(state.since or date.min), path)
        if chain:
            return chain
    return []


def _change_rows(made: tuple) -> list[dict]:
    """Return the instructions that shaped a provision, to show with their source links."""
    rows = {}
    for ins in made:
        rows.setdefault(ins.source_key, {
            "label": ACTION_LABELS[ins.action], "link": key_link(ins.source_key),
            "citation": formal_citation(ins.source_key),
            "since": vn_date(ins.effective) if ins.effective else "",
            "repeal": ins.action == REPEAL})
    return list(rows.values())


@bp.route("/so-sanh/van-ban/<doc_id>/<path:path>")
def compare(doc_id: str, path: str) -> Any:
    """Return a provision as in force on two days (?tu=, ?den=, dd/mm/yyyy), words taken out
    struck through and words put in marked; printable."""
    doc = _document(doc_id)
    cons = library().consolidation(doc)
    first = cons.versions(path)
    default_from = (first[0].valid_from if first and first[0].valid_from else doc.effective_from
                    or date.today())
    start, err1 = as_of_day(request.args.get("tu", "") or vn_date(default_from))
    end, err2 = as_of_day(request.args.get("den", ""))
    old, _ = _shown_unit(cons, path, start)
    new, _ = _shown_unit(cons, path, end)
    if old is None and new is None:
        abort(404, NOT_FOUND_PROVISION)
    label = (new or old).label
    return render_template(
        "compare.html", doc=doc, label=label, path=path, start=vn_date(start),
        end=vn_date(end), error=err1 or err2, same=_text(old) == _text(new),
        diff=docview.word_diff(_text(old), _text(new)),
        heading_diff=docview.word_diff(old.heading if old else "", new.heading if new else ""),
        citation=cite(doc, path), provision_url=provision_url(doc.doc_id, path),
        doc_url=document_url(doc.doc_id))


def _text(unit: Provision | None) -> str:
    """Return a unit's full text ('' when it did not exist)."""
    return unit.full_text() if unit is not None else ""
