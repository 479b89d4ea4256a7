"""Copies the build's copy pass may miss: a plain scan of an archive's statements, to read.

    python -m bench.copy_candidates --index DIR [--min 0.6] [--unflagged]

Compares every pair of problem statements of two different reports (all
pairs: a development archive of a few thousand statements, not 100k) and
every statement with the whole problem text of each other report, by plain
4-character shingle containment of the normalised texts, and prints the
pairs a reader may call copies, each with what `copies.sqlite` says of both
sides (cluster, `holds`, `repeated`):

* `pair`: the shorter statement's shingles in the longer, at least `--min`
  (default 0.6: a copy with words changed inside), at least 8 shared;
* `split`: at least 0.8 of a statement's shingles (12 or more) in another
  report's statements taken together, while no single one of them holds
  `--min` of it (the same text cut into statements differently).

With `--prose`, it also lists every statement (core of 12 characters or
more) whose shingles are at least 0.9 in one prose paragraph of another report
(the copy pass's paragraph units, from `copyunits.sqlite`) while none of that
report's statements holds `--min` of it: a copy whose other side is in a
report's text but not among its statements (`prose`).

The scan does not know a copy from stock wording: read what it prints.
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from bench.containment_scan import statements


def scan(rows: list[dict], least: float) -> list[tuple[str, float, dict, list[dict]]]:
    """(kind, containment, statement, [the other side's statements]) for every candidate."""
    found = []
    by_shingle: dict[str, set[int]] = defaultdict(set)
    for i, r in enumerate(rows):
        for s in r["shingles"]:
            by_shingle[s].add(i)
    for i, a in enumerate(rows):
        if len(a["shingles"]) < 8:
            continue
        shared: dict[int, int] = defaultdict(int)
        for s in a["shingles"]:
            for j in by_shingle[s]:
                if rows[j]["report"] != a["report"]:
                    shared[j] += 1
        per_report: dict[str, set[str]] = defaultdict(set)
        best: dict[str, float] = defaultdict(float)
        for j, n in shared.items():
            b = rows[j]
            per_report[b["report"]] |= a["shingles"] & b["shingles"]
            if len(a["written"]) <= len(b["written"]) and n >= 8 and n / len(a["shingles"]) >= least \
                    and (len(a["written"]) < len(b["written"]) or a["id"] < b["id"]):
                found.append(("pair", n / len(a["shingles"]), a, [b]))
            best[b["report"]] = max(best[b["report"]], n / len(a["shingles"]))
        for report, covered in per_report.items():
            share = len(covered) / len(a["shingles"])
            if share >= 0.8 and len(covered) >= 12 and best[report] < least:
                others = [rows[j] for j in shared if rows[j]["report"] == report]
                found.append(("split", share, a, sorted(others, key=lambda r: r["id"])))
    return sorted(found, key=lambda f: (f[0], -f[1], f[2]["id"]))


def paragraphs(index: Path) -> dict[str, list[tuple[str, str, str]]]:
    """report id -> [(unit id, normalised text, text)] of its prose paragraphs, as the copy pass has them."""
    import sqlite3

    from indexer.copyunits import unpack
    from indexer.copyunits import FILE
    from indexer.similar import normalise

    db = sqlite3.connect(f"file:{index / FILE}?mode=ro", uri=True)
    try:
        return {report: [(u.id, u.written or normalise(u.text), u.text) for u in unpack(blob) if u.kind == "paragraph"]
                for report, blob in db.execute("SELECT report_id, blob FROM units")}
    finally:
        db.close()


def in_prose(rows: list[dict], prose: dict[str, list[tuple[str, str, str]]], least: float,
             held: float = 0.9) -> list[tuple[float, dict, tuple[str, str, str]]]:
    """(containment, statement, (report id, paragraph id, paragraph text)) for each
    statement (core ≥ 12 characters) `held` in a paragraph of another report none
    of whose statements holds `least` of it."""
    from bench.containment_scan import shingles
    from indexer.sametext import core

    by_shingle: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for report, units in prose.items():
        for n, (_, written, _) in enumerate(units):
            for s in shingles(written):
                by_shingle[s].add((report, n))
    by_report: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_report[r["report"]].append(r)
    found = []
    for r in rows:
        if len(core(r["written"])) < 12:
            continue
        shared: dict[tuple[str, int], int] = defaultdict(int)
        for s in r["shingles"]:
            for place in by_shingle.get(s, ()):
                shared[place] += 1
        for (report, n), k in sorted(shared.items()):
            if report == r["report"] or k < held * len(r["shingles"]):
                continue
            if any(len(r["shingles"] & o["shingles"]) >= least * len(r["shingles"]) for o in by_report[report]):
                continue  # the other report states it: `scan` sees the pair
            unit_id, _, text = prose[report][n]
            found.append((k / len(r["shingles"]), r, (report, unit_id, text)))
    return found


def together(a: dict, b: dict) -> str:
    """What the copy pass says of two statements: one cluster, repeated, or apart."""
    if a["cluster"] and a["cluster"] == b["cluster"]:
        return "one cluster" + (" (longer holds)" if a["holds"] or b["holds"] else "")
    if a["organ"] and a["organ"] == b["organ"] and (a["repeated"] or b["repeated"]):
        return "repeated"
    return "apart"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--min", type=float, default=0.6)
    parser.add_argument("--unflagged", action="store_true", help="print only candidates the pass left apart")
    parser.add_argument("--prose", action="store_true",
                        help="also statements held in another report's prose but in none of its statements")
    args = parser.parse_args(argv)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    seen = set()
    rows = statements(args.index)
    if args.prose:
        found = in_prose(rows, paragraphs(args.index), args.min)
        for share, r, (report, unit_id, text) in found:
            print(f"prose {share:.2f}: {r['agency']} {r['year']} {r['id']} [{r['cluster'] or '-'}"
                  f"{' repeated' if r['repeated'] else ''}]: {r['text']}")
            print(f"   in {unit_id}: {text}")
        print(f"prose: {len(found)}")
    for kind, share, a, others in scan(rows, args.min):
        key = (kind, a["written"], tuple(o["written"] for o in others))
        if key in seen:
            continue
        seen.add(key)
        verdict = together(a, others[0]) if kind == "pair" else \
            ",".join(sorted({together(a, o) for o in others}))
        counts[(kind, verdict)] += 1
        if args.unflagged and verdict != "apart" and "apart" not in verdict.split(","):
            continue
        same = "same organ" if a["organ"] and a["organ"] == others[0]["organ"] else "two organs"
        print(f"{kind} {share:.2f} {same}: {verdict}")
        for r in (a, *others):
            print(f"   {r['agency']} {r['year']} {r['id']} [{r['cluster'] or '-'}"
                  f"{' holds' if r['holds'] else ''}{' repeated' if r['repeated'] else ''}]: {r['text']}")
    for (kind, verdict), n in sorted(counts.items()):
        print(f"{kind}: {verdict}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
