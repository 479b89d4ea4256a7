"""A damaged index, with real damage: each kind of index file truncated,
deleted and overwritten (issue 13, item 3).

`python -m indexer check` must find it and change nothing; the app must keep
starting and answer 503 "索引损坏" without paths or exception text; `python -m
indexer build` must keep the sound part, index the rest again from the corpus
and say what it did. Also: a failed build's partial files, a first build killed
before it committed, and the merge of segments full of deleted documents.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import indexer.build
import indexer.workers
from bench.load import free_port, get, start_server, stop_server
from indexer.build import build_index
from indexer.errors import IndexDamagedError, IndexUnavailableError
from indexer.search import Archive
from indexer.search.integrity import check_index

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"toc": "_nianbao_*.toc", "segment": "nianbao_*.seg", "checksums": "_nianbao_*.sums", "toc copy": "_nianbao_*.tocbak"}
DAMAGE = ("truncate", "delete", "overwrite")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("integrity")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in sorted((ROOT / "corpus").glob("*.txt"))[:6]:
        shutil.copy(path, corpus / path.name)
    index = root / "index"
    # Several segments whatever the timing: the two workers share one job queue,
    # and on a busy machine a worker forked from a large, warmed-up process can
    # take all 6 reports (~0.5 s) before the other starts, leaving one segment
    # (then no segment "was kept" after damage). Cut segments of 3 reports.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexer.workers, "SEGMENT_REPORTS", 3)
        summary = build_index(corpus, index, procs=2, progress=False)
    assert summary.reports == 6
    segments = check_index(index).segments
    assert len(segments) >= 2, segments
    return {"corpus": corpus, "index": index}


def damaged_copy(built, tmp_path, kind: str, damage: str) -> tuple[Path, Path]:
    index = tmp_path / "index"
    shutil.copytree(built["index"], index)
    target = sorted(index.glob(KINDS[kind]))[0]
    if damage == "truncate":
        os.truncate(target, target.stat().st_size // 2)
    elif damage == "delete":
        target.unlink()
    else:  # same length, other bytes
        target.write_bytes(bytes(b ^ 0x5A for b in target.read_bytes()))
    return index, target


def state(index: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(index.iterdir()) if p.is_file()}


class Ran:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def cli(*args) -> Ran:
    """`python -m indexer ARGS`, run in this process (the same code, without
    a new interpreter's start-up time per call)."""
    import contextlib
    import io

    from indexer.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args) + (["--procs", "1"] if args[0] == "build" else []))
    return Ran(code, out.getvalue(), err.getvalue())


def search_ids(index: Path) -> list[str]:
    return sorted(h.id for h in Archive(index).search("公开", per_page=100, facets=False, highlight=False).hits)


def test_a_fresh_index_is_sound_and_verified(built):
    check = check_index(built["index"])
    assert (check.sound, check.verified, check.damaged, check.unrecorded) == (True, True, {}, [])
    result = cli("check", "--index", str(built["index"]))
    assert result.returncode == 0 and "sound" in result.stdout


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("damage", DAMAGE)
def test_damage_is_found_by_check_and_repaired_by_build(built, tmp_path, kind, damage):
    expected = search_ids(built["index"])
    index, target = damaged_copy(built, tmp_path, kind, damage)
    before = state(index)

    # what a failure message needs: the damaged file and the segments around it
    damaged = f"{damage} {target.name} of segments {check_index(built['index']).segments}"

    result = cli("check", "--index", str(index))
    assert result.returncode == 1, (damaged, result.stdout)  # damaged, or not verifiable
    assert state(index) == before, damaged  # check changes nothing
    if kind in ("toc", "segment"):
        assert "DAMAGED" in result.stdout, (damaged, result.stdout)
        with pytest.raises(IndexDamagedError):  # the reading side refuses before touching the bytes
            search_ids(index)

    build = cli("build", "--corpus", str(built["corpus"]), "--index", str(index), "--quiet")
    said = (damaged, build.stdout, build.stderr)
    assert build.returncode == 0, said
    assert "repaired: " in build.stdout and "Traceback" not in build.stderr, said
    assert "6 reports" in build.stdout, said
    if kind == "segment":  # the other segments were kept: only some reports were read again
        assert "unchanged 0" not in build.stdout and "added 0" not in build.stdout, said
    if kind == "toc":  # restored from its copy: nothing read again
        assert "restored from its copy" in build.stdout and "unchanged 6" in build.stdout, said
    after = cli("check", "--index", str(index))
    assert after.returncode == 0, (damaged, after.stdout)
    assert search_ids(index) == expected, damaged


