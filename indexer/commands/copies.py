"""`python -m indexer copies [CLUSTER_ID] [--index DIR] [--unit problem|paragraph] ...`:
copied text across the archive, as the build's copy pass found it.

Without CLUSTER_ID: the clusters (text shared by at least two organs),
biggest first, filtered like /copies (facet values, search text). With
CLUSTER_ID: that cluster's members, one line each. `--rerun` runs the copy
pass again over the index as it is (under the build lock) before listing.
"""
from __future__ import annotations

import argparse
import json
import os

from indexer.errors import IndexUnavailableError, QueryError

UNITS = ("problem", "paragraph")
ORDERS = ("size", "organs", "year")
FILTERS = ("agency", "year", "category", "region", "level")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("copies", help="list text shared by different organs (the build's copy pass)",
                                   description=__doc__.split("\n\n")[1].replace("\n", " "))
    parser.add_argument("cluster_id", nargs="?", help="one cluster, e.g. para-jia-zhen-2022-s1-1")
    parser.add_argument("--index", default=os.environ.get("NIANBAO_INDEX_DIR", "var/index"),
                        help="index directory (default: $NIANBAO_INDEX_DIR or var/index)")
    parser.add_argument("--unit", choices=UNITS, default="problem", help="problem statements (default) or paragraphs")
    parser.add_argument("--order", choices=ORDERS, default="size", help="biggest first (default), most organs, latest year")
    parser.add_argument("--q", dest="query", help="only clusters with a member text matching this search")
    for name in FILTERS:
        parser.add_argument(f"--{name}", action="append", default=[], metavar="VALUE",
                            help=f"only clusters with a member report of this {name} (repeatable)")
    parser.add_argument("--limit", type=int, default=20, help="how many clusters (default 20, at most 10000)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many clusters first")
    parser.add_argument("--rerun", action="store_true", help="run the copy pass again over the index first")
    parser.add_argument("--json", action="store_true", help="print JSON (one object per line for a list)")
    return parser


def _line(text: str, width: int = 100) -> str:
    from indexer.commands.printing import escaped

    text = escaped(" ".join((text or "").split()))
    return text if len(text) <= width else text[:width - 1] + "…"


def _rerun(index: str) -> dict:
    """The copy pass again over the committed index; raises IndexBusyError
    while a build holds the index, IndexUnavailableError when it cannot run."""
    import sqlite3
    from pathlib import Path

    from indexer.copystore import run_copy_pass
    from indexer.search.store import build_lock, open_index

    if not Path(index).is_dir():
        raise IndexUnavailableError(f"no index at {index}: run `python -m indexer build` first")
    with build_lock(index):  # never while a build writes the index
        try:
            return run_copy_pass(open_index(index), index)
        except (OSError, sqlite3.Error) as exc:
            raise IndexUnavailableError(f"copy detection could not be written to {index} ({exc})") from None


def run(args) -> int:
    from indexer.copystore import CopyStore, text_matcher

    if not 1 <= args.limit <= 10000:
        raise QueryError("--limit must be between 1 and 10000")
    if args.offset < 0:
        raise QueryError("--offset must be 0 or more")
    if args.rerun:
        stats = _rerun(args.index)
        if not args.json:
            print(f"copy pass: {stats.get('clusters', 0)} clusters, {stats.get('seconds', 0):.1f} s")
    with CopyStore(args.index) as store:
        if args.cluster_id:
            cluster = store.cluster(args.cluster_id)
            if args.json:
                print(json.dumps(cluster, ensure_ascii=False))
                return 0
            print(f"{cluster['cluster_id']}  {cluster['size']} 篇 / {cluster['organs']} 个机关  "
                  f"{cluster['first_year'] or ''}–{cluster['last_year'] or ''}\n  {_line(cluster['text'], 400)}")
            for m in cluster["members"]:
                print(f"{m['year'] or '—'}  {_line(m['agency'] or '（单位不详）', 40)}  {m['unit_id']}\n      {_line(m['text'])}")
            return 0
        filters = {name: values for name in FILTERS if (values := getattr(args, name))}
        matches = text_matcher(args.query) if args.query and args.query.strip() else None
        total, rows = store.clusters(args.unit, filters, None, args.order, limit=args.limit, offset=args.offset,
                                     matches=matches)
    if args.json:
        for row in rows:
            print(json.dumps({k: v for k, v in row.items() if k != "texts"}, ensure_ascii=False))
        return 0
    print(f"{total} 组{'问题陈述' if args.unit == 'problem' else '报告段落'}雷同（至少两个机关）"
          + (f"，显示第 {args.offset + 1}–{args.offset + len(rows)} 组" if rows else ""))
    for row in rows:
        years = f"{row['first_year'] or ''}–{row['last_year'] or ''}" if row["last_year"] != row["first_year"] else f"{row['first_year'] or '—'}"
        print(f"{row['size']:>6} 篇 {row['organs']:>5} 个机关  {years:<9}  {row['cluster_id']}\n        {_line(row['text'])}")
    return 0
