"""CPU per report of the build's worker part: `python -m bench.worker [--real] [--synthetic N]`.

A build worker reads, parses, classifies and segments each report
(`build._prepare`), adds its documents to a segment (`build._write`) and
writes the segment out every SEGMENT_REPORTS reports (`store.finish_segment`).
This runs exactly that loop, in one fresh process per run (a worker's cold
caches), over the real archive (`corpus/` plus every bench report, as
`bench.recall` gathers them: the realistic segmentation-cache hit rate) and
over the first N reports of a synthetic corpus (`bench.run`'s), and prints
the CPU milliseconds per report of each step, the median of `--repeats` runs.
`--profile FILE` writes a cProfile of one more run of each corpus
(FILE.real, FILE.synthetic).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(folder: Path, limit: int, profile: str = "") -> dict:
    """Run the worker loop over `folder` (its first `limit` reports) in this process."""
    from indexer.build import _prepare, _write
    from indexer.workers import SEGMENT_REPORTS
    from indexer.corpus import scan_corpus
    from indexer.search import analysis, exact
    from indexer.search.store import finish_segment, open_or_create, segment_writer
    from indexer.workers import worker_collector, worker_pages

    analysis.warm_up()
    exact.warm_up()
    entries, _ = scan_corpus(folder)
    gc.freeze()  # as a forked worker: what came before is the parent's
    worker_collector()  # and its collector's thresholds
    worker_pages()  # and numpy's page advice
    entries = entries[:limit] if limit else entries
    with tempfile.TemporaryDirectory() as tmp:
        open_or_create(tmp)
        profiler = None
        if profile:
            import cProfile
            profiler = cProfile.Profile()
            profiler.enable()
        cpu = {"prepare": 0.0, "write": 0.0, "finish": 0.0}
        writer, written, reports = None, 0, 0
        clock = time.process_time
        for entry in entries:
            t0 = clock()
            outcome = _prepare((entry, "2026-01-01T00:00:00+00:00"))
            t1 = clock()
            cpu["prepare"] += t1 - t0
            if outcome[0] != "ok":
                continue
            reports += 1
            if writer is None:
                writer, written = segment_writer(tmp), 0
            _write(writer, outcome[4], 0)
            written += 1
            t2 = clock()
            cpu["write"] += t2 - t1
            if written >= SEGMENT_REPORTS:
                finish_segment(writer)
                writer = None
                cpu["finish"] += clock() - t2
        if writer is not None:
            t2 = clock()
            finish_segment(writer)
            cpu["finish"] += clock() - t2
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
    from indexer.search import wordnumbers

    info = (getattr(wordnumbers, "_piece_numbers", None) or getattr(analysis, "_piece_numbers", None)
            or analysis._cached_piece_terms)  # the build's piece cache, by session
    info = info.cache_info()
    per = {k: round(v / max(reports, 1) * 1e3, 3) for k, v in cpu.items()}
    per["total"] = round(sum(cpu.values()) / max(reports, 1) * 1e3, 3)
    return {"reports": reports, "ms_per_report": per,
            "hit_rate": round(info.hits / max(info.hits + info.misses, 1), 4)}


def _in_child(folder: Path, limit: int, profile: str = "") -> dict:
    command = [sys.executable, "-m", "bench.worker", "--measure", str(folder), "--limit", str(limit)]
    if profile:
        command += ["--profile", profile]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _synthetic(n: int, tmp: Path) -> Path:
    """The first n reports of bench.run's 20k corpus when it exists, else a fresh one."""
    for candidate in (ROOT / "bench" / "out" / "corpus-n20000-s0", Path("/tmp/benchout/corpus-n20000-s0")):
        if candidate.is_dir() and len(os.listdir(candidate)) >= n:
            return candidate
    from bench.synth import generate

    generate(tmp / "synthetic", n, seed=0)
    return tmp / "synthetic"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker", description=__doc__.split("\n")[0])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--real", action="store_true", help="the real archive only")
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic reports (0: none)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", default="", help="also write cProfile stats to FILE.real / FILE.synthetic")
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure), args.limit, args.profile)))
        return 0
    from bench.recall import archive_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpora = [("real", archive_corpus(Path(tmp) / "real"), 0)]
        if args.synthetic and not args.real:
            corpora.append(("synthetic", _synthetic(args.synthetic, Path(tmp)), args.synthetic))
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores "
              f"at {time.strftime('%H:%M:%S', time.gmtime())} UTC")
        print(f"{'corpus':<11}{'reports':>8}{'hits':>7}  CPU ms/report: {'prepare':>8}{'write':>8}{'finish':>8}"
              f"{'total':>8}   (median of {args.repeats}; runs)")
        for name, folder, limit in corpora:
            runs = [_in_child(folder, limit) for _ in range(args.repeats)]
            med = {k: statistics.median(r["ms_per_report"][k] for r in runs) for k in runs[0]["ms_per_report"]}
            print(f"{name:<11}{runs[0]['reports']:>8}{runs[0]['hit_rate']:>7.1%}  {'':>14}{med['prepare']:>8.2f}"
                  f"{med['write']:>8.2f}{med['finish']:>8.2f}{med['total']:>8.2f}   "
                  '(' + ', '.join(f"{r['ms_per_report']['total']:.2f}" for r in runs) + ')')
            if args.profile:
                _in_child(folder, limit, f"{args.profile}.{name}")
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
