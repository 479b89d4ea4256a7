"""Ranking quality of search and of "similar statements", against the judged
set in bench/judged/ (TREC-style qrels written by reading, before any tuning).

    python -m bench.ranking_eval --judged DIR [--index DIR | --sphinx HOST:PORT] [--similar] [--lexical]

Prints, per query and as means, P@5 (grade 2 = relevant, and grade >= 1 =
relevant) and nDCG@10 (gains 0/1/2) for:

* problem-scope queries, over kind='problem' results;
* problem-scope queries, over all hit kinds;
* all-scope queries, over all hit kinds;
* with --similar: the seeds' similar statements (indexer.similar.similar_to_problem),
  P@5 (grade 2), P@5 (grade >= 1), nDCG@10 and how many near-duplicate copies
  the function flags in its top 10 (and how many of those the assessor marked copy).
  A statement flagged `stock_phrase` (the same text, but wording many agencies
  write) or `repeated_from_last_year` (the same organ's neighbouring report)
  counts as flagged too, each in its own column.

Similar judgements are `qrels_similar.tsv` and any extension files
`qrels_similar.<branch>.tsv` beside it; search judgements likewise
`qrels.tsv` and any `qrels.<branch>.tsv`.
`--judged DIR` names the judged set (required, so that a development run never
scores the frozen bench/judged by leaving it out); sets of the same layout (bench/judged-dev/
and bench/judged-dev2/ are development sets: tune there, never on bench/judged);
`--half A` / `--half B` keeps the seeds and queries of one half of a set that names them
(judged-dev2: tune on A, report B). `--lexical`
measures similar statements without the archive's word vectors.

Unjudged results count as 0; each line says how many of its top 10 were unjudged.
"attainable P@5(2)" is the mean of min(5, judged grade-2 items) / 5: where the
archive holds fewer than five highly relevant items, no ranking reaches P@5 = 1.
A parser change may renumber a report's statements (…-p3 becomes …-p2): a
judged statement id the archive no longer has is carried over to the
statement of the same report with the same text, the text the assessor read
(`judged/work/read/*.txt`); how many were carried over is printed. Nothing
is judged anew.
The ideal DCG comes from all judged items of the query (for kind='problem'
runs: all judged problem statements). Means are over queries with at least
one relevant (grade >= 1) judged item; the others print as n/a.

Only APIs present in both the old (e06706b) and the current code are used,
so the same script measures any index, e.g. from an old worktree:
    cd /work/wt/old && PYTHONPATH=/work/wt/old .venv/bin/python /work/main/bench/ranking_eval.py --index /tmp/old-index
"""
from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_INDEX = HERE / "out" / "recall-index"
PROBLEM_ID = re.compile(r"-p\d+$")
DEPTH = 10


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


_READ_LINE = re.compile(r"^\s*\[([^\]\s]+-p\d+)\]\s*(?:P:\s*)?(\S.*)$")


def similar_qrels(judged_dir: Path) -> list[dict]:
    """The similar-statement judgements of a set: `qrels_similar.tsv`, then its
    extension files `qrels_similar.<who>.tsv` (grades of items a later change
    brought into a top 10 unjudged, each file named for the branch that graded them)."""
    extensions = sorted(judged_dir.glob("qrels_similar.*.tsv"))
    return [r for path in [judged_dir / "qrels_similar.tsv", *extensions] for r in read_tsv(path)]


def search_qrels(judged_dir: Path) -> list[dict]:
    """The search judgements of a set: `qrels.tsv`, then its extension files
    `qrels.<who>.tsv` (grades of items a later change brought into a top 10
    unjudged, each file named for the branch that graded them)."""
    extensions = sorted(judged_dir.glob("qrels.*.tsv"))
    return [r for path in [judged_dir / "qrels.tsv", *extensions] for r in read_tsv(path)]


