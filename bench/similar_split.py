"""Similar statements on every development set at once, single-item and multi-item seeds apart.

    PYTHONPATH=. python -m bench.similar_split --index DIR [--per-seed]

For each development set (judged-dev, judged-dev2 halves A and B, judged-dev6, judged-dev7, judged-dev9;
never the held-out sets) the seeds' similar lists (`similar_to_problem`, top 10) are measured
as `bench.ranking_eval --similar --present-only` measures them (P@5 at grade 2, P@5 at grade
≥ 1, nDCG@10), then the means are printed for the seeds stating one thing
(`statement_items.items(text) == []`) and those listing several, per set and over all sets.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from bench.ranking_eval import carry_over, measure, read_texts, read_tsv, seed_finder, similar_qrels

SETS = (("judged-dev", None), ("judged-dev2", "A"), ("judged-dev2", "B"), ("judged-dev6", None), ("judged-dev7", None),
        ("judged-dev9", None))
HERE = Path(__file__).resolve().parent


def judged_set(archive, name: str, half: str | None, present: set[str]):
    """The set's seeds and their judgements ({sid: {problem id: grade}}), as ranking_eval reads them."""
    directory = HERE / name
    seeds = [s for s in read_tsv(directory / "seeds.tsv") if half is None or s.get("half") == half]
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for r in similar_qrels(directory):
        qrels[r["sid"]][r["problem_id"]] = int(r["grade"])
    carry_over(archive, qrels, read_texts(directory))
    for judged in qrels.values():
        for doc_id in [d for d in judged if d not in present]:
            del judged[doc_id]
    return seeds, qrels


def mean(rows: list[dict]) -> str:
    rows = [m for m in rows if m["ndcg"] is not None]
    if not rows:
        return "n/a"
    n = len(rows)
    return (f"P@5(2) {sum(m['p5_2'] for m in rows) / n:.3f}  P@5(1+) {sum(m['p5_1'] for m in rows) / n:.3f}"
            f"  nDCG@10 {sum(m['ndcg'] for m in rows) / n:.3f}  ({n} seeds)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--per-seed", action="store_true", help="print each seed's figures and top 5")
    args = ap.parse_args(argv)
    from indexer import similar
    from indexer.search.archive import Archive
    from indexer.statement_items import items

    archive = Archive(args.index)
    present = {p.id for p in archive.all_problems()}
    find = seed_finder(archive)
    everything: dict[str, list] = defaultdict(list)
    for name, half in SETS:
        seeds, qrels = judged_set(archive, name, half, present)
        kinds: dict[str, list] = defaultdict(list)
        for s in seeds:
            seed_id = find(s)
            if seed_id is None:
                continue
            ranked = [x.id for x in similar.similar_to_problem(archive, seed_id, limit=10).similar]
            m = measure(ranked, qrels.get(s["sid"], {}))
            kind = "multi" if items(s["text"]) else "single"
            kinds[kind].append(m)
            everything[kind].append(m)
            if args.per_seed:
                grades = "".join(str(qrels.get(s["sid"], {}).get(d, "?")) for d in ranked)
                print(f"{s['sid']:4} {kind:6} P@5(2) {m['p5_2']:.2f} nDCG {m['ndcg'] or 0:.3f} grades {grades}"
                      f"  {s['text'][:40]}")
        label = name + (f" {half}" if half else "")
        for kind in ("single", "multi"):
            print(f"{label:15} {kind:6} {mean(kinds[kind])}")
    for kind in ("single", "multi"):
        print(f"{'all sets':15} {kind:6} {mean(everything[kind])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
