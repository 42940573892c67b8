"""A fresh index built fast: the analysed fields' postings gathered in arrays and written
term by term in whole blocks, instead of one Python call per posting.

Whoosh's writer sends each posting of each field through an external sort (pickled runs,
a heap merge) and then through its postings writer one call at a time: for the Code of Law
(33 million postings over six analysed fields) that was most of the build.  Here a fresh
build numbers each syllable once (`Vocabulary`: a text is split into tokens once for all
the fields it feeds, a token met before is looked up in C), keeps each term of an analysed
field as a 64-bit key (a syllable's number, or a pair's two numbers: no string per pair of
syllables, which are most of the terms), and per field three arrays (term keys,
frequencies, postings per entry), spilled to temporary files past a size.  At the commit
each field's postings are sorted with numpy by term (keys ranked in the byte order of the
terms' texts) and entry, and written as the same blocks `search.whoosh.codec` writes (same
bytes, same term infos), so readers, merges and later updates see an ordinary segment.
Identifier and keyword fields (a few postings per entry) keep Whoosh's own pool.  Every
write uses this writer, a build from nothing and an update alike: the small segments an
update merges into its own (Whoosh's merge policy) bring their analysed postings as arrays
too, their terms numbered from their texts.
"""

from __future__ import annotations

import math
import pickle
import shutil
import tempfile
from array import array
from collections import Counter
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np
from whoosh.analysis import IDTokenizer, RegexTokenizer, SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.filedb.filetables import _lengths as _key_value_lengths
from whoosh.filedb.filetables import _pointer as _slot
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import _length_byte_cache
from whoosh.writing import SegmentWriter

from search.text import BREAKS, PAIR_JOIN, canonical_tone, fold, marked_tokens
from search.whoosh.analysis import VietnameseAnalyzer

CHUNK = 8192  # terms whose statistics are turned into Python numbers at a time
SPILL_POSTINGS = 4_000_000  # postings held in memory before a run goes to disk
_BYTE_TO_LENGTH = np.array(_length_byte_cache, dtype=np.int32)
_NONE = np.iinfo(np.int32).max  # no length: above every real one
_TERMINFO = W3TermInfo._struct


class _Numbered(dict):
    """Word -> number, a new word numbered as it is first looked up (and kept in `words`)."""

    def __init__(self, words: list[str]) -> None:
        super().__init__()
        self.words = words

    def __missing__(self, word: str) -> int:
        self[word] = number = len(self.words)
        self.words.append(word)
        return number


class _Looked(dict):
    """Token as written -> the number of its syllable, worked out once per distinct token
    (the look-up of a token met before stays in C)."""

    def __init__(self, number) -> None:
        super().__init__()
        self._number = number

    def __missing__(self, token: str) -> int:
        self[token] = number = self._number(token)
        return number


_HIGH = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)
_MARK = _LOW  # the number of a punctuation mark: not a syllable, no pair across it


