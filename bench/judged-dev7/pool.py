"""Pool the candidates of judged-dev7's seeds for grading: main's top 10 similar
statements and a plain text scan of every statement for the seed's subject and
shortcoming (scan.tsv: two regexes, both must occur within 12 characters of each
other). Prints one grading sheet: seed, then each pooled statement not yet graded.

    PYTHONPATH=. python bench/judged-dev7/pool.py --index DIR [--set bench/judged-dev9]

(`--set`: another set's folder with the same seeds.tsv / scan.tsv / qrels_similar*.tsv; judged-dev9
was pooled so.)
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def near(text: str, subject: str, shortcoming: str, gap: int = 12) -> bool:
    for a in re.finditer(subject, text):
        for b in re.finditer(shortcoming, text):
            if abs(a.start() - b.start()) <= gap + len(a.group()) and a.span() != b.span():
                return True
    return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--set", type=Path, default=HERE, help="the set's folder (default: judged-dev7)")
    args = ap.parse_args(argv)
    from indexer import similar
    from indexer.search.archive import Archive

    archive = Archive(args.index)
    problems = list(archive.all_problems())
    folder = args.set
    graded = {(r["sid"], r["problem_id"]) for path in folder.glob("qrels_similar*.tsv") for r in read_tsv(path)}
    scans = {r["sid"]: r for r in read_tsv(folder / "scan.tsv")}
    for seed in read_tsv(folder / "seeds.tsv"):
        sid = seed["sid"]
        own = archive.problem(seed["problem_id"])
        top = [s.id for s in similar.similar_to_problem(archive, seed["problem_id"], limit=args.top).similar]
        scan = scans.get(sid)
        scanned = [p.id for p in problems if scan and p.report_id != own.report_id
                   and near(p.text, scan["subject"], scan["shortcoming"])]
        pooled = list(dict.fromkeys(top + scanned))
        print(f"## {sid} {seed['text']}   (top {len(top)}, scan {len(scanned)}, pooled {len(pooled)})")
        text = {p.id: p.text for p in problems}
        for pid in pooled:
            if (sid, pid) not in graded:
                src = ("T" if pid in top else "") + ("S" if pid in scanned else "")
                print(f"{sid}\t{pid}\t{src}\t{text[pid]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
