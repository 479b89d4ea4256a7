"""Load test of the production server on loopback, with wrk.

    .venv/bin/python -m bench.load [--configs 2x4,3x2,4x1] [--duration 60] [--connections 16]
                                   [--synthetic N] [--index DIR] [--json OUT]

Builds an index of corpus/ (plus N synthetic reports from bench.synth, if
asked) in a temporary directory, then for each server configuration
(workers x threads) starts `python -m app.serve` on 127.0.0.1, checks every
URL of the mix answers 200, and runs wrk with 16 connections for 60 s over a
seeded mix of: searches with facets and filters (HTML page and JSON API),
report pages (HTML and JSON) and similar-statement requests. Prints
throughput, latency median/p95 and errors per configuration, and the
recommended configuration (highest throughput among those with zero errors).
See bench/LOAD.md. Only ever targets 127.0.0.1.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
LUA = Path(__file__).resolve().parent / "load.lua"

QUERIES = ["", "公开", "政府信息公开", "依申请公开", "行政复议", "主动公开", "培训", "平台", "政务新媒体",
           "存在问题", "网站 更新", "\"政府信息公开工作\"", "年度报告", "答复", "公开指南"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(index_dir: Path, corpus_dir: Path, port: int, workers: int = 2, threads: int = 4, log=subprocess.DEVNULL) -> subprocess.Popen:
    """`python -m app.serve` on 127.0.0.1:port in its own process group."""
    env = dict(os.environ, NIANBAO_HOST=HOST, NIANBAO_PORT=str(port), NIANBAO_INDEX_DIR=str(index_dir),
               NIANBAO_CORPUS_DIR=str(corpus_dir), NIANBAO_WORKERS=str(workers), NIANBAO_THREADS=str(threads))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen([sys.executable, "-m", "app.serve"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)


def get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    """(status, body) of GET http://127.0.0.1:port/path; HTTP errors are statuses, not exceptions."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_ready(proc: subprocess.Popen, port: int, timeout: float = 90) -> None:
    """Until the server answers `/api/search` with 200; raises RuntimeError if it dies or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering")
        try:
            if get(port, "/api/search?q=", timeout=10)[0] == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server on port {port} not ready after {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group (gunicorn shuts down gracefully), SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def build_index(corpus_dir: Path, index_dir: Path) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus_dir), "--index", str(index_dir)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.monotonic() - started


def url_mix(index_dir: Path, count: int = 600, seed: int = 16) -> list[str]:
    """A seeded list of request paths: ~50% searches (half with facet filters;
    HTML and JSON), ~25% report pages, ~25% similar statements."""
    from indexer.search import Archive

    archive = Archive(index_dir)
    reports = sorted(r.id for r in archive.reports())
    problems = sorted(p.id for p in archive.all_problems())
    facets = {f: [v.value for v in archive.facet_values(f)][:20] for f in ("agency", "year", "category", "region", "level")}
    rnd = random.Random(seed)
    paths = []
    for _ in range(count):
        roll = rnd.random()
        if roll < 0.5 or not reports:
            params = {"q": rnd.choice(QUERIES)}
            for field in rnd.sample(sorted(facets), k=rnd.choice([0, 1, 1, 2])):
                if facets[field]:
                    params[field] = rnd.choice(facets[field])
            if rnd.random() < 0.2:
                params["kind"] = "problem"
            if rnd.random() < 0.1:
                params["page"] = "2"
            base = "/api/search" if rnd.random() < 0.5 else "/"
            paths.append(f"{base}?{urlencode(params)}")
        elif roll < 0.75 or not problems:
            rid = quote(rnd.choice(reports))
            paths.append(f"/api/reports/{rid}" if rnd.random() < 0.3 else f"/reports/{rid}")
        else:
            pid = quote(rnd.choice(problems))
            paths.append(f"/api/problems/{pid}/similar" if rnd.random() < 0.6 else f"/problems/{pid}")
    return paths


def ensure_wrk() -> str:
    """The wrk binary; installs Debian's package when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("error: wrk is not installed (Debian: apt-get install -y wrk)")
    return found


def run_wrk(wrk: str, port: int, paths_file: Path, seconds: int, connections: int, threads: int = 2) -> dict:
    proc = subprocess.run([wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(LUA),
                           f"http://{HOST}:{port}", "--", str(paths_file)], capture_output=True, text=True, check=True)
    line = [l for l in proc.stdout.splitlines() if l.startswith("{")][-1]
    return json.loads(line)


