"""Export memory and speed: /export.csv|.jsonl|.json over a large synthetic archive.

Builds (once, cached under --out) a synthetic corpus of --reports reports and
its index, then, for each export, starts a fresh process that opens the app,
warms it up with a one-row export, and streams the whole export through
Flask's test client, reading and discarding the body chunk by chunk as a
client would. It prints rows, bytes, seconds, rows/s and the process's
resident memory before and at its peak: a streaming export's peak must not
grow with the number of rows.

    python -m bench.export                  # 34,000 reports, ~100k rows
    python -m bench.export --reports 2000   # quicker
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.run import corpus_for, loadavg, machine

ROOT = Path(__file__).resolve().parent.parent

#: (label, URL): all rows, then smaller slices of the same archive
EXPORTS = (
    ("one year, CSV", "/export.csv?year=2021"),
    ("query 公开 (relevance order), JSONL", "/export.jsonl?q=%E5%85%AC%E5%BC%80"),
    ("everything, CSV", "/export.csv"),
    ("everything, JSON", "/export.json"),
)


def _rss_mb(kind: str = "VmRSS") -> float:
    """Current resident memory of this process in MB: all of it (VmRSS), or only the
    anonymous part (RssAnon: the process's own data, not the mapped index files)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(kind + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(index_dir: str, url: str) -> dict:
    """Run in a child process: stream one export and report its figures."""
    from app import create_app

    app = create_app({"TESTING": True, "CORPUS_DIR": str(ROOT / "corpus"), "INDEX_DIR": index_dir})
    client = app.test_client()
    # the first chunks of the same export: open the archive, its facet arrays, the
    # report column and (for a query) jieba, all of which a server has open anyway
    warm = client.get(url, buffered=False)
    for i, _ in zip(range(3), warm.response):
        pass
    warm.close()
    before, anon_before = _rss_mb(), _rss_mb("RssAnon")
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    rows = int(response.headers["X-Total-Count"])
    size = 0
    largest = anon_largest = 0.0
    for i, chunk in enumerate(response.response):
        size += len(chunk)
        if i % 200 == 0:
            largest = max(largest, _rss_mb())
            anon_largest = max(anon_largest, _rss_mb("RssAnon"))
    response.close()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "mb": size / 2**20, "seconds": seconds, "rss_before": before,
            "rss_sampled_peak": max(largest, _rss_mb()), "maxrss": peak,
            "anon_before": anon_before, "anon_sampled_peak": max(anon_largest, _rss_mb("RssAnon"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.export", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=34_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--child", nargs=2, metavar=("INDEX", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(*args.child)))
        return 0

    from indexer.search import build_index

    info = machine()
    print(f"machine: {info['nproc']} vCPU, {info['memory_gb']} GB, {info['cpu']}; load {info['loadavg']}"
          " (shared: other work on the machine slows wall-clock figures)")
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = corpus_for(args.reports, args.seed, args.out)
    index = args.out / f"index-export-n{args.reports}-s{args.seed}"
    started = time.perf_counter()
    build_index(corpus, index, progress=False)
    print(f"index {index} ready in {time.perf_counter() - started:.1f} s (incremental)")
    print("RSS: resident memory of the exporting process after warm-up (before), its largest value sampled"
          " every 200 chunks while streaming (during), and the process's lifetime peak (maxrss)")
    print("anon: the same for anonymous memory only (RssAnon), without the mapped index files")
    print(f"{'export':<36}{'rows':>9}{'MB':>9}{'s':>8}{'rows/s':>9}{'before':>9}{'during':>9}{'growth':>9}{'maxrss':>9}"
          f"{'anon before':>13}{'anon during':>13}")
    for label, url in EXPORTS:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        out = subprocess.run([sys.executable, "-m", "bench.export", "--child", str(index), url],
                             cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{label:<36}{r['rows']:>9}{r['mb']:>9.1f}{r['seconds']:>8.1f}{r['rows'] / max(r['seconds'], 1e-9):>9.0f}"
              f"{r['rss_before']:>7.0f}MB{r['rss_sampled_peak']:>7.0f}MB{r['rss_sampled_peak'] - r['rss_before']:>7.0f}MB"
              f"{r['maxrss']:>7.0f}MB{r['anon_before']:>11.0f}MB{r['anon_sampled_peak']:>11.0f}MB", flush=True)
    print(f"load after: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
