"""Reassigned duties shown at the phrase they concern, once per reassigning provision.

Since 1/7/2025 the district level is gone: 139/2025/NĐ-CP and 146/2025/NĐ-CP say which duties a
rule gave "Ủy ban nhân dân cấp huyện" are now done by the commune or the province ("… quy định
tại khoản 1 Điều 34 Nghị định số 32/2024/NĐ-CP do Ủy ban nhân dân cấp xã thực hiện").  These
are not text changes: the rule keeps its words, and a reader sees, at "Ủy ban nhân dân cấp
huyện", who holds the duty from that day and by which provision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.models import Provision, split_key
from law.relgraph import RelationGraph

_HOLDER = re.compile(
    r"(?:Chủ\s+tịch\s+)?(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+cấp\s+(?:xã|tỉnh)|"
    r"(?:Hội\s+đồng\s+nhân\s+dân|HĐND|UBND)\s+cấp\s+(?:xã|tỉnh)|"
    r"Sở\s+[A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*|\s+và\s+[A-ZĐ][\w]*)*")
_BY_END = re.compile(r"\bdo\s+(?P<who>[^.;]{3,80}?)\s+(?:thực\s+hiện|quyết\s+định|chịu)\b"
                     r"[^.;]*\.?\s*$")
OLD_BODY = re.compile(r"(?:Chủ\s+tịch\s+)?(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+(?:cấp\s+)?huyện|"
                      r"(?:Hội\s+đồng\s+nhân\s+dân|HĐND|UBND)\s+(?:cấp\s+)?huyện")
OLD_PHRASE = re.compile(rf"{OLD_BODY.pattern}|cấp\s+huyện")


@dataclass(frozen=True)
class Reassignment:
    """A reassigning provision and the provisions of one document whose duties it moves."""

    source_key: str
    targets: tuple[str, ...]  # paths in the reassigned document, in order
    holder: str  # who does it now ("Ủy ban nhân dân cấp xã"), "" when unsaid
    effective: date | None


def holder_of(text: str) -> str:
    """Return who holds the duties a reassigning sentence moves, or ''."""
    sentence = " ".join(text.split())
    m = _BY_END.search(sentence)
    if m:
        found = _HOLDER.search(m.group("who"))
        if found:
            return found.group(0)
    m = _HOLDER.match(sentence)
    return m.group(0) if m else ""


def reassignments(graph: RelationGraph, doc_ref: str, day: date) -> list[Reassignment]:
    """Return the reassignments in force on day aimed at a document, one per source provision."""
    doc = graph.document(doc_ref)
    if doc is None:
        return []
    grouped: dict[str, list[str]] = {}
    dates: dict[str, date | None] = {}
    for link in graph.incoming(doc.ref):
        if "reassigns" not in link.notes or not link.applies_on(day):
            continue
        path = split_key(link.target_key or "")[1] or link.relation.target_path
        grouped.setdefault(link.relation.source_key, []).append(path)
        dates[link.relation.source_key] = link.effective
    out = []
    for source, paths in grouped.items():
        found = graph.provision(source)
        holder = holder_of(found.full_text()) if found is not None else ""
        out.append(Reassignment(source, tuple(dict.fromkeys(paths)), holder, dates[source]))
    return out


def anchor_of(unit: Provision, item: Reassignment) -> tuple[str, str] | None:
    """Return where, in an article, a reassignment is shown: (path of the node, phrase) — the
    first reassigned node naming the district body, else the article heading naming it, else
    the first reassigned node without a phrase; None when it concerns nothing in the unit."""
    inside = [p for p in unit.walk() if any(
        p.path == t or p.path.startswith(t + ".") for t in item.targets)]
    if not inside:
        return None
    # the district body itself, in the provisions, then in the article's heading; else the
    # words "cấp huyện" in the provisions
    for pattern in (OLD_BODY, OLD_PHRASE):
        for node in inside:
            m = pattern.search(node.text)
            if m:
                return node.path, m.group(0)
        m = pattern.search(unit.heading) if pattern is OLD_BODY else None
        if m:
            return unit.path, m.group(0)
    return inside[0].path, ""


__all__ = ["OLD_BODY", "OLD_PHRASE", "Reassignment", "anchor_of", "holder_of", "reassignments"]
