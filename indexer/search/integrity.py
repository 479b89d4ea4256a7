"""Is the index on disk what the last build wrote? Checksums, checks, repairs.

At each commit the build records, beside Whoosh's table of contents (TOC),
the size and sha256 of every segment file of the new generation
(`_nianbao_N.sums`, written before the TOC, so a committed generation always
has its record), then adds the TOC's own and keeps a copy of the TOC
(`_nianbao_N.tocbak`). Neither name matches Whoosh's own file patterns.

`check_index` compares the files with that record: `quick=True` only reads
the TOC and compares sizes (what the web app does when it opens a
generation: a few `stat` calls), else every byte is hashed (`python -m
indexer check`, and every build before it writes). The build keeps the
segments that are sound and drops the others (`IndexCheck.damaged`), whose
reports are then indexed again from the corpus.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import TOC

INDEX_NAME = "nianbao"
_TOC = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")
_SEGMENT_FILE = re.compile(rf"^({INDEX_NAME}_[0-9a-z]+)\.[A-Za-z0-9_.]+$")
_OURS = re.compile(rf"^_{INDEX_NAME}_(\d+)\.(sums|tocbak)$")
_TOC_TEMP = re.compile(rf"^_{INDEX_NAME}_\d+\.toc\.[0-9.]+$")


def sums_name(generation: int) -> str:
    return f"_{INDEX_NAME}_{generation}.sums"


def toc_name(generation: int) -> str:
    return f"_{INDEX_NAME}_{generation}.toc"


def backup_name(generation: int) -> str:
    return f"_{INDEX_NAME}_{generation}.tocbak"


@dataclass
class IndexCheck:
    """What `check_index` found. `damaged` maps a segment id to what is wrong
    with its files; `unrecorded` lists segments with no recorded checksums
    (an index written before checksums, or a lost record): they cannot be
    vouched for. `toc_problem` says why the table of contents is unusable."""

    index_dir: str
    exists: bool = True
    generation: int = -1
    segments: dict[str, int] = field(default_factory=dict)  # sound segment id -> documents
    damaged: dict[str, list[str]] = field(default_factory=dict)
    damaged_docs: dict[str, int] = field(default_factory=dict)
    unrecorded: list[str] = field(default_factory=list)
    toc_problem: str | None = None
    backup_usable: bool = False
    backup_problem: str | None = None  # the TOC is sound but its copy is not
    notes: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return self.exists and self.toc_problem is None and not self.damaged

    @property
    def verified(self) -> bool:
        return self.sound and not self.unrecorded and not self.backup_problem

    def lines(self) -> list[str]:
        """The findings in words, one per line (file names printed as they are)."""
        out = []
        if not self.exists:
            return ["no index here yet"]
        if self.toc_problem:
            out.append(f"table of contents: {self.toc_problem}" + (" (its copy is sound)" if self.backup_usable else ""))
        for seg, problems in sorted(self.damaged.items()):
            out += [f"segment {seg} ({self.damaged_docs.get(seg, '?')} documents): {p}" for p in problems]
        for seg in self.unrecorded:
            out.append(f"segment {seg}: no checksums recorded, cannot be verified")
        if self.backup_problem:
            out.append(f"copy of the table of contents: {self.backup_problem}")
        return out + self.notes


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _record(path: Path) -> dict:
    return {"size": path.stat().st_size, "sha256": _sha256(path)}


def latest_generation(index_dir) -> int:
    """The newest TOC generation in `index_dir`; when every TOC is gone, the
    newest one with a copy of its TOC; -1 when there is neither."""
    try:
        names = os.listdir(index_dir)
    except OSError:
        return -1
    tocs = [int(m.group(1)) for n in names if (m := _TOC.match(n))]
    if tocs:
        return max(tocs)
    copies = [int(m.group(1)) for n in names if (m := _OURS.match(n)) and m.group(2) == "tocbak"]
    return max(copies, default=-1)


def read_sums(index_dir, generation: int) -> dict | None:
    """The recorded checksums of `generation`, or None when absent or unreadable."""
    try:
        data = json.loads((Path(index_dir) / sums_name(generation)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return None
    return data


def _write_json(path: Path, data: dict) -> None:
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temp, path)


def record_segments(index_dir, generation: int, segment_ids, previous: dict | None = None) -> None:
    """Before committing `generation`: record size and sha256 of each file of
    `segment_ids` (reusing `previous` records of files that have not changed size)."""
    root = Path(index_dir)
    known = (previous or {}).get("files", {})
    wanted = set(segment_ids)
    files = {}
    for name in sorted(os.listdir(root)):
        m = _SEGMENT_FILE.match(name)
        if m and m.group(1) in wanted:
            path = root / name
            old = known.get(name)
            files[name] = old if old and old.get("size") == path.stat().st_size else _record(path)
    _write_json(root / sums_name(generation), {"generation": generation, "files": files})


def record_toc(index_dir, generation: int) -> None:
    """After committing `generation`: add the TOC's checksum to its record,
    keep a copy of the TOC, and drop other generations' records and copies."""
    root = Path(index_dir)
    sums = read_sums(root, generation) or {"generation": generation, "files": {}}
    toc = root / toc_name(generation)
    sums["toc"] = _record(toc)
    shutil.copyfile(toc, root / backup_name(generation))
    _write_json(root / sums_name(generation), sums)
    for name in os.listdir(root):
        m = _OURS.match(name)
        if m and int(m.group(1)) != generation:
            discard(root / name)


def discard(path: Path) -> None:
    """Remove a file of ours if it is there; a file already gone or not ours to remove is left."""
    try:
        path.unlink()
    except OSError:
        pass


