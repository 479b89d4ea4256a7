"""Where the copy pass keeps what it found: `copies.sqlite` beside the index.

`run_copy_pass(ix, index_dir)` (called by the build, under its lock, after
the index commit) reads every report of the committed generation, runs
`indexer.copies.CopyScan` and writes a new database, replacing the old
one atomically (`os.replace`): readers see either the old or the new file.
The database records the index generation it describes; a build whose copy
pass was killed sees a different generation and runs it again.

`CopyStore(index_dir)` is the read side for the web app: per-report shares
and statement flags, the organ's reports by year, clusters filtered by the
search facets. It opens the file read-only and never writes.
"""
from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Callable, Iterator

from indexer.copies import CopyScan, organ_key
from indexer.copyunits import ReportText
from indexer.copyunits import pack as pack_units
from indexer.copyunits import UnitCache, report_units
from indexer.errors import NotFoundError
from indexer.neardup import group_texts
from indexer.reportfields import IndexedReports, ReportFields, read_reports, rows_for

FILE = "copies.sqlite"
#: The layout of the database; a file of another layout is written again by the next build.
FORMAT = "3"
#: Facet fields a cluster can be filtered by (values as the index stores them).
FACETS = ("agency", "year", "category", "region", "level")

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE reports (report_id TEXT PRIMARY KEY, organ TEXT, agency TEXT, year INTEGER,
                      previous_id TEXT, repeated_chars INTEGER, total_chars INTEGER);
CREATE TABLE facets (report_id TEXT, field TEXT, value TEXT);
CREATE TABLE units (unit_id TEXT PRIMARY KEY, report_id TEXT, kind TEXT, section INTEGER, number INTEGER,
                    text TEXT, repeated INTEGER, shared_organs INTEGER, cluster_id TEXT,
                    holds INTEGER);
CREATE TABLE clusters (cluster_id TEXT PRIMARY KEY, kind TEXT, text TEXT, size INTEGER, organs INTEGER,
                       first_year INTEGER, last_year INTEGER, texts TEXT);
