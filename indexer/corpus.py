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
from indexer.model import LEVELS, ORGAN_TYPES, Region, Report
from indexer.readers import MAX_BYTES, Document, kind_of, read_document

MANIFEST = "manifest.csv"
#: files that document the corpus rather than being reports
_NOT_REPORTS = re.compile(r"^(readme|sources|license|changelog|provenance)(\.[\w.]+)?$", re.I)


def _as_year(value: str) -> int:
    if not re.fullmatch(r"(19|20)\d\d", value):
        raise ValueError(f"year '{value}' is not a year")
    return int(value)


def _as_url(value: str) -> str:
    if not is_web_url(value):
        raise ValueError(f"source_url '{value}' is not an http(s) URL")
    return value


def _as_date(value: str) -> str:
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?", value):
        raise ValueError(f"published '{value}' is not a date (YYYY-MM-DD or YYYY-MM)")
    return value


def _one_of(name: str, allowed: tuple[str, ...]):
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{name} '{value}' is not one of {' / '.join(allowed)}")
        return value
    return check


def _as_place(value: str) -> str:
    from indexer.places import NATIONAL, divisions

    if value != NATIONAL and not divisions().named(value):
        raise ValueError(f"'{value}' is not a division of the divisions table")
    return value


#: what a township-level name ends with when the table lacks it (a street made
#: or renamed after the table's cut-off, 厚桥街道; a 苏木, a 农场)
_TOWNSHIP_NAME = re.compile(r"[\u4e00-\u9fa5（）()]{1,18}(?:街道|镇|乡|苏木|街|地区|农场|林场|牧场|管理区|办事处)")


def _as_township(value: str) -> str:
    """A township in the table, or one it lacks written as a township is
    (the table is a cut-off: streets are made and renamed every year)."""
    from indexer.places import divisions

    if divisions().named(value) or _TOWNSHIP_NAME.fullmatch(value):
        return value
    raise ValueError(f"'{value}' is neither a division of the divisions table nor a township's name (…街道/镇/乡/苏木)")


def _as_text(value: str) -> str:
    return value


#: Every column the manifest may have, and how its value is checked (a
#: ValueError says what is wrong). Adding a column: add it here and to
#: ManifestEntry; `apply_manifest` says what it overrides.
MANIFEST_COLUMNS = {
    "file": _as_text,
    "source_url": _as_url,
    "agency": _as_text,
    "province": _as_place,
    "city": _as_place,
    "county": _as_place,
    "township": _as_township,
    "level": _one_of("level", LEVELS),
    "organ_type": _one_of("organ_type", ORGAN_TYPES),
    "year": _as_year,
    "published": _as_date,
    "note": _as_text,
}


@dataclass(frozen=True)
class ManifestEntry:
    """What manifest.csv says about one file (empty / None when not given)."""

    file: str
    source_url: str = ""
    agency: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    township: str = ""
    level: str = ""
    organ_type: str = ""
    year: int | None = None
    published: str = ""
    note: str = ""
    line: int = 0  # where in manifest.csv

    def fingerprint(self) -> str:
        """A digest of what the entry overrides (the note left out): a report
        is indexed again when its entry's fingerprint changes."""
        values = {k: v for k, v in vars(self).items() if k not in ("file", "note", "line") and v not in ("", None)}
        if not values:
            return ""
        return hashlib.sha1(repr(sorted(values.items())).encode("utf-8")).hexdigest()[:16]


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


def file_stat(path: Path) -> str:
    """Size and mtime of a corpus file ("" when it cannot be read): what an incremental
    build compares to tell an untouched file without reading it."""
    try:
        st = path.stat()
    except OSError:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}"


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
    name and the problems found, each naming the file and line. A bad value
    (a year that is not a year, an unknown level or type, a place not in the
    divisions table, a non-http(s) URL) is reported and ignored, the line's
    other values still apply; an unknown column is reported once and
    ignored. Never fatal."""
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
    columns = [(f or "").strip() for f in reader.fieldnames or []]
    if "file" not in columns:
        return {}, [Skipped(MANIFEST, f"{MANIFEST} line 1: no 'file' column; expected columns {', '.join(MANIFEST_COLUMNS)}")]
    for name in columns:
        if name not in MANIFEST_COLUMNS:
            problems.append(Skipped(MANIFEST, f"{MANIFEST} line 1: unknown column '{name}' (ignored); "
                                              f"known columns: {', '.join(MANIFEST_COLUMNS)}"))
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items()}
        name = row.get("file", "").replace("\\", "/")
        if not name:
            problems.append(Skipped(MANIFEST, f"{MANIFEST} line {line}: no file name"))
            continue
        if name in entries:
            problems.append(Skipped(MANIFEST, f"{MANIFEST} line {line}: {name} listed twice; the first line is used"))
            continue
        values = {}
        for column, check in MANIFEST_COLUMNS.items():
            if column != "file" and row.get(column):
                try:
                    values[column] = check(row[column])
                except ValueError as exc:
                    problems.append(Skipped(MANIFEST, f"{MANIFEST} line {line}: {name}: {exc}; ignored"))
        entries[name] = ManifestEntry(name, line=line, **values)
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
    skipped += [Skipped(MANIFEST, f"{MANIFEST} line {entry.line}: lists {name}, which is not in the corpus")
                for name, entry in manifest.items() if name not in listed]
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
    if manifest:
        apply_manifest(report, manifest, document.text)
    return report, document


def apply_manifest(report: Report, entry: ManifestEntry, text: str = "") -> None:
    """Put what the manifest says over what the text says, each override
    noted in `warnings`. A new agency is placed and typed again from its
    name (and `text`); places, level and type the entry gives win over that."""
    from indexer import places
    from indexer.parser.metadata import place_context

    def note(name, old, new):
        report.warnings.append(f"{name} overridden by manifest.csv: '{old}' → '{new}'")

    if entry.agency and entry.agency != report.agency:
        note("agency", report.agency, entry.agency)
        report.agency = entry.agency
        organ = places.describe(entry.agency, place_context(report.title, text))
        report.region = Region(**organ.names())
        report.level, report.organ_type, report.place_unknown = organ.level, organ.organ_type, organ.place_unknown
    given = (entry.province, entry.city, entry.county, entry.township)
    if any(given):
        chain = places.divisions().find_chain(*given)
        region = Region(**{d.rank: d.name for d in chain}) if chain else Region(*given)
        for rank, name in zip(("province", "city", "county", "township"), given):
            if name:
                setattr(region, rank, name)
        if region != report.region:
            note("region", " ".join(report.region.names()), " ".join(region.names()))
            report.region = region
        report.place_unknown = False
    for name in ("level", "organ_type", "year", "published"):
        value = getattr(entry, name)
        if value and value != getattr(report, name):
            note(name, getattr(report, name), value)
            setattr(report, name, value)


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
