"""The build's archive-wide steps after its workers and the identity step, on
the committed index: the copy pass (`indexer.copystore`), the count step (which
writes each new segment's facet cache) and the vector step (`indexer.vectors`),
laid out over the two cores (`copies_and_vectors`). `bench.build_tail` runs them
alone on a built index, as a build does.
"""
from __future__ import annotations

import functools
import sqlite3

from indexer.copystore import run_copy_pass, stored_generation
from indexer.errors import IndexUnavailableError
from indexer.forked import trim_heap
from indexer.reportfields import IndexedReports, read_reports
from indexer.search.facets import DocTable
from indexer.search.store import open_or_create
from indexer.timeline import Timeline
from indexer.vectors import VectorStep
from indexer.workers import describe_error


def copies_and_vectors(ix, index_dir, lock_fd: int, prepared: dict, summary, timeline: Timeline,
                       procs: int, dask: str | None, large: bool, changed: bool) -> None:
    """The build's steps after the identity step, on the committed index (`summary`:
    the build's `BuildSummary`, given its copies, counts and vectors): the
    copy pass (when anything `changed`, or its database describes another
    generation), the count step and the vector step (`bench.build_tail` runs
    them alone on a built index, as here)."""
    timeline.begin("copies")
    reports = _indexed_reports(ix)
    # the second core: for a small archive the vectors at once (longer than the copy pass); for a
    # large one first the count step's facet pairs, then the vectors' text, training once the pass has grouped
    vectors = VectorStep(index_dir, lock_fd, beside=procs > 1 and not dask, wait_to_train=large,
                         first=functools.partial(count, index_dir) if large else None, reports=reports)
    vectors.start()  # forked while this process is small

    def grouped() -> None:
        trim_heap()
        vectors.go()

    try:
        if changed or stored_generation(index_dir) != ix.latest_generation():
            try:  # after the commit: a killed pass leaves an old generation recorded, run again next time
                # a large archive's grouping on both cores (a small one's vectors train on the second)
                summary.copies = run_copy_pass(ix, index_dir, prepared, grouped,
                                               procs=2 if procs > 1 and large and not dask else 1, reports=reports)
            except (OSError, sqlite3.Error) as exc:
                reason = describe_error(exc) if isinstance(exc, OSError) else str(exc)
                raise IndexUnavailableError(f"copy detection could not be written to {index_dir} ({reason}); "
                                            "the index itself is committed") from None
        prepared.clear()
        trim_heap()
        timeline.begin("count")  # while the vectors may still train
        summary.reports, summary.problems = count(index_dir, ix)
        timeline.begin("vectors")
        summary.vectors = vectors.result(ix)
    finally:
        vectors.stop()


def _indexed_reports(ix) -> IndexedReports | None:
    """Every report's stored fields, read once for both steps, before the fork
    (`indexer.reportfields`); None when they cannot be read (each step then
    reads them itself, and fails there as it would have). The searcher goes
    with this call: a closed searcher still holds the segments it read
    mapped (~190 MB at 100k reports, in the pass's memory and its forks')."""
    try:
        with ix.searcher() as searcher:
            return read_reports(searcher)
    except Exception:
        return None


def count(index_dir, ix=None) -> tuple[int, int]:
    """(reports, problems) in the committed index. Reads each new segment's
    facet pairs once, into its cache file, for every server after it (the
    count step; the second reading is from those files)."""
    ix = ix if ix is not None else open_or_create(index_dir)
    with ix.searcher() as searcher:
        kinds = DocTable(searcher, index_dir=index_dir).columns["kind"]
        return tuple(int(kinds.total[kinds.index[k]]) if k in kinds.index else 0 for k in ("report", "problem"))
