"""Best matches on words, on Sphinx: when exact hits are few (issue 18, `indexer.search.bestmatch`).

The same rule decides when (fewer than `FEW` exact hits for a query of plain
terms, sorted by relevance, with the words for them: `bestmatch.worded`, or
one word with curated equivalents, or one word and a shortcoming tail), and
the query is read as the embedded index reads it, from its text and
searchd's counts (`lift.Statistics`, `indexer.search.readings`):

- a problem query in everyday words (人手紧, 回复拖拉) is read in the
  reports' words (`indexer.search.everyday`: 人员不足, 回复滞后) for its best
  matches, and the result says so (`read_as`);
- whether it seeks problems is its problem lift, or its words' lift with a
  negated word counted by its negation (`bestmatch.words_lift`: 不及时, not
  及时, so 信息公开不及时 seeks problems);
- for a query that seeks problems, a word also counts where one of its
  curated equivalents occurs (`bestmatch.equivalents`); a query of one word
  (人员不足) gets best matches only that way (`bestmatch.grouped`), among the
  statements and sections 五;
- a problem query of one short typed term (解读不够, 时效性差) also best-matches
  the statements holding its first word, its subject (`bestmatch.subject_word`,
  when at most `bestmatch.SUBJECT_SHARE` of the statements hold it), or its
  measure's other word or the group of a curated member it makes with the
  query's shortcoming (`bestmatch.subject_alternatives`: 点击 for 点击率低, 力量薄弱
  for 人员缺乏), and on
  the 问题 tab the statements holding the word it is about come first
  (`problemterms.held_first`: 解读 of 解读质量不高).

The same words and thresholds then decide which documents: those holding at
least `SHOULD_MATCH` of the query's content words, or for a problem statement
`STATEMENT_SHOULD` of them. Sphinx has no minimum-should-match over phrases
(its quorum operator counts single keywords, and a word here is a phrase of
pair tokens), so the threshold is spelled out as the OR of every combination
of that many words, a word with equivalents as the OR of its needles.

Differs, by design and tested (tests/scale/test_contract.py):

- a word counts where it occurs as a string; the embedded index counts it
  where jieba made it a word, so Sphinx's best matches are a superset, and
  the counts that read the query (the statements holding a word) are of
  strings too;
- they are ranked by Sphinx's BM25 over the words, those holding the words
  themselves before those holding only an equivalent, not by the embedded
  index's scores (`ranking.rank_words`: an equivalent at `EQUIVALENT` of the
  word, a shortcoming tail's word 较低 for 低, problem statements and section
  五 weighed by the lift), so their order may differ (exact hits always come
  first);
- the problem lift uses the statements' share of the report text estimated
  from a sample (`lift`), so a query whose lift is within a few per cent of
  `passages.PROBLEM_SEEKING` may be read otherwise;
- above `MAX_COMBINATIONS` combinations (11 content words or more), there
  are no best matches: exact hits only; a query whose expression with
  equivalents would exceed `MAX_EXPRESSION` characters counts its words only;
- a problem query of several typed terms or a pasted clause gets
  no reading as subjects and shortcomings (`indexer.search.problemterms.read`:
  答复 质量 差 does not also find 答复质量不高 by 答复 beside 不高, nor rank
  the statements stating the query's own subjects first).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

from indexer.search.bestmatch import (BACK_OFF, NEGATIONS, PROBLEM_TEXT, STATEMENT_SHOULD, UNSEEN_LIFT,
                                      content_words, equivalents, grouped, names_subject, needed, runs, says_and,
                                      subject_alternatives, subject_word, worded)
from indexer.search import readings
from indexer.search.exact import Needle, needle
from indexer.search.query import needles, normalise
from indexer.search.schema import PROBLEM_FIELD
from indexer.search.sphinx.lift import Statistics
from indexer.search.sphinx.matching import needle_expression

MAX_COMBINATIONS = 256
#: A MATCH() of equivalents' phrases for every combination grows fast; above this many
#: characters the words count alone (searchd parses it whole for each statement it runs).
MAX_EXPRESSION = 60_000


@dataclass
class BestMatches:
    """What follows few exact hits: `expression` (MATCH() of the documents holding enough of the
    words, the exact hits not left out yet), the needles to highlight, and optionally `first`
    (MATCH() of those ranked before the others, `problemterms.held_first`), the sections a
    snippet is cut from (one word's best matches: section 五) and the query as it was read."""

    expression: str
    words: list[Needle]
    first: str | None = None
    sections: list[str] | None = None
    read_as: str | None = None
    plain: str | None = None

    def tiers(self, exact: str) -> list[str]:
        """The best matches' MATCH() expressions in the order their rows come: those holding what a short
        term is about first (`first`), and within each, those holding the words themselves (`plain`) before
        those holding an equivalent only; `exact` (the query's own expression) left out of each."""
        about = [f"({self.first})", f"-({self.first})"] if self.first else [""]
        words = [f"({self.plain})", f"-({self.plain})"] if self.plain else [""]
        return [" ".join(p for p in (f"({self.expression})", a, w, f"-({exact})") if p) for a in about for w in words]


def read(stats: Statistics, query: str, parsed, exact_total: int, fields=None, kind=None) -> BestMatches | None:
    """The best matches of a search (see the module), or None when none are wanted.

    `stats` counts for it (`lift.Statistics`); `fields`, the fields searched (None: all)."""
    from indexer.search.archive import Archive
    from indexer.search.passages import seeks_problems

    if '"' in normalise(query) or says_and(query):
        return None
    wanted = needles(parsed)
    said_parsed, said, read_as = Archive._restated(query)
    said_parsed, said = (said_parsed, said) if said else (parsed, wanted)
    if not Archive._best_match_wanted(said_parsed, said, exact_total):
        return None
    words = content_words(said)
    typed = [r for item in said for r in item.runs]
    stats.count(list(said) + [needle(readings.negated(w, typed, NEGATIONS)) for w in words]
                + [needle(w) for w in words])
    lift = readings.problem_lift(said, stats.lift, stats.held, UNSEEN_LIFT, BACK_OFF)
    words_seek = readings.words_lift(words, typed, lambda text: readings.problem_lift(
        [needle(text)], stats.lift, stats.held, UNSEEN_LIFT, BACK_OFF), UNSEEN_LIFT, NEGATIONS)
    seeks = seeks_problems(max(lift, words_seek))
    subject = subject_word(said, words, seeks)

    def counts(word: str) -> tuple[int, int]:  # `bestmatch.statement_counts`, from searchd
        return stats.statements_holding(needle(word)), stats.share()[1]
    if subject is not None and not names_subject(counts, words[subject]):
        subject = None  # 信息公开 names none
    alternatives = equivalents(words, typed) if seeks else None
    if alternatives is not None and subject is not None:  # 点击 for 点击率; 力量薄弱 for 人员缺乏
        alternatives = subject_alternatives(counts, said, words, subject, alternatives)
    by_words_only = worded(said)
    if not (by_words_only or grouped(said, alternatives) or subject is not None):
        return None
    fields = tuple(fields) if fields else None
    within = tuple(f for f in (fields or PROBLEM_TEXT) if f in PROBLEM_TEXT) if not by_words_only else fields
    if within is not None and not within:
        return None
    expression = _expression(words, alternatives, subject, runs(said), within)
    if expression is None and alternatives:  # too long with the equivalents: the words alone
        alternatives = None
        expression = _expression(words, None, subject, runs(said), within)
    if expression is None:
        return None
    first = None
    if subject is not None and kind == "problem":
        about = readings.held_subject(words, lambda w: stats.statements_holding(needle(w)))
        first = f"@{PROBLEM_FIELD} {needle_expression(needle(about))}" if about is not None else None
    shown = [n for n in map(needle, words) if n is not None] + [n for group in alternatives or () for n in group]
    # an equivalent counts less than the word (`bestmatch.EQUIVALENT`): those holding the words come first
    plain = _expression(words, None, subject, runs(said), within) if alternatives else None
    return BestMatches(expression, shown, first, ["5"] if not by_words_only else None,
                       read_as if said is not wanted else None, plain if plain != expression else None)


def _expression(words: list[str], alternatives, subject: int | None, terms: int, within) -> str | None:
    """MATCH() of the documents holding `needed(words)` of `words` (each word, or one of its
    `alternatives`) in `within` (None: the search's fields), a problem statement `STATEMENT_SHOULD`
    of them or its `subject`; None above `MAX_COMBINATIONS` or `MAX_EXPRESSION`."""
    spelled = []
    for i, word in enumerate(words):
        item = needle(word)
        said = ([needle_expression(item)] if item is not None else []) + [
            needle_expression(other) for other in (alternatives[i] if alternatives else ())]
        spelled.append(said[0] if len(said) == 1 else "(" + " | ".join(dict.fromkeys(said)) + ")" if said else None)
    present = [s for s in spelled if s is not None]
    if not present:
        return None
    held = _holding(present, needed(words))
    if held is None:
        return None
    few = _holding(present, needed(words, STATEMENT_SHOULD, terms))
    about = spelled[subject] if subject is not None else None
    statements = " | ".join(e for e in (few if few != held else None, about) if e)
    if within is not None:
        held = f"(@({','.join(within)}) {held})"
    if statements and (within is None or PROBLEM_FIELD in within):
        held = f"({held} | (@{PROBLEM_FIELD} ({statements})))"
    return held if len(held) <= MAX_EXPRESSION else None


def _holding(spelled: list[str], count: int) -> str | None:
    """The expression of `count` of the `spelled` words, or None above MAX_COMBINATIONS."""
    if math.comb(len(spelled), count) > MAX_COMBINATIONS:
        return None
    return "(" + " | ".join("(" + " ".join(group) + ")" for group in combinations(spelled, count)) + ")"
