"""Where a fetched file came from: `provenance.csv` beside `manifest.csv`.

`python -m indexer fetch` writes one row per stored file: the official page
it was found on, the attachment URL (when the report was a file linked from
that page), when it was fetched, the page's 发布日期 and 来源, the sha256 of
the stored bytes, its version number among the files fetched from the same
page, and whether its text may be read by OCR. Rows are only ever appended:
a page that changes gets a new file and a new row, never an overwrite; a
file's later row (e.g. the same scan fetched again with --ocr) supersedes
its earlier one.

The fetcher also adds the file's row to `manifest.csv` (file, source_url,
note), so the official page is known to the build like any other manifest
entry; every other manifest column is left empty for people to fill.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path

PROVENANCE = "provenance.csv"
MANIFEST = "manifest.csv"  # the same file as indexer.corpus.MANIFEST
_MANIFEST_HEADER = ("file", "source_url", "agency", "year", "note")


@dataclass(frozen=True)
class FetchRecord:
    """One stored file's provenance (one row of provenance.csv)."""

    file: str  # corpus-relative, "/"-separated
    page_url: str  # the official page the report was found on
    attachment_url: str  # the file linked from that page, "" when the page itself is the report
    fetched_at: str  # ISO time, UTC
    page_published: str  # the page's 发布日期 (YYYY-MM-DD), "" when it states none
    page_source: str  # the page's 来源 line, "" when none
    content_hash: str  # sha256 hex of the stored bytes
    version: int = 1  # 1 for the first file fetched from page_url, then 2, 3 ...
    ocr: bool = False  # fetched with --ocr: a scanned PDF may be read by OCR

    @property
    def url(self) -> str:
        """Where the stored bytes were downloaded from."""
        return self.attachment_url or self.page_url


COLUMNS = tuple(f.name for f in fields(FetchRecord))


def read_provenance(corpus_dir: str | Path) -> dict[str, FetchRecord]:
    """The rows of `provenance.csv` by file, the last row of a file counting
    (empty when there is none). A row without a file or page URL, or with a
    bad version, is left out. Parsed
    again only when the file changes (size or modification time)."""
    return dict(_records(corpus_dir))


def _records(corpus_dir: str | Path) -> dict[str, FetchRecord]:
    """The parsed rows, shared with every caller: read them, never change them
    (`read_provenance` hands out a copy)."""
    path = Path(corpus_dir) / PROVENANCE
    try:
        st = path.stat()
    except OSError:
        return {}
    return _parsed(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=8)
def _parsed(path: str, size: int, mtime_ns: int) -> dict[str, FetchRecord]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    records: dict[str, FetchRecord] = {}
    for row in csv.DictReader(io.StringIO(text)):
        row = {k: (v or "").strip() for k, v in row.items() if k in COLUMNS and isinstance(v, str)}
        if not row.get("file") or not row.get("page_url"):
            continue
        try:
            version = int(row.get("version") or 1)
        except ValueError:
            continue
        records[row["file"]] = (FetchRecord(
            file=row["file"], page_url=row["page_url"], attachment_url=row.get("attachment_url", ""),
            fetched_at=row.get("fetched_at", ""), page_published=row.get("page_published", ""),
            page_source=row.get("page_source", ""), content_hash=row.get("content_hash", ""),
            version=version, ocr=row.get("ocr", "").lower() in ("1", "yes", "true")))
    return records


def versions(records: dict[str, FetchRecord], page_url: str) -> list[FetchRecord]:
    """Every stored file fetched from `page_url`, oldest version first."""
    return sorted((r for r in records.values() if r.page_url == page_url), key=lambda r: (r.version, r.fetched_at))


def ocr_requested(corpus_dir: str | Path, relpath: str) -> bool:
    """True when the file was fetched with --ocr (its scan may be OCRed)."""
    record = _records(corpus_dir).get(relpath)  # no copy of every row for each report the build reads
    return bool(record and record.ocr)


def append_record(corpus_dir: str | Path, record: FetchRecord) -> None:
    """Add one row to provenance.csv (created with its header when missing)."""
    row = asdict(record) | {"ocr": "yes" if record.ocr else ""}
    _append_row(Path(corpus_dir) / PROVENANCE, COLUMNS, row)


def append_manifest_row(corpus_dir: str | Path, file: str, source_url: str, note: str) -> None:
    """Add a manifest.csv row for a newly fetched file, under whatever columns
    the manifest already has (only file, source_url and note are filled)."""
    path = Path(corpus_dir) / MANIFEST
    header: tuple[str, ...] = _MANIFEST_HEADER
    if path.is_file():
        first = path.read_bytes().decode("utf-8-sig").splitlines()[:1]
        if first:
            header = tuple(h.strip() for h in next(csv.reader(first)))
    _append_row(path, header, {"file": file, "source_url": source_url, "note": note})


def _append_row(path: Path, header: tuple[str, ...], row: dict) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(header), extrasaction="ignore", lineterminator="\n")
    fresh = not path.exists() or path.stat().st_size == 0
    if fresh:
        writer.writeheader()
    writer.writerow({k: row.get(k, "") for k in header})
    data = out.getvalue().encode("utf-8")
    # O_NOFOLLOW: a symlink planted at the table's name is never written through
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o644)
    try:
        if not fresh and not _ends_with_newline(path):
            data = b"\n" + data
        os.write(fd, data)
    finally:
        os.close(fd)


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"
