"""The speed benchmark: `python -m bench.run [--sizes 1000,10000,20000] [--procs 2]`.

For each corpus size N it generates (or reuses) a synthetic corpus, builds a
fresh index in a subprocess (so that peak memory is measured per N), and
times queries against it, warm: (a) hits only, (b) hits + facet counts over
agency, year, category, region, (c) the full first page with highlights.
It prints a table and writes the figures as JSON to bench/out/.
`--segmentation` measures jieba alone (plain, and the project's analysis).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from multiprocessing import get_context
from pathlib import Path

from bench import synth
from indexer.timeline import Step, tree_pss_mb

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_SIZES = (1000, 10000, 20000)
#: 1-3 word queries a person would type; a quoted one tests phrase search
QUERIES = [
    "政府信息公开", "依申请公开", "政策解读", "公开属性 审查", '"工作机制"', "人员 兼职", "培训",
    "网站 建设", "行政复议", "规范性文件", "主动公开", "政务新媒体", "信息发布 审核", "保密审查",
    "行政诉讼", "不予公开", "政府网站", "重点领域", "时效性", "公开 形式 单一", "政务公开 专栏",
    "领导小组", "收费", "答复 质量", "便民服务", "公开目录", "标准化 规范化", "涉企政策",
    "财政 预决算", "微信公众平台", "监督 考核",
]
FACETS = ("agency", "year", "category", "region")
REPEATS = 5


def machine() -> dict:
    """What the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "memory_gb": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(), "loadavg": loadavg()}


def loadavg() -> str:
    """The 1/5/15-minute load: other work on the machine slows wall-clock figures."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def _cpu_seconds() -> float:
    """CPU time of this process plus its waited-for children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def corpus_for(n: int, seed: int, out: Path) -> Path:
    """The synthetic corpus of size n, generated once per (n, seed, generator version)."""
    directory = out / f"corpus-n{n}-s{seed}"
    stamp = out / f"corpus-n{n}-s{seed}.stamp"
    if stamp.exists() and stamp.read_text() == str(synth.VERSION) and directory.is_dir():
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    started = time.perf_counter()
    synth.generate(directory, n, seed)
    stamp.write_text(str(synth.VERSION))
    print(f"  generated {n} reports in {time.perf_counter() - started:.1f} s -> {directory}", flush=True)
    return directory


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _texts(corpus: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]


# -- segmentation baseline -------------------------------------------------

def _plain_jieba(texts: list[str]) -> int:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return sum(len(jieba.lcut(t)) for t in texts)


def _project_terms(texts: list[str]) -> int:
    from indexer.search import analysis

    return sum(len(analysis.terms(t)) for t in texts)


def segmentation(corpus: Path, procs_list=(1, 2)) -> list[dict]:
    """Time plain jieba (precise mode) and the index's own analysis over the corpus."""
    texts = _texts(corpus)
    chars = sum(map(len, texts))
    rows = []
    for name, func in (("jieba.lcut", _plain_jieba), ("analysis.terms", _project_terms)):
        try:
            func(texts[:2])  # load dictionaries outside the timing (as a build does before forking)
        except ImportError as exc:
            rows.append({"segmenter": name, "error": str(exc)})
            continue
        for procs in procs_list:
            chunks = [texts[i::procs * 8] for i in range(procs * 8)]
            started, cpu_started = time.perf_counter(), _cpu_seconds()
            if procs == 1:
                tokens = func(texts)
            else:
                with get_context("fork").Pool(procs) as pool:
                    tokens = sum(pool.map(func, chunks))
            seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
            rows.append({"segmenter": name, "procs": procs, "reports": len(texts), "chars": chars,
                         "tokens": tokens, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                         "reports_per_s": round(len(texts) / seconds, 1), "chars_per_s": round(chars / seconds),
                         "loadavg": loadavg()})
            print(f"  {name:15} {procs} proc: {seconds:6.2f} s wall, {cpu:6.2f} s CPU  "
                  f"{len(texts) / seconds:7.1f} reports/s  {chars / seconds / 1e3:6.0f} k chars/s  "
                  f"(load {loadavg()})", flush=True)
    return rows


