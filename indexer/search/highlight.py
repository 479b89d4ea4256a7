"""Snippets: report text escaped, each exact match wrapped whole in one <mark>.

The matches are the needles' occurrences in the folded text
(`indexer.search.exact.occurrences`), the same ones the index matched, so a
mark covers exactly the string found: never word by word, never half of it.
Overlapping spans are merged, so marks never nest.

The work is linear and bounded per document: only the first `SCAN_LIMIT`
characters of a text are folded and scanned (one regex scan per needle, at
most `MAX_SPANS` occurrences kept), and a sliding window finds the densest
stretch: of several needles, the one holding the most of them, then the most
occurrences (a sentence with the query's rare term beside a common one, not a
run of the common one). A report shows the numbered part whose densest
passage holds the most (`best_part`). A huge report costs a search no more than a long one; its snippet
then comes from its first SCAN_LIMIT characters (the match itself was
found by the index, whatever its place).
"""
from __future__ import annotations

import html

import numpy as np

from indexer.search.exact import fold, occurrences

ELLIPSIS = "…"
#: Occurrences considered per text: enough to place the window, bounded.
MAX_SPANS = 2000
#: Characters of a text looked at for its snippet and best part.
SCAN_LIMIT = 20_000
#: Characters one passage spans when `best_part` weighs a part by its densest passage.
PASSAGE_CHARS = 120
#: A needle's occurrences in a passage or snippet count at most this many times.
PASSAGE_REPEATS = 3


def _window(spans, length: int, width: int, held=None) -> tuple[int, int]:
    """The `width`-character window holding the most spans, never cutting one
    (linear); with `held` (a score per span, of the window it starts), the
    window whose score is best, then holds the most spans."""
    if not spans:
        return 0, min(length, width)
    best_start, best_count, best_score = 0, 0, None
    j = 0
    for i, (start, _) in enumerate(spans):
        if j < i:
            j = i
        while j < len(spans) and spans[j][1] <= start + width:
            j += 1
        score = (held[i] if held is not None else 0, j - i)
        if best_score is None or score > best_score:
            best_start, best_count, best_score = i, j - i, score
    first = spans[best_start][0]
    begin = max(0, first - width // 5)
    end = min(length, begin + width)
    for s, e in spans[best_start:best_start + best_count + 1]:  # never end inside a mark
        if s < end < e:
            end = min(e, begin + 2 * width)
    return begin, end


def _starts(text: str, needles) -> list[list[int]]:
    """Each needle's occurrence starts in `text` (at most MAX_SPANS each), ascending."""
    folded = fold(text)
    return [[m.start() for _, m in zip(range(MAX_SPANS), item.pattern().finditer(folded))] for item in needles]


def _held(found: list[list[int]], begins: np.ndarray, width: int) -> np.ndarray:
    """For windows of `width` characters starting at `begins`: distinct needles
    held, then occurrences (each needle's at most PASSAGE_REPEATS), as one
    comparable number per window; `found` as `_starts` gives it."""
    distinct = np.zeros(len(begins), dtype=np.int64)
    repeats = np.zeros(len(begins), dtype=np.int64)
    for starts in found:
        starts = np.asarray(starts, dtype=np.int64)
        inside = np.searchsorted(starts, begins + width) - np.searchsorted(starts, begins)
        distinct += inside > 0
        repeats += np.minimum(inside, PASSAGE_REPEATS)
    return distinct * (PASSAGE_REPEATS * len(found) + 1) + repeats


def snippet(text: str, needles, width: int = 160, found: list[list[int]] | None = None) -> tuple[str, int]:
    """An HTML-safe snippet of `text` around its densest matches of `needles`:
    of several needles, the window holding the most of them (`_held`: a rare
    term with a common one over a run of the common one alone), then the
    most matches. `found`: each needle's starts in `text` (`_starts`), when known.

    Returns (html, number of marked spans in the snippet).
    """
    full_length = len(text or "")
    text = (text or "")[:SCAN_LIMIT]
    spans = occurrences(text, list(needles), MAX_SPANS) if needles else []
    held = None
    if len(spans) > 1 and len(needles) > 1 and len(text) > width:
        found = found if found is not None else _starts(text, needles)
        if sum(1 for f in found if f) > 1:  # one needle held: the most spans is the most of it
            shown = np.maximum(np.array([s for s, _ in spans], dtype=np.int64) - width // 5, 0)  # each window's begin
            held = _held(found, shown, width)
    begin, end = _window(spans, len(text), width, held)
    parts = [ELLIPSIS] if begin > 0 else []
    cursor = begin
    shown = 0
    for s, e in spans:
        if s < begin or s >= end:
            continue
        e = min(e, end)
        parts.append(html.escape(text[cursor:s]))
        parts.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
        shown += 1
    parts.append(html.escape(text[cursor:end]))
    if end < full_length:
        parts.append(ELLIPSIS)
    return " ".join("".join(parts).split()), shown


def best_part(parts: dict[int, str], needles, found: dict | None = None) -> int | None:
    """The key of the text in `parts` holding the most distinct needles, then
    the most matches (ties to the earlier key); when that is a numbered part
    (key other than 0), the numbered part holding as many distinct needles
    whose densest passage (`_held` over windows of PASSAGE_CHARS starting at
    an occurrence) holds the most is chosen instead: a paragraph about the
    query over a part naming it in three lists. Whether a report shows a
    numbered part or its unnumbered text (title, contents list) is decided by
    the counts alone, as `narrowing.kind_totals` counts it. `found` (a dict)
    is filled with each part's `_starts`."""
    best, best_key = (0, 0), None
    found = {} if found is None else found
    for key, text in parts.items():
        found[key] = starts = _starts(text[:SCAN_LIMIT], needles)
        held = (sum(1 for f in starts if len(f)), sum(len(f) for f in starts))
        if held > best:
            best, best_key = held, key
    if not best_key:
        return best_key
    tied = [k for k in parts if k and sum(1 for f in found[k] if len(f)) == best[0]]
    if len(tied) == 1:
        return tied[0]

    def passage(key):
        begins = np.array([s for f in found[key] for s in f], dtype=np.int64)
        return int(_held(found[key], begins, PASSAGE_CHARS).max())
    return max(tied, key=lambda k: (passage(k), sum(len(f) for f in found[k]), -tied.index(k)))


def report_hit(doc_id: str, title: str, parts: dict[int, str], wanted, sections, common: dict):
    """The `Hit` of a report: shown as its best matching part (kind "section",
    `section` its number) when `wanted` matches one, else as the report with
    the start of its first numbered part. `parts` are the report's texts by
    part (`section_texts`), `sections` the parts the search was limited to,
    `common` the hit's other fields. Both backends build report hits here."""
    from indexer.model import STANDARD_SECTIONS
    from indexer.search.results import Hit

    if sections:
        parts = {n: t for n, t in parts.items() if str(n) in sections} or parts
    found: dict = {}
    number = best_part(parts, wanted, found) if wanted else None
    if number is None:
        number = min((n for n in parts if n), default=0) if parts else 0
        kind, section = "report", None
    else:
        kind, section = ("section", number) if number else ("report", None)
    text, _ = snippet(parts.get(number, title), wanted, found=found.get(number))
    heading = STANDARD_SECTIONS.get(section, "") if section else ""
    return Hit(id=doc_id, kind=kind, section=section, section_title=heading, snippet=text, **common)
