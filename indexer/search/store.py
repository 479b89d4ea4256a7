"""The only module that opens the Whoosh index.

Readers open the last committed generation; Whoosh writes the table of
contents last, so a build killed at any point leaves that generation intact.
Builds hold an `fcntl.flock` on `build.lock`: the kernel drops it when the
process dies, so a killed build never leaves a stale lock behind.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from indexer.errors import IndexBusyError, IndexDamagedError, IndexUnavailableError
from indexer.search import integrity, mapped
from indexer.search.schema import FORMAT, build_schema

mapped.install()

INDEX_NAME = "nianbao"
LOCK_FILE = "build.lock"
FORMAT_FILE = "FORMAT"
REBUILD_HINT = "python -m indexer build"


class IndexFormatError(IndexUnavailableError):
    """The index was written by code with another layout (`schema.FORMAT`)."""


def index_format(index_dir) -> str | None:
    """The layout recorded beside the index in `index_dir` ("" for one without a record)."""
    try:
        return (Path(index_dir) / FORMAT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
    except OSError:
        return None


def _check_format(path: Path) -> None:
    found = index_format(path)
    if found != FORMAT:
        raise IndexFormatError(
            f"索引格式已更改（index format changed: {found or 'unrecorded'} ≠ {FORMAT}），"
            f"请运行 `{REBUILD_HINT}` 重建索引（rebuild with `{REBUILD_HINT}`）")


def _record_format(path: Path) -> None:
    (path / FORMAT_FILE).write_text(FORMAT + "\n", encoding="utf-8")


def open_index(index_dir) -> whoosh_index.Index:
    """Open the committed index in `index_dir` for reading.

    Raises IndexUnavailableError when there is none, or it holds no document
    (a first build that has not committed yet), and IndexDamagedError when
    its files are not those the build recorded (`ensure_intact`).
    """
    path = Path(index_dir)
    if not path.is_dir():
        raise IndexUnavailableError(f"no index at {path}: run `python -m indexer build` first")
    ensure_intact(path)  # first: a deleted TOC beside its segments is damage, not "no index"
    if not whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        raise IndexUnavailableError(f"no index at {path}: run `python -m indexer build` first")
    _check_format(path)
    try:
        ix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME, schema=build_schema())
        empty = ix.doc_count_all() == 0
    except EmptyIndexError:
        raise IndexUnavailableError(f"no index at {path}: run `python -m indexer build` first") from None
    except Exception as exc:  # whoosh raises many kinds on damaged files
        raise IndexDamagedError(f"index at {path} cannot be read ({type(exc).__name__})") from exc
    if empty:
        raise IndexUnavailableError(f"no index at {path} yet (nothing committed): run `python -m indexer build`")
    return ix


def ensure_intact(index_dir, quick: bool = True) -> None:
    """Raise IndexDamagedError when `integrity.check_index` finds damage
    (`quick`: sizes only, before any byte of a segment is mapped: a truncated
    mapped file would kill the reading process with SIGBUS)."""
    check = integrity.check_index(index_dir, quick=quick)
    if check.exists and not check.sound:
        raise IndexDamagedError(f"index at {index_dir} is damaged: " + "; ".join(check.lines()[:3]))


def open_or_create(index_dir) -> whoosh_index.Index:
    """Open the index in `index_dir` for a build, creating it when absent.

    An index of another layout (`schema.FORMAT`) is replaced by a new, empty
    one: the build then indexes every file again. The caller holds the build
    lock; readers keep the old files open until they move to the new one.
    """
    path = Path(index_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        if whoosh_index.exists_in(str(path), indexname=INDEX_NAME) and index_format(path) == FORMAT:
            return whoosh_index.open_dir(str(path), indexname=INDEX_NAME, schema=build_schema())
        ix = whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
        _record_format(path)
        return ix
    except OSError as exc:
        raise IndexUnavailableError(f"cannot write an index at {path}: {exc}") from exc


@contextmanager
def build_lock(index_dir) -> Iterator[int]:
    """Hold the build lock of `index_dir` for the duration of the block.

    Yields the lock's file descriptor: forked workers must close it, or an
    orphaned worker would keep the lock after its build was killed.

    Raises IndexBusyError at once when another process holds it.
    """
    path = Path(index_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle = open(path / LOCK_FILE, "a+")
    except OSError as exc:
        raise IndexUnavailableError(f"cannot write an index at {path}: {exc}") from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise IndexBusyError(f"index is busy: another build (pid {holder or '?'}) is running on {path}") from None
        _note_holder(handle, str(os.getpid()))
        try:
            yield handle.fileno()
        finally:
            _note_holder(handle, "")
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        try:
            handle.close()
        except OSError:  # the pid note could not be flushed (disk full): nothing lost
            pass


def _note_holder(handle, text: str) -> None:
    """Write who holds the lock into the lock file, if the disk lets us (informative only)."""
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(text)
        handle.flush()
    except OSError:
        pass


# -- writing: one writer per process, one commit ---------------------------------
#
# A build spreads postings writing over all cores: each worker process fills
# its own segment (as Whoosh's own MpWriter(multisegment=True) does) and the
# build's writer, which holds the index lock, commits those segments with its
# own deletions in one new table of contents. Until that commit the new
# segments' files are unreferenced: a killed build leaves the previous
# generation as it was, and the next commit deletes the leftovers.

def build_writer(ix):
    """The build's writer of `ix`: takes the index lock; commit with `commit_segments`."""
    from indexer.search.segments import GroupedSegmentWriter

    return without_length_stats(GroupedSegmentWriter(ix))


