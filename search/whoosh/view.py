"""A consistent read-only view of one index generation: searcher, scorer, catalogue.

A view is opened on the live generation and kept while that generation is current and
Whoosh says its searcher is up to date; readers therefore never see a half-written index
(Whoosh commits by renaming its table of contents; rebuilds swap the CURRENT pointer).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from whoosh import index as windex

from ingest.ids import slugify
from search.entries import DOCUMENT_ENTRY
from search.hits import FILTERS
from search.lexicon import CODE_NAMES
from search.numbers import DocEntry, NumberIndex, find_numbers, parse_number
from search.text import fold
from search.whoosh.scoring import FieldParams, ScoringView

# BM25 parameters per field: long articles should not drown short precise ones (b < 0.75);
# term frequency saturates early (k1 0.9: a word said once in a short clause counts nearly as
# much as one repeated through a long article), measured on domain-dev, the independent set
# and ALQAC together.
PARAMS = {
    "text": FieldParams(0.9, 0.6), "fold": FieldParams(0.9, 0.6),
    "bi": FieldParams(0.9, 0.6), "bif": FieldParams(0.9, 0.6),
    "head": FieldParams(1.2, 0.9), "title": FieldParams(1.2, 0.3),
}
ANNEX_PRIOR = 0.6
STORED_KEPT = 2048  # entries whose stored fields a view keeps (a few MB)
FACET_FIELDS = {f.name: f.index_field for f in FILTERS}


@dataclass(frozen=True)
class CatalogEntry:
    """What the catalogue keeps of each document (from its own index entry)."""

    docnum: int
    doc_id: str
    ref: str  # number or id: the prefix of its provision keys
    number: str
    number_key: str
    doc_type: str
    issuer: str
    title: str
    year: str
    record: str
    statuses: dict
    issued: str = ""  # ISO date, "" when unknown
    targets: tuple[str, ...] | None = None  # names it amends/repeals/replaces; None: not stored


def _tuple(value: list | None) -> tuple | None:
    return None if value is None else tuple(value)


class IndexView:
    """Searcher, scorer and document catalogue of one index generation."""

    def __init__(self, folder: Path, stamp: object) -> None:
        self.folder = folder
        self.stamp = stamp
        self.ix = windex.open_dir(str(folder))
        self.searcher = self.ix.searcher()
        # the entries a search ranks near the top are read again by the next step and by
        # the next queries (their headings compared, then their hits made): keep the latest
        self._stored = lru_cache(maxsize=STORED_KEPT)(self.searcher.stored_fields)
        self.scoring = ScoringView(self.searcher.reader(), PARAMS)
        self.catalog = self._catalog()
        self.by_id = {c.doc_id: c for c in self.catalog}
        self.by_ref = {c.ref: c for c in self.catalog}
        # facet values are shown by name: slug -> type / issuer as written
        self.labels = {
            "type_slug": {slugify(c.doc_type): c.doc_type for c in self.catalog if c.doc_type},
            "issuer_slug": {slugify(c.issuer): c.issuer for c in self.catalog if c.issuer}}
        self._names = {}
        for c in reversed(self.catalog):  # the first document wins a shared name
            for name in _names_of(c):
                if _name_key(name):
                    self._names[_name_key(name)] = c
        self.numbers = NumberIndex([DocEntry(c.doc_id, c.number, c.doc_type or None)
                                    for c in self.catalog])
        doc_mask = self.scoring.mask("kind", DOCUMENT_ENTRY)
        self.entry_mask = self.scoring.live & ~doc_mask
        self.doc_mask = self.scoring.live & doc_mask
        # Annexes hold forms and procedure sheets: long texts that share many words with
        # any query but rarely state the rule itself.
        self.prior = np.where(self.scoring.mask("kind", "annex"), ANNEX_PRIOR, 1.0
                              ).astype(np.float32)

    def close(self) -> None:
        """Release the searcher's files."""
        self.searcher.close()

    def fresh(self) -> bool:
        """Return True while no commit happened after this view was opened."""
        try:
            return self.searcher.up_to_date()
        except OSError:
            return False

    def _catalog(self) -> list[CatalogEntry]:
        out = []
        ids, _ = self.scoring.postings("kind", DOCUMENT_ENTRY, cache=False)
        for docnum in sorted(int(i) for i in ids):
            f = self.searcher.stored_fields(docnum)
            out.append(CatalogEntry(
                docnum, f["doc_id"], f["key"], f.get("doc_number", ""), f.get("number_key", ""),
                f.get("doc_type", ""), f.get("issuer", ""), f.get("doc_title", ""),
                f.get("year", ""), f.get("record", ""), f.get("statuses") or {},
                f.get("issued", ""), _tuple(f.get("targets"))))
        return out

    # --- look-ups ------------------------------------------------------------------------

    def stored(self, docnum: int) -> dict:
        """Return the stored fields of an entry (shared: not to be changed)."""
        return self._stored(int(docnum))

    def docnum_of(self, key: str) -> int | None:
        """Return the entry number of a key, or None."""
        return self.searcher.document_number(key=key)

    def entries_of(self, field: str, value: str) -> list[int]:
        """Return the live entry numbers whose keyword field holds a value."""
        ids, _ = self.scoring.postings(field, value, cache=False)
        return [int(i) for i in ids]

    def citing(self, cited: str, key: str | None = None) -> list[int]:
        """Return the live entries citing a document by its number and year ('91/2015'),
        less those citing only another document of that number and year by its whole
        number (91/2015/NĐ-CP, when the document's own `key` is '91/2015/qh13')."""
        found = self.entries_of("refs", cited)
        others = [t.decode("utf-8") for t in self.scoring.reader.expand_prefix(
            "refs", f"{cited}/")] if key else []
        if not any(t != key for t in others):
            return found
        own = set(self.entries_of("refs", key))
        elsewhere = {d for t in others if t != key for d in self.entries_of("refs", t)}
        return [d for d in found if d in own or d not in elsewhere]

    def find(self, text: str) -> CatalogEntry | None:
        """Return the document a number, id or name names, in any common spelling."""
        text = " ".join(text.split())
        if not text:
            return None
        exact = self.by_ref.get(text) or self.by_id.get(text) or self.by_id.get(slugify(text))
        if exact is not None:
            return exact
        for ref in find_numbers(text):
            found = self.numbers.resolve(ref)
            if found is not None:
                return self.by_id[found.doc_id]
        return self.by_name(text)

    def by_name(self, text: str) -> CatalogEntry | None:
        """Return the document whose name ('Luật Thương mại', 'Luật Du lịch') is the text."""
        return self._names.get(_name_key(text)) if text else None

    def filter_mask(self, filters: dict[str, tuple[str, ...]]) -> np.ndarray:
        """Return the entries whose keyword fields hold one of the wanted values, per field."""
        out = self.scoring.live.copy()
        for field, values in filters.items():
            has = np.zeros(self.scoring.n, dtype=bool)
            for value in values:
                has |= self.scoring.mask(field, value)
            out &= has
        return out

    def count_articles(self) -> tuple[int, int]:
        """Return (articles, annexes) in the index."""
        return (len(self.entries_of("kind", "article")), len(self.entries_of("kind", "annex")))

    def has_term(self, field: str, text: str) -> bool:
        """Return True if any live entry holds the term."""
        return self.searcher.reader().doc_frequency(field, text) > 0


def _names_of(c: CatalogEntry) -> tuple[str, ...]:
    """Return the names a document is called by: its number, its type and title, and
    those with its year ('Luật Thương mại 2005', '… năm 2005': the year of its number, else
    of its issue)."""
    title_key = _name_key(c.title)
    same = c.doc_type and (title_key + " ").startswith(_name_key(c.doc_type) + " ")
    name = c.title if same else f"{c.doc_type} {c.title}"  # "Bộ luật Lao động" once
    own = parse_number(c.number) if c.number else None
    year = (own.year if own else None) or c.issued[:4]
    return (c.number, name, *((f"{name} {year}", f"{name} năm {year}") if year else ()))


def _name_key(text: str | None) -> str:
    """Return a comparison key of a document name: folded syllables, no punctuation, a
    code's abbreviation spelled out ('BLDS 2015' as 'Bộ luật Dân sự 2015')."""
    folded = (fold(w) for w in (text or "").lower().replace(",", " ").split())
    return " ".join(_CODES.get(w, w) for w in folded)


# folded, typed with or without đ -> the code's folded name
_CODES = {fold(short): " ".join(fold(w) for w in name.split())
          for short, name in CODE_NAMES.items()}

