"""Paths -> Documents: find the files, extract their text, parse structure and metadata.

    iter_files(paths) -> sorted document files under files and folders
    load_path(path) -> [Document]   (one per file; several for a bulk JSON corpus), with
                                    the relations their text states
    load_each(files) -> FileOutcome per file (documents or the typed error), in order:
                        the one file loop the CLI, corpus sync and evaluation share
    load_paths(paths, on_file=...) -> PipelineResult of every file under paths
    parse_text(text, ...) -> Document
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import extract
from .bulk import load_bulk
from .errors import (
    DEFAULT_MAX_BYTES,
    CorruptFile,
    EmptyDocument,
    IngestError,
    TooLarge,
    Unexpected,
    UnsupportedFormat,
)
from .header import parse_front
from .ids import slugify
from .layout import clean_lines, split_layout
from .mend import mend_lines
from .metadata import merge, missing_warnings, sidecar_values
from .models import Document, Extracted, Relation, SourceFile
from .patterns import is_note
from .phapdien import bundle_documents, is_bundle, read_bundle
from .portal import split_portal
from .relations import extract_relations
from .report import counts, numbering_warnings
from .sidecar import is_sidecar, read_sidecar
from .signature import parse_tail
from .sources import from_filename, from_notes
from .structure import structure_from_layout

BULK_SUFFIXES = (".json",)
BUNDLE_SUFFIXES = (".zip",)  # the Code of Law export (ingest.phapdien)
BUNDLE_MAX_BYTES = 200 * 2**20  # the export is one file of ~20 MB; its pages are read one by one


def supported_suffixes() -> tuple[str, ...]:
    """Return the file suffixes ingest reads (the extractors' formats plus bulk JSON)."""
    return (*extract.SUPPORTED, *BULK_SUFFIXES, *BUNDLE_SUFFIXES)


@dataclass
class PipelineResult:
    """The outcome of loading many paths: documents, and failures as (path, error)."""

    documents: list[Document] = field(default_factory=list)
    failures: list[tuple[Path, IngestError]] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        """Return True when no file failed."""
        return not self.failures


def _skipped(path: Path) -> bool:
    """Return True for hidden files and folder notes (README.md) met while walking a folder."""
    hidden = any(part.startswith(".") and part not in (".", "..") for part in path.parts)
    return hidden or path.stem.lower() == "readme" or is_sidecar(path)


def iter_files(paths: Iterable[Path]) -> list[Path]:
    """Return the document files under the given files and folders, sorted, without sidecars.

    Folders are walked for supported suffixes, skipping hidden files, README files and
    `*.meta.toml` sidecars;
    files named explicitly are kept whatever their suffix (loading them reports why not).
    """
    suffixes = supported_suffixes()
    found: set[Path] = set()
    for path in map(Path, paths):
        if path.is_dir() and is_bundle(path):
            found.add(path)  # the unpacked Code of Law export is one source
        elif path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file()
                         and p.suffix.lower() in suffixes and not _skipped(p.relative_to(path))
                         and (p.suffix.lower() not in BUNDLE_SUFFIXES or is_bundle(p)))
        else:
            found.add(path)
    return sorted(found)


def _source(path: Path, extracted: Extracted) -> SourceFile:
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return SourceFile(path=str(path), format=extracted.format, sha256=digest,
                      pages=extracted.pages, ocr=extracted.ocr)


