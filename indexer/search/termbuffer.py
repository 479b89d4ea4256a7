"""A segment's postings in memory, by field and term, until it is written.

A build worker's documents arrive in document-number order with their text
fields already analysed: word fields as `wordnumbers.Words` (each occurrence as
a word number), the gram field as `exact.GramTerms` (a term per character).
Both are kept as the arrays they came in and grouped into postings by term
once per segment, with numpy (`WordBuffer`, `GramBuffer`): a Python step per
posting (~425 word and ~650 gram postings a report) cost more than the rest
of adding a document. Postings that arrive one at a time (a merged
segment's) go into flat per-term lists instead (`TermBuffer.add`).
`indexer.search.segments` writes them.
"""
from __future__ import annotations

from array import array

import numpy as np

from indexer.search.analysis import Postings
from indexer.search.wordnumbers import Words, spellings
from indexer.search.exact import GramTerms, term_bytes


class TermBuffer:
    """The postings of one segment, by field and term, in document order.

    Each term of a flat field holds a list ``[docnum, weight, value, docnum,
    ...]``: three appends per posting and no tuple. A field given `Words` or
    `GramTerms` keeps them in a `WordBuffer` or `GramBuffer` instead, until a
    posting of it arrives as a tuple or as `Postings` (a merged segment's, or
    a document written by other code): then what it holds moves into the
    flat lists, and the field stays there.
    """

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, list]] = {}
        self.grams: dict[str, GramBuffer] = {}
        self.words: dict[str, WordBuffer] = {}

    def add(self, item: tuple) -> None:
        """One posting as Whoosh's pool takes it: (field, term bytes, docnum, weight, value)."""
        self.add_one(*item)

    def add_one(self, fieldname: str, tbytes: bytes, docnum: int, weight: float, value: bytes) -> None:
        """One posting, its parts as arguments."""
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
        pending = self.grams.pop(fieldname, None) or self.words.pop(fieldname, None)
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

    def add_words(self, fieldname: str, docnum: int, words: Words) -> None:
        """One document's words for `fieldname`."""
        self._add_buffered(self.words, WordBuffer, fieldname, docnum, words)

    def add_grams(self, fieldname: str, docnum: int, grams: GramTerms) -> None:
        """One document's gram terms for `fieldname`."""
        self._add_buffered(self.grams, GramBuffer, fieldname, docnum, grams)

    def _add_buffered(self, buffers: dict, kind: type, fieldname: str, docnum: int, value) -> None:
        """`value` (`Words` or `GramTerms`) into the field's buffer of `kind`;
        as postings once the field has gone flat."""
        if fieldname in self.fields:
            self.add_postings(fieldname, docnum, value.postings())
            return
        buffer = buffers.get(fieldname)
        if buffer is None:
            buffer = buffers[fieldname] = kind()
        buffer.add(docnum, value)

    def names(self) -> list[str]:
        return sorted({*self.fields, *self.grams, *self.words})

    def cleanup(self) -> None:
        self.fields = {}
        self.grams = {}
        self.words = {}


class WordBuffer:
    """A segment's `wordnumbers.Words` for one field, as its documents gave them,
    counted into postings by term only when the segment is written."""

    def __init__(self) -> None:
        self.docnums: list[int] = []
        self.numbers: list[array] = []

    def add(self, docnum: int, words: Words) -> None:
        if len(words):
            self.docnums.append(docnum)
            self.numbers.append(words.numbers)

    def grouped(self) -> tuple[list[bytes], np.ndarray, np.ndarray, np.ndarray]:
        """(each term's bytes, in byte order; where each term's postings start;
        and per posting its docnum and weight, the word's count in the
        document), each term's postings in document order."""
        if not self.numbers:
            return [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        lengths = np.fromiter(map(len, self.numbers), dtype=np.int64, count=len(self.numbers))
        numbers = np.frombuffer(b"".join(self.numbers), dtype=np.int32)  # the arrays' own bytes, joined
        self.numbers = []
        words, which = _distinct(numbers)
        spelled = spellings(words.tolist())
        order = sorted(range(len(spelled)), key=spelled.__getitem__)
        rank = np.empty(len(words), dtype=np.int64)
        rank[order] = np.arange(len(words))
        docs = np.repeat(np.asarray(self.docnums, dtype=np.int64), lengths)
        span = int(docs[-1]) + 1  # documents arrive in order: the last is the largest
        ranks = rank[which.reshape(-1)]
        keys = ranks * span + docs
        if len(words) <= 1 << 16:
            # each occurrence's (rank, document) in order: by rank alone, stably,
            # since the documents arrive in order; numpy sorts 16-bit ints by
            # radix, several times faster than `np.sort` of the keys
            keys = keys[np.argsort(ranks.astype(np.uint16), kind="stable")]
        else:
            keys.sort()
        starts = np.flatnonzero(_run_starts(keys))  # each posting's first occurrence
        counts = np.diff(np.append(starts, len(keys)))
        posting_keys = keys[starts]
        terms = posting_keys // span
        term_starts = np.flatnonzero(_run_starts(terms))
        return [spelled[order[r]] for r in terms[term_starts].tolist()], term_starts, posting_keys % span, counts

    def terms(self):
        """(term bytes, docnums, weights, values) per term, as lists (the slow path)."""
        spelled, starts, docs, counts = self.grouped()
        bounds = starts.tolist() + [len(docs)]
        docs, weights = docs.tolist(), counts.astype(np.float64).tolist()
        for k, tbytes in enumerate(spelled):
            a, b = bounds[k], bounds[k + 1]
            yield tbytes, docs[a:b], weights[a:b], [b""] * (b - a)


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
        keys, order = _sorted_stably(np.concatenate(self.keys))  # documents arrived in order: stable keeps it
        docs = np.repeat(np.asarray(self.docnums, dtype=np.int64), lengths)[order]
        data = np.concatenate(self.positions).astype("<u4")[order].tobytes()
        self.keys, self.positions = [], []
        new = _run_starts(keys)
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


def _distinct(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(numbers, return_inverse=True)`` for word numbers: small
    non-negative ints (a process numbers its words from 0), so the distinct
    ones are marked in a table, with no sort (~5x faster on a segment)."""
    if not len(numbers) or numbers.min() < 0:
        return np.unique(numbers, return_inverse=True)
    seen = np.zeros(int(numbers.max()) + 1, dtype=bool)
    seen[numbers] = True
    rank = np.cumsum(seen, dtype=np.int64)
    rank -= 1
    return np.flatnonzero(seen).astype(numbers.dtype), rank[numbers]


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal `values` (at least one) begins, as a mask."""
    new = np.empty(len(values), dtype=bool)
    new[0] = True
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return new


def _sorted_stably(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(`keys` sorted, the stable order that sorts them), as
    ``np.argsort(keys, kind="stable")`` gives it. A segment's gram keys (39
    bits) and their indexes (21 bits) fit in one int64: one sort of both,
    packed, is about twice as fast as the stable sort of the keys."""
    shift = max(len(keys) - 1, 1).bit_length()
    if not len(keys) or keys.min() < 0 or int(keys.max()).bit_length() + shift > 63:
        order = np.argsort(keys, kind="stable")
        return keys[order], order
    packed = keys.astype(np.int64) << shift
    packed |= np.arange(len(keys), dtype=np.int64)
    packed.sort()
    return packed >> shift, packed & ((1 << shift) - 1)
