"""Slow and idle clients against the production server, on loopback only.

`SlowClients` holds N connections to 127.0.0.1:port: half send a request's
headers one byte at a time (a slowloris), half connect and send nothing. A
connection the server closes is opened again at once, so N are held for the
whole time. Meanwhile a probe makes ordinary requests one after another and
records each one's latency.

    .venv/bin/python -m bench.slowclients                       # 200 clients, 60 s, our gevent workers
    .venv/bin/python -m bench.slowclients --worker-class sync   # the old sync workers, for comparison
    .venv/bin/python -m bench.slowclients --clients 200 --hold 60 --json out.json

It prints the probe's latencies (median, p95, max), how many probes failed
or took more than 1 s, how often the server closed a slow connection, and
the machine's load average. `tests/test_slow_clients.py` runs the same
thing, short, as a test.
"""
from __future__ import annotations

import argparse
import json
import os
import selectors
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
from pathlib import Path

from bench.load import HOST, ROOT, build_index, free_port, get, start_server, stop_server, wait_ready

PROBE_PATHS = ("/api/search?q=%E5%85%AC%E5%BC%80", "/", "/api/search?q=&year=2020", "/trends")
SLOW_REQUEST = b"GET /?q=%E5%85%AC%E5%BC%80 HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: " + b"a" * 4000


class SlowClients:
    """`count` slow/idle connections to 127.0.0.1:`port`, kept open by one thread
    until `stop()`; every `tick` seconds each slow one sends its next byte."""

    def __init__(self, port: int, count: int, tick: float = 1.0):
        self.port, self.count, self.tick = port, count, tick
        self.opened = 0
        self.reopened = 0  # connections the server closed and we opened again
        self.refused = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._socks: dict[socket.socket, int] = {}  # socket -> bytes sent (-1: idle)

    def _open(self, slow: bool) -> None:
        try:
            sock = socket.create_connection((HOST, self.port), timeout=2)
        except OSError:
            self.refused += 1
            return
        sock.setblocking(False)
        self._socks[sock] = 0 if slow else -1
        self.opened += 1

    def __enter__(self) -> "SlowClients":
        for n in range(self.count):
            self._open(slow=n % 2 == 0)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for sock in list(self._socks):
            sock.close()
        self._socks.clear()

    @property
    def held(self) -> int:
        return len(self._socks)

    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        while not self._stop.wait(self.tick):
            closed = []
            for sock, sent in list(self._socks.items()):
                try:
                    if sent >= 0 and sent < len(SLOW_REQUEST):
                        sock.send(SLOW_REQUEST[sent:sent + 1])
                        self._socks[sock] = sent + 1
                    # a closed connection reads b"" (or resets)
                    selector.register(sock, selectors.EVENT_READ)
                    ready = selector.select(0)
                    selector.unregister(sock)
                    if ready and not sock.recv(65536):
                        closed.append(sock)
                except BlockingIOError:
                    pass
                except OSError:
                    closed.append(sock)
            for sock in closed:
                slow = self._socks.pop(sock) >= 0
                sock.close()
                self.reopened += 1
                if not self._stop.is_set():
                    self._open(slow)
        selector.close()


def probe(port: int, seconds: float, pause: float = 0.2, timeout: float = 10.0) -> tuple[list[float], int]:
    """Ordinary GETs one after another for `seconds`: (latencies in s, failures).
    A failure is an error status, a refused connection or a timeout."""
    latencies, failures, n = [], 0, 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path = PROBE_PATHS[n % len(PROBE_PATHS)]
        n += 1
        started = time.monotonic()
        try:
            status, _ = get(port, path, timeout=timeout)
            if status != 200:
                failures += 1
        except (OSError, urllib.error.URLError):
            failures += 1
        latencies.append(time.monotonic() - started)
        time.sleep(pause)
    return latencies, failures


def measure(port: int, clients: int, hold: float) -> dict:
    """Hold `clients` slow connections for `hold` seconds while probing; the figures."""
    with SlowClients(port, clients) as slow:
        time.sleep(min(2.0, hold / 4))  # let them settle in before probing
        latencies, failures = probe(port, hold)
        held = slow.held
    ordered = sorted(latencies)
    return {
        "clients": clients, "hold_s": hold, "held_at_end": held, "opened": slow.opened,
        "closed_by_server": slow.reopened, "refused": slow.refused,
        "probes": len(latencies), "failures": failures,
        "over_1s": sum(1 for t in latencies if t > 1.0),
        "median_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1) if ordered else None,
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slowclients", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--hold", type=float, default=60.0, help="seconds the slow clients are held (default 60)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="gevent", choices=("gevent", "sync", "gthread"))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-slow-") as tmp:
        index = Path(tmp) / "index"
        build_index(ROOT / "corpus", index)
        port = free_port()
        os.environ["NIANBAO_WORKER_CLASS"] = args.worker_class
        proc = start_server(index, ROOT / "corpus", port, workers=args.workers, threads=1)
        try:
            wait_ready(proc, port)
            before = [get(port, PROBE_PATHS[0])[0] for _ in range(5)]
            assert before == [200] * 5, before
            result = measure(port, args.clients, args.hold)
        finally:
            stop_server(proc)
    result.update(worker_class=args.worker_class, workers=args.workers, loadavg=os.getloadavg(),
                  machine=f"{os.cpu_count()} vCPU")
    print(json.dumps(result, ensure_ascii=False))
    print(f"{args.clients} slow/idle clients for {args.hold:.0f} s, {args.workers} {args.worker_class} workers: "
          f"{result['probes']} probes, median {result['median_ms']} ms, p95 {result['p95_ms']} ms, "
          f"max {result['max_ms']} ms, {result['over_1s']} over 1 s, {result['failures']} failed; "
          f"server closed {result['closed_by_server']} slow connections (load average {result['loadavg'][0]:.1f})")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if result["failures"] == 0 and result["over_1s"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