class Vocabulary:
    """The syllables of a build, each canonical syllable and each folded form numbered once.

    A term of an analysed field is a 64-bit key: a syllable's number, or for a pair of
    syllables (first number + 1) << 32 | second number.  A field's terms are then arrays of
    integers, not millions of strings (the pairs of syllables are most of an index's terms);
    their texts are made only as the terms are written, in the byte order of the texts."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self._numbers = numbers = _Numbered(self.words)
        self._accented = _Looked(lambda t: numbers[canonical_tone(t.lower())])
        self._folded = _Looked(lambda t: numbers[fold(canonical_tone(t.lower()))])
        for looked in (self._accented, self._folded):
            looked.update(dict.fromkeys(BREAKS, int(_MARK)))
        self._tokens: dict[str, list[str]] = {}
        self._ids: dict[tuple[str, bool], np.ndarray] = {}
        self._ranking: _Ranking | None = None  # made once every text is numbered

    def forget_texts(self) -> None:
        """Drop the tokens kept of the texts of the last entry."""
        self._tokens.clear()
        self._ids.clear()

    def keys(self, text: str, folded: bool, unigrams: bool, bigrams: bool) -> np.ndarray:
        """Return the keys of a text's terms as `search.text.analyze` gives them (one per
        term, repeated as often as the term)."""
        ids = self._ids.get((text, folded))
        if ids is None:  # one entry gives the same text to several fields
            tokens = self._tokens.get(text)
            if tokens is None:
                tokens = self._tokens[text] = marked_tokens(text)
            lookup = (self._folded if folded else self._accented).__getitem__
            ids = np.fromiter(map(lookup, tokens), dtype=np.uint64, count=len(tokens))
            self._ids[text, folded] = ids
        syllable = ids != _MARK
        out = [ids[syllable]] if unigrams else []
        if bigrams and len(ids) > 1:
            both = syllable[:-1] & syllable[1:]
            out.append(((ids[:-1][both] + np.uint64(1)) << _HIGH) | ids[1:][both])
        return np.concatenate(out) if len(out) > 1 else out[0] if out else ids[:0]

    def term_key(self, text: bytes) -> int:
        """Return the key of a term of an analysed field given as the bytes an index holds
        (a syllable, or two joined by PAIR_JOIN)."""
        first, join, second = text.decode("utf-8").partition(PAIR_JOIN)
        number = self._numbers[first]
        return ((number + 1) << 32) | self._numbers[second] if join else number

    def ranked(self, keys: np.ndarray) -> np.ndarray:
        """Return keys turned, in place, into keys whose order is that of the terms' texts
        in bytes (the order of a term index)."""
        single, pair_first, second = self._ranks()[:3]
        for at in range(0, len(keys), SLICE_POSTINGS):  # the temporaries of a slice only
            part = keys[at: at + SLICE_POSTINGS]
            high, low = part >> _HIGH, part & _LOW
            is_pair = high > 0
            ranked = single[low] << _HIGH
            ranked[is_pair] = (pair_first[high[is_pair] - 1] << _HIGH) | second[low[is_pair]]
            part[:] = ranked
        return keys

    def term_bytes(self, ranked_keys: np.ndarray):
        """Yield the UTF-8 texts of ranked keys."""
        by_first, by_second = self._ranks()[3:]
        for key in ranked_keys.tolist():
            low = key & 0xFFFFFFFF
            yield by_first[key >> 32] + by_second[low - 1] if low else by_first[key >> 32]

    def _ranks(self) -> _Ranking:
        # A pair's text is first + "_" + second, and "_" is in no syllable: the pairs sort
        # by the rank of (first + "_") among all syllables with and without "_", then by
        # the rank of the second among the syllables.
        if self._ranking is None:
            coded = [w.encode("utf-8") for w in self.words]
            n, join = len(coded), PAIR_JOIN.encode()
            both = coded + [c + join for c in coded]
            order = sorted(range(2 * n), key=both.__getitem__)
            rank = np.empty(2 * n, dtype=np.uint64)
            rank[order] = np.arange(2 * n, dtype=np.uint64)
            plain = sorted(range(n), key=coded.__getitem__)
            second = np.empty(n, dtype=np.uint64)
            second[plain] = np.arange(1, n + 1, dtype=np.uint64)
            self._ranking = _Ranking(rank[:n], rank[n:], second, [both[i] for i in order],
                                     [coded[i] for i in plain])
        return self._ranking


class _Ranking(NamedTuple):
    """Where each syllable's text sorts, and the texts in that order."""

    single: np.ndarray  # number -> rank of the syllable among syllables with and without "_"
    pair_first: np.ndarray  # number -> rank of syllable + "_" among the same
    second: np.ndarray  # number -> 1 + rank of the syllable among syllables
    by_first: list[bytes]  # the texts of the first ranks
    by_second: list[bytes]  # the syllables by rank


