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

from collections.abc import Iterable
from pathlib import Path

from whoosh import index as windex
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

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
CODEC_OPTIONS = {"blocklimit": 1024, "compression": 0}


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


def writer(ix: windex.Index):
    """Return a Whoosh writer with the scorer-friendly codec (waits for Whoosh's lock)."""
    from whoosh.writing import SegmentWriter

    # one file per part of a segment, not one compound file: Whoosh reads a compound file's
    # parts by copying each into memory (BytesIO), the whole index at every open
    return SegmentWriter(ix, codec=ArrayCodec(**CODEC_OPTIONS), limitmb=128, compound=False)


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


def build(folder: Path, items: Iterable[tuple[Document, str]],
          statuses: dict[str, str]) -> int:
    """Write a fresh index of (document, record name) pairs in `folder`; return entries."""
    ix = windex.create_in(str(folder), make_schema())
    w = BulkWriter(ix, codec=ArrayCodec(**CODEC_OPTIONS), limitmb=128, compound=False)
    count = 0
    try:
        for doc, record in items:
            count += add_entries(w, doc, record, statuses)
    except BaseException:
        w.cancel()
        raise
    w.commit()
    return count
