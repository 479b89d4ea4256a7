"""A problem query of several typed terms or a pasted clause, read as subjects and shortcomings.

答复 质量 差, 监督 乏力, 人员 不足 培训 少 and 网上公开的信息量还比较少 name what falls
short (答复, 质量, 监督, 人员, 培训, 信息量: the subjects) and how (差, 乏力, 不足, 少: the
shortcoming). Each typed term, or for a pasted clause each jieba word of it, is one or the
other: a shortcoming when the curated `shortcomings` of `indexer.equivalents` list it
(`same_shortcoming`), else a subject when it is a content word naming one
(`bestmatch.names_subject`: not 公开, in half the statements; not a degree adverb such
as 比较 or 还, by jieba's part of speech).

Best matches among the problem statements then follow from that reading
(`Archive.search`): a statement holding a subject (or one of its curated equivalents,
or a measure's other word: 数量 for 信息量) and, beside it (`GAP`), a word stating the
same shortcoming (差: 不高, 较差; 少: 较少, 偏少, 不多) is a best match (`stated`); one
holding the query's own subject words (every typed one, half a clause's) so ranks
before the other best matches. A shortcoming word alone is never such a match; the
minimum-should-match of `bestmatch.word_matches` is left as it was (counting only the
subjects there lost statements of judged-dev, 信息发布 滞后: 公开时间滞后, and of
judged-dev2: bench/README.md, e18u). Reports and sections are matched as before.

e18m's and e18q's one short typed term (更新慢, 人员缺乏: `bestmatch.subject_word`) is
read there, not here.
"""
from __future__ import annotations

import functools

import numpy as np

from indexer.search.analysis import query_words
from indexer.search.bestmatch import measure_variants, names_subject, sentence_like, statement_counts
from indexer.search.schema import PROBLEM_FIELD

#: jieba's parts of speech of words that name no subject in a clause: adverbs (比较, 还,
#: 进一步), conjunctions, prepositions, pronouns, particles, numerals and measures.
NOT_SUBJECT = ("d", "c", "p", "r", "u", "m", "q", "y", "e", "o")


class Reading(tuple):
    """(subjects, shortcomings): positions in the query's content words of its
    subjects, and the texts stating its shortcomings (差 → 不高, 较低 …)."""

    __slots__ = ()

    @property
    def subjects(self) -> list[int]:
        return self[0]

    @property
    def stating(self) -> list[str]:
        return self[1]

    @property
    def needed(self) -> int:
        """How many of the subjects a statement ranked first holds: each typed one
        (监督 力度 不够: 宣传力度不够 states no shortcoming of 监督), half a clause's."""
        return self[2]


def read(table, needles, words: list[str]) -> Reading | None:
    """The query's subjects and shortcomings (see the module), or None when it
    names no shortcoming or no subject, or is one typed term short enough for
    `bestmatch.subject_word` (the caller asks only when that rule did not apply)."""
    from indexer.equivalents import same_shortcoming

    typed = [run for item in needles for run in item.runs]
    if not typed:
        return None
    if len(typed) >= 2:
        shortcoming_runs = [run for run in typed if same_shortcoming(run)]
        stated = shortcoming_runs
        subject_words = {w for run in typed if run not in shortcoming_runs for w in query_words(run)}
        adverbs: set[str] = set()
    elif sentence_like(needles):
        tokens = query_words(typed[0])
        stated = [t for t in tokens if same_shortcoming(t)]
        # 不够完善, 不够全面: a shortcoming word of negation says what falls short right after it
        said = {after for before, after in zip(tokens, tokens[1:]) if before in stated and before.startswith("不")}
        subject_words = {t for t in tokens if t not in stated and t not in said}
        adverbs = _adverbs(typed[0])
    else:
        return None
    counts = statement_counts(table)
    subjects = [i for i, w in enumerate(words)
                if w in subject_words and w not in stated and w not in adverbs and not same_shortcoming(w)
                and names_subject(counts, w)]
    texts = list(dict.fromkeys(m for s in stated for m in (s,) + tuple(same_shortcoming(s)) if len(m) > 1))
    if not subjects or not texts:
        return None
    needed = len(subjects) if len(typed) >= 2 else (len(subjects) + 1) // 2
    return Reading((subjects, texts, needed))