class FieldPostings:
    """One analysed field's postings as arrays: term keys, frequencies, and how many
    postings each entry has (the entry numbers are implied: entries come in order)."""

    def __init__(self, spill_dir: Path, name: str) -> None:
        self.terms = array("Q")
        self.freqs = array("I")
        self.per_doc = array("I")
        self.first_doc = 0  # entry number of per_doc[0] in the current run
        self.runs: list[Path] = []
        self.spilled = 0  # postings in the runs on disk
        self.merged: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (keys, entries,
        # frequencies) of each segment merged into this one
        self._dir, self._name = spill_dir, name

    def add(self, docnum: int, keys: np.ndarray) -> None:
        """Record one entry's terms (a key per occurrence)."""
        while self.first_doc + len(self.per_doc) < docnum:
            self.per_doc.append(0)  # entries without this field
        terms, counts = _counted(keys)
        self.terms.frombytes(terms.tobytes())
        self.freqs.frombytes(counts.tobytes())
        self.per_doc.append(len(terms))

    def merge(self, keys: array, docs: array, freqs: array) -> None:
        """Record the postings of a merged segment (entries numbered here), term by term."""
        self.merged.append((np.frombuffer(keys, dtype=np.uint64),
                            np.frombuffer(docs, dtype=np.uint32),
                            np.frombuffer(freqs, dtype=np.uint32)))

    def __len__(self) -> int:
        return len(self.terms)

    def __bool__(self) -> bool:
        return bool(len(self.terms) or self.runs or self.merged)

    def spill(self) -> None:
        """Write the postings held in memory to a run file and forget them."""
        path = self._dir / f"{self._name}-{len(self.runs)}.npz"
        np.savez(path, **self._held())
        self.runs.append(path)
        self.spilled += len(self)
        self.first_doc += len(self.per_doc)
        self.terms, self.freqs, self.per_doc = array("Q"), array("I"), array("I")

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (term keys, entry numbers, frequencies) of every posting, each term's
        entry numbers ascending: the entries added come in order, then each merged segment's
        postings, term by term, numbered after every entry before them."""
        parts = [*self.runs, None]  # the runs on disk, then the postings held here
        total = self.spilled + len(self) + sum(len(k) for k, _, _ in self.merged)
        terms = np.empty(total, dtype=np.uint64)
        freqs = np.empty(total, dtype=np.uint32)
        docs = np.empty(total, dtype=np.uint32)
        at = 0
        for path in parts:
            part = np.load(path) if path is not None else self._held()
            size = len(part["freqs"])
            terms[at: at + size] = part["terms"]
            freqs[at: at + size] = part["freqs"]
            first = int(part["first"][0])
            docs[at: at + size] = np.repeat(
                np.arange(first, first + len(part["per_doc"]), dtype=np.uint32), part["per_doc"])
            at += size
        for keys, numbers, counts in self.merged:
            terms[at: at + len(keys)], docs[at: at + len(keys)] = keys, numbers
            freqs[at: at + len(keys)] = counts
            at += len(keys)
        return terms, docs, freqs

    def _held(self) -> dict[str, np.ndarray]:
        return {"terms": np.frombuffer(self.terms, dtype=np.uint64),
                "freqs": np.frombuffer(self.freqs, dtype=np.uint32),
                "per_doc": np.frombuffer(self.per_doc, dtype=np.uint32),
                "first": np.array([self.first_doc])}


class BulkWriter(SegmentWriter):
    """Whoosh's SegmentWriter for a build from nothing, with the analysed fields (those of a
    VietnameseAnalyzer, term frequencies only) gathered and written in bulk."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        if any(f.vector or f.column_type for _, f in self.schema.items()):
            raise ValueError("BulkWriter writes no vectors or columns")
        self._spill = Path(tempfile.mkdtemp(prefix="phapquy-bulk-"))
        self._bulk = {name: FieldPostings(self._spill, name)
                      for name, field in self.schema.items() if _bulk_field(field)}
        self._vocabulary = Vocabulary()

    def add_document(self, **fields) -> None:
        """Add one entry: analysed fields to the arrays, the rest as Whoosh adds them."""
        self._check_state()
        per_doc, docnum = self.perdocwriter, self.docnum
        names = sorted(n for n in fields if not n.startswith("_"))
        self._check_fields(self.schema, names)
        per_doc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is not None:
                    self._add_field(docnum, name, self.schema[name], value)
        except Exception:
            per_doc.cancel_doc()
            raise
        finally:
            self._vocabulary.forget_texts()
        per_doc.finish_doc()
        self._added = True
        self.docnum += 1
        if sum(len(p) for p in self._bulk.values()) > SPILL_POSTINGS:
            for postings in self._bulk.values():
                postings.spill()

    def _add_field(self, docnum: int, name: str, field, value) -> None:
        length = 0
        if name in self._bulk:
            analyzer = field.analyzer
            keys = self._vocabulary.keys(
                value, analyzer.folded, getattr(analyzer, "unigrams", not analyzer.bigrams),
                analyzer.bigrams)
            self._bulk[name].add(docnum, keys)
            length = len(keys)
        elif (terms := _plain_terms(field, value)) is not None:
            counted = type(field.format) is Frequency
            for term, freq in terms.items():
                length += freq if field.scorable else 0
                weight, vbytes = (float(freq), pack_uint(freq)) if counted else (1.0, b"")
                self.pool.add((name, term.encode("utf-8"), docnum, weight, vbytes))
        elif field.indexed:
            for tbytes, freq, weight, vbytes in field.index(value):
                length += freq if field.scorable else 0
                self.pool.add((name, tbytes, docnum, weight, vbytes))
        self.perdocwriter.add_field(name, field, value if field.stored else None, length)

    def add_postings_to_pool(self, reader, startdoc: int, docmap) -> None:
        """Add the postings of a segment merged into this one (Whoosh's merge policy calls
        this): an analysed field's to its arrays, the others to the pool."""
        merged: dict[str, tuple[array, array, array]] = {}
        key_of = _Looked(self._vocabulary.term_key)
        for name, text, docnum, weight, vbytes in self._process_posts(
                reader.iter_postings(), startdoc, docmap):
            if name not in self._bulk:
                self.pool.add((name, text, docnum, weight, vbytes))
                continue
            keys, docs, freqs = merged.setdefault(name, (array("Q"), array("I"), array("I")))
            keys.append(key_of[text])
            docs.append(docnum)
            freqs.append(round(weight))
        for name, postings in merged.items():
            self._bulk[name].merge(*postings)

    def _close_segment(self) -> None:
        super()._close_segment()
        shutil.rmtree(self._spill, ignore_errors=True)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        bulk = sorted(n for n, p in self._bulk.items() if p)
        # fields in name order, the pool's streamed from its merge (never held in a list)
        for name, items in groupby(self.pool.iter_postings(), key=itemgetter(0)):
            while bulk and bulk[0] < name:
                self._write_field(bulk.pop(0), lengths)
            self.fieldwriter.add_postings(self.schema, _Lengths(lengths), items)
        for name in bulk:
            self._write_field(name, lengths)
        tindex = self.fieldwriter._tindex
        tindex._write_hashes = lambda: _write_hashes(tindex)
        self.fieldwriter.close()
        lengths.close()

    def _write_field(self, name: str, lengths) -> None:
        """Write one bulk field's terms (in byte order) and their posting blocks, a slice of
        terms at a time (the sort's memory is that of a slice, not of the field)."""
        keys, docs, freqs = self._bulk.pop(name).arrays()
        keys = self._vocabulary.ranked(keys)
        field_lengths = _doc_lengths(lengths, name)
        fw = self.fieldwriter
        fw.start_field(name, self.schema[name])
        key_prefix = pack_ushort(fw._fieldid)
        for low, high in _slices(keys, SLICE_POSTINGS):
            inside = keys >= low
            if high is not None:
                inside &= keys < high
            picked = np.flatnonzero(inside)
            del inside
            order = picked[np.argsort(keys[picked], kind="stable")]  # entries ascending
            del picked
            ranked = keys[order]
            starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
            terms = self._vocabulary.term_bytes(ranked[starts])
            del ranked
            ids = docs[order].view(np.int32)
            write = _BlockWriter(fw._postfile, ids, freqs[order], field_lengths[ids],
                                 np.diff(np.append(starts, len(order))),
                                 self.codec._blocklimit, self.codec._inlinelimit)
            del order
            _add_terms(fw._tindex, ((key_prefix + term, info) for term, info
                                    in zip(terms, write.infos(), strict=True)))
        fw.finish_field()


