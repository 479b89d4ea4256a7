"""A problem statement read as pairs of what falls short (its subject) and how (its shortcoming).

网站栏目信息更新不及时 names a subject (栏目, 更新) and a shortcoming (不及时); 栏目内容更新较慢
says the same pair in other words, 网站建设有待加强 only the subject, 培训不够及时 only the
shortcoming. A statement is read (`read`) as each **shortcoming** it states with the
**subjects** named beside it in its clause (clauses cut as `statement_items` cuts them).

The shortcomings are the curated data of `indexer.equivalents`, not a list here: each group
of its `shortcomings` (不足/缺乏/较少 …, 不高/薄弱 …, 迟缓/较慢 …) and each of its `groups`
that holds a negated member (时效性/不及时/滞后, 单一/不够丰富, 全面/不全面, 规范/不规范,
不严, 不平衡, 不高/较低) is one shortcoming, named by its first member. A clause states a
shortcoming when it holds one of its members: longer members first, each character read
once (不够及时 is 时效性, not also the 不够 of 不足), and a member of one character (少, 低,
差, 慢) only as a whole jieba word or the clause's last character (更新量少; not the 少 of
少数 or the 差 of 差距).

Its subjects are the content words of its clause beside it (at most `GAP` characters
between): jieba words of two characters or more, sub-words included, curated equivalents
as their group (`equivalents.concept`), not the topic, hedges and boilerplate
(`statement_items.STOPWORDS`, `names_topic`: 政府信息公开) nor the shortcoming's own
characters (及时 of 不够及时).

A clause stating no shortcoming in these words may hedge one: 培训力度需要加强, 制度有待健全,
回复效率有待提高 say what 培训力度不够, 制度不健全, 回复效率不高 say. Such a hedge (a marker, 有待
or 还需, fillers, 进一步, and a verb asking for more) is read as the shortcoming its verb answers
(`hedged`, curated in `indexer/data/hedges.json`: 加强 → 不够, 健全 → 不健全, 提高 → 不高).

Too little (不足) and too low (不高) of a degree are one shortcoming: 认识不足 says what
意识不强 says, 数量较少 what 数量有待提高 says (`degree_of`; the degrees, 意识, 数量, 能力 …,
curated in hedges.json). Of any other subject they stay two: 形式单一 is not 形式的便民性不高.

The topic word 公开 is no subject, except beside a shortcoming that has no other: 公开政府信息
不够及时 says what 信息发布不够及时 says, so there it is the subject 发布 (`PUBLISHING`).

How much a candidate states a statement's pairs (`pair_similarity`): for each shortcoming
the statement states, the weighted cosine of its subjects with those the candidate names
beside the same shortcoming (or one its hedge may mean: `Reading.meets`), averaged over the
statement's shortcomings. Similar statements
add it to the score (`indexer.similar_score.PAIR_BONUS`). A statement listing several shortcomings
(`statement_items.items`) is read item by item (`asked`), and a candidate stating two of its
items or more is told apart from one stating one (`items_beyond_one`); there a timeliness item
is stated by whatever the candidate says is published late (信息报送不及时 states 信息更新不够及时:
`_published`, the words curated in hedges.json), though a statement of one shortcoming keeps
信息发布 and 信息更新 apart (the judged sets grade them neighbours).
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from indexer.equivalents import concept, curated
from indexer.search.analysis import terms as jieba_terms
from indexer.search.analysis import to_simplified
from indexer.statement_items import CLAUSE_END, STOPWORDS, names_topic


@dataclass(frozen=True)
class Reading:
    """A shortcoming the statement states (its name) and the subjects named beside it."""

    shortcoming: str
    subjects: frozenset[str]
    #: the other shortcomings a hedge may mean (意识有待加强: 不足, or also 不高 as 意识不强)
    also: frozenset[str] = frozenset()

    def meets(self, other: "Reading") -> bool:
        """Whether the two state the same shortcoming: either may be what the other's hedge means,
        or one says too little and the other too low of a degree both name (`degree_of`:
        认识不足 and 意识不强, 数量较少 and 数量有待提高)."""
        return (self.shortcoming == other.shortcoming or self.shortcoming in other.also
                or other.shortcoming in self.also or bool(degree_of(self, other)))


HEDGES = Path(__file__).resolve().parent / "data" / "hedges.json"


@functools.lru_cache(maxsize=1)
def hedges() -> dict:
    """The curated hedges (read once): markers, fillers, each verb's shortcoming, and the
    shortcomings they answer that the search's data does not list."""
    return json.loads(HEDGES.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _members() -> tuple[tuple[str, str], ...]:
    """(member, its shortcoming's name) for every member, longest first. Groups sharing a
    member are one shortcoming (滞后 is 迟缓 and 不及时; 较少 is 不足 and 单一), named by the
    first group's first member."""
    data = curated()
    groups = [list(g) for g in data.get("shortcomings", []) if g]
    groups += [list(g) for g in data.get("groups", []) if g and any(m.startswith("不") for m in g)]
    groups += [list(g) for g in hedges().get("shortcomings", []) if g]
    names = list(range(len(groups)))

    def root(i: int) -> int:
        while names[i] != i:
            i = names[i]
        return i

    holder: dict[str, int] = {}
    for i, group in enumerate(groups):
        for member in group:
            if member in holder:
                names[root(i)] = root(holder[member])
            holder.setdefault(member, i)
    pairs = {(member, groups[root(i)][0]) for i, group in enumerate(groups) for member in group}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0], p[1])))


