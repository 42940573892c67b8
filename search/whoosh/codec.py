"""A Whoosh codec whose posting blocks hold raw machine arrays, so numpy can decode them fast.

The stock W3 codec pickles each block's ids and weights as tuples of Python numbers, and
unpickling them costs most of a query in the scorer (search.whoosh.scoring).  This codec keeps the
W3 block layout but stores the id deltas as the bytes of an `array('I')` and the weights
as the bytes of an `array('f')`: `np.frombuffer` decodes a whole block without a Python
loop.  Each block uses the narrowest type that holds its numbers (1, 2 or 4 bytes for id
deltas; 1 or 2 bytes for whole term frequencies, else 4-byte floats), which also keeps
the index small.  Its matcher turns the bytes back into numbers for Whoosh's own queries
and merges, and the codec travels with each segment, so readers always pick the right
decoder.
"""

from __future__ import annotations

from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.matching import ListMatcher
from whoosh.util.numlists import delta_decode, delta_encode

ID_TYPES = {1: "B", 2: "H", 4: "I"}  # bytes per number -> array typecode
WEIGHT_TYPES = {1: "B", 2: "H", 4: "f"}


def _narrowest(values, typecodes: tuple[str, ...]) -> bytes | None:
    """Return the values packed in the first array type that holds them all, or None."""
    for typecode in typecodes:
        try:
            return array(typecode, values).tobytes()
        except (OverflowError, TypeError):
            continue
    return None


def unpack(data: bytes, count: int, types: dict[int, str]) -> array:
    """Return the numbers of a packed block of `count` values."""
    out = array(types[len(data) // count] if count else "B")
    out.frombytes(data)
    return out


class ArrayPostingsWriter(W3PostingsWriter):
    """Posting blocks with ids and weights stored as raw array bytes."""

    def _mini_ids(self):
        if self._byteids:
            return tuple(self._ids)
        return _narrowest(list(delta_encode(self._ids)), ("B", "H", "I"))

    def _mini_weights(self):
        weights = self._weights
        if all(w == 1.0 for w in weights):
            return None
        if all(w == weights[0] for w in weights):
            return weights[0]
        if all(float(w).is_integer() for w in weights):
            packed = _narrowest([int(w) for w in weights], ("B", "H"))
            if packed is not None:
                return packed
        return array("f", weights).tobytes()


class ArrayLeafMatcher(W3LeafMatcher):
    """Reads ArrayPostingsWriter blocks (and stock ones) for Whoosh's own matching."""

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        if isinstance(ids, bytes):
            self._ids = tuple(accumulate(unpack(ids, self._blocklength, ID_TYPES)))
        else:
            self._ids = ids if self._byteids else tuple(delta_decode(ids))

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if isinstance(weights, bytes):
            self._weights = array("f", unpack(weights, self._blocklength, WEIGHT_TYPES))
        else:
            super()._read_weights()


class ArrayCodec(W3Codec):
    """W3 codec writing and reading array-byte posting blocks."""

    def __init__(self, blocklimit: int = 1024, compression: int = 0, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression,
                         inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        """Return the array-block postings writer."""
        return ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                   compression=self._compression,
                                   inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        """Return a matcher over a term's postings (array blocks or inlined)."""
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term,
                               terminfo=terminfo)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
