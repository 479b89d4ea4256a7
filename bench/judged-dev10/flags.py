"""judged-dev10's measure: how many of the judged copies in each seed's top 10
the similar list flags, and how many flags fall on statements judged not copies.

    PYTHONPATH=. python bench/judged-dev10/flags.py --index DIR [-v]

A flag is `near_duplicate`, `stock_phrase` or `repeated_from_last_year`.
Prints recall (judged copies in the top 10 that carry a flag), precision (flags
on judged copies / all flags on judged items), the flags by the judged kind
(`stock` copies should be `stock_phrase`, `own` ones `repeated_from_last_year`),
and the top 10s' unjudged statements (a changed ranking; they count in neither).
-v lists every miss and every flag on a non-copy.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("-v", action="store_true", help="list the misses and the false flags")
    args = ap.parse_args(argv)
    from indexer.search.archive import Archive
    from indexer.similar import similar_to_problem

    archive = Archive(args.index)
    judged: dict[str, dict[str, dict]] = {}
    for r in read_tsv(HERE / "qrels_copies.tsv"):
        judged.setdefault(r["sid"], {})[r["problem_id"]] = r
    copies = flagged_copies = false_flags = unjudged = 0
    by_kind: Counter = Counter()
    lines = []
    for seed in read_tsv(HERE / "seeds.tsv"):
        grades = judged.get(seed["sid"], {})
        for s in similar_to_problem(archive, seed["problem_id"], limit=10).similar:
            flags = [n for n in ("near_duplicate", "stock_phrase", "repeated_from_last_year") if getattr(s, n)]
            grade = grades.get(s.id)
            if grade is None:
                unjudged += 1
                continue
            if grade["copy"] == "yes":
                copies += 1
                flagged_copies += bool(flags)
                by_kind[(grade["kind"], "+".join(flags) or "-")] += 1
                if not flags:
                    lines.append(f"miss  {seed['sid']} [{grade['kind']}] {seed['text'][:40]} || {s.text[:60]}")
            elif flags:
                false_flags += 1
                lines.append(f"false {seed['sid']} {'+'.join(flags)} {seed['text'][:40]} || {s.text[:60]}")
    flags_judged = flagged_copies + false_flags
    print(f"judged copies in the top 10s: {copies}; flagged {flagged_copies} "
          f"(recall {flagged_copies / copies if copies else 0:.3f})")
    print(f"flags on judged statements: {flags_judged}; on non-copies {false_flags} "
          f"(precision {flagged_copies / flags_judged if flags_judged else 0:.3f}); unjudged in the top 10s: {unjudged}")
    print("judged kind -> flags: " + ", ".join(f"{k} {f}: {n}" for (k, f), n in sorted(by_kind.items())))
    if args.v:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
