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

What a passage is changes its weight, from signals the records carry:
for a query that seeks problems (its needles occur in problem
statements far more often than chance, `bestmatch.problem_lift`), problem
statements weigh more, and so do a report's occurrences in its section 五
(存在的主要问题及改进情况), counted exactly in that part, and its words in
that field; the title and unnumbered parts (tables of contents, page
headers) always weigh less, in the word part and in the exact counts, and so
do the standard headings of the numbered parts (依申请公开政府信息情况 is in
every report); a report that names a needle only there weighs `NAMED_ONLY`.
Staffing lines (配备1名兼职工作人员) and stock phrases (确保信息的时效性) sit
in the overview sections, so a
problem-seeking query ranks the reports that state the shortcoming above
them, and a report whose section 五 does not hold the query at all weighs
`OUTSIDE_FIVE` of its score. Best matches on words (`rank_words`) get the same weights.
Then, for such a query, the best `CANDIDATES` of each match class are ranked by
their best passage (`by_passage`, `indexer.search.proximity`): how much of the
query one window of text holds and what part it lies in (a statement or
section 五 above the other sections, the contents list last), so a long report
holding the words in three paragraphs no longer outranks the sentence that
states the shortcoming; exact hits still all come before best matches. A
general query's exact hits are ranked by their densest passage instead
(`topics.by_topic`). A report's problem passage is as much of the query as one of its own statements
holds (`_back_by_statements`), wherever the parser found them: section 五 also
holds the measures for next year, and a report with no statement has none. A
passage of section 五 weighs the needles by their rarity among statements, an
overview passage by their rarity among reports (a stock phrase few statements
hold makes no overview about the query). Best matches count a word's curated
equivalents (`bestmatch.equivalents`) at `EQUIVALENT` of the word.

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
from indexer.search.bestmatch import EQUIVALENT, searched_parts
from indexer.search.exact import PART_SPAN, PROBLEM_PART, needle
from indexer.search.matching import needle_keys
from indexer.search.narrowing import report_of
from indexer.search.proximity import listing, passage_shares, rarity
from indexer.search.schema import GRAM_FIELD, PROBLEM_FIELD, SECTION_FIELDS
from indexer.search.topics import BAND, by_topic

B = 0.75
K1 = 1.2
#: Weight of the word part against the exact part.
WORD_WEIGHT = 0.5


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


def exact_scores(table, needles, parts=None, unnumbered: float = 1.0, heading: float = 1.0) -> np.ndarray:
    """BM25 of every document over its exact occurrence counts of `needles`;
    in a report whose overview (section 一) was found, an occurrence in the
    unnumbered part (then its title, contents list, page headers) counts
    `unnumbered` of one. A report whose 一 was not found keeps its overview
    in that part, and its occurrences there count fully. An occurrence in
    the heading of a report's numbered part (`headings`) counts `heading`
    of one."""
    total = np.zeros(table.size, dtype=np.float32)
    for item in needles:
        docs, values = _exact_part(table, item, parts, unnumbered, heading)
        total[docs] += values  # needle_hits gives each document once
    return total


def _exact_part(table, item, parts, unnumbered: float, heading: float) -> tuple[np.ndarray, np.ndarray]:
    """(documents, BM25 of one needle) for `exact_scores`, remembered on `table`:
    a common needle's heading and unnumbered counts cost a pass over its positions."""
    key = ("\x00exact", item.runs, parts, unnumbered, heading)
    found = table._cached(key)
    if found is not None:
        return found
    docs, freqs = _weighed_counts(table, item, parts, unnumbered, heading)
    if not len(docs):
        found = (_NONE, np.zeros(0))
    else:
        n = max(table.size, 1)
        lengths = table.lengths(GRAM_FIELD)
        average = table.average_length(GRAM_FIELD)
        idf = math.log(n / (len(docs) + 1)) + 1.0
        norm = K1 * ((1.0 - B) + B * lengths[docs] / average)
        found = (docs, idf * freqs * (K1 + 1.0) / (freqs + norm))
    table._remember(key, found)
    return found


def _weighed_counts(table, item, parts, unnumbered: float, heading: float) -> tuple[np.ndarray, np.ndarray]:
    """(documents, occurrence counts) of `item` in `parts`, an occurrence in the
    unnumbered part of a report whose section 一 was found counting `unnumbered`
    of one and one in a numbered part's heading (`headings`) `heading` of one."""
    docs, counts = table.needle_hits(item, parts)
    freqs = counts.astype(np.float32)
    if len(docs) and (unnumbered != 1.0 or heading != 1.0):
        front, unnumbered_held, heading_held = fronts(table, item, parts)
        if len(front):
            fronted = table.lengths(SECTION_FIELDS[1]) > 0
            at = np.searchsorted(docs, front)
            freqs[at] -= ((1.0 - unnumbered) * np.where(fronted[front], unnumbered_held, 0)
                          + (1.0 - heading) * heading_held).astype(np.float32)
    return docs, freqs


