"""Plain-text (terminal) renderings of search results and ingest summaries, in Vietnamese."""

from __future__ import annotations

import re
from html import unescape

from search.hits import SearchResult

_TAG = re.compile(r"</?mark>")


def plain_snippet(html: str) -> str:
    """Return a snippet as plain text, highlights shown between « »."""
    return unescape(_TAG.sub(lambda m: "»" if m.group().startswith("</") else "«", html))


def render_result(result: SearchResult, labels: dict[str, str] | None = None) -> str:
    """Return a readable listing of one page of results."""
    labels = labels or {}
    if not result.hits:
        lines = [result.message or "Không có kết quả."]
        lines += [f"  Thử: {s}" for s in result.suggestions]
        return "\n".join(lines)
    first = (result.page - 1) * result.per_page
    lines = [f"{result.total} kết quả cho «{result.query}» (trang {result.page}):"]
    for i, hit in enumerate(result.hits, start=first + 1):
        what = f"Điều {hit.article}" if hit.article else (hit.breadcrumb or "Toàn văn")
        heading = f". {hit.heading}" if hit.heading and hit.article else ""
        status = labels.get(hit.status, hit.status)
        lines.append(f"{i:>3}. {hit.doc_type} {hit.doc_number} — {what}{heading} [{status}]")
        if hit.breadcrumb and hit.article:
            lines.append(f"     {hit.breadcrumb}")
        lines.append(f"     {plain_snippet(hit.snippet)}")
        lines.append(f"     {hit.url}")
    return "\n".join(lines)
