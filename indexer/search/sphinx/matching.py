"""Exact matching on Sphinx: report text -> the tokens Sphinx indexes, a parsed query -> MATCH().

The matching is the embedded index's (`indexer.search.exact`), not an
approximation of it: the same folding (`exact.fold`), the same runs of word
characters, the same separators. A text is a sequence of *units*: each word
character, and one unit (`SEPARATOR`) for each stretch of spaces and
punctuation between two runs. Each unit is indexed as one token, the *pair*
of itself and the next unit (the last unit of a field pairs with a
separator), so every unit is the first of exactly one token, at its own
position. A needle of n >= 2 units is then the phrase of its n - 1 pairs (a
contiguous run, separators matching separators); a needle of one character
is every pair that starts with it (a prefix query). That is issue 10's gram
field, written as Sphinx tokens.

Why pairs, not Sphinx's `ngram_len = 1`: one token per character makes
every common character a posting list of millions of positions, and every
phrase, and each facet that repeats it, walks them all (bench/SCALE.md: 2.5
s a page at 20k). A pair is hundreds of times rarer than its characters.

Each unit is spelled as four base-36 digits of its code point (a separator
is `0000`), so a token is eight characters of [0-9a-z], whatever the script:
the tokenizer needs no list of Unicode ranges, and a one-character prefix
(`xxxx*`) can never match a token that merely begins with the same digits.

The query tree comes from `indexer.search.query.parse_query`, so both
backends accept and refuse the same queries. Sphinx's syntax has no NOT
on its own (`-x` only subtracts from what the terms before it match), so a
negation inside OR (`政务 OR NOT 网站`) is written as every document
(`EVERY`, one token each holds in its own field) minus what it negates:
`政务 | (@every EVERY -(@(fields) 网站))`.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq

from indexer.errors import QueryError
from indexer.search.exact import WORD_RUN, Needle, fold
from indexer.search.query import needle_of
from indexer.search.sphinx.conf import EVERY_FIELD, TEXT_FIELDS

#: The unit standing for a stretch of separators between two runs (code point 0, never a word character).
SEPARATOR = "\x00"
#: The token every document holds in `conf.EVERY_FIELD`: "zzzz" is 36**4 - 1, above any code point, so no
#: pair token is ever spelled so, and no needle's prefix reaches it.
EVERY = "zzzzzzzz"
_DIGITS = np.frombuffer(b"0123456789abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
_PLACES = np.array([36 ** 3, 36 ** 2, 36, 1], dtype=np.int64)


def _spelled(codes: np.ndarray) -> np.ndarray:
    """Each code point as four base-36 digits (ASCII bytes), one row per code."""
    return _DIGITS[(codes[:, None] // _PLACES) % 36]


def units(text: str) -> np.ndarray:
    """The code points of `text`'s units: its folded word characters, 0 for each separator run between two."""
    runs = WORD_RUN.findall(fold(text or ""))
    if not runs:
        return np.empty(0, dtype=np.int64)
    return np.frombuffer(SEPARATOR.join(runs).encode("utf-32-le"), dtype="<u4").astype(np.int64)


def index_text(text: str) -> str:
    """`text` as written to Sphinx: one pair token per unit, separated by spaces."""
    codes = units(text)
    if not len(codes):
        return ""
    spelled = _spelled(codes)
    rows = np.empty((len(codes), 9), dtype=np.uint8)
    rows[:, :4] = spelled
    rows[:-1, 4:8] = spelled[1:]
    rows[-1, 4:8] = _spelled(np.zeros(1, dtype=np.int64))[0]
    rows[:, 8] = ord(" ")
    return rows.tobytes().decode("ascii")


def needle_expression(item: Needle) -> str:
    """One needle as a Sphinx expression: a prefix (one character), a pair, or a phrase of pairs."""
    codes = np.frombuffer(SEPARATOR.join(item.runs).encode("utf-32-le"), dtype="<u4").astype(np.int64)
    spelled = _spelled(codes).tobytes().decode("ascii")
    if len(codes) == 1:
        return spelled + "*"
    pairs = [spelled[4 * i:4 * i + 8] for i in range(len(codes) - 1)]
    return pairs[0] if len(pairs) == 1 else '"' + " ".join(pairs) + '"'


def compile_query(parsed, fields: tuple[str, ...] = TEXT_FIELDS) -> str:
    """A parsed query (`indexer.search.query.parse_query`) as a MATCH() expression over `fields`
    (the caller puts the whole under `@(fields)`); raises QueryError."""

    limit = f"@({','.join(fields)})"

    def every_but(negative: str) -> str:  # NOT x on its own: every document but those matching x
        return f"(@{EVERY_FIELD} {EVERY} -({limit} {negative[1:]}))"

    def expression(node) -> str:
        item = needle_of(node)
        if item is not None:
            return needle_expression(item)
        if isinstance(node, wq.And):
            parts = [expression(q) for q in node.subqueries]
            if all(p.startswith("-") for p in parts):  # NOT a NOT b: NOT (a OR b), for the parent to place
                return "-(" + " | ".join(p[1:] for p in parts) + ")"
            return "(" + " ".join(parts) + ")"
        if isinstance(node, wq.Or):
            return "(" + " | ".join(every_but(p) if p.startswith("-") else p for p in map(expression, node.subqueries)) + ")"
        if isinstance(node, wq.Not):
            return "-" + expression(node.query)
        if isinstance(node, wq.AndNot):
            return f"({expression(node.a)} -{expression(node.b)})"
        if isinstance(node, wq.AndMaybe):
            return expression(node.a)
        raise QueryError("无法理解这个查询（cannot compile query for the search cluster）")

    compiled = expression(parsed)
    if compiled.startswith("-"):  # parse_query refuses these first; never send Sphinx a bare NOT
        raise QueryError("只有 NOT 的查询无法执行：请再加一个要找的词（NOT needs something to search for）")
    return compiled
