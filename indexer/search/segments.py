"""Writing a new index segment with postings grouped by term as they arrive.

Whoosh's `SegmentWriter` puts every posting into a sorting pool as a tuple,
sorts them all when the segment is finished, then hands them to the codec
one at a time. For a build that is a third of the worker's time, for ~450
postings per report. `GroupedSegmentWriter` writes the same segment files
in less time (byte for byte, but for the pickle protocol of the posting
blocks' data, `BLOCK_PROTOCOL`: the blocks decode to the same postings):

* a document's postings go straight into a per-field, per-term buffer, in
  the order documents arrive, which is document-number order, so nothing
  needs sorting except each field's term list;
* a term's postings are passed to the codec's postings writer a block at a
  time instead of a posting at a time (`_TermWriter.term`);
* the gram field's terms (`exact.GramTerms`, one per character) are kept as
  arrays and grouped into postings once per segment with numpy
  (`GramBuffer`): a report has ~650 gram postings, and a Python step per
  posting cost ~4 µs of the worker's time each.

Only the parts of Whoosh's writer that this project's schema uses are kept:
no field or document boosts, no spelling words, no term vectors. The codec
internals used here are those of the pinned whoosh-reloaded 2.7.5
(`tests/test_segments.py` compares the segments with Whoosh's own writer's).
"""
from __future__ import annotations

import struct
import zlib
from array import array
from operator import itemgetter
from pickle import dumps

import numpy as np

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from indexer.search.analysis import Postings
from indexer.search.exact import GramTerms, term_bytes

_frequency = itemgetter(1)
#: Bound on the (field, text) -> terms memo of exact fields.
_KNOWN_TERMS = 50_000
#: A block's and a term's min/max field length when lengths are not recorded.
_NO_LENGTH = length_to_byte(None)
_TERM_INFO = W3TermInfo._struct
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # filetables.HashWriter's row head
#: The pickle protocol of a posting block's data. Whoosh's writer uses 2, where
#: each value (a gram posting's positions) is pickled as a latin-1 string and a
#: call to turn it back into bytes; protocol 4 writes bytes as bytes: pickling
#: is ~10x and compressing ~2x faster, blocks are less than half the size, and
#: reading them back is ~2.5x faster. The reader unpickles any protocol, so
#: what a block decodes to is the same (`tests/test_segments.py` compares it).
BLOCK_PROTOCOL = 4


class TermBuffer:
    """The postings of one segment, by field and term, in document order.

    Each term holds a flat list ``[docnum, weight, value, docnum, ...]``: three
    appends per posting and no tuple, which is what keeps adding cheap. A
    field given `GramTerms` keeps them in a `GramBuffer` instead, until a
    posting of it arrives as a tuple (a merged segment's): then what it
    holds moves into the flat lists, and the field stays there.
    """

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, list]] = {}
        self.grams: dict[str, GramBuffer] = {}

    def add(self, item: tuple) -> None:
        """One posting as Whoosh's pool takes it: (field, term bytes, docnum, weight, value)."""
        fieldname, tbytes, docnum, weight, value = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self._flat(fieldname)
        flat = terms.get(tbytes)
        if flat is None:
            terms[tbytes] = [docnum, weight, value]
        else:
            flat += (docnum, weight, value)

    def _flat(self, fieldname: str) -> dict[bytes, list]:
        terms = self.fields[fieldname] = {}
        pending = self.grams.pop(fieldname, None)
        if pending is not None:
            for tbytes, docnums, weights, values in pending.terms():
                flat = terms[tbytes] = [None] * (3 * len(docnums))
                flat[0::3], flat[1::3], flat[2::3] = docnums, weights, values
        return terms

    def add_postings(self, fieldname: str, docnum: int, postings: Postings) -> None:
        """All of one document's postings for `fieldname` (each term once)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self._flat(fieldname)
        get = terms.get
        for tbytes, _freq, weight, value in postings:
            flat = get(tbytes)
            if flat is None:
                terms[tbytes] = [docnum, weight, value]
            else:
                flat.append(docnum)
                flat.append(weight)
                flat.append(value)

    def add_grams(self, fieldname: str, docnum: int, grams: GramTerms) -> None:
        """One document's gram terms for `fieldname`."""
        if fieldname in self.fields:
            self.add_postings(fieldname, docnum, grams.postings())
            return
        buffer = self.grams.get(fieldname)
        if buffer is None:
            buffer = self.grams[fieldname] = GramBuffer()
        buffer.add(docnum, grams)

    def names(self) -> list[str]:
        return sorted({*self.fields, *self.grams})

    def cleanup(self) -> None:
        self.fields = {}
        self.grams = {}


