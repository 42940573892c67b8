"""The search page: one box, filters with counts, article-level results, pagination."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from search.hits import FILTERS
from web.knowledge import kb
from web.views.shared import (
    hit_badge,
    search_filters,
    status_labels,
    target_link,
)

bp = Blueprint("search", __name__)
PER_PAGE = 10
MAX_QUERY = 500


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
            groups.append({"label": spec.label, "items": items})
    return groups


def pages(result: Any) -> list[int]:
    """Return the page numbers to offer around the current page."""
    last = max(1, -(-result.total // result.per_page))
    lo, hi = max(1, result.page - 3), min(last, result.page + 3)
    return list(range(lo, hi + 1))


def hit_link(hit: Any, q: str) -> str:
    """Return the permalink of a hit carrying the query (for highlighting) and best clause."""
    url = f"{hit.url}?{urlencode({'q': q})}" if q and hit.path else hit.url
    anchor = getattr(hit, "anchor", None)
    return f"{url}#{anchor}" if anchor and anchor != hit.path else url


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
        return render_template("home.html", stats=kb().stats(), documents=newest_first())
    result = kb().search(q, filters=search_filters(chosen), page=_page(), per_page=PER_PAGE)
    return render_template(
        "search.html", q=q, result=result, chosen=chosen, pages=pages(result),
        groups=facet_groups(result, q, chosen), target=target_link(result.target),
        hit_link=hit_link, search_url=search_url, hit_badge=hit_badge,
        suggestions=[{"url": search_url(x, {}), "label": x} for x in result.suggestions or ()],
    )
