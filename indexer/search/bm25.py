"""BM25 with numpy over the postings arrays `DocTable` already caches.

Whoosh's collector scores an OR over eight text fields per query word one
posting at a time in Python, which was ~85% of a search's time. Here each
(field, word) of a query is one vectorised BM25 term over its cached
(document, frequency) arrays, summed per document (`scores`), and the top
`limit` of a mask are taken with `argpartition` (`top`).

The formula is Whoosh's BM25F (B = 0.75, K1 = 1.2, idf = log(N / (df + 1)) + 1,
quantised field lengths as Whoosh stores them), so scores equal Whoosh's for
word queries; a phrase scores as the sum of its words. Equal scores are
ordered by document id, not document number: numbers depend on how a build
laid out its segments (parallel workers finish in any order), and the same
archive must rank the same way however it was built.
"""
from __future__ import annotations

import math

import numpy as np

B = 0.75
K1 = 1.2


def scores(table, terms: list[tuple[str, str]], weights: dict[str, float] | None = None) -> np.ndarray:
    """BM25F score of every document for `terms` (0 where none occurs);
    `weights` multiplies each field's part (1 for a field not named)."""
    total = np.zeros(table.size, dtype=np.float32)
    n = max(table.size, 1)
    for field, word in terms:
        docs, freqs = table.postings(field, word)
        if not len(docs):
            continue
        idf = math.log(n / (len(docs) + 1)) + 1.0
        lengths = table.lengths(field)[docs]
        norm = K1 * ((1.0 - B) + B * lengths / table.average_length(field))
        weight = (weights or {}).get(field, 1.0)
        total[docs] += weight * idf * freqs * (K1 + 1.0) / (freqs + norm)
    return total


def top(total: np.ndarray, mask: np.ndarray, limit: int, order: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The `limit` best (document, score) of the documents in `mask`: by score,
    then among equal scores by `order[document]` (`DocTable.id_order`), else
    by document number."""
    if limit <= 0:
        return []
    docs = np.flatnonzero(mask)
    if not len(docs):
        return []
    values = total[docs]
    if len(docs) > limit:
        # keep every document tied with the limit-th score, then order exactly
        cut = np.partition(values, len(values) - limit)[len(values) - limit]
        keep = values >= cut
        docs, values = docs[keep], values[keep]
    chosen = np.lexsort((docs if order is None else order[docs], -values))[:limit]
    return [(int(docs[i]), float(values[i])) for i in chosen]
