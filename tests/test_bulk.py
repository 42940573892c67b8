"""A fresh build writes the analysed fields in bulk: the index must be the one Whoosh's own
writer makes from the same entries — every term, its statistics and its postings."""

from __future__ import annotations

import time
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
    # the index's codec, with blocks of 100: long lists span several blocks
    codec = indexer.ArrayCodec(**{**indexer.CODEC_OPTIONS, "blocklimit": 100})
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
    monkeypatch.setattr(bulk, "SLICE_POSTINGS", 25_000)  # several slices of terms sorted
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
    held = set(terms)  # the term index's smaller hash tables still tell absent terms
    absent = [(f, t + b"x") for f, t in terms[::50] if (f, t + b"x") not in held]
    assert absent and not any(term in fast for term in absent)
    assert [fast.stored_fields(i)["key"] for i in range(fast.doc_count_all())] == [
        stock.stored_fields(i)["key"] for i in range(stock.doc_count_all())]


# texts whose terms sort differently as strings and as pairs of syllables: digits sort
# before "_", so "a1" comes before "a_b"; letter case, tone placement, punctuation marks
_AWKWARD = [
    "Hoà giải, HÒA GIẢI và hòa giải; khoản 1a Điều 5 (a1 a_b a 1 a 10a).",
    "x_y __ ___ 2_3 ư_ơ Ⅳ ½ ²",
    "", ".;", "một", "Một hai",
    "“Trích dẫn” [mục] {x} … a\nb\rc! d? e: f",
    "mã x\u0301y và q\u0323uốc",  # combining marks NFC cannot compose stay in their token
]


@pytest.mark.parametrize("folded", [False, True])
@pytest.mark.parametrize("unigrams,bigrams", [(True, False), (False, True), (True, True)])
def test_a_bulk_field_has_the_terms_the_analyzer_gives(folded: bool, unigrams: bool,
                                                       bigrams: bool) -> None:
    vocabulary = bulk.Vocabulary()
    analyzer = bulk.VietnameseAnalyzer(folded=folded, bigrams=bigrams, unigrams=unigrams)
    keys = [vocabulary.keys(text, folded, unigrams, bigrams) for text in _AWKWARD]
    for text, found in zip(_AWKWARD, keys, strict=True):
        texts = [t.decode() for t in vocabulary.term_bytes(vocabulary.ranked(found.copy()))]
        assert sorted(texts) == sorted(analyzer.terms(text)), text
    every = bulk.np.unique(bulk.np.concatenate(keys))
    in_key_order = list(vocabulary.term_bytes(bulk.np.sort(vocabulary.ranked(every))))
    assert in_key_order == sorted(in_key_order)  # the order a term index needs


def test_a_build_on_two_cores_reads_as_one_built_serially(tmp_path: Path,
                                                          shared_corpus: Path) -> None:
    docs = load_paths([shared_corpus], max_bytes=50_000_000).documents
    saved = tmp_path / "records"  # a file per record: the forked process saves its own
    saved.mkdir()

    def record(doc) -> str:
        (saved / doc.doc_id).touch()
        return doc.doc_id

    readers = {}
    for parts in (2, 1):
        folder = tmp_path / f"parts-{parts}"
        folder.mkdir()
        count = indexer.build(folder, docs, record, {}, parts=parts)
        ix = windex.open_dir(str(folder))
        assert len(ix._segments()) == parts
        assert not list(folder.glob(".run-*"))  # the runs' folders are joined and removed
        readers[parts] = ix.reader()
        assert count == readers[parts].doc_count_all()
        assert sorted(p.name for p in saved.iterdir()) == sorted(d.doc_id for d in docs)
    one, two = readers[1], readers[2]
    assert [one.stored_fields(i)["key"] for i in range(one.doc_count_all())] == [
        two.stored_fields(i)["key"] for i in range(two.doc_count_all())]
    terms = list(one.all_terms())
    assert terms == list(two.all_terms())
    for field, text in terms:
        assert one.doc_frequency(field, text) == two.doc_frequency(field, text), (field, text)
        assert (list(one.postings(field, text).items_as("weight"))
                == list(two.postings(field, text).items_as("weight"))), (field, text)
    for field in ("text", "bif", "title"):
        assert one.field_length(field) == two.field_length(field)


