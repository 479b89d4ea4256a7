"""`python -m indexer fetch` as a person runs it: against the loopback
fixture portal, progress lines on stderr, what was stored and skipped on
stdout, then the incremental build."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

pytest_plugins = ["fetch_fixtures"]

ROOT = Path(__file__).resolve().parent.parent


def _fetch(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIANBAO_")}
    return subprocess.run([sys.executable, "-m", "indexer", "fetch", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_fetch_a_report_page_then_build(portal, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    done = _fetch(portal.url("/gknb/2015/art_103.html"), portal.url("/private/art_109.html"), "--corpus", str(corpus),
                  "--index", str(index), "--allow-loopback", "--delay", "0.01")
    assert done.returncode == 0, done.stderr
    folder = "fetched/" + portal.base.removeprefix("http://").replace(":", "-")
    assert done.stdout.splitlines()[:3] == [
        f"fetch into {corpus}: pages 1 · reports 1 · downloaded 1 · stored 1 · skipped 1 (robots.txt 1)",
        f"  stored: {folder}/files-nanxun-2014.docx (v1) ← {portal.url('/files/nanxun-2014.docx')} · 发布日期 2015-03-20",
        f"  skipped: {portal.url('/private/art_109.html')}: robots.txt — robots.txt 禁止抓取 disallowed by robots.txt: "
        f"{portal.url('/private/art_109.html')}",
    ]
    assert f"index {index}: 1 reports" in done.stdout and f"  added: {folder}/files-nanxun-2014.docx" in done.stdout
    progress = [line for line in done.stderr.splitlines() if line.startswith("fetch: ")]
    assert progress[-1].startswith("fetch: pages 1 · reports 1 · downloaded 1 · stored 1 · skipped 1 (robots.txt 1) | skipped ")


def test_loopback_without_the_option_fetches_nothing(portal, tmp_path):
    done = _fetch(portal.url("/gknb/index.html"), "--corpus", str(tmp_path / "corpus"), "--no-build", "--quiet")
    assert done.returncode == 1
    assert "skipped: " + portal.url("/gknb/index.html") + ": non-public address" in done.stdout
    assert sum(portal.hits.values()) == 0 and done.stderr == ""


def test_a_busy_corpus_is_a_clear_error(portal, tmp_path):
    import fcntl

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(corpus / ".fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = _fetch(portal.url("/gknb/index.html"), "--corpus", str(corpus), "--allow-loopback", "--no-build", "--quiet")
    assert (done.returncode, done.stderr.strip()) == (2, f"error: 另一个抓取正在写入 another fetch is writing {corpus}; try again later")
