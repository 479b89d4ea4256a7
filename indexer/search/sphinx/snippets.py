"""Highlights from Sphinx's own `CALL SNIPPETS`, mapped back onto the original text.

Sphinx stores no text, so the text is sent in as it was indexed
(`matching.index_text`, the same length as the original), so that traditional or full-width forms highlight
like the index matched them. Sphinx marks the passages with private-use
characters; each passage is found again in the folded text and cut from the
original at the same offsets, escaped, with <mark> where Sphinx marked.
"""
from __future__ import annotations

import html

from indexer.search.sphinx.conf import TOKENIZER_INDEX
from indexer.search.sphinx.matching import index_offsets, index_text

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
        [index_text(t) for t in texts] + [TOKENIZER_INDEX, query, _OPEN, _CLOSE, _CUT, width])
    return [row[0] for row in cursor.fetchall()]


def marks(excerpt: str) -> int:
    return excerpt.count(_OPEN)


def render(original: str, excerpt: str) -> str:
    """The excerpt as HTML over the original text: escaped, marks as <mark>, cuts as …."""
    indexed, origin = index_text(original), index_offsets(original)
    out, cursor, shown_to = [], 0, 0
    passages = [p for p in excerpt.split(_CUT) if p.replace(_OPEN, "").replace(_CLOSE, "").strip(" _")]
    for passage in passages:
        passage = passage.strip()
        plain = passage.replace(_OPEN, "").replace(_CLOSE, "")
        start = indexed.find(plain, cursor)
        if start < 0:
            start = indexed.find(plain)
        if start < 0:  # not found again: show Sphinx's passage as it is
            out.append(_escape_marked(passage))
            continue
        if origin[start] > shown_to or (not out and origin[start] > 0):
            out.append(ELLIPSIS)
        text, shown_to = _over(original, origin, start, passage)
        out.append(_escape_marked(text))
        cursor = start + len(plain)
    if out and shown_to < len(original.rstrip()):
        out.append(ELLIPSIS)
    return " ".join("".join(out).split())


def _over(original: str, origin: list[int], start: int, marked: str) -> tuple[str, int]:
    """`marked` (a passage of the indexed text, with marks) in `original`'s characters; and where it ends there.

    Each indexed character stands for the original characters up to the next
    one's origin: a separator run (" _ " in the index) shows as written.
    """
    chars, at, shown_to = [], start, origin[start] if start < len(origin) else len(original)
    for char in marked:
        if char in (_OPEN, _CLOSE):
            chars.append(char)
            continue
        if at < len(origin):
            shown_to = origin[at + 1] if at + 1 < len(origin) else len(original)
            chars.append(original[origin[at]:shown_to])
        at += 1
    return "".join(chars), shown_to


def _escape_marked(text: str) -> str:
    return html.escape(text).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
