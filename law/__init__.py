"""The law over records: relations across documents, validity as of a date, citations.

    graph = resolve(docs)                      # relations both ways, targets resolved
    status_of(graph, "32/2024/NĐ-CP#dieu-8", date(2025, 7, 1)) -> ValidityStatus
    cite(doc, "dieu-8.khoan-2") -> "khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP ngày ..."
    check_text(draft, docs, as_of) -> [CitationCheck]

Pure functions over ingest's records: no Whoosh, no Flask, no click.
"""

from law.citation import cite, cite_key
from law.citecheck import CitationCheck, check_text
from law.relgraph import RelationGraph, resolve
from law.validity import ValidityStatus, compute_statuses, status_of

__all__ = ["CitationCheck", "RelationGraph", "ValidityStatus", "check_text", "cite", "cite_key",
           "compute_statuses", "resolve", "status_of"]