def _read_toc(index_dir, generation: int, schema):
    from whoosh.filedb.filestore import FileStorage

    return TOC.read(FileStorage(str(index_dir)), INDEX_NAME, gen=generation, schema=schema)


def _toc_ok(index_dir, generation: int, sums: dict | None, schema, quick: bool):
    """(segments, problem): the TOC's segments, or None and why it is unusable."""
    path = Path(index_dir) / toc_name(generation)
    if not path.exists():
        return None, "missing"
    recorded = (sums or {}).get("toc")
    if recorded:
        size = path.stat().st_size
        if size != recorded.get("size"):
            return None, f"size {size} bytes, recorded {recorded.get('size')}"
        if not quick and _sha256(path) != recorded.get("sha256"):
            return None, "checksum differs from the one recorded"
    try:
        return _read_toc(index_dir, generation, schema).segments, None
    except Exception as exc:  # whoosh/pickle raise many kinds on damaged bytes
        return None, f"unreadable ({type(exc).__name__})"


def check_index(index_dir, quick: bool = False) -> IndexCheck:
    """Compare the index in `index_dir` with its recorded checksums; changes nothing.

    `quick`: sizes only (no hashing). Never raises for damaged files.
    """
    from indexer.search.schema import build_schema

    root = Path(index_dir)
    result = IndexCheck(str(index_dir))
    generation = latest_generation(root)
    if generation < 0:
        has_segments = root.is_dir() and any(_SEGMENT_FILE.match(n) for n in os.listdir(root))
        result.exists = has_segments
        if has_segments:
            result.toc_problem = "missing (segment files without a table of contents)"
        return result
    result.generation = generation
    schema = build_schema()
    sums = read_sums(root, generation)
    segments, problem = _toc_ok(root, generation, sums, schema, quick)
    if problem:
        result.toc_problem = problem
        backup = root / backup_name(generation)
        recorded = (sums or {}).get("toc")
        if backup.exists() and (not recorded or (backup.stat().st_size == recorded["size"] and _sha256(backup) == recorded["sha256"])):
            try:
                segments = _restored_segments(root, generation, schema)
                result.backup_usable = True
            except Exception:
                segments = None
        if segments is None:
            return result
    elif not quick and (recorded := (sums or {}).get("toc")):
        backup = root / backup_name(generation)
        if not backup.exists():
            result.backup_problem = "missing"
        elif backup.stat().st_size != recorded.get("size") or _sha256(backup) != recorded.get("sha256"):
            result.backup_problem = "differs from the table of contents"
    files = (sums or {}).get("files", {})
    present = set(os.listdir(root))
    for segment in segments:
        seg = segment.segment_id()
        docs = segment.doc_count()
        recorded = {n: r for n, r in files.items() if _SEGMENT_FILE.match(n).group(1) == seg}
        if not recorded:
            if not any(n.startswith(seg + ".") for n in present):
                result.damaged.setdefault(seg, []).append("all its files are missing")
                result.damaged_docs[seg] = docs
            else:
                result.unrecorded.append(seg)
                result.segments[seg] = docs
            continue
        problems = []
        for name, record in sorted(recorded.items()):
            path = root / name
            if name not in present:
                problems.append(f"{name}: missing")
                continue
            size = path.stat().st_size
            if size != record.get("size"):
                problems.append(f"{name}: {'truncated' if size < record.get('size', 0) else 'grown'} "
                                f"({size} bytes, recorded {record.get('size')})")
            elif not quick and _sha256(path) != record.get("sha256"):
                problems.append(f"{name}: contents differ from the recorded checksum")
        if problems:
            result.damaged[seg] = problems
            result.damaged_docs[seg] = docs
        else:
            result.segments[seg] = docs
    if sums is None and segments:
        result.notes.append("checksum record missing or unreadable")
    return result


def _restored_segments(root: Path, generation: int, schema):
    """The segments listed by the TOC's copy (read from a scratch directory)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="nianbao-toc-") as scratch:
        shutil.copyfile(root / backup_name(generation), Path(scratch) / toc_name(generation))
        return _read_toc(scratch, generation, schema).segments


def renew_backup(index_dir, generation: int) -> None:
    """Copy the (sound) TOC of `generation` over its damaged copy."""
    root = Path(index_dir)
    temp = root / (backup_name(generation) + ".tmp")
    shutil.copyfile(root / toc_name(generation), temp)
    os.replace(temp, root / backup_name(generation))


def restore_toc(index_dir, check: IndexCheck) -> bool:
    """Put the TOC's sound copy back in place; True when done."""
    if not check.backup_usable:
        return False
    root = Path(index_dir)
    temp = root / (toc_name(check.generation) + ".restore")
    shutil.copyfile(root / backup_name(check.generation), temp)
    os.replace(temp, root / toc_name(check.generation))
    return True


def clear_index(index_dir) -> None:
    """Remove every index file (TOC, segments, records) but the lock files."""
    root = Path(index_dir)
    for name in os.listdir(root):
        if _TOC.match(name) or _SEGMENT_FILE.match(name) or _OURS.match(name) or _TOC_TEMP.match(name) or name.endswith(".tmp"):
            discard(root / name)


def remove_uncommitted(index_dir, committed_segments) -> list[str]:
    """Delete segment files no committed generation uses (a failed or killed
    build's partial segments) and temporary TOCs; returns their names."""
    root = Path(index_dir)
    keep = set(committed_segments)
    removed = []
    for name in sorted(os.listdir(root)):
        m = _SEGMENT_FILE.match(name)
        if (m and m.group(1) not in keep) or _TOC_TEMP.match(name) or (name.endswith(".tmp") and name.startswith(f"_{INDEX_NAME}_")):
            discard(root / name)
            removed.append(name)
    return removed
