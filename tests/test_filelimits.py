"""Per-file limits in the build (issue 13, item 6), on real files.

`indexer.filelimits` stops a file's work when it goes over its CPU time or
memory (the kernel enforces both); the build skips that file with its reason
and indexes the rest. A report is indexed with at most 300 problem
statements and a warning; a long PDF that is plainly not a report is refused
after its first pages. `python -m bench.pathological` prints what the four
files of the issue cost at full size.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

import indexer.build as build_module
import indexer.workers as workers_module
from bench.pathological import many_pages_pdf, repeated_headings, siblings_html
from indexer.build import MAX_PROBLEMS, build_index
from indexer.errors import FileTooCostlyError, ReadError
from indexer.filelimits import file_limits
from indexer.readers import read_document
from indexer.search import Archive

ROOT = Path(__file__).resolve().parent.parent


def test_cpu_time_over_the_limit_stops_the_work():
    started = time.monotonic()
    with pytest.raises(FileTooCostlyError, match="处理超时"):
        with file_limits(seconds=0.5, memory=10**9):
            while True:
                pass
    assert time.monotonic() - started < 30  # stopped, not run to the end (generous: the machine is shared)


def test_memory_over_the_limit_stops_the_work_and_is_given_back():
    with pytest.raises(FileTooCostlyError, match="内存超限"):
        with file_limits(seconds=30, memory=100_000_000):
            hog = bytearray(400_000_000)
            hog[-1] = 1
    again = bytearray(400_000_000)  # the limit is lifted once the file is done
    assert len(again) == 400_000_000


def test_a_long_pdf_that_is_no_report_is_refused_after_its_first_pages(tmp_path):
    path = tmp_path / "pages.pdf"
    many_pages_pdf(path, pages=300)
    with pytest.raises(ReadError, match="refused early"):
        read_document(path)


@pytest.fixture
def hostile_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("songbei-qu-2020.txt", "xianfenglu-jiedao-2019.txt"):
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    repeated_headings(corpus / "many-problems-2020.txt", size=80_000)  # ~1,000 numbered problems
    repeated_headings(corpus / "endless-headings-2020.txt", size=8_000_000)  # ~4 s of CPU
    siblings_html(corpus / "siblings-2020.html", count=200_000)
    many_pages_pdf(corpus / "pages-2020.pdf", pages=200)
    return corpus


def test_the_build_skips_costly_files_with_their_reason_and_indexes_the_rest(hostile_corpus, tmp_path, monkeypatch):
    # the same limits, tighter, so that the test stays short
    monkeypatch.setattr(build_module, "FILE_SECONDS", 1.0)
    monkeypatch.setattr(build_module, "FILE_MEMORY", 100_000_000)
    index = tmp_path / "index"
    summary = build_index(hostile_corpus, index, procs=2, progress=False)
    assert summary.added == ["many-problems-2020.txt", "songbei-qu-2020.txt", "xianfenglu-jiedao-2019.txt"]
    reasons = dict(summary.skipped)
    assert set(reasons) == {"endless-headings-2020.txt", "siblings-2020.html", "pages-2020.pdf"}
    assert "refused early" in reasons["pages-2020.pdf"]
    for name in ("endless-headings-2020.txt", "siblings-2020.html"):
        assert reasons[name].startswith(("处理超时", "内存超限")), reasons[name]

    stored = Archive(index).report("many-problems-2020")
    assert len(stored.problem_ids) == MAX_PROBLEMS == 300
    assert any(w.startswith("problem statements capped:") and "300" in w for w in stored.report.warnings)


def test_a_worker_stuck_where_no_signal_reaches_is_killed_and_costs_one_file(tmp_path, monkeypatch):
    # The hook blocks the limits' signals and hangs, as work inside C code would.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[:6]
    for name in names:
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    stuck = names[-1]  # its worker has most likely prepared others before, not yet in a segment
    monkeypatch.setenv(workers_module.HANG_ENV, stuck)
    # long enough that a sound file never reaches it on a loaded machine (at load 20 a
    # 3 s backstop once killed a worker preparing an ordinary report), short for the test
    monkeypatch.setattr(workers_module, "WORKER_WALL_SECONDS", 15.0)
    index = tmp_path / "index"
    started = time.monotonic()
    summary = build_index(corpus, index, procs=2, progress=False)
    assert time.monotonic() - started < 120
    assert summary.added == sorted(set(names) - {stuck})  # each once, none lost with the killed worker
    assert [rel for rel, _ in summary.skipped] == [stuck]
    assert "工作进程被终止" in summary.skipped[0][1]
    archive = Archive(index)
    assert archive.stats()["reports"] == len(names) - 1
