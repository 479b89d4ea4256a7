"""`Generation`: what an `Archive` reads for one committed index generation.

One Whoosh searcher, the facet arrays made from it (`DocTable`, made on first
use), and bounded caches of unpacked reports and their indexed text. The
sizes of the generation's segment files are taken when it is opened, and
`check_sizes` compares them on every call, so a file damaged under a running
server is never answered from what was kept in memory.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from indexer.errors import IndexDamagedError
from indexer.model import Report
from indexer.search.documents import section_texts, unpack_report
from indexer.search.exact import PROBLEM_PART
from indexer.search.facets import DocTable
from indexer.search.highlight import SCAN_LIMIT


def segment_files(index_dir, reader) -> list[tuple[Path, int]]:
    """(path, size) of every file of the segments `reader` reads."""
    ids = {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers() if leaf.segment() is not None}
    root = Path(index_dir)
    found = []
    for name in sorted(os.listdir(root)):
        if name.split(".", 1)[0] in ids:  # a segment id is "nianbao_<random>"
            found.append((root / name, (root / name).stat().st_size))
    return found


#: The decoded-postings cache of a searcher (`DocTable`) scales with the segments it
#: reads: queries in rotation at 100k synthetic reports (1.9 GB of segments) took
#: 521 / 1,634 ms a page (median / p95) with 192 MB, when one query's terms pushed
#: out the last one's, and 19 / 26 ms with 768 MB. 40 % of the segments, within
#: these bounds; NIANBAO_TERM_CACHE_MB sets it.
CACHE_SHARE, CACHE_MIN_MB, CACHE_MAX_MB = 0.4, 192, 1024
CACHE_ENV = "NIANBAO_TERM_CACHE_MB"


def term_cache_mb(segment_bytes: int) -> int:
    """The term cache budget for a generation of `segment_bytes` of segments."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return int(min(CACHE_MAX_MB, max(CACHE_MIN_MB, CACHE_SHARE * segment_bytes / 2**20)))


class Generation:
    """One searcher and its facet arrays, for one index generation."""

    def __init__(self, ix, index_dir):
        self.searcher = ix.searcher()
        self.index_dir = index_dir
        self.generation = self.searcher.reader().generation()
        self.files = segment_files(index_dir, self.searcher.reader())
        self._table = None
        self._lock = threading.Lock()
        self.reports: dict[int, Report] = {}  # unpacked reports of this generation, bounded
        self.parts: dict[int, dict[int, str]] = {}  # their indexed text by part, bounded alike
        self._blobs = None

    def check_sizes(self) -> None:
        """Raise IndexDamagedError when a file of this generation's segments no
        longer has the size it had when the generation was opened (a few `stat`
        calls). Answers kept in memory are then not given either: the server
        says the index is damaged on every page, not on some."""
        for path, size in self.files:
            try:
                now = os.stat(path).st_size
            except OSError:
                now = -1
            if now != size:
                raise IndexDamagedError(f"index file {path.name} changed under the server "
                                        f"({now} bytes, {size} when opened): run `python -m indexer check`")

    @property
    def table(self) -> DocTable:
        if self._table is None:
            with self._lock:
                if self._table is None:
                    self._table = DocTable(self.searcher, term_cache_mb(sum(size for _, size in self.files)),
                                           index_dir=self.index_dir)
        return self._table

    def report(self, docnum) -> Report:
        """The unpacked report stored at `docnum` (kept while this generation lasts, bounded)."""
        report = self.reports.get(docnum)
        if report is None:
            if len(self.reports) > 512:
                self.reports.clear()
            report = self.reports[docnum] = unpack_report(self.blob(docnum))
        return report

    def blob(self, docnum) -> bytes:
        """The packed report at `docnum`. The column reader is made once per
        generation: making one reads the whole column's offsets."""
        if self._blobs is None:
            self._blobs = self.searcher.reader().column_reader("report_blob")
        return self._blobs[docnum]

    def report_parts(self, docnum) -> dict[int, str]:
        """The start of each part of the report at `docnum` (`section_texts`,
        at most SCAN_LIMIT characters a section), for snippets; kept like the reports."""
        found = self.parts.get(docnum)
        if found is None:
            if len(self.parts) > 512:
                self.parts.clear()
            found = self.parts[docnum] = section_texts(self.report(docnum), SCAN_LIMIT)
        return found

    def text_of(self, docnum) -> dict[int, str]:
        """A document's matchable text by part: a report's parts, or a statement as part 5."""
        stored = self.searcher.stored_fields(docnum)
        if stored.get("kind") == "problem":
            return {PROBLEM_PART: (stored.get("problem_data") or {}).get("text", "")}
        return section_texts(self.report(docnum))
