"""Small adapters between the search engine's values and what the pages show."""

from __future__ import annotations

from typing import Any

from flask import g

from ingest.models import split_key
from law.citation import cite, cite_key, provision_label
from law.validity import VALIDITY_LABELS
from search.hits import FILTERS, Filters
from search.urls import provision_url
from web.knowledge import kb

FILTER_FIELDS = {f.param: f.name for f in FILTERS}  # URL parameter -> Filters field


def search_filters(chosen: dict[str, str]) -> Filters | None:
    """Return the engine's Filters for the chosen URL parameters (None when none chosen)."""
    if not chosen:
        return None
    values: dict[str, Any] = {FILTER_FIELDS[k]: v for k, v in chosen.items()}
    if "year" in values:
        values["year"] = int(values["year"]) if str(values["year"]).isdigit() else None
    return Filters(**values)


def status_labels() -> dict[str, str]:
    """Return the Vietnamese label of each validity status code."""
    return dict(VALIDITY_LABELS)


def find_document(number: str) -> Any:
    """Return kb().find_document(number), remembered for the rest of the request."""
    memo = g.setdefault("found_documents", {})
    if number not in memo:
        memo[number] = kb().find_document(number)
    return memo[number]


def key_link(key: str, with_doc: bool = True) -> dict | None:
    """Return {"url", "label"} for a provision key whose document is in the base, else None."""
    doc_ref, path = split_key(key)
    doc = find_document(doc_ref)
    if doc is None:
        return None
    doc_label = " ".join(x for x in (doc.doc_type, doc.ref) if x) if with_doc else ""
    label = f"{provision_label(path, doc)} {doc_label}".strip() if path else doc_label
    return {"url": provision_url(doc.doc_id, path), "label": label}


def formal_citation(key: str) -> str:
    """Return a provision key cited formally ('Điều 29 Thông tư số 38/2025/TT-BCT ngày …')
    when its document is in the base, else from the key alone."""
    doc_ref, path = split_key(key)
    doc = find_document(doc_ref)
    return cite(doc, path) if doc is not None else cite_key(key)


def hit_title(hit: Any) -> str:
    """Return how a hit is named: 'Điều 12 Nghị định 168/2024/NĐ-CP', 'Khoản 2 Điều 8 …' when
    it leads to a clause, or the document."""
    path = split_key(hit.key)[1] if "#" in (hit.key or "") else ""
    if hit.article and path.count(".") >= 1:
        label = provision_label(path)
        unit = label[:1].upper() + label[1:]
    elif hit.article:
        unit = f"Điều {hit.article}"
    elif hit.kind == "annex":
        unit = hit.heading or "Phụ lục"
    else:
        unit = ""
    doc = " ".join(x for x in (hit.doc_type, hit.doc_number) if x)
    return " ".join(x for x in (unit, doc) if x)


def target_link(target: Any) -> dict | None:
    """Return {"url", "label", "title"} for the hit a query names directly, or None."""
    if target is None:
        return None
    return {"url": target.url, "label": hit_title(target), "title": target.doc_title}


def hit_badge(hit: Any) -> dict | None:
    """Return the validity badge of a hit ({"code", "label"}), None when the status is absent."""
    code = getattr(hit, "status", None)
    if not code:
        return None
    return {"code": code, "label": status_labels().get(code, code), "detail": ""}

