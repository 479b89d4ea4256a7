"""Copy-detection benchmark: what the build's copy pass costs and finds.

For each size: a synthetic corpus (`bench.synth`, as `bench.run` makes it),
a full build from scratch in a child process (parse, index, commit, then the
copy pass), and the copy pass's own figures as the build recorded them in
`copies.sqlite` (reading the reports back from the index, MinHash + LSH,
writing the database). Then the copy pass is run once more on its own, in a
child, for its peak memory. Prints build seconds, copy-pass seconds, their
ratio (the issue's budget: the pass adds ≤ 25 % to the build), units,
distinct texts, clusters, flagged statements and the database size.

    python -m bench.copies --sizes 20000 [--out bench/out] [--procs 2]
    python -m bench.copies --compare INDEX [--sample 4000]

`--compare` runs the pass's detection twice on the reports of a built
index, as it was (`bench.copies_before`) and as it is, and prints CPU
seconds, clusters, flags and their differences (pairs of units clustered
together by both, clusters of before kept whole now).

Wall-clock figures on a shared machine vary with its load: the load average
before and after each step is printed with it.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench.run import OUT, build, corpus_for, loadavg, machine

ROOT = Path(__file__).resolve().parent.parent


def _child_pass(index: str) -> None:
    from indexer.copystore import run_copy_pass
    from indexer.search.store import open_index

    started, cpu = time.perf_counter(), time.process_time()
    stats = run_copy_pass(open_index(index), index)
    stats["wall_seconds"] = time.perf_counter() - started
    stats["process_cpu_seconds"] = time.process_time() - cpu
    stats["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(stats))


def copy_pass(index: Path) -> dict:
    """The copy pass alone over a built index, in a child process (for its peak memory)."""
    load = loadavg()
    done = subprocess.run([sys.executable, "-m", "bench.copies", "--child-pass", str(index)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["loadavg_before"], figures["loadavg_after"] = load, loadavg()
    return figures


def findings(index: Path) -> dict:
    """What the pass stored: clusters by kind, flagged statements, reports with a repeated share."""
    db = sqlite3.connect(f"file:{index / 'copies.sqlite'}?mode=ro", uri=True)
    try:
        q = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "clusters_problem": q("SELECT COUNT(*) FROM clusters WHERE kind='problem'"),
            "clusters_paragraph": q("SELECT COUNT(*) FROM clusters WHERE kind='paragraph'"),
            "largest_cluster_organs": q("SELECT COALESCE(MAX(organs), 0) FROM clusters"),
            "statements_repeated": q("SELECT COUNT(*) FROM units WHERE kind='problem' AND repeated=1"),
            "statements_shared": q("SELECT COUNT(*) FROM units WHERE kind='problem' AND shared_organs>0"),
            "reports_with_previous": q("SELECT COUNT(*) FROM reports WHERE previous_id IS NOT NULL"),
            "median_repeated_share": q("SELECT repeated_chars * 1.0 / total_chars FROM reports WHERE previous_id IS NOT NULL "
                                       "AND total_chars > 0 ORDER BY 1 LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM reports "
                                       "WHERE previous_id IS NOT NULL AND total_chars > 0)"),
            "db_mb": (index / "copies.sqlite").stat().st_size / 2**20,
        }
    finally:
        db.close()


def _pairs_together(*assignments: dict[str, str]) -> int:
    """Unit pairs placed in one cluster by every assignment (unit -> cluster id);
    a unit missing from one of them is in no cluster there."""
    units = set.intersection(*(set(a) for a in assignments))
    together = Counter(tuple(a[u] for a in assignments) for u in units)
    return sum(k * (k - 1) // 2 for k in together.values())


def compare(index: Path, sample: int | None) -> dict:
    """The copy pass before (`bench.copies_before`) and now (`indexer.neardup`) on
    the reports of a built index (the first `sample` of them): CPU seconds,
    clusters, flags, and how their clusters and flags differ."""
    from bench import copies_before
    from indexer.copies import detect_copies
    from indexer.copystore import _report_texts
    from indexer.search.store import open_index

    with open_index(index).searcher() as searcher:
        texts = [t for t, _ in _report_texts(searcher, {}, None, {}, {})]  # read back, as a first pass does
    texts = texts[:sample] if sample else texts
    out = {"reports": len(texts), "loadavg": loadavg()}
    found = {}
    for name, group in (("before", copies_before.group_texts), ("now", None)):
        started = time.process_time()
        result = detect_copies(texts) if group is None else detect_copies(texts, group=group)
        seconds = time.process_time() - started
        found[name] = result
        out[name] = {
            "cpu_seconds": round(seconds, 2),
            "grouping_cpu_seconds": {k: result.stats[f"{k}_grouping"]["cpu_seconds"] for k in ("problem", "paragraph")},
            "clusters": {k: sum(c.kind == k for c in result.clusters) for k in ("problem", "paragraph")},
            "units_in_clusters": {k: sum(len(c.unit_ids) for c in result.clusters if c.kind == k) for k in ("problem", "paragraph")},
            "flags_repeated": sum(f.repeated for f in result.flags),
            "flags_shared": sum(f.shared_organs > 0 for f in result.flags),
        }
        print(f"  {name}: {json.dumps(out[name], ensure_ascii=False)}", flush=True)
    before, now = found["before"], found["now"]
    flag = lambda r: {(f.unit_id, f.repeated, f.shared_organs > 0) for f in r.flags}  # noqa: E731
    out["flags_only_before"], out["flags_only_now"] = len(flag(before) - flag(now)), len(flag(now) - flag(before))
    for kind in ("problem", "paragraph"):
        of = {name: {u: c.id for c in r.clusters if c.kind == kind for u in c.unit_ids} for name, r in found.items()}
        out[f"{kind}_pairs_together"] = {"before": _pairs_together(of["before"]), "now": _pairs_together(of["now"]),
                                         "both": _pairs_together(of["before"], of["now"])}
        # a cluster of before is kept whole when all its units are in one cluster now
        now_of = {u: c.id for c in now.clusters if c.kind == kind for u in c.unit_ids}
        kept = split_off = 0
        for c in before.clusters:
            if c.kind == kind:
                landed = Counter(now_of.get(u) for u in c.unit_ids)
                main = max((k for k in landed if k is not None), key=lambda k: landed[k], default=None)
                kept += len(landed) == 1 and main is not None
                split_off += len(c.unit_ids) - (landed[main] if main is not None else 0)
        out[f"{kind}_clusters_kept_whole"] = f"{kept} of {sum(c.kind == kind for c in before.clusters)}"
        # units of a cluster of before that are not in the cluster now holding most of it
        out[f"{kind}_units_split_off"] = split_off
    print("  differences:", json.dumps({k: v for k, v in out.items() if k not in ("before", "now")}, ensure_ascii=False), flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.copies", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000")
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-build", action="store_true", help="reuse the built indexes; time the copy pass only")
    parser.add_argument("--compare", metavar="INDEX", type=Path,
                        help="compare the pass before and now on the reports of a built index")
    parser.add_argument("--sample", type=int, help="with --compare: the first N reports only")
    parser.add_argument("--child-pass", metavar="INDEX", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_pass:
        _child_pass(args.child_pass)
        return 0
    if args.compare:
        print("machine:", json.dumps(machine(), ensure_ascii=False), flush=True)
        figures = compare(args.compare, args.sample)
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"copies-compare-{time.strftime('%Y%m%d-%H%M%S')}.json"
        path.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"figures written to {path}")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    print("machine:", json.dumps(machine(), ensure_ascii=False), flush=True)
    results = []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(f"N = {n}", flush=True)
        corpus = corpus_for(n, args.seed, args.out)
        index = args.out / f"copies-index-n{n}-s{args.seed}"
        entry = {"n": n}
        if not args.no_build:
            entry["build"] = build(corpus, index, args.procs)
            db = sqlite3.connect(f"file:{index / 'copies.sqlite'}?mode=ro", uri=True)
            entry["in_build"] = json.loads(db.execute("SELECT value FROM meta WHERE key='stats'").fetchone()[0])
            db.close()
            b, c = entry["build"], entry["in_build"]
            print(f"  build {b['seconds']:.1f} s, {b['cpu_seconds']:.1f} CPU s (load {b['loadavg_before']} -> {b['loadavg_after']}); "
                  f"copy pass inside it {c['seconds']:.1f} s, {c.get('cpu_seconds', 0):.1f} CPU s (reading reports "
                  f"{c['read_seconds']:.1f} s) = {100 * c['seconds'] / max(b['seconds'] - c['seconds'], 1e-9):.1f} % wall, "
                  f"{100 * c.get('cpu_seconds', 0) / max(b['cpu_seconds'] - c.get('cpu_seconds', 0), 1e-9):.1f} % CPU "
                  "on top of the rest of the build", flush=True)
        entry["pass"] = copy_pass(index)
        p = entry["pass"]
        print(f"  copy pass alone {p['wall_seconds']:.1f} s, {p['process_cpu_seconds']:.1f} CPU s, peak {p['maxrss_mb']:.0f} MB (load {p['loadavg_before']} -> "
              f"{p['loadavg_after']}); units: {p['problem_units']} statements ({p['problem_distinct']} distinct), "
              f"{p['paragraph_units']} paragraphs ({p['paragraph_distinct']} distinct)", flush=True)
        entry["found"] = findings(index)
        print("  found:", json.dumps(entry["found"], ensure_ascii=False), flush=True)
        results.append(entry)
    path = args.out / f"copies-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"machine": machine(), "results": results}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
