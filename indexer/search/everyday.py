"""A problem query in everyday words, said again in the reports' own words.

A journalist or a citizen types 人手紧, 回复拖拉 or 网站没人管; the statements say
人员不足, 答复不及时 and 维护不到位. No statement holds the everyday words, so the
query found nothing, or only the exact hits of one of its words. The curated
`everyday` list of `indexer/data/equivalents.json` pairs an everyday wording with
the reports' wording of the same thing (紧 → 不足, 人手 → 人员, 拖拉 → 不及时);
`restate` replaces each everyday wording a query holds, longest first, and
`Archive.search` reads the restated query for its best matches only: the exact
hits of the query as typed stay first and complete.
"""
from __future__ import annotations

import functools

from indexer import equivalents


@functools.lru_cache(maxsize=1)
def _pairs() -> tuple[tuple[str, str], ...]:
    """(everyday wording, the reports' wording), longest everyday wording first."""
    pairs = equivalents.curated().get("everyday", [])
    return tuple(sorted(((a, b) for a, b in pairs if a), key=lambda p: -len(p[0])))


def restate(text: str) -> str | None:
    """`text` with each everyday wording it holds replaced by the reports' wording,
    the longest wording first at each position, left to right; None when it holds none.
    A wording counts where it starts and ends between two of the query's words
    (`_boundaries`): the 紧 of 人手紧 (人/手紧) is one, that of 紧密 none."""
    if not any(everyday in text for everyday, _ in _pairs()):
        return None  # most queries: no segmenting
    out, i, changed = [], 0, False
    cuts = _boundaries(text)
    while i < len(text):
        for everyday, reports in _pairs():
            if text.startswith(everyday, i) and i in cuts and i + len(everyday) in cuts:
                out.append(reports)
                i += len(everyday)
                changed = True
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out) if changed else None


def _boundaries(text: str) -> set[int]:
    """The positions in `text` where one of its jieba words (`query_words`) starts or ends."""
    from indexer.search.analysis import query_words

    cuts, at, lowered = {0, len(text)}, 0, text.lower()
    for word in query_words(text):
        found = lowered.find(word, at)
        if found < 0:  # a word the analyser wrote differently (traditional characters): no cut from it
            continue
        cuts.update((found, found + len(word)))
        at = found + len(word)
    return cuts