def read_texts(judged_dir: Path) -> dict[str, str]:
    """problem id -> the statement text the assessor read, from the reading sheets."""
    texts: dict[str, str] = {}
    for sheet in sorted((judged_dir / "work" / "read").glob("*.txt")):
        for line in sheet.read_text(encoding="utf-8").splitlines():
            found = _READ_LINE.match(line)
            if found:
                texts.setdefault(found.group(1), found.group(2).strip())
    return texts


def carry_over(archive, qrels: dict[str, dict[str, int]], texts: dict[str, str]) -> tuple[dict[str, str], int]:
    """Re-key judgements of statement ids the archive no longer has onto the
    statement of the same report with the same text. Returns ({old id: new id}, lost)."""
    from indexer.similar import normalise

    current: dict[tuple[str, str], list[str]] = defaultdict(list)
    known = set()
    for p in archive.all_problems():
        known.add(p.id)
        current[(p.report_id, normalise(p.text))].append(p.id)
    carried: dict[str, str] = {}
    lost = 0
    for judged in qrels.values():
        for doc_id in [d for d in judged if is_problem(d) and d not in known]:
            report_id = PROBLEM_ID.sub("", doc_id)
            text = texts.get(doc_id)
            now = current.get((report_id, normalise(text))) if text else None
            if now and len(now) == 1 and now[0] not in judged:
                judged[now[0]] = judged.pop(doc_id)
                carried[doc_id] = now[0]
            else:
                lost += 1
    return carried, lost


def is_problem(doc_id: str) -> bool:
    return bool(PROBLEM_ID.search(doc_id))


