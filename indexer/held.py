"""Statements held whole in longer statements, in bulk: the copy pass's containment step.

A short statement copied into a longer one that adds its own sentences
(未运用动画、音频、视频、H5等形式开展解读 inside a four-sentence statement about
解读) shares too little of the longer text for the grouping by Jaccard
(`indexer.neardup`) to see it. `held_pairs(texts)` finds every pair of
distinct normalised texts where the shorter is held in the longer as
`indexer.sametext.held_in` has it (SAME_CONTAINMENT of its 4-character
shingles, HELD_CHARS characters, long enough to be a copy), without
comparing every pair:

1. each text's 4-character shingles become 64-bit keys (four code points of
   16 bits; a character beyond the basic plane may share a key with another:
   every candidate pair is checked on the texts themselves);
2. a holder misses at most `missing` of the short text's shingles
   (1 - SAME_CONTAINMENT of them), so it holds at least `n - missing` of the
   short text's `n` rarest ones (prefix filtering, with 2 * missing + 2 of
   them, fewer when the commoner ones are in more than PREFIX_POSTINGS
   texts): a text whose `missing + 1` rarest shingles are its own alone (most
   texts) has no holder, and the others' candidates are the texts holding
   enough of their rarest shingles;
3. a text whose rarest shingle is in more than STOCK_POSTINGS texts is made
   of stock wording only (every 4-character piece of it is common): it has no
   candidates; nor has one held in `stock_after` longer texts (then listed
   as stock);
4. each candidate pair is checked as `held_in` checks it.

Pure and deterministic: the same texts in the same order give the same pairs.
"""
from __future__ import annotations

import math
from typing import Iterator

import numpy as np

from indexer.sametext import (HELD_CHARS, HOLDS_EXTRA, SAME_CONTAINMENT, SHINGLE, is_copy, long_enough, rewritten,
                              shingle_set, shingles_held)

#: A short text whose rarest shingle is in more texts than this is stock wording, not a copy.
STOCK_POSTINGS = 200
#: The copy pass compares a statement without its topic words and hedges
#: (`sametext.core`): a core this long is held like a statement of HELD_CHARS.
#: (bench/out/recall-corpus: 12 adds one copy, 对…主动性和及时性的意识仍需进一步加强 of
#: another organ; 10 adds a note file's line and 现有制度落实不够到位.)
HELD_CORE = 12
#: Shingles in more texts than this are left out of a text's prefix once it is long enough.
PREFIX_POSTINGS = 2_000
#: `edited_pairs`: an edited copy keeps at least this share of the shorter text's shingles.
EDITED_CONTAINMENT = 0.6
#: A text that many others hold that much of is stock wording or a template's piece, not
#: one organ's text edited (the recall archive's most: 6; a synthetic archive's: hundreds).
EDITED_MOST = 10
#: ... nor is one whose rarest shingles (the `missing + 1` one of which each candidate
#: holds) are in more than this many texts together (the recall archive's copies: ≤ 30).
EDITED_POSTINGS = 100


def _shingle_keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(key, text number) of every distinct shingle of every text, sorted by key then text."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if not len(texts) or lengths.max(initial=0) < SHINGLE:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) & np.uint64(0xFFFF)
    owner = np.repeat(np.arange(len(texts)), lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    n = len(codes) - SHINGLE + 1
    keys = np.zeros(n, dtype=np.uint64)
    for offset in range(SHINGLE):
        keys = (keys << np.uint64(16)) | codes[offset:offset + n]
    # a shingle must lie inside one text
    within = (np.arange(n) - starts[owner[:n]]) <= lengths[owner[:n]] - SHINGLE
    keys, owner = keys[within], owner[:n][within]
    order = np.lexsort((owner, keys))
    keys, owner = keys[order], owner[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])
    return keys[first], owner[first]


def held_pairs(texts: list[str], stock_after: int = 0,
               min_chars: int = HELD_CHARS) -> tuple[list[tuple[int, int]], list[int]]:
    """Pairs (short, long) of indexes into distinct normalised `texts` where the
    short text, `min_chars` characters or more, is held whole in the long one
    (`sametext.held_in`), in index order; and, with `stock_after`, the short
    texts held in that many longer texts or more (stock wording: their pairs
    are not listed)."""
    found, stock = [], []
    for short, others in _candidates(texts, SAME_CONTAINMENT, min_chars):
        others = [long_ for long_ in others if len(texts[long_]) > len(texts[short])]
        shingles = shingle_set(texts[short])
        holders = [long_ for long_ in others if shingles_held(shingles, texts[long_])]
        if stock_after and len(holders) >= stock_after:
            stock.append(short)
        else:
            found += [(short, long_) for long_ in holders]
    return sorted(found), stock


