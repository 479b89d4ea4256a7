"""Where a needle occurs: documents and occurrence counts, from the gram field.

A needle of one or two characters is one term: its postings are the answer.
A longer one is checked with numpy: each of its cover terms becomes keys
``document << 32 | (position - offset)``; the keys every term shares are the
needle's occurrences (see `indexer.search.exact`). A search within some
parts keeps the occurrences whose position lies in those parts.

A one-character needle within some parts has no positions to check: its
candidates are checked against the documents' text with the needle's regex.
"""
from __future__ import annotations

import numpy as np

from indexer.search.exact import PART_SPAN, PROBLEM_PART, Needle, occurrences
from indexer.search.schema import GRAM_FIELD

_NO_DOCS = np.empty(0, dtype=np.int64)
_NO_COUNTS = np.empty(0, dtype=np.int64)


def _leaf_positions(reader, offset: int, text: str):
    """(docs, counts, positions) of a pair term in one segment (docs plus `offset`)."""
    if (GRAM_FIELD, text) not in reader:
        return None
    matcher = reader.postings(GRAM_FIELD, text)
    ids, values = [], []
    if hasattr(matcher, "_next_block") and hasattr(matcher, "_read_ids"):
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._values is None:
                matcher._read_values()
            ids.append(np.asarray(matcher._ids, dtype=np.int64))
            values.extend(matcher._values)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(np.array([matcher.id()], dtype=np.int64))
            values.append(matcher.value())
            matcher.next()
    if not ids:
        return None
    docs = np.concatenate(ids) + offset
    counts = np.fromiter((len(v) // 4 for v in values), dtype=np.int64, count=len(values))
    positions = np.frombuffer(b"".join(values), dtype="<u4").astype(np.int64)
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
    """Sorted keys doc << 32 | (position - offset) of a pair term, docs limited to `within`."""
    docs, counts, positions = term_positions(table, text)
    owners = np.repeat(docs, counts)
    keep = positions >= offset
    if within is not None:
        keep &= np.isin(owners, within, assume_unique=False)
    keys = (owners[keep] << 32) | (positions[keep] - offset)
    keys.sort()
    return keys


def _in_parts(keys: np.ndarray, parts: frozenset[int] | None) -> np.ndarray:
    if parts is None or not len(keys):
        return keys
    part = (keys & 0xFFFFFFFF) // PART_SPAN
    return keys[np.isin(part, list(parts))]


def needle_hits(table, item: Needle, parts: frozenset[int] | None = None, text_of=None):
    """(documents, occurrence counts) of `item`, deleted documents included.

    `parts`: only occurrences in those report parts (problem statements are
    part 5). `text_of(doc) -> {part: text}` reads a document's text, for the
    shapes that are checked against it.
    """
    key = ("\x00needle", item.runs, parts)
    found = table._cached(key)
    if found is not None:
        return found
    found = _hits(table, item, parts, text_of)
    table._remember(key, found)
    return found


def _hits(table, item: Needle, parts, text_of):
    terms = item.terms
    if item.single_term and (parts is None or len(item.runs[0]) == 2):
        text = terms[0][0]
        if parts is None:
            docs, freqs = table.postings(GRAM_FIELD, text)
            return docs, freqs.astype(np.int64)
        keys = _in_parts(_keys(table, text, 0, None), parts)
        docs, counts = np.unique(keys >> 32, return_counts=True)
        return docs, counts
    if item.single_term:
        return _checked_against_text(table, item, parts, text_of)
    # rarest term first: it bounds the documents the others are read for
    ordered = sorted(terms, key=lambda t: len(table.term_docs(GRAM_FIELD, t[0])))
    keys = None
    for text, offset in ordered:
        within = None if keys is None else np.unique(keys >> 32)
        if within is not None and not len(within):
            return _NO_DOCS, _NO_COUNTS
        found = _keys(table, text, offset, within)
        keys = found if keys is None else np.intersect1d(keys, found, assume_unique=True)
    keys = _in_parts(keys, parts)
    docs, counts = np.unique(keys >> 32, return_counts=True)
    return docs, counts


def _checked_against_text(table, item: Needle, parts, text_of):
    """Candidates holding every term, kept where the regex finds the needle in their text."""
    candidates = None
    for text, _ in item.terms:
        docs = np.unique(table.term_docs(GRAM_FIELD, text))
        candidates = docs if candidates is None else np.intersect1d(candidates, docs, assume_unique=True)
    if candidates is None or not len(candidates) or text_of is None:
        return _NO_DOCS, _NO_COUNTS
    kept, counts = [], []
    for doc in candidates.tolist():
        if not table.live[doc]:
            continue
        texts = text_of(doc)
        found = sum(len(occurrences(t, [item])) for n, t in texts.items() if parts is None or n in parts)
        if found:
            kept.append(doc)
            counts.append(found)
    return np.array(kept, dtype=np.int64), np.array(counts, dtype=np.int64)


def problem_parts(text: str) -> dict[int, str]:
    """A problem statement's text as the parts `text_of` returns."""
    return {PROBLEM_PART: text}
