"""Which passage is about a topic: the order of a general query's hits.

A researcher typing a topic (预决算, 政府开放日, 建议提案 办理) wants the
paragraph that reports on it: 一是深化财政信息公开。重点围绕本级政府预决算、部门
预决算、部门"三公"经费预决算… names it again and again. Most reports name
the same topic once, as one item of a line listing what was published
(内容涉及年度财政预决算、机构职能、政策文件、规划计划…), and BM25 over a whole
report's counts ranks such a short report as high as the long one that
reports on it, since its one occurrence weighs more in a short text.

`by_topic` ranks the best `CANDIDATES` of the BM25 order by their densest
passage (`density`): how much of the query one window of `DENSE_WIDTH` gram
positions holds, and how often (a needle counts by its rarity among
reports, so 公开 adds little to 规范性文件), a window of a report's unnumbered
part (title, contents list, page headers) counting `FRONT` of its score and
an occurrence inside a part's standard heading nothing; then by BM25.

The positions are the gram field's: the whole index's keys when this search
read them already (`exactscores.fronts`), else `indexer.search.matching.needle_keys`
for the candidates only. The signal is the record's own text.
"""
from __future__ import annotations

import math

import numpy as np

from indexer.search.exact import PART_SPAN
from indexer.search.exactscores import in_heading
from indexer.search.matching import needle_keys

#: The documents re-ranked: the best this many of the BM25 order.
CANDIDATES = 200
#: Gram positions one dense passage spans (a character or a run of punctuation
#: is one position): two or three sentences of a paragraph.
DENSE_WIDTH = 120
#: The densest passage counts at most this many of the query's occurrences.
DENSE_CAP = 4.0
#: A needle's occurrences in one passage count at most this many times.
REPEATS = 3.0
#: An occurrence in a report's unnumbered part (title, contents list) counts this much.
FRONT = 0.25
#: The BM25 order adds at most this much (on a passage score of 1 to `DENSE_CAP`),
#: so it orders documents whose passages are alike.
BASE = 0.5
#: The most a passage and the BM25 order score together.
BAND = DENSE_CAP + BASE


def by_topic(table, total: np.ndarray, mask: np.ndarray, limit: int, needles, top,
             floor: float = 0.0, parts=None) -> list[tuple[int, float]] | None:
    """The best `limit` documents of `mask` for a general query: the best
    `CANDIDATES` of `total` (by `top`) ranked by their densest passage
    (`density`, in `parts` when the search is limited to some), then by
    `total`; each score is `floor` plus at most `BAND` (exact hits are scored
    above the band of best matches). None when no needle has positions to weigh."""
    needles = [n for n in needles if n is not None]
    pool = top(total, mask, max(CANDIDATES, limit), order=table.id_order)
    if len(pool) <= 1 or not needles:
        return pool
    docs = np.array([d for d, _ in pool], dtype=np.int64)
    dense = density(table, needles, docs, parts)
    if dense is None:
        return None
    base = total[docs].astype(np.float64)
    scored = np.zeros(table.size, dtype=np.float32)
    scored[docs] = floor + np.minimum(dense, DENSE_CAP) + BASE * base / max(float(base.max()), 1e-9)
    chosen = np.zeros(table.size, dtype=bool)
    chosen[docs] = True
    return top(scored, chosen, limit, order=table.id_order)


def density(table, needles, docs: np.ndarray, parts=None) -> np.ndarray | None:
    """For each of `docs` (numbers), its densest passage's score: over the
    windows of `DENSE_WIDTH` positions starting at an occurrence of a needle,
    the best coverage ** 2 * repeats, coverage being the weighted share of the
    needles the window holds and repeats its weighted occurrences (each
    needle's at most `REPEATS`; one of each makes 1), a needle weighing by its
    rarity among reports. A window in a report's unnumbered part counts `FRONT`
    of its score; only occurrences in `parts` count (None: all). None when no
    needle has positions (one character each)."""
    order = np.unique(docs)
    reports = max(int(np.count_nonzero(table.is_report & table.live)), 1)
    found = []
    for item in needles:
        keys = _keys(table, item, order)
        if keys is None:
            continue
        if parts is not None:
            keys = keys[np.isin((keys & 0xFFFFFFFF) // PART_SPAN, list(parts))]
        among = int(np.count_nonzero(table.is_report[table.needle_hits(item)[0]]))
        found.append((keys, math.log(reports / (among + 1)) + 1.0, item.length + len(item.runs) - 1))
    if not found or not any(len(k) for k, _, _ in found):
        return None
    whole = sum(w for _, w, _ in found)
    starts = np.unique(np.concatenate([k for k, _, _ in found]))
    coverage = np.zeros(len(starts), dtype=np.float64)
    repeats = np.zeros(len(starts), dtype=np.float64)
    for keys, weight, length in found:
        if not len(keys):
            continue
        held = np.concatenate(([0.0], np.cumsum(_counts(table, keys, length))))
        # occurrences from each start to DENSE_WIDTH positions on (parts lie PART_SPAN apart and
        # documents 2**32: a window never crosses either)
        inside = held[np.searchsorted(keys, starts + DENSE_WIDTH)] - held[np.searchsorted(keys, starts)]
        coverage += weight / whole * np.minimum(inside, 1.0)
        repeats += weight / whole * np.minimum(inside, REPEATS)
    # a window in a report's unnumbered part (title, contents list) weighs FRONT
    front = ((starts & 0xFFFFFFFF) // PART_SPAN == 0) & table.is_report[starts >> 32]
    best = np.zeros(len(order), dtype=np.float64)
    np.maximum.at(best, np.searchsorted(order, starts >> 32), np.where(front, FRONT, 1.0) * coverage ** 2 * repeats)
    return best[np.searchsorted(order, docs)]


def _counts(table, keys: np.ndarray, length: int) -> np.ndarray:
    """What each occurrence (`keys`) of a needle spanning `length` positions
    counts: nothing inside a numbered part's standard heading
    (`exactscores.in_heading`: 三、依申请公开政府信息情况 names the topic in every report
    of that form), else 1."""
    return np.where(in_heading(table, keys, length), 0.0, 1.0)


def _keys(table, item, order: np.ndarray) -> np.ndarray | None:
    """The sorted occurrence keys of `item` in the documents `order` (sorted
    numbers): cut from the whole index's keys when a search already read them
    (`exactscores.fronts` does), else read for these documents only."""
    whole = table._cached(("\x00keys", item.runs))
    if whole is None:
        return needle_keys(table, item, order)
    owners = whole >> 32
    at = np.searchsorted(owners, order)
    lengths = np.searchsorted(owners, order, side="right") - at
    # each document's run of keys, one after the other
    chosen = np.repeat(at - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    return whole[chosen]
