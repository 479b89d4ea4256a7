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

A problem statement listing many shortcomings names the query's as one item
of the list: `listing` weighs its passage down (how many it names is read
from its own text by the parser's shortcoming cues).

The positions come from the gram field (`indexer.search.matching.needle_keys`),
read only for the documents being ranked, so the signal is the record's own
text, never a list of queries.
"""
from __future__ import annotations

import math
import re

import numpy as np

from indexer.search.bestmatch import EQUIVALENT
from indexer.search.exact import PART_SPAN
from indexer.search.matching import needle_keys

#: Characters one passage spans: a clause or a short sentence.
WIDTH = 30
#: A needle in more than this share of the documents (公开, 工作) says little
#: about a passage and its positions are many to read: it counts as held by
#: any window of a document that holds it at all.
COMMON = 0.3
#: A problem statement naming more shortcomings than this is a list (个别部门对复杂申请件的
#: 研判能力不足，答复文书规范性有待提升，疑难问题协调处理机制尚需完善，政策解读的形式还不够丰富，…):
#: the query's shortcoming is one item of it, and its passage weighs LISTED for each one beyond
#: (bench/judged-dev2 grades one item of a list of four or more 1; of the dev sets' judgements of
#: statements naming five or more, 5 of 19 are graded 2, naming one to three 167 of 391).
LIST_SHORTCOMINGS = 4
LISTED = 0.5
#: Where a statement's clauses end (a decimal point is none), and how long a clause is at least
#: (便民性、互动性 is one clause: an item of three characters is part of the next).
_CLAUSE_END = re.compile(r"[，,；;。、：:！!？?]")
CLAUSE_CHARS = 4


def shortcomings(text: str) -> int:
    """How many clauses of `text` name a shortcoming (`problems_prose.names_shortcoming`):
    an explanation (目前,信息公开工作均为兼职) names none."""
    from indexer.parser.problems_prose import names_shortcoming

    return sum(names_shortcoming(part) for part in _CLAUSE_END.split(text or "") if len(part.strip()) >= CLAUSE_CHARS)


def listing(table, docs: np.ndarray) -> np.ndarray:
    """Each of `docs`' passage weight by how many shortcomings it names: LISTED
    for each beyond LIST_SHORTCOMINGS of a problem statement, 1 for any other
    document. A statement's are counted from its stored text when it is first
    ranked, once per index generation."""
    docs = np.asarray(docs, dtype=np.int64)
    counted = table._objects.get("\x00shortcomings named")
    if counted is None:
        counted = table._objects["\x00shortcomings named"] = np.full(table.size, -1, dtype=np.int16)
    statements = docs[table.is_problem[docs]]
    for doc in statements[counted[statements] < 0]:
        stored = table.searcher.stored_fields(int(doc))
        counted[doc] = shortcomings((stored.get("problem_data") or {}).get("text", ""))
    beyond = np.where(table.is_problem[docs], np.maximum(counted[docs].astype(np.int64) - LIST_SHORTCOMINGS, 0), 0)
    return LISTED ** beyond


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


def passage_shares(table, needles, docs: np.ndarray, weights=None,
                   groups=(None,), width: int | None = None, alternatives=None, equivalent: float = EQUIVALENT) -> np.ndarray:
    """The largest weighted share of `needles` (0–1) that one window of
    `width` characters (default `WIDTH`) holds, for each document of `docs` (numbers), one row
    per group of report parts in `groups` (a frozenset of part numbers:
    windows that start in those parts; None: anywhere). 0 where the group
    holds none of them.

    A needle of one character has no position of its own, and a common
    needle (in more than COMMON of the documents) has too many: each counts
    as held by a window wherever the document holds it at all, and by a
    problem statement holding it even where the statement holds no other
    needle (a report then has no window: its common needles are spread).
    `alternatives` (one list of needles per needle, or None) are what else
    holds a needle: a window holding one of them and not the needle holds
    `equivalent` of it (a common or one-character alternative is left out).
    `weights` is one weight per needle (default 1 each), or one such list
    per group: what makes a passage of section 五 about the query need not be
    what makes an overview passage about it (`passages.by_passage`).
    """
    docs = np.asarray(docs, dtype=np.int64)
    best = np.zeros((len(groups), len(docs)), dtype=np.float64)
    if not len(docs) or not needles:
        return best
    if weights is None:
        weights = [1.0] * len(needles)
    # one row of weights per group (the same row for every group when one list is given)
    rows = np.array(weights, dtype=np.float64).reshape(-1, len(needles))
    rows = np.repeat(rows, len(groups), axis=0) if len(rows) == 1 else rows
    width = WIDTH if width is None else width
    total = rows.sum(axis=1)
    total[total == 0] = 1.0
    order = np.sort(docs)
    found, loose = [], np.zeros((len(groups), len(order)), dtype=np.float64)
    for i, item in enumerate(needles):
        held = table.needle_hits(item)[0]
        keys = needle_keys(table, item, order) if len(held) <= COMMON * table.size else None
        if keys is None:
            loose += rows[:, i:i + 1] * np.isin(order, held)[None, :]
            continue
        other = _positions(table, alternatives[i] if alternatives else (), order)
        if len(keys) or len(other):
            found.append((keys, other, rows[:, i]))
    at_docs = np.searchsorted(order, docs)
    if not found:
        return (loose / total[:, None])[:, at_docs]
    starts = np.unique(np.concatenate([k for keys, other, _ in found for k in (keys, other)]))
    held = np.zeros((len(groups), len(starts)), dtype=np.float64)
    for keys, other, weight in found:
        inside = _within(keys, starts, width).astype(np.float64)
        if len(other):
            inside = np.maximum(inside, equivalent * _within(other, starts, width))
        held += weight[:, None] * inside[None, :]
    owner = np.searchsorted(order, starts >> 32)
    part = (starts & 0xFFFFFFFF) // PART_SPAN
    # a statement is a clause or two, one passage: holding no needle with positions, it still holds
    # its common ones together (主动公开 alone, for 主动公开 不够, is the subject stated; it weighed 0)
    alone = table.is_problem[order]
    for row, group in enumerate(groups):
        chosen = slice(None) if group is None else np.isin(part, list(group))
        top = np.zeros(len(order), dtype=np.float64)
        np.maximum.at(top, owner[chosen], held[row][chosen])
        top = np.where((top > 0) | alone, top + loose[row], 0.0) / total[row]
        best[row] = np.minimum(top[at_docs], 1.0)
    return best


def _within(keys: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """Whether an occurrence in `keys` (sorted) lies less than `width` after each start."""
    if not len(keys):
        return np.zeros(len(starts), dtype=bool)
    at = np.searchsorted(keys, starts)  # the first occurrence at or after each start
    past = at >= len(keys)
    at[past] = len(keys) - 1
    return ~past & (keys[at] - starts < width)


def _positions(table, needles, order: np.ndarray) -> np.ndarray:
    """The sorted keys of every occurrence of any of `needles` in the documents
    `order`, leaving out common and one-character needles."""
    found = []
    for item in needles:
        if len(table.needle_hits(item)[0]) <= COMMON * table.size:
            keys = needle_keys(table, item, order)
            if keys is not None and len(keys):
                found.append(keys)
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
