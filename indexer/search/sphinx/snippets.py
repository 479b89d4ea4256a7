"""Highlights from Sphinx's own `CALL SNIPPETS`, mapped back onto the original text.

Sphinx stores no text, so the text is sent in: folded (`matching.fold`, same
length as the original), so that traditional or full-width forms highlight
like the index matched them. Sphinx marks the passages with private-use
characters; each passage is found again in the folded text and cut from the
original at the same offsets, escaped, with <mark> where Sphinx marked.
"""
from __future__ import annotations

import html

from indexer.search.sphinx.conf import TOKENIZER_INDEX
from indexer.search.sphinx.matching import fold

WIDTH = 160
ELLIPSIS = "…"
_OPEN, _CLOSE, _CUT = "\ue000", "\ue001", "\ue002"


def plain_snippet(text: str, width: int = WIDTH) -> str:
    """The beginning of `text`, escaped: what a hit shows when nothing is marked."""
    shown = html.escape(text[:width]) + (ELLIPSIS if len(text) > width else "")
    return " ".join(shown.split())


def call_snippets(cursor, texts: list[str], query: str, width: int = WIDTH) -> list[str]:
    """Sphinx's excerpts of the folded `texts` for `query` (marked with private-use characters)."""
    if not texts:
        return []
    placeholders = ", ".join(["%s"] * len(texts))
    cursor.execute(
        f"CALL SNIPPETS(({placeholders}), %s, %s, %s AS before_match, %s AS after_match, %s AS chunk_separator, "
        f"%s AS limit, 1 AS query_mode, 0 AS allow_empty, 24 AS around)",
        [fold(t) for t in texts] + [TOKENIZER_INDEX, query, _OPEN, _CLOSE, _CUT, width])
    return [row[0] for row in cursor.fetchall()]


def marks(excerpt: str) -> int:
    return excerpt.count(_OPEN)


def render(original: str, excerpt: str) -> str:
    """The excerpt as HTML over the original text: escaped, marks as <mark>, cuts as …."""
    folded = fold(original)
    out, cursor = [], 0
    passages = [p for p in excerpt.split(_CUT) if p.strip(" .\u2026")]
    for passage in passages:
        plain = passage.replace(_OPEN, "").replace(_CLOSE, "").strip()
        start = folded.find(plain, cursor) if plain else -1
        if start < 0:
            start = folded.find(plain)
        if start < 0:  # not found again (Sphinx changed spacing): show Sphinx's passage as it is
            out.append(_escape_marked(passage.strip()))
            continue
        if start > 0 and not out or out and start > cursor:
            out.append(ELLIPSIS)
        out.append(_escape_marked(_over(original, start, passage.strip())))
        cursor = start + len(plain)
    if out and cursor < len(original.rstrip()):
        out.append(ELLIPSIS)
    return " ".join("".join(out).split())


def _over(original: str, start: int, marked: str) -> str:
    """`marked` (a folded passage with marks) with its characters taken from `original` at `start`."""
    chars, at = [], start
    for char in marked:
        if char in (_OPEN, _CLOSE):
            chars.append(char)
        else:
            chars.append(original[at] if at < len(original) else char)
            at += 1
    return "".join(chars)


def _escape_marked(text: str) -> str:
    return html.escape(text).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