"""
#: Made once the rows are in (one sort each, rather than a b-tree grown row by row).
_INDEXES = """
CREATE INDEX reports_organ ON reports (organ, year);
CREATE INDEX facets_value ON facets (field, value, report_id);
CREATE INDEX units_report ON units (report_id);
CREATE INDEX units_cluster ON units (cluster_id, report_id);
CREATE INDEX clusters_size ON clusters (kind, size DESC, organs DESC);
"""
#: Facet rows written in batches of this many as the reports are read (not held for the whole pass).
_FACET_BATCH = 20_000


def _report_texts(searcher, prepared: dict, cache: UnitCache, fresh: dict,
                  counts: dict, reports: list[ReportFields] | None = None) -> Iterator[tuple[ReportText, ReportFields]]:
    """Every report of the index with its units: those the build's workers
    `prepared` (report id -> (content hash, packed units)), else the `cache`'s
    (read from it when the scan needs them, in report-id order), else read
    back from the index (then packed into `fresh` for the cache). `reports`:
    the index's reports with their stored fields, when already read
    (`reportfields.read_reports`)."""
    from indexer.search.documents import unpack_report

    reader = searcher.reader()
    if not reader.has_column("report_blob"):  # an empty index (every file skipped)
        return
    blobs = reader.column_reader("report_blob")
    # the units this build's workers put in the cache were whole when written: not unpacked to check them
    sound = cache.sound({rid: known[0] for rid, known in prepared.items() if known[1] is None})
    ordered = cache.in_order()
    for stored in reports if reports is not None else read_reports(searcher).reports:
        docnum, rid, content_hash = stored.docnum, stored.report_id, stored.content_hash
        known, units = prepared.get(rid), None
        if known and known[0] == content_hash and known[1] is not None:
            units, source = known[1], "prepared"
            fresh[rid] = known
        elif content_hash and sound.get(rid) == content_hash:  # the build put them in the cache, or an earlier one
            units = functools.partial(ordered, rid)
            source = "prepared" if known and known[0] == content_hash else "cached"
        if units is None:
            units, source = pack_units(report_units(rid, unpack_report(blobs[docnum]))), "read_back"
            fresh[rid] = (content_hash, units)
        counts[source] = counts.get(source, 0) + 1
        year = int(stored.year) if (stored.year or "").isdigit() else None
        yield ReportText(rid, organ_key(stored), year, units), stored


def run_copy_pass(ix, index_dir, prepared: dict | None = None, grouped: Callable[[], None] | None = None,
                  procs: int = 1, reports: IndexedReports | None = None) -> dict:
    """Detect copies over the committed index `ix` and store them in `index_dir`.

    `prepared` holds the units the build's workers made (report id ->
    (content hash, `copyunits.pack` bytes, or None when the build put them in
    the unit cache)); the others come from the unit
    cache or are read back from the index. `grouped` is called once the
    texts are grouped (the pass's largest moment is over; writing the
    database is left). With `procs` 2 the grouping shares its heaviest
    parts with a second process (`neardup.group_texts`; the same groups).
    `reports`: the index's reports with their stored fields, when the build
    has read them (`reportfields.read_reports`; read here otherwise).
    Returns the pass's figures (units,
    clusters, seconds). Raises OSError or sqlite3.Error when the database
    cannot be written (the previous one stays).
    """
    started, cpu_started = time.monotonic(), time.process_time()
    path = Path(index_dir) / FILE
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = _new_database(tmp)
    cache = UnitCache(index_dir)  # open until the scan has read its units a second time
    written = False
    try:
        texts, rows, sources, generation = _read_reports(ix, cache, prepared or {}, db, reports)
        read, read_cpu = time.monotonic() - started, time.process_time() - cpu_started
        scan = CopyScan(texts, functools.partial(group_texts, procs=procs), members=False)
        if grouped is not None:
            grouped()
        shares = {s.report_id: s for s in scan.shares}
        db.executemany("INSERT INTO reports VALUES (?,?,?,?,?,?,?)",
                       [(rid, organ, agency, year, shares[rid].previous_id, shares[rid].repeated_chars, shares[rid].total_chars)
                        for rid, organ, agency, year in rows])
        db.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?)",
                       ((f.unit_id, f.report_id, f.kind, section, number, text, int(f.repeated), f.shared_organs,
                         f.cluster_id, int(f.holds)) for f, text, section, number in scan.flags()))
        db.executemany("INSERT INTO clusters VALUES (?,?,?,?,?,?,?,?)",
                       [(c.id, c.kind, c.text, c.size, len(c.organs), min(c.years, default=None),
                         max(c.years, default=None), "\n".join(c.variants)) for c in scan.clusters()])
        db.executescript(_INDEXES)
        detected_cpu = time.process_time() - cpu_started - read_cpu
        stats = dict(scan.stats, seconds=round(time.monotonic() - started, 3), read_seconds=round(read, 3),
                     cpu_seconds=round(time.process_time() - cpu_started, 3), read_cpu_seconds=round(read_cpu, 3),
                     detect_cpu_seconds=round(detected_cpu, 3), units_from=sources)
        db.executemany("INSERT INTO meta VALUES (?,?)",
                       [("format", FORMAT), ("generation", str(generation)), ("stats", json.dumps(stats))])
        db.commit()
        written = True
    finally:
        cache.close()
        db.close()
        if not written:
            tmp.unlink(missing_ok=True)
    with open(tmp, "rb") as fh:  # no journal was kept: the file reaches the disk before it replaces the old one
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return stats


def _new_database(tmp: Path) -> sqlite3.Connection:
    """The pass's database, empty, without a journal: it is a new file that
    replaces the old one only once complete (a failed pass deletes it)."""
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.executescript(_TABLES)
    return db


def _read_reports(ix, cache: UnitCache, prepared: dict, db: sqlite3.Connection,
                  reports: IndexedReports | None = None) -> tuple[list[ReportText], list, dict, int]:
    """Every report's `ReportText`, its facet rows written to `db` as they
    come; returns (texts, report rows, units by source, index generation)."""
    texts, rows, facets = [], [], []
    fresh: dict[str, tuple[str, bytes]] = {}
    sources: dict[str, int] = {}
    with ix.searcher() as searcher:
        generation = searcher.reader().generation()
        known = rows_for(searcher, reports)
        for text, stored in _report_texts(searcher, prepared, cache, fresh, sources, known):
            texts.append(text)
            rows.append((text.report_id, text.organ, stored.get("agency", ""), text.year))
            for name in FACETS:
                for value in (stored.get(name) or "").split(",") if name in ("region", "category") else [stored.get(name) or ""]:
                    if value:
                        facets.append((text.report_id, name, value))
            if len(facets) >= _FACET_BATCH:
                db.executemany("INSERT INTO facets VALUES (?,?,?)", facets)
                facets.clear()
    db.executemany("INSERT INTO facets VALUES (?,?,?)", facets)
    try:  # the cache only saves work: it never fails the pass
        cache.keep(fresh, {t.report_id for t in texts})
    except sqlite3.Error:
        pass
    return texts, rows, sources, generation


def stored_generation(index_dir) -> int | None:
    """The index generation `copies.sqlite` describes, or None when there is
    none (or it has an older layout, `FORMAT`)."""
    try:
        with CopyStore(index_dir) as store:
            return int(store.meta("generation"))
    except (NotFoundError, sqlite3.Error, TypeError, ValueError):
        return None


def text_matcher(query: str) -> Callable[[str], bool]:
    """A test of whether a text matches the search query `query`, as the
    search matches it (`indexer.search.query`: exact runs of folded text;
    AND, OR, NOT, phrases). Raises QueryError for a query search refuses."""
    from whoosh import query as wq

    from indexer.search.exact import fold
    from indexer.search.query import needle_of, parse_query

    def holds(node, folded: str) -> bool:
        found = needle_of(node)
        if found is not None:
            return found.pattern().search(folded) is not None
        if isinstance(node, wq.And):
            return all(holds(sub, folded) for sub in node.subqueries)
        if isinstance(node, wq.Or):
            return any(holds(sub, folded) for sub in node.subqueries)
        if isinstance(node, wq.Not):
            return not holds(node.query, folded)
        if isinstance(node, wq.AndNot):
            return holds(node.a, folded) and not holds(node.b, folded)
        if isinstance(node, wq.AndMaybe):
            return holds(node.a, folded)
        return False  # nothing searchable in it: search matches nothing either

    parsed = parse_query(query)
    return lambda text: holds(parsed, fold(text or ""))


class CopyStore:
    """Read-only view of `copies.sqlite`. Raises NotFoundError when the build has not written one."""

    def __init__(self, index_dir):
        path = Path(index_dir) / FILE
        if not path.is_file():
            raise NotFoundError("尚未运行雷同检测：请运行 `python -m indexer build`")
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        if self.meta("format") != FORMAT:
            self.db.close()
            raise NotFoundError("雷同检测结果是旧格式：请重新运行 `python -m indexer build`")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.db.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def report(self, report_id: str) -> dict | None:
        """{report_id, organ, agency, year, previous_id, repeated_chars, total_chars, share} or None."""
        row = self.db.execute("SELECT * FROM reports WHERE report_id=?", (report_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["share"] = row["repeated_chars"] / row["total_chars"] if row["total_chars"] and row["previous_id"] else None
        return out

    def organs(self, report_ids) -> dict[str, str]:
        """{report id: its organ key} for those of `report_ids` the store knows."""
        ids = list(dict.fromkeys(report_ids))
        found = {}
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[start:start + 500]
            rows = self.db.execute(f"SELECT report_id, organ FROM reports WHERE report_id IN ({','.join('?' * len(chunk))})",
                                   chunk)
            found.update((row["report_id"], row["organ"] or "") for row in rows)
        return found

    def organ_reports(self, organ: str) -> list[dict]:
        """The organ's reports, oldest year first (see `report`)."""
        ids = [r[0] for r in self.db.execute("SELECT report_id FROM reports WHERE organ=? ORDER BY year, report_id", (organ,))]
        return [self.report(rid) for rid in ids]

    def unit_flags(self, report_id: str) -> dict[str, dict]:
        """unit id -> {repeated, shared_organs, cluster_id, holds, kind, text} for the report's flagged units
        (`holds`: the statement holds its cluster's text whole, with sentences of its own)."""
        rows = self.db.execute("SELECT * FROM units WHERE report_id=?", (report_id,))
        return {r["unit_id"]: dict(r) for r in rows}

    def clusters(self, kind: str = "problem", filters: dict | None = None, exclude: dict | None = None,
                 order: str = "size", limit: int = 50, offset: int = 0,
                 matches: Callable[[str], bool] | None = None) -> tuple[int, list[dict]]:
        """(total, clusters of `kind` with a member report matching the facet
        filters and, with `matches` (see `text_matcher`), a member text it
        accepts), biggest first."""
        where, args = ["c.kind = ?"], [kind]
        if matches is not None:
            self.db.create_function("matches_query", 1, lambda texts: any(matches(t) for t in (texts or "").split("\n")),
                                    deterministic=True)
            where.append("matches_query(c.texts)")
        member = []
        for name, values in (filters or {}).items():
            if name in FACETS and values:
                member.append(f"EXISTS (SELECT 1 FROM facets f WHERE f.report_id = u.report_id AND f.field = ? "
                              f"AND f.value IN ({','.join('?' * len(values))}))")
                args += [name, *values]
        for name, values in (exclude or {}).items():
            if name in FACETS and values:
                member.append(f"NOT EXISTS (SELECT 1 FROM facets f WHERE f.report_id = u.report_id AND f.field = ? "
                              f"AND f.value IN ({','.join('?' * len(values))}))")
                args += [name, *values]
        if member:
            where.append("EXISTS (SELECT 1 FROM units u WHERE u.cluster_id = c.cluster_id AND " + " AND ".join(member) + ")")
        sql = " WHERE " + " AND ".join(where)
        total = self.db.execute("SELECT COUNT(*) FROM clusters c" + sql, args).fetchone()[0]
        sort = {"size": "c.size DESC, c.organs DESC", "organs": "c.organs DESC, c.size DESC",
                "size_asc": "c.size ASC, c.organs ASC", "year": "c.last_year DESC, c.size DESC"}.get(order, "c.size DESC")
        rows = self.db.execute(f"SELECT c.* FROM clusters c{sql} ORDER BY {sort}, c.cluster_id LIMIT ? OFFSET ?",
                               [*args, limit, offset])
        return total, [dict(r) for r in rows]

    def cluster(self, cluster_id: str) -> dict:
        """One cluster with its members ({unit_id, report_id, agency, organ, year, text, holds}; `holds`:
        a longer statement holding the cluster's text whole); raises NotFoundError."""
        row = self.db.execute("SELECT * FROM clusters WHERE cluster_id=?", (cluster_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {cluster_id} 的雷同组")
        members = self.db.execute(
            "SELECT u.unit_id, u.report_id, u.section, u.text, u.holds, r.agency, r.organ, r.year FROM units u "
            "JOIN reports r ON r.report_id = u.report_id WHERE u.cluster_id=? ORDER BY r.year, u.unit_id", (cluster_id,))
        return dict(row) | {"members": [dict(m) for m in members]}

    def copied_reports(self) -> set[str]:
        """Ids of reports with a statement repeated from their previous report or shared with other organs."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT report_id FROM units WHERE kind = 'problem'")}