#: A word names the subject of a shortcoming when at most this many characters lie between
#: them, before it (数量相对较少, 栏目更新信息不多) or after it (缺乏专业人员).
GAP = 6
#: (the topic word, the subject it names beside a shortcoming that has no other): 公开政府信息
#: 不够及时 is 信息发布不够及时 (bench/README.md, e18x: on the dev seeds of the 发布 and 公开
#: 不及时 statements the subject 公开 everywhere brought in 学习不够 and the like; only where no
#: other subject is named it does not).
PUBLISHING = ("公开", "发布")
#: A candidate states an item of a listed statement when its `pair_similarity` with that
#: item's readings reaches this (0.3–0.7 ranked alike on the dev seeds).
ITEM_PAIR_MATCH = 0.5


def _stated(clause: str, terms) -> list[tuple[str, int, int]]:
    """Each shortcoming the clause states: (its name, start, end), longer members first,
    each character read once. `terms` are the clause's jieba words."""
    found = []
    taken = [False] * len(clause)
    # a member of one character is a word of the clause, or its last character (更新量少, 点击率低)
    words = {(t.start, t.end) for t in terms if t.end - t.start == 1}
    words.add((len(clause) - 1, len(clause)))
    for member, name in _members():
        at = clause.find(member)
        while at >= 0:
            end = at + len(member)
            if not any(taken[at:end]) and (len(member) > 1 or (at, end) in words):
                found.append((name, at, end))
                taken[at:end] = [True] * (end - at)
            at = clause.find(member, at + 1)
    return found


@functools.lru_cache(maxsize=1)
def _hedge() -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    """The hedges as one pattern (marker, fillers, verb) and the names of each verb's shortcomings."""
    data = hedges()
    names = dict(_members())

    def either(words) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    pattern = re.compile(f"(?:{either(data['markers'])})(?:{either(data['fillers'])})*({either(data['verbs'])})")
    answers = {verb: tuple(dict.fromkeys(names[m] for m in members)) for verb, members in data["verbs"].items()}
    return pattern, answers


@functools.lru_cache(maxsize=1)
def _degrees() -> tuple[frozenset[str], frozenset[str]]:
    """(the degrees, as `equivalents.concept` names them; the shortcomings of too little and too
    low, by their names), from hedges.json."""
    data = hedges()
    names = dict(_members())
    return (frozenset(concept(w) for w in data.get("degrees", [])),
            frozenset(names[m] for m in data.get("degree_shortcomings", [])))


def degree_of(a: Reading, b: Reading) -> frozenset[str]:
    """The degrees two readings both name when one says there is too little of it and the other
    that it is too low (认识不足 / 意识不强: 意识): one shortcoming said two ways. Empty for any
    other two readings (形式单一 and 形式便民性不高 say two things of 形式, no degree)."""
    degrees, either = _degrees()
    if a.shortcoming == b.shortcoming or {a.shortcoming, b.shortcoming} != either:
        return frozenset()
    return a.subjects & b.subjects & degrees


@functools.lru_cache(maxsize=1)
def _measures() -> frozenset[str]:
    return frozenset(hedges().get("measures", []))


def hedged(clause: str) -> list[tuple[tuple[str, ...], int, int]]:
    """Each shortcoming the clause hedges (需要加强, 有待进一步健全): (the shortcomings its verb
    may answer, the first its own; start, end of the hedge)."""
    pattern, answers = _hedge()
    return [(answers[m.group(1)], m.start(), m.end()) for m in pattern.finditer(clause)]


