"""Each segment's facet pairs, kept on disk beside the index.

A `DocTable` needs, for every exact field, which document holds which value.
Read from the postings that is one term lookup per value per segment: at 100k
reports (51 segments, 18,716 organs) 226,598 lookups, 13 s of CPU before a
new generation's first page, growing faster than the archive. A segment never
changes once written (deletions are kept apart from it), so its pairs are read
once and kept in `facetcache/<segment id>.facets.npz`; a later generation, a restarted
server or another process reads the file instead. The pairs include the
segment's deleted documents; the reader drops them with its live mask.

The cache is only a copy: a missing, unreadable or mismatched file (another
format, another document count) is read again from the postings and
rewritten, and an index directory that cannot be written to is simply read
from the postings each time. `python -m indexer check` does not vouch for
these files, and nothing else relies on them.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from indexer.search.integrity import discard

CACHE_DIR = "facetcache"
FORMAT = 1

#: field -> (values in term order, local document numbers, value index of each pair)
SegmentPairs = dict[str, tuple[list[str], np.ndarray, np.ndarray]]


def cache_path(index_dir, segment_id: str, group: str = "facets") -> Path:
    return Path(index_dir) / CACHE_DIR / f"{segment_id}.{group}.npz"


def segment_pairs(index_dir, leaf, fields, read_pairs, group: str = "facets") -> SegmentPairs:
    """The pairs of `fields` in one segment (`leaf`): from its cache file for
    `group` (the facet fields together, another field on its own) when that is
    sound, else from `read_pairs(leaf, field)` (and then stored)."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    segment_id = segment.segment_id() if segment is not None else None
    count = leaf.doc_count_all()
    if index_dir is not None and segment_id:
        found = _load(cache_path(index_dir, segment_id, group), fields, count)
        if found is not None:
            return found
    pairs = {field: read_pairs(leaf, field) for field in fields if field in leaf.schema}
    if index_dir is not None and segment_id:
        _store(cache_path(index_dir, segment_id, group), pairs, [f for f in fields if f not in pairs], count)
    return pairs


def _load(path: Path, fields, count: int) -> SegmentPairs | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != FORMAT or int(data["count"]) != count:
                return None
            held = set(str(f) for f in data["fields"])
            if not set(fields) <= held | set(str(f) for f in data["absent"]):
                return None
            out = {}
            for field in fields:
                if field in held:
                    docs, ids = data[f"{field}.docs"], data[f"{field}.ids"]
                    values = [str(v) for v in data[f"{field}.values"]]
                    if len(docs) != len(ids) or (len(docs) and (docs.max() >= count or ids.max() >= len(values))):
                        return None
                    out[field] = (values, docs.astype(np.int64), ids.astype(np.int32))
            return out
    except Exception:  # missing, truncated, garbage: OSError, ValueError, KeyError, EOFError, zipfile/zlib errors
        return None


def _store(path: Path, pairs: SegmentPairs, absent: list[str], count: int) -> None:
    """Write `pairs` (and the asked-for fields the segment's schema lacks, so
    that asking again is answered from the file too)."""
    arrays = {"format": np.array(FORMAT), "count": np.array(count),
              "fields": np.array(sorted(pairs), dtype=str), "absent": np.array(sorted(absent), dtype=str)}
    for field, (values, docs, ids) in pairs.items():
        arrays[f"{field}.values"] = np.array(values, dtype=str)
        arrays[f"{field}.docs"] = np.asarray(docs, dtype=np.int32)
        arrays[f"{field}.ids"] = np.asarray(ids, dtype=np.int32)
    try:
        path.parent.mkdir(exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, **arrays)
            os.replace(temp, path)
        except BaseException:
            discard(Path(temp))
            raise
    except OSError:
        pass  # a read-only index is read from its postings instead


def prune(index_dir, live_segment_ids) -> None:
    """Drop the cache files of segments whose files are gone (a merge or a
    rebuild replaced them); files of segments still on disk are kept, an
    older generation may still be read by another process."""
    root = Path(index_dir)
    folder = root / CACHE_DIR
    try:
        names = os.listdir(folder)
    except OSError:
        return
    on_disk = {name.split(".", 1)[0] for name in os.listdir(root)}
    for name in names:
        segment_id = name.split(".", 1)[0]
        if name.endswith(".tmp") or (segment_id not in on_disk and segment_id not in live_segment_ids):
            discard(folder / name)