def edited_pairs(texts: list[str], min_chars: int = HELD_CHARS) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Copies of distinct normalised `texts` with a few characters changed, which
    neither the grouping by Jaccard nor `held_pairs` sees: (a, b) index pairs,
    the shorter first, of texts sharing EDITED_CONTAINMENT of the shorter's
    shingles that are

    * the same text edited (`sametext.is_copy`: nearly the same bigrams or
      character sequence: 兄弟 / 造成 put in, 办公室 for 综合科), or
    * an edited copy of the shorter with words of the longer's own
      (`sametext.rewritten`, the longer HOLDS_EXTRA characters longer or more);

    returned as (same, held) lists, each sorted. Pairs `held_pairs` finds are
    not repeated here."""
    same, held = [], []
    for short, others in _candidates(texts, EDITED_CONTAINMENT, min_chars, most=EDITED_POSTINGS):
        if len(others) > EDITED_MOST:
            continue  # most of it is in many texts: stock wording or a template's piece
        a = texts[short]
        shingles = shingle_set(a)
        for other in others:
            b = texts[other]
            if len(shingles.intersection(shingle_set(b))) < EDITED_CONTAINMENT * len(shingles):
                continue  # the prefix filter's candidates hold enough of its rarest shingles only
            if len(b) == len(a) and other < short:
                continue  # met from the other side
            if len(b) > len(a) and shingles_held(shingles, b):
                continue  # held whole: `held_pairs`
            if is_copy(a, b, min_chars):
                same.append((short, other))
            elif len(b) - len(a) >= HOLDS_EXTRA and rewritten(a, b):
                held.append((short, other))
    return sorted(same), sorted(held)


def _candidates(texts: list[str], least: float, min_chars: int,
                most: int | None = None) -> Iterator[tuple[int, list[int]]]:
    """(short, [texts at least as long holding `least` of its shingles, maybe]) for each
    text of `min_chars` or more that is long enough to be a copy and not stock
    wording: the candidates of prefix filtering, to be checked on the texts.
    With `most`, a text is skipped when the rarest shingles one of which every
    candidate holds are in more than `most` texts together (common wording:
    the candidates would be many, and costly to find)."""
    keys, owner = _shingle_keys(texts)
    if not len(keys):
        return
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    postings = np.diff(np.append(starts, len(keys)))  # texts per distinct key
    key_of = np.repeat(np.arange(len(starts)), postings)  # each (key, text) row's key number
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    # each eligible text's shingles, rarest first
    rows = np.flatnonzero(lengths[owner] >= min_chars)
    rows = rows[np.lexsort((keys[rows], postings[key_of[rows]], owner[rows]))]
    if not len(rows):
        return
    text_of = owner[rows]
    bounds = np.flatnonzero(np.concatenate(([True], text_of[1:] != text_of[:-1])))
    counts = np.diff(np.append(bounds, len(rows)))
    # a text whose `missing + 1` rarest shingles are its own alone has no holder (most texts)
    shared = postings[key_of[rows[bounds + counts - np.ceil(least * counts).astype(np.int64)]]] > 1
    for begin, count in zip(bounds[shared].tolist(), counts[shared].tolist()):
        short = int(text_of[begin])
        chosen = key_of[rows[begin:begin + count]]
        if postings[chosen[0]] > STOCK_POSTINGS or not long_enough((texts[short], texts[short])):
            continue
        # a holder misses at most `missing` of the short text's shingles, so it holds
        # at least `len(prefix) - missing` of its rarest ones (2 * missing + 2 of them, as
        # far as their postings stay short; at least missing + 1)
        missing = count - math.ceil(least * count)
        if most is not None and postings[chosen[:missing + 1]].sum() > most:
            continue
        prefix = chosen[:min(count, 2 * missing + 2)]
        wide = np.flatnonzero(postings[prefix] > PREFIX_POSTINGS)
        if len(wide) and wide[0] >= missing + 1:
            prefix = prefix[:wide[0]]
        elif len(wide):
            prefix = prefix[:missing + 1]
        others, held = np.unique(np.concatenate([owner[starts[k]:starts[k] + postings[k]] for k in prefix.tolist()]),
                                 return_counts=True)
        others = others[(held >= len(prefix) - missing) & (lengths[others] >= lengths[short]) & (others != short)]
        yield short, others.tolist()


def merge_groups(roots: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    """`roots` (each text's group, as the number of one of its texts) with the
    groups of each pair of texts made one, numbered by the smallest root."""
    parent = {}

    def find(g: int) -> int:
        while parent.get(g, g) != g:
            g = parent[g]
        return g

    for a, b in pairs:
        ra, rb = find(int(roots[a])), find(int(roots[b]))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    if not parent:
        return roots
    lookup = {g: find(g) for g in parent}
    return np.fromiter((lookup.get(g, g) for g in roots.tolist()), dtype=roots.dtype, count=len(roots))
