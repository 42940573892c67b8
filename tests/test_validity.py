"""Validity as of a date, relations resolved both ways, labels for the web."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.pipeline import load_paths
from law.validity import (
    RELATION_LABELS,
    STATUSES,
    VALIDITY_LABELS,
    amendments,
    compute_statuses,
    resolve,
    status_of,
)

AFTER_2025_REFORM = date(2025, 8, 1)
BEFORE_2025_REFORM = date(2025, 6, 30)
AFTER_139_ENDS = date(2027, 6, 1)


@pytest.fixture(scope="module")
def docs(shared_corpus):
    """The nine documents of ../shared/corpus."""
    return load_paths([shared_corpus]).documents


@pytest.fixture(scope="module")
def graph(docs):
    """The relation graph of the nine documents."""
    return resolve(docs)


def test_a_repealed_document_outside_the_kb_points_to_its_successor(graph):
    s = status_of(graph, "28/2020/TT-BCT", AFTER_2025_REFORM)
    assert (s.status, s.replaced_by, s.since) == ("repealed", "14/2024/TT-BCT", date(2024, 10, 1))
    assert s.by == ("14/2024/TT-BCT#dieu-6.khoan-1",)
    assert "bãi bỏ Thông tư số 28/2020/TT-BCT" in s.evidence[0]
    assert status_of(graph, "28/2020/TT-BCT", date(2024, 9, 30)).status == "unknown"


def test_a_phrase_replaced_throughout_14_2024_marks_the_articles_holding_it(graph):
    assert status_of(graph, "14/2024/TT-BCT#dieu-3", BEFORE_2025_REFORM).status == "in_force"
    s = status_of(graph, "14/2024/TT-BCT#dieu-3", AFTER_2025_REFORM)
    assert (s.status, s.since, s.amended_by) == ("amended", date(2025, 7, 1),
                                                 ("38/2025/TT-BCT#dieu-29",))
    (change,) = amendments(graph, "14/2024/TT-BCT#dieu-3", AFTER_2025_REFORM)
    assert "thay thế cụm từ “cấp huyện” thành cụm từ “cấp xã”" in change["text"]
    # Điều 5 holds neither "cấp huyện" nor "Cục Công Thương địa phương".
    assert status_of(graph, "14/2024/TT-BCT#dieu-5", AFTER_2025_REFORM).status == "in_force"
    assert status_of(graph, "14/2024/TT-BCT#phu-luc-i", AFTER_2025_REFORM).status == "amended"
    assert status_of(graph, "14/2024/TT-BCT", AFTER_2025_REFORM).status == "amended"


def test_a_reassignment_amends_the_clause_until_the_reassigning_decree_ends(graph):
    key = "32/2024/NĐ-CP#dieu-8.khoan-2"
    assert status_of(graph, key, BEFORE_2025_REFORM).status == "in_force"
    s = status_of(graph, key, AFTER_2025_REFORM)
    assert (s.status, s.amended_by) == ("amended", ("139/2025/NĐ-CP#dieu-12",))
    assert "điểm a khoản 2 Điều 8" in s.evidence[0]
    assert status_of(graph, "32/2024/NĐ-CP#dieu-8.khoan-2.diem-a", AFTER_2025_REFORM
                     ).status == "amended"
    assert status_of(graph, "32/2024/NĐ-CP#dieu-8.khoan-2.diem-b", AFTER_2025_REFORM
                     ).status == "in_force"
    ended = status_of(graph, "139/2025/NĐ-CP", AFTER_139_ENDS)
    assert (ended.status, ended.since) == ("repealed", date(2027, 3, 1))
    assert "hết hiệu lực kể từ ngày 01 tháng 3 năm 2027" in ended.evidence[0]
    assert status_of(graph, key, AFTER_139_ENDS).status == "in_force"


def test_effective_date_exceptions_apply_per_provision(graph):
    early = status_of(graph, "168/2024/NĐ-CP#dieu-6.khoan-3.diem-m", date(2025, 6, 1))
    assert (early.status, early.since) == ("not_yet", date(2026, 1, 1))
    assert status_of(graph, "168/2024/NĐ-CP#dieu-6.khoan-3.diem-m", date(2026, 2, 1)
                     ).status == "in_force"
    assert status_of(graph, "168/2024/NĐ-CP#dieu-6.khoan-3.diem-a", date(2025, 6, 1)
                     ).status == "in_force"
    pending = status_of(graph, "168/2024/NĐ-CP#dieu-32.khoan-1.diem-b", date(2026, 2, 1))
    assert pending.status == "unknown" and "kiểm định khí thải" in pending.evidence[0]
    s = status_of(graph, "168/2024/NĐ-CP#dieu-12", date(2025, 6, 1))
    assert (s.status, s.since, s.sources) == ("in_force", date(2025, 1, 1), ("text",))
    assert status_of(graph, "168/2024/NĐ-CP", date(2024, 12, 31)).status == "not_yet"


def test_phap_dien_notes_give_repeals_and_partial_repeals(graph):
    s = status_of(graph, "36/2005/QH11#dieu-31", AFTER_2025_REFORM)
    assert (s.status, s.since, s.by) == ("repealed", date(2018, 1, 1), ("05/2017/QH14#dieu-112",))
    assert status_of(graph, "36/2005/QH11#dieu-28", AFTER_2025_REFORM).status == "partly_repealed"
    assert status_of(graph, "36/2005/QH11", AFTER_2025_REFORM).status == "partly_repealed"
    assert status_of(graph, "36/2005/QH11#dieu-1", AFTER_2025_REFORM).status == "in_force"


def test_named_law_resolves_to_the_law_in_the_kb(graph):
    rels = graph.for_document("146/2025/NĐ-CP")
    link = next(r for r in rels if r["target_number"] == "Luật Thương mại năm 2005"
                and r["target_path"] == "dieu-133.khoan-2")
    assert link["target_key"] == "36/2005/QH11#dieu-133.khoan-2"
    incoming = graph.for_document("36/2005/QH11")
    assert any(r["type"] == "guides" and r["direction"] == "in"
               and r["source_key"] == "81/2018/NĐ-CP" for r in incoming)


def test_relations_are_listed_both_ways_in_the_api_shape(graph):
    rels = graph.for_document("14/2024/TT-BCT")
    incoming = [r for r in rels if r["direction"] == "in" and r["type"] == "amends"]
    assert {r["source_key"] for r in incoming} == {"38/2025/TT-BCT#dieu-29"}
    assert incoming[0]["label"] == "Được sửa đổi bởi"
    out = next(r for r in rels if r["type"] == "repeals")
    assert (out["direction"], out["target_number"], out["target_key"]) == (
        "out", "28/2020/TT-BCT", None)
    assert {"type", "direction", "source_key", "target_number", "target_key", "evidence"} <= set(
        out)
    named = graph.for_document("28/2020/TT-BCT")
    assert [(r["type"], r["direction"], r["source_key"]) for r in named] == [
        ("repeals", "in", "14/2024/TT-BCT#dieu-6.khoan-1")]


def test_adding_a_document_resolves_links_both_ways(docs):
    without = resolve([d for d in docs if d.ref != "14/2024/TT-BCT"])
    link = next(r for r in without.for_document("38/2025/TT-BCT")
                if r["target_number"] == "14/2024/TT-BCT" and r["target_path"] == "phu-luc-i")
    assert link["target_key"] is None
    assert status_of(without, "14/2024/TT-BCT", AFTER_2025_REFORM).status == "amended"
    full = resolve(docs)
    link = next(r for r in full.for_document("38/2025/TT-BCT")
                if r["target_number"] == "14/2024/TT-BCT" and r["target_path"] == "phu-luc-i")
    assert link["target_key"] == "14/2024/TT-BCT#phu-luc-i"


def test_compute_statuses_covers_every_provision(docs):
    statuses = compute_statuses(docs, AFTER_2025_REFORM)
    keys = {d.ref for d in docs} | {p.key for d in docs for p in d.walk()}
    assert set(statuses) == keys
    assert set(statuses.values()) <= set(STATUSES)
    assert statuses["14/2024/TT-BCT#dieu-4"] == "amended"
    assert statuses["32/2024/NĐ-CP#dieu-1"] == "in_force"


@pytest.mark.parametrize("as_of", [BEFORE_2025_REFORM, AFTER_2025_REFORM, AFTER_139_ENDS])
def test_the_statuses_of_a_build_are_those_asked_one_by_one(docs, graph, as_of):
    # a build gives a document's provisions its own status when nothing can make them differ
    statuses = compute_statuses(docs, as_of)
    assert statuses == {key: status_of(graph, key, as_of).status
                        for d in docs for key in (d.ref, *(p.key for p in d.walk()))}
    assert any(len({statuses[p.key] for p in d.walk()} | {statuses[d.ref]}) > 1 for d in docs)


def test_labels_cover_every_status_and_relation_both_ways():
    assert set(VALIDITY_LABELS) == set(STATUSES)
    kinds = ("amends", "replaces", "repeals", "based_on", "guides", "cites")
    assert set(RELATION_LABELS) == {(k, d) for k in kinds for d in ("out", "in")}
    assert "sửa đổi bởi" in RELATION_LABELS[("amends", "in")]
    assert RELATION_LABELS[("guides", "in")] == "Được hướng dẫn bởi"
    assert RELATION_LABELS[("based_on", "out")] == "Căn cứ"
    assert RELATION_LABELS[("replaces", "out")] == "Thay thế"


def test_a_date_from_the_sidecar_is_the_claimed_source():
    from ingest.pipeline import parse_text

    text = "NGHỊ ĐỊNH\nVề chợ tạm\n\nĐiều 1. Phạm vi\nNghị định này quy định về chợ tạm.\n"
    doc = parse_text(text, filename="nd-97-2031-vi-du.txt",
                     sidecar={"effective_from": "2031-05-01"})
    graph = resolve([doc])
    before = status_of(graph, doc.ref, date(2031, 4, 30))
    assert (before.status, before.sources) == ("not_yet", ("sidecar",))
    assert ".meta.toml" in before.evidence[0]
    assert status_of(graph, f"{doc.ref}#dieu-1", date(2031, 5, 1)).status == "in_force"
    bare = resolve([parse_text(text, filename="nd-96-2031-vi-du.txt")])
    assert status_of(bare, "96/2031/NĐ-CP", date(2031, 5, 1)).status == "unknown"
