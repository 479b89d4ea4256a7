"""The production server answers every request while the index is rebuilt.

Issue 6: "The web app serves without a single error while a rebuild runs."
A real gunicorn server (`python -m app.serve`, loopback, a temporary index)
is hammered by client threads with searches with facets, report pages and
similar-statement requests, while `python -m indexer build` rebuilds the
index after files were changed, added and removed. Every response must be
200; afterwards the server shows the new state.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
import urllib.error
from collections import Counter
from pathlib import Path

from bench.load import free_port, get, start_server, stop_server, url_mix, wait_ready

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEXT_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))
CLIENTS = 4


def build(corpus: Path, index: Path, delay: float = 0.0) -> subprocess.CompletedProcess:
    env = None
    if delay:
        import os

        # The build's own test hook: pause after each report written, so the
        # rebuild overlaps many requests on a corpus this small.
        env = dict(os.environ, NIANBAO_BUILD_TEST_DELAY=str(delay))
    return subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


class Clients:
    """Threads requesting `paths` round-robin until stopped; every status and
    exception is counted, with the moment it happened."""

    def __init__(self, port: int, paths: list[str]):
        self.port, self.paths = port, paths
        self.stop = threading.Event()
        self.statuses: Counter = Counter()
        self.failures: list[tuple[str, str]] = []
        self.times: list[float] = []
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(CLIENTS)]

    def _run(self, n: int) -> None:
        i = n
        while not self.stop.is_set():
            path = self.paths[i % len(self.paths)]
            i += CLIENTS
            try:
                status, _ = get(self.port, path, timeout=30)
                problem = None if status == 200 else f"status {status}"
            except (OSError, urllib.error.URLError) as exc:
                status, problem = 0, f"{type(exc).__name__}: {exc}"
            with self._lock:
                self.statuses[status] += 1
                self.times.append(time.monotonic())
                if problem:
                    self.failures.append((path, problem))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def test_server_answers_every_request_during_a_rebuild(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for p in TEXT_FILES[:6]:
        shutil.copyfile(p, corpus / p.name)
    assert build(corpus, index).returncode == 0

    removed, changed = TEXT_FILES[5], TEXT_FILES[0]
    removed_id, changed_id = removed.stem, changed.stem
    # Pages of the removed report are meant to vanish; the changed report's
    # problem ids may be renumbered. Everything else must keep answering 200.
    paths = [p for p in url_mix(index, count=120, seed=7) if removed_id not in p and f"{changed_id}-p" not in p]
    assert len(paths) > 50

    port = free_port()
    with open(tmp_path / "server.log", "wb") as log:
        server = start_server(index, corpus, port, workers=2, threads=4, log=log)  # app.serve defaults
        try:
            wait_ready(server, port)
            before_total = _search_total(port)

            (corpus / removed.name).unlink()
            (corpus / changed.name).write_text(changed.read_text(encoding="utf-8") + "\n附：本报告电子版可在门户网站下载。\n", encoding="utf-8")
            for p in TEXT_FILES[6:9]:
                shutil.copyfile(p, corpus / p.name)

            with Clients(port, paths) as clients:
                time.sleep(1.0)
                started = time.monotonic()
                rebuild = build(corpus, index, delay=0.5)
                finished = time.monotonic()
                time.sleep(1.0)

            during = sum(started <= t <= finished for t in clients.times)
            log_tail = (tmp_path / "server.log").read_text(errors="replace")[-3000:]
            assert rebuild.returncode == 0, rebuild.stderr
            assert clients.failures == [], f"{clients.failures[:10]}\n{log_tail}"
            assert set(clients.statuses) == {200}
            assert during >= 20, f"only {during} requests overlapped the {finished - started:.1f} s rebuild"
            print(f"requests: {sum(clients.statuses.values())} total, {during} during the {finished - started:.1f} s rebuild, 0 errors")

            # The server moves on to the new committed state by itself.
            expected_total = before_total - 1 + 3
            deadline = time.monotonic() + 10
            while _search_total(port) != expected_total and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _search_total(port) == expected_total
            assert get(port, f"/reports/{TEXT_FILES[6].stem}")[0] == 200
        finally:
            stop_server(server)


def _search_total(port: int) -> int:
    import json

    status, body = get(port, "/api/search?q=&kind=report")
    assert status == 200, body[:500]
    return json.loads(body)["total"]
