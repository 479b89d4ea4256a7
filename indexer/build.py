"""`build_index`: bring the index in line with the corpus, incrementally.

New files are added, changed files replaced, deleted files removed; a file
whose size and modification time are unchanged is not read again. Reading,
parsing, classifying, segmenting and writing postings run in worker processes
(all cores), each filling its own new segments; this process deletes replaced
documents and commits once, atomically, at the end (see `indexer.search.store`).
A disk that is full or read-only cancels the build: IndexUnavailableError,
and the previous generation stays the one readers see.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from indexer.copystore import run_copy_pass, stored_generation
from indexer.errors import IndexUnavailableError, ParseError, ReadError
from indexer.search import analysis
from indexer.search.documents import report_documents
from indexer.search.store import abandon, build_lock, commit_segments, finish_segment, build_writer, open_or_create, segment_writer

#: Test hook: seconds to sleep after each report is written (to kill a build mid-way).
DELAY_ENV = "NIANBAO_BUILD_TEST_DELAY"


@dataclass
class BuildSummary:
    """What a build did, by corpus-relative file path."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    reports: int = 0  # report documents in the index after the build
    problems: int = 0
    seconds: float = 0.0
    copies: dict = field(default_factory=dict)  # the copy pass's figures, when it ran

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)


@dataclass
class _Indexed:
    report_id: str
    content_hash: str
    file_stat: str


def _file_stat(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}"


def _existing(ix) -> dict[str, _Indexed]:
    """The report documents already in the index, by file."""
    out = {}
    with ix.searcher() as searcher:
        for docnum in searcher.document_numbers(kind="report"):
            stored = searcher.stored_fields(docnum)
            out[stored["file"]] = _Indexed(stored["report_id"], stored.get("content_hash", ""), stored.get("file_stat", ""))
    return out


def _prepare(task: tuple[Any, str]) -> tuple:
    """Read, parse, classify and segment one corpus entry (in a worker)."""
    from indexer.categories import classify
    from indexer.corpus import load_report

    entry, indexed_at = task
    try:
        loaded = load_report(entry)
    except (ReadError, ParseError) as exc:
        return ("skip", entry.relpath, str(exc) or exc.__class__.__name__)
    except Exception as exc:  # a parser bug must cost one file, not the build
        return ("skip", entry.relpath, f"unexpected {exc.__class__.__name__}: {exc}")
    docs = report_documents(loaded.report_id, loaded.report, loaded.relpath, loaded.content_hash, indexed_at, classify)
    docs[0]["file_stat"] = _file_stat(Path(entry.path))
    return ("ok", loaded.relpath, loaded.report_id, loaded.content_hash, docs)


def _write(writer, docs: list[dict], delay: float) -> None:
    for doc in docs:
        writer.add_document(**_clean(doc))
    if delay:
        time.sleep(delay)


def _worker_init(lock_fd: int) -> None:
    # The build lock is an flock: a forked copy of its descriptor would keep
    # it held if this worker outlived a killed parent.
    try:
        os.close(lock_fd)
    except OSError:
        pass
    try:  # Linux: die with the parent instead of lingering as an orphan
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


#: Reports per worker segment. A segment's postings are buffered in memory
#: until it is written (`indexer.search.segments`): ~0.4 GB for this many.
SEGMENT_REPORTS = 2000


def _segment_worker(jobs, results, index_dir: str, lock_fd: int, delay: float) -> None:
    """Worker process: prepare reports from `jobs` and write them into new segments.

    Puts one ("ok", relpath, report_id, content_hash) or ("skip", relpath, reason)
    per job on `results`, a ("segment", segment) per finished segment, then
    ("done",) — or ("failed", message, is_os_error).
    """
    _worker_init(lock_fd)
    writer, written = None, 0
    try:
        while (task := jobs.get()) is not None:
            outcome = _prepare(task)
            if outcome[0] == "ok":
                if writer is None:
                    writer, written = segment_writer(index_dir), 0
                _write(writer, outcome[4], delay)
                written += 1
                outcome = outcome[:4]
            results.put(outcome)
            if writer is not None and written >= SEGMENT_REPORTS:
                results.put(("segment", finish_segment(writer)))
                writer = None
        if writer is not None:
            results.put(("segment", finish_segment(writer)))
        results.put(("done",))
    except BaseException as exc:
        results.put(("failed", _describe(exc), isinstance(exc, OSError)))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}" + (f": {exc.filename}" if exc.filename else "")
    return f"{exc.__class__.__name__}: {exc}"


class _WorkerFailed(Exception):
    def __init__(self, message: str, disk: bool):
        super().__init__(message)
        self.disk = disk


class _Workers:
    """`procs` segment workers fed from one job queue (forked before the writer exists)."""

    def __init__(self, tasks: list, procs: int, index_dir, lock_fd: int, delay: float):
        analysis.warm_up()  # load jieba once; forked workers share it
        context = multiprocessing.get_context("fork")
        self.jobs, self.results = context.Queue(), context.Queue()
        for task in tasks:
            self.jobs.put(task)
        for _ in range(procs):
            self.jobs.put(None)
        self.processes = [context.Process(target=_segment_worker, daemon=True,
                                          args=(self.jobs, self.results, str(index_dir), lock_fd, delay))
                          for _ in range(procs)]
        for process in self.processes:
            process.start()
        self.segments: list = []

    def outcomes(self) -> Iterator[tuple]:
        """Each report's outcome as the workers finish it; raises _WorkerFailed."""
        import queue

        running = len(self.processes)
        while running:
            try:
                item = self.results.get(timeout=1.0)
            except queue.Empty:
                if any(p.exitcode not in (None, 0) for p in self.processes):
                    raise _WorkerFailed("a build worker died", disk=False) from None
                continue
            if item[0] == "done":
                running -= 1
            elif item[0] == "segment":
                self.segments.append(item[1])
            elif item[0] == "failed":
                raise _WorkerFailed(item[1], disk=item[2])
            else:
                yield item

    def stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join(timeout=10)
        for q in (self.jobs, self.results):
            q.cancel_join_thread()
            q.close()


