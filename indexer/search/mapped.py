"""Segment files read in place from their memory map.

Whoosh opens each part of a compound segment (`.seg`) as a `BufferFile`
over a memoryview of the segment's map, and a `BufferFile` wraps that view
in a `BytesIO`, which copies it. So opening a searcher copied every segment's
term and posting files into private memory: 220 MB at 20k synthetic reports,
in the build's parent and in every server process, paid again at each new
generation. `MappedFile` reads the view itself: the pages stay the kernel's
page cache, shared by every process, and opening costs nothing.

`install()` makes the compound storage use it (called once, by
`indexer.search.store`).
"""
from __future__ import annotations

import io

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


class _ViewReader(io.RawIOBase):
    """A read-only, seekable file over a memoryview, without copying it."""

    def __init__(self, view: memoryview):
        super().__init__()
        self._view = view
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else min(len(self._view), self._pos + size)
        start, self._pos = self._pos, max(self._pos, end)
        return bytes(self._view[start:end])

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        limit = len(self._view) if size is None or size < 0 else min(len(self._view), self._pos + size)
        end = self._pos
        while end < limit:  # look for the newline a page at a time, not a byte at a time
            found = bytes(self._view[end:min(end + 4096, limit)]).find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end = min(end + 4096, limit)
        return self.read(end - self._pos)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:  # the map is the storage's to close
        super().close()


class MappedFile(BufferFile):
    """A `BufferFile` that reads its buffer in place."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = _ViewReader(memoryview(buf))


def install() -> None:
    compound.BufferFile = MappedFile