def _adverbs(run: str) -> set[str]:
    """The words of `run` whose part of speech names no subject (`NOT_SUBJECT`)."""
    return {word for word, flag in _tagger().lcut(run) if flag.startswith(NOT_SUBJECT)}


@functools.lru_cache(maxsize=1)
def _tagger():
    """jieba's part-of-speech tagger over the archive's own segmenter and dictionary."""
    from jieba.posseg import POSTokenizer

    from indexer.search.analysis import _segmenter

    return POSTokenizer(_segmenter())


def with_measures(table, words: list[str], reading: Reading, alternatives: list[list]) -> list[list]:
    """`alternatives` with each subject's measure in other words
    (`bestmatch.measure_variants`: 信息量 is also said 数量)."""
    from indexer.search.bestmatch import _add

    out, counts = [list(group) for group in alternatives], statement_counts(table)
    for i in reading.subjects:
        _add(out, words, i, measure_variants(counts, words[i]), parts=True)
    return out


#: A shortcoming word states the subject's shortcoming when at most this many characters
#: lie between them (答复质量不高, 监督的力度不够, 缺少政策解读; the 意识不强 of a statement
#: holding 互动 much later states no shortcoming of 互动).
GAP = 6


def stated(table, words: list[str], reading: Reading, alternatives: list[list], every: bool = False) -> np.ndarray:
    """The live problem statements holding a subject of `reading` (its word, or one
    of its `alternatives`) and, at most `GAP` characters before or after it, a text
    stating its shortcoming; with `every`, holding `Reading.needed` of the subjects."""
    from indexer.search.exact import needle
    from indexer.search.matching import needle_keys

    statements = table.is_problem & table.live
    # each subject's needles: its word and its alternatives
    said = [[item for item in [needle(words[i])] + list(alternatives[i] if alternatives else ()) if item is not None]
            for i in reading.subjects]
    subjects = [item for items in said for item in items]
    shortcomings = [item for item in map(needle, reading.stating) if item is not None]
    about, says = np.zeros(table.size, dtype=bool), np.zeros(table.size, dtype=bool)
    held = np.zeros(table.size, dtype=np.int32)
    for items in said:
        has = np.zeros(table.size, dtype=bool)
        for item in items:
            has[table.needle_hits(item)[0]] = True
        about |= has
        held += has
    if every:
        about &= held >= reading.needed
    for item in shortcomings:
        says[table.needle_hits(item)[0]] = True
    docs = np.flatnonzero(statements & about & says)
    out = np.zeros(table.size, dtype=bool)
    if not len(docs):
        return out
    near = [(keys, len(item.text)) for item in shortcomings
            for keys in [needle_keys(table, item, docs)] if keys is not None and len(keys)]
    for item in subjects:
        keys = needle_keys(table, item, docs)
        if keys is None or not len(keys):
            continue
        for other, length in near:
            at = np.searchsorted(other, keys)  # the first shortcoming at or after each subject
            after = other[np.minimum(at, len(other) - 1)]
            before = other[np.maximum(at - 1, 0)]
            close = (((at < len(other)) & (after - keys - len(item.text) <= GAP) & (after >= keys))
                     | ((at > 0) & (keys - before - length <= GAP) & (before < keys)))
            out[keys[close] >> 32] = True
    return out


def held_first(table, words: list[str]) -> np.ndarray | None:
    """The problem statements holding what a short problem term is about (`bestmatch.subject_word`):
    of its `words`, the one the fewest statements hold among those stating no shortcoming
    (`indexer.equivalents.same_shortcoming`: not 不高, 偏低, 滞后); 解读 of 解读质量不高, 点击 of
    网站点击量偏低, where 网站 only places it. On the 问题 tab they rank before the other best
    matches (`Archive.search`): a statement holding only the shortcoming words (答复质量不高) states
    another subject's. None when every word states a shortcoming or no statement holds one."""
    from indexer.search.readings import held_subject

    held = {}
    about = held_subject(words, lambda w: len(held.setdefault(w, table.term_docs(PROBLEM_FIELD, w))))
    if about is None:
        return None
    statements = np.zeros(table.size, dtype=bool)
    statements[held[about]] = True
    return statements & table.is_problem & table.live
