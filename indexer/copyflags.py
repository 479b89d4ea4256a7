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

Besides the whole texts and sentences `sametext.shared_text` compares, a
candidate is a copy by its clauses (`ClauseCopy`, split at ，、；。): the seed's
every clause the same text as a clause of the candidate's, in any order (a stock
phrase held as one clause of a longer statement: 信息更新还不够及时 in
…,信息更新不够及时,…; or the seed's clauses reordered), or the seed held with a
few words put in (`sametext.held_edited`: 与公众的需求还存在一些差距), or with a few
words swapped (`sametext.swapped_words`: a county's statement taken over by its
town, the names changed); or the candidate's every clause one of the seed's, the
candidate at least half the seed (the seed with a clause dropped). Such a copy
of another organ is a `stock_phrase` when the seed's text is under half the
candidate (a phrase inside a longer statement: 现有制度落实不够到位 after a clause
of its own), short, or written by many; else a `near_duplicate`
(bench/judged-dev10 grades these kinds).

Whether a candidate's report is the seed's own organ's comes from the build's
organ identity where the copy pass recorded it (`copies.sqlite`: two 审计局 of
unknown places are two organs; a report naming no organ has the organ whose
government-site column published it, `indexer.columns`, and so its neighbours),
else from the agency names (`same_agency`: an unknown agency is never the same).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from indexer.sametext import (
    CONTAINED_SHARE, MIN_COPY_CHARS, NON_WORD, bigrams, clause_texts, clauses_in, core, held_edited, holder, keeps_clause,
    long_enough, normalise, restates, swapped_words,
)

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
    #: the candidates (by id) that `sametext.shared_text` did not pair with it but its clauses do (`clause_copy`)
    clause_copies: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ClauseCopy:
    """The seed and a candidate the same text by their clauses (`clause_copy`)."""
    held: bool  # the seed's text is in the candidate (else the candidate's is in the seed)
    seed_part: str  # the seed's text that is shared (normalised)
    candidate_part: str  # the candidate's


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


#: `clause_copy` compares no further a candidate sharing under this share of the seed's
#: character bigrams and of its own: each of its tests needs more (a clause sharing half its
#: bigrams, nine tenths of the characters in runs).
ALIKE_BIGRAMS = 0.4


def clause_copy(seed_clauses: list[str], written: str, text: str, other: str | None = None,
                seed_bigrams: set | None = None) -> ClauseCopy | None:
    """Whether a candidate (`text`; `other`, it normalised, when already made) is the seed's
    text by clauses: the seed's every clause (`seed_clauses`: `sametext.clause_texts`) in it,
    or the seed (`written`, normalised) held in it with a few words put in or a few words
    swapped; or its every clause in the seed, it being at least CONTAINED_SHARE of the seed.
    None when neither. `seed_bigrams`: `sametext.bigrams(written)`, when already made."""
    other = normalise(text) if other is None else other
    mine, theirs_grams = seed_bigrams if seed_bigrams is not None else bigrams(written), bigrams(other)
    shared = len(mine & theirs_grams)
    if shared < ALIKE_BIGRAMS * len(mine) and shared < ALIKE_BIGRAMS * len(theirs_grams):
        return None
    theirs = clause_texts(text)
    found = clauses_in(seed_clauses, theirs)
    if found:
        return ClauseCopy(True, written, "".join(found))
    if held_edited(written, other):
        return ClauseCopy(True, written, written)
    if swapped_words(written, other):
        return ClauseCopy(True, written, other)
    if len(other) >= CONTAINED_SHARE * len(written):
        found = clauses_in(theirs, seed_clauses)
        if found:
            return ClauseCopy(False, "".join(found), other)
    return None


def make_seed(text: str, written: str, agency: str, organ: str | None, previous_year: int | None,
              neighbours: Iterable[str], candidates: list, matched: list, written_by: list[str]) -> Seed:
    """The statement asked about, as the flags of `candidates` need it: `matched` are
    their `sametext.shared_text` pairs with it (None where not the same text); the
    others are compared by clauses (`clause_copy`), and both count towards a stock
    phrase (`stock_seed`). `written_by`: the candidates' texts normalised."""
    mine, grams = clause_texts(text), bigrams(written)
    copies = {}
    for c, pair, other in zip(candidates, matched, written_by):
        if pair is None:
            found = clause_copy(mine, written, c.text, other, grams)
            if found is not None:
                copies[c.id] = found
    alike = [pair or copies.get(c.id) for c, pair in zip(candidates, matched)]
    return Seed(text, written, agency, organ, previous_year, frozenset(neighbours),
                stock=stock_seed(written, agency, candidates, alike), clause_copies=copies)


def stock_seed(written: str, agency: str, candidates: Iterable[Any], matched: Iterable[Any]) -> bool:
    """Whether the seed's text (normalised `written`) is a stock phrase among
    `candidates`: shorter than MIN_COPY_CHARS, or the same text (`matched`, the
    candidates' `shared_text` pairs or `ClauseCopy`, None where neither) written by
    STOCK_AGENCIES other agencies or more."""
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
    by_clauses = None if same_text else seed.clause_copies.get(candidate.id)
    near = copy and not same and not seed.stock
    stock = same_text and not same and (seed.stock or not copy)
    if by_clauses is not None and not same:
        # the seed's text a phrase of a longer statement: under half of it
        inside = by_clauses.held and 2 * len(by_clauses.candidate_part) < len(other)
        near = long_enough((by_clauses.seed_part, by_clauses.candidate_part)) and not seed.stock and not inside
        stock = not near
    restated = restated or (previous and by_clauses is not None)
    # a direction for the copies shown as copies (a stock phrase has none)
    flagged = (same_text and ((copy and not same and not seed.stock) or previous)) or restated or (
        by_clauses is not None and near)
    direction = holder(seed.written, other) if flagged else ""
    return CopyFlags(
        near_duplicate=near,
        stock_phrase=stock,
        # the organ writing its own sentence again is a repeat, however short
        repeated_from_last_year=(same_text or restated) and previous,
        holds_seed=direction == "b", in_seed=direction == "a",
        same_organ=same,
    )
