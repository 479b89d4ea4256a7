"""Snippets: report text escaped, each exact match wrapped whole in one <mark>.

The matches are the needles' occurrences in the folded text
(`indexer.search.exact.occurrences`), the same ones the index matched, so a
mark covers exactly the string found: never word by word, never half of it.
Overlapping spans are merged, so marks never nest.

The work is linear and bounded per document: only the first `SCAN_LIMIT`
characters of a text are folded and scanned (one regex scan per needle, at
most `MAX_SPANS` occurrences kept), and a sliding window finds the densest
stretch. A huge report costs a search no more than a long one; its snippet
then comes from its first SCAN_LIMIT characters (the match itself was
found by the index, whatever its place).
"""
from __future__ import annotations

import html
from bisect import bisect_left

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
    (linear); with `held` (span index, window end -> score), the window whose
    score is best, then holds the most spans."""
    if not spans:
        return 0, min(length, width)
    best_start, best_count, best_score = 0, 0, None
    j = 0
    for i, (start, _) in enumerate(spans):
        if j < i:
            j = i
        while j < len(spans) and spans[j][1] <= start + width:
            j += 1
        shown = max(0, start - width // 5)  # where the snippet of this window begins
        score = (held(shown, shown + width) if held else (), j - i)
        if best_score is None or score > best_score:
            best_start, best_count, best_score = i, j - i, score
    first = spans[best_start][0]
    begin = max(0, first - width // 5)
    end = min(length, begin + width)
    for s, e in spans[best_start:best_start + best_count + 1]:  # never end inside a mark
        if s < end < e:
            end = min(e, begin + 2 * width)
    return begin, end


def _held(text: str, needles):
    """(start, end) -> (distinct needles, occurrences, each needle's at most
    PASSAGE_REPEATS) starting in that stretch of `text`: a window holding the
    query's rare term and one common one over a window of the common one alone."""
    folded = fold(text)
    found = [[m.start() for _, m in zip(range(MAX_SPANS), item.pattern().finditer(folded))] for item in needles]

    def held(start: int, end: int) -> tuple[int, int]:
        counts = [bisect_left(f, end) - bisect_left(f, start) for f in found]
        return sum(1 for c in counts if c), sum(min(c, PASSAGE_REPEATS) for c in counts)
    return held


def snippet(text: str, needles, width: int = 160) -> tuple[str, int]:
    """An HTML-safe snippet of `text` around its densest matches of `needles`.

    Returns (html, number of marked spans in the snippet).
    """
    full_length = len(text or "")
    text = (text or "")[:SCAN_LIMIT]
    spans = occurrences(text, list(needles), MAX_SPANS) if needles else []
    held = _held(text, needles) if len(spans) > 1 and len(needles or ()) > 1 else None
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


def best_part(parts: dict[int, str], needles) -> int | None:
    """The key of the text in `parts` holding the most distinct needles, then
    the most matches (ties to the earlier key); when that is a numbered part
    (key other than 0), the numbered part holding as many distinct needles
    whose densest passage (`_passage`) holds the most is chosen instead: a
    paragraph about the query over a part naming it in three lists. Whether a
    report shows a numbered part or its unnumbered text (title, contents
    list) is decided by the counts alone, as `narrowing.kind_totals` counts it."""
    best, best_key = (0, 0), None
    starts = {}
    for key, text in parts.items():
        folded = fold(text[:SCAN_LIMIT])
        found = [[m.start() for _, m in zip(range(MAX_SPANS), item.pattern().finditer(folded))] for item in needles]
        starts[key] = found
        held = (sum(1 for f in found if f), sum(len(f) for f in found))
        if held > best:
            best, best_key = held, key
    if not best_key:
        return best_key
    tied = [k for k in parts if k and sum(1 for f in starts[k] if f) == best[0]]
    return max(tied, key=lambda k: (_passage(starts[k]), sum(len(f) for f in starts[k]), -tied.index(k)))


def _passage(found: list[list[int]]) -> tuple[int, int]:
    """(distinct needles, occurrences, each needle's at most PASSAGE_REPEATS) of
    the best window of PASSAGE_CHARS characters starting at an occurrence;
    `found` holds each needle's occurrence starts, ascending."""
    best = (0, 0)
    for begin in sorted(s for f in found for s in f):
        counts = [bisect_left(f, begin + PASSAGE_CHARS) - bisect_left(f, begin) for f in found]
        best = max(best, (sum(1 for c in counts if c), sum(min(c, PASSAGE_REPEATS) for c in counts)))
    return best


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
    number = best_part(parts, wanted) if wanted else None
    if number is None:
        number = min((n for n in parts if n), default=0) if parts else 0
        kind, section = "report", None
    else:
        kind, section = ("section", number) if number else ("report", None)
    text, _ = snippet(parts.get(number, title), wanted)
    heading = STANDARD_SECTIONS.get(section, "") if section else ""
    return Hit(id=doc_id, kind=kind, section=section, section_title=heading, snippet=text, **common)
