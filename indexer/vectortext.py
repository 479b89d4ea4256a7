"""The word vectors' training text, report by report, in the order they learn from it.

The vectors learn first from every report's section 五 prose and its
problem statements found outside it (`first_text`), then from the prose of
its other sections (`rest_text`), reports in report-id order, up to a cap
of words (`indexer.vectors`). The first texts are what the vectors read at
any archive size, so the build's workers make them while they hold the
parsed report (`prepared_text`), and the build keeps them by report id and
content hash in `vectortext.sqlite` beside the index (a `UnitCache`). The
vector step then reads them from there (`TrainingTexts`) instead of
unpacking every report from the index again; a report the cache does not
hold (an index from before it, a cache that could not be written) is read
back from the index, and kept for the next build.

A text is its parts joined by line breaks: a line break ends a clause, so
the training sentences are those of the parts one by one.
"""
from __future__ import annotations

import sqlite3
import zlib
from typing import Iterator

from indexer.copyunits import UnitCache
from indexer.reportfields import ReportFields, read_reports
from indexer.search import deflate

FILE = "vectortext.sqlite"


def first_text(report) -> str:
    """Section 五's prose, then each problem statement not found in it, one per line."""
    from indexer.search.documents import prose

    fives = "\n".join(prose(s.text) for s in report.sections if s.number == 5)
    return "\n".join([fives] + [p.text for p in report.problems if p.text not in fives])


def rest_text(report) -> str:
    """The prose of the report's other sections (not 五), one after the other."""
    from indexer.search.documents import prose

    return "\n".join(prose(s.text) for s in report.sections if s.number != 5)


def pack(text: str) -> bytes:
    """`text` as a zlib stream made by `deflate` (ISA-L: ~2-3x zlib's speed at its level 1)."""
    return deflate.compress(text.encode("utf-8"))


def unpack(blob: bytes) -> str:
    """The text of `pack`; raises ValueError for bytes it did not write."""
    try:
        return zlib.decompress(blob).decode("utf-8")
    except (zlib.error, UnicodeDecodeError, TypeError) as exc:
        raise ValueError(f"not a packed training text: {exc}") from None


def prepared_text(report) -> bytes:
    """`first_text`, packed: what a build worker sends back with a report."""
    return pack(first_text(report))


def text_cache(index_dir) -> UnitCache | None:
    """The build's cache of first texts, or None when it cannot be opened (the vectors read back)."""
    try:
        return UnitCache(index_dir, FILE)
    except (sqlite3.Error, OSError):
        return None


class TrainingTexts:
    """The training text of a committed index (`searcher`), one string per
    report and pass: every report's `first_text`, then every report's
    `rest_text`, reports in report-id order (the same order however the
    archive was built). First texts come from the cache in `index_dir` when
    it holds them for the report's content hash; `save()` stores those read
    back from the index and forgets reports no longer indexed. `reports`:
    the index's reports with their stored fields, when already read
    (`reportfields.read_reports`)."""

    def __init__(self, searcher, index_dir=None, reports: list[ReportFields] | None = None):
        self.searcher, self.index_dir, self.reports = searcher, index_dir, reports
        self.fresh: dict[str, tuple[str, bytes]] = {}
        self.live: set[str] = set()
        self.cached = 0
        self.read_back = 0

    def __iter__(self) -> Iterator[str]:
        from indexer.search.documents import unpack_report

        searcher = self.searcher
        reader = searcher.reader()
        if not reader.has_column("report_blob"):  # an empty index (every file skipped)
            return
        blobs = reader.column_reader("report_blob")
        known, self.reports = (self.reports if self.reports is not None else read_reports(searcher).reports), None
        reports = sorted((r.report_id, r.content_hash, r.docnum) for r in known)
        del known
        self.live = {rid for rid, _, _ in reports}
        for (rid, content_hash, docnum), text in zip(reports, self._cached(reports)):
            if text is None:
                text = first_text(unpack_report(blobs[docnum]))
                self.fresh[rid] = (content_hash, pack(text))
                self.read_back += 1
            else:
                self.cached += 1
            yield text
        for _, _, docnum in reports:
            yield rest_text(unpack_report(blobs[docnum]))

    def _cached(self, reports: list[tuple[str, str, int]]) -> Iterator[str | None]:
        """For each of `reports` (sorted by id), its first text from the cache, or None:
        one walk over the cache in id order beside the reports."""
        cache = text_cache(self.index_dir) if self.index_dir is not None else None
        if cache is None:
            yield from (None for _ in reports)
            return
        done = 0
        try:
            rows = cache.db.execute("SELECT report_id, content_hash, blob FROM units ORDER BY report_id")
            row = rows.fetchone()
            for rid, content_hash, _ in reports:
                # SQLite orders TEXT by its UTF-8 bytes, which is Python's code point order
                while row is not None and row[0] < rid:
                    row = rows.fetchone()
                text = None
                if row is not None and row[0] == rid and content_hash and row[1] == content_hash:
                    try:
                        text = unpack(row[2])
                    except ValueError:  # a damaged entry: read back
                        pass
                done += 1
                yield text
        except sqlite3.Error:  # a damaged cache: the rest is read back
            yield from (None for _ in range(len(reports) - done))
        finally:
            cache.close()

    def save(self) -> None:
        """Keep the first texts read back from the index in the cache, and
        forget reports no longer indexed (a cache that cannot be written is
        left as it is: it only saves work)."""
        cache = text_cache(self.index_dir) if self.index_dir is not None else None
        if cache is None:
            return
        try:
            cache.keep(self.fresh, self.live)
        except sqlite3.Error:
            pass
        finally:
            cache.close()
