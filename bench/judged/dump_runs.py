"""Dump the top-N hits of every query (all kinds and kind='problem') and the
similar-statement lists of every seed, from the index given, with whatever
`indexer` package is on PYTHONPATH (old or new code). Used for pooling only.

usage: python dump_runs.py INDEX OUT.json [SEEDS.tsv]
"""
import csv, json, re, sys
from pathlib import Path

from indexer.search.archive import Archive
from indexer import similar

HERE = Path(__file__).resolve().parent
TAG = re.compile(r"</?mark>")


def main():
    index, out = sys.argv[1], sys.argv[2]
    seeds = sys.argv[3] if len(sys.argv) > 3 else None
    a = Archive(index)
    data = {"queries": {}, "seeds": {}}
    with open(HERE / "queries.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            runs = {}
            for name, kind in (("all", None), ("problem", "problem")):
                res = a.search(row["query"], kind=kind, per_page=20, facets=False)
                runs[name] = [dict(id=h.id, kind=h.kind, section=h.section, snippet=TAG.sub("", h.snippet), score=h.score)
                              for h in res.hits]
            data["queries"][row["qid"]] = runs
    if seeds:
        with open(seeds, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                res = similar.similar_to_problem(a, row["problem_id"], limit=15)
                cands = a.problem_candidates(a.problem(row["problem_id"]).text, limit=15, exclude_report=a.problem(row["problem_id"]).report_id)
                data["seeds"][row["sid"]] = {
                    "similar": [dict(id=s.id, near_duplicate=s.near_duplicate, score=s.score) for s in res.similar],
                    "candidates": [dict(id=c.id) for c in cands],
                }
    Path(out).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