SLICE_POSTINGS = 2_000_000  # postings sorted and written at a time


def _slices(keys: np.ndarray, size: int) -> list[tuple[int, int | None]]:
    """Return consecutive ranges [low, high) of key values (high None: no upper bound),
    each holding about `size` of the keys, together holding them all."""
    parts = -(-len(keys) // size)
    if parts <= 1:
        return [(0, None)]
    sample = np.sort(keys[:: max(1, len(keys) // (parts * 1000))])
    cuts = np.unique(sample[np.arange(1, parts) * len(sample) // parts]).tolist()
    bounds = [b for b in cuts if b]  # a slice below the smallest key would be empty
    return list(zip([0, *bounds], [*bounds, None], strict=True))


def _add_terms(tindex, items) -> None:
    """Add (key, info) pairs, keys ascending, to Whoosh's term index (an OrderedHashWriter)
    as its `add` does one at a time, but with the file positions counted rather than asked
    of the file (a `tell` per term is a system call) and the bytes written in chunks."""
    dbfile, buckets, index, hashfn = tindex.dbfile, tindex.buckets, tindex.index, tindex.hashfn
    pos, last, chunk = dbfile.tell(), tindex.lastkey, []
    for key, value in items:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        index.append(pos)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        chunk += (_key_value_lengths.pack(len(key), len(value)), key, value)
        pos += _key_value_lengths.size + len(key) + len(value)
        last = key
        if len(chunk) >= 3 * CHUNK:
            dbfile.write(b"".join(chunk))
            chunk = []
    dbfile.write(b"".join(chunk))
    tindex.lastkey = last


class _BlockWriter:
    """Writes one field's terms as the codec's ArrayPostingsWriter writes them, from the
    field's postings sorted by term then entry; the statistics of every block and term
    (maximum weight, shortest and longest field, id deltas) computed for all at once and
    turned into Python numbers a chunk of terms at a time."""

    def __init__(self, postfile, docs: np.ndarray, freqs: np.ndarray, lens: np.ndarray,
                 counts: np.ndarray, block: int, inline: int = 1) -> None:
        self.file = postfile
        self.inline = inline  # terms with fewer postings keep them in their info
        self.position = postfile.tell()
        self.freqs = freqs
        self.docs = docs
        starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
        blocks = _block_starts(starts, counts, block)
        self.deltas = np.diff(docs, prepend=np.int32(0))
        self.deltas[blocks] = docs[blocks]  # a block's first id is stored whole
        ends = np.append(blocks[1:], len(docs))
        short = np.where(lens > 0, lens, _NONE)
        self.block_starts = blocks
        self.block_cols = (
            blocks, ends, docs[ends - 1], np.maximum.reduceat(self.deltas, blocks),
            np.maximum.reduceat(freqs, blocks), np.minimum.reduceat(freqs, blocks),
            _lengths_byte(np.minimum.reduceat(short, blocks)),
            _lengths_byte(np.maximum.reduceat(lens, blocks)))
        self.term_starts = starts
        self.term_cols = (
            counts, np.add.reduceat(freqs, starts), np.maximum.reduceat(freqs, starts),
            _lengths_byte(np.minimum.reduceat(short, starts)),
            _lengths_byte(np.maximum.reduceat(lens, starts)),
            docs[starts], docs[starts + counts - 1])

    def infos(self):
        """Yield, term by term in sorted order, the term's info bytes once its blocks are
        written."""
        n = len(self.term_starts)
        b0 = 0
        for t0 in range(0, n, CHUNK):
            t1 = min(t0 + CHUNK, n)
            b1 = (len(self.block_starts) if t1 == n else
                  int(np.searchsorted(self.block_starts, self.term_starts[t1])))
            blocks = iter(zip(*(c[b0:b1].tolist() for c in self.block_cols), strict=True))
            for term in zip(*(c[t0:t1].tolist() for c in self.term_cols), strict=True):
                yield self._term(blocks, *term)
            b0 = b1

    def _term(self, blocks, count, total, top, short, long_, min_id, max_id) -> bytes:
        if count < self.inline:  # as ArrayPostingsWriter.finish_postings inlines them
            lo, hi = next(blocks)[:2]
            ids = tuple(self.docs[lo:hi].tolist())
            weights = tuple(self.freqs[lo:hi].tolist())  # whole: kept as integers
            info = _TERMINFO.pack(1, float(total), count, short, long_, float(top), min_id,
                                  max_id)
            return info + pickle.dumps((ids, weights, ()), 2)
        start_at = self.position
        self._write(WHOOSH3_HEADER_MAGIC)
        left = count
        while left:
            block = next(blocks)
            left -= block[1] - block[0]
            self._block(*block, last=not left)
        info = _TERMINFO.pack(0, float(total), count, short, long_, float(top), min_id, max_id)
        return info + pack_long(start_at) + pack_int(self.position - start_at)

    def _block(self, lo, hi, last_id, top_delta, top, low, short, long_, last) -> None:
        ids = self.deltas[lo:hi].astype(_narrow_ids(top_delta)).tobytes()
        if top == 1 and low == 1:
            weights = None
        elif top == low:
            weights = float(top)
        elif top <= 0xFFFF:
            weights = self.freqs[lo:hi].astype(np.uint8 if top <= 0xFF else np.uint16).tobytes()
        else:
            weights = self.freqs[lo:hi].astype(np.float32).tobytes()
        data = pickle.dumps((ids, weights, None), pickle.HIGHEST_PROTOCOL)
        info = pickle.dumps((hi - lo, last_id, float(top), 0, short, long_),
                            pickle.HIGHEST_PROTOCOL)
        size = len(info) + len(data)
        self._write(pack_int(-size if last else size) + info + data)

    def _write(self, data: bytes) -> None:
        self.file.write(data)
        self.position += len(data)


SLOTS_PER_KEY = 1.25  # Whoosh's hash tables have 2 slots per key (12 bytes each)


def _write_hashes(tindex) -> None:
    """Write the term index's 256 hash tables as HashWriter._write_hashes does, with
    SLOTS_PER_KEY slots per key instead of 2: a look-up probes from the key's slot to the
    next empty one (about 3 probes for a term held, 13 for one absent, each a read of 12
    bytes of a mapped file), and the term index of the Code of Law is 9 bytes a term
    smaller (a third of its terms are pairs of syllables found in one article)."""
    dbfile, null = tindex.dbfile, (0, 0)
    for entries in tindex.buckets:
        numslots = math.ceil(SLOTS_PER_KEY * len(entries)) + (1 if entries else 0)
        tindex.directory.append((dbfile.tell(), numslots))
        table = [null] * numslots
        for hashval, position in entries:
            slot = (hashval >> 8) % numslots
            while table[slot] != null:
                slot = (slot + 1) % numslots
            table[slot] = (hashval, position)
        dbfile.write(b"".join(_slot.pack(h, pos) for h, pos in table))


def _counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct keys, ascending, and how often each occurs (np.unique's answer
    without its checks, which cost more than the work on an entry's few hundred keys)."""
    keys = keys.copy()
    keys.sort()  # the method: np.sort and np.diff are Python wrappers, costly per entry
    first = np.empty(len(keys), dtype=bool)
    first[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    ends = np.empty(len(starts), dtype=starts.dtype)
    ends[:-1] = starts[1:]
    ends[-1:] = len(keys)
    return keys[starts], (ends - starts).astype(np.uint32)


def _block_starts(starts: np.ndarray, counts: np.ndarray, block: int) -> np.ndarray:
    """Return where each block begins: at each term, and every `block` postings within it."""
    long_terms = np.flatnonzero(counts > block)
    if not len(long_terms):
        return starts
    extra = [np.arange(starts[i] + block, starts[i] + counts[i], block) for i in long_terms]
    return np.sort(np.concatenate([starts, *extra]))


def _lengths_byte(lengths: np.ndarray) -> np.ndarray:
    """Return field lengths as the byte Whoosh stores (0 for none: no length recorded)."""
    from whoosh.util.numeric import length_to_byte
    values, inverse = np.unique(lengths, return_inverse=True)
    coded = [0 if n <= 0 or n >= _NONE else length_to_byte(n) for n in values.tolist()]
    return np.array(coded, dtype=np.int32)[inverse]


_SPACE_SEPARATED = SpaceSeparatedTokenizer().expression.pattern  # KEYWORD's tokens


def _plain_terms(field, value) -> dict[str, int] | None:
    """Return the terms, with their frequencies, that an ID or KEYWORD field indexes a text
    as (the whole text; its space-separated words), as Whoosh's analyzer and format give
    them but without a token object per term; None for any other field."""
    if (not field.indexed or not isinstance(value, str)
            or type(field.format) not in (Existence, Frequency)
            or field.format.field_boost != 1.0):
        return None
    analyzer = field.analyzer
    if type(analyzer) is IDTokenizer:
        return {value: 1}
    if type(analyzer) is RegexTokenizer and analyzer.expression.pattern == _SPACE_SEPARATED:
        return Counter(analyzer.expression.findall(value))
    return None


def _bulk_field(field) -> bool:
    """Return whether a field is written in bulk: analysed by a VietnameseAnalyzer into
    term frequencies, without vectors, spelling or columns."""
    return (field.indexed and isinstance(getattr(field, "analyzer", None), VietnameseAnalyzer)
            and type(field.format) is Frequency and field.scorable and not field.stored
            and not field.vector and not field.separate_spelling()
            and field.column_type is None and field.format.field_boost == 1.0)


def _narrow_ids(top: int) -> type:
    """Return the narrowest unsigned type holding every id delta of a block."""
    return np.uint8 if top <= 0xFF else np.uint16 if top <= 0xFFFF else np.uint32


class _Lengths:
    """The per-entry reader's `doc_field_length`, asking once per field whether it has
    lengths at all (Whoosh's reader asks the file system again at every posting of a field
    without them: identifiers and keywords)."""

    def __init__(self, reader) -> None:
        self._reader, self._has = reader, {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        """Return what the reader's doc_field_length returns."""
        has = self._has.get(fieldname)
        if has is None:
            has = self._has[fieldname] = self._reader.has_column(_lenfield(fieldname))
        return self._reader.doc_field_length(docnum, fieldname, default) if has else default


def _doc_lengths(lengths, name: str) -> np.ndarray:
    """Return each entry's field length as Whoosh gives it back (the stored byte decoded)."""
    count = lengths.doc_count_all()
    col = lengths._cached_reader(_lenfield(name), LENGTHS_COLUMN)
    out = np.zeros(count, dtype=np.int32)
    if col is not None:
        raw = np.frombuffer(col._dbfile.get(col._basepos, col._count), dtype=np.uint8)
        out[:len(raw)] = _BYTE_TO_LENGTH[raw[:count]]
    return out
