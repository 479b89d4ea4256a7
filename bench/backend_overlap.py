"""How alike the two backends' 问题 tabs are for the dev sets' problem queries (issue 18, e18d).

    python -m bench.backend_overlap --index DIR --sphinx HOST:PORT [--judged bench/judged-dev ...]

For each problem-scope query of the named development sets (default: every
bench/judged-dev*/queries.tsv; never the held-out sets), the first 10 problem
statements (kind='problem') of the embedded index at DIR and of the Sphinx
cluster holding the same reports. Prints per set and overall: the mean overlap
|A & B| / max(|A|, |B|) (1 when both are empty), how many queries Sphinx
answers with fewer statements than the embedded index, and the queries that
differ most.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEPTH = 10


def problem_queries(judged: Path) -> list[dict]:
    with open(judged / "queries.tsv", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r["scope"] == "problem"]


def first(archive, query: str) -> list[str]:
    return [h.id for h in archive.search(query, kind="problem", per_page=DEPTH, facets=False, highlight=False).hits]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--sphinx", required=True, metavar="HOST:PORT")
    ap.add_argument("--judged", nargs="*", type=Path)
    ap.add_argument("--worst", type=int, default=8)
    args = ap.parse_args(argv)
    from indexer.search.archive import Archive
    from indexer.search.sphinx import SphinxArchive

    embedded, cluster = Archive(args.index), SphinxArchive(args.sphinx)
    sets = args.judged or sorted(p for p in HERE.glob("judged-dev*") if (p / "queries.tsv").is_file())
    rows, seen = [], set()
    for judged in sets:
        for q in problem_queries(judged):
            if q["query"] in seen:
                continue
            seen.add(q["query"])
            a, b = first(embedded, q["query"]), first(cluster, q["query"])
            share = len(set(a) & set(b)) / max(len(a), len(b)) if a or b else 1.0
            rows.append((judged.name, q["qid"], q["query"], share, len(a), len(b)))
    print(f"{'set':14} {'queries':>7} {'overlap@10':>10} {'sphinx fewer':>12}")
    for name in list(dict.fromkeys(r[0] for r in rows)) + ["all"]:
        mine = [r for r in rows if name in ("all", r[0])]
        print(f"{name:14} {len(mine):7d} {sum(r[3] for r in mine) / len(mine):10.3f} "
              f"{sum(r[5] < r[4] for r in mine):12d}")
    print("\nmost different (set, qid, query, overlap, embedded n, sphinx n):")
    for r in sorted(rows, key=lambda r: r[3])[:args.worst]:
        print(f"  {r[0]} {r[1]} {r[2]} {r[3]:.2f} {r[4]} {r[5]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
