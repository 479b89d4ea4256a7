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


def test_the_sampler_reads_a_new_peak_and_says_what_it_cost():
    timeline = Timeline(sample=0.02)
    try:
        with timeline.step("grow") as step:
            before = tree_pss_mb(os.getpid())
            held = bytearray(96 << 20)  # 96 MB touched, held until the sampler has read them (its next reading
            held[::4096] = b"x" * len(held[::4096])  # waits as long as the last one cost, ×50, in a large tree)
            deadline = time.monotonic() + 30
            while step.peak_pss_mb < before + 80 and time.monotonic() < deadline:
                time.sleep(0.05)
            del held
    finally:
        timeline.close()
    step = timeline.steps[0]
    assert step.peak_pss_mb >= before + 80
    assert step.sampler_cpu_seconds > 0