#: Where a numbered part's heading ends, in gram positions from the part's
#: start (`documents.section_texts` writes each part's heading first; a
#: character is one position, a run of punctuation one): the end of the
#: longest standard wording of each part, old or new form, with its numbering
#: (一、总体情况 6, 二、主动公开政府信息的情况 13, 三、收到和处理政府信息公开申请情况
#: 17, 四、因政府信息公开申请提起行政复议、行政诉讼的情况 24, 六、其他需要报告的事项
#: 11). A shorter heading leaves the first words of its body inside the span
#: (本年度发生行政诉讼 after the new form of 四 ends at 27: outside). Section 五 is
#: left out: its body, where the shortcomings are stated, follows a short heading.
HEADING_SPANS = {1: 6, 2: 13, 3: 17, 4: 24, 6: 11}
_SPANS = np.array([HEADING_SPANS.get(n, 0) for n in range(7)], dtype=np.int64)


def in_heading(table, keys: np.ndarray, length: int) -> np.ndarray:
    """For each occurrence (`keys`, as `matching.needle_keys` gives them) of a
    needle spanning `length` gram positions, whether it lies inside the
    heading of a report's numbered part (ends within `HEADING_SPANS`)."""
    at = keys & 0xFFFFFFFF
    return (at % PART_SPAN + length <= _SPANS[np.minimum(at // PART_SPAN, 6)]) & table.is_report[keys >> 32]


def headings(table, item, parts=None) -> tuple[np.ndarray, np.ndarray]:
    """(reports, occurrence counts) of `item` inside the heading of a numbered
    part (ending within its `HEADING_SPANS`), in `parts` (None: all). Every
    report of the old or new form has the same headings, so a query word of
    one (依申请公开, 行政诉讼, 主动公开) matches every report there: such an
    occurrence says the report has the part, not what it reports. None of a
    needle of one character (no positions of its own)."""
    docs, _, held = fronts(table, item, parts)
    return docs[held > 0], held[held > 0]


def fronts(table, item, parts=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(documents, occurrences in the unnumbered part, occurrences in a
    numbered part's heading (`headings`)) of `item`, in `parts` (None: all),
    for the documents holding it in either, read from one pass over its
    positions and remembered on `table` (a common needle's positions are
    too many to keep between searches)."""
    key = ("\x00fronts", item.runs, parts)
    found = table._cached(key)
    if found is None:
        found = _fronts(table, item, parts)
        table._remember(key, found)
    return found


def _fronts(table, item, parts):
    unnumbered = parts is None or 0 in parts
    keys = needle_keys(table, item)
    if keys is None:  # one character: no positions of its own, no heading
        docs, held = table.needle_hits(item, frozenset({0})) if unnumbered else (_NONE, _NONE)
        return docs, held.astype(np.int64), np.zeros(len(docs), dtype=np.int64)
    part = np.minimum((keys & 0xFFFFFFFF) // PART_SPAN, 6)
    owners = keys >> 32
    head = in_heading(table, keys, item.length + len(item.runs) - 1)
    if parts is not None:
        head &= np.isin(part, list(parts))
    zero = (part == 0) if unnumbered else np.zeros(len(keys), dtype=bool)
    chosen = head | zero
    if not chosen.any():
        return _NONE, _NONE, _NONE
    docs, inverse = np.unique(owners[chosen], return_inverse=True)
    return (docs, np.bincount(inverse, weights=zero[chosen], minlength=len(docs)).astype(np.int64),
            np.bincount(inverse, weights=head[chosen], minlength=len(docs)).astype(np.int64))


_NONE = np.zeros(0, dtype=np.int64)


def _named_only(table, needles, parts=None) -> np.ndarray:
    """The reports that hold some needle only in their headings (`headings`)
    or, where section 一 was found, in the unnumbered part (title, contents
    list: 本报告由…依申请公开政府信息办理情况…组成): they name the topic and
    never report on it."""
    out = np.zeros(table.size, dtype=bool)
    for item in needles:
        out[_named_by(table, item, parts)] = True
    return out


def _named_by(table, item, parts) -> np.ndarray:
    """The reports holding `item` only in headings and the unnumbered part, remembered on `table`."""
    key = ("\x00named", item.runs, parts)
    found = table._cached(key)
    if found is not None:
        return found
    docs, left = _weighed_counts(table, item, parts, unnumbered=0.0, heading=0.0)  # what is left elsewhere
    found = docs[(left <= 0) & table.is_report[docs]] if len(docs) else _NONE
    table._remember(key, found)
    return found


def word_terms(needles, fields) -> list[tuple[str, str]]:
    """(field, word) pairs of the jieba words of `needles` in the text `fields`."""
    words = dict.fromkeys(w for item in needles for w in query_words(item.text) if any(c.isalnum() for c in w))
    return [(f, w) for w in words for f in fields]


#: A query whose needles occur this many times more often in problem statements
#: than chance seeks problems: statements' scores are multiplied by half its
#: lift, at most MAX_BOOST.
PROBLEM_SEEKING = 2.0
MAX_BOOST = 2.0
#: For a problem-seeking query, a report's exact occurrences in section 五 count
#: this much again, and its words in that field this many times.
FIVE_EXACT = 0.5
FIVE_WORDS = 2.0
#: The title and the parts without a standard number (contents lists, page
#: headers) weigh this much, in the word part and in the exact counts, whatever
#: the query (a contents list naming 依申请公开办理情况 is no report on it).
UNNUMBERED = 0.5
#: An occurrence in a numbered part's heading (`headings`) weighs this much.
HEADING = 0.25
#: A report holding some needle only in headings and the contents list
#: (`_named_only`) weighs this much, whatever the query.
NAMED_ONLY = 0.5
#: For a problem-seeking query, a report whose section 五 does not hold the
#: query (every needle exactly; for best matches, any of the words) weighs this
#: much: its matches sit in the overview parts (staffing lines, work
#: descriptions, stock goals), not where the report states its shortcomings.
OUTSIDE_FIVE = 0.5


def seeks_problems(lift: float) -> bool:
    """Whether a query with this problem lift looks for problem statements."""
    return lift >= PROBLEM_SEEKING


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


def rank(table, needles, fields, mask: np.ndarray, limit: int, parts=None, lift: float = 1.0) -> list[tuple[int, float]]:
    """The best `limit` documents of `mask` for the positive `needles` of a query.

    `fields` are the jieba text fields searched, `parts` the report parts
    the needles were matched in (None: all), `lift` how much the needles
    favour problem statements (`bestmatch.problem_lift`).
    """
    total = (exact_scores(table, needles, parts, UNNUMBERED, HEADING)
             + WORD_WEIGHT * scores(table, word_terms(needles, fields), field_weights(lift)))
    total[_named_only(table, needles, parts)] *= NAMED_ONLY
    if seeks_problems(lift) and (parts is None or PROBLEM_PART in parts) and np.any(mask & table.is_report):
        five = _in_section_five(table, needles)
        total += FIVE_EXACT * five
        total[table.is_report & (five <= 0)] *= OUTSIDE_FIVE
    if not seeks_problems(lift):
        # a general query: the passage about its topic first (`topics.by_topic`), above the best matches
        ranked = by_topic(table, total, mask, limit, needles, top, floor=BAND, parts=parts)
        if ranked is not None:
            return ranked
    return by_passage(table, _weigh_kinds(table, total, lift), mask, limit, needles, lift, parts)


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
               parts=None, alternatives=None) -> list[tuple[int, float]]:
    """`top` of `total`; for a problem-seeking query, the best `CANDIDATES` of
    `total` are ranked first by their best passage (what part of the report
    it lies in, how much of the query it holds: a needle's `alternatives`,
    one list per needle, count `EQUIVALENT` of it), then by `total`."""
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
    # a statement listing many shortcomings names the query's as one item (`proximity.listing`)
    passage = (weights * shares ** PASSAGE_POWER).max(axis=0) * listing(table, docs)
    base = total[docs].astype(np.float64)
    scored = np.zeros(table.size, dtype=np.float32)
    scored[docs] = passage + PASSAGE_BASE * base / max(float(base.max()), 1e-9)
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
               alternatives=None) -> list[tuple[int, float]]:
    """The best `limit` documents of `mask` by BM25F over `words` (best matches,
    `bestmatch.word_matches`), weighted like `rank`: section 五 and statements
    more for a problem-seeking query (`bestmatch.words_lift`), unnumbered parts less.
    `alternatives` (`bestmatch.equivalents`, one list of needles per word) count
    `EQUIVALENT` of a word, by their exact occurrences."""
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
                      alternatives)


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
