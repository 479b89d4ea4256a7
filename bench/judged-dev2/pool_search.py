"""Pool bench/judged-dev2's problem-seeking queries (queries.tsv, written before
any result was looked at) from the five rankings of bench/judged-dev/pool_search.py
and write reading sheets work/read/qNNN.txt (items shuffled, no ranking named).

    python bench/judged-dev2/pool_search.py --index DIR
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
_spec = importlib.util.spec_from_file_location("judged_dev_pool", HERE.parent / "judged-dev" / "pool_search.py")
_pool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_pool)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    args = ap.parse_args(argv)
    from indexer.search.archive import Archive

    archive = Archive(args.index)
    with open(HERE / "queries.tsv", encoding="utf-8", newline="") as f:
        queries = list(csv.DictReader(f, delimiter="\t"))
    pool = {}
    for q in queries:
        docs: dict[int, list[str]] = {}
        for name, ranked in _pool.rankings(archive, q["query"]).items():
            for d in ranked:
                docs.setdefault(d, []).append(name)
        items = [(_pool.passage(archive, d, q["query"]), names) for d, names in docs.items()]
        pool[q["qid"]] = {doc_id: names for (doc_id, _), names in items}
        random.Random(20261207).shuffle(items)
        lines = [f"# {q['qid']} {q['query']} | need: {q['need']} | scope: {q['scope']}"]
        lines += [f"[{doc_id}] {text}" for (doc_id, text), _ in items]
        (HERE / "work" / "read" / f"q{q['qid'][1:]}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(q["qid"], q["query"], len(items))
    (HERE / "work" / "pool_search.json").write_text(json.dumps(pool, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
