"""What goes wrong in the all-kinds ranking of problem-seeking queries, by kind.

    python -m bench.search_misses [--index DIR] [--judged DIR ...] [--list] [--scope problem|all]

For every `problem` query of the judged sets (development sets only:
bench/judged-dev, bench/judged-dev2), reads the all-kinds top 10 as the page
shows it and counts:

* wrong hits in the top 5 (graded 0, or unjudged), by what they are: a
  statement of another shortcoming; a report shown by its section 五, the
  match after a measures cue (下一步, 改进措施, 今后 …: plans, not a
  shortcoming) or not; a report shown by another numbered section (work
  descriptions, staffing lines, stock phrases); a report shown by its
  unnumbered part (title, contents list) or as a whole;
* relevant items (graded 2) missing from the top 10: statements and
  reports, and whether the search returned them at all (below rank 10) or not.

`--scope all` does the same for the general (not problem-seeking) queries.

`--kind problem` reads the 问题 tab instead (statements only), by what P@5
counts: the top-5 statements graded below 2 (or unjudged), by match class
(exact hits, which always come first, or best matches on words) and grade;
and the grade-2 statements missing from the top 5, ranked 6–100 or not
matched at all.

`--list` prints each item. The categories come from the hit (its kind, the
section it is shown by, the snippet), never from the query.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent))  # after PYTHONPATH: another checkout's code can be measured
from bench.ranking_eval import read_tsv, search_qrels  # noqa: E402

MEASURES = re.compile(r"下一步|下步|改进措施|改进情况|今后|将进一步|将继续|我们将|将切实")


def wrong_kind(hit) -> str:
    """What a wrong hit is, from the hit alone."""
    if hit.kind == "problem":
        return "statement of another shortcoming"
    if hit.section == 5:
        first = hit.snippet.find("<mark>")
        return ("section 五: measures text" if first > 0 and MEASURES.search(hit.snippet[:first])
                else "section 五: another shortcoming")
    if hit.section in (1, 2, 3, 4, 6):
        return "section other than 五 (work text, staffing, stock phrase)"
    return "unnumbered part or whole report (title, contents)"


def present(archive, doc_id: str) -> bool:
    """Whether the archive has this judged statement (a parser change may renumber them)."""
    if not re.search(r"-p\d+$", doc_id):
        return True
    try:
        archive.problem(doc_id)
        return True
    except Exception:
        return False


def main(argv=None) -> int:
    from indexer.search.archive import Archive

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", default=str(HERE / "out" / "recall-index"))
    ap.add_argument("--judged", nargs="+", default=[str(HERE / "judged-dev"), str(HERE / "judged-dev2")])
    ap.add_argument("--list", action="store_true", help="print every counted item")
    ap.add_argument("--scope", default="problem", choices=("problem", "all"),
                    help="the judged queries of this scope (all: general queries)")
    ap.add_argument("--kind", choices=("problem",), help="problem: the 问题 tab (statements only), by P@5")
    args = ap.parse_args(argv)
    archive = Archive(args.index)
    if args.kind:
        return statement_tab(archive, args)
    for judged in args.judged:
        qrels: dict[str, dict[str, int]] = {}
        for row in search_qrels(Path(judged)):
            qrels.setdefault(row["qid"], {})[row["doc_id"]] = int(row["grade"])
        wrong, missing = Counter(), Counter()
        for query in read_tsv(Path(judged) / "queries.tsv"):
            if query["scope"] != args.scope:
                continue
            grades = qrels.get(query["qid"], {})
            result = archive.search(query["query"], per_page=100, facets=False)
            for hit in result.hits[:5]:
                if grades.get(hit.id, 0) == 0:
                    what = wrong_kind(hit)
                    wrong[what] += 1
                    if args.list:
                        print(f"  {query['qid']} wrong: {what}: {hit.id}")
            ranked = [h.id for h in result.hits]
            for doc_id, grade in grades.items():
                if grade == 2 and doc_id not in ranked[:10]:
                    if not present(archive, doc_id):
                        missing["(statement the archive no longer has: renumbered)"] += 1
                        continue
                    kind = "statement" if re.search(r"-p\d+$", doc_id) else "report"
                    where = "ranked below 10" if doc_id in ranked else "not in the first 100 (or not matched)"
                    missing[f"{kind}, {where}"] += 1
                    if args.list:
                        print(f"  {query['qid']} missing: {kind}, {where}: {doc_id}")
        print(f"== {judged}")
        print("wrong hits in the top 5:", sum(wrong.values()))
        for what, count in wrong.most_common():
            print(f"  {count:3d}  {what}")
        print("relevant (2) missing from the top 10:", sum(missing.values()))
        for what, count in missing.most_common():
            print(f"  {count:3d}  {what}")
    return 0


def statement_tab(archive, args) -> int:
    """The 问题 tab's misses, by what P@5 counts (`--kind problem`)."""
    for judged in args.judged:
        qrels: dict[str, dict[str, int]] = {}
        for row in search_qrels(Path(judged)):
            qrels.setdefault(row["qid"], {})[row["doc_id"]] = int(row["grade"])
        below, missing = Counter(), Counter()
        for query in read_tsv(Path(judged) / "queries.tsv"):
            if query["scope"] != args.scope:
                continue
            grades = qrels.get(query["qid"], {})
            hits = archive.search(query["query"], kind="problem", per_page=100, facets=False).hits
            for hit in hits[:5]:
                grade = grades.get(hit.id)
                if grade != 2:
                    what = f"{hit.match} match, " + ("unjudged" if grade is None else f"graded {grade}")
                    below[what] += 1
                    if args.list:
                        print(f"  {query['qid']} top 5: {what}: {hit.id}")
            ranked = [h.id for h in hits]
            for doc_id, grade in grades.items():
                if grade == 2 and re.search(r"-p\d+$", doc_id) and doc_id not in ranked[:5] and present(archive, doc_id):
                    where = "ranked below 5" if doc_id in ranked else "not matched (or below 100)"
                    missing[where] += 1
                    if args.list:
                        print(f"  {query['qid']} missing: {where}: {doc_id}")
        print(f"== {judged} (问题 tab)")
        print("top-5 statements graded below 2:", sum(below.values()))
        for what, count in sorted(below.items()):
            print(f"  {count:3d}  {what}")
        print("grade-2 statements missing from the top 5:", sum(missing.values()))
        for what, count in missing.most_common():
            print(f"  {count:3d}  {what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
