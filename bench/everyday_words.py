"""How the archive's statements hold the curated everyday list's wordings (e18w).

    python -m bench.everyday_words --index DIR

For each pair of `indexer/data/equivalents.json`'s `everyday` list, how many problem
statements of the index hold the everyday wording as written (it should be few: the list is
for words the reports do not use) and each content word of the reports' wording (it should be
some: the restated query finds statements through them). A check of the curated data against
an archive, printed; nothing is changed.
"""
from __future__ import annotations

import argparse
import json

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    args = parser.parse_args()

    from indexer.equivalents import DATA
    from indexer.search.analysis import query_words
    from indexer.search.archive import Archive
    from indexer.search.exact import needle

    table = Archive(args.index)._state().table
    statements = table.is_problem & table.live
    total = int(np.count_nonzero(statements))

    def held(text: str) -> int:
        item = needle(text)
        return int(np.count_nonzero(statements[table.needle_hits(item)[0]])) if item is not None else 0

    pairs = json.loads(DATA.read_text(encoding="utf-8"))["everyday"]
    print(f"{total} statements; everyday wording (statements holding it) -> reports' words (statements holding each)")
    unheld = 0
    for everyday, reports in pairs:
        words = [w for w in query_words(reports) if len(w) > 1]
        counts = [(w, held(w)) for w in words]
        unheld += any(n == 0 for _, n in counts)
        print(f"{everyday}\t({held(everyday)})\t-> {reports}\t" + " ".join(f"{w}:{n}" for w, n in counts))
    print(f"{len(pairs)} pairs; {unheld} with a reports' word no statement holds")


if __name__ == "__main__":
    main()
