"""Per-document facet values as arrays, for fast filters and facet counts.

Counting facets through Whoosh's collector (`groupedby`) walks every hit in
Python and loads stored fields. Instead, once per index generation, the
postings of each exact field are read into a (document, value) pair list;
a query's matches become a boolean mask over document numbers, and a facet
count is one `numpy.bincount` over the pairs whose document is in the mask.

The text fields' postings (documents and frequencies) are read once per term
and kept in a byte-bounded LRU: the same arrays build the match mask and the
BM25 scores (`indexer.search.bm25`).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from indexer.search import facetcache
from indexer.search.postings import EMPTY, deleted_array, field_postings, leaf_postings, read_postings
from indexer.search.results import UNKNOWN
from indexer.search.schema import FACET_TERM_FIELDS

#: A facet counted on another field than its name: the agency facet counts
#: organs (agency_id), and its filter takes an organ's id or its name.
COUNTED_ON = {"agency": "agency_id"}


@dataclass
class FacetColumn:
    """All (document, value) pairs of one exact field, in document order.

    `single` is set when no document holds two values: each document's value
    index plus one, 0 for none; otherwise `starts[d]` is where document d's
    pairs begin. `total` counts every value over all documents.
    """

    values: list[str]  # value index -> value
    index: dict[str, int]  # value -> value index
    docs: np.ndarray  # pair -> document number (ascending)
    value_ids: np.ndarray  # pair -> value index
    total: np.ndarray  # value index -> documents holding it
    single: np.ndarray | None = None
    starts: np.ndarray | None = None

    @classmethod
    def of_pairs(cls, values, index, docs: np.ndarray, value_ids: np.ndarray, size: int) -> "FacetColumn":
        order = np.argsort(docs, kind="stable")
        docs, value_ids = docs[order], value_ids[order]
        total = np.bincount(value_ids, minlength=len(values)).astype(np.int64)
        if not len(docs) or (docs[1:] != docs[:-1]).all():
            single = np.zeros(size, dtype=np.int32)
            single[docs] = value_ids + 1
            return cls(values, index, docs, value_ids, total, single=single)
        starts = np.searchsorted(docs, np.arange(size + 1))
        return cls(values, index, docs, value_ids, total, starts=starts)

    def count(self, docs: np.ndarray) -> np.ndarray:
        """Per value index: how many of the documents `docs` (each once) hold it."""
        if self.single is not None:
            return np.bincount(self.single[docs], minlength=len(self.values) + 1)[1:]
        begin, end = self.starts[docs], self.starts[docs + 1]
        lengths = end - begin
        pairs = int(lengths.sum())
        if not pairs:
            return np.zeros(len(self.values), dtype=np.int64)
        # the pair positions of every document, concatenated
        at = np.arange(pairs) + np.repeat(begin - (np.cumsum(lengths) - lengths), lengths)
        return np.bincount(self.value_ids[at], minlength=len(self.values))


def _segment_field_pairs(leaf, field: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(values in term order, document numbers, value index of each pair) of
    one exact field in one segment, its deleted documents included, pairs in
    value order then document order."""
    values, docs, value_ids = [], [], []
    terms = field_postings(leaf, field)
    if terms is None:  # not the W3 layout read below: one lookup per term
        terms = ((value, read_postings(leaf, field, value, live_only=False)[0]) for value in leaf.field_terms(field))
    for value, ids in terms:
        ids = np.concatenate(ids) if ids else np.empty(0, dtype=np.int64)
        docs.append(ids)
        value_ids.append(np.full(len(ids), len(values), dtype=np.int32))
        values.append(value)
    return (values, np.concatenate(docs) if docs else np.empty(0, dtype=np.int64),
            np.concatenate(value_ids) if value_ids else np.empty(0, dtype=np.int32))


