"""Whether a similar statement is a copy of the one asked about, and which kind.

`indexer.similar` ranks the candidates; this module decides, for each, the
flags a page shows beside it (`CopyFlags`):

* `near_duplicate`: statements of different organs that are essentially the
  same text (`sametext.shared_text`, long enough to be a copy: `long_enough`);
* `stock_phrase`: the same text, but a stock phrase: short (under
  MIN_COPY_CHARS, or MIN_COPY_CORE once hedges are gone) or written by
  STOCK_AGENCIES other agencies or more among the candidates (`stock_seed`):
  shared wording many agencies write, not one agency copying another;
* `repeated_from_last_year`: the same organ wrote it in the report just before
  or just after (the latest earlier year it reported, or the next; two years
  back does not count when a report lies between), also restated there as the
  copy pass has it (`sametext.restates`, `keeps_clause`); an organ repeating
  even a short stock phrase is a repeat;
* `holds_seed` / `in_seed`: a flagged copy's direction, which of the two holds
  the other whole with words of its own (`sametext.holder`).

Whether a candidate's report is the seed's own organ's comes from the build's
organ identity where the copy pass recorded it (`copies.sqlite`: two 审计局 of
unknown places are two organs), else from the agency names (`same_agency`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from indexer.sametext import MIN_COPY_CHARS, NON_WORD, core, holder, keeps_clause, long_enough, restates

#: Same text from this many other agencies among the candidates: a stock phrase.
STOCK_AGENCIES = 4


@dataclass(frozen=True)
class Seed:
    """The statement asked about, as the flags need it."""
    text: str
    written: str  # sametext.normalise(text)
    agency: str = ""
    organ: str | None = None  # the build's organ key of its report, when known
    previous_year: int | None = None  # the year of its organ's preceding report
    neighbours: frozenset = frozenset()  # its organ's preceding and following reports' ids (organ identity)
    stock: bool = False  # its text is a stock phrase among these candidates (`stock_seed`)


@dataclass(frozen=True)
class CopyFlags:
    near_duplicate: bool = False
    stock_phrase: bool = False
    repeated_from_last_year: bool = False
    holds_seed: bool = False
    in_seed: bool = False
    same_organ: bool = False  # the candidate's report is the seed's own organ's (not a flag: a signal)


def same_agency(a: str, b: str) -> bool:
    """Whether two agency names denote the same organ. Reports name the same
    organ with and without its parent (洪泽区人民政府 / 淮安市洪泽区人民政府),
    so one name ending with the other counts, if the shorter is specific
    enough (six characters or more). An unknown agency is never the same."""
    a, b = NON_WORD.sub("", a or ""), NON_WORD.sub("", b or "")
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return short == long_ or (len(short) >= 6 and long_.endswith(short))


def same_organ(agency: str, other: str, organ: str | None, other_organ: str | None) -> bool:
    """Whether two statements' reports are one organ's: by the build's organ keys
    when both are known, else by their agency names (`same_agency`)."""
    if organ and other_organ:
        return organ == other_organ
    return same_agency(agency, other)


def stock_seed(written: str, agency: str, candidates: Iterable[Any], matched: Iterable[Any]) -> bool:
    """Whether the seed's text (normalised `written`) is a stock phrase among
    `candidates`: shorter than MIN_COPY_CHARS, or the same text (`matched`, the
    candidates' `shared_text` pairs, None where not) written by STOCK_AGENCIES
    other agencies or more."""
    sharing = {NON_WORD.sub("", c.agency or "") or c.report_id
               for c, pair in zip(candidates, matched) if pair and not same_agency(agency, c.agency)}
    return len(written) < MIN_COPY_CHARS or len(sharing) >= STOCK_AGENCIES


def flags(seed: Seed, candidate: Any, other: str, pair: tuple[str, str] | None,
          organ: str | None = None) -> CopyFlags:
    """The copy flags of `candidate` (id, text, agency, year, report_id, like
    StoredProblem) beside `seed`: `other` is its text normalised, `pair` the two
    texts `sametext.shared_text` found the same (None when not the same text),
    `organ` the build's organ key of its report when known."""
    same_text = pair is not None
    # a shared text shorter than MIN_COPY_CHARS (or MIN_COPY_CORE without its
    # hedges), on either side, is a stock phrase
    copy = same_text and long_enough(pair)
    own_previous = candidate.report_id in seed.neighbours
    same = own_previous or same_organ(seed.agency, candidate.agency, seed.organ, organ)
    previous = own_previous or (same and seed.previous_year is not None and candidate.year == seed.previous_year)
    # the organ's neighbouring report restating it (a clause kept, or its clauses kept in a
    # longer statement), as the build's copy pass marks it `repeated` (`sametext.restates`)
    restated = previous and not same_text and (restates(core(seed.written), [core(other)])
                                               or keeps_clause(seed.text, candidate.text))
    flagged = (same_text and ((copy and not same and not seed.stock) or previous)) or restated
    direction = holder(seed.written, other) if flagged else ""
    return CopyFlags(
        near_duplicate=copy and not same and not seed.stock,
        stock_phrase=same_text and not same and (seed.stock or not copy),
        # the organ writing its own sentence again is a repeat, however short
        repeated_from_last_year=(same_text or restated) and previous,
        holds_seed=direction == "b", in_seed=direction == "a",
        same_organ=same,
    )
