"""The build's timeline: every step with its wall, CPU and memory."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from indexer.build import build_index
from indexer.timeline import Step, Timeline, descendants, tree_cpu_seconds, tree_pss_mb

REPO = Path(__file__).resolve().parent.parent
FILES = ["songbei-qu-2020.txt", "pingfang-youxie-jiedao-2020.txt", "tongling-jiaoqu-xiang-2017.txt"]


def test_a_build_times_each_of_its_steps(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in FILES:
        shutil.copy2(REPO / "corpus" / name, corpus / name)
    summary = build_index(corpus, tmp_path / "index", procs=2, progress=False, sample_memory=0.05)
    steps = [Step(**s) for s in summary.steps]
    assert [s.name for s in steps] == ["scan", "workers", "commit", "identity", "copies", "count", "vectors"]
    assert all(s.seconds >= 0 and s.cpu_seconds >= 0 and s.pss_mb > 0 and s.peak_pss_mb >= s.pss_mb for s in steps)
    assert all(a.started <= b.started for a, b in zip(steps, steps[1:]))
    workers = steps[1]
    assert workers.cpu_seconds > workers.parent_cpu_seconds  # the workers' CPU is the tree's, not the parent's
    assert sum(s.seconds for s in steps) <= summary.seconds + 0.1


def test_the_tree_counts_its_children(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "import time; x = b'x' * (64 << 20); time.sleep(30)"])
    try:
        while child.pid not in descendants(os.getpid()):
            time.sleep(0.01)
        timeline = Timeline()
        with timeline.step("child"):
            deadline = time.monotonic() + 20
            while tree_pss_mb(os.getpid()) < 60 and time.monotonic() < deadline:
                time.sleep(0.05)
        assert timeline.steps[0].pss_mb >= 60  # its 64 MB are in the tree's PSS
        assert tree_cpu_seconds() > 0
    finally:
        child.kill()
        child.wait()


def test_a_reading_of_the_pss_is_skipped_only_when_the_tree_cannot_have_passed_its_peak():
    from indexer.timeline import _PAGE_MB, _within

    then = {1: (1000, 50_000), 2: (10, 40_000)}
    pages = int(10 / _PAGE_MB)  # 10 MB of pages
    assert _within((500.0, then), then, 500.0)  # nothing touched since
    assert _within((480.0, then), {1: (1000 + pages, 50_000), 2: (10, 40_000)}, 490.0)  # 10 MB of faults: 490
    assert not _within((480.0, then), {1: (1000 + pages + 1, 50_000), 2: (10, 40_000)}, 490.0)
    # faults in either process count; so do pages more resident without a fault each (huge pages, read ahead)
    assert not _within((480.0, then), {1: (1000, 50_000), 2: (10 + pages // 2, 40_000 + pages // 2 + 1)}, 490.0)
    assert _within((480.0, then), {1: (1000, 50_000 - pages), 2: (10 + pages, 40_000)}, 490.0)  # less resident: no credit
    assert not _within((480.0, then), {1: (1000, 50_000), 2: (10, 40_000), 3: (0, 40_000)}, 10_000.0)  # a new process
    assert not _within((480.0, then), {1: (1000, 50_000)}, 400.0)  # one ended: read again


def test_the_sampler_reads_a_new_peak_and_says_what_it_cost(tmp_path):
    timeline = Timeline(sample=0.02)
    try:
        with timeline.step("grow"):
            time.sleep(0.2)
            held = bytearray(96 << 20)  # 96 MB touched: page faults, then a reading of the tree's PSS
            held[::4096] = b"x" * len(held[::4096])
            time.sleep(0.5)
            del held
    finally:
        timeline.close()
    step = timeline.steps[0]
    assert step.peak_pss_mb >= step.pss_mb + 80  # the peak was read while the 96 MB were held
    assert step.sampler_cpu_seconds > 0
