"""BM25 ranking with numpy over the postings arrays `DocTable` already caches.

A document's score adds two parts: how often and how centrally it holds each
needle exactly (BM25 over its occurrence counts and the length of its gram
field, so a short problem statement that is about the query ranks above a
long report that mentions it once), and BM25F over the jieba words of the
query in the text fields searched (words still tell a passage about 兼职
from one that only contains the characters).

Whoosh's collector scores an OR over eight text fields per query word one
posting at a time in Python, which was ~85% of a search's time. Here each
(field, word) of the query's positive part is one vectorised BM25 term over
its cached (document, frequency) arrays, summed per document, restricted to
the documents that match the whole query (the mask `Archive.search` already
computed), and the top `limit` are taken with `argpartition`.

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
from indexer.search.analysis import query_words
from indexer.search.schema import GRAM_FIELD

B = 0.75
K1 = 1.2
#: Weight of the word part against the exact part.
WORD_WEIGHT = 0.5


def scores(table, terms: list[tuple[str, str]]) -> np.ndarray:
    """BM25F score of every document for `terms` (0 where none occurs)."""
    total = np.zeros(table.size, dtype=np.float32)
    n = max(table.size, 1)
    for field, word in terms:
        docs, freqs = table.postings(field, word)
        if not len(docs):
            continue
        idf = math.log(n / (len(docs) + 1)) + 1.0
        lengths = table.lengths(field)[docs]
        norm = K1 * ((1.0 - B) + B * lengths / table.average_length(field))
        total[docs] += idf * freqs * (K1 + 1.0) / (freqs + norm)
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


def exact_scores(table, needles, parts=None) -> np.ndarray:
    """BM25 of every document over its exact occurrence counts of `needles`."""
    total = np.zeros(table.size, dtype=np.float32)
    n = max(table.size, 1)
    for item in needles:
        docs, counts = table.needle_hits(item, parts)
        if not len(docs):
            continue
        lengths = table.lengths(GRAM_FIELD)
        average = table.average_length(GRAM_FIELD)
        idf = math.log(n / (len(docs) + 1)) + 1.0  # needle_hits gives each document once
        freqs = counts.astype(np.float32)
        norm = K1 * ((1.0 - B) + B * lengths[docs] / average)
        np.add.at(total, docs, idf * freqs * (K1 + 1.0) / (freqs + norm))
    return total


def word_terms(needles, fields) -> list[tuple[str, str]]:
    """(field, word) pairs of the jieba words of `needles` in the text `fields`."""
    words = dict.fromkeys(w for item in needles for w in query_words(item.text) if any(c.isalnum() for c in w))
    return [(f, w) for w in words for f in fields]


#: A query whose needles occur this many times more often in problem statements
#: than chance seeks problems: statements' scores are multiplied by half its
#: lift, at most MAX_BOOST.
PROBLEM_SEEKING = 2.0
MAX_BOOST = 2.0


def rank(table, needles, fields, mask: np.ndarray, limit: int, parts=None, lift: float = 1.0) -> list[tuple[int, float]]:
    """The best `limit` documents of `mask` for the positive `needles` of a query.

    `fields` are the jieba text fields searched, `parts` the report parts
    the needles were matched in (None: all), `lift` how much the needles
    favour problem statements (`bestmatch.problem_lift`).
    """
    total = exact_scores(table, needles, parts) + WORD_WEIGHT * scores(table, word_terms(needles, fields))
    if lift >= PROBLEM_SEEKING:
        total[table.mask("kind", ["problem"])] *= min(lift / 2, MAX_BOOST)
    return top(total, mask, limit, order=table.id_order)