def segment_writer(index_dir):
    """A writer for one new segment of the index in `index_dir`, without the lock.

    Only for a worker of a build that holds the lock; finish with `finish_segment`.
    The segment's parts stay in memory until its compound file is written
    (`indexer.search.segmentstorage`): that file is the only one written.
    """
    from indexer.search.segments import GroupedSegmentWriter
    from indexer.search.segmentstorage import SegmentStorage

    ix = whoosh_index.FileIndex(SegmentStorage(str(index_dir), INDEX_NAME), schema=build_schema(),
                                indexname=INDEX_NAME)
    return without_length_stats(GroupedSegmentWriter(ix, _lk=False))


def without_length_stats(writer):
    """`writer`, set not to record each postings block's min/max field length.

    Recording them costs a field-length lookup per posting (a quarter of the
    time to write a segment); they only let Whoosh's own collector skip
    blocks, and ranking is done with numpy (`indexer.search.ranking`). Blocks
    then claim length 0, so Whoosh's score bound stays an upper bound.
    """
    writer.codec.length_stats = False
    return writer


def finish_segment(writer):
    """Write out a `segment_writer`'s segment; returns it (picklable) for `commit_segments`."""
    return writer._finalize_segment()


#: Merge policy: a segment whose deleted documents exceed this share of its
#: documents is rewritten (its live documents copied into the new segment);
MERGE_DELETED_SHARE = 0.3
#: segments of fewer documents than this (incremental builds make them) are
#: merged into the new segment too, at most MERGE_AT_MOST documents a build.
#: Whoosh's own MERGE_SMALL merges by a Fibonacci rule that, at 100k reports,
#: took half the build workers' segments into one in-memory merge (9 GB).
MERGE_BELOW = 5_000
MERGE_AT_MOST = 50_000


def merge_segments(writer) -> list:
    """The committed segments `writer` keeps; the live documents of the others
    are added to the writer's own new segment (Whoosh's `add_reader`), which
    holds them in memory until it is written: so the documents merged in one
    build are bounded (MERGE_AT_MOST).

    Incremental builds replace documents by deleting them, and a policy on
    sizes alone would keep every replaced document on disk for good: hence
    the deleted-share rule first.
    """
    from whoosh.reading import SegmentReader

    keep, budget = [], MERGE_AT_MOST
    for segment in sorted(writer.segments, key=lambda s: s.doc_count_all()):
        total, live = segment.doc_count_all(), segment.doc_count()
        rewrite = total and total - live > MERGE_DELETED_SHARE * total
        small = total < MERGE_BELOW and live <= budget
        if not live:
            continue  # nothing left in it: dropped
        if (rewrite or small) and live <= budget:
            budget -= live
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        else:
            keep.append(segment)
    return keep


