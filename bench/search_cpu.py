"""CPU time of `Archive.search` per query, for the development sets' queries.

    python -m bench.search_cpu --index DIR [--runs 9] [--kind problem] [--judged DIR ...]

Runs every query of the judged sets' `queries.tsv` (default: bench/judged-dev
and bench/judged-dev2, never bench/judged) once to warm up, then `--runs`
times each as the search page asks for it (`per_page=20`, facets and
snippets), and prints each query's minimum CPU time (`time.process_time`),
then the sum and the median over the queries. CPU time, not wall time: the
machine is shared. Measures the code first on the path, so another
checkout's code can be timed on the same index:

    PYTHONPATH=/path/to/old python /path/to/this/bench/search_cpu.py --index DIR
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent))  # after PYTHONPATH: another checkout's code can be measured
from bench.ranking_eval import read_tsv  # noqa: E402

SETS = (HERE / "judged-dev", HERE / "judged-dev2")


def queries(sets) -> list[str]:
    return [q["query"] for folder in sets for q in read_tsv(Path(folder) / "queries.tsv")]


def cpu_ms(archive, query: str, runs: int, kind=None) -> float:
    """The least CPU milliseconds of `runs` searches of `query`."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        archive.search(query, kind=kind, per_page=20)
        best = min(best, time.process_time() - start)
    return best * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--kind", default=None, help="problem: the 问题 tab")
    ap.add_argument("--judged", action="append", help="judged set folders (default: judged-dev, judged-dev2)")
    args = ap.parse_args(argv)
    from indexer.search.archive import Archive

    archive = Archive(args.index)
    texts = queries(args.judged or SETS)
    for text in texts:  # warm-up: caches of the index and of each query's needles
        archive.search(text, kind=args.kind, per_page=20)
    times = []
    for text in texts:
        ms = cpu_ms(archive, text, args.runs, args.kind)
        times.append(ms)
        print(f"{ms:7.2f} ms  {text}")
    print(f"{len(times)} queries: sum {sum(times):.1f} ms, median {statistics.median(times):.2f} ms, "
          f"max {max(times):.2f} ms (CPU, least of {args.runs} runs each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
