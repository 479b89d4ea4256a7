"""Writing a segment's terms as Whoosh's W3 codec writes them, a block at a time (`TermWriter`).

`indexer.search.segments.GroupedSegmentWriter` buffers a segment's postings
by term; when the segment is finished it hands each field's terms here:
a term's postings go out a block at a time (the blocks of a buffered field
pickled with numpy, `indexer.search.blockpickles`; a block shorter than
`RAW_BELOW` bytes stored uncompressed, a longer one compressed by
`indexer.search.deflate`), its W3 term-info row into the ordered hash
table, and the files' writes kept and made in large pieces. The codec
internals used here are those of the pinned whoosh-reloaded 2.7.5
(`tests/test_segments.py` compares the segments with Whoosh's own writer's).
"""
from __future__ import annotations

import struct
from array import array
from hashlib import md5
from pickle import dumps

import numpy as np

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import md5_hash
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from indexer.search import deflate
from indexer.search.blockpickles import BlockPickles
from indexer.search.exact import term_bytes
from indexer.search.termbuffer import GramBuffer, WordBuffer

#: A block's and a term's min/max field length when lengths are not recorded.
_NO_LENGTH = length_to_byte(None)
_TERM_INFO = W3TermInfo._struct
_KEY_VALUE_LENGTHS = struct.Struct("!ii")  # filetables.HashWriter's row head
_SLOT = struct.Struct("!Iq")  # a slot of filetables.HashWriter's hash tables: (hash, row position)
_EMPTY_SLOT = _SLOT.pack(0, 0)
#: The pickle protocol of a posting block's data. Whoosh's writer uses 2, where
#: each value (a gram posting's positions) is pickled as a latin-1 string and a
#: call to turn it back into bytes; protocol 4 writes bytes as bytes: pickling
#: is ~10x and compressing ~2x faster, blocks are less than half the size, and
#: reading them back is ~2.5x faster. The reader unpickles any protocol, so
#: what a block decodes to is the same (`tests/test_segments.py` compares it).
BLOCK_PROTOCOL = 4
#: Posting blocks whose pickled data is shorter than this are written
#: uncompressed (the block's info says so, and Whoosh's reader decompresses
#: only the blocks that say they are compressed). zlib adds ~11 bytes and
#: almost never shortens data this short: on the real archive 63k of its
#: 104k blocks are under 40 bytes, compressing them made them 12 % larger
#: and took 0.19 ms a report.
RAW_BELOW = 64



def _compressed(data: bytes, level: int) -> tuple[int, bytes]:
    """(the block's compression level, its data as written): compressed
    (`deflate`, whatever nonzero level the codec asks for) unless short."""
    if level and len(data) >= RAW_BELOW:
        return deflate.LEVEL, deflate.compress(data)
    return 0, data


def deflated(data: bytes, level: int) -> bytes:
    """A Whoosh compressed column's compressor, `deflate`'s at its own level."""
    return deflate.compress(data)


