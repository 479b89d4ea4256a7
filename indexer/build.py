"""`build_index`: bring the index in line with the corpus, incrementally.

New files are added, changed files replaced, deleted files removed; a file
whose size and modification time are unchanged is not read again. Reading,
parsing, classifying and segmenting run in worker processes (all cores); this
process only feeds the Whoosh writer and commits once, atomically, at the end.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from indexer.errors import IndexUnavailableError, ParseError, ReadError
from indexer.search import analysis
from indexer.search.documents import report_documents
from indexer.search.store import build_lock, open_or_create

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
    """Worker: read, parse, classify and segment one corpus entry."""
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


def _prepared(tasks: list, procs: int, lock_fd: int) -> Iterator[tuple]:
    if procs <= 1 or len(tasks) <= 1:
        yield from map(_prepare, tasks)
        return
    analysis.warm_up()  # load jieba once; forked workers share it
    context = multiprocessing.get_context("fork")
    with context.Pool(procs, initializer=_worker_init, initargs=(lock_fd,)) as pool:
        yield from pool.imap_unordered(_prepare, tasks, chunksize=1)


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
        writer = ix.writer(limitmb=256)
        try:
            for rel in summary.removed:
                writer.delete_by_term("report_id", existing[rel].report_id)
            bar = _progress(len(tasks), progress)
            for result in _prepared(tasks, procs, lock_fd):
                bar.update(1)
                if result[0] == "skip":
                    _, rel, reason = result
                    summary.skipped.append((rel, reason))
                    if rel in existing:  # its old text no longer matches the file
                        writer.delete_by_term("report_id", existing[rel].report_id)
                    continue
                _, rel, report_id, content_hash, docs = result
                known = existing.get(rel)
                if known:
                    writer.delete_by_term("report_id", known.report_id)
                    if known.content_hash == content_hash and known.report_id == report_id:
                        summary.unchanged.append(rel)  # touched only; re-added to record the new stat
                    else:
                        summary.updated.append(rel)
                else:
                    summary.added.append(rel)
                for doc in docs:
                    writer.add_document(**_clean(doc))
                bar.set_postfix(added=len(summary.added), updated=len(summary.updated), skipped=len(summary.skipped), refresh=False)
                if delay:
                    time.sleep(delay)
            bar.close()
            if tasks or summary.removed:
                writer.commit()
            else:
                writer.cancel()
        except BaseException:
            writer.cancel()
            raise
        with ix.searcher() as searcher:
            summary.reports = len(list(searcher.document_numbers(kind="report")))
            summary.problems = len(list(searcher.document_numbers(kind="problem")))
    for name in ("added", "updated", "unchanged"):
        getattr(summary, name).sort()
    summary.skipped.sort()
    summary.seconds = time.monotonic() - started
    return summary
