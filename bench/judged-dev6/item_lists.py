"""How many of the top 5 state a listed statement's item: the seed's whole similar list
against the list of that item alone (the problem page's 只看此项的相似问题 link).

    PYTHONPATH=. python bench/judged-dev6/item_lists.py --index DIR

An item is stated by a candidate when its note in `qrels_similar.tsv` names it
("item 3", "items 1 and 3", "neighbour of item 4") or `qrels_items.tsv` says so
(the per-item lists' statements the similar judgements did not hold, graded by
reading: states the item's shortcoming or a neighbouring one). Unjudged count as not.
In-sample, like the rest of this set.
"""
from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    from indexer import similar
    from indexer.search.archive import Archive
    from indexer.statement_items import items

    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    archive = Archive(ap.parse_args().index)
    states: dict[tuple[str, str], set[int]] = {}
    for r in csv.DictReader(open(HERE / "qrels_similar.tsv", encoding="utf-8"), delimiter="\t"):
        m = re.match(r"(?:neighbour of )?items? ([\d, and]+)", r["note"])
        states[(r["sid"], r["problem_id"])] = {int(x) for x in re.findall(r"\d", m.group(1))} if m else set()
    for r in csv.DictReader(open(HERE / "qrels_items.tsv", encoding="utf-8"), delimiter="\t"):
        states.setdefault((r["sid"], r["problem_id"]), set())
        if r["states"] == "1":
            states[(r["sid"], r["problem_id"])].add(int(r["item"]))
    whole = alone = unjudged = n = 0
    for seed in csv.DictReader(open(HERE / "seeds.tsv", encoding="utf-8"), delimiter="\t"):
        problem = archive.problem(seed["problem_id"])
        full = [s.id for s in similar.similar_to_problem(archive, problem.id, limit=5).similar]
        for k, (item, _) in enumerate(items(problem.text), 1):
            own = [s.id for s in similar.similar_to_text(archive, item, limit=5, exclude_report=problem.report_id).similar]
            a = sum(k in states.get((seed["sid"], d), set()) for d in full)
            b = sum(k in states.get((seed["sid"], d), set()) for d in own)
            u = sum((seed["sid"], d) not in states for d in own)
            whole, alone, unjudged, n = whole + a, alone + b, unjudged + u, n + 1
            print(f"{seed['sid']} item {k}: whole list {a}/5, the item's list {b}/5 (unjudged {u})  {item}")
    print(f"{n} items: share of the top 5 stating the item: whole list {whole / n / 5:.3f}, "
          f"the item's own list {alone / n / 5:.3f} (unjudged {unjudged})")


if __name__ == "__main__":
    main()
