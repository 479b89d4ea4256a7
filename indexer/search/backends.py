"""Which engine serves the archive: `open_archive(config)`.

`BACKEND` is "whoosh" (the embedded index in `INDEX_DIR`, the default) or
"sphinx" (the cluster whose aggregator answers SphinxQL at `SPHINX`,
"host:port"). Each key falls back to its environment variable:
NIANBAO_BACKEND, NIANBAO_INDEX_DIR, NIANBAO_SPHINX; writers also need the
shard nodes, NIANBAO_SPHINX_SHARDS ("host:port,host:port", in shard order).
"""
from __future__ import annotations

import os
from typing import Mapping

from indexer.errors import IndexUnavailableError

BACKENDS = ("whoosh", "sphinx")


def _setting(config: Mapping | None, key: str, env: str, default: str = "") -> str:
    value = (config or {}).get(key) or os.environ.get(env) or default
    return str(value).strip()


def backend_name(config: Mapping | None = None) -> str:
    name = _setting(config, "BACKEND", "NIANBAO_BACKEND", "whoosh").lower()
    if name not in BACKENDS:
        raise IndexUnavailableError(f"unknown backend {name!r} (NIANBAO_BACKEND is one of {', '.join(BACKENDS)})")
    return name


def shard_addresses(config: Mapping | None = None) -> list[str]:
    return [a.strip() for a in _setting(config, "SPHINX_SHARDS", "NIANBAO_SPHINX_SHARDS").split(",") if a.strip()]


def open_archive(config: Mapping | None = None):
    """The archive reader for `config`; raises IndexUnavailableError when it cannot be opened."""
    if backend_name(config) == "sphinx":
        from indexer.search.sphinx import SphinxArchive

        address = _setting(config, "SPHINX", "NIANBAO_SPHINX")
        if not address:
            raise IndexUnavailableError("NIANBAO_BACKEND=sphinx needs NIANBAO_SPHINX (the aggregator's SphinxQL host:port)")
        return SphinxArchive(address)
    from indexer.search.archive import Archive

    return Archive(_setting(config, "INDEX_DIR", "NIANBAO_INDEX_DIR", os.path.join("var", "index")))
