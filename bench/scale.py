"""The scale benchmark: `python -m bench.scale [--n 100000] [--shards 2] [--procs 2] [--repeats 3]`.

One run, both backends, the same synthetic corpus (`bench/synth.py`): the
embedded Whoosh index (built in a subprocess, as `bench.run` does) and a
Sphinx cluster of `--shards` searchd shard nodes + an aggregator on
loopback (`LocalCluster`), fed by `build_sphinx` (parsing the corpus) or,
with `--sphinx-from-whoosh`, by `migrate` from the Whoosh index just built
(no second parse: the migration path of docs/deploy.md). The shards' disk
chunks are then merged (OPTIMIZE INDEX), as a production cluster would be.

For each backend it prints build time and throughput, wall and CPU seconds
(the build's own processes, and for Sphinx the searchd processes' indexing
CPU), index size, and query latency (median, p95) for hits only, hits +
every facet's counts, and the full first page with highlights, over
`bench.run.QUERIES`, the backends alternating query by query so that a busy
moment of the shared machine hits both; with each, the CPU milliseconds per
query (client, and searchd). It also checks, per query, that both backends
give the same total and the same facet counts. `--facet-reads` times the
Sphinx facets read once against the earlier read-and-re-read.

Everything runs on one machine (2 vCPU shared with other work): shard nodes,
aggregator, the build and the client compete for the same cores. See
bench/SCALE.md for the figures and the projection to 2M reports.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from pathlib import Path

from bench import run

OUT = run.OUT
_TICK = os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_cpu(pids) -> float:
    """CPU seconds (user + system) the processes `pids` have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / _TICK


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _pids(cluster) -> list[int]:
    return [node.process.pid for node in cluster.shards + [cluster.aggregator] if node.process]


def _chunks(cluster) -> list[int]:
    import pymysql

    from indexer.search.sphinx.conf import SHARD_INDEX

    found = []
    for node in cluster.shards:
        with pymysql.connect(host="127.0.0.1", port=node.sql_port, autocommit=True) as connection, connection.cursor() as cursor:
            cursor.execute(f"SHOW INDEX {SHARD_INDEX} STATUS")
            found.append(int(dict(cursor.fetchall()).get("disk_chunks", 0)))
    return found


def optimize(cluster, limit_s: float = 1200) -> dict:
    """Merge each shard's disk chunks (OPTIMIZE INDEX runs in the background on 2.2.11: wait for it)."""
    import pymysql

    from indexer.search.sphinx.conf import SHARD_INDEX

    before, started = _chunks(cluster), time.perf_counter()
    for node in cluster.shards:
        with pymysql.connect(host="127.0.0.1", port=node.sql_port, autocommit=True) as connection, connection.cursor() as cursor:
            cursor.execute(f"FLUSH RTINDEX {SHARD_INDEX}")
            cursor.execute(f"OPTIMIZE INDEX {SHARD_INDEX}")
    while max(_chunks(cluster)) > 1 and time.perf_counter() - started < limit_s:
        time.sleep(5)
    return {"disk_chunks_before": before, "disk_chunks_after": _chunks(cluster), "seconds": time.perf_counter() - started}


def build_cluster(corpus: Path, base: Path, shards: int, procs: int, whoosh_index: Path | None):
    from indexer.search.sphinx import LocalCluster, build_sphinx, migrate

    shutil.rmtree(base, ignore_errors=True)
    cluster = LocalCluster(base, shards=shards, connect_ms=1000).start()
    load_before = run.loadavg()
    started, cpu_started, searchd_started = time.perf_counter(), run._cpu_seconds(), process_cpu(_pids(cluster))
    if whoosh_index is not None:
        from indexer.search import Archive

        done = migrate(Archive(whoosh_index), cluster.shard_addresses)
        added, reports, how = done["reports"], done["reports"], "migrate from the Whoosh index (no parse)"
    else:
        summary = build_sphinx(corpus, cluster.shard_addresses, procs=procs)
        added, reports, how = len(summary.added), summary.reports, f"build_sphinx ({procs} parse processes)"
    seconds = time.perf_counter() - started
    figures = {"how": how, "seconds": seconds, "added": added, "reports": reports,
               "reports_per_s": added / seconds if seconds else 0,
               "cpu_seconds": run._cpu_seconds() - cpu_started,
               "searchd_cpu_seconds": process_cpu(_pids(cluster)) - searchd_started,
               "loadavg_before": load_before, "loadavg_after": run.loadavg()}
    figures["optimize"] = optimize(cluster)
    figures["index_mb"] = sum(run._dir_size(node.data_dir) for node in cluster.shards) / 2**20
    figures["searchd_rss_mb"] = [round(_rss_mb(pid)) for pid in _pids(cluster)]
    return cluster, figures


