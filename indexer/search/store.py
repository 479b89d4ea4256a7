"""The only module that opens the Whoosh index.

Readers open the last committed generation; Whoosh writes the table of
contents last, so a build killed at any point leaves that generation intact.
Builds hold an `fcntl.flock` on `build.lock`: the kernel drops it when the
process dies, so a killed build never leaves a stale lock behind.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from indexer.errors import IndexBusyError, IndexUnavailableError
from indexer.search.schema import build_schema

INDEX_NAME = "nianbao"
LOCK_FILE = "build.lock"


def open_index(index_dir) -> whoosh_index.Index:
    """Open the committed index in `index_dir` for reading.

    Raises IndexUnavailableError when there is none or it cannot be read.
    """
    path = Path(index_dir)
    if not path.is_dir():
        raise IndexUnavailableError(f"no index at {path}: run `python -m indexer build` first")
    try:
        return whoosh_index.open_dir(str(path), indexname=INDEX_NAME, schema=build_schema())
    except EmptyIndexError:
        raise IndexUnavailableError(f"no index at {path}: run `python -m indexer build` first") from None
    except Exception as exc:  # whoosh raises many kinds on damaged files
        raise IndexUnavailableError(f"index at {path} cannot be read: {exc}") from exc


def open_or_create(index_dir) -> whoosh_index.Index:
    """Open the index in `index_dir` for a build, creating it when absent."""
    path = Path(index_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        if whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
            return whoosh_index.open_dir(str(path), indexname=INDEX_NAME, schema=build_schema())
        return whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
    except OSError as exc:
        raise IndexUnavailableError(f"cannot write an index at {path}: {exc}") from exc


@contextmanager
def build_lock(index_dir) -> Iterator[int]:
    """Hold the build lock of `index_dir` for the duration of the block.

    Yields the lock's file descriptor: forked workers must close it, or an
    orphaned worker would keep the lock after its build was killed.

    Raises IndexBusyError at once when another process holds it.
    """
    path = Path(index_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle = open(path / LOCK_FILE, "a+")
    except OSError as exc:
        raise IndexUnavailableError(f"cannot write an index at {path}: {exc}") from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise IndexBusyError(f"index is busy: another build (pid {holder or '?'}) is running on {path}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield handle.fileno()
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()
