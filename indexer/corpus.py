"""The corpus folder: which files it holds, what the manifest adds, and
turning one file into a `Report`.

With `indexer.readers`, this is the only code that touches corpus files.
`scan_corpus` lists what can be indexed (and why anything else is skipped),
`load_report` reads and parses one entry, and `original_path` maps a stored
relative path back to a file, refusing anything outside the corpus.
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import urlsplit

from indexer.errors import NotFoundError, ReadError
from indexer.model import Report
from indexer.readers import MAX_BYTES, Document, kind_of, read_document

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "source_url", "agency", "year", "note")
#: files that document the corpus rather than being reports
_NOT_REPORTS = re.compile(r"^(readme|sources|license|changelog|provenance)(\.[\w.]+)?$", re.I)


@dataclass(frozen=True)
class ManifestEntry:
    """What manifest.csv says about one file (empty / None when not given)."""

    file: str
    source_url: str = ""
    agency: str = ""
    year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class CorpusEntry:
    path: Path  # the file inside the corpus folder
    relpath: str  # corpus-relative, "/"-separated
    report_id: str
    manifest: ManifestEntry | None = None


class Skipped(NamedTuple):
    """A file (or manifest line) left out, and why, in words for people."""

    file: str
    reason: str


@dataclass
class LoadedReport:
    report_id: str
    report: Report
    relpath: str
    content_hash: str  # sha256 hex of the file's bytes


def report_id_for(relpath: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The report id for a corpus-relative path: the file stem, lowercased and
    reduced to [a-z0-9-]. When that is empty or already in `taken`, the slug
    (or "report" when empty) plus "-" plus the first 8 hex chars of
    sha1(relpath). Ids never contain "/" or ".", so they are never paths."""
    stem = PurePosixPath(relpath.replace("\\", "/")).stem
    # NFKD then dropping combining marks: full-width digits and accented Latin keep their letters
    folded = "".join(c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if slug and slug not in taken:
        return slug
    digest = hashlib.sha1(relpath.encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'report'}-{digest}"


def read_manifest(corpus_dir: str | Path) -> tuple[dict[str, ManifestEntry], list[Skipped]]:
    """Parse `manifest.csv` (optional). Returns entries by corpus-relative file
    name and the problems found; a malformed row or value is reported and left
    out, never fatal. Only http/https source URLs are kept."""
    path = Path(corpus_dir) / MANIFEST
    if not path.is_file():
        return {}, []
    problems: list[Skipped] = []
    entries: dict[str, ManifestEntry] = {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Skipped(MANIFEST, f"manifest unreadable (UTF-8 expected): {exc}")]
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "file" not in [f.strip() for f in reader.fieldnames]:
        return {}, [Skipped(MANIFEST, f"manifest has no 'file' column; expected columns {', '.join(MANIFEST_COLUMNS)}")]
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items()}
        name = row.get("file", "").replace("\\", "/")
        if not name:
            problems.append(Skipped(MANIFEST, f"line {line}: no file name"))
            continue
        if name in entries:
            problems.append(Skipped(MANIFEST, f"line {line}: {name} listed twice; the first row is used"))
            continue
        url = row.get("source_url", "")
        if url and not is_web_url(url):
            problems.append(Skipped(MANIFEST, f"line {line}: source_url of {name} is not an http(s) URL; ignored"))
            url = ""
        year = None
        if row.get("year"):
            if re.fullmatch(r"(19|20)\d\d", row["year"]):
                year = int(row["year"])
            else:
                problems.append(Skipped(MANIFEST, f"line {line}: year '{row['year']}' of {name} is not a year; ignored"))
        entries[name] = ManifestEntry(name, url, row.get("agency", ""), year, row.get("note", ""))
    return entries, problems


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host (the only links we render)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", url.strip())


