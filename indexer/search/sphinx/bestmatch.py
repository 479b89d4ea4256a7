"""Best matches on words, on Sphinx: when exact hits are few (issue 18, `indexer.search.bestmatch`).

The same rule decides when (fewer than `FEW` exact hits for a query of plain
terms, sorted by relevance, with the words for them: `bestmatch.worded`),
and the same words and thresholds decide which documents: those
holding at least `SHOULD_MATCH` of the query's content words, or for a
problem statement `STATEMENT_SHOULD` of them. Sphinx has no
minimum-should-match over phrases (its quorum operator counts single
keywords, and a word here is a phrase of pair tokens), so the threshold is
spelled out as the OR of every combination of that many words.

Differs, by design and tested (tests/scale/test_contract.py):

- a word counts where it occurs as a string; the embedded index counts it
  where jieba made it a word, so Sphinx's best matches are a superset;
- they are ranked by Sphinx's BM25 over the words, not by the embedded
  index's scores, so their order may differ (exact hits always come first);
- above `MAX_COMBINATIONS` combinations (11 content words or more), there
  are no best matches: exact hits only;
- for a query that seeks problems, the embedded index also counts a word
  where a curated equivalent of it occurs (`bestmatch.equivalents`); Sphinx
  counts the words only, so there the embedded index may find statements
  Sphinx does not; a query of one word (人员不足) gets best matches only
  through its equivalents (`bestmatch.grouped`), so on Sphinx it has its
  exact hits only, as `worded` says; and a query of one short typed term
  of two words (解读不够) that seeks problems also best-matches, on the
  embedded index, the statements holding its first word
  (`bestmatch.subject_word`), on Sphinx only those holding both; so does a
  short term of three words (新媒体运用不足), and a term of one word and a
  shortcoming tail (时效性差, 点击率低) gets, on the embedded index, the
  statements and sections 五 holding the word (or, for a word ending in a
  measure, its stem or 数量), on Sphinx its exact hits only; a problem query
  of several typed terms or a pasted clause (答复 质量 差, 网上公开的信息量还比较少)
  also best-matches, on the embedded index, the statements holding a subject
  beside a word of its shortcoming (`indexer.search.problemterms`: 信息公开数量较少)
  and ranks those in the query's own subject words first; Sphinx neither;
- a problem query in everyday words (人手紧, 回复拖拉) is read in the reports'
  words (`indexer.search.everyday`: 人员不足, 回复滞后) for the embedded index's
  best matches; Sphinx reads it as typed;
- a query negating a word (信息公开不及时, 回应群众不及时) seeks problems on the
  embedded index by the negation's lift (`bestmatch.words_lift`: 不及时, not
  及时), with the equivalents and ranking that brings, and on its 问题 tab a
  short problem term's statements holding the word it is about come first
  (`indexer.search.problemterms.held_first`: 解读 of 解读质量不高); Sphinx
  computes no lift and ranks by its BM25.
"""
from __future__ import annotations

import math
from itertools import combinations

from indexer.search.bestmatch import FEW, STATEMENT_SHOULD, content_words, needed, runs, says_and, worded
from indexer.search.exact import needle
from indexer.search.query import needles, normalise
from indexer.search.schema import PROBLEM_FIELD
from indexer.search.sphinx.matching import needle_expression

MAX_COMBINATIONS = 256


def wanted(query: str, parsed, exact_total: int) -> bool:
    """`indexer.search.Archive`'s rule: few exact hits for a query of plain terms (no OR, NOT, AND or quotes)."""
    from indexer.search.archive import _has_or

    terms = needles(parsed)
    return (exact_total < FEW and '"' not in normalise(query) and not says_and(query)
            and worded(terms)
            and len(needles(parsed, positive_only=False)) == len(terms) and not _has_or(parsed))


def expression(query: str, parsed, exact_total: int, fields=None) -> tuple[str | None, list]:
    """(MATCH() expression of the documents holding enough of the query's content words,
    the words' needles for highlighting), or (None, []) when no best matches are wanted.

    A problem statement needs fewer of the words (`bestmatch.STATEMENT_SHOULD`):
    only statements have a `problem` field, so that clause is limited to it,
    and left out when the search's `fields` do not include it."""
    if not wanted(query, parsed, exact_total):
        return None, []
    words = [w for w in content_words(needles(parsed)) if needle(w) is not None]
    if not words:
        return None, []
    spelled = [needle_expression(needle(w)) for w in words]
    held = _holding(spelled, needed(words))
    if held is None:
        return None, []
    few = _holding(spelled, needed(words, STATEMENT_SHOULD, runs(needles(parsed))))
    if few is not None and few != held and (fields is None or PROBLEM_FIELD in fields):
        held = f"({held} | (@{PROBLEM_FIELD} {few}))"
    return held, [needle(w) for w in words]


def _holding(spelled: list[str], count: int) -> str | None:
    """The expression of `count` of the `spelled` words, or None above MAX_COMBINATIONS."""
    if math.comb(len(spelled), count) > MAX_COMBINATIONS:
        return None
    return "(" + " | ".join("(" + " ".join(group) + ")" for group in combinations(spelled, count)) + ")"
