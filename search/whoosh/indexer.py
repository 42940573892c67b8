"""The Whoosh schema and the writes: add/replace/remove documents, build a generation.

Searchable fields (all analysed by `search.text.VietnameseAnalyzer`):

- `text`  accented canonical syllables of heading + text (exact-accent matches),
- `fold`  the same, diacritics folded (queries typed without accents),
- `bi`, `bif`  adjacent syllable pairs, accented and folded (phrase-like precision),
- `head`  the article heading, folded syllables and pairs,
- `title` the document's type and title, folded syllables and pairs (a document prior).

Identifier fields: `key` (unique), `doc_id`, `number_key` (normalised số hiệu), `refs`
(numbers the entry cites), `kind`; filter fields `type_slug`, `issuer_slug`, `year`,
`status`.  Everything a hit shows is stored; a document's own entry also stores `targets`,
the names of the documents it amends, repeals or replaces (an update reads only the records
whose statuses it can change: see search.whoosh.writes).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from whoosh import index as windex
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import TOC

from ingest.models import Document
from search.entries import doc_number_key, entries
from search.whoosh.analysis import VietnameseAnalyzer as VA
from search.whoosh.bulk import BulkWriter
from search.whoosh.codec import ArrayCodec

STORED_FIELDS = (
    "doc_number", "doc_title", "doc_type", "issuer", "issued", "effective_from", "article",
    "path", "breadcrumb", "heading", "body", "spans", "record", "order", "doc_status",
    "statuses", "targets",
)
# Large posting blocks: the scorer decodes whole posting lists (see search.whoosh.codec).
# A term in fewer than four entries (most syllable pairs) keeps its postings in the term
# index: a block in the postings file costs about 60 bytes more.
CODEC_OPTIONS = {"blocklimit": 1024, "compression": 0, "inlinelimit": 4}


def make_schema() -> Schema:
    """Return the index schema."""
    fields = {name: STORED for name in STORED_FIELDS}
    fields.update(
        key=ID(stored=True, unique=True), doc_id=ID(stored=True), kind=ID(stored=True),
        number_key=ID(stored=True), refs=KEYWORD(scorable=False),
        type_slug=ID(stored=True), issuer_slug=ID(stored=True), year=ID(stored=True),
        status=ID(stored=True),
        text=TEXT(analyzer=VA(), phrase=False),
        fold=TEXT(analyzer=VA(folded=True), phrase=False),
        bi=TEXT(analyzer=VA(bigrams=True), phrase=False),
        bif=TEXT(analyzer=VA(folded=True, bigrams=True), phrase=False),
        head=TEXT(analyzer=VA(folded=True, bigrams=True, unigrams=True), phrase=False),
        title=TEXT(analyzer=VA(folded=True, bigrams=True, unigrams=True), phrase=False),
    )
    return Schema(**fields)


def open_or_create(folder: Path) -> windex.Index:
    """Return the Whoosh index in a folder, creating an empty one if there is none."""
    folder.mkdir(parents=True, exist_ok=True)
    if windex.exists_in(str(folder)):
        return windex.open_dir(str(folder))
    return windex.create_in(str(folder), make_schema())


def writer(ix: windex.Index) -> BulkWriter:
    """Return a writer with the scorer-friendly codec, the analysed fields written in bulk
    (waits for Whoosh's lock)."""
    # one file per part of a segment, not one compound file: Whoosh reads a compound file's
    # parts by copying each into memory (BytesIO), the whole index at every open
    return BulkWriter(ix, codec=ArrayCodec(**CODEC_OPTIONS), limitmb=128, compound=False)


def write_document(w, doc: Document, record: str, statuses: dict[str, str]) -> int:
    """Replace a document's entries in an open writer; return the number of entries added."""
    delete_document(w, doc.doc_id, doc_number_key(doc))
    return add_entries(w, doc, record, statuses)


def add_entries(w, doc: Document, record: str, statuses: dict[str, str]) -> int:
    """Add a document's entries to an open writer; return how many."""
    rows = entries(doc, record, statuses)
    known = set(w.schema.names())  # an index made before a field was added lacks it
    for row in rows:
        w.add_document(**{k: v for k, v in row.items() if v is not None and k in known})
    return len(rows)


def delete_document(w, doc_id: str, number_key: str | None = None) -> None:
    """Delete every entry of a document (by id, and by number for a renamed file)."""
    w.delete_by_term("doc_id", doc_id)
    if number_key:
        w.delete_by_term("number_key", number_key)


def build(folder: Path, docs: Sequence[Document], record: Callable[[Document], str],
          statuses: dict[str, str], parts: int = 1) -> int:
    """Write a fresh index of the documents in `folder` (`record(doc)` saves a document's
    record and returns its name); return the number of entries.

    With parts > 1 the documents are cut into that many runs of about as many entries; each
    run but the last is written by a forked process as a segment of its own while this one
    writes the last, and the segments are joined in order (the entries keep their order, so
    the index reads as one built serially).  A run whose process fails is written here."""
    runs = _runs(docs, parts)
    children = [_fork_run(folder / f"{_RUN_PREFIX}{i}", run, record, statuses)
                for i, run in enumerate(runs[:-1])]
    try:
        count = _write_run(folder, runs[-1], record, statuses)
    except BaseException:
        for child in children:  # the build failed: its other runs are not waited for
            child.kill()
            child.join()
        raise
    for i, (run, child) in enumerate(zip(runs[:-1], children, strict=True)):
        child.join()
        sub = folder / f"{_RUN_PREFIX}{i}"
        if child.exitcode != 0:  # write it here: the same error, if any, is then raised here
            shutil.rmtree(sub, ignore_errors=True)
            count += _write_run(sub, run, record, statuses)
        else:
            count += windex.open_dir(str(sub)).doc_count_all()
    _join_runs(folder, [folder / f"{_RUN_PREFIX}{i}" for i in range(len(children))])
    return count


_RUN_PREFIX = ".run-"  # sub-folders a forked process writes a run of the documents in
PARALLEL_FROM = 5_000  # articles and annexes from which a fresh build uses every core


def build_parts(docs: Sequence[Document], cores: int = 1) -> int:
    """Return how many processes a fresh build of the documents should use: up to `cores`
    (at most one per core) from PARALLEL_FROM articles and annexes where processes can be
    forked, else one (a small build is done before processes would start).  Each process
    holds its own copy of the pages of documents it reads: two hold about 1.5 times the
    memory of one."""
    cores = min(cores, os.cpu_count() or 1)
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    size = sum(_entries_of(d) for d in docs)
    return min(cores, size // PARALLEL_FROM) or 1


def _entries_of(doc: Document) -> int:
    """Return how many articles and annexes a document has."""
    return len(doc.articles()) + len(doc.annexes)


def _runs(docs: Sequence[Document], parts: int) -> list[Sequence[Document]]:
    """Return the documents cut into at most `parts` consecutive runs of about as many
    articles and annexes (at least one run, none empty)."""
    weights = [1 + _entries_of(d) for d in docs]
    total, runs, start, acc = sum(weights), [], 0, 0
    for i, w in enumerate(weights):
        acc += w
        if len(runs) < parts - 1 and acc >= total * (len(runs) + 1) / parts and i + 1 < len(docs):
            runs.append(docs[start: i + 1])
            start = i + 1
    return [*runs, docs[start:]]


def _write_run(folder: Path, docs: Iterable[Document], record: Callable[[Document], str],
               statuses: dict[str, str]) -> int:
    """Write the documents as a fresh index in `folder` (one segment); return its entries."""
    folder.mkdir(parents=True, exist_ok=True)
    w = writer(windex.create_in(str(folder), make_schema()))
    count = 0
    try:
        for doc in docs:
            count += add_entries(w, doc, record(doc), statuses)
    except BaseException:
        w.cancel()
        raise
    w.commit()
    return count


def _fork_run(folder: Path, docs: Sequence[Document], record: Callable[[Document], str],
              statuses: dict[str, str]):
    """Start a forked process writing a run (it reads the documents this process holds; no
    copy is sent).  Return the process; its exit code is 0 when the run is written."""
    process = multiprocessing.get_context("fork").Process(
        target=_run_in_child, args=(folder, docs, record, statuses), daemon=True)
    # The objects held now are left out of the child's garbage collections: a collection
    # writes to every object it scans, which would copy this process's memory page by page.
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    return process


def _run_in_child(folder: Path, docs, record, statuses) -> None:
    try:
        _write_run(folder, docs, record, statuses)
    except BaseException:  # noqa: BLE001 - the parent writes the run again and reports
        os._exit(1)
    os._exit(0)


def _join_runs(folder: Path, subs: list[Path]) -> None:
    """Make the segments written in `subs` the first segments of the index in `folder`, in
    order (their files moved in, one new table of contents), and remove the sub-folders."""
    if not subs:
        return
    segments = []
    for sub in subs:
        for segment in windex.open_dir(str(sub))._segments():
            for name in os.listdir(sub):
                if name.startswith(f"{segment.indexname}_{segment.segid}."):
                    os.replace(sub / name, folder / name)
            segments.append(segment)
    ix = windex.open_dir(str(folder))
    toc = ix._read_toc()
    TOC(toc.schema, [*segments, *toc.segments], toc.generation + 1).write(
        ix.storage, ix.indexname)
    for sub in subs:
        shutil.rmtree(sub, ignore_errors=True)
    for name in os.listdir(folder):  # tables of contents older than the one just written
        if name.startswith(f"_{ix.indexname}_") and name != TOC._filename(
                ix.indexname, toc.generation + 1):
            os.remove(folder / name)
