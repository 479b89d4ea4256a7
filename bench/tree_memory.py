"""A process tree's memory, sampled densely from outside: `python -m bench.tree_memory PID OUT [--every 0.1]`.

Every `--every` seconds, for PID and each process below it, writes one JSON
line to OUT: [seconds since start, [[pid, ppid, PSS, PSS anon, PSS file, RSS,
private] (MB), ...]] from /proc/*/smaps_rollup, until PID ends; then prints
the tree's peak PSS and each process's share of it. A check of the build's
own sampler (`indexer.timeline`, which reads the PSS at most SAMPLE_SHARE of
a core: at 100k reports every 2-4 s): run it beside `bench.build_tail` and
compare the peaks. It costs what it measures (a page
table walk of the tree per sample): give it the other core.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from indexer.timeline import descendants


def _rollup(pid: int) -> list[int] | None:
    try:
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, value = line.split(":")
            fields[key] = int(value.split()[0]) // 1024
        ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        return [pid, ppid, fields["Pss"], fields["Pss_Anon"], fields["Pss_File"], fields["Rss"],
                fields["Private_Dirty"] + fields["Private_Clean"]]
    except (OSError, KeyError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie holds nothing
    except (OSError, IndexError):
        return False


def watch(root: int, out: str, every: float) -> tuple[float, list]:
    """Sample until `root` ends; returns (when, processes) of the tree's peak PSS."""
    peak: tuple[int, float, list] = (-1, 0.0, [])
    started = time.monotonic()
    with open(out, "w") as fh:
        while _alive(root):
            when = round(time.monotonic() - started, 2)
            rows = [r for r in map(_rollup, descendants(root)) if r is not None]
            fh.write(json.dumps([when, rows]) + "\n")
            total = sum(r[2] for r in rows)
            if total > peak[0]:
                peak = (total, when, rows)
            time.sleep(every)
    return peak[1], peak[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tree_memory", description=__doc__.splitlines()[0])
    parser.add_argument("pid", type=int)
    parser.add_argument("out")
    parser.add_argument("--every", type=float, default=0.1)
    args = parser.parse_args(argv)
    when, rows = watch(args.pid, args.out, args.every)
    print(json.dumps({"peak_pss_mb": sum(r[2] for r in rows), "at_seconds": when,
                      "processes": [dict(zip(("pid", "ppid", "pss", "pss_anon", "pss_file", "rss", "private"), r))
                                    for r in rows]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