def _length_bytes(column, count: int) -> np.ndarray:
    """A segment's length column (one byte per document) as an array: read as
    one slice of the file where Whoosh stores it as fixed one-byte cells (its
    NumericColumn "B"), else one document at a time."""
    raw = None
    if getattr(column, "_typecode", None) == "B" and all(hasattr(column, a) for a in ("_dbfile", "_basepos", "_count")):
        stored = min(column._count, count)
        raw = np.full(count, column._default, dtype=np.uint8)
        if stored:
            raw[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
    if raw is None:
        raw = np.fromiter((column[i] for i in range(count)), dtype=np.uint8, count=count)
    return raw


class DocTable:
    """Facet columns, live documents and term masks of one searcher."""

    def __init__(self, searcher, cache_mb: int = 192, index_dir=None):
        self.searcher = searcher
        reader = searcher.reader()
        self._terms: OrderedDict = OrderedDict()
        self._sizes: dict = {}
        self._cached_bytes = 0
        self._cache_bytes = cache_mb * 2**20
        self._cache_lock = threading.Lock()
        self._lengths: dict[str, np.ndarray] = {}
        self._objects: dict = {}  # per-generation lookups (facet labels)
        self.size = reader.doc_count_all()
        self._leaves = list(reader.leaf_readers()) if not reader.is_atomic() else [(reader, 0)]
        self.live = np.ones(self.size, dtype=bool)
        if reader.has_deletions():
            for leaf, offset in self._leaves:
                deleted = deleted_array(leaf)  # kept on the leaf: its postings reads drop the same documents
                if deleted is not None:
                    self.live[deleted + offset] = False
        self._index_dir = index_dir
        self.columns = self._columns(index_dir)
        self.year = np.zeros(self.size, dtype=np.int32)
        column = self.columns["year"]
        years = np.array([int(v) if v.isdigit() else 0 for v in column.values] or [0], dtype=np.int32)
        self.year[column.docs] = years[column.value_ids]
        self.is_report = self.mask("kind", ["report"])
        # the live statements, asked for by most searches: made once, read only
        self.is_problem = self.mask("kind", ["problem"])
        self.is_problem.setflags(write=False)
        self._id_order = None

    @property
    def id_order(self) -> np.ndarray:
        """Each document's place in the order of the documents' ids (made on
        first use, from the `id` column: one read, no stored fields). Ranking
        orders equal scores by it, so the same archive ranks the same way
        however a build laid out its segments."""
        if self._id_order is None:
            with self._cache_lock:
                if self._id_order is None:
                    reader = self.searcher.reader()
                    if reader.has_column("id"):
                        ids = list(reader.column_reader("id"))
                    else:  # an index written before the column: slower, same order
                        ids = [self.searcher.stored_fields(d).get("id", "") for d in range(self.size)]
                    rank = np.empty(len(ids), dtype=np.int64)
                    rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
                    self._id_order = rank
        return self._id_order

    def _columns(self, index_dir) -> dict[str, FacetColumn]:
        """Every facet field's column (see `_pairs_columns`); old cache files pruned."""
        columns = self._pairs_columns(list(FACET_TERM_FIELDS), "facets")
        if index_dir is not None:
            facetcache.prune(index_dir, {leaf.segment().segment_id() for leaf, _ in self._leaves
                                         if hasattr(leaf, "segment") and leaf.segment() is not None})
        return columns

    def _column(self, field: str) -> FacetColumn:
        """The column of an exact field outside the facets (e.g. report_id),
        made on demand, cached per segment on its own."""
        return self._pairs_columns([field], field)[field]

    def _pairs_columns(self, fields: list[str], group: str) -> dict[str, FacetColumn]:
        """Columns of exact `fields`, from each segment's pairs (read from its
        postings once, then from the segment's cache file: see
        `indexer.search.facetcache`), deleted documents dropped."""
        held = [(offset, facetcache.segment_pairs(self._index_dir, leaf, fields, _segment_field_pairs, group))
                for leaf, offset in self._leaves]
        columns = {}
        for field in fields:
            parts = [(offset, pairs[field]) for offset, pairs in held if field in pairs]
            values = sorted({value for _, (names, _, _) in parts for value in names})
            index = {v: i for i, v in enumerate(values)}
            docs, value_ids = [], []
            for offset, (names, local_docs, local_ids) in parts:
                to_global = np.array([index[v] for v in names], dtype=np.int32)
                at = local_docs + offset
                live = self.live[at]
                docs.append(at[live])
                value_ids.append(to_global[local_ids[live]] if len(names) else local_ids[live])
            columns[field] = FacetColumn.of_pairs(
                values, index,
                np.concatenate(docs) if docs else np.empty(0, dtype=np.int64),
                np.concatenate(value_ids) if value_ids else np.empty(0, dtype=np.int32),
                self.size,
            )
        return columns

    def postings(self, field: str, text: str, cache: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, frequencies) of `text` in `field` (deleted documents included).

        Read once per term and kept (LRU): matching and ranking share them.
        """
        key = (field, text)
        found = self._cached(key) if cache else None
        if found is not None:
            return found
        parts = [leaf_postings(leaf, offset, field, text) for leaf, offset in self._leaves]
        parts = [p for p in parts if len(p[0])]
        if not parts:
            found = EMPTY
        elif len(parts) == 1:
            found = parts[0]
        else:
            found = (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
        if cache:
            self._remember(key, found)
        return found

    def forget(self) -> None:
        """Empty the term and needle caches (benchmarks time cold queries with it)."""
        with self._cache_lock:
            self._terms.clear()
            self._sizes.clear()
            self._cached_bytes = 0

    def _cached(self, key):
        with self._cache_lock:  # shared by a web server's threads
            found = self._terms.get(key)
            if found is not None:
                self._terms.move_to_end(key)
            return found

    def canonical(self, field: str, values: list[str]) -> list[str]:
        """`values` with an organ's name replaced by its id(s), for a facet
        counted on ids (so a filter by name selects the id's facet value)."""
        if field not in COUNTED_ON:
            return values
        ids_of: dict[str, list[str]] = {}
        for id_, name in self.labels(field).items():
            ids_of.setdefault(name, []).append(id_)
        known = self.column(field).index
        return list(dict.fromkeys(x for v in values for x in ([v] if v in known else ids_of.get(v, [v]))))

    def _remember(self, key, value) -> None:
        size = sum(a.nbytes for a in value) if isinstance(value, tuple) else value.nbytes
        with self._cache_lock:
            if key in self._terms:
                return
            self._terms[key] = value
            self._sizes[key] = size
            self._cached_bytes += size
            while self._cached_bytes > self._cache_bytes and len(self._terms) > 1:
                old, _ = self._terms.popitem(last=False)
                self._cached_bytes -= self._sizes.pop(old)

    def term_docs(self, field: str, text: str, cache: bool = True) -> np.ndarray:
        """Document numbers holding `text` in `field` (deleted ones included)."""
        return self.postings(field, text, cache)[0]

    def lengths(self, field: str) -> np.ndarray:
        """Each document's length of `field` in words, as Whoosh stores it (quantised)."""
        found = self._lengths.get(field)
        if found is None:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
            from whoosh.util.numeric import byte_to_length

            decode = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
            found = np.zeros(self.size, dtype=np.float32)
            for leaf, offset in self._leaves:
                perdoc = getattr(leaf, "_perdoc", None)  # an empty index has none
                column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if perdoc else None
                if column is not None:
                    count = leaf.doc_count_all()
                    found[offset:offset + count] = decode[_length_bytes(column, count)]
            self._lengths[field] = found
        return found

    def average_length(self, field: str) -> float:
        """Mean length of `field` over all documents (Whoosh's avg_field_length)."""
        return float(self.searcher.avg_field_length(field, 1.0) or 1.0)

    def column(self, field: str) -> FacetColumn:
        """The column a facet named `field` counts (see COUNTED_ON)."""
        return self.columns[COUNTED_ON.get(field, field)]

    def mask(self, field: str, values) -> np.ndarray:
        """Live documents with any of `values` in `field` (UNKNOWN: with none);
        for the agency facet a value may be an organ's id or its name."""
        out = np.zeros(self.size, dtype=bool)
        values = list(values)
        columns = [self.column(field)] + ([self.columns[field]] if field in COUNTED_ON else [])
        for column in columns:
            wanted = [column.index[v] for v in values if v in column.index]
            if wanted:
                selected = np.zeros(len(column.values), dtype=bool)
                selected[wanted] = True
                out[column.docs[selected[column.value_ids]]] = True
        if UNKNOWN in values:
            out |= ~self.holding(field)
        return out & self.live

    def holding(self, field: str) -> np.ndarray:
        """Documents with any value in `field` (cached per field)."""
        key = ("\x00holding", field)
        found = self._cached(key)
        if found is None:
            found = np.zeros(self.size, dtype=bool)
            found[self.column(field).docs] = True
            self._remember(key, found)
        return found

    def unknown(self, field: str, within: np.ndarray) -> int:
        """How many documents in `within` hold no value in `field`."""
        return int(np.count_nonzero(within & ~self.holding(field)))

    def labels(self, field: str) -> dict[str, str]:
        """Value -> what to show, for a facet counted on another field (an
        organ's id -> its name); {} for the others."""
        if field not in COUNTED_ON:
            return {}
        key = ("\x00labels", field)
        found = self._objects.get(key)
        if found is None:
            ids, names = self.column(field), self.columns[field]
            name_of = np.full(self.size, -1, dtype=np.int64)
            name_of[names.docs] = names.value_ids
            first = np.full(len(ids.values), -1, dtype=np.int64)
            first[ids.value_ids[::-1]] = ids.docs[::-1]
            found = {v: names.values[name_of[d]] for v, d in zip(ids.values, first.tolist())
                     if d >= 0 and name_of[d] >= 0}
            self._objects[key] = found
        return found

    def tally(self, field: str, within: np.ndarray) -> np.ndarray:
        """Per value index of `field`: how many documents in `within` hold it."""
        column = self.column(field)
        if not column.values:
            return np.zeros(0, dtype=np.int64)
        chosen = np.flatnonzero(within)
        if 2 * len(chosen) > self.size:  # most documents: count the others and subtract
            return column.total - column.count(np.flatnonzero(~within))
        return column.count(chosen)

    def counts(self, field: str, within: np.ndarray, limit: int | None = None,
               tally: np.ndarray | None = None) -> list[tuple[str, int]]:
        """(value, count) of the values of `field` held by a document in `within`.

        Most frequent first, then by value; at most `limit` of them when given.
        `tally`, when given, is `self.tally(field, within)` already computed.
        """
        column = self.column(field)
        tally = self.tally(field, within) if tally is None else tally
        nonzero = np.flatnonzero(tally)
        # values are sorted, so a stable sort by count keeps ties in value order
        order = nonzero[np.argsort(-tally[nonzero], kind="stable")][:limit]
        return [(column.values[i], int(tally[i])) for i in order.tolist()]

    def match(self, query, parts: frozenset[int] | None = None) -> np.ndarray:
        """Boolean mask of the live documents matching a parsed query.

        Its needles (`indexer.search.query`) match exactly, within `parts`
        when given (report parts; problem statements are part 5).
        """
        return self._match(query, parts) & self.live

    def needle_hits(self, item, parts: frozenset[int] | None = None):
        """(documents, occurrence counts) of one needle (`indexer.search.matching`)."""
        from indexer.search.matching import needle_hits

        return needle_hits(self, item, parts)

    def _match(self, q, parts=None) -> np.ndarray:
        from indexer.search.query import needle_of

        item = needle_of(q)
        if item is not None:
            out = np.zeros(self.size, dtype=bool)
            out[self.needle_hits(item, parts)[0]] = True
            return out
        if isinstance(q, wq.Term):
            out = np.zeros(self.size, dtype=bool)
            out[self.term_docs(q.fieldname, q.text)] = True
            return out
        if isinstance(q, wq.And):
            out = np.ones(self.size, dtype=bool)
            for sub in q.subqueries:
                out &= self._match(sub, parts)
            return out
        if isinstance(q, wq.Or):
            out = np.zeros(self.size, dtype=bool)
            for sub in q.subqueries:
                out |= self._match(sub, parts)
            return out
        if isinstance(q, wq.Not):
            return ~self._match(q.query, parts)
        if isinstance(q, wq.AndNot):
            return self._match(q.a, parts) & ~self._match(q.b, parts)
        if isinstance(q, wq.AndMaybe):
            return self._match(q.a, parts)
        if isinstance(q, type(wq.NullQuery)):
            return np.zeros(self.size, dtype=bool)
        return self._verified(q)

    def _verified(self, q) -> np.ndarray:
        """Phrases and anything else: Whoosh checks positions, on the documents holding every word."""
        out = np.zeros(self.size, dtype=bool)
        key = ("\x00query", repr(q))
        ids = self._cached(key)
        if ids is None:
            words = [(q.fieldname, w) for w in q.words] if isinstance(q, wq.Phrase) else []
            if words and any(not len(self.term_docs(f, w)) for f, w in words):
                ids = np.empty(0, dtype=np.int64)  # a word is absent: no phrase, nothing to verify
            else:
                ids = np.fromiter(q.docs(self.searcher), dtype=np.int64)
            self._remember(key, ids)
        out[ids] = True
        return out