def _summary(values: list[float]) -> dict:
    return {"median_ms": statistics.median(values), "p95_ms": run._percentile(values, 0.95), "max_ms": max(values)}


def latencies(archives: dict, repeats: int, searchd: list[int]) -> dict:
    """Per backend and mode: median / p95 wall ms over QUERIES x repeats (after a warm-up pass),
    and the mean CPU ms per query: the client's (this process), and searchd's for Sphinx (totals
    over all queries of a mode divided by their number: the kernel counts CPU in 10 ms ticks)."""
    for archive in archives.values():
        for q in run.QUERIES:
            for options in run.MODES.values():
                archive.search(q, **options)
    times = {name: {mode: [] for mode in run.MODES} for name in archives}
    client = {name: {mode: [] for mode in run.MODES} for name in archives}
    server = {name: {mode: [] for mode in run.MODES} for name in archives}
    partial = {name: 0 for name in archives}  # answers a shard missed (an agent timed out on the busy machine)
    for _ in range(repeats):
        for q in run.QUERIES:
            for name, archive in archives.items():
                for mode, options in run.MODES.items():
                    cpu, served, started = _own_cpu(), process_cpu(searchd) if name == "sphinx" else 0.0, time.perf_counter()
                    partial[name] += archive.search(q, **options).partial
                    times[name][mode].append((time.perf_counter() - started) * 1000)
                    client[name][mode].append((_own_cpu() - cpu) * 1000)
                    server[name][mode].append(((process_cpu(searchd) - served) if name == "sphinx" else 0.0) * 1000)
    return {name: {**{mode: {**_summary(values), "client_cpu_ms": statistics.mean(client[name][mode]),
                             "searchd_cpu_ms": statistics.mean(server[name][mode])}
                      for mode, values in modes.items()}, "partial_answers": partial[name]}
            for name, modes in times.items()}


def agreement(embedded, cluster) -> dict:
    """How many QUERIES give the same total, and the same counts for every facet, on both backends."""
    same_total = same_facets = 0
    differing = []
    for q in run.QUERIES:
        a = embedded.search(q, facet_limit=100_000, highlight=False)
        b = cluster.search(q, facet_limit=100_000, highlight=False)
        same_total += (a.total, a.exact_total) == (b.total, b.exact_total) and not b.partial
        same_facets += a.facets == b.facets
        if (a.total, a.exact_total) != (b.total, b.exact_total) or a.facets != b.facets:
            differing.append((q, a.total, b.total))
    return {"queries": len(run.QUERIES), "same_total": same_total, "same_facets": same_facets, "differing": differing[:10]}


def facet_reads(address: str, pids: list[int], repeats: int) -> dict:
    """The Sphinx page (+facets mode) two ways, alternating query by query on the same cluster:
    each facet read once with room for its field's values ("sized", the code as it is), and as
    before it: 1,000 groups first, a full facet read again alone with ten times the room ("re-read").
    Wall ms median / p95, and searchd CPU ms per page; the kind split is counted in both."""
    from indexer.search.sphinx import SphinxArchive

    sized, before = SphinxArchive(address, timeout=60), SphinxArchive(address, timeout=60)
    before._values.sizes = lambda: {}  # no sizes known: every field gets the old first read of 1,000
    ways = {"sized": sized, "re-read": before}
    for archive in ways.values():
        for q in run.QUERIES:
            archive.search(q, **run.MODES["facets"])
    times = {name: [] for name in ways}
    server = {name: [] for name in ways}
    for _ in range(repeats):
        for q in run.QUERIES:
            for name, archive in ways.items():
                served, started = process_cpu(pids), time.perf_counter()
                archive.search(q, **run.MODES["facets"])
                times[name].append((time.perf_counter() - started) * 1000)
                server[name].append((process_cpu(pids) - served) * 1000)
    return {name: {**_summary(times[name]), "searchd_cpu_ms": statistics.mean(server[name])} for name in ways}


