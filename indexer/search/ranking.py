"""How a query's hits are ordered: exact BM25, words, and what a passage is.

A document's score adds two parts: how often and how centrally it holds each
needle exactly (BM25 over its occurrence counts and the length of its gram
field, `exactscores`, so a short problem statement that is about the query
ranks above a long report that mentions it once), and BM25F over the jieba
words of the query in the text fields searched (`bm25.scores`: words still
tell a passage about 兼职 from one that only contains the characters). Only
the documents that match the whole query (the mask `Archive.search` already
computed) are ranked.

What a passage is changes its weight, from signals the records carry:
for a query that seeks problems (`passages.seeks_problems`), problem
statements weigh more, and so do a report's occurrences in its section 五
(存在的主要问题及改进情况), counted exactly in that part, and its words in
that field; the title and unnumbered parts (tables of contents, page
headers) always weigh less, in the word part and in the exact counts, and so
do the standard headings of the numbered parts (依申请公开政府信息情况 is in
every report); a report that names a needle only there weighs `NAMED_ONLY`.
Staffing lines (配备1名兼职工作人员) and stock phrases (确保信息的时效性) sit
in the overview sections, so a problem-seeking query ranks the reports that
state the shortcoming above them, and a report whose section 五 does not hold
the query at all weighs `OUTSIDE_FIVE` of its score. Best matches on words
(`rank_words`) get the same weights. Then such a query's best candidates are
ranked by their best passage (`passages.by_passage`); exact hits still all
come before best matches. A general query's exact hits are ranked by their
densest passage instead (`topics.by_topic`). Best matches count a word's
curated equivalents (`bestmatch.equivalents`) at `EQUIVALENT` of the word.
"""
from __future__ import annotations

import numpy as np

from indexer.search.analysis import query_words
from indexer.search.bestmatch import EQUIVALENT, searched_parts
from indexer.search.bm25 import scores, top
from indexer.search.exact import PROBLEM_PART, needle
from indexer.search.exactscores import exact_scores, named_only
from indexer.search.passages import by_passage, seeks_problems
from indexer.search.schema import PROBLEM_FIELD, SECTION_FIELDS
from indexer.search.topics import BAND, by_topic

#: Weight of the word part against the exact part.
WORD_WEIGHT = 0.5


def word_terms(needles, fields) -> list[tuple[str, str]]:
    """(field, word) pairs of the jieba words of `needles` in the text `fields`."""
    words = dict.fromkeys(w for item in needles for w in query_words(item.text) if any(c.isalnum() for c in w))
    return [(f, w) for w in words for f in fields]


#: For a problem-seeking query (`passages.seeks_problems`), statements' scores are
#: multiplied by half the query's lift, at most MAX_BOOST.
MAX_BOOST = 2.0
#: For a problem-seeking query, a report's exact occurrences in section 五 count
#: this much again, and its words in that field this many times.
FIVE_EXACT = 0.5
FIVE_WORDS = 2.0
#: The title and the parts without a standard number (contents lists, page
#: headers) weigh this much, in the word part and in the exact counts, whatever
#: the query (a contents list naming 依申请公开办理情况 is no report on it).
UNNUMBERED = 0.5
#: An occurrence in a numbered part's heading (`exactscores.headings`) weighs this much.
HEADING = 0.25
#: A report holding some needle only in headings and the contents list
#: (`exactscores.named_only`) weighs this much, whatever the query.
NAMED_ONLY = 0.5
#: For a problem-seeking query, a report whose section 五 does not hold the
#: query (every needle exactly; for best matches, any of the words) weighs this
#: much: its matches sit in the overview parts (staffing lines, work
#: descriptions, stock goals), not where the report states its shortcomings.
OUTSIDE_FIVE = 0.5


def field_weights(lift: float) -> dict[str, float]:
    """The word part's field weights for a query with problem lift `lift`."""
    weights = {SECTION_FIELDS[0]: UNNUMBERED}
    if seeks_problems(lift):
        weights[SECTION_FIELDS[PROBLEM_PART]] = FIVE_WORDS
    return weights


def _weigh_kinds(table, total: np.ndarray, lift: float) -> np.ndarray:
    if seeks_problems(lift):
        total[table.is_problem] *= min(lift / 2, MAX_BOOST)
    return total


