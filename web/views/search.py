"""The search page: one box, filters with counts, article-level results, pagination."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from ingest.ids import slugify
from ingest.numbers import number_key
from law.citation import vn_date
from search.hits import FILTERS
from search.numbers import code_type, find_numbers
from search.urls import document_url
from web.knowledge import kb, library
from web.views.documents import as_of_day
from web.views.shared import (
    hit_badge,
    search_filters,
    status_labels,
    target_link,
)

bp = Blueprint("search", __name__)
PER_PAGE = 10
MAX_QUERY = 500
HOME_LIST = 30  # newest documents listed on the home page (all of them: /gioi-thieu)
FACET_SHOWN = 8  # values of a filter shown before "xem thêm"
AS_OF_HITS = 200  # hits whose status is computed live when the search is as of a date
STATUS_PARAM = next(f.param for f in FILTERS if f.name == "status")


def _page() -> int:
    """Return the requested result page (1 when absent or invalid)."""
    raw = request.args.get("trang", "1")
    return max(1, min(int(raw), 1000)) if raw.isdigit() else 1


def chosen_filters() -> dict[str, str]:
    """Return the filter parameters present in the URL (loai, coquan, nam, hieuluc)."""
    return {f.param: request.args[f.param].strip() for f in FILTERS
            if request.args.get(f.param, "").strip()}


def search_url(q: str, chosen: dict[str, str], **changes: Any) -> str:
    """Return the search URL for q and filters, with some parameters changed or removed."""
    params = {"q": q, **chosen, **changes}
    return "/tim-kiem?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def facet_groups(result: Any, q: str, chosen: dict[str, str]) -> list[dict]:
    """Return the filter groups to show: label, and each value with count, link, selected."""
    labels = status_labels()
    groups = []
    for spec in FILTERS:
        values = (result.facets or {}).get(spec.name) or []
        items = []
        for value, count in values:
            value = str(value)
            selected = chosen.get(spec.param) == value
            link = search_url(q, chosen, **{spec.param: None if selected else value}, trang=None)
            shown = labels.get(value, value) if spec.name == "status" else value
            items.append({"value": shown, "count": count, "url": link, "selected": selected})
        if items:
            groups.append({"label": spec.label, "items": items[:FACET_SHOWN],
                           "more": items[FACET_SHOWN:]})
    return groups


def pages(result: Any) -> list[int]:
    """Return the page numbers to offer around the current page."""
    last = max(1, -(-result.total // result.per_page))
    lo, hi = max(1, result.page - 3), min(last, result.page + 3)
    return list(range(lo, hi + 1))


def hit_link(hit: Any, q: str, day: str = "") -> str:
    """Return the permalink of a hit carrying the query (for highlighting), the as-of day
    when one was chosen, and the best clause."""
    params = {k: v for k, v in (("q", q if hit.path else ""), ("ngay", day)) if v}
    url = f"{hit.url}?{urlencode(params)}" if params else hit.url
    anchor = getattr(hit, "anchor", None)
    return f"{url}#{anchor}" if anchor and anchor != hit.path else url


def absent_link(q: str) -> dict | None:
    """Return {"url", "label"} of a document the query names that the base does not hold but
    its documents name ('nghị định 60/2024'), None otherwise."""
    numbers = library().graph().absent_numbers
    for ref in find_numbers(q):
        if not ref.year:
            continue
        for number in numbers:
            num, year, code = number_key(number).split("/", 2)
            if (num, year) == (ref.num, ref.year) and (ref.code in (None, code)) and (
                    ref.type_slug in (None, code_type(code))):
                return {"url": document_url(slugify(number)), "label": number}
    return None


def newest_first() -> list:
    """Return the documents, most recently issued first (undated last)."""
    docs = kb().documents()
    return sorted(docs, key=lambda d: (d.issued is not None, d.issued or 0), reverse=True)


@bp.route("/")
@bp.route("/tim-kiem")
def index() -> Any:
    """Return the search page (the home page when there is no query)."""
    q = request.args.get("q", "").strip()[:MAX_QUERY]
    chosen = chosen_filters()
    if not q and not chosen:
        documents = newest_first()
        return render_template("home.html", stats=kb().stats(), documents=documents[:HOME_LIST],
                               total=len(documents))
    raw_day = request.args.get("ngay", "").strip()[:40]
    day, date_error = as_of_day(raw_day)
    if raw_day and not date_error:
        result = as_of_search(q, chosen, day, _page())
    else:
        result = kb().search(q, filters=search_filters(chosen), page=_page(), per_page=PER_PAGE)
    shown_day = vn_date(day) if raw_day and not date_error else ""
    links = {**chosen, "ngay": shown_day} if shown_day else chosen
    return render_template(
        "search.html", q=q, result=result, chosen=chosen, pages=pages(result),
        groups=facet_groups(result, q, links), target=target_link(result.target),
        hit_link=lambda hit, query: hit_link(hit, query, shown_day), search_url=search_url,
        hit_badge=hit_badge, day_text=shown_day, date_error=date_error, links=links,
        absent=absent_link(q) if result.target is None else None,
        suggestions=[{"url": search_url(x, {}), "label": x} for x in result.suggestions or ()],
    )


def as_of_search(q: str, chosen: dict[str, str], day: date, page: int) -> Any:
    """Return a result page whose statuses (badges, the validity filter and its counts) are
    those of day, computed live over the best AS_OF_HITS hits."""
    others = {k: v for k, v in chosen.items() if k != STATUS_PARAM}
    wide = kb().search(q, filters=search_filters(others), page=1, per_page=AS_OF_HITS)
    lib = library()
    hits = [replace(h, status=lib.status(h.key or h.doc_number, day).code) for h in wide.hits]
    wanted = chosen.get(STATUS_PARAM)
    kept = [h for h in hits if not wanted or h.status == wanted]
    docs = {(h.doc_number, h.status) for h in hits}
    facets = dict(wide.facets or {})
    facets["status"] = Counter(status for _doc, status in docs).most_common()
    start = (page - 1) * PER_PAGE
    return replace(wide, hits=tuple(kept[start: start + PER_PAGE]), total=len(kept),
                   page=page, per_page=PER_PAGE, facets=facets)
