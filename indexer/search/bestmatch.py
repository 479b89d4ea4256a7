"""When exact hits are few: best matches on words, and what a query is looking for.

A pasted statement or a query phrased as a problem (信息更新不及时，时效性差)
rarely occurs verbatim. Its exact hits always come first and are always
complete; when there are fewer than `FEW`, documents holding most of its
jieba words follow, ranked by BM25F over those words, each marked
`match: words`. "Most" is a minimum-should-match over the query's content
words (two characters or more): `SHOULD_MATCH` of them, at least one.

`problem_lift` tells from the archive itself whether a query seeks problem
statements: how much more often its needles occur in problem statements than
problem statements' share of all documents would give. Ranking then weighs
statements more for such a query (`indexer.search.ranking`).
"""
from __future__ import annotations

import math

import numpy as np

from indexer.search.analysis import query_words
from indexer.search.schema import GRAM_FIELD

#: Fewer exact hits than this, and a sentence-like query gets best matches after them.
FEW = 20
#: Share of the query's content words a best match must hold.
SHOULD_MATCH = 0.6


def sentence_like(needles) -> bool:
    """A query phrased as a sentence: a long run, punctuation inside, or many terms."""
    return (any(item.length >= 6 or len(item.runs) > 1 for item in needles)
            or len(needles) >= 3)


def content_words(needles) -> list[str]:
    """The jieba words of the needles that carry meaning: two characters or more."""
    words = (w for item in needles for w in query_words(item.text))
    return list(dict.fromkeys(w for w in words if len(w) >= 2 and any(c.isalnum() for c in w)))


def word_matches(table, words: list[str], fields) -> np.ndarray:
    """Live documents holding at least SHOULD_MATCH of `words` in any of `fields`."""
    if not words:
        return np.zeros(table.size, dtype=bool)
    held = np.zeros(table.size, dtype=np.int32)
    for word in words:
        has = np.zeros(table.size, dtype=bool)
        for field in fields:
            has[table.term_docs(field, word)] = True
        held += has
    needed = max(1, math.ceil(SHOULD_MATCH * len(words)))
    return (held >= needed) & table.live


def _statement_share(table) -> tuple:
    """(statement mask, report mask, the statements' share of all report text),
    once per index generation."""
    found = table._objects.get("\x00statement share")
    if found is None:
        problems = table.mask("kind", ["problem"])
        reports = table.is_report & table.live
        lengths = table.lengths(GRAM_FIELD)
        share = float(lengths[problems].sum()) / max(float(lengths[reports].sum()), 1.0)
        found = table._objects["\x00statement share"] = (problems, reports, share)
    return found


def problem_lift(table, needles) -> float:
    """How much more often the needles occur in problem statements than chance (1 = none).

    A statement's text is also in its report, so this compares a needle's
    occurrences in statements with its occurrences in reports, against the
    statements' share of all report text. The smallest lift of the needles.
    """
    problems, reports, share = _statement_share(table)
    if not share:
        return 1.0
    lifts = []
    for item in needles:
        docs, counts = table.needle_hits(item)
        in_reports = int(counts[reports[docs]].sum())
        if in_reports:
            lifts.append(int(counts[problems[docs]].sum()) / in_reports / share)
    return float(min(lifts)) if lifts else 1.0


def words_lift(table, words: list[str]) -> float:
    """The problem lift of best matches on `words`: the geometric mean of each
    word's lift (`problem_lift`), so 工作机制 不够 完善 seeks problems through
    不够 although 工作机制 alone does not. 1 without words."""
    from indexer.search.exact import needle

    lifts = [problem_lift(table, [needle(w)]) for w in words]
    lifts = [max(x, 0.05) for x in lifts]  # a word never seen in statements still counts, as a low lift
    return float(math.exp(sum(math.log(x) for x in lifts) / len(lifts))) if lifts else 1.0