def test_a_toc_and_its_copy_both_gone_rebuilds_everything(built, tmp_path):
    index, _ = damaged_copy(built, tmp_path, "toc", "overwrite")
    next(index.glob("_nianbao_*.tocbak")).unlink()
    build = cli("build", "--corpus", str(built["corpus"]), "--index", str(index), "--quiet")
    assert build.returncode == 0 and "index cleared" in build.stdout and "added 6" in build.stdout
    assert search_ids(index) == search_ids(built["index"])


@pytest.fixture(scope="module")
def server_on_damaged(built, tmp_path_factory):
    index = tmp_path_factory.mktemp("served") / "index"
    shutil.copytree(built["index"], index)
    segment = sorted(index.glob("nianbao_*.seg"))[0]
    os.truncate(segment, segment.stat().st_size // 3)
    port = free_port()
    log = open(tmp_path_factory.mktemp("log") / "server.log", "w+")
    proc = start_server(index, built["corpus"], port, workers=2, threads=1, log=log)
    try:
        yield port, index, proc, log
    finally:
        stop_server(proc)
        log.close()


def wait_for(port: int, path: str, proc, log=None) -> tuple[int, bytes]:
    import time
    import urllib.error

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            if log is not None:
                log.seek(0)
            raise AssertionError(f"the server exited ({proc.returncode}): {log.read()[-3000:] if log else ''}")
        try:
            return get(port, path, timeout=10)
        except (OSError, urllib.error.URLError):
            time.sleep(0.25)
    raise AssertionError("server never answered")


def test_the_server_starts_on_a_damaged_index_and_says_so(server_on_damaged, built):
    port, index, proc, log = server_on_damaged
    status, body = wait_for(port, "/", proc, log)
    page = body.decode("utf-8")
    assert status == 503 and "索引损坏" in page and "python -m indexer build" in page
    for path in ("/api/search?q=公开", "/api/reports/songbei-qu-2020", "/trends"):
        status, body = get(port, path.replace("公开", "%E5%85%AC%E5%BC%80"))
        assert status == 503
        text = body.decode("utf-8")
        assert "索引损坏" in text
        assert str(index) not in text and str(built["index"].parent) not in text
        assert "Error" not in text and "Traceback" not in text and ".seg" not in text
    assert proc.poll() is None  # still serving

    # repaired while the server runs: it serves the new generation, no restart
    build = cli("build", "--corpus", str(built["corpus"]), "--index", str(index), "--quiet")
    assert build.returncode == 0 and "repaired: segment" in build.stdout
    status, body = get(port, "/api/search?q=%E5%85%AC%E5%BC%80")
    assert status == 200


def test_a_failed_build_leaves_no_partial_files(built, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(built["corpus"], corpus)
    index = tmp_path / "index"
    shutil.copytree(built["index"], index)
    (corpus / "new-report-2021.txt").write_text((built["corpus"] / sorted(os.listdir(built["corpus"]))[0]).read_text(encoding="utf-8") + "\n补充。", encoding="utf-8")
    before = state(index)
    import indexer.search.store as store

    real = store.commit_segments

    def disk_full(writer, segments):
        raise OSError(28, "No space left on device")

    store.commit_segments = disk_full
    import indexer.build as build_module
    build_module.commit_segments = disk_full
    try:
        with pytest.raises(IndexUnavailableError):
            build_index(corpus, index, procs=2, progress=False)
    finally:
        store.commit_segments = real
        build_module.commit_segments = real
    after = state(index)
    assert set(after) - {"nianbao_WRITELOCK", "build.lock"} == set(before) - {"nianbao_WRITELOCK", "build.lock"}
    assert all(after[name] == before[name] for name in before if name.endswith((".seg", ".toc")))


def test_a_first_build_killed_before_its_commit_is_no_index_yet(built, tmp_path):
    import signal
    import time

    index = tmp_path / "index"
    env = dict(os.environ, NIANBAO_BUILD_TEST_DELAY="5")
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--corpus", str(built["corpus"]), "--index", str(index),
                             "--quiet", "--procs", "1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(index.glob("_nianbao_*.toc")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    with pytest.raises(IndexUnavailableError) as caught:
        Archive(index)
    assert not isinstance(caught.value, IndexDamagedError)
    assert "no index" in str(caught.value)
    from app import create_app

    client = create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(built["corpus"])}).test_client()
    response = client.get("/")
    assert response.status_code == 503 and "索引尚未建立" in response.get_data(as_text=True)
    assert "0 份" not in response.get_data(as_text=True)


