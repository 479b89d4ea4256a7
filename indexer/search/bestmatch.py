"""When exact hits are few: best matches on words, and what a query is looking for.

A pasted statement or a query phrased as a problem (信息更新不及时，时效性差)
rarely occurs verbatim. Its exact hits always come first and are always
complete; when there are fewer than `FEW`, documents holding most of its
jieba words follow, ranked by BM25F over those words, each marked
`match: words`. "Most" is a minimum-should-match over the query's content
words (two characters or more): `SHOULD_MATCH` of them, at least one; for a
problem statement, which is short, `STATEMENT_SHOULD` of them.

For a query that seeks problems, a word also counts where one of its curated
equivalents occurs (`equivalents`: 渠道 for 平台, from `indexer.equivalents`),
at `EQUIVALENT` of the word; exact hits are never changed by it. A query
of one word (人员不足) gets best matches only that way (`grouped`): the
statements and sections 五 holding one of its equivalents (力量薄弱, 兼职).
Such a query of one short term of two or three words (解读不够, 业务素质不高)
also matches the statements holding its first word, its subject
(`subject_word`); so does one term of one word and a shortcoming tail
(时效性差, 点击率低: `shortcoming_tail`), whose best matches, like a one-word
query's, are statements and sections 五; the tail ranks by what it means
(`tail_word`: 低 as 较低, 偏低), and a word ending in a measure also counts
where its stem or 数量 occurs (`measure_variants`: 点击量偏低 for 点击率低).

`problem_lift` tells from the archive itself whether a query seeks problem
statements: how much more often its needles occur in problem statements than
problem statements' share of all documents would give. Ranking then weighs
statements more for such a query (`indexer.search.ranking`).
"""
from __future__ import annotations

import math
import re

import numpy as np

from indexer.search import readings
from indexer.search.analysis import query_words
from indexer.search.schema import GRAM_FIELD, PROBLEM_FIELD, SECTION_FIELDS

#: Fewer exact hits than this, and a sentence-like query gets best matches after them.
FEW = 20
#: Share of the query's content words a best match must hold.
SHOULD_MATCH = 0.6
#: A problem statement is a clause or two, so a query's words are spread over
#: several of them: a statement needs this share only, a third: one word of
#: three, two of four to six, three of seven (bench/judged-dev, 25
#: problem-seeking queries: 0.34 and 0.4 alike, 0.5 lower, 0.6 returned no
#: statement at all for 网站 维护 不到位 or 信息发布 滞后; at 0.4, two words of
#: three left out the statements holding only the rare one, 维护时效性差 and
#: 更新的维护机制 for 网站 维护 不到位, 栏目 for 栏目设置 不合理). Passages rank them.
STATEMENT_SHOULD = 1 / 3
#: The lift a needle counts with when no problem statement holds it. A
#: statement is a clause or two, so a topic word missing from all of them is
#: weak evidence: at 0.05 (before), one such word (配合, 经费) outweighed the
#: shortcoming word beside it (协调 配合 不够, 经费 不足 sought no problems).
UNSEEN_LIFT = 0.5


def says_and(query: str) -> bool:
    """Whether the query writes AND: like OR, NOT and quotes, it asks for exactly
    what it says, so no best matches follow."""
    return bool(re.search(r"(?<![A-Za-z])AND(?![A-Za-z])", query or ""))


def sentence_like(needles) -> bool:
    """A query phrased as a sentence: a long run, punctuation inside, or many terms."""
    return (any(item.length >= 6 or len(item.runs) > 1 for item in needles)
            or len(needles) >= 3)


def worded(needles) -> bool:
    """Whether a query has the words best matches need: it is sentence-like,
    has two content words or more, or was typed as two terms or more of which
    one is a content word (便民性 不强: jieba makes no word of 不强, so a
    statement saying 便民性不够 holds only 便民; without this such a query
    returned nothing at all)."""
    words = content_words(needles)
    return sentence_like(needles) or len(words) >= 2 or (bool(words) and runs(needles) >= 2)


