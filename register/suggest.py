"""Provisions suggested for an issue: a search with the issue's own words."""

from __future__ import annotations

from register.records import Issue
from search import KnowledgeBase, SearchResult, hit_to_json

MAX_QUERY = 500


def suggestion_query(issue: Issue) -> str:
    """Return the search text for an issue: its title and description, at most 500 chars."""
    text = " ".join(issue.text[: MAX_QUERY * 4].split())
    if len(text) > MAX_QUERY:
        cut = text.rfind(" ", 0, MAX_QUERY + 1)
        text = text[: cut if cut > 0 else MAX_QUERY]
    return text


def suggestions(kb: KnowledgeBase, issue: Issue, limit: int = 10) -> SearchResult:
    """Return the search engine's SearchResult for an issue's text (one page of hits)."""
    return kb.search(suggestion_query(issue), per_page=limit)


def suggestions_json(kb: KnowledgeBase, issue: Issue, limit: int = 10) -> dict:
    """Return the suggestions as /api/search returns hits: {"query", "total", "hits"}."""
    result = suggestions(kb, issue, limit)
    return {"query": suggestion_query(issue), "total": result.total,
            "hits": [hit_to_json(h) for h in result.hits]}
