"""The copy pass's grouping as it was before `indexer.neardup` (commit c653fa3),
kept to compare against: `python -m bench.copies --compare INDEX`.

One text at a time: a datasketch MinHash per text (64 permutations, crc32
of each character 3-gram), a query of datasketch's MinHashLSH (threshold
0.6) for candidates, the sketches' estimate, then an exact 3-gram Jaccard
≥ 0.7 for every candidate in another group; a text with a twin at ≥ 0.9 is
not inserted into the LSH. Its cost grows faster than linearly on families
of near-identical paragraphs (hundreds of candidates per query).
"""
from __future__ import annotations

import zlib

import numpy as np

NUM_PERM = 64
LSH_THRESHOLD = 0.6
SAME_JACCARD = 0.7
NEAR_EXACT = 0.9
SHINGLE = 3


def _shingles(written: str) -> set[str]:
    if len(written) <= SHINGLE:
        return {written}
    return {written[i:i + SHINGLE] for i in range(len(written) - SHINGLE + 1)}


def _hash32(value: str) -> int:
    return zlib.crc32(value.encode("utf-8"))


def group_texts(texts: list[str], stats: dict | None = None) -> list[int]:
    """For distinct normalised `texts`, the index of each one's group (the old pass)."""
    from datasketch import MinHash, MinHashLSH

    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    template = MinHash(num_perm=NUM_PERM, hashfunc=_hash32)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    grams = [_shingles(t) for t in texts]
    signatures = np.empty((len(texts), NUM_PERM), dtype=template.hashvalues.dtype)
    checks = 0
    for i, gram in enumerate(grams):
        sketch = MinHash(num_perm=NUM_PERM, hashfunc=_hash32, permutations=template.permutations, scheme=template.scheme)
        sketch.update_batch(gram)
        signatures[i] = sketch.hashvalues
        candidates = np.fromiter(lsh.query(sketch), dtype=np.int64)
        if len(candidates):
            estimate = (signatures[candidates] == sketch.hashvalues).mean(axis=1)
            candidates = candidates[estimate >= LSH_THRESHOLD]
        joined, twin = set(), False
        for j in candidates.tolist():
            group = root(j)
            if group == root(i) or group in joined:
                continue
            checks += 1
            similarity = len(gram & grams[j]) / len(gram | grams[j])
            if similarity >= SAME_JACCARD:
                parent[root(i)] = group
                joined.add(group)
                twin = twin or similarity >= NEAR_EXACT
        if not twin:
            lsh.insert(i, sketch, check_duplication=False)
    if stats is not None:
        stats["exact_checks"] = checks
    return [root(i) for i in range(len(texts))]