def measure(config: tuple[int, int], index_dir: Path, corpus_dir: Path, paths: list[str], paths_file: Path,
            wrk: str, seconds: int, connections: int, log_dir: Path) -> dict:
    workers, threads = config
    port = free_port()
    with open(log_dir / f"server-{workers}x{threads}.log", "wb") as log:
        proc = start_server(index_dir, corpus_dir, port, workers, threads, log)
        try:
            wait_ready(proc, port)
            bad = {p: s for p in sorted(set(paths)) if (s := get(port, p)[0]) != 200}
            if bad:
                raise RuntimeError(f"paths not answering 200 before the load: {dict(list(bad.items())[:5])}")
            run_wrk(wrk, port, paths_file, 5, connections)  # warm-up: imports, caches, jieba
            load_before = os.getloadavg()[0]
            result = run_wrk(wrk, port, paths_file, seconds, connections)
            # Other work on the machine skews every figure: record how busy it was.
            result["loadavg_1min"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
            result["single_client_ms"] = latency_by_kind(port, paths)
        finally:
            stop_server(proc)
    result["config"] = f"{workers}x{threads}"
    result["error_total"] = sum(result["errors"].values())
    return result


def path_kind(path: str) -> str:
    """The request kind a path belongs to, for the per-kind latency figures."""
    if path.startswith("/api/search"):
        return "search (JSON)"
    if path.startswith("/?"):
        return "search (page)"
    if path.startswith("/api/reports/"):
        return "report (JSON)"
    if path.startswith("/reports/"):
        return "report (page)"
    if path.endswith("/similar"):
        return "similar (JSON)"
    return "problem + similar (page)"


def latency_by_kind(port: int, paths: list[str], per_kind: int = 15) -> dict[str, float]:
    """Median ms of one client, no concurrency, per request kind: where the time goes."""
    by_kind: dict[str, list[str]] = {}
    for p in paths:
        by_kind.setdefault(path_kind(p), []).append(p)
    out = {}
    for kind, items in sorted(by_kind.items()):
        times = []
        for p in items[:per_kind]:
            started = time.perf_counter()
            get(port, p)
            times.append((time.perf_counter() - started) * 1000)
        out[kind] = round(sorted(times)[len(times) // 2], 1)
    return out


def recommend(results: list[dict]) -> dict | None:
    clean = [r for r in results if r["error_total"] == 0]
    return max(clean, key=lambda r: (r["rps"], -r["latency_ms"]["p95"]), default=None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", default="2x4,3x2,4x1", help="workers x threads, comma-separated")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--synthetic", type=int, default=0, help="add N synthetic reports (bench.synth) to the corpus copy")
    parser.add_argument("--index", type=Path, help="use this built index instead of building one")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    configs = [tuple(int(n) for n in c.split("x")) for c in args.configs.split(",")]
    wrk = ensure_wrk()

    with tempfile.TemporaryDirectory(prefix="nianbao-load-") as tmp:
        work = Path(tmp)
        corpus = args.corpus
        index = args.index
        if index is None:
            corpus = work / "corpus"
            shutil.copytree(args.corpus, corpus, copy_function=shutil.copyfile)
            if args.synthetic:
                from bench.synth import generate

                generate(corpus, args.synthetic, seed=16)
            index = work / "index"
            print(f"building index of {corpus} ... {build_index(corpus, index):.1f} s", flush=True)
        paths = url_mix(index)
        paths_file = work / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        print(f"{len(paths)} request paths ({len(set(paths))} distinct); {args.connections} connections x {args.duration} s", flush=True)
        results = []
        for config in configs:
            r = measure(config, index, corpus, paths, paths_file, wrk, args.duration, args.connections, work)
            results.append(r)
            print(f"{r['config']:>5}  {r['requests']:7d} req  {r['rps']:7.1f} req/s  median {r['latency_ms']['p50']:7.1f} ms"
                  f"  p95 {r['latency_ms']['p95']:7.1f} ms  p99 {r['latency_ms']['p99']:7.1f} ms  errors {r['errors']}", flush=True)
            print(f"       one client, median ms by kind: {r['single_client_ms']}; load average before/after: {r['loadavg_1min']}", flush=True)
    best = recommend(results)
    print(f"recommended: {best['config'] if best else 'none (every configuration had errors)'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"results": results, "recommended": best and best["config"],
                                         "duration": args.duration, "connections": args.connections,
                                         "synthetic": args.synthetic}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if best and all(r["error_total"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
