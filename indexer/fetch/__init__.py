"""Filling the archive from official sites: `python -m indexer fetch`.

- `http`: `PoliteClient`, the only code here that talks to the network
  (robots.txt, per-host delay, retries, limits, address checks);
- `portal`: reading list and article pages (pure);
- `store`: writing files, provenance and manifest rows into the corpus;
- `crawl`: `fetch_reports`, walking columns to reports.
"""
from indexer.fetch.crawl import FetchOptions, FetchSummary, Skip, fetch_reports
from indexer.fetch.http import FetchError, FetchPolicy
from indexer.fetch.store import StoreError

__all__ = ["FetchError", "FetchOptions", "FetchPolicy", "FetchSummary", "Skip", "StoreError", "fetch_reports"]
