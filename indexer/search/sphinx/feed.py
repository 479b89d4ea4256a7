"""Writing to the cluster: each report goes to its own shard node, never through the aggregator.

Sphinx cannot write through a distributed index, so the writer routes every
report (with its problem statements) to `rows.shard_of(report_id)` and writes
it there with REPLACE, which swaps a document atomically: searches running
meanwhile see the old or the new version, never neither. Statements that a
report no longer has are deleted after its new rows are in.

`build_sphinx` brings the cluster in line with a corpus folder the way
`indexer.build.build_index` does for the embedded index: new files added,
changed files replaced, deleted files removed, unchanged files not read,
files whose manifest.csv line changed read again (`BuildSummary.manifest`);
then the same archive-wide identity step (`indexer.identity`) over every
report in the cluster, and the reports whose organ it names differently
are written again.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import pymysql

from indexer.errors import IndexUnavailableError
from indexer.search.sphinx.conf import SHARD_INDEX
from indexer.search.sphinx.rows import KIND_CODES, hash63, insert_statements, prepare, report_rows, shard_of, unpack_facts

BATCH_REPORTS = 50


def _connect(address: str):
    host, _, port = address.rpartition(":")
    try:
        return pymysql.connect(host=host or "127.0.0.1", port=int(port), autocommit=True, charset="utf8",
                               connect_timeout=10, max_allowed_packet=32 * 2**20)
    except pymysql.err.OperationalError as exc:
        raise IndexUnavailableError(f"shard node {address} does not answer: {exc}") from exc


class ShardWriter:
    """Writes records to the shard nodes at `addresses` (SphinxQL "host:port", in shard order)."""

    def __init__(self, addresses: list[str]):
        if not addresses:
            raise IndexUnavailableError("no shard node given (NIANBAO_SPHINX_SHARDS)")
        self.addresses = list(addresses)
        self._connections = [_connect(a) for a in self.addresses]

    def close(self) -> None:
        for connection in self._connections:
            connection.close()

    def __enter__(self) -> "ShardWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def shard(self, report_id: str) -> int:
        return shard_of(report_id, len(self.addresses))

    def _execute(self, shard: int, sql: str, params=None) -> list[tuple]:
        try:
            with self._connections[shard].cursor() as cursor:
                cursor.execute(sql, params)
                return list(cursor.fetchall())
        except pymysql.err.MySQLError as exc:  # a shard lost mid-build: the build stops, what is written stays
            raise IndexUnavailableError(f"shard node {self.addresses[shard]} failed: {exc}; "
                                        "documents written so far stay, the next build completes the rest") from exc

    def _ids_of(self, shard: int, report_hashes: list[int]) -> dict[int, set[int]]:
        """Document ids on `shard` per report hash."""
        found: dict[int, set[int]] = {h: set() for h in report_hashes}
        last = 0
        while True:
            rows = self._execute(shard, f"SELECT id, report_hash FROM {SHARD_INDEX} WHERE report_hash IN "
                                        f"({', '.join(map(str, report_hashes))}) AND id > {last} ORDER BY id ASC "
                                        f"LIMIT 5000 OPTION max_matches=5000")
            for doc, report_hash in rows:
                found[report_hash].add(doc)
            if len(rows) < 5000:
                return found
            last = rows[-1][0]

    def put(self, records: Iterable[dict]) -> int:
        """Add or replace these reports (and their problem statements); returns how many."""
        by_shard: dict[int, list[dict]] = {}
        for record in records:
            by_shard.setdefault(self.shard(record["report_id"]), []).append(record)
        for shard, batch in by_shard.items():
            old = self._ids_of(shard, [hash63(r["report_id"]) for r in batch])
            rows, values = [], []
            for record in batch:
                found_rows, found_values = report_rows(record)
                rows += found_rows
                values += found_values
            for sql, params in insert_statements(rows, values):
                self._execute(shard, sql, params)
            kept = {row["id"] for row in rows}
            stale = [doc for docs in old.values() for doc in docs if doc not in kept]
            self._delete_ids(shard, stale)
        return sum(len(b) for b in by_shard.values())

    def delete(self, report_ids: Iterable[str]) -> None:
        """Remove these reports and their problem statements."""
        by_shard: dict[int, list[str]] = {}
        for report_id in report_ids:
            by_shard.setdefault(self.shard(report_id), []).append(report_id)
        for shard, ids in by_shard.items():
            old = self._ids_of(shard, [hash63(r) for r in ids])
            self._delete_ids(shard, [doc for docs in old.values() for doc in docs])

    def _delete_ids(self, shard: int, ids: list[int]) -> None:
        for begin in range(0, len(ids), 1000):
            self._execute(shard, f"DELETE FROM {SHARD_INDEX} WHERE id IN ({', '.join(map(str, ids[begin:begin + 1000]))})")

    def _report_rows(self, columns: str) -> Iterator[tuple]:
        """`columns` (the first is `id`) of every report row of every shard, read 5,000 at a time in id order."""
        for shard in range(len(self.addresses)):
            last = 0
            while True:
                rows = self._execute(shard, f"SELECT {columns} FROM {SHARD_INDEX} "
                                            f"WHERE kind = {KIND_CODES['report']} AND id > {last} ORDER BY id ASC "
                                            f"LIMIT 5000 OPTION max_matches=5000")
                yield from rows
                if len(rows) < 5000:
                    break
                last = rows[-1][0]

    def existing(self) -> dict[str, tuple[str, str, str, str]]:
        """Reports in the cluster: file -> (report id, content hash, file stat, manifest line fingerprint)."""
        return {row[1]: (row[2], row[3], row[4], row[5])
                for row in self._report_rows("id, file, doc_key, content_hash, file_stat, manifest_hash")}

    def organs(self) -> list[tuple[str, str, str, str, str]]:
        """(report id, file, organ record JSON, agency_id, agency) of every report in the cluster."""
        return [(r[1], r[2], r[3], unpack_facts(r[4])["agency_id"], r[5])
                for r in self._report_rows("id, doc_key, file, organ, facts, agency")]

    def problem_count(self) -> int:
        """Problem statements held by all shards."""
        total = 0
        for shard in range(len(self.addresses)):
            rows = self._execute(shard, f"SELECT kind, COUNT(*) FROM {SHARD_INDEX} GROUP BY kind")
            total += sum(count for kind, count in rows if kind == KIND_CODES["problem"])
        return total

    def flush(self) -> None:
        """Write every shard's in-memory part to disk (FLUSH RTINDEX), e.g. before a backup."""
        for shard in range(len(self.addresses)):
            self._execute(shard, f"FLUSH RTINDEX {SHARD_INDEX}")


