"""Where a needle occurs: documents and occurrence counts, from the gram field.

A needle of two characters is one term: its postings are the answer. A
needle of one character is every term that starts with it (each occurrence
of a character is the first of exactly one term). A longer one is checked
with numpy: each of its cover terms becomes keys ``document << 32 |
(position - offset)``; the keys every term shares are the needle's
occurrences (see `indexer.search.exact`). A search within some parts keeps
the occurrences whose position lies in those parts.
"""
from __future__ import annotations

import numpy as np

from indexer.search.exact import PART_SPAN, Needle
from indexer.search.postings import read_postings
from indexer.search.schema import GRAM_FIELD

_NO_DOCS = np.empty(0, dtype=np.int64)
_NO_COUNTS = np.empty(0, dtype=np.int64)


def _leaf_positions(reader, offset: int, text: str):
    """(docs, counts, positions) of a pair term in one segment (docs plus `offset`)."""
    ids, _weights, values = read_postings(reader, GRAM_FIELD, text, values=True)
    if not ids:
        return None
    docs = np.concatenate(ids) + offset
    counts = np.fromiter((len(v) // 4 for v in values), dtype=np.int64, count=len(values))
    positions = np.frombuffer(b"".join(values), dtype="<u4")  # kept as 4 bytes a position in the cache
    return docs, counts, positions


def term_positions(table, text: str):
    """(docs, counts, positions) of a pair term over the whole index, cached on `table`."""
    key = ("\x00positions", text)
    found = table._cached(key)
    if found is not None:
        return found
    parts = [p for p in (_leaf_positions(leaf, offset, text) for leaf, offset in table._leaves) if p is not None]
    if not parts:
        found = (_NO_DOCS, _NO_COUNTS, _NO_DOCS)
    else:
        found = tuple(np.concatenate([p[i] for p in parts]) for i in range(3))
    table._remember(key, found)
    return found


def _keys(table, text: str, offset: int, within: np.ndarray | None) -> np.ndarray:
    """Sorted keys doc << 32 | (position - offset) of a pair term, docs limited to `within`.

    Postings come in document order and each document's positions ascend, so
    the keys are sorted as made (sorted again only if a segment layout says otherwise).
    """
    docs, counts, positions = term_positions(table, text)
    if within is not None:
        docs, counts, positions = _within(docs, counts, positions, within)
    owners = np.repeat(docs, counts)
    keep = positions >= offset
    keys = (owners[keep] << 32) | (positions[keep].astype(np.int64) - offset)
    if len(keys) > 1 and not (keys[1:] >= keys[:-1]).all():
        keys.sort()
    return keys


def _within(docs, counts, positions, within: np.ndarray):
    """The postings of the documents `within` (sorted numbers) only. Reads
    only their positions: a common term (人员) has hundreds of thousands."""
    if len(docs) > 1 and not (docs[1:] > docs[:-1]).all():  # segments out of order: mask the whole
        chosen = np.isin(docs, within)
        return docs[chosen], counts[chosen], positions[np.repeat(chosen, counts)]
    if len(within) > 1 and not (within[1:] > within[:-1]).all():
        within = np.unique(within)
    at = np.searchsorted(docs, within)
    inside = at < len(docs)
    at = at[inside][docs[at[inside]] == within[inside]]
    if not len(at):
        return docs[:0], counts[:0], positions[:0]
    starts = (np.cumsum(counts) - counts)[at]
    lengths = counts[at]
    # each chosen document's run of positions: starts repeated, plus 0..length-1
    steps = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return docs[at], lengths, positions[np.repeat(starts, lengths) + steps]


def _intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The keys in both sorted arrays (binary search of the smaller in the larger)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.searchsorted(b, a)
    at[at == len(b)] = len(b) - 1
    return a[b[at] == a]


def _in_parts(keys: np.ndarray, parts: frozenset[int] | None) -> np.ndarray:
    if parts is None or not len(keys):
        return keys
    part = (keys & 0xFFFFFFFF) // PART_SPAN
    return keys[np.isin(part, list(parts))]


def needle_hits(table, item: Needle, parts: frozenset[int] | None = None):
    """(documents, occurrence counts) of `item`, deleted documents included.

    `parts`: only occurrences in those report parts (problem statements are
    part 5).
    """
    key = ("\x00needle", item.runs, parts)
    found = table._cached(key)
    if found is not None:
        return found
    found = _hits(table, item, parts)
    table._remember(key, found)
    return found


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values, how many times each) of a SORTED array, in one pass
    (np.unique would hash or sort again: 0.3 s for a needle in every report at 100k)."""
    if not len(values):
        return values, _NO_COUNTS
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    return values[starts], np.diff(np.append(starts, len(values))).astype(np.int64)


def _counted(keys: np.ndarray):
    return _runs(keys >> 32)  # keys are sorted, so their documents are


def _hits(table, item: Needle, parts):
    if len(item.runs) == 1 and len(item.runs[0]) == 1:
        return _one_character(table, item.runs[0], parts)
    if item.single_term and parts is None:
        docs, freqs = table.postings(GRAM_FIELD, item.terms[0][0])
        return docs, freqs.astype(np.int64)
    keys = needle_keys(table, item)
    return _counted(_in_parts(keys, parts)) if keys is not None else (_NO_DOCS, _NO_COUNTS)


def needle_keys(table, item: Needle, within: np.ndarray | None = None) -> np.ndarray | None:
    """Sorted keys ``document << 32 | position`` of every occurrence of `item`
    (position: of its first character), in the documents `within` (numbers;
    None: all). None for a needle of one character (it has no term of its own)."""
    if len(item.runs) == 1 and len(item.runs[0]) == 1:
        return None
    if within is None:  # one page asks for the same needle by kind and by part: intersect once
        key = ("\x00keys", item.runs)
        found = table._cached(key)
        if found is None:
            found = _needle_keys(table, item, None)
            table._remember(key, found)
        return found
    return _needle_keys(table, item, within)


def _needle_keys(table, item: Needle, within: np.ndarray | None) -> np.ndarray:
    # rarest term first: it bounds the documents the others are read for
    ordered = sorted(item.terms, key=lambda t: len(table.term_docs(GRAM_FIELD, t[0])))
    keys = None
    for text, offset in ordered:
        if keys is not None:
            within = _runs(keys >> 32)[0]
            if not len(within):
                return keys
        found = _keys(table, text, offset, within)
        keys = found if keys is None else _intersect(keys, found)
    return keys


def _one_character(table, char: str, parts):
    """Every term that starts with `char`, summed per document."""
    reader = table.searcher.reader()
    terms = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.expand_prefix(GRAM_FIELD, char)]
    if parts is None:
        found = [table.postings(GRAM_FIELD, t) for t in terms]
        if not found:
            return _NO_DOCS, _NO_COUNTS
        docs = np.concatenate([d for d, _ in found])
        freqs = np.concatenate([f for _, f in found]).astype(np.int64)
        unique, inverse = np.unique(docs, return_inverse=True)
        return unique, np.bincount(inverse, weights=freqs).astype(np.int64)
    keys = [_in_parts(_keys(table, t, 0, None), parts) for t in terms]
    # each term's keys are sorted, their concatenation is not
    return _counted(np.sort(np.concatenate(keys))) if keys else (_NO_DOCS, _NO_COUNTS)
