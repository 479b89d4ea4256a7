"""Per-document facet values as arrays, for fast filters and facet counts.

Counting facets through Whoosh's collector (`groupedby`) walks every hit in
Python and loads stored fields. Instead, once per index generation, the
postings of each exact field are read into a (document, value) pair list;
a query's matches become a boolean mask over document numbers, and a facet
count is one `numpy.bincount` over the pairs whose document is in the mask.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from indexer.search.schema import FACET_TERM_FIELDS


@dataclass
class FacetColumn:
    """All (document, value) pairs of one exact field."""

    values: list[str]  # value index -> value
    index: dict[str, int]  # value -> value index
    docs: np.ndarray  # pair -> document number
    value_ids: np.ndarray  # pair -> value index


def _leaf_docs(reader, offset: int, field: str, text: str) -> np.ndarray:
    """Document numbers (plus `offset`) of one term in one segment."""
    if (field, text) not in reader:
        return np.empty(0, dtype=np.int64)
    matcher = reader.postings(field, text)
    chunks = []
    blocks = getattr(matcher, "_next_block", None)
    if blocks is not None and hasattr(matcher, "_read_ids"):
        # Read whole blocks of ids rather than one posting at a time
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            chunks.append(np.asarray(matcher._ids, dtype=np.int64))
            matcher._next_block()
    else:
        chunks.append(np.fromiter(matcher.all_ids(), dtype=np.int64))
    ids = np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)
    return ids + offset


class DocTable:
    """Facet columns, live documents and term masks of one searcher."""

    def __init__(self, searcher, cache_size: int = 256):
        self.searcher = searcher
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        self._leaves = list(reader.leaf_readers()) if not reader.is_atomic() else [(reader, 0)]
        self.live = np.ones(self.size, dtype=bool)
        if reader.has_deletions():
            for leaf, offset in self._leaves:
                deleted = leaf.deleted_docs_set
                deleted = deleted() if callable(deleted) else deleted
                if deleted:
                    self.live[np.fromiter(deleted, dtype=np.int64) + offset] = False
        self.columns = {name: self._column(name) for name in FACET_TERM_FIELDS}
        self.year = np.zeros(self.size, dtype=np.int32)
        column = self.columns["year"]
        years = np.array([int(v) if v.isdigit() else 0 for v in column.values] or [0], dtype=np.int32)
        self.year[column.docs] = years[column.value_ids]
        self.is_report = self.mask("kind", ["report"])
        self._terms: OrderedDict = OrderedDict()
        self._cache_size = cache_size

    def _column(self, field: str) -> FacetColumn:
        docs, value_ids = [], []
        seen: set[str] = set()
        for leaf, _ in self._leaves:
            if field in leaf.schema:
                seen.update(leaf.field_terms(field))
        values = sorted(seen)
        index = {v: i for i, v in enumerate(values)}
        for value, i in index.items():
            ids = self.term_docs(field, value, cache=False)
            docs.append(ids)
            value_ids.append(np.full(len(ids), i, dtype=np.int32))
        return FacetColumn(
            values, index,
            np.concatenate(docs) if docs else np.empty(0, dtype=np.int64),
            np.concatenate(value_ids) if value_ids else np.empty(0, dtype=np.int32),
        )

    def term_docs(self, field: str, text: str, cache: bool = True) -> np.ndarray:
        """Document numbers holding `text` in `field` (deleted ones included)."""
        key = (field, text)
        if cache and key in self._terms:
            self._terms.move_to_end(key)
            return self._terms[key]
        parts = [_leaf_docs(leaf, offset, field, text) for leaf, offset in self._leaves]
        ids = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        if cache:
            self._terms[key] = ids
            if len(self._terms) > self._cache_size:
                self._terms.popitem(last=False)
        return ids

    def mask(self, field: str, values) -> np.ndarray:
        """Live documents with any of `values` in `field`."""
        out = np.zeros(self.size, dtype=bool)
        column = self.columns[field]
        wanted = [column.index[v] for v in values if v in column.index]
        if wanted:
            selected = np.zeros(len(column.values), dtype=bool)
            selected[wanted] = True
            out[column.docs[selected[column.value_ids]]] = True
        return out & self.live

    def counts(self, field: str, within: np.ndarray) -> list[tuple[str, int]]:
        """(value, count) of every value of `field` held by a document in `within`, by count."""
        column = self.columns[field]
        if not column.values:
            return []
        tally = np.bincount(column.value_ids[within[column.docs]], minlength=len(column.values))
        nonzero = np.flatnonzero(tally)
        order = sorted(nonzero.tolist(), key=lambda i: (-int(tally[i]), column.values[i]))
        return [(column.values[i], int(tally[i])) for i in order]

    def match(self, query) -> np.ndarray:
        """Boolean mask of the live documents matching a Whoosh query."""
        return self._match(query) & self.live

    def _match(self, q) -> np.ndarray:
        if isinstance(q, wq.Term):
            out = np.zeros(self.size, dtype=bool)
            out[self.term_docs(q.fieldname, q.text)] = True
            return out
        if isinstance(q, wq.And):
            out = np.ones(self.size, dtype=bool)
            for sub in q.subqueries:
                out &= self._match(sub)
            return out
        if isinstance(q, wq.Or):
            out = np.zeros(self.size, dtype=bool)
            for sub in q.subqueries:
                out |= self._match(sub)
            return out
        if isinstance(q, wq.Not):
            return ~self._match(q.query)
        if isinstance(q, wq.AndNot):
            return self._match(q.a) & ~self._match(q.b)
        if isinstance(q, wq.AndMaybe):
            return self._match(q.a)
        if isinstance(q, type(wq.NullQuery)):
            return np.zeros(self.size, dtype=bool)
        # phrases and anything else: let Whoosh find the documents
        out = np.zeros(self.size, dtype=bool)
        ids = np.fromiter(q.docs(self.searcher), dtype=np.int64)
        out[ids] = True
        return out