def commit_segments(writer, segments: list) -> None:
    """Commit `writer` (the build's locked writer) together with workers' `segments`,
    merging committed segments as `merge_segments` decides.

    The new generation's checksums are recorded before its TOC is written,
    and the TOC's own after (`indexer.search.integrity`).
    """
    index_dir = writer.storage.folder
    previous_sums = integrity.read_sums(index_dir, writer.generation - 1)
    final = merge_segments(writer)
    final.extend(segments)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    integrity.record_segments(index_dir, writer.generation, [s.segment_id() for s in final], previous_sums)
    writer._commit_toc(final)
    writer._finish()
    integrity.record_toc(index_dir, writer.generation)


def abandon(writer) -> None:
    """Cancel `writer` as far as the disk allows, and always release its lock.

    Cancelling writes the segment's buffered columns, so on a full disk it
    fails too; the committed generation is untouched either way.
    """
    try:
        writer.cancel()
    except Exception:
        pass
    finally:
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            try:
                lock.release()
            except Exception:
                pass


def repair(index_dir) -> list[str]:
    """Before a build (holding the build lock): verify every index file against
    its recorded checksum, and leave only what is sound.

    * a damaged table of contents is restored from its copy, else the index
      is cleared (the build then indexes everything again);
    * partial segment files of a failed or killed build are deleted;
    * damaged segments, and segments whose checksums were never recorded,
      are dropped in a commit of their own: their reports are no longer in
      the index, so the build indexes them again from the corpus.

    Returns what was done, one line each ([] for a sound index).
    """
    path = Path(index_dir)
    if not path.is_dir():
        return []
    if integrity.latest_generation(path) >= 0 and index_format(path) != FORMAT:
        return []  # another layout: open_or_create starts a new index anyway
    done: list[str] = []
    check = integrity.check_index(path)
    if check.toc_problem:
        if integrity.restore_toc(path, check):
            done.append(f"table of contents {check.toc_problem}: restored from its copy")
            check = integrity.check_index(path)
        else:
            integrity.clear_index(path)
            done.append(f"table of contents {check.toc_problem}, and no sound copy: index cleared, everything is indexed again")
            return done
    if not check.exists:
        return done
    if check.backup_problem:
        integrity.renew_backup(path, check.generation)
        done.append(f"copy of the table of contents {check.backup_problem}: copied again")
    committed = set(check.segments) | set(check.damaged)
    partial = integrity.remove_uncommitted(path, committed)
    if partial:
        done.append(f"removed {len(partial)} partial file(s) of an unfinished build")
    drop = set(check.damaged) | set(check.unrecorded)
    if drop:
        for seg, problems in sorted(check.damaged.items()):
            done.append(f"segment {seg} damaged ({'; '.join(problems)}): its {check.damaged_docs.get(seg, '?')} documents are indexed again")
        for seg in check.unrecorded:
            done.append(f"segment {seg} has no recorded checksums: its {check.segments.get(seg, '?')} documents are indexed again")
        ix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME, schema=build_schema())
        writer = build_writer(ix)
        try:
            writer.segments = [s for s in writer.segments if s.segment_id() not in drop]
            integrity.record_segments(path, writer.generation, [s.segment_id() for s in writer.segments],
                                      integrity.read_sums(path, writer.generation - 1))
            writer._close_segment()
            writer._commit_toc(writer.segments)
            writer._finish()
            integrity.record_toc(path, writer.generation)
        except BaseException:
            abandon(writer)
            raise
    return done


def discard_partial(index_dir) -> list[str]:
    """Delete the files of segments no committed generation uses (after a
    failed build); returns their names. Never raises."""
    try:
        check = integrity.check_index(index_dir, quick=True)
        if not check.exists or check.toc_problem:
            return []
        return integrity.remove_uncommitted(index_dir, set(check.segments) | set(check.damaged))
    except OSError:
        return []
