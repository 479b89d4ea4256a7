"""Where divisions are written in a text, found with numpy rather than a Python step per character.

`mentioned` counts the divisions of rank county or wider that a text writes
(the context an organ's place is read against, `indexer.places.locate`);
`PairTable` and `pair_positions` find every place a name from a set can
start, by its first two characters, and serve the parser's name finders too.
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

import numpy as np

from indexer.places.divisions import Division, divisions

#: how far into a text place names are counted
TEXT_WINDOW = 4000


def current(d: Division) -> Division:
    """A renamed division's successor (梅县 → 梅县区); others as they are."""
    if d.successor:
        return divisions().by_code.get(d.successor, d)
    return d


def mentioned(text: str) -> Counter:
    """How often each division of rank county or wider (3+ characters, or a
    two-character 县 such as 泾县) is written in `text`, by code.

    Read left to right, the longest name at each place, going on after it."""
    return Counter(_mentioned(divisions(), text[:TEXT_WINDOW]))


@functools.lru_cache(maxsize=32)
def _mentioned(table, text: str) -> Counter:
    # a report's context is read for several organs (its own, its signer's,
    # a superior's): each window once; callers get a copy
    counts: Counter = Counter()
    s = "".join(text.split())  # what _SPACES.sub("", text) gives (both cut at str.isspace), faster
    wide, (sizes, starts_table) = table.wide, _wide_sizes(table)
    starts = pair_positions(s, starts_table)
    free = 0
    for i in starts:
        if i < free:
            continue
        for size in sizes[s[i:i + 2]]:
            found = wide.get(s[i:i + size]) if i + size <= len(s) else None
            if found:
                for d in found:
                    counts[current(d).code] += 1
                free = i + size
                break
    return counts


@dataclass(frozen=True)
class PairTable:
    """Two-character strings as a table `pair_positions` looks pairs up in:
    each character that starts (ends) one numbered from 1 (0: none), and a
    table of booleans by (first number, second number).

    `numbers` gives every code point below U+10000, and one place past them
    for all others, both its numbers at once (first number << 16 | second
    number): one gather from one table a text, and one flat lookup in
    `pairs`, with no test for code points beyond the numbered ones. (One
    table, not one a number: in a parse the tables are out of the cache, and
    a text's characters then cost one miss each, not two.)"""

    first: np.ndarray  # code point -> number of the character as a first character
    second: np.ndarray  # code point -> number as a second character
    pairs: np.ndarray  # bool [first number, second number]
    numbers: np.ndarray  # uint32, code point (≤ BEYOND) -> first number << 16 | second number


#: Where every code point from U+10000 on is looked up (numbered 0: none).
BEYOND = 0x10000


def pair_table(starts) -> PairTable:
    """The `PairTable` of the two-character strings among `starts`."""
    starts = sorted({start for start in starts if len(start) == 2})
    firsts = {c: n for n, c in enumerate(sorted({p[0] for p in starts}), 1)}
    seconds = {c: n for n, c in enumerate(sorted({p[1] for p in starts}), 1)}
    size = max((ord(c) for c in (*firsts, *seconds)), default=0) + 1
    first, second = np.zeros(size, dtype=np.int32), np.zeros(size, dtype=np.int32)
    first[[ord(c) for c in firsts]] = list(firsts.values())
    second[[ord(c) for c in seconds]] = list(seconds.values())
    pairs = np.zeros((len(firsts) + 1, len(seconds) + 1), dtype=bool)
    for p in starts:
        pairs[firsts[p[0]], seconds[p[1]]] = True
    numbers = np.zeros(BEYOND + 1, dtype=np.uint32)
    reach = min(size, BEYOND)  # (a table with a pair beyond the BMP is read with first and second)
    if max(len(firsts), len(seconds)) >= 1 << 16:
        raise ValueError("a PairTable numbers at most 65,535 first and 65,535 second characters")
    numbers[:reach] = (first[:reach].astype(np.uint32) << 16) | second[:reach].astype(np.uint32)
    return PairTable(first, second, pairs, numbers)


def pair_positions(s: str, table: PairTable) -> list[int]:
    """Every i (ascending) where s[i:i + 2] is one of the table's pairs
    (`pair_table`): where a name can start, found with numpy, not a Python
    step per character."""
    if len(s) < 2:
        return []
    codes = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if len(table.first) > BEYOND:
        # a pair with a character beyond the BMP (never a place name): the full tables
        codes = np.where(codes < len(table.first), codes, 0)
        return np.flatnonzero(table.pairs[table.first[codes[:-1]], table.second[codes[1:]]]).tolist()
    # `take` with mode="clip" reads every code point from BEYOND on at BEYOND
    # (numbers 0, none), what np.minimum(codes, BEYOND) then indexing gave, in one step
    numbers = table.numbers.take(codes, mode="clip")
    at = numbers[:-1] >> 16  # each character's first number …
    at *= table.pairs.shape[1]  # … as its row in pairs.ravel() …
    at += numbers[1:] & 0xFFFF  # … and the next one's second number, its column
    return np.flatnonzero(table.pairs.ravel().take(at)).tolist()


def wide_starts_table(table) -> PairTable:
    """The `PairTable` of the wide names' first two characters (`Divisions.wide_starts`)."""
    return _wide_sizes(table)[1]


@functools.lru_cache(maxsize=4)
def _wide_sizes(table) -> tuple[dict[str, tuple[int, ...]], PairTable]:
    """The lengths of the wide names (`Divisions.wide`) by their first two
    characters, longest first (the only lengths worth looking up there), and
    those first two characters as a `PairTable`."""
    sizes: dict[str, set[int]] = {}
    for name in table.wide:
        if len(name) >= 2:
            sizes.setdefault(name[:2], set()).add(len(name))
    return {start: tuple(sorted(found, reverse=True)) for start, found in sizes.items()}, pair_table(sizes)
