"""The build's segment workers: forked processes that prepare reports (read,
parse, classify, segment: `indexer.build._prepare`) and write their documents
into segments of their own, fed job numbers from one queue.

The pool (`SegmentWorkers`) hands the build each report's outcome as it comes,
and keeps a bad file from costing more than itself: a worker that dies, or
that is killed after WORKER_WALL_SECONDS on one file, skips that file, and a
new worker prepares again the reports the dead one had not yet written into a
finished segment.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
from typing import Any, Callable, Iterator

from indexer.forked import detach_from_build
from indexer.search import analysis, exact
from indexer.search.store import finish_segment, segment_writer

#: Wall-clock bound on one file in a worker, beyond the in-process limits
#: (`indexer.filelimits`), for work stuck where no signal reaches it (inside
#: C code): the build kills that worker, skips the file and starts another
#: worker for the reports it had not yet written into a finished segment.
#: Generous, because a shared machine can be many times slower than idle.
WORKER_WALL_SECONDS = 180.0
#: Test hook: a file name whose preparation hangs with every signal blocked.
HANG_ENV = "NIANBAO_BUILD_TEST_HANG"

#: Reports per worker segment. A segment's postings are buffered in memory
#: until it is written (`indexer.search.segments`): ~0.4 GB for this many.
SEGMENT_REPORTS = 2000

#: A worker's cyclic collector thresholds (Python's: 700, 10, 10). A report
#: leaves no cyclic garbage behind (none after 2,000 synthetic reports), but
#: with Python's thresholds a worker collected ~0.2 times a report, and its
#: full collections walked the segment's growing term lists (78–97 ms each,
#: two in a 2,000-report segment): ~0.13 ms a synthetic report in the
#: collector, ~0.05 ms with young objects collected every 50,000 allocations.
WORKER_GC_THRESHOLDS = (50_000, 20, 20)


def worker_collector() -> None:
    """Set the cyclic collector as a build worker runs it (`WORKER_GC_THRESHOLDS`)."""
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def worker_pages() -> None:
    """Have numpy leave a build worker's arrays in ordinary pages.

    numpy asks the kernel for huge pages (madvise) for every array of 4 MB
    or more, and the kernel then zeroes 2 MB at each first touch: a segment's
    buffers and temporaries, freed and allocated again segment after segment.
    Without the advice a worker (4,000 synthetic reports, one process) spent
    1.05 system CPU-s instead of 1.35 (more faults, 160,000 against 64,000,
    each zeroing only the 4 KB it touches), the same peak RSS. Nothing
    where numpy has no such switch.
    """
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:
        return
    _set_madvise_hugepage(False)


def _segment_worker(jobs, results, index_dir: str, lock_fd: int, delay: float, wid: int, first: list,
                    tasks: list, prepare: Callable, write: Callable) -> None:
    """Worker process `wid`: prepare reports (the job numbers `first`, then
    those from `jobs`; job n is `tasks[n]`, which the worker has in its forked
    memory) with `prepare` (`indexer.build._prepare`) and write their
    documents with `write` into new segments.

    Every message carries `wid`: ("start", wid, n) before job n, ("outcome",
    wid, n, outcome) after it (("ok", relpath, report_id, content_hash) or
    ("skip", relpath, reason)), ("segment", wid, segment) per finished
    segment, then ("done", wid) — or ("failed", wid, message, is_os_error).
    The outcome goes before the next job is taken, so a worker dying on the
    next file cannot take that outcome with it (the finished file would be
    blamed for the death).
    """
    detach_from_build(lock_fd)
    worker_collector()
    worker_pages()
    writer, written = None, 0
    hang = os.environ.get(HANG_ENV)
    try:
        pending = list(first)
        while (number := pending.pop(0) if pending else jobs.get()) is not None:
            task = tasks[number]
            results.put(("start", wid, number))
            if hang and task[0].relpath == hang:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF, signal.SIGALRM, signal.SIGTERM})
                time.sleep(3600)
            outcome = prepare(task)
            if outcome[0] == "ok":
                if writer is None:
                    writer, written = segment_writer(index_dir), 0
                write(writer, outcome[4], delay)
                written += 1
                # the documents stay here; their organ fields, the copy units and the training text go on
                outcome = outcome[:4] + (organ_fields(outcome[4][0]),) + outcome[5:]
            results.put(("outcome", wid, number, outcome))
            if writer is not None and written >= SEGMENT_REPORTS:
                results.put(("segment", wid, finish_segment(writer)))
                writer = None
        if writer is not None:
            results.put(("segment", wid, finish_segment(writer)))
        results.put(("done", wid))
    except BaseException as exc:
        results.put(("failed", wid, describe_error(exc), isinstance(exc, OSError)))


def organ_fields(doc: dict) -> tuple[str | None, str, str]:
    """(organ record JSON, agency_id, agency) of a report document, as the index stores them."""
    return doc.get("organ") or None, doc.get("agency_id") or "", doc.get("agency") or ""


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}" + (f": {exc.filename}" if exc.filename else "")
    return f"{exc.__class__.__name__}: {exc}"


class WorkerFailed(Exception):
    def __init__(self, message: str, disk: bool):
        super().__init__(message)
        self.disk = disk


class SegmentWorkers:
    """`procs` segment workers fed from one job queue (forked before the writer exists).

    A worker that dies, or that spends more than WORKER_WALL_SECONDS on one
    file (then it is killed), costs that file only: it is skipped with the
    reason, and a new worker prepares again the reports the dead one had not
    yet written into a finished segment (their outcomes come a second time).
    """

    def __init__(self, tasks: list, procs: int, index_dir, lock_fd: int, delay: float, prepare: Callable,
                 write: Callable):
        analysis.warm_up()  # load jieba once; forked workers share it
        analysis.share_routes()  # and its compiled routes (released when the workers are done)
        exact.warm_up()  # and the folding table of the gram field
        self.context = multiprocessing.get_context("fork")
        self.jobs, self.results = self.context.Queue(), self.context.Queue()
        self.tasks = tasks
        self.args = (str(index_dir), lock_fd, delay)
        self.work = (prepare, write)  # handed to forked workers as they are: nothing pickled
        for number in range(len(tasks)):  # the numbers only: each forked worker holds the tasks
            self.jobs.put(number)
        self.processes: dict[int, Any] = {}
        self.current: dict[int, tuple[int, float]] = {}  # worker -> (job, started)
        self.unsaved: dict[int, list[int]] = {}  # worker -> jobs not yet in a finished segment
        self.finished: set[int] = set()
        self.killed: dict[int, str] = {}
        self.segments: list = []
        for _ in range(procs):
            self._start([])

    def _start(self, first: list[int]) -> None:
        wid = len(self.processes)  # workers are never removed, so this is new
        self.jobs.put(None)  # this worker's end-of-jobs mark
        process = self.context.Process(target=_segment_worker, daemon=True,
                                       args=(self.jobs, self.results, *self.args, wid, list(first), self.tasks,
                                             *self.work))
        gc.freeze()  # the worker's collections then skip (and never write to) the objects it shares with this process
        try:
            process.start()
        finally:
            gc.unfreeze()
        self.processes[wid] = process
        self.unsaved[wid] = []

    def outcomes(self) -> Iterator[tuple]:
        """Each report's outcome as the workers finish it; raises WorkerFailed."""
        import queue

        while set(self.processes) - self.finished:
            try:
                item = self.results.get(timeout=0.5)
            except queue.Empty:  # every message sent so far has been read
                yield from self._replace_dead()
                continue
            kind, wid = item[0], item[1]
            if kind == "start":
                self.current[wid] = (item[2], time.monotonic())
            elif kind == "outcome":
                self.current.pop(wid, None)
                if item[3][0] == "ok":
                    self.unsaved[wid].append(item[2])
                yield item[3]
            elif kind == "segment":
                self.segments.append(item[2])
                self.unsaved[wid] = []
            elif kind == "done":
                self.finished.add(wid)
            elif kind == "failed":
                raise WorkerFailed(item[2], disk=item[3])
            self._kill_overdue()

    def _kill_overdue(self) -> None:
        now = time.monotonic()
        for wid, (number, started) in list(self.current.items()):
            if now - started > WORKER_WALL_SECONDS and wid not in self.killed:
                self.killed[wid] = f"处理超时，工作进程被终止 worker killed after {WORKER_WALL_SECONDS:g} s on this file"
                self.processes[wid].kill()

    def _replace_dead(self) -> Iterator[tuple]:
        self._kill_overdue()
        for wid, process in list(self.processes.items()):
            if wid in self.finished or process.exitcode in (None, 0):
                continue  # alive, or done and its last messages still on the way
            process.join(timeout=5)
            reason = self.killed.get(wid) or f"工作进程意外退出 worker died (exit status {process.exitcode}) on this file"
            self.finished.add(wid)  # no more messages from it
            started = self.current.pop(wid, None)
            if started:
                yield ("skip", self.tasks[started[0]][0].relpath, reason)
            redo = self.unsaved.pop(wid, [])
            self._start(redo)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.is_alive():
                process.terminate()
        for process in self.processes.values():
            process.join(timeout=10)
        for q in (self.jobs, self.results):
            q.cancel_join_thread()
            q.close()
