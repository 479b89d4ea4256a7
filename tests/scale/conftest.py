"""The distributed suite (`make scale-test`): real searchd shard nodes + aggregator, a real
Dask scheduler + 2 workers, all on free loopback ports, all stopped by the tests.

`contract_corpus` is the real corpus plus three crafted reports whose text holds
the strings the matching contract is about (mixed runs, punctuation between
Han runs, a statement copied verbatim across agencies).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.search import Archive, build_index
from indexer.search.sphinx import LocalCluster, SphinxArchive, build_sphinx

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"
SHARED = "政务新媒体账号更新不及时，部分栏目长期未更新。"


def crafted(agency: str, year: int, first: str, extra_problem: str = "") -> str:
    return f"""{agency}{year}年政府信息公开工作年度报告

一、总体情况
{year}年，{agency}{first}

二、主动公开政府信息情况
本年主动公开政府信息120条。

三、收到和处理政府信息公开申请情况
本年收到依申请公开3件，均按期答复。

四、政府信息公开行政复议、行政诉讼情况
无。

五、存在的主要问题及改进情况
（一）存在问题
1.{SHARED}
2.政策解读形式较为单一。{extra_problem}
（二）改进情况
加强培训。

六、其他需要报告的事项
无。
"""


CRAFTED = {
    "ceshi-qu-2022.txt": crafted("测试区人民政府", 2022, "开通拨打12345热线反映诉求渠道，推进政务。公开栏目建设，上线政务APP，<script>alert(1)</script>。",
                                  "\n3.政务微博点击量偏低。"),
    "ceshi-zhen-2021.txt": crafted("测试镇人民政府", 2021, "在政务公开专区提供服务，群众可拨打12345 热线或使用WebAPP。", "\n3.网站建设滞后。"),
    "yanshi-ju-2023.txt": crafted("演示市教育局", 2023, "推进政务公开标准化规范化，2020年以来持续开展。"),
}


@pytest.fixture(scope="session")
def contract_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("contract") / "corpus"
    shutil.copytree(CORPUS, corpus)
    for name, text in CRAFTED.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


@pytest.fixture(scope="session")
def whoosh_archive(contract_corpus, tmp_path_factory) -> Archive:
    index = tmp_path_factory.mktemp("whoosh") / "index"
    summary = build_index(contract_corpus, index, progress=False)
    assert not summary.skipped, summary.skipped
    return Archive(index)


@pytest.fixture(scope="session")
def sphinx_cluster(contract_corpus, tmp_path_factory):
    """Two shard nodes and an aggregator holding the contract corpus (never changed by a test)."""
    cluster = LocalCluster(tmp_path_factory.mktemp("sphinx"), shards=2).start()
    try:
        summary = build_sphinx(contract_corpus, cluster.shard_addresses, procs=1)
        assert not summary.skipped, summary.skipped
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def sphinx_archive(sphinx_cluster) -> SphinxArchive:
    return SphinxArchive(sphinx_cluster.search_address)


@pytest.fixture(params=["whoosh", "sphinx"])
def backend(request):
    """(name, archive): the contract tests run once per backend."""
    return request.param, request.getfixturevalue(f"{request.param}_archive")


@pytest.fixture
def own_cluster(tmp_path):
    """A cluster of its own, for the tests that change or break it."""
    cluster = LocalCluster(tmp_path / "sphinx", shards=2).start()
    try:
        yield cluster
    finally:
        cluster.stop()


REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="session")
def dask_scheduler(tmp_path_factory):
    """A real Dask scheduler and 2 single-threaded workers on loopback; yields the scheduler address."""
    import os
    import subprocess
    import sys

    from distributed import Client

    from indexer.search.sphinx.nodes import free_port

    work = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    common = dict(cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(work / "dask.log", "ab"))
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                   "--port", address.rsplit(":", 1)[1], "--no-dashboard"], **common)]
    try:
        for number in range(2):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--no-nanny", "--nthreads", "1",
                 "--host", "127.0.0.1", "--no-dashboard", "--name", f"worker-{number}",
                 "--local-directory", str(work / f"worker-{number}")], **common))
        with Client(address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
