"""Merge the grade sheets work/grades/dNNN.txt (`doc_id grade [note]`) into
qrels.tsv (a sheet's grade replaces the same (query, item) row; other rows stay). d116 (信息发布 滞后) also takes the
grades of d110 (公开 不及时), a query with the same need, for items its own
pool did not hold (as bench/judged did for q01/q11).

    python bench/judged-dev/merge_grades.py
"""
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from bench.grade_sheets import read_sheet  # noqa: E402
SAME_NEED = {"d116": "d110"}


def main() -> None:
    sheets = {p.stem: read_sheet(p) for p in sorted((HERE / "work" / "grades").glob("d*.txt"))}
    for qid, other in SAME_NEED.items():
        for doc_id, (grade, note) in sheets[other].items():
            sheets[qid].setdefault(doc_id, (grade, f"from {other}" + (f": {note}" if note else "")))
    path = HERE / "qrels.tsv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["doc_id"] not in sheets.get(r["qid"], {})]
    for qid, grades in sheets.items():
        rows += [{"qid": qid, "doc_id": d, "grade": str(g), "note": n} for d, (g, n) in grades.items()]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["qid", "doc_id", "grade", "note"], delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} judgements, {len({r['qid'] for r in rows})} queries")


if __name__ == "__main__":
    main()
