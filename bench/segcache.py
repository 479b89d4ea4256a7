"""How often the build's segmentation cache hits, on real reports and on the synthetic corpus.

`python -m bench.segcache [--synthetic N]`

The build segments each piece of text (a run jieba cuts on its own) once per
worker process and remembers its words (`analysis._piece_words`), because
report boilerplate recurs. The synthetic corpus of `bench.run` recombines
real text, so it repeats pieces far more often than a real archive: its
build figures flatter the real cost. This prints, for the real archive
(`corpus/` plus every bench report, as `bench.recall` gathers them) and for
a synthetic corpus of the same number of reports, the cache's hit rate and
the CPU time of parsing + word postings + gram postings per report, each in
a fresh process as a build worker would see it (one process for all files:
the best case for a worker).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(folder: Path) -> dict:
    """Prepare every report in `folder` as a build worker does, in this process; the cache's figures."""
    from indexer.build import _prepare
    from indexer.corpus import scan_corpus
    from indexer.search import analysis, exact

    analysis.warm_up()
    exact.warm_up()
    entries, _ = scan_corpus(folder)
    started = time.process_time()
    reports = sum(_prepare((entry, "2026-01-01T00:00:00+00:00"))[0] == "ok" for entry in entries)
    cpu = time.process_time() - started
    info = analysis._piece_words.cache_info()
    lookups = info.hits + info.misses
    return {"reports": reports, "cpu_ms_per_report": round(cpu / max(reports, 1) * 1e3, 2),
            "piece_lookups": lookups, "hit_rate": round(info.hits / max(lookups, 1), 4),
            "distinct_pieces": info.currsize}


def _in_child(folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.segcache", "--measure", str(folder)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--synthetic", type=int, default=0, help="synthetic reports to compare (default: as many as real)")
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return 0
    from bench.recall import archive_corpus
    from bench.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        real = archive_corpus(Path(tmp) / "real")
        real_figures = _in_child(real)
        n = args.synthetic or real_figures["reports"]
        synthetic = Path(tmp) / "synthetic"
        generate(synthetic, n, seed=0)
        synthetic_figures = _in_child(synthetic)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'corpus':<12}{'reports':>9}{'hit rate':>10}{'pieces':>10}{'distinct':>10}{'CPU ms/report':>15}")
    for name, f in (("real", real_figures), ("synthetic", synthetic_figures)):
        print(f"{name:<12}{f['reports']:>9}{f['hit_rate']:>10.1%}{f['piece_lookups']:>10}{f['distinct_pieces']:>10}"
              f"{f['cpu_ms_per_report']:>15}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
