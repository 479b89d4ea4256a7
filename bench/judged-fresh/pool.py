"""The fresh held-out topics (`queries.tsv`): pool, reading sheets, merge — scored once.

The topics were written by someone who never saw the system's output. The pool of each
topic is the final code's top 10 (all kinds; and the 问题 tab for `scope=problem`) and up to
10 more documents from a plain substring scan (statements for `problem`, any document for
`all`) that hold the topic's key words, so the ideal ranking is not only what the system
found. The sheets name no source and are shuffled.

    python bench/judged-fresh/pool.py dump --index DIR --name NAME   # work/pool-NAME.json
    python bench/judged-fresh/pool.py sheets --batch B               # work/read/fNN-B.txt
    # assessors write work/grades-NAME.tsv (qid doc_id grade note) by reading the sheets;
    # a later dump's sheets hold only what no grades file grades yet
    python bench/judged-fresh/pool.py merge                     # -> qrels.tsv
    python -m bench.ranking_eval --judged bench/judged-fresh --index DIR --present-only
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
sys.path.insert(0, str(HERE.parent.parent))  # the repository, for bench and indexer
PROBLEM_ID = re.compile(r"-p\d+$")
WORK = HERE / "work"
DEPTH = 10
SCANNED = 10
SEED = 20261207


def _tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def graded_rows() -> list[dict]:
    """Every assessor's grades so far (work/grades*.tsv, one file per assessor and batch)."""
    return [r for path in sorted(WORK.glob("grades*.tsv")) for r in _tsv(path)]


def key_words(query: str) -> tuple[list[str], int]:
    """The substrings a scanned document must hold, and how many of them at least.

    Each space-separated term is a key; a term longer than four characters (a
    pasted sentence) gives its jieba words of two characters or more instead, of
    which half must be held."""
    import jieba

    keys, need = [], 0
    for term in query.replace("，", " ").replace(",", " ").split():
        if len(term) <= 4:
            keys.append(term)
            need += 1
        else:
            words = list(dict.fromkeys(w for w in jieba.lcut(term) if len(w) >= 2))
            keys.extend(words)
            need += (len(words) + 1) // 2
    return keys, max(1, need)


def dump(index: str, name: str) -> None:
    from bench.judged.make_pool import report_text, windows
    from indexer.search.archive import Archive

    archive = Archive(index)
    statements = [(p.id, p.text) for p in archive.all_problems()]
    reports = None
    rnd = random.Random(SEED)
    pool: dict = {"runs": {}, "scan": {}, "texts": {}}
    for q in _tsv(HERE / "queries.tsv"):
        qid, keys_need = q["qid"], key_words(q["query"])
        keys, need = keys_need
        found: list[str] = []
        for kind in (None, "problem") if q["scope"] == "problem" else (None,):
            hits = archive.search(q["query"], kind=kind, per_page=DEPTH, facets=False, highlight=False).hits
            pool["runs"][f"{qid}|{kind or 'all'}"] = [h.id for h in hits]
            found.extend(h.id for h in hits)
        docs = list(statements)
        if q["scope"] == "all":
            if reports is None:
                reports = [(r.id, report_text(r)) for r in archive.reports()]
            docs += reports
        held = sorted(d for d, text in docs if d not in found and sum(k in text for k in keys) >= need)
        rnd.shuffle(held)  # sorted first: the index's document order differs from build to build
        pool["scan"][qid] = held[:SCANNED]
        for doc_id in dict.fromkeys(found + held[:SCANNED]):
            if PROBLEM_ID.search(doc_id):
                pool["texts"][doc_id] = {"kind": "problem", "text": archive.problem(doc_id).text}
            else:
                text = report_text(archive.report(doc_id))
                pool["texts"].setdefault(doc_id, {"kind": "report", "windows": {}})
                pool["texts"][doc_id]["windows"][qid] = windows(text, keys) or [text[:300].replace("\n", " / ")]
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / f"pool-{name}.json"
    out.write_text(json.dumps(pool, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(pool['runs'])} runs, {sum(len(v) for v in pool['scan'].values())} scanned, "
          f"{len(pool['texts'])} items in {out}")


def sheets(batch: str) -> None:
    graded = {(r["qid"], r["doc_id"]) for r in graded_rows()}
    pool: dict = {"runs": {}, "scan": {}, "texts": {}}
    for path in sorted(WORK.glob("pool-*.json")):  # every dump's items
        one = json.loads(path.read_text(encoding="utf-8"))
        for key, ranked in one["runs"].items():
            pool["runs"].setdefault(key, []).extend(ranked)
        for qid, held in one["scan"].items():
            pool["scan"].setdefault(qid, []).extend(held)
        for doc_id, info in one["texts"].items():
            known = pool["texts"].setdefault(doc_id, info)
            if info["kind"] == "report":
                known.setdefault("windows", {}).update(info["windows"])
    rnd = random.Random(SEED)
    read = WORK / "read"
    read.mkdir(parents=True, exist_ok=True)
    total = 0
    for q in _tsv(HERE / "queries.tsv"):
        qid = q["qid"]
        items = sorted({d for key, ranked in pool["runs"].items() if key.split("|")[0] == qid for d in ranked}
                       | set(pool["scan"].get(qid, [])))
        items = [d for d in items if (qid, d) not in graded]
        if not items:
            continue
        rnd.shuffle(items)
        lines = [f"## {qid} {q['query']} [{q['scope']}] — {q['need']}", ""]
        for doc_id in items:
            info = pool["texts"][doc_id]
            if info["kind"] == "problem":
                lines.append(f"[{doc_id}] P: {info['text']}")
            else:
                lines.append(f"[{doc_id}] R:")
                lines.extend(f"   hit> …{w}…" for w in info["windows"].get(qid, []))
            lines.append("")
        (read / f"{qid}-{batch}.txt").write_text("\n".join(lines), encoding="utf-8")
        total += len(items)
    print(f"{total} items in {read}")


def merge() -> None:
    rows = graded_rows()
    seen = set()
    with open(HERE / "qrels.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write("qid\tdoc_id\tgrade\tnote\n")
        for r in rows:
            if (r["qid"], r["doc_id"]) not in seen and r["grade"] in ("0", "1", "2"):
                seen.add((r["qid"], r["doc_id"]))
                fh.write("\t".join((r["qid"], r["doc_id"], r["grade"], r.get("note", "").strip())) + "\n")
    print(f"qrels.tsv: {len(seen)} judgements")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--index", required=True)
    d.add_argument("--name", required=True, help="which code's pool (work/pool-NAME.json)")
    sub.add_parser("sheets").add_argument("--batch", required=True, help="the sheets' suffix")
    sub.add_parser("merge")
    args = ap.parse_args(argv)
    {"dump": lambda: dump(args.index, args.name), "sheets": lambda: sheets(args.batch), "merge": merge}[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