def read(text: str) -> list[Reading]:
    """Each shortcoming the statement states with the subjects named beside it (within `GAP`
    characters, in its clause), in order; one without a subject named is left out."""
    out = []
    for clause in CLAUSE_END.split(to_simplified(text or "")):
        terms = jieba_terms(clause)  # segmented once: similar's clause words are the same, cached
        stated = [((name,), a, b) for name, a, b in _stated(clause, terms)]
        hedge = not stated
        stated = stated or hedged(clause)
        if not stated:
            continue
        words = [(concept(t.text), t.start, t.end) for t in terms
                 if len(t.text) > 1 and t.text not in STOPWORDS and not names_topic(t.text)
                 and t.text not in _measures()
                 and not any(a < t.end and t.start < b for _, a, b in stated)]
        for (own, *also), a, b in sorted(stated, key=lambda x: x[1]):
            near = frozenset(w for w, start, end in words if _beside(start, end, a, b))
            if not near and not hedge:  # 政府信息公开工作有待加强 hedges the topic alone: no pair
                near = frozenset(PUBLISHING[1] for t in terms if t.text == PUBLISHING[0] and _beside(t.start, t.end, a, b))
            if near:
                out.append(Reading(own, near, frozenset(also)))
    return out


def _beside(start: int, end: int, a: int, b: int) -> bool:
    """Whether a word at start..end lies within GAP characters before or after a shortcoming at a..b."""
    return (end <= a and a - end <= GAP) or (start >= b and start - b <= GAP)


def asked(text: str, items: list[str]) -> tuple[list[Reading], list[list[Reading]]]:
    """What a candidate is asked to state, as (the statement's readings, its items' readings):
    for a statement of one shortcoming (no `items`), its readings, and no items; for one listing
    several (`items`, its clauses as `statement_items.items` gives them), each item's readings
    (items naming no pair left out), and none for the whole. A statement naming two shortcomings
    in one clause (内容的及时性、全面性) asks for neither: a candidate stating one of them ranked
    above better ones (bench/README.md, e18v)."""
    if items:
        return [], [found for found in (read(item) for item in items) if found]
    mine = read(text)
    return (mine if len({r.shortcoming for r in mine}) == 1 else []), []


def pair_similarity(mine: list[Reading], theirs: list[Reading], weights: dict[str, float]) -> float:
    """How much `theirs` states `mine`'s pairs, 0–1: for each shortcoming `mine` states, the
    best weighted cosine of its subjects with those `theirs` names beside the same
    shortcoming, averaged over `mine`'s shortcomings (a statement naming 及时性 and 全面性 of
    its content is half stated by 内容不全面). `weights` are the subjects' weights (inverse
    document frequency: 建设 of 平台建设 and 队伍建设 says little)."""
    stated = sorted({a.shortcoming for a in mine})
    if not stated:
        return 0.0

    def cosine(x: frozenset, y: frozenset) -> float:
        shared = sum(weights.get(w, 1.0) ** 2 for w in x & y)
        if not shared:
            return 0.0
        return shared / math.sqrt(sum(weights.get(w, 1.0) ** 2 for w in x) * sum(weights.get(w, 1.0) ** 2 for w in y))

    return sum(max((cosine(a.subjects, b.subjects) for a in mine if a.shortcoming == name
                    for b in theirs if a.meets(b)), default=0.0)
               for name in stated) / len(stated)


def items_beyond_one(items: list[list[Reading]], theirs: list[Reading], weights: dict[str, float]) -> float:
    """How many of a listed statement's items (`asked`) `theirs` states beyond one, as a share
    of its items beyond one, 0–1: 0 for a candidate stating one item or none, 1 for one stating
    all. The judged sets grade a candidate stating two items of a list or more as the same
    problem and one stating one item as related: the items' pairs tell them apart where their
    words do not (a candidate stating one item often shares as many). An item is stated from a
    `pair_similarity` of `ITEM_PAIR_MATCH`; a statement of fewer than two items read gives 0."""
    if len(items) < 2:
        return 0.0
    items, theirs = [[_published(r) for r in item] for item in items], [_published(r) for r in theirs]
    stated = sum(1 for item in items if pair_similarity(item, theirs, weights) >= ITEM_PAIR_MATCH)
    return max(0, stated - 1) / (len(items) - 1)


@functools.lru_cache(maxsize=1)
def _late() -> tuple[str, frozenset[str]]:
    """(the timeliness shortcoming's name, the words for what is published late), from hedges.json."""
    data = hedges()
    return dict(_members())[data["late"]], frozenset(concept(w) for w in data["published"])


def _published(reading: Reading) -> Reading:
    """A timeliness reading with what is published named one way (信息报送不及时, 信息更新不够及时,
    内容不及时: 发布 late), for telling which items of a list a candidate states; any other as it is."""
    late, published = _late()
    if reading.shortcoming != late or not reading.subjects & published:
        return reading
    return Reading(reading.shortcoming, frozenset(PUBLISHING[1] if w in published else w for w in reading.subjects),
                   reading.also)
