"""Start and stop local `searchd` processes: shard nodes and an aggregator on loopback.

Used by the tests, the benchmark and `make scale-test`; a production
cluster is laid out as in docs/deploy.md. Each process runs in the
foreground (`--nodetach`) as a child of this one, so it is stopped by its
own process id and never outlives the test that started it.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import IndexUnavailableError
from indexer.search.sphinx.conf import aggregator_config, shard_config

SEARCHD = os.environ.get("NIANBAO_SEARCHD", "searchd")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, log: Path, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise IndexUnavailableError(f"searchd exited ({process.returncode}): {tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise IndexUnavailableError(f"searchd did not listen on 127.0.0.1:{port} within {seconds:.0f} s")


@dataclass
class SearchdNode:
    """One searchd process with its own data folder and configuration."""

    data_dir: Path
    sql_port: int
    api_port: int | None = None  # shard nodes only: where the aggregator reaches it
    config: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.sql_port}"

    def start(self) -> "SearchdNode":
        if self.process is not None and self.process.poll() is None:
            return self
        if shutil.which(SEARCHD) is None:
            raise IndexUnavailableError("searchd is not installed (Debian package sphinxsearch; `make scale-test` installs it)")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "searchd.conf"
        path.write_text(self.config, encoding="utf-8")
        with open(self.data_dir / "stdout.log", "ab") as out:
            self.process = subprocess.Popen([SEARCHD, "--config", str(path), "--nodetach"], stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, cwd=self.data_dir)
        _wait_for(self.sql_port, self.process, self.data_dir / "stdout.log")
        if self.api_port:
            _wait_for(self.api_port, self.process, self.data_dir / "stdout.log")
        return self

    def stop(self, timeout: float = 20.0) -> None:
        """Stop this node (SIGTERM, then SIGKILL after `timeout`): its RT data is flushed and kept."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def kill(self) -> None:
        """Kill this node at once (a machine lost)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


class LocalCluster:
    """`shards` shard nodes and one aggregator on free loopback ports, under `base_dir`.

    Use as a context manager, or call start() and stop(). `connect_ms` is generous: on a
    loaded machine an agent can take hundreds of ms to accept (a down agent is refused at once).
    """

    def __init__(self, base_dir, shards: int = 2, connect_ms: int = 2000):
        base = Path(base_dir).resolve()  # searchd runs in its data folder: paths in its config must be absolute
        self.shards = [SearchdNode(base / f"shard{i}", free_port(), free_port()) for i in range(shards)]
        for node in self.shards:
            node.config = shard_config(str(node.data_dir), node.sql_port, node.api_port)
        agents = [f"127.0.0.1:{node.api_port}" for node in self.shards]
        self.aggregator = SearchdNode(base / "aggregator", free_port())
        self.aggregator.config = aggregator_config(str(self.aggregator.data_dir), self.aggregator.sql_port, agents, connect_ms)

    @property
    def shard_addresses(self) -> list[str]:
        return [node.address for node in self.shards]

    @property
    def search_address(self) -> str:
        return self.aggregator.address

    def start(self) -> "LocalCluster":
        try:
            for node in self.shards + [self.aggregator]:
                node.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for node in [self.aggregator] + self.shards:
            node.stop()

    def __enter__(self) -> "LocalCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
