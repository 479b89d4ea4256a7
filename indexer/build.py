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

import gc
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from indexer import buildtail
from indexer.copyunits import UnitCache, prepared_units
from indexer.corpus import file_stat
from indexer.errors import IndexUnavailableError, ParseError, ReadError
from indexer.filelimits import FILE_MEMORY, FILE_SECONDS, file_limits
from indexer.forked import trim_heap
from indexer.parserversion import parser_version, record_version, recorded_version
from indexer.search import analysis
from indexer.search.documents import report_documents
from indexer.search.store import (abandon, build_lock, build_writer, commit_segments, discard_partial, open_or_create,
                                  repair)
from indexer.timeline import Timeline
from indexer.vectortext import prepared_text, text_cache
from indexer.workers import SegmentWorkers, WorkerFailed, describe_error, organ_fields

#: Test hook: seconds to sleep after each report is written (to kill a build mid-way).
DELAY_ENV = "NIANBAO_BUILD_TEST_DELAY"
#: At most this many problem statements are indexed per report (a file of
#: repeated headings once gave 120,000); the report says how many it had.
MAX_PROBLEMS = 300


@dataclass
class BuildSummary:
    """What a build did, by corpus-relative file path."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    #: indexed again because their manifest.csv line changed (also in `updated`)
    manifest: list[str] = field(default_factory=list)
    #: indexed again because the archive-wide identity step gave their organ
    #: another id or name (indexer.identity)
    identity: list[str] = field(default_factory=list)
    #: indexed again because the parser changed since the last build (also in
    #: `updated`); `parser_change` says from which version to which
    parser: list[str] = field(default_factory=list)
    parser_change: str = ""
    repaired: list[str] = field(default_factory=list)  # what was done to a damaged index first
    reports: int = 0  # report documents in the index after the build
    problems: int = 0
    seconds: float = 0.0
    copies: dict = field(default_factory=dict)  # the copy pass's figures, when it ran
    vectors: dict = field(default_factory=dict)  # the word-vector step's figures (indexer.vectors)
    steps: list[dict] = field(default_factory=list)  # each step's wall, CPU and memory (indexer.timeline)

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)


@dataclass
class _Indexed:
    report_id: str
    content_hash: str
    file_stat: str
    manifest_hash: str = ""
    organ: str | None = None  # identity.OrganRecord JSON; None in an index from before it
    agency_id: str = ""
    agency: str = ""


def _existing(ix) -> dict[str, _Indexed]:
    """The report documents already in the index, by file."""
    out = {}
    with ix.searcher() as searcher:
        for docnum in searcher.document_numbers(kind="report"):
            stored = searcher.stored_fields(docnum)
            out[stored["file"]] = _Indexed(stored["report_id"], stored.get("content_hash", ""), stored.get("file_stat", ""),
                                           stored.get("manifest_hash", ""), stored.get("organ"),
                                           stored.get("agency_id", ""), stored.get("agency", ""))
    return out


#: Identities the archive-wide step settled, by report id: set in this
#: process before a second round re-indexes the reports they changed.
_IDENTITIES: dict = {}


def _prepare(task: tuple[Any, str]) -> tuple:
    """Read, parse, classify and segment one corpus entry (in a worker)."""
    from indexer import identity
    from indexer.categories import classify
    from indexer.corpus import load_report

    entry, indexed_at = task
    try:
        with file_limits(FILE_SECONDS, FILE_MEMORY):
            loaded = load_report(entry)
            cap_problems(loaded.report)
            record = identity.record_of(loaded.report_id, loaded.report)
            identity.apply(loaded.report, _IDENTITIES.get(loaded.report_id) or identity.alone(record))
            docs = report_documents(loaded.report_id, loaded.report, loaded.relpath, loaded.content_hash, indexed_at, classify)
            copy_units = prepared_units(loaded.report_id, loaded.report)  # for the copy pass, made here in parallel
            training = prepared_text(loaded.report)  # and the word vectors' first text
    except (ReadError, ParseError) as exc:
        return ("skip", entry.relpath, str(exc) or exc.__class__.__name__)
    except Exception as exc:  # a parser bug must cost one file, not the build
        return ("skip", entry.relpath, f"unexpected {exc.__class__.__name__}: {exc}")
    docs[0]["file_stat"] = file_stat(Path(entry.path))
    docs[0]["organ"] = record.to_json()
    docs[0]["manifest_hash"] = entry.manifest.fingerprint() if entry.manifest else ""
    return ("ok", loaded.relpath, loaded.report_id, loaded.content_hash, docs, copy_units, training)


def _keep_units(cache: "UnitCache | None", prepared: dict, report_id: str = "", content_hash: str = "",
                blob: bytes = b"") -> "UnitCache | None":
    """Put a report's copy units into the unit cache and note them in
    `prepared` as (content hash, None); with no report, write what is
    pending and close the cache. Once the cache fails, the units stay in
    `prepared` themselves. Returns the cache, or None from then on."""
    try:
        if cache is not None and report_id:
            cache.put(report_id, content_hash, blob)
            prepared[report_id] = (content_hash, None)  # the workers' units, in the cache
            return cache
        if cache is not None:
            cache.flush()
            cache.close()
        return None
    except sqlite3.Error:  # the cache only saves work: keep the units here
        prepared.update((rid, (h, b)) for rid, h, b in cache._pending)
        cache.close()
    if report_id:
        prepared[report_id] = (content_hash, blob)
    return None


def _keep_text(cache: "UnitCache | None", report_id: str = "", content_hash: str = "",
               blob: bytes = b"") -> "UnitCache | None":
    """Put a report's first training text (`indexer.vectortext`) into its
    cache; with no report, write what is pending and close it. Returns the
    cache, or None once it failed (the vector step then reads those back)."""
    if cache is None:
        return None
    try:
        if report_id:
            cache.put(report_id, content_hash, blob)
            return cache
        cache.flush()
    except sqlite3.Error:
        pass
    cache.close()
    return None


def cap_problems(report, limit: int = MAX_PROBLEMS) -> None:
    """Keep the first `limit` problem statements of `report`, with a warning."""
    if len(report.problems) > limit:
        report.warnings.append(f"problem statements capped: {len(report.problems)} found, the first {limit} indexed")
        del report.problems[limit:]


def _write(writer, docs: list[dict], delay: float) -> None:
    for doc in docs:
        writer.add_document(**_clean(doc))
    if delay:
        time.sleep(delay)


#: Up to this many reports the vector step trains beside the copy pass's
#: grouping (which then peaks at ~0.5 GB), not only after it.
VECTORS_TRAIN_BESIDE = 50_000


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


def build_index(corpus_dir, index_dir, procs: int | None = None, progress: bool = True,
                force: bool = False, dask: str | None = None, sample_memory: float | None = None) -> BuildSummary:
    """Bring the index in `index_dir` in line with the files in `corpus_dir`.

    A file is read again when it changed, when its manifest.csv line changed
    (`summary.manifest`), when the parser changed since the last build
    (`indexer.parserversion`: every file, `summary.parser`), or always with
    `force`. Then the identity step
    (`indexer.identity`) runs over the whole archive, and the reports whose
    organ it names differently are indexed again (`summary.identity`).

    Raises IndexBusyError when another build holds the index,
    IndexUnavailableError when the index cannot be written or the corpus
    directory does not exist. Unreadable files are skipped with their reason.
    With `dask` (a scheduler address) reports are prepared on its workers.
    `summary.steps` times each step (`indexer.timeline`); with `sample_memory`
    (seconds) a thread samples the build's memory that often for each step's peak.
    """
    started = time.monotonic()
    corpus = Path(corpus_dir)
    if not corpus.is_dir():
        raise IndexUnavailableError(f"no corpus directory at {corpus}")
    procs = procs or os.cpu_count() or 1
    delay = float(os.environ.get(DELAY_ENV) or 0)
    summary = BuildSummary()
    timeline = Timeline(sample=sample_memory)
    try:
        _build(corpus, index_dir, procs, force, dask, delay, progress, summary, timeline)
    finally:
        timeline.close()
        summary.steps = timeline.as_dicts()
    for name in ("added", "updated", "unchanged", "manifest", "identity", "parser"):
        getattr(summary, name).sort()
    summary.skipped.sort()
    summary.seconds = time.monotonic() - started
    return summary


def _build(corpus: Path, index_dir, procs: int, force: bool, dask: str | None, delay: float, progress: bool,
           summary: BuildSummary, timeline: Timeline) -> None:
    timeline.begin("scan")
    with build_lock(index_dir) as lock_fd:
        ix, prepared, large, changed = _index_files(corpus, index_dir, lock_fd, procs, force, dask, delay, progress,
                                                    summary, timeline)
        gc.collect()  # what it held in cycles (the workers' queues and their threads) goes now, not in the tail
        trim_heap()  # before the fork: the vector process shares fewer pages the parent will rewrite
        buildtail.copies_and_vectors(ix, index_dir, lock_fd, prepared, summary, timeline, procs=procs, dask=dask,
                                     large=large, changed=changed)


def _index_files(corpus: Path, index_dir, lock_fd: int, procs: int, force: bool, dask: str | None, delay: float,
                 progress: bool, summary: BuildSummary, timeline: Timeline) -> tuple:
    """The build under its lock up to the steps after the commit: the workers, the
    commit and the identity step. Returns (index, the workers' units for the copy
    pass, whether the archive is large, whether anything changed); the rest it
    held (the corpus's entries and tasks, each file's organ, the workers) goes with
    it, before the tail forks processes that would share it."""
    from indexer.corpus import scan_corpus

    try:
        summary.repaired = repair(index_dir)
    except OSError as exc:
        raise IndexUnavailableError(f"cannot repair the index at {index_dir} ({describe_error(exc)})") from None
    ix = open_or_create(index_dir)
    entries, skipped = scan_corpus(corpus)
    for item in skipped:
        summary.skipped.append((str(getattr(item, "relpath", None) or getattr(item, "file", "")), str(getattr(item, "reason", ""))))
    existing = _existing(ix)
    current = {e.relpath for e in entries}
    version, last_version = parser_version(), recorded_version(index_dir)
    reparse = bool(existing) and last_version != version
    if reparse:
        summary.parser_change = f"{last_version or 'unrecorded'} → {version}"
    tasks = []
    manifest_changed = set()
    for entry in entries:
        known = existing.get(entry.relpath)
        fingerprint = entry.manifest.fingerprint() if entry.manifest else ""
        if known and known.manifest_hash != fingerprint:
            manifest_changed.add(entry.relpath)
        if (not force and not reparse and known and known.report_id == entry.report_id and known.file_stat
                and known.file_stat == file_stat(Path(entry.path)) and known.manifest_hash == fingerprint
                and known.organ is not None):
            summary.unchanged.append(entry.relpath)
        else:
            tasks.append((entry, datetime.now(timezone.utc).isoformat(timespec="seconds")))
    summary.removed = sorted(rel for rel in existing if rel not in current)
    workers = None
    writer = None
    failed = True
    try:
        parallel = procs > 1 and len(tasks) > 1 and not dask
        timeline.begin("workers")
        if parallel:  # fork before the writer exists: workers must not inherit its lock
            workers = SegmentWorkers(tasks, min(procs, len(tasks)), index_dir, lock_fd, delay, _prepare, _write)
        writer = build_writer(ix)
        for rel in summary.removed:
            writer.delete_by_term("report_id", existing[rel].report_id)
        bar = _progress(len(tasks), progress)
        outcomes = workers.outcomes() if parallel else map(_prepare, tasks)
        if dask:  # the same outcomes, prepared on a Dask cluster (indexer.distributed)
            from indexer.distributed import outcomes as dask_outcomes
            outcomes = dask_outcomes(tasks, dask, _prepare)
        recorded: set[str] = set()
        # each file's (report id, organ fields) as the committed index will hold them: the identity step's input
        organs = {rel: (known.report_id, known.organ, known.agency_id, known.agency)
                  for rel, known in existing.items() if rel in current}
        # the workers' copy units go to the unit cache as they come, where the
        # copy pass reads them (100k reports: ~300 MB not held through the build);
        # in memory only if the cache cannot be written
        prepared: dict[str, tuple[str, bytes | None]] = {}
        try:
            units: UnitCache | None = UnitCache(index_dir)
        except (sqlite3.Error, OSError):
            units = None
        texts = text_cache(index_dir)  # the vectors' first texts, likewise (read back from the index without it)
        for result in outcomes:
            bar.update(1)
            if result[0] == "skip":
                _, rel, reason = result
                summary.skipped.append((rel, reason))
                if rel in existing:  # its old text no longer matches the file
                    writer.delete_by_term("report_id", existing[rel].report_id)
                    organs.pop(rel, None)
                continue
            _, rel, report_id, content_hash = result[:4]
            if rel in recorded:  # prepared again after its worker died
                continue
            recorded.add(rel)
            organs[rel] = (report_id, *(result[4] if parallel else organ_fields(result[4][0])))
            units = _keep_units(units, prepared, report_id, content_hash, result[-2])  # they come last
            texts = _keep_text(texts, report_id, content_hash, result[-1])
            known = existing.get(rel)
            if known:
                writer.delete_by_term("report_id", known.report_id)
                if rel in manifest_changed:
                    summary.updated.append(rel)
                    summary.manifest.append(rel)
                elif reparse:
                    summary.updated.append(rel)
                    summary.parser.append(rel)
                elif known.content_hash == content_hash and known.report_id == report_id and not force:
                    summary.unchanged.append(rel)  # touched only; re-added to record the new stat
                else:
                    summary.updated.append(rel)
            else:
                summary.added.append(rel)
            if not parallel:
                _write(writer, result[4], delay)
            if not bar.disable:  # formatting the counts costs ~45 µs a report even when nothing is shown
                bar.set_postfix(added=len(summary.added), updated=len(summary.updated), skipped=len(summary.skipped),
                                refresh=False)
        bar.close()
        if parallel:
            analysis.release_routes()
        units = _keep_units(units, prepared)
        texts = _keep_text(texts)
        timeline.begin("commit")
        if tasks or summary.removed:
            commit_segments(writer, workers.segments if parallel else [])
        else:
            writer.cancel()
        failed = False
        if last_version != version:
            try:
                record_version(index_dir, version)
            except OSError:  # unrecorded: the next build reads every file again, nothing worse
                pass
    except (OSError, WorkerFailed) as exc:
        if writer is not None:
            abandon(writer)
        if isinstance(exc, WorkerFailed) and not exc.disk:
            raise IndexUnavailableError(f"the build of {index_dir} failed: {exc}; the previous index is unchanged") from None
        reason = describe_error(exc) if isinstance(exc, OSError) else str(exc)
        raise IndexUnavailableError(f"cannot write the index at {index_dir} ({reason}); "
                                    "the previous index is unchanged") from None
    except BaseException:
        if writer is not None:
            abandon(writer)
        raise
    finally:
        if workers is not None:
            workers.stop()
        if failed:  # its partial segments would fill the disk for the next build
            discard_partial(index_dir)
    timeline.begin("identity")
    summary.identity = _settle_identities(ix, {e.relpath: e for e in entries}, delay, organs)
    return (ix, prepared, len(entries) > VECTORS_TRAIN_BESIDE, bool(tasks or summary.removed))


def _settle_identities(ix, entries: dict, delay: float, organs: dict | None = None) -> list[str]:
    """The identity step over the whole index: resolve every report's organ
    (`identity.resolve`) and index again, in one more commit, the reports
    whose stored id or name it changes. Returns their files. `organs`
    (file -> (report id, organ record JSON, agency_id, agency)) is what the
    build knows the index holds, from its workers and the reports it kept:
    without it, every report's stored fields are read."""
    from indexer import identity

    if organs is None:
        organs = {}
        with ix.searcher() as searcher:
            for docnum in searcher.document_numbers(kind="report"):
                fields = searcher.stored_fields(docnum)
                organs[fields.get("file")] = (fields["report_id"], fields.get("organ"), fields.get("agency_id", ""),
                                              fields.get("agency", ""))
    records, stored = [], {}
    for rel, (report_id, organ, agency_id, agency) in organs.items():
        if organ and rel in entries:
            records.append(identity.OrganRecord.from_json(organ))
            stored[report_id] = (rel, agency_id, agency)
    resolved = identity.resolve(records)
    changed = {rid: ident for rid, ident in resolved.items()
               if rid in stored and (ident.agency_id, ident.agency) != stored[rid][1:]}
    if not changed:
        return []
    _IDENTITIES.clear()
    _IDENTITIES.update(changed)
    writer = build_writer(ix)
    done = []
    try:
        indexed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for report_id in sorted(changed):
            rel = stored[report_id][0]
            outcome = _prepare((entries[rel], indexed_at))
            if outcome[0] != "ok":
                continue  # the file changed under the build: the next build sees it
            writer.delete_by_term("report_id", report_id)
            _write(writer, outcome[4], delay)
            done.append(rel)
        commit_segments(writer, [])
    except BaseException:
        abandon(writer)
        raise
    finally:
        _IDENTITIES.clear()
    return sorted(done)
