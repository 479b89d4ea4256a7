"""What the build's steps after its workers need of each report's stored
fields, read once for all of them (`read_reports`).

Whoosh keeps a document's stored fields as one pickled dict: reading a
report's id or year unpickles all of it, its problem statements' data
included (at 100k reports ~3 CPU-s a reading). The copy pass
(`indexer.copystore`) and the vector step (`indexer.vectors`, in a second
process forked after this reading) both need every report's; the build
reads them once, before the fork, and hands the rows to both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class ReportFields(NamedTuple):
    """One report's stored fields as the steps after the workers use them (as
    stored: None for a field the report does not hold, but for the first four)."""

    docnum: int
    report_id: str
    content_hash: str
    indexed_at: str
    agency: str | None
    agency_id: str | None
    year: str | None
    category: str | None
    region: str | None
    level: str | None

    def get(self, name: str, default=None):
        """A stored field by name, as the stored dict's `get` (`copies.organ_key` takes either)."""
        value = getattr(self, name, None)
        return default if value is None else value


@dataclass
class IndexedReports:
    """Every report of one index generation, in document order."""

    generation: int
    reports: list[ReportFields] | None

    def take(self, generation: int) -> list[ReportFields] | None:
        """The rows when they describe `generation` (their document numbers hold
        there), let go of here: each process uses them once, at its start, and
        holds them no longer (~94 MB at 100k reports). None when they describe
        another generation or were taken already (the caller reads its own)."""
        if self.reports is None or generation != self.generation:
            return None
        rows, self.reports = self.reports, None
        return rows


_KEPT = ("agency", "agency_id", "year", "category", "region", "level")


def read_reports(searcher) -> IndexedReports:
    """Every report of the committed index `searcher` reads, with its stored fields."""
    rows = []
    for docnum in searcher.document_numbers(kind="report"):
        stored = searcher.stored_fields(docnum)
        rows.append(ReportFields(docnum, stored.get("report_id", ""), stored.get("content_hash", ""),
                                 stored.get("indexed_at", ""), *(stored.get(name) for name in _KEPT)))
    return IndexedReports(searcher.reader().generation(), rows)


def rows_for(searcher, reports: IndexedReports | None) -> list[ReportFields]:
    """The rows of the index generation `searcher` reads: `reports`' when they
    describe it (taken: `IndexedReports.take`), else read now."""
    known = reports.take(searcher.reader().generation()) if reports is not None else None
    return known if known is not None else read_reports(searcher).reports
