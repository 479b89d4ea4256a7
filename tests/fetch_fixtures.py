"""Fixtures for the fetch tests (loaded with `pytest_plugins`): the portal's
attachments made once per session with real tools, and one whole fetch
scenario run once per session against the loopback portal:

1. fetch the column (3 list pages, --since 2013, --ocr) into a fresh corpus;
2. the changing page changes; fetch the column again;
3. build the index from that corpus, as `python -m indexer fetch` does.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from fetch_portal import PortalServer, build_portal_files, test_policy

from indexer.fetch import FetchOptions, FetchSummary, fetch_reports


@pytest.fixture(scope="session")
def portal_files(tmp_path_factory) -> dict[str, bytes]:
    return build_portal_files(tmp_path_factory.mktemp("portal-files"))


@pytest.fixture
def portal(portal_files):
    with PortalServer(portal_files) as server:
        yield server


@dataclass
class FetchedPortal:
    root: Path  # holds only corpus/ and index/
    corpus: Path
    index: Path
    first: FetchSummary
    second: FetchSummary
    hits_first: dict  # requests per path during the first fetch
    hits_second: dict
    build: object  # BuildSummary
    base: str  # the portal's http://127.0.0.1:port


@pytest.fixture(scope="session")
def fetched_portal(portal_files, tmp_path_factory) -> FetchedPortal:
    from indexer.build import build_index

    root = tmp_path_factory.mktemp("fetched")
    corpus, index = root / "corpus", root / "index"
    options = FetchOptions(column_pages=3, since=2013, ocr=True, policy=test_policy())
    with PortalServer(portal_files) as server:
        start = [server.url("/gknb/index.html")]
        first = fetch_reports(start, corpus, options)
        hits_first = dict(server.hits)
        server.hits.clear()
        server.changed = True
        second = fetch_reports(start, corpus, options)
        hits_second = dict(server.hits)
        base = server.base
    build = build_index(corpus, index, procs=2, progress=False)
    return FetchedPortal(root, corpus, index, first, second, hits_first, hits_second, build, base)
