"""Whether a problem statement says the query's shortcoming of the query's own subject.

网站 维护 不到位 asks for a statement saying 不到位 of the site's upkeep; 认识不到位,公开还不全面
says the same shortcoming of another subject (认识), and ranked above the site's statements on the
words alone (bench/README.md, e18a: ~28 of the dev sets' first fives). The query and each
candidate statement are read the same way, as the pairs (a shortcoming, the subjects named
beside it in its clause) of `indexer.problem_pairs.read`, and a candidate is (`relation`)

* `SAID`: one of its pairs states a shortcoming of the query (`Reading.meets`) of a subject of
  the query (its word, its curated group, or a measure's other word: 数量 for 信息量);
* `ELSEWHERE_SAID`: it states the query's shortcoming only of other subjects and names none
  of the query's anywhere (认识不到位 for 网站 维护 不到位, 答复质量不高 for 知晓率 不高);
* `UNPAIRED`: the two only co-occur (the shortcoming of another subject, and the query's
  subject elsewhere in the statement), or a subject of its pair shares a character with one of
  the query's (人手不够 for 人员不足: the curated groups do not list every way of saying one);
* `NONE`: neither (a hedge or a list the reader reads otherwise).

Among statements alone (the 问题 tab, `passages.by_passage`), an `ELSEWHERE_SAID` statement's
score is multiplied by `ELSEWHERE`, once some statement ranked for the search is `SAID`: where
none is, the query is read otherwise than the statements say it (工作 发展 不平衡: no statement
says 不平衡 of 发展), and nothing changes. `UNPAIRED` keeps its score: weighing it, or the
shortcoming words, less lowered judged-dev (bench/README.md, e18a and e18aa). The topic word
公开 names the subject 发布 (`problem_pairs.PUBLISHING`): 信息公开不及时 is said by every
statement of 更新不及时 too.

A statement's pairs are read from its stored text once per index generation and curated data,
when it is first ranked (a dict on the table, as `proximity.listing` keeps its counts, at most
`CACHED`); the query's once per search.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from indexer.equivalents import concept, curated
from indexer.search.analysis import terms as jieba_terms
from indexer.search.analysis import to_simplified

if TYPE_CHECKING:
    from indexer.problem_pairs import Reading

#: What a statement's score is multiplied by when it states the query's shortcoming only of
#: other subjects (`ELSEWHERE_SAID`); 0.7 ranked alike on the dev sets but for d107.
ELSEWHERE = 0.5
#: At most this many statements' pairs are kept read (a statement's first reading costs ~0.5 ms
#: of CPU: jieba over its clauses; bench/README.md, e18aa).
CACHED = 20_000


@dataclass
class Asked:
    """The query's pairs, every subject those pairs may be said of, and whether a statement
    ranked so far for this search says one of them (`said_of` sets it: the blocks of one search,
    exact hits, the first best matches, the others, are ranked in turn)."""

    readings: list[Reading]
    subjects: frozenset[str]
    said: bool = False


def asked(table, needles) -> Asked | None:
    """The pairs a problem query states, its `needles` read as one clause (网站 维护 不到位 is
    网站维护不到位; a pasted text's clauses stay clauses), with each subject's measure in other
    words (`bestmatch.measure_variants`: 数量 for 信息量), or None when it states none (政务公开
    alone; 信息查阅不便: no shortcoming the data lists)."""
    from indexer.problem_pairs import hedged, read
    from indexer.search.bestmatch import measure_variants, statement_counts

    try:
        hedged("")  # the hedges' verbs answer shortcomings of the curated groups
    except KeyError:  # ... which do not list one (a test's own groups): no pair can be read
        return None
    readings = read("".join("，".join(item.runs) for item in needles))
    if not readings:
        return None
    subjects = {s for r in readings for s in r.subjects}
    counts = statement_counts(table)
    subjects |= {concept(v) for s in list(subjects) for v in measure_variants(counts, s)}
    return Asked(readings, frozenset(subjects))


#: What a candidate's pairs say of the query's (`relation`).
SAID, UNPAIRED, ELSEWHERE_SAID, NONE = "said", "unpaired", "elsewhere", "none"


def relation(table, doc: int, query: Asked) -> str:
    """What statement `doc`'s pairs say of `query`'s: `SAID` (the query's shortcoming of one of
    its subjects), `ELSEWHERE_SAID` (the query's shortcoming only of subjects the query does not
    name, none of them akin to its own, and none of its subjects named anywhere), `UNPAIRED` (the
    query's shortcoming or one of its subjects, not together), else `NONE` (see the module)."""
    theirs, words = statement_pairs(table, doc)
    meets = [b for a in query.readings for b in theirs if a.meets(b)]
    if any(b.subjects & query.subjects for b in meets):
        return SAID
    if meets and not words & query.subjects and not any(_akin(b.subjects, query.subjects) for b in meets):
        return ELSEWHERE_SAID
    return UNPAIRED if meets or words & query.subjects else NONE


def _akin(theirs: frozenset[str], mine: frozenset[str]) -> bool:
    """Whether a subject of `theirs` shares a character with one of `mine` (人手 and 人员)."""
    held = {c for word in mine for c in word}
    return any(c in held for word in theirs for c in word)


def said_of(table, docs: np.ndarray, query: Asked) -> np.ndarray:
    """Each of `docs`' weight by what its pairs say of the query's (`relation`): `ELSEWHERE`
    for `ELSEWHERE_SAID`, 1 for any other document; all 1 until a statement ranked for this
    search (these `docs` or an earlier block's) is `SAID`."""
    docs = np.asarray(docs, dtype=np.int64)
    out = np.ones(len(docs), dtype=np.float64)
    found = [relation(table, int(doc), query) if table.is_problem[doc] else NONE for doc in docs]
    query.said = query.said or SAID in found
    if not query.said:
        return out
    out[np.array([name == ELSEWHERE_SAID for name in found], dtype=bool)] = ELSEWHERE
    return out


def statement_pairs(table, doc: int) -> tuple[list[Reading], frozenset[str]]:
    """(the pairs of a problem statement, `problem_pairs.read` of its stored text; the curated
    concepts of its words, `equivalents.concept`), read once per index generation."""
    data = curated()  # the pairs are read with the curated groups of the moment (a test's own)
    held = table._objects.get("\x00statement pairs")
    if held is None or held[0] is not data:
        held = table._objects["\x00statement pairs"] = (data, {})
    cache = held[1]
    if len(cache) >= CACHED:  # a long-running server's memory stays bounded (1-2 KB a statement)
        cache.clear()
    found = cache.get(doc)
    if found is None:
        # imported here: problem_pairs imports indexer.search (its analysis), whose package imports this
        from indexer.problem_pairs import PUBLISHING, read

        text = (table.searcher.stored_fields(doc).get("problem_data") or {}).get("text", "")
        words = {concept(t.text) for t in jieba_terms(to_simplified(text)) if len(t.text) > 1}
        if PUBLISHING[0] in words:  # 公开 is what 发布 says where no other subject is named
            words.add(PUBLISHING[1])
        words = frozenset(words)
        found = cache[doc] = (read(text), words)
    return found
