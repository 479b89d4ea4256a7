"""What copy detection needs of each report, prepared once: its units (`Unit`,
the `ReportText` that carries them, and their packed bytes: `pack`, `unpack`).

A report's units are its problem statements and the paragraphs of its prose
(`report_units`), each with its normalised text. The build's workers make
them while they parse (in parallel, from the report they hold, with no
second read), and `UnitCache` (`copyunits.sqlite` beside the index) keeps
them by report id and content hash, so the copy pass reads back from the
index only the reports it has never seen, and an incremental build prepares
only the new and changed ones.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from indexer.search import deflate
from indexer.similar import normalise

@dataclass
class Unit:
    """One statement or paragraph of one report."""

    id: str  # problem id, or f"{report_id}-s{section}-{n}"
    kind: str  # "problem" | "paragraph"
    text: str  # as written
    section: int | None = None
    number: int = 0
    written: str | None = None  # normalised (`indexer.similar.normalise`), when already known


@dataclass
class ReportText:
    """What copy detection needs of a report: its units, their `pack`ed
    bytes, or a function that reads those bytes (the build reads an archive's
    units from its unit cache one report at a time)."""

    report_id: str
    organ: str
    year: int | None
    units: list[Unit] | bytes | Callable[[], bytes] = field(default_factory=list)

    def unit_list(self) -> list[Unit]:
        units = self.units() if callable(self.units) else self.units
        return unpack(units) if isinstance(units, bytes) else units

    def unit_rows(self) -> list[list]:
        """The units as `pack` writes them, [id, kind, text, section, number,
        written] each, without a `Unit` made (the copy pass reads a million
        units twice at 100k reports)."""
        units = self.units() if callable(self.units) else self.units
        if isinstance(units, bytes):
            return unpack_rows(units)
        return [[u.id, u.kind, u.text, u.section, u.number, u.written] for u in units]


try:  # ISA-L reads a zlib stream in ~60 % of zlib's time (the copy pass unpacks 1.2 GB twice at 100k reports)
    from isal.isal_zlib import decompress as _decompress
    from isal.isal_zlib import error as _inflate_error
except ImportError:  # pragma: no cover
    from zlib import decompress as _decompress
    from zlib import error as _inflate_error


def pack(units: list[Unit]) -> bytes:
    """Units as compact bytes: JSON rows in a zlib stream, made by `deflate`
    (ISA-L where installed: ~3x zlib's speed, a few per cent larger)."""
    return deflate.compressed_json([[u.id, u.kind, u.text, u.section, u.number, u.written] for u in units])


def unpack(blob: bytes) -> list[Unit]:
    """Units from `pack`; raises ValueError for a blob it did not write."""
    try:
        return [Unit(i, kind, text, section, number, written) for i, kind, text, section, number, written in unpack_rows(blob)]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a packed unit list: {exc}") from None


def unpack_rows(blob: bytes) -> list[list]:
    """The rows `pack` wrote, [id, kind, text, section, number, written] a
    unit; raises ValueError for a blob that is not a zlib stream of JSON rows
    (each row's shape is the caller's to check)."""
    try:
        rows = json.loads(_decompress(blob).decode("utf-8"))
    except (zlib.error, _inflate_error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"not a packed unit list: {exc}") from None
    if not isinstance(rows, list):
        raise ValueError("not a packed unit list: not a list of rows")
    return rows


def paragraph_units(report_id: str, sections: Iterable[tuple[int | None, str]]) -> list[Unit]:
    """The paragraphs of `(section number, prose)` pairs, one unit per non-empty line.

    Paragraphs are numbered per section number across the report, so a report
    with two parts of the same number (a repeated heading) never repeats an id.
    """
    return [Unit(*row) for row in _paragraph_rows(report_id, sections)]


def _paragraph_rows(report_id: str, sections: Iterable[tuple[int | None, str]]) -> list[list]:
    """`paragraph_units`' units as rows: [id, "paragraph", text, section, number] each."""
    rows = []
    counted: dict[str, int] = {}
    for index, (number, text) in enumerate(sections):
        label = str(number) if number is not None else f"x{index}"
        for line in text.split("\n"):
            if line.strip():
                n = counted[label] = counted.get(label, 0) + 1
                rows.append([f"{report_id}-s{label}-{n}", "paragraph", line.strip(), number, n])
    return rows


FILE = "copyunits.sqlite"
#: Blobs written per transaction (each commit syncs the file: 100k reports made 200 of them per cache).
_BATCH = 5000


def report_units(report_id: str, report) -> list[Unit]:
    """The statements and prose paragraphs of a parsed `Report`, normalised."""
    from indexer.search.documents import problem_id, prose

    units = [Unit(problem_id(report_id, p.number), "problem", p.text, 5, p.number) for p in report.problems]
    units += paragraph_units(report_id, [(s.number, prose(s.text)) for s in report.sections])
    for u in units:
        u.written = normalise(u.text)
    return units


def prepared_units(report_id: str, report) -> bytes:
    """`report_units`, packed (`pack`): what a build worker sends back with a
    report. Made as `pack`'s rows directly, without a `Unit` each."""
    from indexer.search.documents import problem_id, prose

    rows = [[problem_id(report_id, p.number), "problem", p.text, 5, p.number] for p in report.problems]
    rows += _paragraph_rows(report_id, [(s.number, prose(s.text)) for s in report.sections])
    for row in rows:
        row.append(normalise(row[2]))
    return deflate.compressed_json(rows)


class UnitCache:
    """`copyunits.sqlite`: packed units by report id, valid for one content hash
    (another `file` beside the index keeps other prepared blobs the same way:
    `indexer.vectortext`).

    Only the build (under its lock) writes it. A damaged or foreign file is
    started afresh: it only ever saves work.
    """

    def __init__(self, index_dir, file: str = FILE):
        self.path = Path(index_dir) / file
        self._pending: list[tuple[str, str, bytes]] = []
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS units (report_id TEXT PRIMARY KEY, content_hash TEXT, blob BLOB)")
        return db

    def get(self, report_id: str, content_hash: str) -> bytes | None:
        """The packed units stored for this report and content hash, or None."""
        row = self.db.execute("SELECT content_hash, blob FROM units WHERE report_id=?", (report_id,)).fetchone()
        if row is None or row[0] != content_hash or not content_hash:
            return None
        try:
            zlib.decompress(row[1])  # checks the blob whole (its checksum) before the pass relies on it
        except (zlib.error, TypeError):
            return None
        return bytes(row[1])

    def sound(self, written: dict[str, str] | None = None) -> dict[str, str]:
        """report id -> content hash of every entry whose blob is whole (its
        checksum holds), read in one pass over the file; {} when the file
        cannot be read (the units are then read back from the index).
        Entries this build has just `written` (report id -> content hash)
        are taken as whole without unpacking them again."""
        written = written or {}
        out = {}
        try:
            self.db.create_function("written_now", 2, lambda rid, h: rid in written and written[rid] == h)
            rows = self.db.execute("SELECT report_id, content_hash, now, CASE WHEN now THEN NULL ELSE blob END FROM "
                                   "(SELECT report_id, content_hash, written_now(report_id, content_hash) AS now, blob "
                                   "FROM units)")
            for report_id, content_hash, now, blob in rows:
                if not now:
                    try:
                        zlib.decompress(blob)
                    except (zlib.error, TypeError):
                        continue
                if content_hash:
                    out[report_id] = content_hash
        except sqlite3.DatabaseError:
            return {}
        return out

    def in_order(self) -> "OrderedBlobs":
        """The stored blobs, for reading in report-id order (see `OrderedBlobs`)."""
        return OrderedBlobs(self.db)

    def put(self, report_id: str, content_hash: str, blob: bytes) -> None:
        """Store one report's packed units (written in batches; `flush` writes the rest).
        Raises sqlite3.Error when the file cannot be written."""
        self._pending.append((report_id, content_hash, blob))
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO units VALUES (?,?,?)", self._pending)
        self._pending.clear()

    def keep(self, entries: dict[str, tuple[str, bytes]], live: set[str]) -> None:
        """Store `entries` (report id -> (content hash, packed units)) and forget reports not in `live`."""
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO units VALUES (?,?,?)",
                                [(rid, h, blob) for rid, (h, blob) in entries.items()])
            gone = [(rid,) for (rid,) in self.db.execute("SELECT report_id FROM units") if rid not in live]
            self.db.executemany("DELETE FROM units WHERE report_id=?", gone)

    def close(self) -> None:
        self.db.close()


class OrderedBlobs:
    """Blobs of the unit cache asked for by report id in ascending order, as
    the copy pass reads an archive (twice, each time in id order): one cursor
    walks the table in its key order, so an archive's units are read from the
    file when needed instead of held (~290 MB at 100k reports). Asking for
    an id below the last one starts the walk again."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._rows = None
        self._row: tuple | None = None

    def __call__(self, report_id: str) -> bytes:
        """The blob stored for `report_id`; raises KeyError when there is none."""
        if self._rows is None or self._row is None or report_id < self._row[0]:
            # SQLite orders TEXT by its UTF-8 bytes, which is Python's code point order
            self._rows = self.db.execute("SELECT report_id, blob FROM units ORDER BY report_id")
            self._row = self._rows.fetchone()
        while self._row is not None and self._row[0] < report_id:
            self._row = self._rows.fetchone()
        if self._row is None or self._row[0] != report_id:
            raise KeyError(report_id)
        return bytes(self._row[1])