def test_segments_full_of_replaced_documents_are_merged(built, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(built["corpus"], corpus)
    index = tmp_path / "index"
    build_index(corpus, index, procs=2, progress=False)
    names = sorted(os.listdir(corpus))[:4]
    texts = {name: (corpus / name).read_text(encoding="utf-8") for name in names}
    from whoosh.index import open_dir

    for round_ in range(15):  # 15 incremental builds, each replacing 1 to 4 reports
        for name in names[:1 + round_ % 4]:
            (corpus / name).write_text(texts[name] + f"\n第{round_}次修订。", encoding="utf-8")
        build_index(corpus, index, procs=1, progress=False)
    ix = open_dir(str(index), indexname="nianbao")
    stored, live = ix.doc_count_all(), ix.doc_count()
    assert stored <= 1.4 * live, (stored, live)
    assert search_ids(index) == search_ids(built["index"])


def test_segments_truncated_under_a_running_server(built, tmp_path):
    # A worker reading a truncated mapped file dies of SIGBUS; gunicorn starts
    # another, which finds the damage before mapping anything and says so.
    import collections
    import time
    import urllib.error

    index = tmp_path / "index"
    shutil.copytree(built["index"], index)
    port = free_port()
    proc = start_server(index, built["corpus"], port, workers=2, threads=1)
    try:
        wait_for(port, "/", proc)
        paths = ["/api/search?q=%E5%85%AC%E5%BC%80", "/", "/trends", "/api/reports/songbei-qu-2020"]
        assert [get(port, p)[0] for p in paths] == [200] * 4
        for segment in index.glob("nianbao_*.seg"):
            os.truncate(segment, segment.stat().st_size // 3)
        seen = collections.Counter()
        for n in range(24):
            try:
                seen[get(port, paths[n % 4], timeout=15)[0]] += 1
            except (OSError, urllib.error.URLError):
                seen["dropped"] += 1  # in flight on the worker that died
            time.sleep(0.05)
        assert proc.poll() is None  # the server never went down
        assert seen[503] >= 18 and set(seen) <= {503, "dropped"}, seen
        assert [get(port, p)[0] for p in paths] == [503] * 4
    finally:
        stop_server(proc)


def test_answers_kept_in_memory_are_not_served_once_files_change(built, tmp_path):
    # A report read once is kept in memory; after its segment is truncated the
    # archive says the index is damaged rather than answer from what it kept.
    index = tmp_path / "index"
    shutil.copytree(built["index"], index)
    archive = Archive(index)
    first = archive.search("公开", per_page=1).hits[0].report_id
    assert archive.report(first).id == first
    segment = next(index.glob("nianbao_*.seg"))
    os.truncate(segment, segment.stat().st_size - 1)
    with pytest.raises(IndexDamagedError) as caught:
        archive.report(first)
    assert segment.name in str(caught.value)


def test_the_term_cache_grows_with_the_segments_within_its_bounds(monkeypatch):
    from indexer.search.generation import CACHE_ENV, term_cache_mb

    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert term_cache_mb(10 * 2**20) == 192  # a small archive: the floor
    assert term_cache_mb(1900 * 2**20) == 760  # 100k synthetic reports: 40 % of the segments
    assert term_cache_mb(50 * 2**30) == 1024  # the ceiling
    monkeypatch.setenv(CACHE_ENV, "64")
    assert term_cache_mb(1900 * 2**20) == 64
    monkeypatch.setenv(CACHE_ENV, "lots")  # not a number: the default
    assert term_cache_mb(1900 * 2**20) == 760
