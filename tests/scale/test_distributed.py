"""The Dask build: records prepared on a real scheduler + 2 workers are the same, by hash, as local ones."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import asdict
from datetime import datetime, timezone

from indexer.corpus import scan_corpus
from indexer.distributed import outcomes
from indexer.search import Archive, build_index
from indexer.search.sphinx import SphinxArchive
from indexer.search.sphinx.rows import prepare, record_hash

from tests.scale.conftest import REPO


def stored_hashes(archive) -> dict[str, str]:
    """Each stored report and problem statement -> sha256 of what it holds (not when it was indexed)."""
    out = {}
    for stored in archive.reports():
        body = [stored.report.to_dict(), stored.categories, stored.problem_ids, stored.content_hash, stored.file]
        out[stored.id] = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
        for problem_id in stored.problem_ids:
            problem = asdict(archive.problem(problem_id))
            problem.pop("score")
            out[problem_id] = hashlib.sha256(json.dumps(problem, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return out


def test_the_dask_build_of_the_embedded_index_holds_hash_identical_records(contract_corpus, dask_scheduler, tmp_path):
    local = build_index(contract_corpus, tmp_path / "local", procs=1, progress=False)
    remote = build_index(contract_corpus, tmp_path / "dask", progress=False, dask=dask_scheduler)
    assert remote.added == local.added and remote.reports == local.reports > 15 and remote.problems == local.problems
    hashes = stored_hashes(Archive(tmp_path / "dask"))
    assert hashes == stored_hashes(Archive(tmp_path / "local"))
    assert len(hashes) == local.reports + local.problems


def test_records_made_on_the_workers_hash_like_local_ones(contract_corpus, dask_scheduler):
    entries, _ = scan_corpus(contract_corpus)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    tasks = [(entry, now) for entry in entries]
    here = {r[2]: record_hash(r[4]) for r in map(prepare, tasks) if r[0] == "ok"}
    there = {r[2]: record_hash(r[4]) for r in outcomes(tasks, dask_scheduler, prepare, batch=3) if r[0] == "ok"}
    assert there == here and len(here) == len(entries)


def test_the_command_line_builds_either_backend_on_dask(contract_corpus, dask_scheduler, own_cluster, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("NIANBAO_BACKEND", None)
    whoosh = subprocess.run([sys.executable, "-m", "indexer", "build", "--dask", dask_scheduler, "--corpus", str(contract_corpus),
                             "--index", str(tmp_path / "index"), "--quiet"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert whoosh.returncode == 0, whoosh.stderr
    sphinx_env = {**env, "NIANBAO_BACKEND": "sphinx", "NIANBAO_SPHINX_SHARDS": ",".join(own_cluster.shard_addresses)}
    sphinx = subprocess.run([sys.executable, "-m", "indexer", "build", "--dask", dask_scheduler, "--corpus", str(contract_corpus)],
                            cwd=tmp_path, env=sphinx_env, capture_output=True, text=True, timeout=600)
    assert sphinx.returncode == 0, sphinx.stderr
    embedded, cluster = Archive(tmp_path / "index"), SphinxArchive(own_cluster.search_address)
    assert cluster.stats()["reports"] == embedded.stats()["reports"] > 15
    # across backends: the same records, organ identity (the build's identity step) included
    hashes = stored_hashes(cluster)
    assert hashes == stored_hashes(embedded) and len(hashes) == cluster.stats()["documents"]
