"""Dump `Archive.search(...).to_dict()` for every query of some judged sets, on
the 问题 tab and over all kinds, under a few narrowings, as one JSON line per
search: run it before and after a refactor and compare the files (`cmp`).

    python bench/search_dump.py --index DIR --out FILE bench/judged-dev bench/judged-dev2 …

Development sets only (never bench/judged or a fresh set).
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from indexer.search import Archive
from indexer.search.narrowing import Narrowing

#: (label, search keyword arguments) beside the query: none, a year range, a
#: has-problems narrowing with a year from, and a second page.
NARROWINGS = (
    ("plain", {}),
    ("years", {"narrowing": Narrowing(year_from=2015, year_to=2021)}),
    ("stating", {"narrowing": Narrowing(year_from=2012, has_problems="yes")}),
    ("page2", {"page": 2, "per_page": 10}),
)


def queries(sets: list[str]) -> list[str]:
    found = []
    for folder in sets:
        with open(Path(folder) / "queries.tsv", encoding="utf-8") as handle:
            found += [row["query"] for row in csv.DictReader(handle, delimiter="\t")]
    return list(dict.fromkeys(found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("sets", nargs="+")
    args = parser.parse_args()
    archive = Archive(args.index)
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for query in queries(args.sets):
            for kind in ("problem", None):
                for label, extra in NARROWINGS:
                    result = archive.search(query, kind=kind, **extra).to_dict()
                    out.write(json.dumps([query, kind, label, result], ensure_ascii=False, sort_keys=True) + "\n")
                    count += 1
    print(f"{count} searches ({len(queries(args.sets))} queries x 2 tabs x {len(NARROWINGS)} narrowings)")


if __name__ == "__main__":
    main()
