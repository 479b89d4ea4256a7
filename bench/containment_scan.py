"""Statements held in another organ's statement: a plain scan, and what the archive flags.

    python -m bench.containment_scan --index DIR [--min 0.9] [--similar]

Compares every pair of problem statements of two different organs (all pairs:
fine for a development archive of a few thousand statements, not for 100k)
by plain 4-character shingle containment of the normalised texts (the share
of the shorter one's shingles found in the longer, at least `--min`, at least 6
shingles shared), and prints each distinct pair of texts once, with whether
the build's copy pass (`copies.sqlite`) put both in one cluster (and which
one it marks `holds`) and, with `--similar`, whether each one's similar
statements flag the other (and in which direction). Read the pairs: the scan
does not know a copy from a stock clause.
"""
from __future__ import annotations

import argparse
import itertools
import sqlite3
from pathlib import Path

from indexer.sametext import SHINGLE, normalise


def _shingles(text: str) -> set[str]:
    return {text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def statements(index: Path) -> list[dict]:
    """Every problem statement of the archive with its organ (from `copies.sqlite`)."""
    from indexer.search import Archive

    db = sqlite3.connect(f"file:{index / 'copies.sqlite'}?mode=ro", uri=True)
    organs = dict(db.execute("SELECT report_id, organ FROM reports"))
    rows = []
    for p in Archive(index).all_problems():
        written = normalise(p.text)
        if len(written) >= 10:
            rows.append({"id": p.id, "report": p.report_id, "organ": organs.get(p.report_id) or p.report_id,
                         "agency": p.agency, "year": p.year, "text": p.text, "written": written})
    return rows


def held_pairs(rows: list[dict], least: float) -> list[tuple[float, dict, dict]]:
    """(containment, shorter, longer) for every pair of two organs' statements, best first."""
    shingles = [_shingles(r["written"]) for r in rows]
    found = []
    for i, j in itertools.combinations(range(len(rows)), 2):
        a, b = rows[i], rows[j]
        if a["organ"] == b["organ"] or not shingles[i] or not shingles[j]:
            continue
        (sa, short), (sb, long_) = sorted(((shingles[i], a), (shingles[j], b)), key=lambda x: len(x[1]["written"]))
        shared = len(sa & sb)
        if shared >= 6 and shared / len(sa) >= least:
            found.append((shared / len(sa), short, long_))
    return sorted(found, key=lambda x: (-x[0], x[1]["id"], x[2]["id"]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--min", type=float, default=0.9)
    parser.add_argument("--similar", action="store_true", help="also ask similar statements of each side")
    args = parser.parse_args(argv)
    db = sqlite3.connect(f"file:{args.index / 'copies.sqlite'}?mode=ro", uri=True)
    columns = {row[1] for row in db.execute("PRAGMA table_info(units)")}
    holds = "holds" if "holds" in columns else "0"
    units = {row[0]: (row[1], row[2]) for row in db.execute(f"SELECT unit_id, cluster_id, {holds} FROM units")}
    archive = None
    if args.similar:
        from indexer.search import Archive
        archive = Archive(args.index)
    seen, together = set(), 0
    pairs = held_pairs(statements(args.index), args.min)
    for share, short, long_ in pairs:
        if (short["written"], long_["written"]) in seen:
            continue
        seen.add((short["written"], long_["written"]))
        (cs, hs), (cl, hl) = units.get(short["id"], (None, 0)), units.get(long_["id"], (None, 0))
        same = cs is not None and cs == cl
        together += same
        print(f"{share:.2f} copy pass: {'one cluster' if same else 'apart'}{' (longer holds)' if same and hl else ''}"
              + (f" | similar: {_flag(archive, short, long_)} / {_flag(archive, long_, short)}" if archive else ""))
        print(f"   {short['agency']} {short['year']} {short['id']}: {short['text']}")
        print(f"   {long_['agency']} {long_['year']} {long_['id']}: {long_['text']}")
    print(f"{len(seen)} distinct pairs of texts ({len(pairs)} pairs of statements); {together} in one cluster")
    return 0


def _flag(archive, seed: dict, other: dict) -> str:
    from indexer.similar import similar_to_problem

    found = next((s for s in similar_to_problem(archive, seed["id"], limit=20).similar if s.id == other["id"]), None)
    if found is None:
        return "not in top 20"
    flags = [name for name in ("near_duplicate", "stock_phrase", "repeated_from_last_year", "holds_seed", "in_seed")
             if getattr(found, name)]
    return ",".join(flags) or "unflagged"


if __name__ == "__main__":
    raise SystemExit(main())
