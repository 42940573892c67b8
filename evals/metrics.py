"""Retrieval evaluation: phapquy against two baselines on gold query files, in one run.

Gold formats (detected from the content):
- domain JSONL (`../shared/eval/domain-dev.jsonl`): `{"id", "query", "kind", "relevant":
  [{"doc": "32/2024/NĐ-CP", "article": "8" | "*", "grade": 2 | 1}]}`;
- ALQAC JSON (`alqac/train.json`): `[{"question_id", "text", "relevant_articles":
  [{"law_id", "article_id"}]}]`, every gold article grade 2, kind "alqac".

Metrics over the top 10 (a hit answers a gold item when its document is the gold document
and its article is the gold article, or the gold article is "*"):
- S@k (k = 1, 5, 10): share of queries with a grade-2 answer in the top k; MRR@10: mean of
  1/rank of the first grade-2 answer (0 when none);
- Recall@k (k = 1, 5, 10): share of a query's gold items (any grade) answered in the top k;
- nDCG@10: graded gain 2^grade - 1, each gold item counted once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.numbers import number_key
from register.records import Issue
from register.suggest import suggestion_query

Ranked = list[tuple[str, "str | None"]]
TOP = 10


@dataclass(frozen=True)
class Gold:
    """One relevant article of a query."""

    doc: str
    article: str  # "*" = the document itself
    grade: int = 2


@dataclass(frozen=True)
class GoldQuery:
    """A query with its gold articles."""

    id: str
    query: str
    kind: str
    relevant: tuple[Gold, ...]
    issue: Issue | None = None  # a survey issue: answered as the register suggests


@dataclass(frozen=True)
class Judged:
    """How one system did on one query."""

    query: GoldQuery
    first: int | None  # rank of the first grade-2 answer within the top 10
    recall: dict[int, float]
    ndcg: float
    top: tuple[tuple[str, str | None], ...]


@dataclass
class Report:
    """Every system's judgements, with summaries overall and per kind."""

    source: str
    systems: dict[str, list[Judged]] = field(default_factory=dict)

    def summary(self, name: str, kind: str | None = None) -> dict[str, float]:
        """Return S@10, MRR@10, S@1, S@5, R@1/5/10, nDCG@10 and the query count for a system."""
        js = [j for j in self.systems[name] if kind is None or j.query.kind == kind]
        n = max(len(js), 1)
        out = {"n": len(js), "S@10": sum(j.first is not None for j in js) / n,
               "MRR@10": sum(1 / j.first for j in js if j.first) / n,
               "S@1": sum(j.first == 1 for j in js) / n,
               "S@5": sum(j.first is not None and j.first <= 5 for j in js) / n}
        for k in (1, 5, 10):
            out[f"R@{k}"] = sum(j.recall[k] for j in js) / n
        out["nDCG@10"] = sum(j.ndcg for j in js) / n
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}

    def kinds(self) -> list[str]:
        """Return the query kinds present, in first-seen order."""
        first = next(iter(self.systems.values()), [])
        return list(dict.fromkeys(j.query.kind for j in first))

    def misses(self, name: str) -> list[Judged]:
        """Return the queries where a system had no grade-2 answer at rank 1."""
        return [j for j in self.systems[name] if j.first != 1]


def load_queries(path: Path) -> list[GoldQuery]:
    """Return the queries of a gold file in either supported format."""
    text = Path(path).read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("["):
        return [_alqac(q) for q in json.loads(stripped)]
    return [_domain(json.loads(line)) for line in text.splitlines() if line.strip()]


def is_alqac(path: Path) -> bool:
    """Return True if a gold file is in the ALQAC question format."""
    return Path(path).read_text(encoding="utf-8").lstrip().startswith("[")


def _domain(d: dict) -> GoldQuery:
    rel = tuple(Gold(r["doc"], str(r["article"]), int(r.get("grade", 2)))
                for r in d.get("relevant", ()))
    if "query" not in d and "title" in d:  # a survey issue: searched as the register does
        issue = survey_issue(d)
        return GoldQuery(str(d.get("id", "")), suggestion_query(issue), "survey", rel, issue)
    return GoldQuery(str(d.get("id", "")), d["query"], d.get("kind", "query"), rel)