class GramBuffer:
    """A segment's gram terms, as its documents gave them (`exact.GramTerms`),
    grouped into postings by term only when the segment is written."""

    def __init__(self) -> None:
        self.docnums: list[int] = []
        self.keys: list[np.ndarray] = []
        self.positions: list[np.ndarray] = []

    def add(self, docnum: int, grams: GramTerms) -> None:
        if len(grams):
            self.docnums.append(docnum)
            self.keys.append(grams.keys)
            self.positions.append(grams.positions)

    def grouped(self):
        """(term keys, first posting of each term, and per posting: docnum,
        frequency, first position) over the whole buffer, terms in key order
        (their bytes' order) and each term's postings in document order; and
        the positions, as one little-endian uint32 string."""
        lengths = np.fromiter(map(len, self.keys), dtype=np.int64, count=len(self.keys))
        keys = np.concatenate(self.keys)
        order = np.argsort(keys, kind="stable")  # documents arrived in order: stable keeps it
        keys = keys[order]
        docs = np.repeat(np.asarray(self.docnums, dtype=np.int64), lengths)[order]
        data = np.concatenate(self.positions).astype("<u4")[order].tobytes()
        self.keys, self.positions = [], []
        new = np.empty(len(keys), dtype=bool)
        new[0] = True
        np.not_equal(keys[1:], keys[:-1], out=new[1:])
        new_term = new.copy()
        new[1:] |= docs[1:] != docs[:-1]
        starts = np.flatnonzero(new)  # each posting's first position
        frequencies = np.diff(np.append(starts, len(keys)))
        term_starts = np.flatnonzero(new_term[starts])  # each term's first posting
        return keys[starts[term_starts]], term_starts, docs[starts], frequencies, starts, data

    def terms(self):
        """(term bytes, docnums, weights, values) per term, as lists (the slow path)."""
        if not self.keys:
            return
        term_keys, term_starts, docs, frequencies, starts, data = self.grouped()
        values = [data[4 * a:4 * (a + n)] for a, n in zip(starts.tolist(), frequencies.tolist())]
        docs, weights = docs.tolist(), frequencies.astype(float).tolist()
        bounds = np.append(term_starts, len(docs)).tolist()
        for k, key in enumerate(term_keys.tolist()):
            a, b = bounds[k], bounds[k + 1]
            yield term_bytes(key), docs[a:b], weights[a:b], values[a:b]


