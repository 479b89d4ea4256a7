"""Groups of near-identical texts, in bulk: MinHash sketches, LSH bands, checked pairs.

`group_texts(texts)` puts together texts whose character 3-gram sets overlap
(Jaccard ≥ `SAME_JACCARD`), over hundreds of thousands of texts, without
comparing every pair, on whole arrays (numpy) rather than one text at a time
(datasketch's objects, one per text, cost more than the arithmetic):

1. each text's 3-grams are encoded exactly (three code points in one 64-bit
   key), hashed to 32 bits and kept once per text, sorted (`GramSets`);
   these sets answer the exact Jaccard check (`indexer.minhash`);
2. MinHash: `NUM_PERM` multiply-shift hash functions over each set, the
   minimum of each (`indexer.minhash.signatures`);
3. LSH: the sketch is cut into `BANDS` bands of `ROWS` values (datasketch's
   optimal choice for `LSH_THRESHOLD`); texts whose band is equal share a
   bucket. Not every pair of a bucket becomes a candidate: a bucket of a
   thousand variants of one boilerplate paragraph would give half a million.
   In the first round each member is paired with the bucket's first member
   and with its next `WALK_STEPS` neighbours, the bucket sorted by the
   following bands' values (neighbours agree on more of the sketch, so they
   are the likeliest pairs); each band walks the bucket in another order.
   Later rounds (at most `ROUNDS`, until one joins nothing) pair only across
   the groups found so far: the walk again, sorted by other values of the
   sketch, and a few members of each group per bucket, each with the next
   members of other groups (`CROSS_MEMBERS`, `CROSS_REACH`);
4. the candidate pairs of a round are taken most similar first (the share of
   equal sketch values), a pair whose texts are already in one group is
   skipped without a look, the others get the exact Jaccard check, and when
   it holds their groups are joined (union-find). Big families are joined
   by their closest pairs first, and nearly every later pair inside them is
   free. A pair is checked exactly once at most.

Deterministic: the same texts in the same order give the same groups.
A large list (`group_texts(..., procs=2)`, the build's copy pass at 100k
reports) is sketched half in a second process, and each round's bands are
walked half there: each text's sketch is its own and a round's candidates
are the union over its bands, so the groups are the same; the exact checks
(union-find, in order) stay in one process, but each step's sketch
agreements and exact Jaccards are worked out half there (`forked.Beside`):
each is a pair's own, so the joins are the same.
"""
from __future__ import annotations

import contextlib

import numpy as np

from indexer.minhash import (  # noqa: F401 (steps 1-2; tests and callers name them here)
    NUM_PERM, GramSets, _distinct_sorted, _mix, distinct, _permutations, gram_sets, jaccard, signatures)

#: LSH threshold (estimated Jaccard) for a candidate pair; candidates are then checked exactly.
LSH_THRESHOLD = 0.6
#: Two texts are "the same text" from this 3-gram Jaccard on.
SAME_JACCARD = 0.7
#: Pairs whose sketches agree on fewer values than this are not checked
#: (well below SAME_JACCARD, so a true pair is almost never lost: at 64
#: values the estimate's standard deviation is ≤ 0.06).
ESTIMATE_FLOOR = 0.5
#: Each member of a bucket is paired with the members this many places ahead on the band's walk.
WALK_STEPS = (1, 2, 3, 4)
#: A bucket is walked sorted by this many sketch values of the following bands.
SORT_COLUMNS = 12
#: Later rounds: members of each group kept per bucket, and how far along the bucket each looks.
CROSS_MEMBERS = 4
CROSS_REACH = 16
#: Rounds of cross-group pairs after the first (they stop early when one joins nothing).
ROUNDS = 6
#: LSH bands × values per band: datasketch's optimal (b, r) for LSH_THRESHOLD
#: and NUM_PERM (tests/test_copies_neardup.py checks that they still agree).
BANDS, ROWS = 10, 6

#: Candidate pairs checked per step.
_PAIR_STEP = 50_000
#: Fewer texts are sketched and banded in one process (a second one costs more than it saves).
_SPLIT_TEXTS = 20_000
#: Fewer pairs to check are checked in one process (sending them costs more than it saves).
_SPLIT_PAIRS = 512