def test_a_run_whose_process_fails_is_written_by_the_parent(
        tmp_path: Path, shared_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = load_paths([shared_corpus], max_bytes=50_000_000).documents
    monkeypatch.setattr(indexer, "_run_in_child", lambda *args: indexer.os._exit(3))
    count = indexer.build(tmp_path, docs, lambda d: d.doc_id, {}, parts=2)
    reader = windex.open_dir(str(tmp_path)).reader()
    assert count == reader.doc_count_all()
    assert {reader.stored_fields(i)["doc_id"] for i in range(count)} == {d.doc_id for d in docs}


def test_a_failed_build_stops_its_other_processes(
        tmp_path: Path, shared_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = load_paths([shared_corpus], max_bytes=50_000_000).documents
    started = []
    fork_run = indexer._fork_run

    def remembered(*args):
        started.append(fork_run(*args))
        return started[-1]

    def record(doc) -> str:
        if doc is docs[0]:  # the first run's, in the forked process: still at work ...
            time.sleep(60)
        if doc is docs[-1]:  # ... when this process fails on its own run
            raise OSError("đĩa đầy")
        return doc.doc_id

    monkeypatch.setattr(indexer, "_fork_run", remembered)
    with pytest.raises(OSError, match="đĩa đầy"):
        indexer.build(tmp_path, docs, record, {}, parts=2)
    assert started and not any(p.is_alive() for p in started)


def test_a_large_build_uses_two_processes_only_when_asked(
        tmp_path: Path, shared_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from search import open_knowledge_base

    docs = load_paths([shared_corpus], max_bytes=50_000_000).documents
    monkeypatch.setattr(indexer, "PARALLEL_FROM", 10)  # the shared corpus counts as large
    monkeypatch.setattr(indexer.os, "cpu_count", lambda: 2)
    for cores, segments in ((1, 1), (2, 2)):
        kb = open_knowledge_base(tmp_path / str(cores), build_cores=cores)
        kb.rebuild(docs)
        folder = next((tmp_path / str(cores)).rglob("_MAIN_*.toc")).parent
        assert len(windex.open_dir(str(folder))._segments()) == segments
        assert kb.search("điều 13 30/2020/nđ-cp").target is not None
        kb.close()


def _written_one_by_one(folder: Path, docs, use_bulk: bool):
    """Return a reader of an index written a document per commit, then merged whole."""
    folder.mkdir()
    ix = windex.create_in(str(folder), indexer.make_schema())
    codec = indexer.ArrayCodec(**{**indexer.CODEC_OPTIONS, "blocklimit": 100})

    def open_writer():
        return (bulk.BulkWriter if use_bulk else SegmentWriter)(ix, codec=codec,
                                                                compound=False)
    for doc in docs:  # Whoosh's merge policy merges the small segments as they pile up
        w = open_writer()
        indexer.write_document(w, doc, doc.doc_id, {})
        w.commit()
    w = open_writer()
    indexer.delete_document(w, docs[0].doc_id)
    w.commit(optimize=True)  # every segment merged into one, a deleted entry left out
    return windex.open_dir(str(folder)).reader()


def test_updates_and_merges_write_what_whoosh_writes(tmp_path: Path,
                                                     shared_corpus: Path) -> None:
    docs = load_paths([shared_corpus], max_bytes=50_000_000).documents
    fast = _written_one_by_one(tmp_path / "bulk", docs, True)
    stock = _written_one_by_one(tmp_path / "stock", docs, False)
    assert fast.doc_count_all() == stock.doc_count_all() < sum(
        len(indexer.entries(d, d.doc_id, {})) for d in docs)
    terms = list(fast.all_terms())
    assert terms == list(stock.all_terms())
    for field, text in terms:
        assert _term_stats(fast, field, text) == _term_stats(stock, field, text), (field, text)
        assert (list(fast.postings(field, text).items_as("weight"))
                == list(stock.postings(field, text).items_as("weight"))), (field, text)
    assert [fast.stored_fields(i)["key"] for i in range(fast.doc_count_all())] == [
        stock.stored_fields(i)["key"] for i in range(stock.doc_count_all())]
