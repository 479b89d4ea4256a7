"""`python -m indexer build [--corpus DIR] [--index DIR] [--procs N] [--timeline]`: build or update the index.

Prints a summary (added / updated / removed / unchanged / skipped with the
reason for each). Exits 1 only when nothing could be indexed; 2 (via the CLI
shell) when the index is busy or unusable.
"""
from __future__ import annotations

import os
import sys

from indexer.build import build_index
from indexer.commands.printing import escaped


def add_parser(subparsers):
    parser = subparsers.add_parser("build", help="build or update the search index from the corpus")
    parser.add_argument("--corpus", default=os.environ.get("NIANBAO_CORPUS_DIR", "corpus"), help="corpus folder (default: $NIANBAO_CORPUS_DIR or corpus)")
    parser.add_argument("--index", default=os.environ.get("NIANBAO_INDEX_DIR", "var/index"), help="index folder (default: $NIANBAO_INDEX_DIR or var/index)")
    parser.add_argument("--procs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--force", action="store_true", help="read and index every file again")
    parser.add_argument("--timeline", action="store_true", help="print each step's wall time, CPU time and memory")
    parser.add_argument("--dask", metavar="tcp://HOST:PORT", default=None, help="prepare reports on this Dask scheduler's workers")
    return parser


def run(args) -> int:
    from indexer.search.backends import backend_name, shard_addresses

    dask, force = getattr(args, "dask", None), getattr(args, "force", False)  # other commands call run() too
    if backend_name() == "sphinx":  # NIANBAO_BACKEND=sphinx: write to the shard nodes
        from indexer.search.sphinx import build_sphinx

        args.index = "sphinx shards " + ",".join(shard_addresses())
        summary = build_sphinx(args.corpus, shard_addresses(), procs=args.procs, dask=dask, rebuild=force)
    else:
        summary = build_index(args.corpus, args.index, procs=args.procs, progress=not args.quiet, force=force, dask=dask,
                              sample_memory=0.5 if getattr(args, "timeline", False) else None)
    for line in getattr(summary, "repaired", []):
        print(f"repaired: {escaped(line)}")
    print(f"index {escaped(args.index)}: {summary.reports} reports, {summary.problems} problem statements "
          f"({summary.seconds:.1f} s)")
    print(f"  added {len(summary.added)}, updated {len(summary.updated)}, removed {len(summary.removed)}, "
          f"unchanged {len(summary.unchanged)}, skipped {len(summary.skipped)}")
    if getattr(summary, "parser_change", ""):
        print(f"  parser changed since the last build ({summary.parser_change}): "
              f"{len(summary.parser)} files read again")
    parser = set(getattr(summary, "parser", []))
    for name in ("added", "updated", "removed"):
        for relpath in getattr(summary, name):
            why = " (manifest.csv changed)" if name == "updated" and relpath in summary.manifest else ""
            why = why or (" (parser changed)" if name == "updated" and relpath in parser else "")
            print(f"  {name}: {escaped(relpath)}{why}")
    for relpath in summary.identity:
        print(f"  organ identity updated: {escaped(relpath)}")
    for relpath, reason in summary.skipped:
        print(f"  skipped: {escaped(relpath)}: {escaped(reason)}")
    if getattr(args, "timeline", False):
        from indexer.timeline import Step

        for step in getattr(summary, "steps", []):
            print(f"  step {Step(**step).line()}")
    if summary.reports == 0:
        print("error: nothing could be indexed", file=sys.stderr)
        return 1
    return 0