def _progress(total: int, enabled: bool):
    import shutil

    from tqdm import tqdm

    # Some terminals report a 0x0 size, with which tqdm draws nothing at all
    size = shutil.get_terminal_size((0, 0))
    ncols = None if size.columns >= 40 else 80
    nrows = None if size.lines >= 2 else 24
    return tqdm(ncols=ncols, nrows=nrows, total=total, unit="report", disable=not (enabled and sys.stderr.isatty()), mininterval=0.2)


def _clean(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if v not in ("", None)}


def build_index(corpus_dir, index_dir, procs: int | None = None, progress: bool = True) -> BuildSummary:
    """Bring the index in `index_dir` in line with the files in `corpus_dir`.

    Raises IndexBusyError when another build holds the index,
    IndexUnavailableError when the index cannot be written or the corpus
    directory does not exist. Unreadable files are skipped with their reason.
    """
    from indexer.corpus import scan_corpus

    started = time.monotonic()
    corpus = Path(corpus_dir)
    if not corpus.is_dir():
        raise IndexUnavailableError(f"no corpus directory at {corpus}")
    procs = procs or os.cpu_count() or 1
    delay = float(os.environ.get(DELAY_ENV) or 0)
    summary = BuildSummary()
    with build_lock(index_dir) as lock_fd:
        ix = open_or_create(index_dir)
        entries, skipped = scan_corpus(corpus)
        for item in skipped:
            summary.skipped.append((str(getattr(item, "relpath", None) or getattr(item, "file", "")), str(getattr(item, "reason", ""))))
        existing = _existing(ix)
        current = {e.relpath for e in entries}
        tasks = []
        for entry in entries:
            known = existing.get(entry.relpath)
            if known and known.report_id == entry.report_id and known.file_stat and known.file_stat == _file_stat(Path(entry.path)):
                summary.unchanged.append(entry.relpath)
            else:
                tasks.append((entry, datetime.now(timezone.utc).isoformat(timespec="seconds")))
        summary.removed = sorted(rel for rel in existing if rel not in current)
        workers = None
        writer = None
        try:
            parallel = procs > 1 and len(tasks) > 1
            if parallel:  # fork before the writer exists: workers must not inherit its lock
                workers = _Workers(tasks, min(procs, len(tasks)), index_dir, lock_fd, delay)
            writer = build_writer(ix)
            for rel in summary.removed:
                writer.delete_by_term("report_id", existing[rel].report_id)
            bar = _progress(len(tasks), progress)
            outcomes = workers.outcomes() if parallel else map(_prepare, tasks)
            for result in outcomes:
                bar.update(1)
                if result[0] == "skip":
                    _, rel, reason = result
                    summary.skipped.append((rel, reason))
                    if rel in existing:  # its old text no longer matches the file
                        writer.delete_by_term("report_id", existing[rel].report_id)
                    continue
                _, rel, report_id, content_hash = result[:4]
                known = existing.get(rel)
                if known:
                    writer.delete_by_term("report_id", known.report_id)
                    if known.content_hash == content_hash and known.report_id == report_id:
                        summary.unchanged.append(rel)  # touched only; re-added to record the new stat
                    else:
                        summary.updated.append(rel)
                else:
                    summary.added.append(rel)
                if not parallel:
                    _write(writer, result[4], delay)
                bar.set_postfix(added=len(summary.added), updated=len(summary.updated), skipped=len(summary.skipped), refresh=False)
            bar.close()
            if tasks or summary.removed:
                commit_segments(writer, workers.segments if parallel else [])
            else:
                writer.cancel()
        except (OSError, _WorkerFailed) as exc:
            if writer is not None:
                abandon(writer)
            if isinstance(exc, _WorkerFailed) and not exc.disk:
                raise IndexUnavailableError(f"the build of {index_dir} failed: {exc}; the previous index is unchanged") from None
            reason = _describe(exc) if isinstance(exc, OSError) else str(exc)
            raise IndexUnavailableError(f"cannot write the index at {index_dir} ({reason}); "
                                        "the previous index is unchanged") from None
        except BaseException:
            if writer is not None:
                abandon(writer)
            raise
        finally:
            if workers is not None:
                workers.stop()
        if tasks or summary.removed or stored_generation(index_dir) != ix.latest_generation():
            try:  # after the commit: a killed pass leaves an old generation recorded, run again next time
                summary.copies = run_copy_pass(ix, index_dir)
            except (OSError, sqlite3.Error) as exc:
                reason = _describe(exc) if isinstance(exc, OSError) else str(exc)
                raise IndexUnavailableError(f"copy detection could not be written to {index_dir} ({reason}); "
                                            "the index itself is committed") from None
        with ix.searcher() as searcher:
            summary.reports = len(list(searcher.document_numbers(kind="report")))
            summary.problems = len(list(searcher.document_numbers(kind="problem")))
    for name in ("added", "updated", "unchanged"):
        getattr(summary, name).sort()
    summary.skipped.sort()
    summary.seconds = time.monotonic() - started
    return summary