def one_word(needles) -> bool:
    """Whether the query is one typed term that jieba keeps as one content word
    (人员不足, 保密审查; not 时效性差, whose word 时效性 leaves 差 out)."""
    return runs(needles) == 1 and content_words(needles) == [needles[0].runs[0]]


def grouped(needles, alternatives) -> bool:
    """Whether a query `worded` leaves out still gets best matches, through the
    curated equivalents of its one word (`one_word`; `alternatives` from
    `equivalents`, given only for a query that seeks problems). 人员不足 is one
    jieba word: its exact hits were all it found, while statements saying
    力量薄弱, 人手不够 or 以兼职为主 state the same shortcoming. Those best
    matches hold an equivalent where problems are stated (`PROBLEM_TEXT`, in
    `Archive.search`): a statement, or a report's section 五; a report naming
    兼职 in a staffing line of its overview is none. A typed term of which the
    word is only a part (时效性差, 账号不畅) still gets none: one word of a
    typed term is no match."""
    return one_word(needles) and any(alternatives or ())


#: Where a `grouped` query's best matches hold an equivalent: the text fields of
#: the problem statements and of section 五 (存在的主要问题及改进情况).
PROBLEM_TEXT = (PROBLEM_FIELD, SECTION_FIELDS[5])


def content_words(needles) -> list[str]:
    """The jieba words of the needles that carry meaning: two characters or more."""
    words = (w for item in needles for w in query_words(item.text))
    return list(dict.fromkeys(w for w in words if len(w) >= 2 and any(c.isalnum() for c in w)))


def runs(needles) -> int:
    """How many runs (terms as typed, split at spaces and punctuation) the needles have."""
    return sum(len(item.runs) for item in needles)


def word_matches(table, words: list[str], fields, terms: int = 1, alternatives=None,
                 subject: int | None = None) -> np.ndarray:
    """Live documents holding at least SHOULD_MATCH of `words` in any of
    `fields`; problem statements, at least STATEMENT_SHOULD of them (see
    `needed`; `terms` is how many runs the query typed, `runs`). With
    `alternatives` (`equivalents`, one list per word), a word also counts
    where the text of those fields' parts holds one of its equivalents. With
    `subject` (`subject_word`), a statement holding that word (or one of its
    equivalents) is enough."""
    if not words:
        return np.zeros(table.size, dtype=bool)
    parts = searched_parts(fields)
    held = np.zeros(table.size, dtype=np.int32)
    about = np.zeros(table.size, dtype=bool)
    for i, word in enumerate(words):
        has = np.zeros(table.size, dtype=bool)
        for field in fields:
            has[table.term_docs(field, word)] = True
        for other in (alternatives[i] if alternatives else ()):
            has[table.needle_hits(other, parts)[0]] = True
        held += has
        if i == subject:
            about = has
    statements = _statement_share(table)[0]
    few = needed(words, STATEMENT_SHOULD, terms)
    return np.where(statements, (held >= few) | about, held >= needed(words)) & table.live


#: A typed term of at most this many characters that seeks problems is short
#: enough to name one subject and its shortcoming (业务素质不高, 新媒体运用不足);
#: a longer one is a sentence (工作机制不够完善, 与群众需求还有差距).
SUBJECT_CHARS = 7
#: The rest of a typed term after its one content word, at most this many
#: characters, is its shortcoming (差, 低, 少, 慢, 不畅 of 时效性差, 点击率低,
#: 信息量少, 更新慢, 账号不畅): jieba makes no word of it.
TAIL_CHARS = 2


