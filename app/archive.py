"""The one read-only `Archive` per process, opened lazily.

The index is never built here: when it is missing, `get_archive()` raises
`IndexUnavailableError`, which the error handlers turn into a page that says
how to build it. A later request tries again, so building the index while the
server runs is enough.
"""
from __future__ import annotations

import threading
from functools import lru_cache

from flask import Flask, current_app

from indexer.search import Archive, open_archive

_lock = threading.Lock()


def get_archive() -> Archive:
    """The process-wide Archive for the configured INDEX_DIR.

    Raises IndexUnavailableError when there is no index yet (nothing is cached
    then, so the next request will look again).
    """
    cache = current_app.extensions["nianbao_archive"]
    archive = cache.get("archive")
    if archive is None:
        with _lock:
            archive = cache.get("archive")
            if archive is None:
                archive = open_archive(current_app.config)  # NIANBAO_BACKEND: whoosh or sphinx
                cache["archive"] = archive
    return archive


@lru_cache(maxsize=1)
def category_names() -> dict[str, str]:
    """Category id -> Chinese name, from the taxonomy."""
    from indexer.categories import load_taxonomy

    return {c.id: c.name for c in load_taxonomy()}


def init_app(app: Flask) -> None:
    app.extensions["nianbao_archive"] = {}
