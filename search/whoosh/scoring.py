"""BM25F ranking over the Whoosh index's postings, vectorised with numpy.

Whoosh's own matchers walk postings one by one in Python: an OR query of forty terms over
50,000 articles takes about a second.  Here each query term's posting list is read once
from the index (whole blocks at a time), cached per index generation as arrays, and scored
for all entries at once.  Whoosh remains the store: terms, postings, field lengths,
deletions, stored fields, atomic commits.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import _length_byte_cache

from search.query import QueryTerm

_BYTE_TO_LENGTH = np.array(_length_byte_cache, dtype=np.float32)
CACHE_POSTINGS = 8_000_000  # postings kept decoded (8 bytes each: about 64 MB)
CACHE_FREQUENCIES = 200_000  # terms whose entry counts are kept (about 30 MB at most)
MAX_DF_SHARE = 0.3  # terms in more entries than this share are skipped ...
MIN_KEPT = 4  # ... unless no other term is left: then the rarest few are scored
PRUNE_FROM_DF = 5_000  # small indexes are scored exactly: only long lists are skipped
# A body term that the entry's document title also holds counts this share of its score:
# the title field credits it once per entry, and every article of that document shares it,
# so in the text it tells the document's articles apart no more than any other word does.
TITLE_HELD = 0.6


@dataclass(frozen=True)
class FieldParams:
    """BM25 parameters of one field."""

    k1: float = 1.2
    b: float = 0.75


class ScoringView:
    """Arrays over one reader: live entries, field lengths, keyword codes, postings."""

    def __init__(self, reader, params: dict[str, FieldParams]) -> None:
        self.reader = reader
        self.params = params
        self.leaves = reader.leaf_readers()
        self.n = reader.doc_count_all()
        self.live = self._live()
        self._lengths: dict[str, tuple[np.ndarray, float]] = {}
        self._codes: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached = 0
        self._frequencies: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def _live(self) -> np.ndarray:
        live = np.zeros(self.n, dtype=bool)
        for leaf, offset in self.leaves:
            ids = np.fromiter(leaf.all_doc_ids(), dtype=np.int64)
            live[ids + offset] = True
        return live

    # --- per-field arrays ----------------------------------------------------------------

    def lengths(self, field: str) -> tuple[np.ndarray, float]:
        """Return (length of the field in each entry, average over live entries)."""
        if field not in self._lengths:
            out = np.zeros(self.n, dtype=np.float32)
            for leaf, offset in self.leaves:
                out[offset:offset + leaf.doc_count_all()] = _leaf_lengths(leaf, field)
            live = out[self.live]
            avg = float(live[live > 0].mean()) if live.any() else 1.0
            self._lengths[field] = (out, avg or 1.0)
        return self._lengths[field]

    def codes(self, field: str) -> tuple[np.ndarray, list[str]]:
        """Return (code of each entry's value in a keyword field, values by code; -1 none)."""
        if field not in self._codes:
            codes = np.full(self.n, -1, dtype=np.int32)
            values = sorted({t.decode() if isinstance(t, bytes) else t
                             for t in self.reader.lexicon(field)})
            for code, value in enumerate(values):
                ids, _ = self.postings(field, value, cache=False)
                codes[ids] = code
            self._codes[field] = (codes, values)
        return self._codes[field]

    def mask(self, field: str, value: str, cache: bool = False) -> np.ndarray:
        """Return a boolean array: entries whose field holds the value (its postings kept
        decoded if `cache`)."""
        out = np.zeros(self.n, dtype=bool)
        ids, _ = self.postings(field, value, cache=cache)
        out[ids] = True
        return out

    # --- postings ------------------------------------------------------------------------

    def postings(self, field: str, text: str, cache: bool = True
                 ) -> tuple[np.ndarray, np.ndarray]:
        """Return (entry numbers, term frequencies) of a term, live entries only."""
        key = (field, text)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        ids, tfs = self._read(field, text)
        keep = self.live[ids]
        if not keep.all():
            ids, tfs = ids[keep], tfs[keep]
        if cache:
            self._remember(key, (ids, tfs))
        return ids, tfs

    def _read(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        parts_i, parts_w = [], []
        for leaf, offset in self.leaves:
            try:  # one look-up of the term, not a test and then a look-up
                matcher = leaf.postings(field, text)
            except TermNotFound:
                continue
            ids, ws = _leaf_postings(matcher)
            parts_i.append(ids + offset)
            parts_w.append(ws)
        if not parts_i:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        return np.concatenate(parts_i).astype(np.int32), np.concatenate(parts_w)

    def _remember(self, key: tuple[str, str], value: tuple[np.ndarray, np.ndarray]) -> None:
        with self._lock:
            self._cache[key] = value
            self._cached += len(value[0])
            while self._cached > CACHE_POSTINGS and len(self._cache) > 1:
                _, (old, _) = self._cache.popitem(last=False)
                self._cached -= len(old)

    # --- scoring -------------------------------------------------------------------------

    def score(self, terms: list[QueryTerm]) -> np.ndarray:
        """Return the BM25F score of every entry for a weighted bag of terms.

        A body term (with a `title` form) that the entry's document title holds counts
        TITLE_HELD of its score there.  Terms found in more than MAX_DF_SHARE of the
        entries (and in more than PRUNE_FROM_DF entries) are skipped: their IDF is low, they
        carry little of any ranking, and their long posting lists would cost most of the
        time of a query on a large corpus.
        """
        scores = np.zeros(self.n, dtype=np.float32)
        live_n = max(int(self.live.sum()), 1)
        for t in self._informative(terms, live_n):
            ids, tfs = self.postings(t.field, t.text)
            if not len(ids):
                continue
            p = self.params.get(t.field, FieldParams())
            lengths, avg = self.lengths(t.field)
            idf = math.log(1 + (live_n - len(ids) + 0.5) / (len(ids) + 0.5))
            norm = p.k1 * (1 - p.b + p.b * lengths[ids] / avg)
            part = t.weight * idf * tfs * (p.k1 + 1) / (tfs + norm)
            if t.title:
                held = self.mask("title", t.title, cache=True)[ids]
                part *= np.where(held, np.float32(TITLE_HELD), np.float32(1))
            scores[ids] += part
        return scores

    def _informative(self, terms: list[QueryTerm], live_n: int) -> list[QueryTerm]:
        """Return the terms worth scoring: all but the very common (the rarest if none)."""
        rated = [(self._indexed(t.field, t.text), t) for t in terms]
        limit = max(MAX_DF_SHARE * live_n, PRUNE_FROM_DF)
        kept = [t for n, t in rated if 0 < n <= limit]
        if not kept:
            kept = [t for n, t in sorted(rated, key=lambda p: p[0]) if n][:MIN_KEPT]
        return kept

    def _indexed(self, field: str, text: str) -> int:
        """Return how many entries the index holds a term in, deleted ones included (kept:
        the same words come back query after query)."""
        key = (field, text)
        found = self._frequencies.get(key)
        if found is None:
            if len(self._frequencies) >= CACHE_FREQUENCIES:
                self._frequencies.clear()
            found = self._frequencies[key] = self.reader.doc_frequency(field, text)
        return found

    def presence(self, terms: list[QueryTerm]) -> np.ndarray:
        """Return a boolean array: entries that contain every one of the terms."""
        out = self.live.copy()
        for t in terms:
            has = np.zeros(self.n, dtype=bool)
            has[self.postings(t.field, t.text)[0]] = True
            out &= has
        return out

    def doc_frequency(self, field: str, text: str) -> int:
        """Return how many live entries contain a term."""
        return len(self.postings(field, text)[0])


def _leaf_lengths(leaf, field: str) -> np.ndarray:
    """Return the approximate length of a field in each entry of one segment."""
    count = leaf.doc_count_all()
    col = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    out = np.zeros(count, dtype=np.float32)
    if col is None:
        return out
    raw = np.frombuffer(col._dbfile.get(col._basepos, col._count), dtype=np.uint8)
    out[:len(raw)] = _BYTE_TO_LENGTH[raw[:count]]
    return out


_NP_IDS = {1: np.uint8, 2: np.uint16, 4: np.uint32}
_NP_WEIGHTS = {1: np.uint8, 2: np.uint16, 4: np.float32}


def _array(values, count: int, types: dict) -> np.ndarray:
    """Return a block's numbers: zero-copy for packed bytes (see codec), else converted."""
    if isinstance(values, bytes):
        return np.frombuffer(values, dtype=types[len(values) // count])
    return np.asarray(values, dtype=types[4])


def _leaf_postings(m) -> tuple[np.ndarray, np.ndarray]:
    """Return (ids, weights) of a posting list, decoding whole blocks at once."""
    while not isinstance(m, W3LeafMatcher) and hasattr(m, "child"):
        m = m.child  # deletions are filtered by the live mask, not by Whoosh's wrapper
    if not isinstance(m, W3LeafMatcher):
        ids, ws = [], []
        while m.is_active():
            ids.append(m.id())
            ws.append(m.weight())
            m.next()
        return np.array(ids, dtype=np.int64), np.array(ws, dtype=np.float32)
    ids, ws = [], []
    while True:
        if m._data is None:
            m._read_data()
        data, count = m._data, m._blocklength
        ids.append(np.cumsum(_array(data[0], count, _NP_IDS), dtype=np.int64))
        w = data[1]
        if w is None or isinstance(w, float):
            ws.append(np.full(count, 1.0 if w is None else w, dtype=np.float32))
        else:
            ws.append(_array(w, count, _NP_WEIGHTS).astype(np.float32))
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    return np.concatenate(ids), np.concatenate(ws)
