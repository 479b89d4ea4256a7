"""Where a query's match sits in a document: how much of the query one passage holds.

A long report holds many words. A query of several terms (网站 维护 不到位)
matches it exactly when each term occurs anywhere, one in the overview, one
in a staffing line, one in the measures for next year; a problem statement
or a sentence of section 五 that holds them all together states the
shortcoming the query asks for. Ranking (`indexer.search.ranking`) therefore
weighs a document by its best passage: the window of `WIDTH` characters that
holds the largest share of the query's terms (each weighted by its rarity,
so 问题 and 工作 count for little), and, for a query that seeks problems,
whether that window lies in section 五. For such a query, rarity is counted
among the problem statements: 监督 is in most reports (监督保障) but in few
statements, so for 监督 力度 不够 a statement about supervision outranks
the many about 宣传力度不够.

The positions come from the gram field (`indexer.search.matching.needle_keys`),
read only for the documents being ranked, so the signal is the record's own
text, never a list of queries.
"""
from __future__ import annotations

import math

import numpy as np

from indexer.search.exact import PART_SPAN
from indexer.search.matching import needle_keys

#: Characters one passage spans: a clause or a short sentence.
WIDTH = 30
#: A needle in more than this share of the documents (公开, 工作) says little
#: about a passage and its positions are many to read: it counts as held by
#: any window of a document that holds it at all.
COMMON = 0.3


def rarity(table, needles, within: np.ndarray | None = None) -> list[float]:
    """Each needle's weight in a passage's share: its idf over the index, or
    over the documents of `within` (a mask) when given (1, a common needle's
    weight, for a needle none of them holds)."""
    if within is None:
        n = max(table.size, 1)
        return [math.log(n / (len(table.needle_hits(item)[0]) + 1)) + 1.0 for item in needles]
    n = max(int(np.count_nonzero(within)), 1)
    held = [int(np.count_nonzero(within[table.needle_hits(item)[0]])) for item in needles]
    # a needle none of them holds tells nothing about them: it weighs as a common one
    return [math.log(n / (k + 1)) + 1.0 if k else 1.0 for k in held]


def passage_shares(table, needles, docs: np.ndarray, weights: list[float] | None = None,
                   groups=(None,), width: int | None = None) -> np.ndarray:
    """The largest weighted share of `needles` (0–1) that one window of
    `width` characters (default `WIDTH`) holds, for each document of `docs` (numbers), one row
    per group of report parts in `groups` (a frozenset of part numbers:
    windows that start in those parts; None: anywhere). 0 where the group
    holds none of them.

    A needle of one character has no position of its own, and a common
    needle (in more than COMMON of the documents) has too many: each counts
    as held by a window wherever the document holds it at all.
    """
    docs = np.asarray(docs, dtype=np.int64)
    best = np.zeros((len(groups), len(docs)), dtype=np.float64)
    if not len(docs) or not needles:
        return best
    weights = list(weights) if weights is not None else [1.0] * len(needles)
    width = WIDTH if width is None else width
    total = float(sum(weights)) or 1.0
    order = np.sort(docs)
    found, loose = [], np.zeros(len(order), dtype=np.float64)
    for item, weight in zip(needles, weights):
        held = table.needle_hits(item)[0]
        keys = needle_keys(table, item, order) if len(held) <= COMMON * table.size else None
        if keys is None:
            loose[np.isin(order, held)] += weight
        elif len(keys):
            found.append((keys, weight))
    if not found:
        return np.repeat((loose / total)[np.searchsorted(order, docs)][None, :], len(groups), axis=0)
    starts = np.unique(np.concatenate([k for k, _ in found]))
    held = np.zeros(len(starts), dtype=np.float64)
    for keys, weight in found:
        at = np.searchsorted(keys, starts)  # each needle's first occurrence at or after each start
        past = at >= len(keys)
        at[past] = len(keys) - 1
        held += weight * (~past & (keys[at] - starts < width))
    owner = np.searchsorted(order, starts >> 32)
    part = (starts & 0xFFFFFFFF) // PART_SPAN
    at_docs = np.searchsorted(order, docs)
    for row, group in enumerate(groups):
        chosen = slice(None) if group is None else np.isin(part, list(group))
        top = np.zeros(len(order), dtype=np.float64)
        np.maximum.at(top, owner[chosen], held[chosen])
        top = np.where(top > 0, top + loose, 0.0) / total
        best[row] = np.minimum(top[at_docs], 1.0)
    return best
