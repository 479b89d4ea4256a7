"""A term's postings in one segment, read as numpy arrays a whole block at a time.

Whoosh's matchers hand out one posting per call; the facet counts, the match
masks, BM25 and the exact-phrase check need every posting of a term at once.
These functions read them from the matcher's decoded blocks (pinned
whoosh-reloaded 2.7.5's block internals) and drop deleted documents with
numpy, falling back to Whoosh's public matcher API where a term's postings are
stored inline.
"""
from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher, W3TermsReader
from whoosh.filedb.structfile import BufferFile

EMPTY = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))


def _segment_matcher(reader, field: str, text: str):
    """(the segment's own matcher of a term, its deleted documents as a sorted
    array or None). Whoosh wraps a segment-with-deletions' matcher in a
    FilterMatcher, which has no blocks and walks the postings one at a time
    in Python; at 100k reports the identity step's replacements leave
    deletions in nearly every segment, so every term was read that way."""
    terms = getattr(reader, "_terms", None)
    if terms is None or not hasattr(reader, "_text_to_bytes"):
        return reader.postings(field, text), None
    matcher = terms.matcher(field, reader._text_to_bytes(field, text), reader.schema[field].format)
    return matcher, deleted_array(reader)


def deleted_array(reader) -> np.ndarray | None:
    """A segment reader's deleted documents as a sorted array (None for none),
    made once per reader: an open reader's deletions never change."""
    if not reader.has_deletions():
        return None
    found = getattr(reader, "_nianbao_deleted", None)
    if found is None:
        deleted = reader.deleted_docs_set
        deleted = deleted() if callable(deleted) else deleted
        found = np.sort(np.fromiter(deleted, dtype=np.int64, count=len(deleted)))
        reader._nianbao_deleted = found
    return found if len(found) else None


def read_postings(reader, field: str, text: str, values: bool = False, live_only: bool = True):
    """(document number arrays, weight arrays, encoded values) of one term in
    one segment, live documents only (all with `live_only=False`), read a whole block at a time where
    Whoosh stores blocks (its matcher's block internals, pinned
    whoosh-reloaded 2.7.5), one posting at a time where it stores them
    inline in the term's info. `values`: also the postings' encoded values
    (positions, for the gram field)."""
    ids, weights, found = [], [], []
    if (field, text) not in reader:
        return ids, weights, found
    matcher, deleted = _segment_matcher(reader, field, text)
    if not live_only:
        deleted = None
    if hasattr(matcher, "_next_block") and hasattr(matcher, "_read_ids"):
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            if values and matcher._values is None:
                matcher._read_values()
            block = np.asarray(matcher._ids, dtype=np.int64)
            weight = np.asarray(matcher._weights, dtype=np.float32)
            kept = matcher._values if values else None
            if deleted is not None:
                live = deleted[np.minimum(np.searchsorted(deleted, block), len(deleted) - 1)] != block
                if not live.all():
                    block, weight = block[live], weight[live]
                    kept = [v for v, keep in zip(kept, live.tolist()) if keep] if values else None
            ids.append(block)
            weights.append(weight)
            if values:
                found.extend(kept)
            matcher._next_block()
    else:
        pairs = []
        while matcher.is_active():
            if deleted is None or matcher.id() not in reader.deleted_docs_set:
                pairs.append((matcher.id(), matcher.weight()))
                if values:
                    found.append(matcher.value())
            matcher.next()
        ids.append(np.array([d for d, _ in pairs], dtype=np.int64))
        weights.append(np.array([w for _, w in pairs], dtype=np.float32))
    return ids, weights, found


def leaf_postings(reader, offset: int, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers plus `offset`, term frequencies) of one term in one segment."""
    ids, weights, _ = read_postings(reader, field, text)
    if not ids:
        return EMPTY
    return np.concatenate(ids) + offset, np.concatenate(weights)


def field_postings(leaf, field: str):
    """(value, document number arrays) of every term of `field` in one segment,
    in term order, deleted documents included; None when the segment is not
    laid out as the pinned whoosh-reloaded 2.7.5's W3 codec writes it.

    The build's count step reads every exact field's every term
    (`indexer.search.facets`; at 100k reports 226,586 terms in 51
    segments): looked up one by one (`read_postings`), each term cost two
    hash-table lookups in the terms file and a matcher whose block headers
    were unpickled one small read of the segment's map at a time (~50 µs a
    term). Here the terms file is walked in order, each row's term info
    decoded where it lies, and each term's postings (their extent in the
    term info) copied out of the map at once, where Whoosh's own block reader
    (`W3LeafMatcher`) reads them: the same blocks, the same documents."""
    terms = getattr(leaf, "_terms", None)
    postfile = getattr(terms, "_postfile", None)
    if type(terms) is not W3TermsReader or not isinstance(postfile, BufferFile) or field not in leaf.schema:
        return None
    return _walk_field(terms.items_from(field, b""), field, leaf.schema[field], postfile._buf)


def _walk_field(rows, field: str, fieldobj, posts):
    for (name, tbytes), info in rows:
        if name != field:
            break
        if info.is_inlined():
            ids = [np.asarray(info.inlined_postings()[0], dtype=np.int64)]
        else:
            offset, length = info.extent()
            length = length[0] if isinstance(length, tuple) else length  # W3TermInfo.from_bytes leaves it a 1-tuple
            matcher = W3LeafMatcher(BufferFile(posts[offset:offset + length]), 0, length, fieldobj.format)
            ids = []
            while matcher.is_active():
                if matcher._ids is None:
                    matcher._read_ids()
                ids.append(np.asarray(matcher._ids, dtype=np.int64))
                matcher._next_block()
        yield fieldobj.from_bytes(tbytes), ids