def dcg(gains: list[int]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def measure(ranked: list[str], judged: dict[str, int]) -> dict:
    """P@5 (grade 2), P@5 (grade >= 1), nDCG@10, unjudged in top 10; None
    for nDCG when no judged item is relevant."""
    top5, top10 = ranked[:5], ranked[:DEPTH]
    gains = [judged.get(d, 0) for d in top10]
    ideal = dcg(sorted(judged.values(), reverse=True)[:DEPTH])
    return {
        "p5_2": sum(judged.get(d, 0) == 2 for d in top5) / 5,
        "p5_1": sum(judged.get(d, 0) >= 1 for d in top5) / 5,
        "ndcg": dcg(gains) / ideal if ideal > 0 else None,
        "unjudged": sum(d not in judged for d in top10),
        "returned": len(top10),
        # the best P@5 (grade 2) any ranking could reach: the judged grade-2 items, at most 5
        "p5_max": min(5, sum(g == 2 for g in judged.values())) / 5,
    }


def report(title: str, rows: list[tuple[str, str, dict]], extra_cols: tuple[str, ...] = ()) -> dict:
    print(f"\n== {title}")
    head = f"{'id':5} {'P@5(2)':>6} {'P@5(1+)':>7} {'nDCG@10':>7} {'unjudged@10':>11} {'returned':>8}"
    for col in extra_cols:
        head += f" {col:>10}"
    print(head + "  query")
    scored = []
    for qid, label, m in rows:
        ok = m["ndcg"] is not None
        nd = f"{m['ndcg']:.3f}" if ok else "n/a"
        p2 = f"{m['p5_2']:.2f}" if ok else "n/a"
        p1 = f"{m['p5_1']:.2f}" if ok else "n/a"
        line = f"{qid:5} {p2:>6} {p1:>7} {nd:>7} {m['unjudged']:>11} {m['returned']:>8}"
        for col in extra_cols:
            line += f" {m.get(col, ''):>10}"
        print(line + f"  {label}")
        if ok:
            scored.append(m)
    n = len(scored)
    mean = {k: (sum(m[k] for m in scored) / n if n else 0.0) for k in ("p5_2", "p5_1", "ndcg", "p5_max")}
    unjudged = sum(m["unjudged"] for _, _, m in rows)
    print(f"MEAN  {mean['p5_2']:>6.3f} {mean['p5_1']:>7.3f} {mean['ndcg']:>7.3f} {unjudged:>11}"
          f"  over {n} of {len(rows)} (n/a: no relevant judged item); attainable P@5(2) {mean['p5_max']:.3f}")
    return mean


def run_search(archive, queries, qrels) -> list[tuple[str, dict]]:
    out = []
    problem_q = [q for q in queries if q["scope"] == "problem"]
    all_q = [q for q in queries if q["scope"] == "all"]
    for title, qs, kind in (("problem-scope queries, kind='problem' results", problem_q, "problem"),
                            ("problem-scope queries, all kinds", problem_q, None),
                            ("all-scope queries, all kinds", all_q, None)):
        rows = []
        for q in qs:
            judged = qrels.get(q["qid"], {})
            if kind == "problem":
                judged = {d: g for d, g in judged.items() if is_problem(d)}
            res = archive.search(q["query"], kind=kind, per_page=DEPTH, facets=False, highlight=False)
            rows.append((q["qid"], q["query"], measure([h.id for h in res.hits], judged)))
        out.append((title, report(title, rows)))
    return out


def seed_finder(archive):
    """A function giving a seed's statement id in `archive`: its judged id, or,
    since a parser change may renumber statements, the statement with its
    text; None when the archive no longer has it."""
    by_text = {"".join(p.text.split()): p.id for p in archive.all_problems()}

    def find(seed: dict) -> str | None:
        try:
            archive.problem(seed["problem_id"])
            return seed["problem_id"]
        except Exception:
            return by_text.get("".join(seed["text"].split()))
    return find


def run_similar(archive, seeds, qrels_sim, copies) -> tuple[str, dict]:
    from indexer import similar

    rows = []
    find = seed_finder(archive)
    for s in seeds:
        judged = qrels_sim.get(s["sid"], {})
        seed_id = find(s)
        if seed_id is None:
            print(f"{s['sid']}: the seed statement is no longer extracted; left out")
            continue
        result = similar.similar_to_problem(archive, seed_id, limit=DEPTH)
        ranked = [x.id for x in result.similar]
        m = measure(ranked, judged)
        flagged = [x.id for x in result.similar[:DEPTH]
                   if getattr(x, "near_duplicate", False) or getattr(x, "stock_phrase", False)
                   or getattr(x, "repeated_from_last_year", False)]
        m["flagged"] = len(flagged)
        m["stock"] = sum(bool(getattr(x, "stock_phrase", False)) for x in result.similar[:DEPTH])
        m["repeat"] = sum(bool(getattr(x, "repeated_from_last_year", False)) for x in result.similar[:DEPTH])
        m["flag_ok"] = sum(i in copies.get(s["sid"], set()) for i in flagged)
        m["copies"] = sum(i in copies.get(s["sid"], set()) for i in ranked[:DEPTH])
        text = s["text"] if len(s["text"]) <= 30 else s["text"][:30] + "…"
        rows.append((s["sid"], text, m))
    title = "similar statements (indexer.similar.similar_to_problem)"
    mean = report(title, rows, extra_cols=("flagged", "stock", "repeat", "flag_ok", "copies"))
    print(f"copies flagged in the top 10 (near_duplicate, stock_phrase or repeated_from_last_year): "
          f"{sum(m['flagged'] for _, _, m in rows)} ({sum(m['stock'] for _, _, m in rows)} as stock_phrase, "
          f"{sum(m['repeat'] for _, _, m in rows)} as repeated_from_last_year), "
          f"of which the assessor marked copy: {sum(m['flag_ok'] for _, _, m in rows)}; "
          f"assessor-marked copies in the top 10: {sum(m['copies'] for _, _, m in rows)} "
          f"(of {sum(len(v) for v in copies.values())} judged copies)")
    return title, mean


def _keep_present(qrels: dict[str, dict[str, int]], present: set[str]) -> None:
    dropped = 0
    for judged in qrels.values():
        for doc_id in [d for d in judged if is_problem(d) and d not in present]:
            del judged[doc_id]
            dropped += 1
    print(f"--present-only: {dropped} judgements of statements this archive does not have left out")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", default=str(DEFAULT_INDEX), help="index directory (default: bench/out/recall-index)")
    ap.add_argument("--similar", action="store_true", help="also evaluate the similar-statement ranking on the seeds")
    # no default: a development run must never fall back on the frozen set by leaving the option out
    ap.add_argument("--judged", required=True,
                    help="judged set directory: bench/judged-dev or bench/judged-dev2 to tune on; "
                         "bench/judged (frozen) once per round")
    ap.add_argument("--sphinx", metavar="HOST:PORT",
                    help="search the Sphinx cluster whose aggregator answers there instead of --index "
                         "(search only: --similar reads the embedded index's word vectors)")
    ap.add_argument("--lexical", action="store_true", help="similar statements without word vectors")
    ap.add_argument("--half", choices=("A", "B"),
                    help="only the seeds and queries of this half (a judged set whose seeds.tsv / queries.tsv "
                         "have a `half` column, e.g. bench/judged-dev2: tune on A, report B)")
    ap.add_argument("--present-only", action="store_true",
                    help="leave out of the ideal DCG the judged statements this archive no longer has "
                         "(renumbered or merged by a parser change and not carried over): no ranking can return them")
    args = ap.parse_args(argv)
    judged_dir = Path(args.judged)
    if args.lexical:
        from indexer import similar
        similar.archive_vectors = lambda archive: None

    if args.sphinx:
        from indexer.search.sphinx import SphinxArchive

        archive = SphinxArchive(args.sphinx)
    else:
        from indexer.search.archive import Archive

        archive = Archive(args.index)
    queries = read_tsv(judged_dir / "queries.tsv") if (judged_dir / "queries.tsv").is_file() else []
    if args.half:
        queries = [q for q in queries if q.get("half") == args.half]
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for r in (search_qrels(judged_dir) if queries else []):
        qrels[r["qid"]][r["doc_id"]] = int(r["grade"])
    import indexer
    print(f"index: {'sphinx at ' + args.sphinx if args.sphinx else args.index}")
    print(f"code: {Path(indexer.__file__).resolve().parent.parent}")
    print(f"judged: {len(queries)} queries, {sum(len(v) for v in qrels.values())} judgements")
    texts = read_texts(judged_dir)
    carried, lost = carry_over(archive, qrels, texts)
    print(f"search judgements of renumbered statements: {len(carried)} carried over by text, {lost} not found")
    present = {p.id for p in archive.all_problems()} if args.present_only else None
    if present is not None:
        _keep_present(qrels, present)
    means = run_search(archive, queries, qrels) if queries else []
    if args.similar:
        seeds = read_tsv(judged_dir / "seeds.tsv")
        if args.half:
            seeds = [s for s in seeds if s.get("half") == args.half]
        qrels_sim: dict[str, dict[str, int]] = defaultdict(dict)
        copies: dict[str, set] = defaultdict(set)
        for r in similar_qrels(judged_dir):
            qrels_sim[r["sid"]][r["problem_id"]] = int(r["grade"])
            if r["copy"] == "yes":
                copies[r["sid"]].add(r["problem_id"])
        carried, lost = carry_over(archive, qrels_sim, texts)
        print(f"similar judgements of renumbered statements: {len(carried)} carried over by text, {lost} not found")
        if present is not None:
            _keep_present(qrels_sim, present)
        copies = defaultdict(set, {sid: {carried.get(i, i) for i in ids} for sid, ids in copies.items()})
        means.append(run_similar(archive, seeds, qrels_sim, copies))
    print("\n== summary (means)")
    for title, m in means:
        print(f"{title:58} P@5(2) {m['p5_2']:.3f}  P@5(1+) {m['p5_1']:.3f}  nDCG@10 {m['ndcg']:.3f}"
              f"  (attainable P@5(2) {m['p5_max']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