class GroupedSegmentWriter(SegmentWriter):
    """A Whoosh `SegmentWriter` that buffers postings by term (see the module text).

    Takes the same arguments as `SegmentWriter`. A text field's value may be a
    build worker's `Postings`, which is used as it is.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool.cleanup()  # the sorting pool it made is never used
        self.pool = TermBuffer()
        self._known_terms: dict[tuple[str, str], tuple] = {}

    def add_document(self, **fields) -> None:
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc = self.perdocwriter
        buffer = self.pool
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    if isinstance(value, GramTerms):
                        buffer.add_grams(name, docnum, value)
                        if field.scorable:
                            length = len(value)
                    elif isinstance(value, Postings):
                        buffer.add_postings(name, docnum, value)
                        if field.scorable:
                            length = sum(map(_frequency, value))
                    else:
                        for tbytes, freq, weight, vbytes in self._terms_of(name, field, value):
                            if field.scorable:
                                length += freq
                            buffer.add((name, tbytes, docnum, float(weight), vbytes))
                perdoc.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _terms_of(self, name: str, field, value) -> tuple:
        """`field.index(value)`, once per segment for each (field, text): a
        report's metadata (agency, year, region …) recurs on each of its
        problem documents, and a year or level on thousands of reports."""
        if not isinstance(value, str):
            return tuple(field.index(value))
        key = (name, value)
        found = self._known_terms.get(key)
        if found is None:
            if len(self._known_terms) >= _KNOWN_TERMS:
                self._known_terms.clear()
            found = self._known_terms[key] = tuple(field.index(value))
        return found

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        terms_out = _TermWriter(self.codec, writer)
        for fieldname in self.pool.names():
            writer.start_field(fieldname, self.schema[fieldname])
            terms_out.field(writer._fieldid, self.schema[fieldname].format)
            if fieldname in self.pool.grams:
                terms_out.grams(self.pool.grams.pop(fieldname))
            else:
                terms = self.pool.fields[fieldname]
                for tbytes in sorted(terms):
                    terms_out.term(tbytes, terms[tbytes])
            writer.finish_field()
        writer.close()


class _TermWriter:
    """Writes each term's postings and its term-table row as Whoosh's W3
    codec writes them (`W3PostingsWriter` blocks, their data pickled with
    `BLOCK_PROTOCOL`, `W3TermInfo`, the ordered hash row), without its per-posting and per-call work: a segment has about a
    hundred new terms a report, and the codec's calls per term cost more than
    the compression of its block. Field lengths are not recorded
    (`store.without_length_stats`). `tests/test_segments.py` compares the
    segments with Whoosh's own writer's.
    """

    def __init__(self, codec, fieldwriter):
        if codec._inlinelimit > 1:  # W3 inlines nothing at its default (1)
            raise ValueError("inlined postings are not written here")
        self.limit, self.compression = codec._blocklimit, codec._compression
        self.postfile = fieldwriter._postfile.file
        self.tindex = fieldwriter._tindex
        self.terms_file = self.tindex.dbfile.file
        self.prefix, self.fixed_size = b"", None
        self._alone: dict[tuple, tuple[bytes, bytes]] = {}  # (document, weight) -> (block, row head), per field

    def field(self, fieldid: int, format_) -> None:
        self.prefix, self.fixed_size = pack_ushort(fieldid), format_.fixed_value_size()
        self._alone = {}

    def term(self, tbytes: bytes, flat: list) -> None:
        """One term's postings (`TermBuffer`'s flat list, in document order)."""
        if len(flat) == 3 and self.fixed_size == 0:
            self._term_in_one_document(tbytes, flat[0], flat[1])
            return
        post, limit, comp, fixed = self.postfile, self.limit, self.compression, self.fixed_size
        ids, weights, values = flat[0::3], flat[1::3], flat[2::3]
        count = len(ids)
        start = post.tell()
        post.write(WHOOSH3_HEADER_MAGIC)
        total, top = 0, 0
        for first in range(0, count, limit):
            block_ids = ids[first:first + limit]
            chunk = weights[first:first + limit]
            stored_weights = tuple(array("f", chunk))  # float32, as the codec keeps them
            total += sum(stored_weights)
            block_top = max(0, max(chunk))
            top = max(top, block_top)
            lead = stored_weights[0]
            if lead == 1.0 and stored_weights.count(1.0) == len(stored_weights):
                mini_weights = None
            elif stored_weights.count(lead) == len(stored_weights):
                mini_weights = lead
            else:
                mini_weights = stored_weights
            block_values = [v for v in values[first:first + limit] if v]
            if fixed is None:
                mini_values = tuple(block_values)
            elif fixed == 0:
                mini_values = None
            else:
                mini_values = b"".join(block_values)
            deltas = tuple([block_ids[0]] + [b - a for a, b in zip(block_ids, block_ids[1:])])
            data = dumps((deltas, mini_weights, mini_values), BLOCK_PROTOCOL)
            if comp:
                data = zlib.compress(data, comp)
            info = dumps((len(block_ids), block_ids[-1], block_top, comp, _NO_LENGTH, _NO_LENGTH), 2)
            size = len(info) + len(data)
            post.write(pack_int(-size if first + limit >= count else size))
            post.write(info)
            post.write(data)
        row = _TERM_INFO.pack(False, total, count, _NO_LENGTH, _NO_LENGTH, top, ids[0], ids[-1])
        self._add_row(self.prefix + tbytes, row + pack_long(start) + pack_int(post.tell() - start))

    def _term_in_one_document(self, tbytes: bytes, docnum: int, weight: float) -> None:
        """`term`'s bytes for a term of one document in a field whose postings
        carry no value: its block and the head of its row depend only on the
        document and the weight, so the words a document alone holds (most of
        a segment's terms) share one compressed block, made once."""
        key = (docnum, weight)
        made = self._alone.get(key)
        if made is None:
            stored = array("f", (weight,))[0]  # float32, as the codec keeps it
            top = max(0, weight)
            data = dumps(((docnum,), None if stored == 1.0 else stored, None), BLOCK_PROTOCOL)
            if self.compression:
                data = zlib.compress(data, self.compression)
            info = dumps((1, docnum, top, self.compression, _NO_LENGTH, _NO_LENGTH), 2)
            block = WHOOSH3_HEADER_MAGIC + pack_int(-(len(info) + len(data))) + info + data
            head = _TERM_INFO.pack(False, stored, 1, _NO_LENGTH, _NO_LENGTH, top, docnum, docnum)
            made = self._alone[key] = (block, head)
        block, head = made
        start = self.postfile.tell()
        self.postfile.write(block)
        self._add_row(self.prefix + tbytes, head + pack_long(start) + pack_int(len(block)))

    def grams(self, buffer: GramBuffer) -> None:
        """Every term of a gram field (`GramBuffer`), in key order: the bytes
        `term` would write for each, with the arithmetic per posting (deltas,
        weights, block bounds) done in numpy and only the pickling and
        compression left per block."""
        if not buffer.keys:
            return
        if self.fixed_size is not None:
            raise ValueError("gram postings carry positions: a format of variable-size values is needed")
        term_keys, term_starts, docs, frequencies, starts, data = buffer.grouped()
        post, limit, comp = self.postfile, self.limit, self.compression
        count = len(docs)
        term_ends = np.append(term_starts[1:], count)
        sizes = term_ends - term_starts
        blocks = -(-sizes // limit)
        block_term = np.repeat(np.arange(len(sizes)), blocks)
        rank = np.arange(int(blocks.sum())) - np.repeat(np.cumsum(blocks) - blocks, blocks)
        block_starts = term_starts[block_term] + rank * limit
        block_ends = np.minimum(block_starts + limit, term_ends[block_term])
        deltas = docs.copy()
        deltas[1:] -= docs[:-1]
        deltas[block_starts] = docs[block_starts]
        stored = frequencies.astype(np.float32).astype(np.float64)  # as the codec keeps weights
        block_top = np.maximum.reduceat(frequencies, block_starts).astype(np.float64)
        uniform = (np.minimum.reduceat(frequencies, block_starts) == block_top).tolist()
        totals = np.add.reduceat(stored, term_starts).tolist()
        tops = np.maximum.reduceat(frequencies, term_starts).astype(np.float64).tolist()
        firsts, lasts, sizes = docs[term_starts].tolist(), docs[term_ends - 1].tolist(), sizes.tolist()
        block_last = docs[block_ends - 1].tolist()
        block_top = block_top.tolist()
        block_bounds = np.append(np.cumsum(blocks) - blocks, len(block_starts)).tolist()
        block_starts, block_ends = block_starts.tolist(), block_ends.tolist()
        value_starts, value_ends = 4 * starts, 4 * (starts + frequencies)
        # per block, not per posting: Python objects for a whole segment's postings took ~0.2 GB
        header, no_length, add_row, prefix = WHOOSH3_HEADER_MAGIC, _NO_LENGTH, self._add_row, self.prefix
        for k, key in enumerate(term_keys.tolist()):
            start = post.tell()
            post.write(header)
            last_block = block_bounds[k + 1] - 1
            for b in range(block_bounds[k], last_block + 1):
                first, end = block_starts[b], block_ends[b]
                top = block_top[b]
                if top == 1.0:
                    mini_weights = None
                elif uniform[b]:
                    mini_weights = float(stored[first])
                else:
                    mini_weights = tuple(stored[first:end].tolist())
                values = tuple([data[a:z] for a, z in zip(value_starts[first:end].tolist(),
                                                           value_ends[first:end].tolist())])
                block = dumps((tuple(deltas[first:end].tolist()), mini_weights, values), BLOCK_PROTOCOL)
                if comp:
                    block = zlib.compress(block, comp)
                info = dumps((end - first, block_last[b], top, comp, no_length, no_length), 2)
                size = len(info) + len(block)
                post.write(pack_int(-size if b == last_block else size))
                post.write(info)
                post.write(block)
            row = _TERM_INFO.pack(False, totals[k], sizes[k], no_length, no_length, tops[k],
                                  firsts[k], lasts[k])
            add_row(prefix + term_bytes(key), row + pack_long(start) + pack_int(post.tell() - start))

    def _add_row(self, key: bytes, value: bytes) -> None:
        # OrderedHashWriter.add, with its file's writes made directly
        tindex, out = self.tindex, self.terms_file
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        position = out.tell()
        tindex.index.append(position)
        out.write(_KEY_VALUE_LENGTHS.pack(len(key), len(value)))
        out.write(key)
        out.write(value)
        h = tindex.hashfn(key)
        tindex.buckets[h & 255].append((h, position))
        tindex.lastkey = key