def table(n: int, figures: dict) -> str:
    head = (f"{'backend':<24} {'build s':>8} {'CPU s':>7} {'rep/s':>6} {'index MB':>9} {'hits med/p95':>14} "
            f"{'+facets med/p95':>16} {'page med/p95':>14} {'page CPU ms':>12}")
    lines = [f"N = {n} synthetic reports", head, "-" * len(head)]
    for name, label in (("whoosh", "Whoosh (1 process)"), ("sphinx", f"Sphinx ({figures['shards']} shards + agg)")):
        b, q = figures["build"][name], figures["queries"][name]

        def cell(mode):
            return f"{q[mode]['median_ms']:.0f}/{q[mode]['p95_ms']:.0f} ms"

        cpu = b.get("cpu_seconds", 0) + b.get("searchd_cpu_seconds", 0)
        page_cpu = q["page"]["client_cpu_ms"] + q["page"]["searchd_cpu_ms"]
        lines.append(f"{label:<24} {b['seconds']:>8.1f} {cpu:>7.0f} {b['reports_per_s']:>6.0f} {b['index_mb']:>9.1f} "
                     f"{cell('hits'):>14} {cell('facets'):>16} {cell('page'):>14} {page_cpu:>12.0f}")
    return "\n".join(lines)


def running_cluster(base: Path) -> dict:
    """Where a --serve-sphinx cluster still finishing its OPTIMIZE answers (its figures are not written yet)."""
    import re

    config = (base / "aggregator" / "searchd.conf").read_text()
    address = re.search(r"listen = (127\.0\.0\.1:\d+):mysql41", config).group(1)
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(base.resolve()) in (entry / "cmdline").read_bytes().decode(errors="replace"):
                if (entry / "comm").read_text().strip() == "searchd":
                    pids.append(int(entry.name))
        except OSError:
            continue
    return {"search_address": address, "pids": pids, "seconds": 0.0, "reports_per_s": 0.0,
            "index_mb": sum(run._dir_size(d) for d in base.glob("shard*")) / 2**20, "finished_at": "not yet"}


