"""Does one huge report slow every search? `python -m bench.hugedoc [--mb 8] [--repeats 20]`

Builds an index of `corpus/` plus one report made by repeating a real report's
text to the given size (every line of it matches 公开 many times), then times
the full first page (facets and highlighted snippets) for queries that hit
the huge report, warm and with the term caches emptied, and prints median
and p95 in ms. The per-file limits of the build (`indexer/filelimits.py`)
refuse far larger files outright; this measures what a file just under them
costs the query path, which must not grow with the document's size.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["公开", "政府信息公开", "依申请", "工作机制", '"主动 公开"', "行政复议"]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0, help="size of the huge report in MB of UTF-8")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)

    from indexer.build import build_index
    from indexer.search.archive import Archive

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        seed = (ROOT / "corpus" / "songbei-qu-2020.txt").read_text(encoding="utf-8")
        body = seed.split("\n", 1)[1]
        copies = int(args.mb * 2**20 / len(body.encode("utf-8"))) + 1
        huge = "巨大县人民政府2020年政府信息公开工作年度报告\n" + body * copies
        (corpus / "huge-2020.txt").write_text(huge, encoding="utf-8")
        started = time.perf_counter()
        summary = build_index(corpus, Path(tmp) / "index", progress=False)
        print(f"built {summary.reports} reports in {time.perf_counter() - started:.1f} s; huge report "
              f"{len(huge.encode('utf-8')) / 2**20:.1f} MB; skipped: {summary.skipped or 'none'}")
        archive = Archive(Path(tmp) / "index")
        table = archive._state().table
        print("query            hits  huge on page  warm med/p95 ms   cold med/p95 ms")
        for q in QUERIES:
            result = archive.search(q)
            on_page = any(h.report_id == "huge-2020" for h in result.hits)
            warm, cold = [], []
            for _ in range(args.repeats):
                s = time.perf_counter()
                archive.search(q)
                warm.append((time.perf_counter() - s) * 1000)
            for _ in range(max(3, args.repeats // 4)):
                table.forget()
                archive._state().reports.clear()
                archive._state().parts.clear()
                s = time.perf_counter()
                archive.search(q)
                cold.append((time.perf_counter() - s) * 1000)
            print(f"{q:<16} {result.total:>4}  {str(on_page):<12}  {statistics.median(warm):>6.1f}/{_p95(warm):<7.1f}"
                  f"   {statistics.median(cold):>7.1f}/{_p95(cold):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
