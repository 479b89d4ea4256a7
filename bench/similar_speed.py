"""How fast "similar statements" answers, and what the word vectors cost.

    python -m bench.similar_speed --index DIR [--train] [--statements 200] [--seed 0]
    python -m bench.similar_speed --synth 100000 [--procs 2]

With `--synth N`, the index is bench/out/index-nN-sSEED (the one `bench.run`
makes): when it is missing, the synthetic corpus of N reports is generated
(`bench.synth`, once per size and seed) and built in a subprocess by
`bench.run.build`, whose wall and CPU seconds, peak memory and index size are
printed (the build includes the vector step; its own time and the model's
size are in `vectors.json`, printed below as "vector step (recorded)").

With `--train`, first runs the build's vector step on the index
(`indexer.vectors.run_vector_pass`, as `indexer build` does after its
commit) and prints its wall and CPU seconds, the training text and the
model's size. Then times `indexer.similar.similar_to_problem` (limit 10,
50 candidates) for `--statements` statements drawn at random, warm (one
untimed pass over all of them first), with the archive's vectors and
without them (lexical only), and prints median / p95 wall and CPU ms.

Not a test: run it on purpose and quote the machine's load beside it.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def train(index_dir) -> dict:
    from indexer.search.store import open_index
    from indexer.vectors import run_vector_pass

    wall, cpu = time.monotonic(), _cpu()
    figures = run_vector_pass(open_index(index_dir), index_dir)
    figures = dict(figures, wall_s=round(time.monotonic() - wall, 1), cpu_s=round(_cpu() - cpu, 1))
    print("vector step:", {k: v for k, v in figures.items() if k != "digest"})
    return figures


def time_similar(archive, ids: list[str], lexical: bool) -> dict:
    from indexer import similar

    original = similar.archive_vectors
    if lexical:
        similar.archive_vectors = lambda archive: None
    try:
        for pid in ids:  # warm: caches, the vectors' first load
            similar.similar_to_problem(archive, pid)
        walls, cpus = [], []
        for pid in ids:
            w, c = time.perf_counter(), time.thread_time()
            similar.similar_to_problem(archive, pid)
            walls.append((time.perf_counter() - w) * 1000)
            cpus.append((time.thread_time() - c) * 1000)
    finally:
        similar.archive_vectors = original
    wm, wp = _quantiles(walls)
    cm, cp = _quantiles(cpus)
    return {"wall_median_ms": round(wm, 1), "wall_p95_ms": round(wp, 1),
            "cpu_median_ms": round(cm, 1), "cpu_p95_ms": round(cp, 1)}


def synthetic_index(n: int, seed: int, procs: int) -> str:
    """bench/out/index-nN-sSEED, generated and built once (figures printed when built)."""
    import json
    from pathlib import Path

    from bench import run

    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    index = out / f"index-n{n}-s{seed}"
    if (index / "vectors.json").exists():
        return str(index)
    corpus = run.corpus_for(n, seed, out)
    figures = run.build(corpus, index, procs)
    print("build:", json.dumps({k: v for k, v in figures.items() if k != "skipped"}), flush=True)
    return str(index)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", help="index directory (built by `indexer build`)")
    ap.add_argument("--synth", type=int, metavar="N", help="use (and build once) the synthetic index of N reports")
    ap.add_argument("--procs", type=int, default=os.cpu_count() or 1, help="build processes with --synth")
    ap.add_argument("--train", action="store_true", help="run the build's vector step first")
    ap.add_argument("--statements", type=int, default=200, help="statements timed (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from indexer.search.archive import Archive
    from indexer.vectors import RelatedWords, read_stamp

    print(f"load average: {os.getloadavg()}")
    if args.synth:
        args.index = synthetic_index(args.synth, args.seed, args.procs)
    elif not args.index:
        ap.error("give --index DIR or --synth N")
    if args.train:
        train(args.index)
    else:
        print("vector step (recorded):", {k: v for k, v in read_stamp(args.index).items() if k != "digest"})
    archive = Archive(args.index)
    problems = [p.id for p in archive.all_problems()]
    ids = random.Random(args.seed).sample(problems, min(args.statements, len(problems)))
    started = time.monotonic()
    RelatedWords.for_index(args.index)
    print(f"statements in the archive: {len(problems)}; vectors loaded in {time.monotonic() - started:.2f} s")
    for lexical in (False, True):
        figures = time_similar(archive, ids, lexical)
        print("lexical only" if lexical else "with vectors", figures)
    print(f"load average: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
