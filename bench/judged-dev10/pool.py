"""judged-dev10's pool: each seed's top 10 similar statements, printed for reading
(the seed, then each candidate with its 8-gram containment from `scan.py`; no flags shown).

    PYTHONPATH=. python bench/judged-dev10/pool.py --index DIR > pool.txt

The seeds are `scan.py`'s statements (both sides of its pairs), in id order (c01, c02 …).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan import grams, letters, pairs  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    args = ap.parse_args(argv)
    from indexer.search.archive import Archive
    from indexer.similar import similar_to_problem

    archive = Archive(args.index)
    seeds = sorted({p.id for _, _, a, b in pairs(list(archive.all_problems())) for p in (a, b)})
    for n, seed_id in enumerate(seeds, 1):
        seed = archive.problem(seed_id)
        mine = grams(letters(seed.text))
        print(f"\n=== c{n:02d} {seed_id} [{seed.agency} {seed.year}] {seed.text}")
        for s in similar_to_problem(archive, seed_id, limit=10).similar:
            theirs = grams(letters(s.text))
            share = len(mine & theirs) / (min(len(mine), len(theirs)) or 1)
            print(f"  {share:.2f} {s.id} [{s.agency} {s.year}] {s.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
