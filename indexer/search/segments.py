"""Writing a new index segment with postings grouped by term as they arrive.

Whoosh's `SegmentWriter` puts every posting into a sorting pool as a tuple,
sorts them all when the segment is finished, then hands them to the codec
one at a time. For a build that is a third of the worker's time, for ~450
postings per report. `GroupedSegmentWriter` writes the same segment files
(byte for byte) in less time:

* a document's postings go straight into a per-field, per-term buffer, in
  the order documents arrive, which is document-number order, so nothing
  needs sorting except each field's term list;
* a term's postings are passed to the codec's postings writer a block at a
  time instead of a posting at a time (`_write_term`).

Only the parts of Whoosh's writer that this project's schema uses are kept:
no field or document boosts, no spelling words, no term vectors. The codec
internals used here are those of the pinned whoosh-reloaded 2.7.5
(`tests/test_segments.py` compares the files with Whoosh's own writer's).
"""
from __future__ import annotations

import struct
import zlib
from array import array
from operator import itemgetter
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from indexer.search.analysis import Postings

_frequency = itemgetter(1)
#: Bound on the (field, text) -> terms memo of exact fields.
_KNOWN_TERMS = 50_000
#: A block's and a term's min/max field length when lengths are not recorded.
_NO_LENGTH = length_to_byte(None)
_TERM_INFO = W3TermInfo._struct
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # filetables.HashWriter's row head


class TermBuffer:
    """The postings of one segment, by field and term, in document order.

    Each term holds a flat list ``[docnum, weight, value, docnum, ...]``: three
    appends per posting and no tuple, which is what keeps adding cheap.
    """

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, list]] = {}

    def add(self, item: tuple) -> None:
        """One posting as Whoosh's pool takes it: (field, term bytes, docnum, weight, value)."""
        fieldname, tbytes, docnum, weight, value = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        flat = terms.get(tbytes)
        if flat is None:
            terms[tbytes] = [docnum, weight, value]
        else:
            flat += (docnum, weight, value)

    def add_postings(self, fieldname: str, docnum: int, postings: Postings) -> None:
        """All of one document's postings for `fieldname` (each term once)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        get = terms.get
        for tbytes, _freq, weight, value in postings:
            flat = get(tbytes)
            if flat is None:
                terms[tbytes] = [docnum, weight, value]
            else:
                flat.append(docnum)
                flat.append(weight)
                flat.append(value)

    def cleanup(self) -> None:
        self.fields = {}


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
                    if isinstance(value, Postings):
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
        for fieldname in sorted(self.pool.fields):
            terms = self.pool.fields[fieldname]
            writer.start_field(fieldname, self.schema[fieldname])
            terms_out.field(writer._fieldid, self.schema[fieldname].format)
            for tbytes in sorted(terms):
                terms_out.term(tbytes, terms[tbytes])
            writer.finish_field()
        writer.close()


class _TermWriter:
    """Writes each term's postings and its term-table row, the bytes Whoosh's
    W3 codec writes (`W3PostingsWriter` blocks, `W3TermInfo`, the ordered hash
    row), without its per-posting and per-call work: a segment has about a
    hundred new terms a report, and the codec's calls per term cost more than
    the compression of its block. Field lengths are not recorded
    (`store.without_length_stats`). `tests/test_segments.py` compares the
    files with Whoosh's own writer's.
    """

    def __init__(self, codec, fieldwriter):
        if codec._inlinelimit > 1:  # W3 inlines nothing at its default (1)
            raise ValueError("inlined postings are not written here")
        self.limit, self.compression = codec._blocklimit, codec._compression
        self.postfile = fieldwriter._postfile.file
        self.tindex = fieldwriter._tindex
        self.terms_file = self.tindex.dbfile.file
        self.prefix, self.fixed_size = b"", None

    def field(self, fieldid: int, format_) -> None:
        self.prefix, self.fixed_size = pack_ushort(fieldid), format_.fixed_value_size()

    def term(self, tbytes: bytes, flat: list) -> None:
        """One term's postings (`TermBuffer`'s flat list, in document order)."""
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
            data = dumps((deltas, mini_weights, mini_values), 2)
            if comp:
                data = zlib.compress(data, comp)
            info = dumps((len(block_ids), block_ids[-1], block_top, comp, _NO_LENGTH, _NO_LENGTH), 2)
            size = len(info) + len(data)
            post.write(pack_int(-size if first + limit >= count else size))
            post.write(info)
            post.write(data)
        row = _TERM_INFO.pack(False, total, count, _NO_LENGTH, _NO_LENGTH, top, ids[0], ids[-1])
        self._add_row(self.prefix + tbytes, row + pack_long(start) + pack_int(post.tell() - start))

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