def subject_word(needles, words: list[str], seeks: bool) -> int | None:
    """The position in `words` of what a problem-seeking query of one short
    typed term names as its subject: its first content word (解读 of
    解读不够, 认识 of 认识不到位, 时效性 of 时效性差, 点击率 of 点击率低,
    业务素质 of 业务素质不高). Such a term names its subject, then the
    shortcoming; a problem statement holding the subject states a
    shortcoming of it (政策解读质量仍需提升, 时效性有待提高), while one
    holding the shortcoming word alone may be of any subject. One word of a
    typed term was no match at all, so 解读不够 found 1 statement and
    点击率低 none. A term is short when it has at most `SUBJECT_CHARS`
    characters and three content words, or one content word followed by a
    tail of at most `TAIL_CHARS` characters (`shortcoming_tail`). None for
    any other query (two typed terms: each word already counts; a sentence:
    与群众需求还有差距, 工作机制不够完善). `Archive.search` also asks that the
    subject be one (`names_subject`: not 信息公开, in half the statements)."""
    if not seeks or runs(needles) != 1 or not words:
        return None
    item = needles[0]
    if len(item.runs) != 1 or item.length > SUBJECT_CHARS:
        return None
    if len(words) == 1:
        return 0 if shortcoming_tail(needles, words) else None
    return 0 if len(words) <= 3 else None


def shortcoming_tail(needles, words: list[str]) -> str:
    """The rest of a one-term query after its one content word when it is a
    tail of at most `TAIL_CHARS` characters (差 of 时效性差, 不畅 of 账号不畅),
    else ''."""
    if runs(needles) != 1 or len(words) != 1:
        return ""
    run = needles[0].runs[0]
    tail = run[len(words[0]):] if run.startswith(words[0]) else ""
    return tail if 0 < len(tail) <= TAIL_CHARS else ""


def tail_word(tail: str) -> str | None:
    """The word a shortcoming tail stands for in ranking: the first word of two
    characters or more of its curated shortcoming (`indexer.equivalents.same_shortcoming`:
    低 is said 不高, 偏低, 较低; 慢 迟缓, 较慢); a tail of two characters
    without one stands for itself (不畅); None for a tail of one character
    without one (窄)."""
    from indexer.equivalents import same_shortcoming

    named = [m for m in same_shortcoming(tail) if len(m) > 1]
    if named:
        return named[0]
    return tail if len(tail) > 1 else None


def subject_alternatives(counts, needles, words: list[str], subject: int, alternatives: list[list]) -> list[list]:
    """`alternatives` (`equivalents`, one list of needles per word) with what
    else says the subject of a short problem query (`subject_word`): its
    measure in other words (`measure_variants`), and the group of a curated
    member made of the subject and another word for the query's shortcoming
    (人员缺乏: 人员不足, so 力量薄弱, 人手不足, 兼职). These find statements."""
    from indexer.equivalents import related, same_shortcoming

    out = [list(group) for group in alternatives]
    head = words[subject]
    _add(out, words, subject, measure_variants(counts, head), parts=True)
    run = needles[0].runs[0] if runs(needles) == 1 else ""
    rest = run[run.index(head) + len(head):] if head in run else ""
    for said in same_shortcoming(rest):
        group = related([head + said])
        if len(group) > 1:  # a curated member (人员不足)
            _add(out, words, subject, group)
    return out


def shortcoming_alternatives(words: list[str], subject: int, alternatives: list[list]) -> list[list]:
    """`alternatives` with, for each word but the `subject` that states a
    shortcoming (a later word, or the tail's word: `tail_word`), the other
    curated words stating it (`indexer.equivalents.same_shortcoming`: 缺乏 is
    said 不足, 缺少, 较少 …). They only rank the statements holding the subject
    (the one whose shortcoming is the query's first); a report holding 解读 and
    不足 is no match for 解读不够."""
    from indexer.equivalents import same_shortcoming

    out = [list(group) for group in alternatives]
    for i, word in enumerate(words):
        if i != subject:
            _add(out, words, i, same_shortcoming(word))
    return out


