"""Merge the search grade sheets work/grades/qNNN.txt (`doc_id grade [note]`)
into qrels.tsv, checking every pooled item (work/pool_search.json) is graded.

    python bench/judged-dev2/merge_search.py
"""
import csv
import sys
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from bench.grade_sheets import read_sheet  # noqa: E402


def main() -> None:
    pool = json.loads((HERE / "work" / "pool_search.json").read_text(encoding="utf-8"))
    rows = []
    for path in sorted((HERE / "work" / "grades").glob("q*.txt")):
        qid = "e" + path.stem[1:]
        grades = read_sheet(path)
        missing = set(pool.get(qid, {})) - set(grades)
        if missing:
            raise SystemExit(f"{qid}: {len(missing)} pooled items not graded: {sorted(missing)}")
        rows += [{"qid": qid, "doc_id": d, "grade": str(g), "note": n} for d, (g, n) in grades.items()]
    with open(HERE / "qrels.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["qid", "doc_id", "grade", "note"], delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    grades = [int(r["grade"]) for r in rows]
    print(f"{len(rows)} judgements, {len({r['qid'] for r in rows})} queries: "
          f"{grades.count(2)} x 2, {grades.count(1)} x 1, {grades.count(0)} x 0")


if __name__ == "__main__":
    main()