def _md5_low_bits(key: bytes) -> int:
    """`filetables.md5_hash(key)` (the digest's last 32 bits) without its hex string."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")


def _write_hash_tables(tindex) -> None:
    """`filetables.HashWriter._write_hashes` for `tindex`: the same 256 hash
    tables (each row's slot by linear probing, in the order rows were added),
    each written in one piece instead of a file call per slot."""
    dbfile, pack = tindex.dbfile, _SLOT.pack
    for entries in tindex.buckets:
        numslots = 2 * len(entries)
        tindex.directory.append((dbfile.tell(), numslots))
        table: list = [_EMPTY_SLOT] * numslots
        for hashval, position in entries:
            slot = (hashval >> 8) % numslots
            while table[slot] is not _EMPTY_SLOT:
                slot = (slot + 1) % numslots
            table[slot] = pack(hashval, position)
        if numslots:
            dbfile.write(b"".join(table))



class _Appender:
    """Bytes bound for the end of one file, kept and written in large pieces:
    a segment writes a few pieces per term, and a file call per piece (with
    `tell` for each offset) cost more than making the piece."""

    FLUSH_AT = 1 << 22

    def __init__(self, file):
        self.file = file
        self.offset = file.tell()  # where the next piece goes
        self.parts: list[bytes] = []
        self.pending = 0

    def add(self, piece: bytes) -> int:
        """Append `piece`; returns its offset in the file."""
        at = self.offset
        self.parts.append(piece)
        self.offset = at + len(piece)
        self.pending += len(piece)
        if self.pending >= self.FLUSH_AT:
            self.flush()
        return at

    def flush(self) -> None:
        if self.parts:
            self.file.write(b"".join(self.parts))
            self.parts, self.pending = [], 0


class TermWriter:
    """Writes each term's postings and its term-table row as Whoosh's W3
    codec writes them (`W3PostingsWriter` blocks, their data pickled with
    `BLOCK_PROTOCOL` or by `BlockPickles`, `W3TermInfo`, the ordered hash
    row), without its per-posting and per-call work: a segment has about a
    hundred new terms a report, and the codec's calls per term cost more than
    the compression of its block. Field lengths are not recorded
    (`store.without_length_stats`). `tests/test_segments.py` compares the
    segments with Whoosh's own writer's.
    """

    def __init__(self, codec, fieldwriter):
        if codec._inlinelimit > 1:  # W3 inlines nothing at its default (1)
            raise ValueError("inlined postings are not written here")
        self.limit, self.compression = codec._blocklimit, codec._compression
        self.post = _Appender(fieldwriter._postfile.file)
        self.tindex = fieldwriter._tindex
        self.rows = _Appender(self.tindex.dbfile.file)
        self.prefix, self.fixed_size = b"", None
        self._alone: dict[tuple, tuple[bytes, bytes]] = {}  # (document, weight) -> (block, row head), per field
        self._hash = _md5_low_bits if self.tindex.hashfn is md5_hash else self.tindex.hashfn
        self.tindex._write_hashes = lambda: _write_hash_tables(self.tindex)  # its `close` calls it

    def field(self, fieldid: int, format_) -> None:
        self.prefix, self.fixed_size = pack_ushort(fieldid), format_.fixed_value_size()
        self._alone = {}

    def flush(self) -> None:
        """Write out what is kept (before anything else writes to the files)."""
        self.post.flush()
        self.rows.flush()

    def term(self, tbytes: bytes, flat: list) -> None:
        """One term's postings (`TermBuffer`'s flat list, in document order)."""
        if len(flat) == 3 and self.fixed_size == 0:
            self._term_in_one_document(tbytes, flat[0], flat[1])
            return
        self._postings(tbytes, flat[0::3], flat[1::3], flat[2::3])

    def words(self, buffer: WordBuffer) -> None:
        """Every term of a word field (`WordBuffer`), in byte order."""
        if self.fixed_size != 0:
            raise ValueError("word postings carry no value: a format of empty values is needed")
        spelled, term_starts, docs, counts = buffer.grouped()
        if spelled:
            self._terms(spelled, term_starts, docs, counts, None)

    def _postings(self, tbytes: bytes, ids: list, weights: list, values: list | None) -> None:
        """One term's postings as lists in document order (`values` None for a
        format that stores none)."""
        post, limit, comp, fixed = self.post, self.limit, self.compression, self.fixed_size
        count = len(ids)
        start = post.add(WHOOSH3_HEADER_MAGIC)
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
            if fixed == 0:
                mini_values = None
            elif fixed is None:
                mini_values = tuple([v for v in values[first:first + limit] if v])
            else:
                mini_values = b"".join([v for v in values[first:first + limit] if v])
            deltas = tuple([block_ids[0]] + [b - a for a, b in zip(block_ids, block_ids[1:])])
            level, data = _compressed(dumps((deltas, mini_weights, mini_values), BLOCK_PROTOCOL), comp)
            info = dumps((len(block_ids), block_ids[-1], block_top, level, _NO_LENGTH, _NO_LENGTH), 2)
            size = len(info) + len(data)
            post.add(pack_int(-size if first + limit >= count else size) + info + data)
        row = _TERM_INFO.pack(False, total, count, _NO_LENGTH, _NO_LENGTH, top, ids[0], ids[-1])
        self._add_row(self.prefix + tbytes, row + pack_long(start) + pack_int(post.offset - start))

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
            level, data = _compressed(dumps(((docnum,), None if stored == 1.0 else stored, None), BLOCK_PROTOCOL),
                                      self.compression)
            info = dumps((1, docnum, top, level, _NO_LENGTH, _NO_LENGTH), 2)
            block = WHOOSH3_HEADER_MAGIC + pack_int(-(len(info) + len(data))) + info + data
            head = _TERM_INFO.pack(False, stored, 1, _NO_LENGTH, _NO_LENGTH, top, docnum, docnum)
            made = self._alone[key] = (block, head)
        block, head = made
        start = self.post.add(block)
        self._add_row(self.prefix + tbytes, head + pack_long(start) + pack_int(len(block)))

    def grams(self, buffer: GramBuffer) -> None:
        """Every term of a gram field (`GramBuffer`), in key order."""
        if not buffer.keys:
            return
        if self.fixed_size is not None:
            raise ValueError("gram postings carry positions: a format of variable-size values is needed")
        term_keys, term_starts, docs, frequencies, _, data = buffer.grouped()
        self._terms([term_bytes(key) for key in term_keys.tolist()], term_starts, docs, frequencies, data)

    def _terms(self, spelled: list, term_starts: np.ndarray, docs: np.ndarray, frequencies: np.ndarray,
               positions: bytes | None) -> None:
        """The postings of a field's terms (`spelled`, in byte order; their
        postings from `term_starts` on, in document order, with their
        document numbers and frequencies, the weights; `positions` each
        posting's positions in posting order, 4 bytes each, or None for a
        field whose postings carry no value): the bytes `_postings` would
        write for each, with the arithmetic per posting (deltas, weights,
        block bounds) and the pickling done in numpy (`blockpickles`), and
        only the compression left per block."""
        post, limit, comp = self.post, self.limit, self.compression
        count = len(docs)
        term_ends = np.append(term_starts[1:], count)
        sizes = term_ends - term_starts
        blocks = -(-sizes // limit)
        rank = np.arange(int(blocks.sum())) - np.repeat(np.cumsum(blocks) - blocks, blocks)
        block_starts = np.repeat(term_starts, blocks) + rank * limit
        block_ends = np.minimum(block_starts + limit, np.repeat(term_ends, blocks))
        deltas = docs.copy()
        deltas[1:] -= docs[:-1]
        deltas[block_starts] = docs[block_starts]  # a block's first: the document number itself
        stored = frequencies.astype(np.float32).astype(np.float64)  # as the codec keeps weights
        pickles = (BlockPickles(deltas, stored) if positions is None
                   else BlockPickles(deltas, stored, frequencies, positions))
        del positions
        block_top = np.maximum.reduceat(frequencies, block_starts).astype(np.float64)
        uniform = (np.minimum.reduceat(frequencies, block_starts) == block_top).tolist()
        totals = np.add.reduceat(stored, term_starts).tolist()
        tops = np.maximum.reduceat(frequencies, term_starts).astype(np.float64).tolist()
        firsts, lasts, sizes = docs[term_starts].tolist(), docs[term_ends - 1].tolist(), sizes.tolist()
        block_last = docs[block_ends - 1].tolist()
        block_top = block_top.tolist()
        block_bounds = np.append(np.cumsum(blocks) - blocks, len(block_starts)).tolist()
        block_starts, block_ends = block_starts.tolist(), block_ends.tolist()
        # per block, not per posting: Python objects for a whole segment's postings took ~0.2 GB.
        # The loop runs once a block (a segment has ~20 a report): `_compressed` and
        # `_add_row` are written out in it, their work the same
        header, no_length, prefix = WHOOSH3_HEADER_MAGIC, _NO_LENGTH, self.prefix
        block_of, row_of = pickles.block, _TERM_INFO.pack
        squeeze, squeezed = (deflate.compress if comp else None), deflate.LEVEL
        post_add, rows_add, lengths_of, hash_of = post.add, self.rows.add, _KEY_VALUE_LENGTHS.pack, self._hash
        tindex = self.tindex
        index_append, buckets, lastkey = tindex.index.append, tindex.buckets, tindex.lastkey
        for k, tbytes in enumerate(spelled):
            pieces = [header]  # the term's bytes, added to the file at once
            b, stop = block_bounds[k], block_bounds[k + 1]
            while b < stop:
                first, end = block_starts[b], block_ends[b]
                top = block_top[b]
                # the block's weights: None (all 1), the one they share, True (each posting's own)
                block = block_of(first, end, None if top == 1.0 else float(stored[first]) if uniform[b] else True)
                if squeeze is not None and len(block) >= RAW_BELOW:
                    block, level = squeeze(block), squeezed
                else:
                    level = 0
                info = dumps((end - first, block_last[b], top, level, no_length, no_length), 2)
                size = len(info) + len(block)
                b += 1
                pieces += (pack_int(size if b < stop else -size), info, block)
            written = b"".join(pieces)
            key = prefix + tbytes
            if key <= lastkey:
                raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
            value = (row_of(False, totals[k], sizes[k], no_length, no_length, tops[k], firsts[k], lasts[k])
                     + pack_long(post_add(written)) + pack_int(len(written)))
            position = rows_add(lengths_of(len(key), len(value)) + key + value)
            index_append(position)
            h = hash_of(key)
            buckets[h & 255].append((h, position))
            lastkey = tindex.lastkey = key

    def _add_row(self, key: bytes, value: bytes) -> None:
        # OrderedHashWriter.add, with its file's writes kept and made in large pieces (`_terms` writes it out)
        tindex = self.tindex
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        position = self.rows.add(_KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value)
        tindex.index.append(position)
        h = self._hash(key)
        tindex.buckets[h & 255].append((h, position))
        tindex.lastkey = key
