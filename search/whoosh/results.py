"""Running a query on an index view: target look-up, ranking, hits, facets, messages.

Order of a result list: the target first when the query names a document or an article
("điều 12 nghị định 168/2024", "TT14/2024"), then the entries that cite a named document,
then the free-text ranking of the remaining words.  The ranked list keeps every entry
scoring at least RESULT_SHARE of the best score (and never fewer than MIN_RESULTS), which
gives a total and facets that describe what was found rather than every entry that
shares a syllable with the query.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

import numpy as np

from ingest.ids import ascii_fold
from ingest.models import make_key
from search.entries import code_token
from search.hits import Hit, SearchResult
from search.query import (
    ParsedQuery,
    QueryTerm,
    content_words,
    parse,
    phrase_terms,
    ranking_terms,
)
from search.snippets import citing, highlight
from search.text import analyze, fold, pairs
from search.urls import document_url, provision_url
from search.whoosh.messages import nothing_found, partly_found
from search.whoosh.view import FACET_FIELDS, IndexView

RESULT_SHARE = 0.15
MIN_RESULTS = 10
@dataclass(frozen=True)
class Target:
    """The entry a query names directly, and the clause/point path inside it."""

    docnum: int
    path: str | None = None
    cites: str | None = None  # "num/year" of a named document: its citing entries follow
    cited_key: str | None = None  # its whole number ("91/2015/qh13"): not another's citers
    note: str | None = None  # why the target is less precise than the reference


def run_search(view: IndexView | None, query: str, filters, page: int,
               per_page: int, emphasis: tuple[tuple[str, float], ...] = ()) -> SearchResult:
    """Return one page of results for a query on a view (None: an empty knowledge base);
    the words of each emphasis text are added to the ranking, weighted."""
    pq = parse(query or "")
    if view is None:
        return _empty(query, page, per_page, "Cơ sở dữ liệu chưa có văn bản nào: hãy nạp "
                      "văn bản (phapquy ingest) trước khi tìm kiếm.")
    wanted = {**_filter_values(filters), **pq.filters}
    fmask = view.filter_mask(wanted)
    words = _words(pq)
    target = find_target(view, pq)
    if target is not None and not fmask[target.docnum]:
        target = None
    order, scores = _ranked(view, pq, words, fmask & view.entry_mask, emphasis)
    if target is None:
        order, scores = _heading_named(view, pq.raw, order, scores)
        order, scores = _definition_first(view, pq.raw, order, scores)
    order, scores = _with_target(view, target, order, scores, fmask)
    if not len(order) and not words and not pq.numbers and not pq.article and wanted:
        order = np.array([c.docnum for c in view.catalog if fmask[c.docnum]], dtype=np.int64)
        scores = np.zeros(len(order), dtype=np.float32)
    return _result(view, pq, words, target, order, scores, page, per_page, wanted)


# "X là gì?", "X được hiểu như thế nào?", "X là những ai?": the answer is where the law
# defines its terms
_DEFINITION = re.compile(
    r"^(?:theo (?:quy dinh(?: cua)?(?: phap luat)?|luat)[, ]*)?(?:"
    r"(?P<term>.+?)\s+(?:la gi|nghia la gi|duoc hieu (?:la gi|nhu the nao)|duoc dinh nghia "
    r"(?:la gi|nhu the nao)|la \w+(?: \w+)? nhu the nao|(?:la|gom|bao gom) (?:nhung )?ai)"
    r"|(?:nhu the nao|the nao|the nao thi duoc goi) la (?P<asked>.+?)"
    r"|(?:khai niem|dinh nghia)(?: ve)? (?P<named>.+?))\s*\??$")
# headings of the articles that define a law's terms (folded)
_DEFINING_PHRASES = ("giai thich tu ngu", "dinh nghia", "khai niem", "thuat ngu")
_DEFINING_HEADING = re.compile("|".join(_DEFINING_PHRASES))
DEFINITION_DEPTH = 30  # ranked entries searched for the defining article
# "khoán chi trong hoạt động khoa học": a term asked with the field it applies to; the law
# defines the head noun ("Khoán chi là …"), so the term is also looked for without it.
# Not "của": "mục tiêu của giáo dục nghề nghiệp" asks for an article, not a definition.
_QUALIFIER = re.compile(r" (?:trong|doi voi|theo|tai) ")


def _definition_first(view: IndexView, raw: str, order, scores):
    """Return the ranking with, for a question asking what a term means, the article that
    defines it (Giải thích từ ngữ … holding "<term> là") moved first: of those found among the
    best-ranked entries or anywhere in the base, the one of the highest legal force (a law's
    definition before a decree's, a decree's before a circular's), then the best ranked.
    A term asked with its field ("… trong …", "… đối với …") is looked for whole, then
    without it."""
    m = _DEFINITION.match(" ".join(ascii_fold(raw).lower().split()))
    if not m or len(order) < 2:
        return order, scores
    asked = _flat(m.group("term") or m.group("asked") or m.group("named"))
    head, qualifier = _QUALIFIER.split(asked, maxsplit=1)[0], ""
    if head != asked:
        qualifier = asked[len(head):].strip()
    best = _defining(view, order, asked) if len(asked) >= 3 else None
    if best is None and qualifier and len(head) >= 3:
        best = _defining(view, order, head, qualifier)
    if best is None or best == order[0]:
        return order, scores
    rest = order != best
    return (np.concatenate(([best], order[rest])),
            np.concatenate(([scores[0]], scores[rest])))


def _names_most(text: str, words: str) -> bool:
    """Return whether a text holds at least half of the pairs of adjacent words of a
    phrase (both flat and folded)."""
    split = words.split()
    adjacent = [f"{a} {b}" for a, b in zip(split, split[1:], strict=False)] or split
    return sum(p in text for p in adjacent) * 2 >= len(adjacent)


def _flat(text: str) -> str:
    """Return folded text with commas and semicolons as spaces, spaces collapsed: a term
    and a definition compare alike however they are punctuated ("bom mìn, vật nổ";
    "Quỹ đại chúng;là" in the Pháp điển's text)."""
    return " ".join(re.sub(r"[,;]", " ", text).split()).strip(" .?")


def _defining(view: IndexView, order, term: str, qualifier: str = "") -> int | None:
    """Return the entry defining a term (folded, flat), the one of the highest legal force
    and then the best ranked; None if no defining article holds it.  With a qualifier
    (what the term was asked about), the article or its document's title must name most
    of it too: "quân phục" is defined for the army, not for "gia công hàng hóa"."""
    rank = {int(d): i for i, d in enumerate(order[:DEFINITION_DEPTH])}
    best = None
    for docnum in _definition_candidates(view, order, term):
        stored = view.stored(docnum)
        if not _DEFINING_HEADING.search(ascii_fold(stored.get("heading") or "").lower()):
            continue
        body = _flat(ascii_fold(stored.get("body") or "").lower())
        if term not in body or (qualifier and not _names_most(
                f"{body} {_flat(ascii_fold(stored.get('doc_title') or '').lower())}",
                qualifier)):
            continue
        key = (not re.search(rf"(?<!\w){re.escape(term)}\s*(?:la|:)\s", body),
               LEGAL_FORCE.get(stored.get("type_slug") or "", len(LEGAL_FORCE)),
               rank.get(docnum, DEFINITION_DEPTH))
        if best is None or key < best[0]:
            best = (key, docnum)
    return None if best is None else best[1]


# Legal force of a document type (lower is stronger): whose definition of a term comes first
LEGAL_FORCE = {"hien-phap": 0, "bo-luat": 1, "luat": 1, "phap-lenh": 2, "nghi-quyet": 3,
               "nghi-dinh": 3, "quyet-dinh": 4, "thong-tu-lien-tich": 5, "thong-tu": 5}


def _definition_candidates(view: IndexView, order, term: str) -> list[int]:
    """Return the entries a defining article is looked for in: the best-ranked ones, then
    the defining articles (by heading) of the whole base that hold the term."""
    out = [int(d) for d in order[:DEFINITION_DEPTH]]
    heading = np.zeros(view.scoring.n, dtype=bool)
    for phrase in _DEFINING_PHRASES:
        heading |= view.scoring.presence(
            [QueryTerm("head", p) for p in analyze(phrase, folded=True, bigrams=True,
                                                    unigrams=False)])
    holding = view.scoring.presence(phrase_terms(term)) & heading & view.entry_mask
    seen = set(out)
    return out + [int(d) for d in np.flatnonzero(holding) if int(d) not in seen]

def _result(view, pq, words, target, order, scores, page, per_page, wanted) -> SearchResult:
    start = (page - 1) * per_page
    highlight = word_weights(view, content_words(words, folded=False))
    page_of = slice(start, start + per_page)
    cites = target.cites if target else None
    hits = tuple(make_hit(view, int(d), float(s), highlight,
                          target.path if target and d == target.docnum else None,
                          cites if target and d != target.docnum else None)
                 for d, s in zip(order[page_of], scores[page_of], strict=True))
    top = None
    if target is not None:
        top = hits[0] if page == 1 and hits else make_hit(
            view, target.docnum, float(scores[0]), highlight, target.path)
    message, suggestions = (target.note if target else None), ()
    if not len(order):
        message, suggestions = nothing_found(view, pq, words, wanted)
    elif message is None:
        message = partly_found(view, words)
    return SearchResult(pq.raw, int(len(order)), hits, page, per_page,
                        facets(view, order), message, tuple(suggestions), top)


def _empty(query: str, page: int, per_page: int, message: str) -> SearchResult:
    return SearchResult(query, 0, (), page, per_page, {}, message, (), None)


def _filter_values(filters) -> dict[str, tuple[str, ...]]:
    """Return the keyword-field values of a Filters object."""
    from search.query import filter_values

    if filters is None:
        return {}
    out = {}
    for name, index_field in FACET_FIELDS.items():
        value = getattr(filters, name, None)
        if value not in (None, ""):
            out[index_field] = filter_values(index_field, str(value))
    return out


def _words(pq: ParsedQuery) -> str:
    """Return the free words of a query (outside references, quotes removed)."""
    return " ".join(pq.without_refs().replace('"', " ").replace("“", " ").replace("”", " ")
                    .split())


_CODE = re.compile(r"(?<![\d.])(\d{1,2}\.\d{1,3}\.[A-Za-zĐđ]{2,8}(?:\.\d+[a-z]?)+)(?![\d])")


def code_target(view: IndexView, raw: str) -> Target | None:
    """Return the article a Pháp điển code names ('Điều 19.1.LQ.1'), None if none held."""
    m = _CODE.search(raw)
    if not m:
        return None
    found = view.entries_of("refs", code_token(m.group(1)))
    return Target(found[0]) if found else None


def find_target(view: IndexView, pq: ParsedQuery) -> Target | None:
    """Return the entry a query names: a Pháp điển code, an article of a named document, or
    the document."""
    coded = code_target(view, pq.raw)
    if coded is not None:
        return coded
    doc = None
    for ref in pq.numbers:
        found = view.numbers.resolve(ref)
        if found is not None:
            doc = view.by_id[found.doc_id]
            cites = f"{ref.num}/{ref.year}" if ref.year else None
            break
    if doc is None and pq.article is not None:
        doc, cites = view.by_name(_words(pq)), None
    if doc is None:
        doc, cites = (view.by_name(pq.text), None) if not pq.numbers else (None, None)
    if doc is None:
        return None
    if pq.article is None:
        return Target(doc.docnum, None, cites, cited_key=doc.number_key or None)
    return _article_target(view, doc, pq.article)


def _article_target(view: IndexView, doc, art) -> Target | None:
    """Return the article entry of a reference, pointing at its clause/point if present."""
    path = f"dieu-{art.article.lower()}"
    docnum = view.docnum_of(make_key(doc.ref, path))
    if docnum is None:
        return Target(doc.docnum, note=f"{doc.number} không có Điều {art.article}; "
                      "kết quả đầu là toàn văn bản.")
    spans = {s[0] for s in view.stored(docnum).get("spans") or ()}
    deep = path
    if art.clause:
        clause = f"{path}.khoan-{art.clause.lower()}"
        point = f"{clause}.diem-{art.point.replace('đ', 'dd')}" if art.point else None
        deep = point if point in spans else clause if clause in spans else path
    return Target(docnum, deep if deep != path else None)


def _ranked(view: IndexView, pq: ParsedQuery, words: str, mask: np.ndarray,
            emphasis: tuple[tuple[str, float], ...] = ()):
    """Return (entry numbers, scores) of the free-text ranking, best first."""
    terms = ranking_terms(words, pq.accented, emphasis)
    empty = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    if not terms:
        return empty
    scores = view.scoring.score(terms) * view.prior
    ok = mask & (scores > 0)
    for phrase in pq.phrases:
        ok &= view.scoring.presence(phrase_terms(phrase))
    if pq.phrases and not ok.any():  # no exact phrase: fall back to the words
        ok = mask & (scores > 0)
    idx = np.flatnonzero(ok)
    if not len(idx):
        return empty
    s = scores[idx]
    keep = s >= s.max() * RESULT_SHARE
    if keep.sum() < MIN_RESULTS:
        keep = np.zeros(len(idx), dtype=bool)
        keep[np.argsort(-s, kind="stable")[:MIN_RESULTS]] = True
    idx, s = idx[keep], s[keep]
    order = np.lexsort((idx, -s))
    return idx[order], s[order]


HEADING_DEPTH = 50  # ranked entries whose heading is compared with the question
HEADING_BOOST = 0.25  # score factor 1 + HEADING_BOOST * share**3 of the heading's words asked
HEADING_MIN = 3  # syllables a compared heading has at least
QUESTION_SYLLABLES = 30  # longer texts (an issue's description) name a heading only whole


def _heading_named(view: IndexView, raw: str, order, scores):
    """Return the ranking with the best-ranked articles scored higher the more of their
    heading the question names: by the share of the heading's syllables and syllable pairs
    found in the question, cubed (a heading named whole, "Giao nộp sản phẩm đo đạc và bản
    đồ", gains 1.25×; one sharing half its words 1.03×).  A text longer than a question
    holds most short headings' words somewhere: there only a heading it holds whole counts."""
    words = [fold(t) for t in analyze(raw)]
    if len(order) < 2 or len(words) < HEADING_MIN:
        return order, scores
    top = order[:HEADING_DEPTH].copy()
    boosted = scores[:HEADING_DEPTH].copy()
    asked = _Asked(words)
    for i, docnum in enumerate(top):
        heading = [fold(t) for t in analyze(view.stored(int(docnum)).get("heading") or "")]
        boosted[i] *= 1 + HEADING_BOOST * asked.share(heading) ** 3
    resort = np.argsort(-boosted, kind="stable")
    return (np.concatenate((top[resort], order[HEADING_DEPTH:])),
            np.concatenate((boosted[resort], scores[HEADING_DEPTH:])))


class _Asked:
    """The folded syllables of a question, as headings are compared with them."""

    def __init__(self, words: list[str]) -> None:
        self.text = f" {' '.join(words)} "
        self.long = len(words) > QUESTION_SYLLABLES
        self.named = set(words) | set(pairs(words))

    def share(self, heading: list[str]) -> float:
        """Return the share of a heading's syllables and pairs the question names (1.0 if
        it holds the heading whole; 0.0 for a short heading, or scattered in a long text)."""
        if len(heading) < HEADING_MIN:
            return 0.0
        if f" {' '.join(heading)} " in self.text:
            return 1.0
        if self.long:
            return 0.0
        parts = heading + pairs(heading)
        return sum(p in self.named for p in parts) / len(parts)


def _with_target(view: IndexView, target: Target | None, order, scores, fmask):
    """Return the ranking with the target first and, for a named document, its citers."""
    if target is None:
        return order, scores
    head = [target.docnum]
    if target.cites:
        head += [d for d in view.citing(target.cites, target.cited_key)
                 if fmask[d] and view.entry_mask[d] and d != target.docnum]
    rest = ~np.isin(order, head)
    top = (float(scores[0]) if len(scores) else 0.0) + 1.0
    head_scores = np.array([top + 1.0] + [top] * (len(head) - 1), dtype=np.float32)
    return (np.concatenate([np.array(head, dtype=np.int64), order[rest]]),
            np.concatenate([head_scores, scores[rest]]))


def word_weights(view: IndexView, words: list[str]) -> dict[str, float]:
    """Return each query word (in order) with its IDF: rare words choose the snippet.
    Words no entry holds are left out (they would mark nothing and outweigh the rest)."""
    n = max(int(view.entry_mask.sum()), 1)
    df = view.scoring.doc_frequency
    counts = {w: df("fold", fold(w)) for w in words}
    return {w: math.log(1 + n / (1 + c)) for w, c in counts.items() if c > 0}


def make_hit(view: IndexView, docnum: int, score: float, words: dict[str, float],
             path: str | None = None, cites: str | None = None) -> Hit:
    """Return the Hit of an entry (deep-linked to `path` when the query named a clause;
    shown where it cites the document `cites` names, 'num/year', when it is one citing
    the document a query named)."""
    f = view.stored(docnum)
    body, spans = f.get("body", ""), f.get("spans") or []
    ref, doc_id = f["key"].split("#")[0], f["doc_id"]
    own_path = f.get("path", "")
    span = next(((s, e) for p, s, e in spans if p == path), None) if path else None
    if not body:
        html, anchor = escape(f.get("doc_title", "")), None
    elif cites and not words:
        html, anchor = citing(body, cites, spans)
    else:
        html, anchor = highlight(body, words, spans, span)
    link_path = path or own_path
    return Hit(
        doc_id=doc_id, doc_number=f.get("doc_number", ""), doc_title=f.get("doc_title", ""),
        doc_type=f.get("doc_type", ""), issuer=f.get("issuer", ""), article=f.get("article"),
        heading=f.get("heading", ""), key=make_key(ref, link_path) if link_path else f["key"],
        path=link_path, breadcrumb=f.get("breadcrumb", ""), score=score,
        snippet=html,
        url=provision_url(doc_id, link_path) if link_path else document_url(doc_id),
        status=f.get("status", "unknown"), kind=f.get("kind", "article"), anchor=path or anchor,
    )


def facets(view: IndexView, order: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    """Return, per filter, the values found in the results with how many documents have
    them (a law with 43 matching articles counts once)."""
    labels = view.labels
    out: dict[str, list[tuple[str, int]]] = {}
    doc_codes = view.scoring.codes("doc_id")[0]
    docs = doc_codes[order] if len(order) else np.zeros(0, dtype=np.int32)
    for name, index_field in FACET_FIELDS.items():
        codes, values = view.scoring.codes(index_field)
        picked = codes[order] if len(order) else np.zeros(0, dtype=np.int32)
        kept = picked >= 0
        # (value, document) pairs as one integer each: a flat unique is a plain sort
        pairs = np.unique((picked[kept].astype(np.int64) << 32)
                          | (docs[kept].astype(np.int64) & 0xFFFFFFFF))
        counts = np.bincount(pairs >> 32, minlength=len(values))
        pairs = [(labels.get(index_field, {}).get(values[i], values[i]), int(n))
                 for i, n in enumerate(counts) if n]
        out[name] = sorted(pairs, key=lambda p: (-p[1], p[0]))
    return out
