"""Step 1-2 of `indexer.neardup`: each text's character 3-gram set and its MinHash sketch.

* `gram_sets(texts)`: each text's 3-grams encoded exactly (three code points
  in one 64-bit key), hashed to 32 bits and kept once per text, sorted
  (`GramSets`); these sets answer the exact Jaccard check (`jaccard`);
* `signatures(grams)`: `NUM_PERM` multiply-shift hash functions over each
  set, the minimum of each.

Whole arrays at a time (numpy), bounded temporary memory, deterministic (a
fixed seed): the same texts give the same sets and sketches.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NUM_PERM = 64
SHINGLE = 3
SEED = 1

_MAX_HASH = np.uint64((1 << 32) - 1)
#: Characters encoded per chunk (bounds the temporary arrays: ~50 bytes a character). Small enough
#: that a chunk's arrays stay in the CPU's caches: at 100k reports 100,000 takes 30 % less CPU than 2 M.
_CHUNK_CHARS = 100_000
#: Pairs whose gram sets are intersected at a time (their grams, ~0.5 MB a side, stay in the
#: caches: 30 % less CPU than 50,000 pairs at a time).
_JACCARD_PAIRS = 4096
#: Grams hashed per step of the sketching (a step holds grams × NUM_PERM × 8 bytes: 4 MB, in the
#: caches; 100,000 grams, 51 MB a step, took 2.5–3× the CPU at 100k reports).
_SKETCH_GRAMS = 8_192


@dataclass
class GramSets:
    """Each text's distinct 3-gram hashes, sorted: `values[offsets[i]:offsets[i + 1]]`."""

    values: np.ndarray  # uint32
    offsets: np.ndarray  # int64, len(texts) + 1

    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)


def _mix(keys: np.ndarray) -> np.ndarray:
    """64-bit keys -> well-spread 32-bit hashes (the splitmix64 finaliser, high half)."""
    x = keys.copy()
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x >> np.uint64(32)).astype(np.uint32)


def distinct(values: np.ndarray, runs: bool = False) -> np.ndarray:
    """The distinct values, sorted (np.unique and np.union1d take a much slower
    hashing path). With `runs`, `values` are a few sorted runs end to end,
    which the stable sort (timsort) merges in linear time."""
    return _distinct_sorted(np.sort(values, kind="stable" if runs else None))


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of sorted `values`."""
    if not len(values):
        return values
    first = np.empty(len(values), dtype=bool)
    first[0] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return values[first]


def _chunk_grams(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct gram hashes of every text, one after the other; how many each)."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    # two NULs after each text: a gram never spans two texts, and a text shorter
    # than SHINGLE still gives one gram (its characters and the padding)
    codes = np.frombuffer("".join(t + "\x00\x00" for t in texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.concatenate(([0], np.cumsum(lengths + 2)[:-1]))
    counts = np.maximum(lengths - (SHINGLE - 1), 1)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    positions = np.repeat(starts - first, counts) + np.arange(int(counts.sum()), dtype=np.int64)
    keys = (codes[positions] << np.uint64(42)) | (codes[positions + 1] << np.uint64(21)) | codes[positions + 2]
    owner = np.repeat(np.arange(len(texts), dtype=np.uint64), counts)
    # already in order of text (the high half): the stable sort (timsort) uses those runs, 1.7× faster
    # here than the default sort, which does not
    combined = distinct((owner << np.uint64(32)) | _mix(keys).astype(np.uint64), runs=True)
    per_text = np.bincount((combined >> np.uint64(32)).astype(np.int64), minlength=len(texts))
    return (combined & _MAX_HASH).astype(np.uint32), per_text


def gram_sets(texts: list[str]) -> GramSets:
    """The distinct 3-gram hashes of each text (see `GramSets`)."""
    values, sizes = [], []
    start = 0
    while start < len(texts):
        end, chars = start, 0
        while end < len(texts) and (chars < _CHUNK_CHARS or end == start):
            chars += len(texts[end]) + 2
            end += 1
        v, n = _chunk_grams(texts[start:end])
        values.append(v)
        sizes.append(n)
        start = end
    sizes_all = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(sizes_all))).astype(np.int64)
    return GramSets(np.concatenate(values) if values else np.zeros(0, dtype=np.uint32), offsets)


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM (multiplier, addend) pairs: odd 64-bit multipliers, fixed seed."""
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


def signatures(grams: GramSets) -> np.ndarray:
    """MinHash sketches (len(texts) × NUM_PERM, uint32) of the gram sets.

    Hash function i is multiply-shift, the high 32 bits of `a_i·h + b_i`
    (mod 2⁶⁴): one multiply per value, where `(a·h + b) mod p` needs a
    division that numpy does slowly. Taking the high bits keeps the order,
    so the minimum is taken over the 64-bit values and shifted once per
    text; the values are laid out one hash function per row, so each
    text's minimum is a contiguous run (4× faster than per gram rows)."""
    a, b = _permutations()
    n = len(grams.offsets) - 1
    out = np.empty((n, NUM_PERM), dtype=np.uint32)
    text = 0
    while text < n:  # whole texts per step, about _SKETCH_GRAMS grams
        end = int(np.searchsorted(grams.offsets, grams.offsets[text] + _SKETCH_GRAMS, side="right")) - 1
        end = min(max(end, text + 1), n)
        values = grams.values[grams.offsets[text]:grams.offsets[end]].astype(np.uint64)
        hashed = np.multiply.outer(a, values)  # NUM_PERM × grams
        hashed += b[:, None]
        starts = (grams.offsets[text:end] - grams.offsets[text]).astype(np.int64)
        least = np.minimum.reduceat(hashed, starts, axis=1)  # every set holds a gram at least
        least >>= np.uint64(32)
        out[text:end] = least.T
        text = end
    return out


def _intersections(grams: GramSets, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """|A ∩ B| for each pair of gram sets (left[k], right[k])."""
    sizes = grams.sizes()

    def keyed(texts: np.ndarray) -> np.ndarray:
        # pair number in the high half, gram hash in the low: sorted, since each set is
        counts = sizes[texts]
        first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        where = np.repeat(grams.offsets[texts] - first, counts) + np.arange(int(counts.sum()), dtype=np.int64)
        pair = np.repeat(np.arange(len(texts), dtype=np.uint64), counts)
        return (pair << np.uint64(32)) | grams.values[where]

    # two sorted runs, merged by the stable sort (timsort) in linear time; a set holds each
    # hash once, so two equal neighbours are one gram of both sets (2× a binary search per gram)
    both = np.concatenate((keyed(left), keyed(right)))
    both.sort(kind="stable")
    shared = both[1:][both[1:] == both[:-1]]
    return np.bincount((shared >> np.uint64(32)).astype(np.int64), minlength=len(left))


def jaccard(grams: GramSets, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Exact Jaccard of the gram sets of each pair (left[k], right[k])."""
    if not len(left):
        return np.zeros(0)
    inter = np.concatenate([_intersections(grams, left[start:start + _JACCARD_PAIRS], right[start:start + _JACCARD_PAIRS])
                            for start in range(0, len(left), _JACCARD_PAIRS)])
    sizes = grams.sizes()
    union = sizes[left] + sizes[right] - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)