def _band_keys(sketches: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit key per text for the band's `rows` sketch values (equal values, equal key)."""
    part = sketches[:, band * rows:(band + 1) * rows].astype(np.uint64)
    key = np.full(len(sketches), (band + 1) * 0x9E3779B97F4A7C15 % 2**64, dtype=np.uint64)
    for column in range(rows):
        key = (key ^ part[:, column]) * np.uint64(0x100000001B3)
        key ^= key >> np.uint64(29)
    return key


def _salted(values: np.ndarray, band: int) -> np.ndarray:
    return _mix(values.astype(np.uint64) * np.uint64(2 * band + 1) + np.uint64(band))


def _runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For sorted keys: (whether each equals the one before, the number of its run)."""
    same = np.concatenate(([False], sorted_keys[1:] == sorted_keys[:-1]))
    return same, np.cumsum(~same) - 1


def _codes(left: np.ndarray, right: np.ndarray, n: int, roots: np.ndarray | None = None) -> np.ndarray:
    """The pairs (left[k], right[k]) as codes `a * n + b`, a < b, self-pairs left
    out, and with `roots` pairs within a group too (8 bytes a pair from the
    start, and only the pairs a round keeps: a later round walks ~20 pairs a
    text per band, mostly inside the big groups)."""
    apart = left != right
    if roots is not None:
        apart &= roots[left] != roots[right]
    left, right = left[apart], right[apart]
    return np.minimum(left, right) * n + np.maximum(left, right)


def _walk(found: list, order: np.ndarray, bucket: np.ndarray, steps, n: int, roots: np.ndarray | None) -> None:
    """Pair each text with the ones `steps` places further in `order` within its bucket."""
    for step in steps:
        if len(order) > step:
            together = bucket[step:] == bucket[:-step]
            found.append(_codes(order[:-step][together], order[step:][together], n, roots))


def _walk_order(sketches: np.ndarray, keys: np.ndarray, columns: list[int], band: int,
                by_key: np.ndarray | None = None) -> np.ndarray:
    """Texts by bucket (`keys`), each bucket by the sketch values of `columns`,
    then by a salted text number, then by the number itself (`by_key`: the
    texts by key alone, a stable sort, when already made: `_BandKeys`).

    Only a bucket of more than len(WALK_STEPS) + 1 texts is sorted within:
    in a smaller one the walk and the first member pair every two texts
    whatever their order, so the pairs are those of the full order."""
    order = by_key.astype(np.int64) if by_key is not None else np.argsort(keys, kind="stable")
    _, bucket = _runs(keys[order])
    big = np.bincount(bucket)[bucket] > len(WALK_STEPS) + 1
    rows = order[big]
    if len(rows):
        # the big buckets keep their places (both orders are by key first); within each, the full order
        order[big] = rows[_refined(bucket[big], lambda at, c: (sketches[at, columns[c]] if c < len(columns)
                                                               else _salted(at, band)), rows, len(columns) + 1)]
    return order


def _refined(rank: np.ndarray, column, rows: np.ndarray, columns: int) -> np.ndarray:
    """The order of `rows` by (`rank`, column 0, …, column `columns` - 1, row
    number): `rank` a non-decreasing int64 (< 2³²) per row, `column(at, c)`
    the 32-bit values of column c for the rows `at`. The order `np.lexsort`
    gives of those keys, but each column is sorted only among the rows still
    tied after the ones before it, with their rank as one 64-bit key, by a
    stable sort (~8× faster than numpy's default argsort of 64-bit keys here,
    and `np.lexsort` sorts every row by every column)."""
    perm = np.arange(len(rows))
    live = perm.copy()  # places in `perm` still tied with a neighbour
    for c in range(columns + 1):
        at = rows[perm[live]]
        values = column(at, c) if c < columns else at
        key = (rank.astype(np.uint64) << np.uint64(32)) | values.astype(np.uint64)
        by = np.argsort(key, kind="stable")
        perm[live] = perm[live][by]
        same, run = _runs(key[by])
        tied = same.copy()
        tied[:-1] |= same[1:]
        if not tied.any():
            break
        live, rank = live[tied], run[tied]
    return perm


def _merge(held: list, found: list) -> None:
    """Fold the pairs of `found` (emptied) into the sorted distinct codes
    `held[0]`: a band's pairs are added as 8-byte codes before the next
    band's are made. At 100k reports the first round holds ~14 million
    codes, so the merge sorts in place and lets go of the old array before
    it makes the new one (two arrays of codes at a time, not four)."""
    if found:
        fresh = np.concatenate(found)
        found.clear()
        fresh.sort()
        fresh = _distinct_sorted(fresh)
        merged = np.concatenate([held.pop(), fresh])
        del fresh
        merged.sort(kind="stable")  # two sorted runs: timsort merges them
        held.append(_distinct_sorted(merged))


class _BandKeys:
    """Each LSH band's bucket key per text (`_band_keys`) and the texts in key
    order (a stable sort), made once per grouping: every round sorts the same
    buckets again, only the order within big buckets and the pairs kept change
    (at 100k reports two sorts of 362,065 keys a band and round, ~4 CPU-s).
    The orders as int32 (12 bytes a text and band in all: 43 MB at 100k)."""

    def __init__(self, sketches: np.ndarray):
        self.keys = [_band_keys(sketches, band, ROWS) for band in range(BANDS)]
        self.by_key = [np.argsort(keys, kind="stable").astype(np.int32) for keys in self.keys]


def candidate_pairs(sketches: np.ndarray, roots: np.ndarray | None = None, walk: int = 0, procs: int = 1,
                    banded: _BandKeys | None = None) -> np.ndarray:
    """Candidate pairs from the LSH bands, as sorted distinct codes `a * n + b`
    (int64, a < b: 8 bytes a pair; at 100k reports a round proposes millions).

    Without `roots` (the first round): each member of a bucket with the
    bucket's first member and its next WALK_STEPS neighbours on the band's
    walk. With `roots` (the groups found so far): pairs across groups only,
    from the walk (sorted by other sketch values, chosen by `walk`) and from
    up to CROSS_MEMBERS members of each group in a bucket, each with the
    CROSS_REACH next such members of other groups.

    With `procs` 2 the second half of the bands is walked in a second
    process (`forked.side_by_side`): the union of the pairs is the same.
    `banded`: the bands' keys and key orders, when already made (`_BandKeys`).
    """
    banded = banded if banded is not None else _BandKeys(sketches)
    if procs < 2 or len(sketches) < _SPLIT_TEXTS:
        return _band_pairs(sketches, roots, walk, range(BANDS), banded)
    from indexer.forked import side_by_side

    half = BANDS // 2
    (mine,), (theirs,) = side_by_side(lambda: (_band_pairs(sketches, roots, walk, range(half), banded),),
                                      lambda: (_band_pairs(sketches, roots, walk, range(half, BANDS), banded),))
    return _union(mine, theirs)


def _union(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The distinct values of two sorted arrays of distinct values, sorted: one
    linear merge of the two runs (timsort), no sort of either first."""
    merged = np.concatenate([first, second])
    del first, second
    merged.sort(kind="stable")
    return _distinct_sorted(merged)


def _band_pairs(sketches: np.ndarray, roots: np.ndarray | None, walk: int, bands: range,
                banded: _BandKeys) -> np.ndarray:
    """`candidate_pairs` of the LSH bands `bands` only."""
    n = len(sketches)
    rows = ROWS
    found: list = []
    held = [np.zeros(0, dtype=np.int64)]  # the codes so far (one array, replaced by each merge)
    for band in bands:
        keys, by_key = banded.keys[band], banded.by_key[band]
        # within a bucket, by the next bands' values: neighbours agree on more of them
        following = [(band * rows + rows * (1 + walk) + c) % NUM_PERM for c in range(SORT_COLUMNS)]
        order = _walk_order(sketches, keys, following, band, by_key)
        same, bucket = _runs(keys[order])
        if roots is None:
            first = order[np.flatnonzero(~same)[bucket]]
            found.append(_codes(first[same], order[same], n))
            steps = WALK_STEPS
        else:
            _walk(found, order, bucket, WALK_STEPS, n, roots)
            # each bucket by salted group, salted text number, number (np.lexsort's order)
            order = by_key.astype(np.int64)  # codes are a * n + b: 64 bits
            _, bucket = _runs(keys[order])
            order = order[_refined(bucket, lambda at, c: _salted(roots[at] if c == 0 else at, band), order, 2)]
            same, bucket = _runs(keys[order])
            crowded = np.bincount(bucket)[bucket] > 1
            order, same, bucket = order[crowded], same[crowded], bucket[crowded]
            group_same, group = _runs((bucket.astype(np.uint64) << np.uint64(32)) ^ roots[order].astype(np.uint64))
            rank = np.arange(len(order)) - np.flatnonzero(~group_same)[group]
            kept = rank < CROSS_MEMBERS
            order, bucket = order[kept], bucket[kept]
            steps = range(1, CROSS_REACH + 1)
        _walk(found, order, bucket, steps, n, roots)
        _merge(held, found)
    return held.pop()


class _Groups:
    """Union-find over text indices (the smallest index is a group's root),
    joined through checked pairs."""

    def __init__(self, grams: GramSets, sketches: np.ndarray, tally: dict, beside=None):
        self.grams, self.sketches, self.tally = grams, sketches, tally
        self.beside = beside  # a `forked.Beside` of `_checks(grams, sketches)`: the checks on two cores
        self.local = _checks(grams, sketches)
        self.parent = np.arange(len(sketches), dtype=np.int64)
        self.checked = np.zeros(0, dtype=np.int64)  # pair codes (a·n + b) already checked exactly, sorted

    def roots(self, items: np.ndarray) -> np.ndarray:
        found = self.parent[items]
        while True:
            up = self.parent[found]
            if np.array_equal(up, found):
                return found
            found = up

    def flatten(self) -> np.ndarray:
        return self.roots(np.arange(len(self.parent), dtype=np.int64))

    def _join_all(self, left: np.ndarray, right: np.ndarray) -> int:
        """Join the groups of each pair (left[k], right[k]), every text pointing
        at its root (`flatten`) before and after; returns how many joins were made.

        The same groups as joining the pairs one by one: each group's root is
        its smallest text, so the roots the pairs touch take the smallest root
        of their connected part (a minimum passed along the pairs, each root
        jumping to its root's root, until none changes)."""
        a, b = self.parent[left], self.parent[right]
        involved = distinct(np.concatenate([a, b]))
        a, b = np.searchsorted(involved, a), np.searchsorted(involved, b)
        label = involved.copy()
        while True:
            least = np.minimum(label[a], label[b])
            moved = label.copy()
            np.minimum.at(moved, a, least)
            np.minimum.at(moved, b, least)
            moved = moved[np.searchsorted(involved, moved)]  # one jump: a root's root
            if np.array_equal(moved, label):
                break
            label = moved
        self.parent[involved] = label
        self.parent = self.flatten()  # every later lookup one step deep
        return len(involved) - len(distinct(label))

    def _split(self, name: str, *arrays: np.ndarray) -> np.ndarray:
        if self.beside is not None and len(arrays[0]) >= _SPLIT_PAIRS:
            return self.beside.split(name, *arrays)
        return self.local[name](*arrays)

    def check(self, codes: np.ndarray) -> int:
        """Check the candidate pairs (`candidate_pairs` codes) most similar first,
        joining the groups of those whose texts are the same text; returns how
        many joins were made."""
        n = len(self.parent)
        proposed = len(codes)
        if len(self.checked):  # both sorted: a pair checked in an earlier round is not checked again
            at = np.minimum(np.searchsorted(self.checked, codes), len(self.checked) - 1)
            codes = codes[self.checked[at] != codes]
        agree = np.empty(len(codes), dtype=np.uint8)  # equal sketch values, out of NUM_PERM
        for start in range(0, len(codes), _PAIR_STEP):
            chunk = codes[start:start + _PAIR_STEP]
            agree[start:start + _PAIR_STEP] = self._split("agree", chunk)
        # most similar first, ties by code (codes are sorted): a stable sort of one byte
        # a pair (a radix sort, one pass) of the pairs at the floor or above
        floor = int(np.ceil(ESTIMATE_FLOOR * NUM_PERM))
        kept = agree >= floor
        codes = codes[kept][np.argsort(np.uint8(NUM_PERM) - agree[kept], kind="stable")]
        del agree, kept
        joined, done, step, start = 0, [], 1024, 0  # small steps first: early joins make most later pairs free
        while start < len(codes):
            chunk_codes = codes[start:start + step]
            start += len(chunk_codes)
            step = min(step * 2, _PAIR_STEP)
            left, right = chunk_codes // n, chunk_codes % n
            apart = self.roots(left) != self.roots(right)
            if not apart.any():
                continue
            left, right = left[apart], right[apart]
            done.append(chunk_codes[apart])
            similar = self._split("same", left, right)
            if similar.any():
                joined += self._join_all(left[similar], right[similar])
        if done:
            self.checked = distinct(np.concatenate([self.checked, distinct(np.concatenate(done))]), runs=True)
        self.tally["candidate_pairs"] = self.tally.get("candidate_pairs", 0) + int(proposed)
        self.tally["exact_checks"] = len(self.checked)
        self.tally["joins"] = self.tally.get("joins", 0) + joined
        return joined


def group_texts(texts: list[str], stats: dict | None = None, procs: int = 1) -> list[int]:
    """For distinct `texts`, the index of each one's group of near-identical
    texts (the smallest index in the group). `stats`, when given, receives
    the counts (candidate pairs, exact checks, joins, rounds). With `procs`
    2 the sketching and the LSH bands are shared with a second process
    (`indexer.forked.side_by_side`): the same groups."""
    n = len(texts)
    tally = stats if stats is not None else {}
    if n < 2:
        return list(range(n))
    grams, sketches = _sketched(texts, procs)
    with contextlib.ExitStack() as stack:
        beside = None
        if procs >= 2 and n >= _SPLIT_TEXTS:
            from indexer.forked import Beside

            beside = stack.enter_context(Beside(**_checks(grams, sketches)))
        groups = _Groups(grams, sketches, tally, beside)
        banded = _BandKeys(sketches)  # before any fork: a second process walks them too
        groups.check(candidate_pairs(sketches, procs=procs, banded=banded))
        tally["rounds"] = 1
        for walk in range(1, ROUNDS + 1):
            tally["rounds"] += 1
            if not groups.check(candidate_pairs(sketches, groups.flatten(), walk, procs, banded)):
                break
    return groups.flatten().tolist()


def _checks(grams: GramSets, sketches: np.ndarray) -> dict:
    """The checks of candidate pairs, each pair's own: "agree", for pair
    codes, how many sketch values the two texts share (of NUM_PERM);
    "same", for pairs (left[k], right[k]), whether their gram sets'
    Jaccard is ≥ SAME_JACCARD (the exact check)."""
    n = len(sketches)
    return {"agree": lambda codes: _agreements(sketches[codes // n] == sketches[codes % n]),
            "same": lambda left, right: jaccard(grams, left, right) >= SAME_JACCARD}


def _agreements(equal: np.ndarray) -> np.ndarray:
    """The True values of each row of a boolean matrix (NUM_PERM columns), as
    uint8: its bytes summed eight at a time as 64-bit words (each byte lane
    then counts at most NUM_PERM / 8), the lanes added by one multiply
    (3× faster than a boolean sum, which widens every value)."""
    if NUM_PERM % 8 or NUM_PERM > 255:
        return equal.sum(axis=1).astype(np.uint8)
    lanes = np.ascontiguousarray(equal).view(np.uint64).reshape(len(equal), -1).sum(axis=1, dtype=np.uint64)
    return ((lanes * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.uint8)


def _sketched(texts: list[str], procs: int) -> tuple[GramSets, np.ndarray]:
    """`gram_sets` and `signatures` of `texts`; with `procs` 2, the second
    half of the texts in a second process (each text's sets and sketch are
    its own: the same arrays)."""
    if procs < 2 or len(texts) < _SPLIT_TEXTS:
        grams = gram_sets(texts)
        return grams, signatures(grams)
    from indexer.forked import side_by_side

    def sketch(part: list[str]) -> tuple[np.ndarray, ...]:
        grams = gram_sets(part)
        return grams.values, grams.offsets, signatures(grams)

    half = len(texts) // 2
    first, second = side_by_side(lambda: sketch(texts[:half]), lambda: sketch(texts[half:]))
    values = np.concatenate([first[0], second[0]])
    offsets = np.concatenate([first[1], second[1][1:] + first[1][-1]])
    sketches = np.concatenate([first[2], second[2]])
    return GramSets(values, offsets), sketches
