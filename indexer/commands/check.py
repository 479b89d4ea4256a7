"""`python -m indexer check [--index DIR] [--quick]`: verify an index, change nothing.

Compares every index file with the size and sha256 the build recorded when it
committed (`indexer.search.integrity`). Prints what it found; exits 0 when
the index is sound and verified, 1 when something is damaged or cannot be
verified (then `python -m indexer build` repairs it), 2 when there is no index.
"""
from __future__ import annotations

import os

from indexer.commands.printing import escaped
from indexer.search.integrity import check_index


def add_parser(subparsers):
    parser = subparsers.add_parser("check", help="verify the index files against their recorded checksums (changes nothing)")
    parser.add_argument("--index", default=os.environ.get("NIANBAO_INDEX_DIR", "var/index"), help="index folder (default: $NIANBAO_INDEX_DIR or var/index)")
    parser.add_argument("--quick", action="store_true", help="compare sizes only, do not hash")
    return parser


def run(args) -> int:
    check = check_index(args.index, quick=args.quick)
    where = escaped(args.index)
    if not check.exists:
        print(f"index {where}: no index here yet (python -m indexer build makes one)")
        return 2
    for line in check.lines():
        print(f"  {escaped(line)}")
    documents = sum(check.segments.values())
    if check.verified:
        how = "sizes match" if args.quick else "every file matches its recorded checksum"
        print(f"index {where}: sound — generation {check.generation}, {len(check.segments)} segment(s), {documents} documents; {how}")
        return 0
    if check.sound:
        print(f"index {where}: readable but not verifiable — run `python -m indexer build` to index those segments again")
    else:
        print(f"index {where}: DAMAGED — run `python -m indexer build` to repair it (sound segments are kept, the rest is indexed again from the corpus)")
    return 1