def rank(table, needles, fields, mask: np.ndarray, limit: int, parts=None, lift: float = 1.0,
         asked=None) -> list[tuple[int, float]]:
    """The best `limit` documents of `mask` for the positive `needles` of a query.

    `fields` are the jieba text fields searched, `parts` the report parts
    the needles were matched in (None: all), `lift` how much the needles
    favour problem statements (`bestmatch.problem_lift`), `asked` the pairs the
    query states (`subjectpairs.asked`, or None).
    """
    total = (exact_scores(table, needles, parts, UNNUMBERED, HEADING)
             + WORD_WEIGHT * scores(table, word_terms(needles, fields), field_weights(lift)))
    total[named_only(table, needles, parts)] *= NAMED_ONLY
    if seeks_problems(lift) and (parts is None or PROBLEM_PART in parts) and np.any(mask & table.is_report):
        five = _in_section_five(table, needles)
        total += FIVE_EXACT * five
        total[table.is_report & (five <= 0)] *= OUTSIDE_FIVE
    if not seeks_problems(lift):
        # a general query: the passage about its topic first (`topics.by_topic`), above the best matches
        ranked = by_topic(table, total, mask, limit, needles, top, floor=BAND, parts=parts)
        if ranked is not None:
            return ranked
    return by_passage(table, _weigh_kinds(table, total, lift), mask, limit, needles, lift, parts, asked=asked)


def _in_section_five(table, needles) -> np.ndarray:
    """The exact score of the reports' section 五 occurrences, for the reports whose
    section 五 holds every needle (one common needle there says nothing)."""
    five = frozenset({PROBLEM_PART})
    holds = table.is_report.copy()
    for item in needles:
        has = np.zeros(table.size, dtype=bool)
        has[table.needle_hits(item, five)[0]] = True
        holds &= has
    if not holds.any():
        return np.zeros(table.size, dtype=np.float32)
    return np.where(holds, exact_scores(table, needles, five), 0.0).astype(np.float32)


def rank_words(table, words: list[str], fields, mask: np.ndarray, limit: int, lift: float = 1.0,
               alternatives=None, asked=None) -> list[tuple[int, float]]:
    """The best `limit` documents of `mask` by BM25F over `words` (best matches,
    `bestmatch.word_matches`), weighted like `rank`: section 五 and statements
    more for a problem-seeking query (`bestmatch.words_lift`), unnumbered parts less.
    `alternatives` (`bestmatch.equivalents`, one list of needles per word) count
    `EQUIVALENT` of a word, by their exact occurrences; `asked` as for `rank`."""
    total = scores(table, [(f, w) for w in words for f in fields], field_weights(lift))
    parts = searched_parts(fields)
    others = [n for group in alternatives or () for n in group]
    if others:
        total += EQUIVALENT * WORD_WEIGHT * exact_scores(table, others, parts)
    if seeks_problems(lift) and SECTION_FIELDS[PROBLEM_PART] in fields:
        in_five = scores(table, [(SECTION_FIELDS[PROBLEM_PART], w) for w in words]) > 0
        if others:
            in_five |= exact_scores(table, others, frozenset({PROBLEM_PART})) > 0
        total[table.is_report & ~in_five] *= OUTSIDE_FIVE
    if not seeks_problems(lift):
        # in the order of BM25, scored below 1: a general query's exact hits score from topics.BAND up
        return [(d, s / (1.0 + s)) for d, s in top(_weigh_kinds(table, total, lift), mask, limit, order=table.id_order)]
    return by_passage(table, _weigh_kinds(table, total, lift), mask, limit, [needle(w) for w in words], lift, parts,
                      alternatives, asked)


def best_statements(table, words: list[str], limit: int, exclude=()) -> list[tuple[int, float]]:
    """The `limit` live problem statements with the highest BM25 over `words`
    in the statement field, leaving out the documents `exclude` (numbers):
    the candidates of "similar statements". Whoosh scores such an OR one
    posting at a time in Python (3 s a call at 20k reports); here it is one
    vectorised term per word."""
    total = scores(table, [(PROBLEM_FIELD, w) for w in words])
    mask = table.is_problem & (total > 0)
    if len(exclude):
        mask[np.asarray(list(exclude), dtype=np.int64)] = False
    return top(total, mask, limit, order=table.id_order)
