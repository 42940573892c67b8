"""A fresh build writes the analysed fields in bulk: the index must be the one Whoosh's own
writer makes from the same entries — every term, its statistics and its postings."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh.writing import SegmentWriter

import search.whoosh.bulk as bulk
from ingest.pipeline import load_paths
from search.whoosh import indexer


def _built(folder: Path, docs, use_bulk: bool):
    folder.mkdir()
    ix = windex.create_in(str(folder), indexer.make_schema())
    codec = indexer.ArrayCodec(blocklimit=100, compression=0)  # long lists: several blocks
    w = (bulk.BulkWriter if use_bulk else SegmentWriter)(ix, codec=codec, compound=False)
    for doc in docs:
        indexer.add_entries(w, doc, doc.doc_id, {})
    runs = getattr(w, "_spill", None)
    w.commit()
    assert runs is None or not runs.exists()  # the spilled runs are removed
    return windex.open_dir(str(folder)).reader()


def _term_stats(reader, field: str, text: bytes) -> tuple:
    info = reader.term_info(field, text)
    return (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
            info.max_weight(), info.min_id(), info.max_id())


def test_bulk_build_equals_whoosh_writer(tmp_path: Path, shared_corpus: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    docs = load_paths([shared_corpus], max_bytes=50_000_000).documents
    monkeypatch.setattr(bulk, "SPILL_POSTINGS", 40_000)  # several runs on disk, merged
    fast = _built(tmp_path / "bulk", docs, True)
    stock = _built(tmp_path / "stock", docs, False)
    terms = list(fast.all_terms())
    assert terms == list(stock.all_terms())
    assert {f for f, _ in terms} >= {"text", "fold", "bi", "bif", "head", "title", "key"}
    for field, text in terms:
        assert _term_stats(fast, field, text) == _term_stats(stock, field, text), (field, text)
        assert (list(fast.postings(field, text).items_as("weight"))
                == list(stock.postings(field, text).items_as("weight"))), (field, text)
    for field in ("text", "bif", "head"):
        assert fast.field_length(field) == stock.field_length(field)
    assert [fast.stored_fields(i)["key"] for i in range(fast.doc_count_all())] == [
        stock.stored_fields(i)["key"] for i in range(stock.doc_count_all())]
