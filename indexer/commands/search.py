"""`python -m indexer search QUERY [--index DIR] [--agency A] [--year Y] [--category C] [--kind K] [--json]`.

`--json` prints `SearchResult.to_dict()`, the shape of `/api/search`; a bad
query prints `{"error": ...}` and exits 2. An empty QUERY ("") browses.
"""
from __future__ import annotations

import html
import json
import os
import re

from indexer.errors import NianbaoError, QueryError
from indexer.search import open_archive


def add_parser(subparsers):
    parser = subparsers.add_parser("search", help="search the index")
    parser.add_argument("query", nargs="?", default="", help='words, "a phrase", AND / OR / NOT')
    parser.add_argument("--index", default=os.environ.get("NIANBAO_INDEX_DIR", "var/index"))
    parser.add_argument("--agency", action="append", default=[], help="filter by agency (repeatable)")
    parser.add_argument("--year", action="append", default=[], help="filter by year (repeatable)")
    parser.add_argument("--category", action="append", default=[], help="filter by problem category (repeatable)")
    parser.add_argument("--section", action="append", default=[], help="only this standard section 1-6 (repeatable)")
    parser.add_argument("--kind", choices=("report", "problem"), default=None)
    parser.add_argument("--sort", choices=("relevance", "year", "year_asc"), default="relevance")
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def _plain(snippet: str) -> str:
    return html.unescape(re.sub(r"</?mark>", lambda m: "[" if m.group() == "<mark>" else "]", snippet))


def run(args) -> int:
    filters = {k: v for k, v in (("agency", args.agency), ("year", args.year), ("category", args.category), ("section", args.section)) if v}
    try:
        result = open_archive({"INDEX_DIR": args.index}).search(args.query, filters=filters, kind=args.kind, sort=args.sort,
                                            page=args.page, per_page=args.per_page)
    except NianbaoError as exc:
        if not args.json:
            raise
        print(json.dumps({"error": str(exc), "kind": "query" if isinstance(exc, QueryError) else "index"}, ensure_ascii=False))
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"{result.total} matches (page {result.page})")
    for hit in result.hits:
        where = f" §{hit.section} {hit.section_title}" if hit.section else ""
        print(f"- [{hit.kind}] {hit.id}  {hit.agency} {hit.year or ''}{where}")
        print(f"    {_plain(hit.snippet)}")
    for name, facet in result.facets.items():
        values = ", ".join(f"{v.value} ({v.count})" for v in facet.values)
        if values:
            print(f"  {name}: {values}{' …' if facet.truncated else ''}")
    return 0