def serve_sphinx(args) -> int:
    """Build the cluster, write its figures (and where it answers) beside the corpus, serve until SIGTERM."""
    import signal

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})  # so that sigwait, not death, takes them
    corpus = run.corpus_for(args.n, args.seed, args.out)
    index = args.out / f"scale-whoosh-n{args.n}"
    print(f"building the Sphinx cluster ({args.shards} shards) ...", flush=True)
    cluster, figures = build_cluster(corpus, args.out / f"scale-sphinx-n{args.n}", args.shards, args.procs,
                                     index if args.sphinx_from_whoosh else None)
    figures.update(finished_at=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), search_address=cluster.search_address,
                   pids=_pids(cluster))
    (args.out / f"scale-sphinx-n{args.n}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    print(f"  {json.dumps(figures)}\nserving at {cluster.search_address} until SIGTERM", flush=True)
    try:
        signal.sigwait([signal.SIGTERM, signal.SIGINT])
    finally:
        cluster.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--whoosh-only", action="store_true",
                        help="build the Whoosh index (and record its figures) only, for a later run with --reuse-whoosh")
    parser.add_argument("--reuse-whoosh", action="store_true",
                        help="use the Whoosh index and build figures a --whoosh-only run left (the report says when it was built)")
    parser.add_argument("--sphinx-from-whoosh", action="store_true",
                        help="feed the cluster from the Whoosh index (`migrate`) instead of parsing the corpus again")
    parser.add_argument("--serve-sphinx", action="store_true",
                        help="build the cluster, record its figures and addresses, and keep it serving until SIGTERM, "
                             "for a later run with --reuse-sphinx (so both builds can run at once on a busy machine)")
    parser.add_argument("--reuse-sphinx", action="store_true", help="query the cluster a --serve-sphinx run keeps serving")
    parser.add_argument("--facet-reads", action="store_true",
                        help="with --reuse-sphinx only: time the facets read once (sized) against the old first read "
                             "of 1,000 groups and re-read, on the cluster a --serve-sphinx run keeps serving")
    args = parser.parse_args(argv)
    if args.serve_sphinx:
        return serve_sphinx(args)
    if args.facet_reads:
        served = json.loads((args.out / f"scale-sphinx-n{args.n}.json").read_text())
        print(f"machine: {json.dumps(run.machine())}; load {run.loadavg()}", flush=True)
        figures = facet_reads(served["search_address"], served["pids"], args.repeats)
        print(f"N = {args.n}: {json.dumps(figures)}; load after {run.loadavg()}")
        (args.out / f"scale-facet-reads-n{args.n}.json").write_text(json.dumps(figures, indent=1))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"machine: {json.dumps(run.machine())}; load {run.loadavg()}", flush=True)
    corpus = run.corpus_for(args.n, args.seed, args.out)
    figures = {"n": args.n, "shards": args.shards, "procs": args.procs, "machine": run.machine(), "build": {}}
    index = args.out / f"scale-whoosh-n{args.n}"
    recorded = args.out / f"scale-whoosh-n{args.n}.json"
    if args.reuse_whoosh:
        # a build still in its copy pass has committed the index but recorded nothing yet
        figures["build"]["whoosh"] = json.loads(recorded.read_text()) if recorded.exists() else \
            {"seconds": 0.0, "reports_per_s": 0.0, "index_mb": run._dir_size(index) / 2**20, "finished_at": "not yet"}
        print(f"reusing the Whoosh index built {figures['build']['whoosh']['finished_at']}", flush=True)
    else:
        print("building the Whoosh index ...", flush=True)
        figures["build"]["whoosh"] = run.build(corpus, index, args.procs)
        figures["build"]["whoosh"]["finished_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        recorded.write_text(json.dumps(figures["build"]["whoosh"], ensure_ascii=False, indent=1))
    print(f"  {json.dumps(figures['build']['whoosh'])}", flush=True)
    if args.whoosh_only:
        return 0
    served = args.out / f"scale-sphinx-n{args.n}.json"
    if args.reuse_sphinx:
        figures["build"]["sphinx"] = json.loads(served.read_text()) if served.exists() else \
            running_cluster(args.out / f"scale-sphinx-n{args.n}")
        address, pids, cluster = figures["build"]["sphinx"]["search_address"], figures["build"]["sphinx"]["pids"], None
        print(f"querying the cluster built {figures['build']['sphinx']['finished_at']}", flush=True)
    else:
        print(f"building the Sphinx cluster ({args.shards} shards) ...", flush=True)
        cluster, figures["build"]["sphinx"] = build_cluster(corpus, args.out / f"scale-sphinx-n{args.n}", args.shards, args.procs,
                                                            index if args.sphinx_from_whoosh else None)
        address, pids = cluster.search_address, _pids(cluster)
    print(f"  {json.dumps(figures['build']['sphinx'])}", flush=True)
    try:
        from indexer.search import Archive
        from indexer.search.sphinx import SphinxArchive

        archives = {"whoosh": Archive(index), "sphinx": SphinxArchive(address, timeout=60)}
        figures["load_before_queries"] = run.loadavg()
        figures["queries"] = latencies(archives, args.repeats, pids)
        figures["load_after_queries"] = run.loadavg()
        print(json.dumps(figures["queries"]), flush=True)
        figures["agreement"] = agreement(archives["whoosh"], archives["sphinx"])
        figures["searchd_rss_mb_after"] = [round(_rss_mb(pid)) for pid in pids]
    finally:
        if cluster is not None:
            cluster.stop()
    print(table(args.n, figures))
    print(f"agreement: {json.dumps(figures['agreement'], ensure_ascii=False)}")
    print(f"load: before queries {figures['load_before_queries']}, after {figures['load_after_queries']}; "
          f"searchd RSS MB (shards..., aggregator): {figures['searchd_rss_mb_after']}")
    (args.out / f"scale-n{args.n}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
