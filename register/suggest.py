"""Provisions suggested for an issue: a search with the issue's own words (its title and
field weighing more), articles only, the best rule preceded by the provision that moved its
duties after 1/7/2025.

An officer answering an issue cites articles (not a document as a whole, not the annex of
procedures) and, since the district level went on 1/7/2025, also who holds the duty now: the
article of 139/2025/NĐ-CP or 146/2025/NĐ-CP that reassigns the first rule ranks right before
it, and the reassigning article that best matches the issue is among the first two.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import date

from ingest.ids import ascii_fold
from ingest.models import split_key
from law.relgraph import RelationGraph
from register import store
from register.records import Issue
from search import KnowledgeBase, SearchResult, hit_to_json
from search.hits import Hit

MAX_QUERY = 500
WIDE = 40  # hits searched before keeping provisions only


def suggestion_query(issue: Issue) -> str:
    """Return the search text for an issue: its title and description, at most 500 chars."""
    text = " ".join(issue.text[: MAX_QUERY * 4].split())
    if len(text) > MAX_QUERY:
        cut = text.rfind(" ", 0, MAX_QUERY + 1)
        text = text[: cut if cut > 0 else MAX_QUERY]
    return text


def suggestions(kb: KnowledgeBase, issue: Issue, limit: int = 10,
                graph: RelationGraph | None = None,
                precedents: tuple[str, ...] = ()) -> SearchResult:
    """Return one page of suggested provisions for an issue (see suggest_text)."""
    return suggest_text(kb, suggestion_query(issue), limit, graph, precedents=precedents,
                        emphasis=issue_emphasis(issue))


# The title states the issue in a line; the field names its subject ("chợ") among the words
# every report repeats ("quản lý", "khó khăn", "đề nghị"): both count more than the rest.
W_ISSUE_TITLE, W_ISSUE_FIELD = 0.5, 3.0


def issue_emphasis(issue: Issue) -> tuple[tuple[str, float], ...]:
    """Return the texts of an issue whose words weigh more in its suggestions: its title
    and its field, each with its extra weight."""
    return tuple((text, w) for text, w in ((issue.title, W_ISSUE_TITLE),
                                             (issue.field, W_ISSUE_FIELD)) if text.strip())


def suggest_text(kb: KnowledgeBase, query: str, limit: int = 10,
                 graph: RelationGraph | None = None, today: date | None = None,
                 precedents: tuple[str, ...] = (),
                 emphasis: tuple[tuple[str, float], ...] = ()) -> SearchResult:
    """Return the articles a search for the query finds (documents as a whole and annexes
    left out), the first preceded by the article in force on `today` that reassigns its
    duties and the best-matching reassignment among the first two; the articles officers
    linked to the most similar issues (`precedents`, keys) come first."""
    wide = kb.search(query, per_page=WIDE, emphasis=emphasis)
    hits = _carriers_later([h for h in wide.hits if h.kind == "article"])
    if graph is not None and hits:
        day = today or date.today()
        best = _best_reassigning(hits, graph, day)
        hits = _with_competence(_with_reassigning(kb, hits, graph, day), best)
    if precedents:
        hits = _precedents_first(kb, hits, precedents)
    return replace(wide, hits=tuple(hits[:limit]), total=len(hits))


# "Sửa đổi, bổ sung một số điều của Thông tư số 57/2018/TT-BCT": an article that carries
# changes to another document is long and shares words with any issue, but the rule an
# officer cites is the provision it changes.
_CARRIER = re.compile(r"^(?:sửa đổi|bổ sung|bãi bỏ|thay thế)\b.*\b(?:số|của|tại)\s", re.IGNORECASE)
CARRIER_PRIOR = 0.7  # score factor of an amendment-carrying article


def _carriers_later(hits: list[Hit]) -> list[Hit]:
    """Return the hits re-ranked with amendment-carrying articles' scores lowered."""
    return sorted(hits, key=lambda h: -h.score * (CARRIER_PRIOR if _CARRIER.search(h.heading)
                                                   else 1.0))


def _precedents_first(kb: KnowledgeBase, hits: list[Hit], keys: tuple[str, ...]) -> list[Hit]:
    """Return hits with the precedents' articles first (found in the hits or looked up)."""
    by_key = {_article_key(h.key): h for h in hits}
    first = []
    for key in dict.fromkeys(_article_key(k) for k in keys):
        found = by_key.get(key) or _hit_for(kb, key)
        if found is not None:
            first.append(found)
    taken = {_article_key(h.key) for h in first}
    return [*first, *(h for h in hits if _article_key(h.key) not in taken)]