def scan_corpus(corpus_dir: str | Path) -> tuple[list[CorpusEntry], list[Skipped]]:
    """Every readable-looking report file under `corpus_dir`, sorted by relative
    path, and what was skipped with a reason: unsupported types, symlinks
    leading outside the corpus (not followed), symlinked folders, special files,
    and manifest problems. manifest.csv, README/SOURCES files and hidden files
    are silently not reports. Files are not opened here."""
    root = Path(corpus_dir).resolve()
    if not root.is_dir():
        raise ReadError(f"语料目录不存在 corpus folder not found: {corpus_dir}")
    manifest, skipped = read_manifest(root)
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            if name.startswith("."):
                dirnames.remove(name)
            elif (here / name).is_symlink():
                skipped.append(Skipped(_rel(root, here / name), "symlinked folder — not followed"))
        for name in sorted(filenames):
            path = here / name
            relpath = _rel(root, path)
            if name.startswith(".") or relpath == MANIFEST or _NOT_REPORTS.match(name):
                continue
            reason = _skip_reason(root, path)
            if reason:
                skipped.append(Skipped(relpath, reason))
            else:
                found.append((relpath, path))
    found.sort()
    taken: set[str] = set()
    entries = []
    for relpath, path in found:
        report_id = report_id_for(relpath, taken)
        taken.add(report_id)
        entries.append(CorpusEntry(path, relpath, report_id, manifest.get(relpath)))
    listed = {e.relpath for e in entries} | {s.file for s in skipped}
    skipped += [Skipped(MANIFEST, f"lists {name}, which is not in the corpus") for name in manifest if name not in listed]
    return entries, skipped


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _skip_reason(root: Path, path: Path) -> str:
    if kind_of(path) is None:
        return f"不支持的文件类型 unsupported file type '{path.suffix or '(none)'}'"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken symlink"
        if not target.is_relative_to(root):
            return "symlink pointing outside the corpus — not followed"
    if not path.is_file():
        return "not a regular file"
    return ""


def load_report(entry: CorpusEntry, max_bytes: int = MAX_BYTES) -> LoadedReport:
    """Read and parse one corpus entry. `source` is the relative path; the
    manifest's source_url (else the page's canonical URL, http/https only),
    agency and year override what the text says, each override noted in
    `warnings`. Raises ReadError or ParseError."""
    from indexer.provenance import ocr_requested

    root = Path(entry.path).parents[len(PurePosixPath(entry.relpath).parts) - 1]
    report, document = load_file(entry.path, source=entry.relpath, manifest=entry.manifest, max_bytes=max_bytes,
                                 ocr=ocr_requested(root, entry.relpath))
    return LoadedReport(entry.report_id, report, entry.relpath, document.content_hash)


def load_file(path: str | Path, source: str | None = None, manifest: ManifestEntry | None = None,
              max_bytes: int = MAX_BYTES, ocr: bool = False) -> tuple[Report, Document]:
    """Read any report file and parse it into a `Report` (with the page's
    title, date and URL filled in where the text lacks them). With `ocr`, a
    scanned PDF is read by OCR and the report warns that its text is less
    certain. Raises ReadError or ParseError."""
    from indexer.parser import parse_report  # loaded on first use; heavy dictionaries
    from indexer.readers.ocr import OCR_WARNING

    document = read_document(path, max_bytes=max_bytes, ocr=ocr)
    report = parse_report(document.text)
    if document.ocr:
        report.warnings.insert(0, OCR_WARNING)
    report.source = source if source is not None else str(path)
    if not report.published and document.published:
        report.published = document.published
    if not report.title and document.title:
        report.title = document.title
    url = (manifest.source_url if manifest else "") or document.canonical_url
    report.source_url = url if is_web_url(url) else ""
    if manifest and manifest.agency and manifest.agency != report.agency:
        report.warnings.append(f"agency overridden by manifest.csv: '{report.agency}' → '{manifest.agency}'")
        report.agency = manifest.agency
    if manifest and manifest.year and manifest.year != report.year:
        report.warnings.append(f"year overridden by manifest.csv: {report.year} → {manifest.year}")
        report.year = manifest.year
    return report, document


def original_path(corpus_dir: str | Path, relpath: str) -> Path:
    """The file in the corpus for a stored relative path. Raises NotFoundError
    for absolute paths, '..', anything resolving (symlinks included) outside
    the corpus, and missing files."""
    if not relpath or "\x00" in relpath or "\\" in relpath or relpath.startswith("/") or \
            ".." in PurePosixPath(relpath).parts or re.match(r"^[A-Za-z]:", relpath):
        raise NotFoundError(f"no such file in the archive: {relpath!r}")
    root = Path(corpus_dir).resolve()
    try:
        target = (root / relpath).resolve(strict=True)
    except (OSError, RuntimeError):
        raise NotFoundError(f"no such file in the archive: {relpath!r}") from None
    if not target.is_relative_to(root) or not target.is_file():
        raise NotFoundError(f"no such file in the archive: {relpath!r}")
    return target
