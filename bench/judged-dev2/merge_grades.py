"""Merge the grade sheets work/grades/eNN.txt (`problem_id grade [note]`) into
qrels_similar.tsv; a note naming a copy (`copy`) marks the row copy=yes. Checks
that every item of the pool (work/pool.json) is graded.

    python bench/judged-dev2/merge_grades.py
"""
import csv
import sys
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from bench.grade_sheets import read_sheet  # noqa: E402


def main() -> None:
    pool = json.loads((HERE / "work" / "pool.json").read_text(encoding="utf-8"))
    rows = []
    for path in sorted((HERE / "work" / "grades").glob("e*.txt")):
        sid = path.stem
        grades = read_sheet(path)
        missing = {x for run in pool.get(sid, {}).values() for x in run} - set(grades)
        if missing:
            raise SystemExit(f"{sid}: {len(missing)} pooled items not graded: {sorted(missing)}")
        for doc_id, (grade, note) in grades.items():
            rows.append({"sid": sid, "problem_id": doc_id, "grade": str(grade),
                         "copy": "yes" if "copy" in note else "no", "note": note})
    with open(HERE / "qrels_similar.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["sid", "problem_id", "grade", "copy", "note"], delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    grades = [int(r["grade"]) for r in rows]
    print(f"{len(rows)} judgements, {len({r['sid'] for r in rows})} seeds: "
          f"{grades.count(2)} x 2, {grades.count(1)} x 1, {grades.count(0)} x 0; "
          f"{sum(r['copy'] == 'yes' for r in rows)} copies")


if __name__ == "__main__":
    main()