# -- build, in a child process ---------------------------------------------

def _child_build(corpus: str, index: str, procs: int) -> None:
    from indexer.build import build_index

    started = time.perf_counter()
    summary = build_index(corpus, index, procs=procs, progress=False, sample_memory=0.5)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    parent_cpu = own.ru_utime + own.ru_stime
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "added": len(summary.added), "skipped": summary.skipped[:20],
                      "skipped_count": len(summary.skipped), "reports": summary.reports,
                      "problems": summary.problems, "parent_maxrss_mb": self_kb / 1024,
                      "worker_maxrss_mb": child_kb / 1024, "parent_cpu_seconds": parent_cpu,
                      "cpu_seconds": _cpu_seconds(), "steps": summary.steps,
                      "copies": summary.copies, "vectors": summary.vectors}))


def build(corpus: Path, index: Path, procs: int) -> dict:
    """Build `index` from scratch in a subprocess; its time, counts and peak
    memory: per process (maxrss) and of the whole build at once (the peak of
    its process tree's PSS, sampled every 0.5 s)."""
    shutil.rmtree(index, ignore_errors=True)
    load_before = loadavg()
    cmd = [sys.executable, "-m", "bench.run", "--child-build", str(corpus), str(index), str(procs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_pss_mb(proc.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"build failed:\n{stderr[-3000:]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["peak_tree_pss_mb"] = peak[0]
    figures["loadavg_before"], figures["loadavg_after"] = load_before, loadavg()
    figures["reports_per_s"] = figures["added"] / figures["seconds"] if figures["seconds"] else 0
    figures["index_mb"] = _dir_size(index) / 2**20
    # pool workers run at the same time: parent + procs x the largest worker bounds the total
    figures["peak_total_mb_bound"] = figures["parent_maxrss_mb"] + procs * figures["worker_maxrss_mb"]
    return figures


# -- queries -----------------------------------------------------------------

def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _summary(values: list[float]) -> dict:
    return {"median_ms": statistics.median(values), "p95_ms": _percentile(values, 0.95), "max_ms": max(values)}


#: mode -> the keyword arguments of Archive.search that measure it
MODES = {
    "hits": {"facets": False, "highlight": False},  # (a) ranked hits only
    "facets": {"facets": True, "highlight": False},  # (b) hits + facet counts
    "page": {},  # (c) the full first page: facets and highlighted snippets (the defaults)
}


def latencies(index: Path, repeats: int = REPEATS) -> dict:
    """Median and p95 (ms) per mode over QUERIES x repeats, after one warm-up pass.

    Each mode is its own `Archive.search` call, timed directly: "hits"
    (`facets=False, highlight=False`: ranked hits, no facets or snippets),
    "facets" (`highlight=False`: hits + facet counts; Archive.search counts
    every FACET_FIELDS facet, a superset of agency/year/category/region),
    "page" (the defaults: the whole first page of 20 with highlighted
    snippets, i.e. what the web page shows). The three calls for a query run
    back to back, so slow moments on a shared machine hit all modes alike.
    """
    from indexer.search import Archive

    load_before = loadavg()
    # the first page after opening: the facet columns are read then (one sample)
    started, cpu_started = time.perf_counter(), time.process_time()
    archive = Archive(index)
    archive.search(QUERIES[0], **MODES["page"])
    first = {"ms": (time.perf_counter() - started) * 1000, "cpu_ms": (time.process_time() - cpu_started) * 1000}
    for q in QUERIES:  # warm: facet arrays, term caches, jieba, every code path
        for options in MODES.values():
            archive.search(q, **options)
    times = {mode: [] for mode in MODES}
    cpu, totals = [], {}
    for _ in range(repeats):
        for q in QUERIES:
            for mode, options in MODES.items():
                started, cpu_started = time.perf_counter(), time.thread_time()
                result = archive.search(q, **options)
                times[mode].append((time.perf_counter() - started) * 1000)
                if mode == "page":
                    cpu.append((time.thread_time() - cpu_started) * 1000)
                    totals[q] = result.total
    # rotation: the full page alone, every query in turn, so each one finds in the
    # caches only what the other queries left there (a server's steady state; the
    # "page" mode above follows its own query's hits and facets calls)
    rotation = []
    for _ in range(repeats):
        for q in QUERIES:
            started = time.perf_counter()
            archive.search(q, **MODES["page"])
            rotation.append((time.perf_counter() - started) * 1000)
    times["rotation"] = rotation
    # cold: the same full page with the term and needle caches emptied first,
    # as for a query nobody has asked since the index changed
    cold, cold_cpu = [], []
    table = archive._state().table
    for _ in range(max(1, repeats // 2)):
        for q in QUERIES:
            table.forget()
            started, cpu_started = time.perf_counter(), time.process_time()
            archive.search(q, **MODES["page"])
            cold.append((time.perf_counter() - started) * 1000)
            cold_cpu.append((time.process_time() - cpu_started) * 1000)
    times["cold"] = cold
    out = {mode: _summary(values) for mode, values in times.items()}
    out["page"].update(cpu_median_ms=statistics.median(cpu), cpu_p95_ms=_percentile(cpu, 0.95))
    out["first_after_open"] = first
    out["cold"].update(cpu_median_ms=statistics.median(cold_cpu))
    out["loadavg_before"], out["loadavg"] = load_before, loadavg()
    out["mean_total"] = statistics.mean(totals.values())
    out["slowest"] = sorted(((round(t, 1), q) for t, q in zip(times["page"], QUERIES * repeats)), reverse=True)[:5]
    return out


def _peak(build: dict) -> float:
    """The build's peak memory: its process tree's sampled PSS, or, for figures
    written before that was sampled, the bound parent + procs × largest worker."""
    return build.get("peak_tree_pss_mb") or build.get("peak_total_mb_bound", 0)


def _table(results: list[dict]) -> str:
    head = (f"{'N':>6} {'build s':>8} {'CPU s':>6} {'rep/s':>7} {'index MB':>9} {'peak MB':>8} "
            f"{'hits med/p95':>14} {'+facets med/p95':>16} {'page med/p95':>14} {'cold page':>14}")
    lines = [head, "-" * len(head)]
    for r in results:
        b, q = r["build"], r.get("queries", {})

        def cell(mode: str) -> str:
            m = q.get(mode)
            return f"{m['median_ms']:.0f}/{m['p95_ms']:.0f} ms" if m else "n/a"

        lines.append(f"{r['n']:>6} {b['seconds']:>8.1f} {b.get('cpu_seconds', 0):>6.0f} {b['reports_per_s']:>7.0f} {b['index_mb']:>9.1f} "
                     f"{_peak(b):>8.0f} {cell('hits'):>14} {cell('facets'):>16} {cell('page'):>14} {cell('cold'):>14}")
    return "\n".join(lines)


def _growth(results: list[dict]) -> str:
    """How each figure grew from one size to the next, beside how the archive grew.

    A query-path figure growing faster than N does is the thing to look for."""
    figures = {
        "build s": lambda r: r["build"]["seconds"],
        "build CPU s": lambda r: r["build"].get("cpu_seconds", 0),
        "index MB": lambda r: r["build"]["index_mb"],
        "peak MB": lambda r: _peak(r["build"]),
        **{f"{mode} {stat}": (lambda r, m=mode, s=stat: r["queries"][m][f"{s}_ms"])
           for mode in ("hits", "facets", "page", "rotation", "cold") for stat in ("median", "p95")},
        "page CPU median": lambda r: r["queries"]["page"]["cpu_median_ms"],
        "cold CPU median": lambda r: r["queries"]["cold"]["cpu_median_ms"],
        "first page CPU": lambda r: r["queries"]["first_after_open"]["cpu_ms"],
    }
    lines = []
    for before, after in zip(results, results[1:]):
        lines.append(f"growth {before['n']} -> {after['n']} (archive x{after['n'] / before['n']:.1f}):")
        for name, get in figures.items():
            try:
                a, b = get(before), get(after)
            except KeyError:
                continue
            lines.append(f"  {name:<18} {a:9.1f} -> {b:9.1f}  x{b / a:.2f}" if a else f"  {name:<18} {a:9.1f} -> {b:9.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="corpus sizes, e.g. 1000,10000")
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1, help="build processes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT, help="where corpora, indexes and JSON go")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--segmentation", action="store_true", help="only time jieba over the smallest corpus")
    parser.add_argument("--no-build", action="store_true", help="reuse existing indexes, time queries only")
    parser.add_argument("--child-build", nargs=3, metavar=("CORPUS", "INDEX", "PROCS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build:
        corpus, index, procs = args.child_build
        _child_build(corpus, index, int(procs))
        return 0
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes comma-separated numbers")
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine(), "procs": args.procs, "seed": args.seed, "queries": QUERIES,
              "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "results": []}
    print("machine:", json.dumps(report["machine"], ensure_ascii=False), flush=True)
    if args.segmentation:
        corpus = corpus_for(sizes[0], args.seed, args.out)
        report["segmentation"] = segmentation(corpus)
    else:
        for n in sizes:
            print(f"N = {n}", flush=True)
            corpus = corpus_for(n, args.seed, args.out)
            index = args.out / f"index-n{n}-s{args.seed}"
            if args.no_build:
                figures = {"seconds": 0, "reports_per_s": 0, "index_mb": _dir_size(index) / 2**20, "peak_total_mb_bound": 0}
            else:
                figures = build(corpus, index, args.procs)
            print(f"  build: {figures['seconds']:.1f} s ({figures.get('cpu_seconds', 0):.0f} s CPU), "
                  f"{figures['reports_per_s']:.0f} reports/s, "
                  f"index {figures['index_mb']:.1f} MB, peak <= {figures['peak_total_mb_bound']:.0f} MB, "
                  f"whole build at once {figures.get('peak_tree_pss_mb', 0):.0f} MB PSS, "
                  f"parent {figures.get('parent_maxrss_mb', 0):.0f} MB "
                  f"(skipped {figures.get('skipped_count', 0)})", flush=True)
            for step in figures.get("steps", []):
                print(f"    {Step(**step).line()}", flush=True)
            entry = {"n": n, "build": figures, "queries": latencies(index, args.repeats)}
            for mode in ("hits", "facets", "page", "rotation"):
                m = entry["queries"][mode]
                print(f"  {mode:7} median {m['median_ms']:7.1f} ms   p95 {m['p95_ms']:7.1f} ms", flush=True)
            q = entry["queries"]
            print(f"  cold    median {q['cold']['median_ms']:7.1f} ms   p95 {q['cold']['p95_ms']:7.1f} ms   "
                  f"CPU median {q['cold']['cpu_median_ms']:.1f} ms; first page after opening "
                  f"{q['first_after_open']['ms']:.0f} ms ({q['first_after_open']['cpu_ms']:.0f} ms CPU)", flush=True)
            print(f"  (page CPU median {q['page']['cpu_median_ms']:.1f} / p95 {q['page']['cpu_p95_ms']:.1f} ms; "
                  f"load {q['loadavg']}; slowest {q['slowest'][:3]})", flush=True)
            report["results"].append(entry)
        print(_table(report["results"]))
        if len(report["results"]) > 1:
            print(_growth(report["results"]))
    path = args.out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    text = json.dumps(report, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    (args.out / "latest.json").write_text(text, encoding="utf-8")
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
