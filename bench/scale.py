"""The scale benchmark: `python -m bench.scale [--n 100000] [--shards 2] [--procs 2] [--repeats 3]`.

One run, both backends, the same synthetic corpus (`bench/synth.py`): the
embedded Whoosh index (built in a subprocess, as `bench.run` does) and a
Sphinx cluster of `--shards` searchd shard nodes + an aggregator on
loopback (`LocalCluster`, fed by `build_sphinx`). For each it prints build
time and throughput, index size, and query latency (median, p95) for hits
only, hits + every facet's counts, and the full first page with highlights,
over `bench.run.QUERIES`, the backends alternating query by query so that a
busy moment of the shared machine hits both. It also checks, per query, that
both backends give the same total and the same facet counts.

Everything runs on one machine (2 vCPU shared with other work): shard nodes,
aggregator, the build and the client compete for the same cores. See
bench/SCALE.md for the figures and the projection to 2M reports.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

from bench import run

OUT = run.OUT


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def build_cluster(corpus: Path, base: Path, shards: int, procs: int):
    from indexer.search.sphinx import LocalCluster, build_sphinx

    shutil.rmtree(base, ignore_errors=True)
    cluster = LocalCluster(base, shards=shards, connect_ms=1000).start()
    load_before = run.loadavg()
    started, cpu_started = time.perf_counter(), run._cpu_seconds()
    summary = build_sphinx(corpus, cluster.shard_addresses, procs=procs)
    seconds = time.perf_counter() - started
    from indexer.search.sphinx import ShardWriter

    with ShardWriter(cluster.shard_addresses) as writer:
        writer.flush()
    figures = {"seconds": seconds, "added": len(summary.added), "skipped_count": len(summary.skipped),
               "reports": summary.reports, "reports_per_s": len(summary.added) / seconds if seconds else 0,
               "cpu_seconds": run._cpu_seconds() - cpu_started, "loadavg_before": load_before, "loadavg_after": run.loadavg(),
               "index_mb": sum(run._dir_size(node.data_dir) for node in cluster.shards) / 2**20,
               "searchd_rss_mb": [round(_rss_mb(node.process.pid)) for node in cluster.shards + [cluster.aggregator]]}
    return cluster, figures


def latencies(archives: dict, repeats: int) -> dict:
    """Per backend and mode: median / p95 ms over QUERIES x repeats (after a warm-up pass)."""
    for archive in archives.values():
        for q in run.QUERIES:
            for options in run.MODES.values():
                archive.search(q, **options)
    times = {name: {mode: [] for mode in run.MODES} for name in archives}
    for _ in range(repeats):
        for q in run.QUERIES:
            for name, archive in archives.items():
                for mode, options in run.MODES.items():
                    started = time.perf_counter()
                    archive.search(q, **options)
                    times[name][mode].append((time.perf_counter() - started) * 1000)
    return {name: {mode: run._summary(values) for mode, values in modes.items()} for name, modes in times.items()}


def agreement(embedded, cluster) -> dict:
    """How many QUERIES give the same total, and the same counts for every facet, on both backends."""
    same_total = same_facets = 0
    differing = []
    for q in run.QUERIES:
        a = embedded.search(q, facet_limit=100_000, highlight=False)
        b = cluster.search(q, facet_limit=100_000, highlight=False)
        same_total += a.total == b.total
        same_facets += a.facets == b.facets
        if a.total != b.total:
            differing.append((q, a.total, b.total))
    return {"queries": len(run.QUERIES), "same_total": same_total, "same_facets": same_facets, "differing": differing[:10]}


def table(n: int, figures: dict) -> str:
    head = f"{'backend':<22} {'build s':>8} {'rep/s':>6} {'index MB':>9} {'hits med/p95':>14} {'+facets med/p95':>16} {'page med/p95':>14}"
    lines = [f"N = {n} synthetic reports", head, "-" * len(head)]
    for name, label in (("whoosh", "Whoosh (1 process)"), ("sphinx", f"Sphinx ({figures['shards']} shards + agg)")):
        b, q = figures["build"][name], figures["queries"][name]

        def cell(mode):
            return f"{q[mode]['median_ms']:.0f}/{q[mode]['p95_ms']:.0f} ms"

        lines.append(f"{label:<22} {b['seconds']:>8.1f} {b['reports_per_s']:>6.0f} {b['index_mb']:>9.1f} "
                     f"{cell('hits'):>14} {cell('facets'):>16} {cell('page'):>14}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"machine: {json.dumps(run.machine())}; load {run.loadavg()}", flush=True)
    corpus = run.corpus_for(args.n, args.seed, args.out)
    figures = {"n": args.n, "shards": args.shards, "procs": args.procs, "machine": run.machine(), "build": {}}
    print("building the Whoosh index ...", flush=True)
    figures["build"]["whoosh"] = run.build(corpus, args.out / f"scale-whoosh-n{args.n}", args.procs)
    print(f"  {json.dumps(figures['build']['whoosh'])}", flush=True)
    print(f"building the Sphinx cluster ({args.shards} shards) ...", flush=True)
    cluster, figures["build"]["sphinx"] = build_cluster(corpus, args.out / f"scale-sphinx-n{args.n}", args.shards, args.procs)
    print(f"  {json.dumps(figures['build']['sphinx'])}", flush=True)
    try:
        from indexer.search import Archive
        from indexer.search.sphinx import SphinxArchive

        archives = {"whoosh": Archive(args.out / f"scale-whoosh-n{args.n}"), "sphinx": SphinxArchive(cluster.search_address)}
        figures["load_before_queries"] = run.loadavg()
        figures["queries"] = latencies(archives, args.repeats)
        figures["load_after_queries"] = run.loadavg()
        figures["agreement"] = agreement(archives["whoosh"], archives["sphinx"])
        figures["searchd_rss_mb_after"] = [round(_rss_mb(node.process.pid)) for node in cluster.shards + [cluster.aggregator]]
    finally:
        cluster.stop()
    print(table(args.n, figures))
    print(f"agreement: {json.dumps(figures['agreement'], ensure_ascii=False)}")
    print(f"load: before queries {figures['load_before_queries']}, after {figures['load_after_queries']}; "
          f"searchd RSS MB (shards..., aggregator): {figures['searchd_rss_mb_after']}")
    (args.out / f"scale-n{args.n}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
