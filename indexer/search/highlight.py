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

from indexer.search.exact import fold, occurrences

ELLIPSIS = "…"
#: Occurrences considered per text: enough to place the window, bounded.
MAX_SPANS = 2000
#: Characters of a text looked at for its snippet and best part.
SCAN_LIMIT = 20_000


def _window(spans, length: int, width: int) -> tuple[int, int]:
    """The `width`-character window holding the most spans, never cutting one (linear)."""
    if not spans:
        return 0, min(length, width)
    best_start, best_count = 0, 0
    j = 0
    for i, (start, _) in enumerate(spans):
        if j < i:
            j = i
        while j < len(spans) and spans[j][1] <= start + width:
            j += 1
        if j - i > best_count:
            best_start, best_count = i, j - i
    first = spans[best_start][0]
    begin = max(0, first - width // 5)
    end = min(length, begin + width)
    for s, e in spans[best_start:best_start + best_count + 1]:  # never end inside a mark
        if s < end < e:
            end = min(e, begin + 2 * width)
    return begin, end


def snippet(text: str, needles, width: int = 160) -> tuple[str, int]:
    """An HTML-safe snippet of `text` around its densest matches of `needles`.

    Returns (html, number of marked spans in the snippet).
    """
    full_length = len(text or "")
    text = (text or "")[:SCAN_LIMIT]
    spans = occurrences(text, list(needles), MAX_SPANS) if needles else []
    begin, end = _window(spans, len(text), width)
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
    """The key of the text in `parts` holding the most distinct needles, then the most matches."""
    best, best_key = (0, 0), None
    for key, text in parts.items():
        folded = fold(text[:SCAN_LIMIT])
        present = counted = 0
        for item in needles:
            found = sum(1 for _ in zip(range(MAX_SPANS), item.pattern().finditer(folded)))
            if found:
                present += 1
                counted += found
        if (present, counted) > best:
            best, best_key = (present, counted), key
    return best_key


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
