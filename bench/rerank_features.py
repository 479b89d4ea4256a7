"""Training data for the similar-statement re-ranker: every graded (seed,
candidate, grade) of the development sets, with the signals
`indexer.similar.rank` computes for the candidate.

    python -m bench.rerank_features [--index DIR] [--out bench/rerank/features.tsv]

Sets read: bench/judged-dev and bench/judged-dev2 (`qrels_similar.tsv` and its extension files), never
bench/judged (frozen). The index is the archive they were graded on
(bench/judged-dev2/README.md: bench/out/recall-corpus built into a scratch
index). Seeds are found with `bench.ranking_eval.seed_finder`; judgements of
renumbered statements are carried over by text (`ranking_eval.carry_over`).

Per seed, the candidate list is what `similar_to_problem` ranks: the archive's
candidate searches for the seed (`indexer.candidates.find`: 50 by words, up to 10 more by shortcoming), plus the judged candidates it did not
retrieve (`retrieved` = 0), all scored together. One row per candidate:
set, seed, candidate id, grade (empty: not judged), retrieved, the score of
the code that ran (`score`), `floor` (its copy similarity when the same text)
and each of `similar.FEATURES`.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

from bench.ranking_eval import DEFAULT_INDEX, HERE, carry_over, read_texts, read_tsv, seed_finder, similar_qrels

SETS = ("judged-dev", "judged-dev2")
OUT = HERE / "rerank" / "features.tsv"


def seed_rows(archive, set_name: str, sid: str, seed_id: str, judged: dict[str, int]) -> list[dict]:
    from indexer import similar
    from indexer.candidates import find as find_candidates
    from indexer.errors import NotFoundError

    problem = archive.problem(seed_id)
    vectors = similar.archive_vectors(archive)
    pool = find_candidates(archive, problem.text, problem.categories, vectors, limit=50,
                           exclude_report=problem.report_id, stopwords=similar.STOPWORDS)
    retrieved = {c.id for c in pool}
    for doc_id in judged:
        if doc_id not in retrieved:
            try:
                pool.append(archive.problem(doc_id))
            except NotFoundError:
                pass  # no longer extracted: cannot be ranked
    previous, following, organs = similar._organ_neighbours(archive, problem, [c.report_id for c in pool])
    ranked = similar.rank(problem.text, pool, len(pool), agency=problem.agency, year=problem.year,
                          report_id=problem.report_id, previous_year=similar._previous_year(archive, problem),
                          vectors=vectors, previous_report=previous, next_report=following,
                          categories=problem.categories, organs=organs, signals=True)
    rows = []
    for s in ranked:
        grade = judged.get(s.id)
        row = {"set": set_name, "sid": sid, "problem_id": s.id, "grade": "" if grade is None else grade,
               "retrieved": int(s.id in retrieved), "score": s.score}
        row.update({k: round(v, 4) for k, v in s.features.items()})
        rows.append(row)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", default=str(DEFAULT_INDEX))
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    from indexer import similar
    from indexer.search.archive import Archive

    archive = Archive(args.index)
    find = seed_finder(archive)
    rows: list[dict] = []
    for set_name in SETS:
        judged_dir = HERE / set_name
        qrels: dict[str, dict[str, int]] = defaultdict(dict)
        for r in similar_qrels(judged_dir):
            qrels[r["sid"]][r["problem_id"]] = int(r["grade"])
        carried, lost = carry_over(archive, qrels, read_texts(judged_dir))
        print(f"{set_name}: {len(carried)} judgements carried over by text, {lost} not found")
        for seed in read_tsv(judged_dir / "seeds.tsv"):
            seed_id = find(seed)
            if seed_id is None:
                print(f"{set_name} {seed['sid']}: seed no longer extracted; left out")
                continue
            rows += seed_rows(archive, set_name, seed["sid"], seed_id, qrels.get(seed["sid"], {}))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fields = ["set", "sid", "problem_id", "grade", "retrieved", "score", "floor", *similar.FEATURES]
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    graded = [r for r in rows if r["grade"] != ""]
    print(f"{out}: {len(rows)} candidates of {len({(r['set'], r['sid']) for r in rows})} seeds, "
          f"{len(graded)} graded ({sum(r['grade'] == 2 for r in graded)} x 2, "
          f"{sum(r['grade'] == 1 for r in graded)} x 1, {sum(r['grade'] == 0 for r in graded)} x 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
