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


def shingles(text: str) -> set[str]:
    return {text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def statements(index: Path) -> list[dict]:
    """Every problem statement (≥ 10 characters normalised) with its report's
    organ ("" when the copy pass knows none), its shingles and what
    `copies.sqlite` says of it (cluster, `holds`, `repeated`)."""
    from indexer.search import Archive

    db = sqlite3.connect(f"file:{index / 'copies.sqlite'}?mode=ro", uri=True)
    organs = dict(db.execute("SELECT report_id, organ FROM reports"))
    columns = {row[1] for row in db.execute("PRAGMA table_info(units)")}
    holds = "holds" if "holds" in columns else "0"  # a copies.sqlite made before held statements
    flags = {row[0]: row[1:] for row in db.execute(f"SELECT unit_id, cluster_id, {holds}, repeated FROM units")}
    rows = []
    for p in Archive(index).all_problems():
        written = normalise(p.text)
        if len(written) >= 10:
            cluster, held, repeated = flags.get(p.id, (None, 0, 0))
            rows.append({"id": p.id, "report": p.report_id, "organ": organs.get(p.report_id) or "",
                         "agency": p.agency, "year": p.year, "text": p.text, "written": written,
                         "shingles": shingles(written), "cluster": cluster, "holds": held,
                         "repeated": repeated})
    return rows


def held_pairs(rows: list[dict], least: float) -> list[tuple[float, dict, dict]]:
    """(containment, shorter, longer) for every pair of two organs' statements, best first."""
    found = []
    for a, b in itertools.combinations(rows, 2):
        # a report whose organ is unknown is its own organ
        if (a["organ"] or a["report"]) == (b["organ"] or b["report"]) or not a["shingles"] or not b["shingles"]:
            continue
        (sa, short), (sb, long_) = sorted(((a["shingles"], a), (b["shingles"], b)), key=lambda x: len(x[1]["written"]))
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
        same = short["cluster"] is not None and short["cluster"] == long_["cluster"]
        together += same
        print(f"{share:.2f} copy pass: {'one cluster' if same else 'apart'}{' (longer holds)' if same and long_['holds'] else ''}"
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
