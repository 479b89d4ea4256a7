"""A fresh held-out set (`bench/judged-fresh*`): pool, reading sheets, merge — scored once.

The topics (`queries.tsv`) and seed statements (`seeds.tsv`, optional) were written by
someone who never saw the system's output. The pool of each topic is the code's top 10
(all kinds; and the 问题 tab for `scope=problem`) and up to 10 more documents from a plain
substring scan (statements for `problem`, any document for `all`) that hold the topic's
key words; the pool of each seed is its similar list's top 10 and up to 10 more statements
of other reports sharing the most of the seed's words. So the ideal ranking is not only
what the system found. The sheets name no source and are shuffled.

    python -m bench.heldout --set DIR seeds --index IDX        # seeds-written.tsv -> seeds.tsv
    python -m bench.heldout --set DIR dump --index IDX --name NAME   # work/pool-NAME.json
    python -m bench.heldout --set DIR sheets --batch B               # work/read/{qid,sid}-B.txt
    # assessors write work/grades-NAME.tsv (qid doc_id grade note) and, for seeds,
    # work/similar-NAME.tsv (sid problem_id grade copy note) by reading the sheets; a later
    # dump's sheets hold only what no grades file grades yet
    python -m bench.heldout --set DIR merge                    # -> qrels.tsv, qrels_similar.tsv
    python -m bench.ranking_eval --judged DIR --index IDX --present-only [--similar]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

PROBLEM_ID = re.compile(r"-p\d+$")
DEPTH = 10
SCANNED = 10
SEED = 20261207
_SPACE = re.compile(r"\s+")


def _tsv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _write_tsv(path: Path, header: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(header) + "\n")
        for r in rows:
            fh.write("\t".join(str(r.get(h, "")).replace("\t", " ").strip() for h in header) + "\n")


class HeldOut:
    """One set's folder: its topics, seeds, work files and judgements."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()
        self.work = self.folder / "work"

    def queries(self) -> list[dict]:
        return _tsv(self.folder / "queries.tsv")

    def seeds(self) -> list[dict]:
        return _tsv(self.folder / "seeds.tsv")

    def graded(self) -> list[dict]:
        """Every assessor's search grades so far (work/grades*.tsv)."""
        return [r for path in sorted(self.work.glob("grades*.tsv")) for r in _tsv(path)]

    def graded_similar(self) -> list[dict]:
        """Every assessor's similar-statement grades so far (work/similar*.tsv)."""
        return [r for path in sorted(self.work.glob("similar*.tsv")) for r in _tsv(path)]


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


def _plain(text: str) -> str:
    return _SPACE.sub("", text)


def resolve_seeds(held: HeldOut, index: str) -> None:
    """Give each written seed (`seeds-written.tsv`: an exact clause of a raw report)
    the statement of that report that holds it in this index (`seeds.tsv`:
    `problem_id`, and `text` the statement's whole text; the clause stays as
    `clause`). Both sides are compared in simplified script without spaces."""
    from indexer.search.analysis import to_simplified
    from indexer.search.archive import Archive

    archive = Archive(index)
    statements = [(p.id, to_simplified(_plain(p.text))) for p in archive.all_problems()]
    rows, missing = [], []
    for s in _tsv(held.folder / "seeds-written.tsv"):
        clause = s["text"]
        want = to_simplified(_plain(clause))
        stem = Path(s.get("file", "")).stem.replace("--", "-")  # the corpus file's name as report ids spell it
        holding = [pid for pid, text in statements if want in text]
        own = [pid for pid in holding if stem and pid.startswith(stem + "-p")]
        pick = (own or holding or [None])[0]
        if pick is None:
            missing.append(s["sid"])
            continue
        rows.append({**s, "clause": clause, "problem_id": pick, "text": archive.problem(pick).text})
    header = ["sid", "problem_id", "file", "clause", "shortcoming", "text"]
    _write_tsv(held.folder / "seeds.tsv", header, rows)
    print(f"{len(rows)} seeds resolved; not found as a statement: {', '.join(missing) or 'none'}")


def _seed_words(text: str) -> list[str]:
    import jieba

    return list(dict.fromkeys(w for w in jieba.lcut(text) if len(w) >= 2))


