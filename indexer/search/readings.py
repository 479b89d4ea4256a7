"""What a query seeks, from its text and a few counts: the readings both backends share (issue 18).

The embedded index (`indexer.search.bestmatch`, `problemterms`) and Sphinx
(`indexer.search.sphinx.bestmatch`) read a problem-seeking query the same
way; only where the counts come from differs (the embedded index's table,
searchd's GROUP BY). So the arithmetic lives here, given the counts as
functions, and each backend passes its own. The thresholds stay where they
were (`bestmatch.UNSEEN_LIFT`, `BACK_OFF`, `NEGATIONS`) and are passed in.
"""
from __future__ import annotations

import math


def problem_lift(needles, lift, held, unseen: float, back_off: int) -> float:
    """The geometric mean of the needles' lifts (`bestmatch.problem_lift`), 1 without any.

    `lift(needle)` is one needle's lift, None when no report holds it; a
    needle never in a statement counts as `unseen`. A typed term no document
    holds, of at most `back_off` characters, counts with the lift of its
    longest start or end some document holds (`held(needle)`: `held_ends`)."""
    lifts = []
    for item in needles:
        found = lift(item)
        if found is None and len(item.runs) == 1 and len(item.runs[0]) <= back_off:
            # a typed term the archive never holds (不合理, 不畅): its longest held start or end tells
            found = max((lift(part) or 0.0 for part in held_ends(item.runs[0], held)), default=None) or None
        if found is not None:
            lifts.append(found)
    if not lifts:
        return 1.0
    return float(math.exp(sum(math.log(max(x, unseen)) for x in lifts) / len(lifts)))


def held_ends(run: str, held) -> list:
    """The longest start and the longest end of `run` (shorter than it) that
    some document holds (`held(needle)`), as needles (none, one or two)."""
    from indexer.search.exact import needle

    found = []
    for pieces in ([run[:k] for k in range(len(run) - 1, 0, -1)], [run[k:] for k in range(1, len(run))]):
        for piece in pieces:
            item = needle(piece)
            if item is not None and held(item):
                found.append(item)
                break
    return found


def negated(word: str, typed, negations: str) -> str:
    """`word` as the query says it: with the negation one of its `typed` runs writes
    right before it (不及时 for 及时 in 信息公开不及时), else as it is."""
    return next((n + word for n in negations if any(n + word in run for run in typed)), word)


def words_lift(words: list[str], typed, lift, unseen: float, negations: str) -> float:
    """The geometric mean of each word's lift (`bestmatch.words_lift`), each word said as the
    query says it (`negated`); `lift(text)` is one text's problem lift. 1 without words."""
    lifts = [lift(negated(w, typed, negations)) for w in words]
    lifts = [max(x, unseen) for x in lifts]  # a word never seen in statements still counts, as a low lift
    return float(math.exp(sum(math.log(x) for x in lifts) / len(lifts))) if lifts else 1.0


def held_subject(words: list[str], holding) -> str | None:
    """What a short problem term is about (`problemterms.held_first`): of `words`, the one
    the fewest statements hold (`holding(word)`: how many) among those stating no
    shortcoming (`indexer.equivalents.same_shortcoming`); ties to the earlier word.
    None when every word states a shortcoming or no statement holds one."""
    from indexer.equivalents import same_shortcoming

    counts = {w: holding(w) for w in words if not same_shortcoming(w)}
    counts = {w: n for w, n in counts.items() if n}
    return min(counts, key=lambda w: (counts[w], words.index(w))) if counts else None