def _local_outcomes(tasks: list, procs: int) -> Iterator[tuple]:
    if procs <= 1 or len(tasks) <= 1:
        yield from map(prepare, tasks)
        return
    with multiprocessing.get_context("fork").Pool(min(procs, len(tasks))) as pool:
        yield from pool.imap_unordered(prepare, tasks, chunksize=4)


def build_sphinx(corpus_dir, shard_addresses: list[str], procs: int | None = None, dask: str | None = None,
                 rebuild: bool = False):
    """Bring the cluster in line with `corpus_dir`; returns an `indexer.build.BuildSummary`.

    `dask`: a scheduler address ("tcp://host:port"): parse and classify on its workers.
    `rebuild`: replace every report, changed or not (the cluster keeps serving meanwhile).
    """
    from indexer.build import BuildSummary
    from indexer.corpus import file_stat
    from indexer.corpus import scan_corpus

    started = time.monotonic()
    corpus = Path(corpus_dir)
    if not corpus.is_dir():
        raise IndexUnavailableError(f"no corpus directory at {corpus}")
    summary = BuildSummary()
    entries, skipped = scan_corpus(corpus)
    summary.skipped += [(str(s.file), str(s.reason)) for s in skipped]
    with ShardWriter(shard_addresses) as writer:
        existing = writer.existing()
        current = {e.relpath for e in entries}
        tasks = []
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        manifest_changed = set()
        for entry in entries:
            known = existing.get(entry.relpath)
            fingerprint = entry.manifest.fingerprint() if entry.manifest else ""
            if known and known[3] != fingerprint:
                manifest_changed.add(entry.relpath)
            if (not rebuild and known and known[0] == entry.report_id and known[2] and known[2] == file_stat(Path(entry.path))
                    and known[3] == fingerprint):
                summary.unchanged.append(entry.relpath)
            else:
                tasks.append((entry, now))
        summary.removed = sorted(rel for rel in existing if rel not in current)
        if dask:
            from indexer.distributed import outcomes
            results = outcomes(tasks, dask, prepare)
        else:
            results = _local_outcomes(tasks, procs or os.cpu_count() or 1)
        batch: list[dict] = []
        replaced = set()
        for result in results:
            if result[0] == "skip":
                summary.skipped.append(result[1:])
                if result[1] in existing:
                    writer.delete([existing[result[1]][0]])
                continue
            _, rel, report_id, content_hash, record = result
            known = existing.get(rel)
            if known and known[0] != report_id:
                replaced.add(known[0])
            if not known:
                summary.added.append(rel)
            elif rel in manifest_changed:
                summary.updated.append(rel)
                summary.manifest.append(rel)
            elif known[1] == content_hash and known[0] == report_id and not rebuild:
                summary.unchanged.append(rel)
            else:
                summary.updated.append(rel)
            batch.append(record)
            if len(batch) >= BATCH_REPORTS:
                writer.put(batch)
                batch = []
        writer.put(batch)
        writer.delete([existing[rel][0] for rel in summary.removed] + sorted(replaced))
        summary.identity = _settle_identities(writer, {e.relpath: e for e in entries}, now)
        summary.reports, summary.problems = len(writer.existing()), writer.problem_count()
    for name in ("added", "updated", "unchanged", "manifest", "identity"):
        getattr(summary, name).sort()
    summary.skipped.sort()
    summary.seconds = time.monotonic() - started
    return summary


def _settle_identities(writer: ShardWriter, entries: dict, indexed_at: str) -> list[str]:
    """The identity step over the whole cluster (`indexer.build._settle_identities`): resolve every
    report's organ and write again the reports whose stored id or name it changes. Returns their files."""
    from indexer import identity

    records, stored = [], {}
    for report_id, rel, organ, agency_id, agency in writer.organs():
        if organ and rel in entries:
            records.append(identity.OrganRecord.from_json(organ))
            stored[report_id] = (rel, agency_id, agency)
    changed = {rid: ident for rid, ident in identity.resolve(records).items()
               if rid in stored and (ident.agency_id, ident.agency) != stored[rid][1:]}
    done, batch = [], []
    for report_id in sorted(changed):
        rel = stored[report_id][0]
        outcome = prepare((entries[rel], indexed_at, changed[report_id]))
        if outcome[0] != "ok":
            continue  # the file changed under the build: the next build sees it
        batch.append(outcome[4])
        done.append(rel)
        if len(batch) >= BATCH_REPORTS:
            writer.put(batch)
            batch = []
    writer.put(batch)
    return sorted(done)