def load_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
              on_page: Callable[[int, int, int], None] | None = None) -> list[Document]:
    """Return the Documents of one file; raise an IngestError subclass when it cannot be read.
    on_page(pages done, pages, articles) reports a Code of Law export as it is read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if is_bundle(path):
        return load_bundle(path, max_bytes=max_bytes, on_page=on_page)
    if suffix in BULK_SUFFIXES:
        return [with_relations(d) for d in load_bulk(path, max_bytes=max_bytes)]
    if suffix not in extract.FORMATS_BY_SUFFIX:
        raise UnsupportedFormat(path, f"đuôi tệp '{suffix or '(không có)'}'; hỗ trợ: "
                                      + ", ".join(supported_suffixes()))
    extracted = extract.extract_file(path, max_bytes=max_bytes)
    if not split_portal(clean_lines(extracted.text))[0]:
        raise EmptyDocument(path, "chỉ có thông báo của trang web (cổng pháp luật), "
                                  "không có nội dung văn bản")
    sidecar = read_sidecar(path)
    doc = parse_text(extracted.text, source=_source(path, extracted),
                     filename=path.name, sidecar=sidecar)
    if extracted.warnings:
        doc = replace(doc, warnings=(*extracted.warnings, *doc.warnings))
    return [with_relations(doc)]


def load_bundle(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, limit: int | None = None,
                on_page: Callable[[int, int, int], None] | None = None) -> list[Document]:
    """Return the documents of the Code of Law export (zip or folder): one per source
    document, with the relations their notes and related-provision links state."""
    if path.is_file():
        TooLarge.check(path, path.stat().st_size, max(max_bytes, BUNDLE_MAX_BYTES))
    try:
        groups, nodes = read_bundle(path, limit=limit, on_page=on_page)
    except (OSError, zipfile.BadZipFile) as exc:
        raise CorruptFile(path, f"không đọc được Bộ Pháp điển ({exc})") from exc
    if not groups:
        raise EmptyDocument(path, "Bộ Pháp điển không có điều nào ghi rõ văn bản nguồn")
    source = SourceFile(path=str(path), format="phapdien")
    docs = bundle_documents(groups, source, nodes)
    del groups, nodes  # the pages' articles are not needed once the documents are made
    return with_relations_parallel(docs)


PARALLEL_AT = 200  # documents from which relations are read on every core


def with_relations_parallel(docs: list[Document], workers: int | None = None,
                            least: int = PARALLEL_AT) -> list[Document]:
    """Return the documents with their relations, read on every core when there are at least
    `least` documents (the order kept; one process when fewer, or when processes cannot be
    started).  Workers send back only what they found, so the documents are held once."""
    workers = workers or os.cpu_count() or 1
    found = None
    if workers >= 2 and len(docs) >= least:
        found = _found_on_cores(docs, workers)
    if found is None:
        found = _found(docs)
    return [_with_found(d, f) for d, f in zip(docs, found, strict=True)]


Found = tuple[tuple[Relation, ...], tuple[str, ...]]


def _found_on_cores(docs: list[Document], workers: int) -> list[Found] | None:
    """Return what each document's text states, read by `workers` processes (None when
    processes cannot be started).  Where processes are forked, this one reads too, from the
    last documents back, while workers - 1 forked ones read from the first on: as fast as
    `workers` forked workers, with one process less holding memory."""
    size = max(1, len(docs) // (workers * 8))
    ranges = deque((i, min(i + size, len(docs))) for i in range(0, len(docs), size))
    try:
        if "fork" in multiprocessing.get_all_start_methods():
            return _found_here_and_forked(docs, ranges, workers - 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:  # documents sent to them
            return [f for part in pool.map(_found, (docs[a:b] for a, b in ranges))
                    for f in part]
    except (OSError, BrokenProcessPool):
        return None


def _found_here_and_forked(docs: list[Document], ranges: deque[tuple[int, int]],
                           forks: int) -> list[Found]:
    """Return what the documents state, the ranges read by `forks` forked workers from the
    front and by this process from the back."""
    global _SHARED
    _SHARED = docs  # forked workers read the documents held here
    found: dict[int, list[Found]] = {}
    sent: list[tuple[int, Future]] = []
    try:
        with ProcessPoolExecutor(forks, multiprocessing.get_context("fork")) as pool:
            while ranges or sent:
                while ranges and len(sent) < 2 * forks:  # the workers never wait for work
                    start, end = ranges.popleft()
                    sent.append((start, _submit(pool, _found_shared, (start, end))))
                if ranges:
                    start, end = ranges.pop()
                    found[start] = _found(docs[start:end])
                else:
                    wait([f for _, f in sent], return_when=FIRST_COMPLETED)
                for start, future in [x for x in sent if x[1].done()]:
                    found[start] = future.result()
                    sent.remove((start, future))
    finally:
        _SHARED = None
    return [f for start in sorted(found) for f in found[start]]


def _submit(pool: ProcessPoolExecutor, fn, *args) -> Future:
    """Return pool.submit(fn, *args), the objects held now left out of the garbage
    collections of processes it forks (a collection writes to every object it scans, which
    would copy this process's memory page by page)."""
    gc.freeze()
    try:
        return pool.submit(fn, *args)
    finally:
        gc.unfreeze()


_SHARED: list[Document] | None = None  # the documents a forked pool's workers read


def _found_shared(bounds: tuple[int, int]) -> list[Found]:
    """Return what the documents [start, end) of the shared list state (in a forked
    worker, which holds the parent's documents without their being sent)."""
    return _found(_SHARED[bounds[0]: bounds[1]])


def _found(docs: list[Document]) -> list[Found]:
    return [_own_relations(d) for d in docs]


def _own_relations(doc: Document) -> Found:
    """Return the relations a document's text states followed by those it carries, and its
    warnings (with one more if reading the relations failed)."""
    found = with_relations(replace(doc, relations=()))
    return (*found.relations, *doc.relations), found.warnings


def _with_found(doc: Document, found: Found) -> Document:
    relations, warnings = found
    return replace(doc, relations=relations, warnings=warnings)


def with_relations(doc: Document) -> Document:
    """Return the document with the relations its text states (a warning if they fail)."""
    try:
        return replace(doc, relations=extract_relations(doc))
    except Exception as exc:  # noqa: BLE001 - a relation bug must not lose the document
        return replace(doc, warnings=(*doc.warnings,
                                      f"Không đọc được quan hệ văn bản ({type(exc).__name__})"))


@dataclass(frozen=True)
class FileOutcome:
    """What loading one file gave: its documents, or the typed error that stopped it."""

    path: Path
    documents: tuple[Document, ...] = ()
    error: IngestError | None = None


def load_outcome(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 on_page: Callable[[Path, int, int, int], None] | None = None) -> FileOutcome:
    """Return the outcome of loading one file; never raises for what the file holds."""
    pages = None if on_page is None else (lambda d, t, n: on_page(path, d, t, n))
    try:
        return FileOutcome(path, tuple(load_path(path, max_bytes=max_bytes, on_page=pages)))
    except IngestError as exc:
        return FileOutcome(path, error=exc)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the batch
        return FileOutcome(path, error=Unexpected(path, type(exc).__name__))


def load_each(files: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
              on_page: Callable[[Path, int, int, int], None] | None = None
              ) -> Iterator[FileOutcome]:
    """Yield the outcome of each file in turn (the one file loop of phapquy); on_page(path,
    pages done, pages, articles) reports a Code of Law export as its pages are read."""
    for path in files:
        yield load_outcome(Path(path), max_bytes=max_bytes, on_page=on_page)


def load_paths(paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
               on_file: Callable[[FileOutcome], None] | None = None) -> PipelineResult:
    """Return the Documents of every file under paths; failures are collected, not raised."""
    result = PipelineResult()
    for outcome in load_each(iter_files(paths), max_bytes=max_bytes):
        result.files += 1
        result.documents.extend(outcome.documents)
        if outcome.error is not None:
            result.failures.append((outcome.path, outcome.error))
        if on_file is not None:
            on_file(outcome)
    return result


def parse_text(text: str, *, source: SourceFile | None = None, filename: str = "",
               sidecar: dict[str, Any] | None = None) -> Document:
    """Return the Document a text holds: metadata, body, annexes, warnings and report."""
    lines, portal = split_portal(clean_lines(text))
    layout = split_layout(mend_lines(lines))
    front, sig = parse_front(layout.front), parse_tail(layout.tail)
    notes = from_notes([line for line in layout.body if is_note(line)])
    fname = from_filename(Path(filename).name) if filename else from_filename("")
    warnings: list[str] = []
    side = sidecar_values(sidecar, warnings)
    number = merge(side, front, sig, (), notes, fname, portal).values.get("number")
    doc_id = slugify(number) if number else slugify(Path(filename).stem or "van-ban")
    body, annexes, structure_warnings = structure_from_layout(layout, number or doc_id)
    meta = merge(side, front, sig, body, notes, fname, portal)
    warnings = [*missing_warnings(meta), *meta.warnings, *warnings, *structure_warnings,
                *numbering_warnings(body)]
    v = meta.values
    return Document(
        doc_id=doc_id, number=number, doc_type=v.get("doc_type"), issuer=v.get("issuer"),
        title=v.get("title"), issued=v.get("issued"), effective_from=v.get("effective_from"),
        place=v.get("place"), signer=v.get("signer"), signer_title=v.get("signer_title"),
        basis=tuple(front.basis), preamble=front.preamble, body=body, annexes=annexes,
        recipients=sig.recipients, source=source, warnings=tuple(warnings),
        report=counts(body, annexes), meta_sources=tuple(meta.sources.items()),
    )