def _add(out: list[list], words: list[str], i: int, texts, parts: bool = False) -> None:
    """Add `texts` as needles to `out[i]`, leaving out one character, the query's
    words, what is there, and a text holding `words[i]` or held by it (found by the
    word: 规范化 by 规范) unless it is a part said instead of the whole (`parts`: 点击 of 点击率)."""
    from indexer.search.exact import needle

    known = {n.text for n in out[i]} | set(words)
    for text in texts:
        item = needle(text) if len(text) > 1 and text not in known else None
        if item is not None and (parts or not (words[i] in text or text in words[i])):
            out[i].append(item)
            known.add(text)


#: A subject word held by more than this share of the statements (信息公开, 公开, 工作)
#: names no subject of its own: half the statements say 信息公开, so 信息公开不及时
#: would list them all.
SUBJECT_SHARE = 0.3


def names_subject(counts, word: str) -> bool:
    """Whether at most `SUBJECT_SHARE` of the statements hold `word` (`subject_word`'s
    subject is then one: 更新, 认识, 点击率; 信息公开 is none). `counts`: `statement_counts`."""
    return _held_by_few(counts, word, SUBJECT_SHARE)


def statement_counts(table):
    """`word -> (the problem statements holding it as a string, all problem statements)` on the
    embedded index: what `names_subject` and `measure_variants` read (a Sphinx archive counts
    the same from searchd, `sphinx.bestmatch`)."""
    from indexer.search.exact import needle

    statements = int(np.count_nonzero(table.is_problem))

    def counts(word: str) -> tuple[int, int]:
        item = needle(word)
        return (int(np.count_nonzero(table.is_problem[table.needle_hits(item)[0]])) if item is not None else 0,
                statements)
    return counts


def _held_by_few(counts, word: str, share: float) -> bool:
    """Whether at most `share` of the problem statements hold `word`."""
    held, statements = counts(word)
    return held <= share * max(statements, 1)


#: A measure at the end of a word (点击率, 信息量, 办理次数): statements say it
#: with another (点击量偏低, 信息公开数量少). The word's stem stands for it where
#: few statements hold the stem (点击); else, for a quantity, `QUANTITY`.
MEASURES = ("数量", "次数", "量", "率", "数")
QUANTITY = "数量"
#: A stem held by more than this share of the statements (信息 of 信息量)
#: names no subject of its own.
RARE_STEM = 0.1


def measure_variants(counts, word: str) -> list[str]:
    """What else says `word` when it ends with a measure (`MEASURES`): its stem
    where at most `RARE_STEM` of the statements hold it (点击 of 点击率:
    点击量偏低), else for a quantity `QUANTITY` (信息量: 信息公开数量少)."""
    for measure in MEASURES:
        stem = word[:-len(measure)]
        if word.endswith(measure) and len(stem) >= 2:
            if _held_by_few(counts, stem, RARE_STEM):
                return [stem]
            return [QUANTITY] if measure in ("数量", "量", "数") and QUANTITY != word else []
    return []


def searched_parts(fields) -> frozenset[int] | None:
    """The report parts whose text fields are all in `fields` (None: every part)."""
    searched = frozenset(n for n, f in SECTION_FIELDS.items() if f in fields)
    return None if len(searched) == len(SECTION_FIELDS) else searched


def needed(words: list[str], share: float = SHOULD_MATCH, terms: int = 2) -> int:
    """How many of `words` a best match must hold: `share` of them, at least
    one; for a query of one term, at least two (the words of one typed term,
    政务APP, belong together: one of them is no match)."""
    return max(1 if terms > 1 else min(2, len(words)), math.ceil(share * len(words)))


#: A curated equivalent of a word (`indexer.equivalents`: 渠道 for 平台) counts
#: this much of the word itself, in the score and in a passage.
EQUIVALENT = 0.5


