"""Round 3 of the frozen judged set: grade the items rankings put in their top 10 that no round judged.

Unjudged items count 0 in `bench.ranking_eval`, so a ranking that surfaces good items nobody pooled
before reads as a loss. As in round 2, the pool is deepened, by an assessor who does not know which
ranking found an item, and no earlier grade is changed:

    # once per ranking to compare, with that code on sys.path and its own index of bench/out/recall-corpus
    python -m bench.judged.round3 dump --index DIR --out work/round3/runs/NAME.json
    # the reading sheets: every item of any dump's top 10 not yet in qrels, shuffled, no ranking named
    python -m bench.judged.round3 sheets work/round3/runs/*.json
    # the assessor writes work/round3/grades.tsv (qid doc_id grade note) and sgrades.tsv
    # (sid problem_id grade copy note) by reading the sheets; then
    python -m bench.judged.round3 merge          # appends them to qrels*.tsv with notes "round3: ..."

Later rounds run the same steps with `--round round4` (first argument): their own folder under work/ and
their own note prefix.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "round3"
DEPTH = 10
SEED = 20261206


def _tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def dump(index: str, out: Path) -> None:
    from bench.judged.make_pool import KEYS, report_text, windows
    from bench.ranking_eval import seed_finder
    from indexer import similar
    from indexer.search.archive import Archive

    archive = Archive(index)
    runs: dict = {"search": {}, "similar": {}, "texts": {}}

    def remember(doc_id: str, qid: str | None) -> None:
        if doc_id in runs["texts"] and qid is None:
            return
        if re.search(r"-p\d+$", doc_id):
            try:
                runs["texts"][doc_id] = {"kind": "problem", "text": archive.problem(doc_id).text}
                return
            except Exception:
                pass
        keys = KEYS.get(qid or "", [])
        text = report_text(archive.report(doc_id))
        found = windows(text, [k[4:] if k.startswith("any:") else k for k in keys]) if keys else []
        runs["texts"].setdefault(doc_id, {"kind": "report", "windows": {}})
        runs["texts"][doc_id]["windows"][qid or ""] = found or [text[:300].replace("\n", " / ")]

    for q in _tsv(HERE / "queries.tsv"):
        for kind in (None, "problem"):
            hits = archive.search(q["query"], kind=kind, per_page=DEPTH, facets=False, highlight=False).hits
            runs["search"][f"{q['qid']}|{kind or 'all'}"] = [h.id for h in hits]
            for h in hits:
                remember(h.id, q["qid"])
    find = seed_finder(archive)
    for s in _tsv(HERE / "seeds.tsv"):
        seed = find(s)
        if seed is None:
            continue
        ranked = [x.id for x in similar.similar_to_problem(archive, seed, limit=DEPTH).similar]
        runs["similar"][s["sid"]] = ranked
        for doc_id in ranked:
            remember(doc_id, None)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{out}: {len(runs['search'])} search runs, {len(runs['similar'])} seeds, {len(runs['texts'])} items")


def sheets(paths: list[Path], read: Path, work: Path = WORK) -> None:
    qrels = {(r["qid"], r["doc_id"]) for r in _tsv(HERE / "qrels.tsv")}
    sqrels = {(r["sid"], r["problem_id"]) for r in _tsv(HERE / "qrels_similar.tsv")}
    queries = {q["qid"]: q for q in _tsv(HERE / "queries.tsv")}
    seeds = {s["sid"]: s for s in _tsv(HERE / "seeds.tsv")}
    for graded in (work / "grades.tsv", work / "sgrades.tsv"):  # what this round already graded
        if graded.exists():
            for r in _tsv(graded):
                (qrels if "qid" in r else sqrels).add((r.get("qid") or r.get("sid"), r.get("doc_id") or r.get("problem_id")))
    todo_q: dict[str, set] = {}
    todo_s: dict[str, set] = {}
    texts: dict = {}
    for path in paths:
        runs = json.loads(path.read_text(encoding="utf-8"))
        for doc_id, info in runs["texts"].items():
            texts.setdefault(doc_id, info)
            if info.get("kind") == "report":
                texts[doc_id].setdefault("windows", {}).update(info.get("windows", {}))
        for key, ranked in runs["search"].items():
            qid = key.split("|")[0]
            todo_q.setdefault(qid, set()).update(d for d in ranked[:DEPTH] if (qid, d) not in qrels)
        for sid, ranked in runs["similar"].items():
            todo_s.setdefault(sid, set()).update(d for d in ranked[:DEPTH] if (sid, d) not in sqrels)
    rnd = random.Random(SEED)
    read.mkdir(parents=True, exist_ok=True)
    count = 0
    for qid in sorted(todo_q):
        items = sorted(todo_q[qid])
        if not items:
            continue
        rnd.shuffle(items)
        q = queries[qid]
        lines = [f"## {qid} {q['query']} [{q['scope']}] — {q['need']}", ""]
        for doc_id in items:
            info = texts.get(doc_id, {})
            if info.get("kind") == "problem":
                lines.append(f"[{doc_id}] P: {info['text']}")
            else:
                lines.append(f"[{doc_id}] R:")
                lines.extend(f"   hit> …{w}…" for w in info.get("windows", {}).get(qid, []))
            lines.append("")
        (read / f"{qid}.txt").write_text("\n".join(lines), encoding="utf-8")
        count += len(items)
    scount = 0
    for sid in sorted(todo_s):
        items = sorted(todo_s[sid])
        if not items:
            continue
        rnd.shuffle(items)
        lines = [f"## {sid} seed: {seeds[sid]['text']}", ""]
        lines.extend(f"[{d}] P: {texts.get(d, {}).get('text', '?')}" for d in items)
        (read / f"{sid}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        scount += len(items)
    print(f"{count} search items in {sum(1 for v in todo_q.values() if v)} sheets, "
          f"{scount} similar items in {sum(1 for v in todo_s.values() if v)} sheets, in {read}")


def merge(work: Path = WORK) -> None:
    prefix = work.name + ": "
    for grades, target, cols in ((work / "grades.tsv", HERE / "qrels.tsv", ("qid", "doc_id", "grade", "note")),
                                 (work / "sgrades.tsv", HERE / "qrels_similar.tsv",
                                  ("sid", "problem_id", "grade", "copy", "note"))):
        rows = _tsv(grades)
        have = {(r[cols[0]], r[cols[1]]) for r in _tsv(target)}
        new = []
        for r in rows:  # the first grade of an item stands (a later sheet may repeat it)
            if (r[cols[0]], r[cols[1]]) not in have:
                have.add((r[cols[0]], r[cols[1]]))
                new.append(r)
        with open(target, "a", encoding="utf-8", newline="") as fh:
            for r in new:
                note = r.get("note", "").strip()
                r["note"] = note if note.startswith(prefix) else prefix + note
                fh.write("\t".join(str(r.get(c, "")) for c in cols) + "\n")
        print(f"{target.name}: {len(new)} rows appended ({len(rows) - len(new)} already judged)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--round", default=WORK.name, help="the round's folder under work/ and its note prefix")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--index", required=True)
    d.add_argument("--out", required=True, type=Path)
    s = sub.add_parser("sheets")
    s.add_argument("runs", nargs="+", type=Path)
    s.add_argument("--out", type=Path, default=None, help="folder of the reading sheets (default: the round's read/)")
    sub.add_parser("merge")
    args = ap.parse_args(argv)
    work = WORK.parent / args.round
    if args.command == "dump":
        dump(args.index, args.out)
    elif args.command == "sheets":
        sheets(args.runs, args.out or work / "read", work)
    else:
        merge(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
