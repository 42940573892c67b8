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

Two more savings of space (a third of the index of the whole Code of Law): a Frequency
field's values (each posting's frequency again, 4 bytes) are not stored when they only
repeat the weights — the matcher rebuilds them — and blocks are pickled with the current
protocol, which stores bytes as they are (protocol 2, Whoosh's, re-encodes them as text).
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Frequency
from whoosh.matching import ListMatcher
from whoosh.system import pack_int, pack_uint
from whoosh.util.numeric import length_to_byte
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

    def _mini_values(self):
        if isinstance(self._format, Frequency) and all(
                v == pack_uint(int(w)) for v, w in zip(self._values, self._weights,
                                                       strict=True)):
            return None  # the weights say it all
        return super()._mini_values()

    def finish_postings(self):
        """Return the term's info.  A term with fewer postings than the inline limit keeps
        them in its info rather than in a block of the postings file (Whoosh's own method
        would, but calls a method its term info does not have); their values are left out
        when the weights say them, and whole weights are kept as integers."""
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo, self._terminfo = self._terminfo, None
        terminfo.add_block(self)
        values = () if self._mini_values() is None else tuple(self._values)
        terminfo.set_inlined(self._ids, _whole(self._weights), values)
        return terminfo

    def _write_block(self, last=False):
        # Whoosh's W3PostingsWriter._write_block, pickling with the current protocol
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps((len(ids), ids[-1], self._maxweight, comp,
                                  length_to_byte(self._minlength),
                                  length_to_byte(self._maxlength)), pickle.HIGHEST_PROTOCOL)
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


def _whole(weights) -> tuple:
    """Return weights as numbers, whole ones as integers (they pickle in 2 bytes, not 9)."""
    return tuple(int(w) if float(w).is_integer() else w for w in weights)


class _CountingFile:
    """The postings file as a postings writer uses it (write, write_int, tell), counting its
    position: StructFile.tell asks the operating system, twice for every term written."""

    def __init__(self, dbfile) -> None:
        self._file = dbfile
        self._position = dbfile.tell()

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self._position += len(data)

    def write_int(self, n: int) -> None:
        self.write(pack_int(n))

    def tell(self) -> int:
        return self._position


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

    def _read_values(self):
        if self._data is None:
            self._read_data()
        if self._data[2] is None and self._fixedsize:  # frequencies rebuilt from weights
            if self._weights is None:
                self._read_weights()
            self._values = tuple(pack_uint(int(w)) for w in self._weights)
        else:
            super()._read_values()


class ArrayCodec(W3Codec):
    """W3 codec writing and reading array-byte posting blocks."""

    def __init__(self, blocklimit: int = 1024, compression: int = 0, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression,
                         inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        """Return the array-block postings writer."""
        return ArrayPostingsWriter(_CountingFile(dbfile), blocklimit=self._blocklimit,
                                   byteids=byteids,
                                   compression=self._compression,
                                   inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        """Return a matcher over a term's postings (array blocks or inlined)."""
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            if not values:  # left out: rebuilt as a block's matcher gives them
                values = (tuple(pack_uint(int(w)) for w in weights)
                          if isinstance(format_, Frequency) else (b"",) * len(ids))
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term,
                               terminfo=terminfo)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