def equivalents(words: list[str], runs=()) -> list[list]:
    """Each word's curated equivalents as needles (`indexer.equivalents.related`),
    leaving out the query's own words and any member that holds the word or is
    held by it (规范化 is already found by 规范; 保密 for 保密审查 says less).

    A typed term (one of `runs`, as `needles` split them) holding a member
    that jieba cuts into several words lends that member's group to those
    words: 业务能力 is a member of the group of 业务水平, but its words 业务
    and 能力 are not, so 工作人员业务水平不高 held only 业务 of 业务能力 有待提高;
    更新不及时 lends 不及时's group (滞后, 时效性) to 及时."""
    from indexer.equivalents import concepts_in, related
    from indexer.search.exact import needle

    def lent(group, word: str) -> list[str]:
        return [m for m in group if m not in words and word not in m and m not in word]

    members = [lent(related([word]), word) for word in words]
    for run in runs:
        for name in concepts_in(run):
            group = related([name])
            for held in (m for m in group if len(m) > 1 and m in run and m not in words):
                for i, word in enumerate(words):
                    if word in query_words(held):
                        members[i] += [m for m in lent(group, word) if m not in members[i]]
    return [[n for n in map(needle, group) if n is not None] for group in members]


def _statement_share(table) -> tuple:
    """(statement mask, report mask, the statements' share of all report text),
    once per index generation."""
    found = table._objects.get("\x00statement share")
    if found is None:
        problems = table.is_problem
        reports = table.is_report & table.live
        lengths = table.lengths(GRAM_FIELD)
        share = float(lengths[problems].sum()) / max(float(lengths[reports].sum()), 1.0)
        found = table._objects["\x00statement share"] = (problems, reports, share)
    return found


def problem_lift(table, needles) -> float:
    """How much more often the needles occur in problem statements than chance (1 = none).

    A statement's text is also in its report, so this compares a needle's
    occurrences in statements with its occurrences in reports, against the
    statements' share of all report text. For several needles, the geometric
    mean of their lifts (a needle never in a statement counts as `UNSEEN_LIFT`): 网站
    维护 不到位 seeks problems through 不到位 although 网站 alone does not
    (the smallest lift, used before, never let a topic word and a shortcoming
    word together seek problems).
    """
    problems, reports, share = _statement_share(table)
    if not share:
        return 1.0
    return readings.problem_lift(needles, lambda item: _needle_lift(table, item, problems, reports, share),
                                 lambda item: bool(len(table.needle_hits(item)[0])), UNSEEN_LIFT, BACK_OFF)


#: A typed term no document holds, of at most this many characters, counts
#: with the lift of its longest start or end the archive holds: 不合理 and
#: 不畅 with that of 不 (a negation marks a shortcoming), 栏目设置 不合理 seeks
#: problems (bench/judged-dev d115: it had the lift of 栏目设置 alone, 0.5).
BACK_OFF = 6


def _needle_lift(table, item, problems, reports, share) -> float | None:
    """One needle's lift (`problem_lift`), None when no report holds it."""
    docs, counts = table.needle_hits(item)
    in_reports = int(counts[reports[docs]].sum())
    return int(counts[problems[docs]].sum()) / in_reports / share if in_reports else None


#: A word the query writes right after one of these states its opposite (不及时, 未公开, 没更新).
NEGATIONS = "不未没"


def words_lift(table, words: list[str], typed=()) -> float:
    """The problem lift of best matches on `words`: the geometric mean of each
    word's lift (`problem_lift`), so 工作机制 不够 完善 seeks problems through
    不够 although 工作机制 alone does not. A word that one of the query's `typed` runs
    negates counts with its negation's lift: 及时 is in every report's stock
    phrases (及时公开, 及时回应), 不及时 in statements, so 信息公开不及时 seeks
    problems. 1 without words."""
    from indexer.search.exact import needle

    return readings.words_lift(words, typed, lambda text: problem_lift(table, [needle(text)]), UNSEEN_LIFT, NEGATIONS)
