"""Where a development set's first five put a worse item above a better one (e18z).

    PYTHONPATH=. python bench/first_five.py INDEX bench/judged-dev [bench/judged-dev2 …]

For each query of each set (problem queries on the 问题 tab and over all kinds, general queries
over all kinds), prints the top 10 whenever an item of the first five has a lower grade than an
item ranked below it (unjudged items count 0), marking those ranks with *, with each hit's grade,
kind, match and text (a statement's text, a report's snippet), to be read and grouped by cause.
Development sets only: never bench/judged, bench/judged-fresh or bench/judged-fresh2.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.ranking_eval import read_tsv, search_qrels  # noqa: E402
from indexer.search.archive import Archive  # noqa: E402


def main(index: str, sets: list[str]) -> None:
    archive = Archive(index)
    texts = {p.id: p.text for p in archive.all_problems()}
    for folder in map(Path, sets):
        if folder.name in ("judged", "judged-fresh", "judged-fresh2"):
            raise SystemExit(f"{folder} is a held-out set")
        grades: dict[str, dict[str, int]] = {}
        for row in search_qrels(folder):
            grades.setdefault(row["qid"], {})[row["doc_id"]] = int(row["grade"])
        for q in read_tsv(folder / "queries.tsv"):
            for kind in (["problem", None] if q["scope"] == "problem" else [None]):
                hits = archive.search(q["query"], kind=kind, per_page=10, facets=False).hits
                g = [grades.get(q["qid"], {}).get(h.id, 0) for h in hits]
                worse = [i for i in range(min(5, len(g))) if any(g[j] > g[i] for j in range(i + 1, len(g)))]
                if not worse:
                    continue
                print(f"## {folder.name} {q['qid']} {q['query']} [{kind or 'all'}] grades {g}")
                for i, h in enumerate(hits):
                    text = texts.get(h.id) or re.sub(r"<[^>]+>|\s+", "", h.snippet or "")
                    print(f"  {'*' if i in worse else ' '}{i + 1} g{g[i]} {h.kind[:4]} {h.match[:5]} {h.id} | {text[:110]}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