def dump(held: HeldOut, index: str, name: str) -> None:
    from bench.judged.make_pool import report_text, windows
    from indexer import similar
    from indexer.search.archive import Archive

    archive = Archive(index)
    statements = [(p.id, p.text) for p in archive.all_problems()]
    reports = None
    rnd = random.Random(SEED)
    pool: dict = {"runs": {}, "scan": {}, "texts": {}}
    for q in held.queries():
        qid, (keys, need) = q["qid"], key_words(q["query"])
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
        scanned = sorted(d for d, text in docs if d not in found and sum(k in text for k in keys) >= need)
        rnd.shuffle(scanned)  # sorted first: the index's document order differs from build to build
        pool["scan"][qid] = scanned[:SCANNED]
        for doc_id in dict.fromkeys(found + scanned[:SCANNED]):
            if PROBLEM_ID.search(doc_id):
                pool["texts"][doc_id] = {"kind": "problem", "text": archive.problem(doc_id).text}
            else:
                text = report_text(archive.report(doc_id))
                pool["texts"].setdefault(doc_id, {"kind": "report", "windows": {}})
                pool["texts"][doc_id]["windows"][qid] = windows(text, keys) or [text[:300].replace("\n", " / ")]
    for s in held.seeds():
        sid, seed_id = s["sid"], s["problem_id"]
        seed_report = archive.problem(seed_id).report_id
        ranked = [x.id for x in similar.similar_to_problem(archive, seed_id, limit=DEPTH).similar]
        pool["runs"][f"{sid}|similar"] = ranked
        words = _seed_words(s["text"])
        shared = [(sum(w in text for w in words), pid) for pid, text in statements
                  if pid not in ranked and pid != seed_id and not pid.startswith(seed_report + "-p")]
        shared = sorted(x for x in shared if x[0] >= max(2, (len(words) + 2) // 3))
        rnd.shuffle(shared)
        shared.sort(key=lambda x: -x[0])  # the most shared words first, ties in a random order
        pool["scan"][sid] = [pid for _, pid in shared[:SCANNED]]
        for pid in ranked + pool["scan"][sid]:
            pool["texts"][pid] = {"kind": "problem", "text": archive.problem(pid).text}
    held.work.mkdir(parents=True, exist_ok=True)
    out = held.work / f"pool-{name}.json"
    out.write_text(json.dumps(pool, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(pool['runs'])} runs, {sum(len(v) for v in pool['scan'].values())} scanned, "
          f"{len(pool['texts'])} items in {out}")


def _pools(held: HeldOut) -> dict:
    pool: dict = {"runs": {}, "scan": {}, "texts": {}}
    for path in sorted(held.work.glob("pool-*.json")):  # every dump's items
        one = json.loads(path.read_text(encoding="utf-8"))
        for key, ranked in one["runs"].items():
            pool["runs"].setdefault(key, []).extend(ranked)
        for qid, scanned in one["scan"].items():
            pool["scan"].setdefault(qid, []).extend(scanned)
        for doc_id, info in one["texts"].items():
            known = pool["texts"].setdefault(doc_id, info)
            if info["kind"] == "report":
                known.setdefault("windows", {}).update(info["windows"])
    return pool


def _items(pool: dict, key: str, done: set) -> list[str]:
    items = sorted({d for run, ranked in pool["runs"].items() if run.split("|")[0] == key for d in ranked}
                   | set(pool["scan"].get(key, [])))
    return [d for d in items if (key, d) not in done]


def sheets(held: HeldOut, batch: str) -> None:
    pool, rnd = _pools(held), random.Random(SEED)
    read = held.work / "read"
    read.mkdir(parents=True, exist_ok=True)
    total = 0
    graded = {(r["qid"], r["doc_id"]) for r in held.graded()}
    for q in held.queries():
        items = _items(pool, q["qid"], graded)
        if not items:
            continue
        rnd.shuffle(items)
        lines = [f"## {q['qid']} {q['query']} [{q['scope']}] — {q['need']}", ""]
        for doc_id in items:
            info = pool["texts"][doc_id]
            if info["kind"] == "problem":
                lines.append(f"[{doc_id}] P: {info['text']}")
            else:
                lines.append(f"[{doc_id}] R:")
                lines.extend(f"   hit> …{w}…" for w in info["windows"].get(q["qid"], []))
            lines.append("")
        (read / f"{q['qid']}-{batch}.txt").write_text("\n".join(lines), encoding="utf-8")
        total += len(items)
    graded = {(r["sid"], r["problem_id"]) for r in held.graded_similar()}
    for s in held.seeds():
        items = _items(pool, s["sid"], graded)
        if not items:
            continue
        rnd.shuffle(items)
        lines = [f"## {s['sid']} [similar] — seed: {s['text']}", f"   shortcoming: {s['shortcoming']}", ""]
        lines += [f"[{pid}] P: {pool['texts'][pid]['text']}\n" for pid in items]
        (read / f"{s['sid']}-{batch}.txt").write_text("\n".join(lines), encoding="utf-8")
        total += len(items)
    print(f"{total} items in {read}")


def merge(held: HeldOut) -> None:
    def first(rows, key, keep):
        seen, out = set(), []
        for r in rows:
            k = tuple(r[x] for x in key)
            if k not in seen and keep(r):
                seen.add(k)
                out.append(r)
        return out

    search = first(held.graded(), ("qid", "doc_id"), lambda r: r["grade"] in ("0", "1", "2"))
    _write_tsv(held.folder / "qrels.tsv", ["qid", "doc_id", "grade", "note"], search)
    similar = first(held.graded_similar(), ("sid", "problem_id"), lambda r: r["grade"] in ("0", "1", "2"))
    if similar or held.seeds():
        _write_tsv(held.folder / "qrels_similar.tsv", ["sid", "problem_id", "grade", "copy", "note"], similar)
    print(f"qrels.tsv: {len(search)} judgements; qrels_similar.tsv: {len(similar)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", required=True, help="the held-out set's folder (bench/judged-fresh2)")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("seeds").add_argument("--index", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--index", required=True)
    d.add_argument("--name", required=True, help="which code's pool (work/pool-NAME.json)")
    sub.add_parser("sheets").add_argument("--batch", required=True, help="the sheets' suffix")
    sub.add_parser("merge")
    args = ap.parse_args(argv)
    held = HeldOut(args.set)
    {"seeds": lambda: resolve_seeds(held, args.index), "dump": lambda: dump(held, args.index, args.name),
     "sheets": lambda: sheets(held, args.batch), "merge": lambda: merge(held)}[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