def survey_issue(d: dict) -> Issue:
    """Return the register issue a survey gold line describes (title, description, field,
    locality)."""
    return Issue(id=0, title=str(d.get("title", "")), description=str(d.get("description", "")),
                 field=str(d.get("field", "")), locality=str(d.get("locality", "")))


def _alqac(d: dict) -> GoldQuery:
    rel = tuple(Gold(r["law_id"], str(r["article_id"]), 2)
                for r in d.get("relevant_articles", ()))
    return GoldQuery(str(d.get("question_id", "")), d["text"], "alqac", rel)


def _same_doc(a: str, b: str) -> bool:
    return number_key(a) == number_key(b)


def _answers(hit: tuple[str, str | None], gold: Gold) -> bool:
    doc, article = hit
    if not _same_doc(doc, gold.doc):
        return False
    return gold.article == "*" or (article or "").lower() == gold.article.lower()


def judge(q: GoldQuery, ranked: Ranked) -> Judged:
    """Return the metrics of one ranked list (document number, article) for a query."""
    top = ranked[:TOP]
    first = next((i for i, h in enumerate(top, 1)
                  if any(g.grade >= 2 and _answers(h, g) for g in q.relevant)), None)
    found: dict[Gold, int] = {}
    for i, h in enumerate(top, 1):
        g = next((g for g in q.relevant if g not in found and _answers(h, g)), None)
        if g is not None:
            found[g] = i
    n = max(len(q.relevant), 1)
    recall = {k: sum(r <= k for r in found.values()) / n for k in (1, 5, 10)}
    dcg = sum((2 ** g.grade - 1) / math.log2(r + 1) for g, r in found.items())
    ideal = sorted((g.grade for g in q.relevant), reverse=True)[:TOP]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return Judged(q, first, recall, dcg / idcg if idcg else 0.0, tuple(top[:3]))


def evaluate(queries: list[GoldQuery], systems: dict[str, Callable[[str], Ranked]],
             source: str = "") -> Report:
    """Return the report of every system on every query."""
    report = Report(source)
    for name, search in systems.items():
        report.systems[name] = [judge(q, search(q.query)) for q in queries]
    return report


def render(report: Report, limit_misses: int = 40) -> str:
    """Return a readable report: a table per kind, then phapquy's misses."""
    names = list(report.systems)
    lines = [f"Đánh giá: {report.source}"]
    cols = ("n", "S@10", "MRR@10", "S@1", "S@5", "R@1", "R@5", "R@10", "nDCG@10")
    lines.append(f"{'nhóm':<12} {'hệ thống':<14} " + " ".join(f"{c:>7}" for c in cols))
    for kind in [None, *report.kinds()]:
        for name in names:
            s = report.summary(name, kind)
            lines.append(f"{kind or 'tất cả':<12} {name:<14} "
                         + " ".join(f"{s[c]:>7}" for c in cols))
    if "phapquy" in report.systems:
        misses = report.misses("phapquy")
        lines.append(f"\nphapquy không đứng đầu ở {len(misses)} câu:")
        for j in misses[:limit_misses]:
            top = "; ".join(f"{d} Đ{a}" if a else d for d, a in j.top)
            gold = ", ".join(f"{g.doc} Đ{g.article}" for g in j.query.relevant if g.grade >= 2)
            lines.append(f"  {j.query.id} [{j.query.kind}] hạng={j.first or '>10'} "
                         f"«{j.query.query[:70]}» đúng: {gold} | đầu: {top}")
    return "\n".join(lines)


def report_json(report: Report) -> dict:
    """Return the report as a JSON-ready dict."""
    out = {"source": report.source, "systems": {}}
    for name in report.systems:
        out["systems"][name] = {
            "overall": report.summary(name),
            "kinds": {k: report.summary(name, k) for k in report.kinds()},
        }
    out["misses"] = [
        {"id": j.query.id, "query": j.query.query, "kind": j.query.kind, "rank": j.first,
         "top": [list(t) for t in j.top]}
        for j in report.misses("phapquy")] if "phapquy" in report.systems else []
    return out
