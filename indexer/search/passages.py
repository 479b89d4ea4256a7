"""A problem-seeking query's candidates ranked by their best passage.

A query seeks problems when its needles occur in problem statements far more
often than chance (`bestmatch.problem_lift` at least `PROBLEM_SEEKING`). For
such a query, the best `CANDIDATES` of each match class (by BM25, kinds and
section 五, `ranking.rank`) are ranked by their best passage
(`indexer.search.proximity`): how much of the query one window of text holds
and what part it lies in (a statement or section 五 above the other sections,
the contents list last), so a long report holding the words in three
paragraphs no longer outranks the sentence that states the shortcoming.
A report's problem passage is as much of the query as one of its own
statements holds (`_back_by_statements`), wherever the parser found them:
section 五 also holds the measures for next year, and a report with no
statement has none. A passage of section 五 weighs the needles by their
rarity among statements, an overview passage by their rarity among reports
(a stock phrase few statements hold makes no overview about the query).
A statement listing many shortcomings names the query's as one item
(`proximity.listing`): among statements alone (the 问题 tab) its whole score
weighs less, not only its passage.
"""
from __future__ import annotations

import numpy as np

from indexer.search.bm25 import top
from indexer.search.exact import PROBLEM_PART
from indexer.search.narrowing import report_of
from indexer.search.proximity import listing, passage_shares, rarity
from indexer.search.subjectpairs import said_of

#: A query whose needles occur this many times more often in problem statements
#: than chance seeks problems.
PROBLEM_SEEKING = 2.0


def seeks_problems(lift: float) -> bool:
    """Whether a query with this problem lift looks for problem statements."""
    return lift >= PROBLEM_SEEKING


#: The documents re-weighed by their best passage: the best this many by the
#: other signals (at least as many as asked for, so pages agree).
CANDIDATES = 200
#: For a problem-seeking query, what a passage is: its weight by where it lies
#: (a statement's text lies in section 五). A document's passage score is the
#: best of weight * share ** PASSAGE_POWER over these, `share` being how much
#: of the query one window holds (`proximity.passage_shares`).
PASSAGE_PARTS = ((frozenset({PROBLEM_PART}), 1.0), (frozenset({1, 2, 3, 4, 6}), 0.4), (frozenset({0}), 0.25))
PASSAGE_POWER = 2.0
#: The other signals (BM25, kinds, section 五) add at most this much to the
#: passage score, so they order documents whose passages are alike.
PASSAGE_BASE = 0.15


def by_passage(table, total: np.ndarray, mask: np.ndarray, limit: int, needles, lift: float,
               parts=None, alternatives=None, asked=None) -> list[tuple[int, float]]:
    """`top` of `total`; for a problem-seeking query, the best `CANDIDATES` of
    `total` are ranked first by their best passage (what part of the report
    it lies in, how much of the query it holds: a needle's `alternatives`,
    one list per needle, count `bestmatch.EQUIVALENT` of it), then by `total`.
    A statement listing many shortcomings (`proximity.listing`) weighs less:
    its passage, and among statements alone its whole score. Among statements alone, one
    stating the query's shortcoming (`asked`, `subjectpairs.asked`) only of other subjects
    weighs less (`subjectpairs.said_of`)."""
    if alternatives is not None:
        alternatives = [a for n, a in zip(needles, alternatives) if n is not None]
    needles = [n for n in needles if n is not None]
    if not seeks_problems(lift) or not needles or (parts is not None and PROBLEM_PART not in parts):
        return top(total, mask, limit, order=table.id_order)
    pool = top(total, mask, max(CANDIDATES, limit), order=table.id_order)
    if not pool:
        return pool
    docs = np.array([d for d, _ in pool], dtype=np.int64)
    groups = [g for g, _ in PASSAGE_PARTS]
    # what makes a passage state this shortcoming: the needles rare among statements; what
    # makes an overview passage about the query: the needles rare among reports (群众关心的
    # 热点 is in few statements but many overviews, and should not make one rank)
    statements = table.is_problem
    rarities = rarity(table, needles, statements)
    overview = rarity(table, needles, table.is_report & table.live)
    shares = passage_shares(table, needles, docs, [rarities] + [overview] * (len(groups) - 1), groups,
                            alternatives=alternatives)
    _back_by_statements(table, total, docs, shares, needles, rarities, alternatives)
    weights = np.array([w for _, w in PASSAGE_PARTS])[:, None]
    passage = (weights * shares ** PASSAGE_POWER).max(axis=0)
    base = PASSAGE_BASE * total[docs].astype(np.float64) / max(float(total[docs].max()), 1e-9)
    # a statement listing many shortcomings names the query's as one item (`proximity.listing`)
    listed = listing(table, docs)
    scored = np.zeros(table.size, dtype=np.float32)
    if table.is_report[docs].any():
        # a report's problem passage is its statements' (`_back_by_statements`), unweighed by their lists
        scored[docs] = passage * listed + base
    else:
        # statements alone (the 问题 tab): the list's whole score weighs less, or where every passage
        # holds little of the query (业务素质不高: 素质 in none) its other signals still rank it first
        scored[docs] = (passage + base) * listed
        if asked is not None:
            # the query's shortcoming said of another subject (认识不到位 for 网站 维护 不到位)
            scored[docs] *= said_of(table, docs, asked)
    chosen = np.zeros(table.size, dtype=bool)
    chosen[docs] = True
    return top(scored, chosen, limit, order=table.id_order)


def _back_by_statements(table, total: np.ndarray, docs: np.ndarray, shares: np.ndarray, needles, weights,
                        alternatives=None) -> None:
    """A report's problem passage (row 0 of `shares`) is as much of the query
    as one of the report's own problem statements holds; what its section 五
    holds beyond that counts as an overview passage (row 1). Section 五 also
    holds the measures for next year (下一步将加大…力度, 多渠道公开) and
    lead-ins; the parser's statements are the shortcomings it states. A report
    of which the parser read no statement has none: its section 五 counts as
    an overview passage (a 五 of measures only, 2022年将继续综合运用各种平台和
    渠道, or a nil answer). A report whose 五 heading was not recognised keeps
    its statements in another part (重庆市政府…存在的主要问题和改进措施 in the
    unnumbered part), and they still state its shortcomings. `shares` has the
    rows of `PASSAGE_PARTS` (section 五 first, then the overview)."""
    at = np.flatnonzero(table.is_report[docs])
    if not len(at):
        return
    owner = report_of(table) + 1  # 0: no report
    wanted = np.zeros(int(owner.max()) + 1, dtype=bool)
    wanted[owner[docs[at]]] = True
    # only statements holding some of the query (total > 0) can back their report
    stating = np.flatnonzero(table.is_problem & (total > 0) & wanted[owner])
    best = np.zeros(len(wanted), dtype=np.float64)
    if len(stating):
        held = passage_shares(table, needles, stating, weights, alternatives=alternatives)[0]
        np.maximum.at(best, owner[stating], held)
    five = shares[0, at].copy()
    shares[0, at] = best[owner[docs[at]]]  # the report holds its statements' text
    shares[1, at] = np.maximum(shares[1, at], five)
