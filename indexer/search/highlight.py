"""Snippets: report text escaped, exactly the matched words wrapped in <mark>.

Matches are the tokens the index itself produced (words and the dictionary
words inside them), so a mark never covers half a word or a word that only
happens to contain the query as characters across a word boundary. Spans
that touch or overlap are merged, so marks never nest or overlap.
"""
from __future__ import annotations

import html
import re

from indexer.search.analysis import terms, to_simplified

# jieba segments each run of these characters independently, so a run can be
# segmented alone and give the same words as the whole text.
_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
ELLIPSIS = "…"


def normal_text(text: str) -> str:
    """The text as the index sees it (simplified, lower case), same length."""
    return to_simplified(text).lower()


def candidate_spans(normal: str, words: set[str]) -> list[tuple[int, int]]:
    """Every place a word occurs as characters (a superset of the token matches)."""
    spans = []
    for word in words:
        start = normal.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = normal.find(word, start + 1)
    spans.sort()
    return spans


def match_spans(text: str, words: set[str], normal: str | None = None,
                within: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Merged, sorted (start, end) character spans of `words` as tokens of `text`.

    With `within`, only runs of text overlapping that range are segmented.
    """
    if not words or not text:
        return []
    normal = normal if normal is not None else normal_text(text)
    spans = []
    for run in _RUN.finditer(normal):
        if within and (run.end() <= within[0] or run.start() >= within[1]):
            continue
        chunk = run.group()
        if not any(w in chunk for w in words):
            continue
        for term in terms(chunk):
            if term.text in words:
                spans.append((run.start() + term.start, run.start() + term.end))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _window(spans, length: int, width: int) -> tuple[int, int]:
    """The `width`-character window holding the most spans, not cutting any."""
    if not spans:
        return 0, min(length, width)
    best, best_count = spans[0], -1
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + width)
        if count > best_count:
            best, best_count = spans[i], count
    begin = max(0, best[0] - width // 5)
    end = min(length, begin + width)
    for s, e in spans:  # never end inside a mark
        if s < end < e:
            end = e
    return begin, end


def snippet(text: str, words: set[str], width: int = 160) -> tuple[str, int]:
    """An HTML-safe snippet of `text` around its densest matches.

    Returns (html, number of marked spans in the snippet).
    """
    normal = normal_text(text)
    # Choose the window from plain occurrences, then segment only that window
    # to keep exactly the occurrences that are words of the index.
    candidates = candidate_spans(normal, words) if words else []
    begin, end = _window(candidates, len(text), width)
    spans = match_spans(text, words, normal, within=(begin, end))
    if candidates and not spans:  # occurrences there were not words: look everywhere
        spans = match_spans(text, words, normal)
        begin, end = _window(spans, len(text), width)
    parts = [ELLIPSIS] if begin > 0 else []
    cursor = begin
    for s, e in spans:
        if s < begin or e > end:
            continue
        parts.append(html.escape(text[cursor:s]))
        parts.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    if end < len(text):
        parts.append(ELLIPSIS)
    shown = sum(1 for s, e in spans if begin <= s and e <= end)
    return " ".join("".join(parts).split()), shown


def best_part(parts: dict[int, str], words: set[str]) -> int | None:
    """The key of the text in `parts` that matches the most distinct words, then most often."""
    best, best_key = (0, 0), None
    for key, text in parts.items():
        normal = normal_text(text)
        present = [w for w in words if w in normal]
        if not present:
            continue
        score = (len(present), sum(normal.count(w) for w in present))
        if score > best:
            best, best_key = score, key
    return best_key
