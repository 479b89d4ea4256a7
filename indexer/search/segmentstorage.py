"""A build worker's new segment written to disk once.

Whoosh writes a new segment as separate files (its columns first into a
temporary `.ctmp` file, then copied into one `.col` file each; its terms and
postings into `.trm`, `.pst` …), then copies them all into the segment's
compound file (`.seg`) and deletes them: each byte of a segment was written
two or three times, and read back once or twice. At 100k reports that was
~2 GB of writes for ~1 GB of segments, and the page cache's work for them.

`SegmentStorage` is the index folder's storage, but the parts of new
segments and the temporary files stay in memory until the compound file is
assembled from them: the `.seg` is the only file written. A worker's parts
weigh ~25 MB at its segment's end (2,000 synthetic reports), its columns
~12 MB while the segment fills. A worker that dies leaves no part behind.
"""
from __future__ import annotations

import time
from io import BytesIO

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile


class _InMemory:
    """Named byte strings: files kept in memory (closed ones readable)."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def create(self, name: str) -> StructFile:
        def keep(sfile: StructFile) -> None:
            self.files[name] = sfile.file.getvalue()

        self.files[name] = b""
        return StructFile(BytesIO(), name=name, onclose=keep)

    def open(self, name: str) -> BufferFile:
        return BufferFile(self.files[name], name=name)


class _TemporaryFiles(_InMemory):
    """The storage Whoosh asks for its temporary files (`temp_storage`), in memory."""

    supports_mmap = False
    folder = ""

    def create_file(self, name, **kwargs) -> StructFile:
        return self.create(name)

    def open_file(self, name, **kwargs) -> BufferFile:
        return self.open(name)

    def file_exists(self, name) -> bool:
        return name in self.files

    def file_length(self, name) -> int:
        return len(self.files[name])

    def delete_file(self, name) -> None:
        del self.files[name]

    def list(self) -> list[str]:
        return list(self.files)

    def destroy(self) -> None:
        self.files.clear()

    def clean(self, ignore=False) -> None:
        self.files.clear()

    def close(self) -> None:
        pass


class SegmentStorage(FileStorage):
    """The index folder (a Whoosh `FileStorage`) for a writer of new
    segments: each file of a segment but its compound file (`.seg`), and
    every temporary file, is kept in memory until deleted; the rest (the
    table of contents, the committed segments, the compound file) is on disk.
    """

    def __init__(self, folder: str, indexname: str):
        super().__init__(folder)
        self._prefix = f"{indexname}_"
        self._parts = _InMemory()

    def _is_part(self, name: str) -> bool:
        return name.startswith(self._prefix) and not name.endswith(".seg")

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        if self._is_part(name):
            return self._parts.create(name)
        return super().create_file(name, excl=excl, mode=mode, **kwargs)

    def open_file(self, name, **kwargs):
        if name in self._parts.files:
            return self._parts.open(name)
        return super().open_file(name, **kwargs)

    def list(self):
        return super().list() + list(self._parts.files)

    def file_exists(self, name):
        return name in self._parts.files or super().file_exists(name)

    def file_modified(self, name):
        if name in self._parts.files:
            return time.time()
        return super().file_modified(name)

    def file_length(self, name):
        if name in self._parts.files:
            return len(self._parts.files[name])
        return super().file_length(name)

    def delete_file(self, name):
        if self._parts.files.pop(name, None) is None:
            super().delete_file(name)

    def temp_storage(self, name=None):
        return _TemporaryFiles()
