"""From the embedded index to the cluster: `migrate(archive, shard_addresses)`.

Copies every report of an embedded index (`indexer.search.Archive`), with
its problem statements, categories, cues and settled organ identity, into
the shard nodes, without reading or parsing the corpus again: the records
are rebuilt from what the index stores. The first step of moving a running
archive onto a cluster (docs/deploy.md); a later `build_sphinx` over the
same corpus then keeps it up to date.

What the embedded index does not hand out is rebuilt or left empty: each
report's organ record is made again from the stored report
(`identity.record_of`), and the file stat is empty, so the first
`build_sphinx` afterwards reads every file once (finding them unchanged by
content hash).
"""
from __future__ import annotations

import time
from typing import Iterator

from indexer.search.sphinx.feed import BATCH_REPORTS, ShardWriter


def records_of(archive) -> Iterator[dict]:
    """Every report of `archive` as a record (`rows.make_record`'s shape), a year at a time."""
    from indexer import identity

    statements: dict[str, list] = {}
    for problem in archive.all_problems():
        statements.setdefault(problem.report_id, []).append(problem)
    for year in archive.facet_values("year"):
        for stored in archive.reports(filters={"year": [year.value]}):
            own = {p.id: p for p in statements.pop(stored.id, [])}
            problems = [{"id": pid, "number": own[pid].number, "text": own[pid].text, "categories": own[pid].categories,
                         "cues": own[pid].cues} for pid in stored.problem_ids if pid in own]
            yield {"report_id": stored.id, "file": stored.file, "content_hash": stored.content_hash,
                   "indexed_at": stored.indexed_at, "report": stored.report.to_dict(), "categories": stored.categories,
                   "problems": problems, "organ": identity.record_of(stored.id, stored.report).to_json()}


def migrate(archive, shard_addresses: list[str]) -> dict:
    """Write every report of the embedded `archive` to the shard nodes; returns counts and seconds.

    Raises IndexUnavailableError when a shard node fails (what is written stays).
    """
    started = time.monotonic()
    reports = problems = 0
    with ShardWriter(shard_addresses) as writer:
        batch: list[dict] = []
        for record in records_of(archive):
            batch.append(record)
            reports += 1
            problems += len(record["problems"])
            if len(batch) >= BATCH_REPORTS:
                writer.put(batch)
                batch = []
        writer.put(batch)
    return {"reports": reports, "problems": problems, "seconds": time.monotonic() - started}
