"""`python -m indexer similar (PROBLEM_ID | --text TEXT) [--index DIR] [--limit N] [--json]`:
the most similar problem statements from other reports, with copy flags."""
from __future__ import annotations

import argparse
import json
import os

from indexer.errors import QueryError


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("similar", help="find problem statements like one statement or a sentence")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("problem_id", nargs="?", help="a problem id, e.g. songbei-qu-2020-p3")
    source.add_argument("--text", help="free text: find statements like this sentence")
    parser.add_argument("--index", default=os.environ.get("NIANBAO_INDEX_DIR", "var/index"),
                        help="index directory (default: $NIANBAO_INDEX_DIR or var/index)")
    parser.add_argument("--limit", type=int, default=10, help="how many statements (default 10)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    return parser


def _flags(statement) -> str:
    flags = []
    if statement.near_duplicate:
        flags.append("近乎相同（他单位）")
    if statement.stock_phrase:
        flags.append("常见套话")
    if statement.repeated_from_last_year:
        flags.append("重复往年表述")
    return f"  [{'，'.join(flags)}]" if flags else ""


def run(args) -> int:
    # Imported here so that `python -m indexer --help` works without an index layer.
    from indexer.search import open_archive
    from indexer.similar import similar_to_problem, similar_to_text

    if not 1 <= args.limit <= 100:
        raise QueryError("--limit must be between 1 and 100")
    if args.text is not None and not args.text.strip():
        raise QueryError("--text is empty")
    archive = open_archive({"INDEX_DIR": args.index})  # NIANBAO_BACKEND chooses the engine
    if args.text is not None:
        result = similar_to_text(archive, args.text, args.limit)
    else:
        result = similar_to_problem(archive, args.problem_id, args.limit)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    if result.problem is not None:
        p = result.problem
        print(f"{p.id}  {p.agency or '（单位不详）'} {p.year or ''}\n  {p.text}")
    else:
        print(f"文本：{result.text}")
    if not result.similar:
        print("（没有找到相似表述）")
    for s in result.similar:
        print(f"{s.score:.2f}  {s.id}  {s.agency or '（单位不详）'} {s.year or ''}"
              f"  (词 {s.terms:.2f} / 措辞 {s.wording:.2f} / 类别 {s.topic:.2f}){_flags(s)}\n      {s.text}")
    return 0
