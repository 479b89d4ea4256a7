"""Putting fetched files into the corpus, and nowhere else.

Files go under `<corpus>/fetched/<host>/`, named from their URL (letters,
digits, "-", "_" only, so a name is never a path). A file whose bytes the
corpus already holds is not stored again; a page whose report changed gets
a new file (`…-v2.html`) beside the old one. Each stored file gets its
provenance row and a manifest row (`indexer.provenance`). One fetch at a
time writes a corpus (`.fetch.lock`).
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from indexer.errors import NianbaoError
from indexer.provenance import FetchRecord, append_manifest_row, append_record, read_provenance, versions

FETCHED = "fetched"
_SNIFF = ((b"%PDF-", ".pdf"), (b"PK\x03\x04", ".docx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc"))


class StoreError(NianbaoError):
    """The corpus cannot be written as asked (busy, a symlink in the way, disk)."""


@dataclass(frozen=True)
class Held:
    """Why a download was not stored: `kind` is "unchanged" (this page's
    report as already held) or "duplicate" (the same bytes held as `file`)."""

    kind: str
    file: str


class CorpusStore:
    """Writes fetched reports into one corpus folder. Use as a context manager
    (holds the corpus's fetch lock)."""

    def __init__(self, corpus_dir: str | Path):
        self.root = Path(corpus_dir)
        self._lock_fd: int | None = None
        self._hashes: dict[str, str] | None = None  # sha256 -> relpath
        self.records: dict[str, FetchRecord] = {}

    def __enter__(self) -> "CorpusStore":
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.root = self.root.resolve(strict=True)
            self._lock_fd = os.open(self.root / ".fetch.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"另一个抓取正在写入 another fetch is writing {self.root}; try again later") from None
        except OSError as exc:
            raise StoreError(f"无法写入语料目录 cannot write the corpus {self.root}: {exc.strerror or exc}") from None
        self.records = read_provenance(self.root)
        return self

    def __exit__(self, *exc) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def held(self, data: bytes, page_url: str) -> Held | None:
        """None when `data` is new to the corpus, else why it is not stored."""
        digest = hashlib.sha256(data).hexdigest()
        if any(r.content_hash == digest for r in versions(self.records, page_url)):
            return Held("unchanged", self._known_hashes().get(digest, ""))
        if digest in self._known_hashes(len(data)):
            return Held("duplicate", self._known_hashes()[digest])
        return None

    def store(self, data: bytes, source_url: str, suffix: str, record: FetchRecord) -> FetchRecord:
        """Write `data` as a new corpus file named from `source_url`, then its
        provenance and manifest rows. `record.file`, `content_hash` and
        `version` are filled in here; returns the stored record. Raises
        StoreError when the file cannot be written inside the corpus."""
        suffix = sniffed_suffix(data, suffix)
        earlier = versions(self.records, record.page_url)
        version = max((r.version for r in earlier), default=0) + 1
        folder = self._folder(_host_name(source_url))
        stem = _stem_for(source_url) + (f"-v{version}" if version > 1 else "")
        relpath, path = self._write_new(folder, stem, suffix, data)
        digest = hashlib.sha256(data).hexdigest()
        stored = FetchRecord(**{**record.__dict__, "file": relpath, "content_hash": digest, "version": version})
        append_record(self.root, stored)
        note = f"fetched {stored.fetched_at} from {stored.url}" + (f" (version {version})" if version > 1 else "")
        append_manifest_row(self.root, relpath, stored.page_url, note)
        self.records[relpath] = stored
        self._known_hashes()[digest] = relpath
        return stored

    def allow_ocr(self, relpath: str) -> bool:
        """Mark a held PDF as readable by OCR (a new provenance row) when it
        was fetched without --ocr; True when it was changed."""
        record = self.records.get(relpath)
        if record is None or record.ocr or not relpath.lower().endswith(".pdf"):
            return False
        updated = FetchRecord(**{**record.__dict__, "ocr": True})
        append_record(self.root, updated)
        self.records[relpath] = updated
        return True

    # -- inside the corpus only ---------------------------------------------

    def _folder(self, host: str) -> Path:
        folder = self.root
        for part in (FETCHED, host):
            folder = folder / part
            if folder.is_symlink():
                raise StoreError(f"拒绝写入 refused: {folder} is a symlink")
            try:
                folder.mkdir(exist_ok=True)
            except OSError as exc:
                raise StoreError(f"无法写入 cannot create {folder}: {exc.strerror or exc}") from None
        if not folder.resolve(strict=True).is_relative_to(self.root):
            raise StoreError(f"拒绝写入 refused: {folder} lies outside the corpus")
        return folder

    def _write_new(self, folder: Path, stem: str, suffix: str, data: bytes) -> tuple[str, Path]:
        for n in range(1, 1000):
            path = folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            except FileExistsError:
                continue
            except OSError as exc:
                raise StoreError(f"无法写入 cannot write {path}: {exc.strerror or exc}") from None
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            except OSError as exc:
                path.unlink(missing_ok=True)
                raise StoreError(f"无法写入 cannot write {path}: {exc.strerror or exc}") from None
            return path.relative_to(self.root).as_posix(), path
        raise StoreError(f"太多同名文件 too many files named {stem}{suffix} in {folder}")

    def _known_hashes(self, size: int | None = None) -> dict[str, str]:
        """sha256 -> file for what the corpus holds: fetched files from their
        provenance rows; other files are hashed when `size` matches theirs."""
        if self._hashes is None:
            self._hashes = {r.content_hash: r.file for r in self.records.values() if r.content_hash}
            self._sizes: dict[int, list[Path]] = {}
            recorded = set(self.records)
            for path in self.root.rglob("*"):
                rel = path.relative_to(self.root).as_posix()
                if rel not in recorded and not path.is_symlink() and path.is_file() and not path.name.startswith("."):
                    self._sizes.setdefault(path.stat().st_size, []).append(path)
        if size is not None:
            for path in self._sizes.pop(size, []):
                try:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    continue
                self._hashes.setdefault(digest, path.relative_to(self.root).as_posix())
        return self._hashes


def sniffed_suffix(data: bytes, suffix: str) -> str:
    """The file type the bytes say, when it contradicts the URL's (a ".doc"
    link serving a PDF); .wps keeps its name (it is an OLE file like .doc)."""
    for magic, kind in _SNIFF:
        if data.startswith(magic):
            if kind == ".doc" and suffix in (".doc", ".wps"):
                return suffix
            return kind
    return suffix


def _host_name(url: str) -> str:
    netloc = urlsplit(url).netloc.lower().rsplit("@", 1)[-1]
    return re.sub(r"[^a-z0-9.-]+", "-", netloc.replace(":", "-")).strip(".-")[:100] or "host"


def _stem_for(url: str) -> str:
    """A file stem from the URL's path (and query): last two path parts
    without extension, e.g. "2024-art_101" for /gknb/2024/art_101.html."""
    parts = urlsplit(url)
    path = PurePosixPath(unquote(parts.path))
    pieces = [p for p in path.parent.parts[-1:] if p not in ("/", "")] + [path.stem]
    if parts.query:
        pieces.append(parts.query)
    stem = re.sub(r"[^A-Za-z0-9_]+", "-", "-".join(pieces)).strip("-_")
    return stem[:80] or "report"