def _with_reassigning(kb: KnowledgeBase, hits: list[Hit], graph: RelationGraph,
                      today: date) -> list[Hit]:
    """Return hits with, before the first, the article in force reassigning its duties: who
    holds that duty now, then the rule it reassigns (survey issues since 1/7/2025 mostly
    ask whom a duty of the district level has passed to)."""
    by_key = {_article_key(h.key): h for h in hits[1:]}
    for key in _reassigning(graph, hits[0], today):
        found = by_key.get(key) or _hit_for(kb, key)  # moved up when found further down
        if found is not None:
            return [found, hits[0], *(h for h in hits[1:] if h is not found)]
    return hits


COMPETENCE_RANK = 2  # where the best-matching reassignment of duties stands, at the latest
COMPETENCE_SHARE = 0.5  # its score against the first hit's, at least: it must match the issue


def _best_reassigning(hits: list[Hit], graph: RelationGraph, today: date) -> Hit | None:
    """Return the best-ranked hit that reassigns duties on `today`, when it scores at least
    COMPETENCE_SHARE of the first hit (None otherwise: a reassignment that shares a few
    words with the issue, "con dấu" of weapons for an issue about a commune's seal, is not
    who holds its duty)."""
    moving = {_article_key(link.relation.source_key)
              for link in graph.reassigning if link.applies_on(today)}
    found = next((h for h in hits if _article_key(h.key) in moving), None)
    return found if found is not None and found.score >= COMPETENCE_SHARE * hits[0].score \
        else None


def _with_competence(hits: list[Hit], best: Hit | None) -> list[Hit]:
    """Return hits with `best`, the reassignment of duties matching the issue best, moved up
    to COMPETENCE_RANK: an issue raised since 1/7/2025 is answered with the rule and with
    who holds its duty now, even when that reassignment concerns another rule than the
    first hit's."""
    if best is None or any(h.key == best.key for h in hits[:COMPETENCE_RANK]):
        return hits
    rest = [h for h in hits if h.key != best.key]
    return [*rest[:COMPETENCE_RANK - 1], best, *rest[COMPETENCE_RANK - 1:]]


def _article_key(key: str) -> str:
    """Return the key of the article holding a provision key."""
    ref, path = split_key(key)
    return f"{ref}#{path.split('.')[0]}" if path else key


def _reassigning(graph: RelationGraph, hit: Hit, today: date) -> list[str]:
    """Return the article keys whose reassignments of duties, in force, name the hit."""
    own = _article_key(hit.key)
    out = []
    for link in graph.incoming(hit.doc_number):
        target = link.target_key or ""
        if "reassigns" not in link.notes or not link.applies_on(today):
            continue
        if target == own or target.startswith(own + "."):
            out.append(_article_key(link.relation.source_key))
    return list(dict.fromkeys(out))


def _hit_for(kb: KnowledgeBase, key: str) -> Hit | None:
    """Return the hit of an article key, found by its reference ('điều 6 139/2025/NĐ-CP')."""
    ref, path = split_key(key)
    result = kb.search(f"điều {path.removeprefix('dieu-')} {ref}", per_page=1)
    target = result.target
    return target if target is not None and _article_key(target.key) == key else None


def suggestions_json(kb: KnowledgeBase, issue: Issue, limit: int = 10,
                     graph: RelationGraph | None = None,
                     precedents: tuple[str, ...] = ()) -> dict:
    """Return the suggestions as /api/search returns hits: {"query", "total", "hits"}."""
    result = suggestions(kb, issue, limit, graph, precedents)
    return {"query": suggestion_query(issue), "total": result.total,
            "hits": [hit_to_json(h) for h in result.hits]}


PRECEDENT_SIMILARITY = 0.25  # share of word pairs two issues have in common, at least
PRECEDENT_ISSUES = 500  # most recent linked issues compared


def precedent_keys(conn: sqlite3.Connection, issue: Issue, most: int = 3) -> tuple[str, ...]:
    """Return the provisions officers linked to the issues most like this one (word pairs of
    title and description in common, at least PRECEDENT_SIMILARITY), most similar first."""
    mine = _pairs(issue.text)
    if not mine:
        return ()
    scored = []
    for other, links in store.linked_issues(conn, PRECEDENT_ISSUES):
        if other.id == issue.id or not links:
            continue
        theirs = _pairs(other.text)
        share = len(mine & theirs) / len(mine | theirs) if theirs else 0.0
        if share >= PRECEDENT_SIMILARITY:
            scored.append((share, [link.provision_key for link in links]))
    scored.sort(key=lambda x: -x[0])
    keys = [k for _, ks in scored for k in ks]
    return tuple(dict.fromkeys(keys))[:most]


def _pairs(text: str) -> set[str]:
    """Return the adjacent word pairs of a text, folded (case and diacritics aside)."""
    words = re.findall(r"\w+", ascii_fold(text or "").lower())
    return {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
