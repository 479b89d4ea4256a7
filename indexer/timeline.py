"""The build's timeline: wall time, CPU time and memory of each of its steps.

A build runs several processes at once (segment workers, then the vector
process beside the copy pass), so a step's figures are the whole process
tree's: CPU seconds of this process and every descendant (live ones read
from /proc, finished ones from their rusage), and the tree's proportional
set size (PSS: pages shared between a parent and its forked children, or a
mapped index, counted once). `Timeline(sample=0.5)` also samples the tree's
PSS in a thread, so each step has the peak reached while it ran.

Linux only for the memory and the children's CPU; elsewhere those read 0.
"""
from __future__ import annotations

import os
import resource
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: At most this share of one core goes to sampling the memory (it is charged to the build process).
SAMPLE_SHARE = 0.02


def descendants(root: int) -> list[int]:
    """`root` and every process below it (from /proc; [root] where there is none)."""
    children: dict[int, list[int]] = {}
    try:
        entries = list(Path("/proc").iterdir())
    except OSError:
        return [root]
    for entry in entries:
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def tree_pss_mb(root: int) -> float:
    """Proportional set size (MB) of the process tree under `root`."""
    total = 0
    for pid in descendants(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError):
            continue
    return total / 1024


def tree_cpu_seconds() -> float:
    """CPU seconds of this process, its finished children and its live descendants."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime
    for pid in descendants(os.getpid())[1:]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
        except (OSError, ValueError, IndexError):
            continue
    return total


@dataclass
class Step:
    """One step of a build: what it cost the whole process tree."""

    name: str
    started: float  # time.time() at its start
    seconds: float = 0.0  # wall
    cpu_seconds: float = 0.0  # the process tree's
    parent_cpu_seconds: float = 0.0  # the build process's own
    pss_mb: float = 0.0  # the tree's PSS at its end
    peak_pss_mb: float = 0.0  # the tree's peak PSS while it ran (sampled; else its end)
    parent_peak_rss_mb: float = 0.0  # the build process's peak RSS so far
    sampler_cpu_seconds: float = 0.0  # what sampling the tree's PSS cost during the step (its thread's CPU)

    def line(self) -> str:
        return (f"{self.name:<16} {self.seconds:8.1f} s {self.cpu_seconds:8.1f} CPU-s "
                f"(parent {self.parent_cpu_seconds:7.1f}) PSS end {self.pss_mb:6.0f} MB, "
                f"peak {self.peak_pss_mb:6.0f} MB; parent peak RSS {self.parent_peak_rss_mb:6.0f} MB")


class Timeline:
    """Named steps, timed one after another: `with timeline.step("copies"): ...`.

    With `sample` (seconds), a thread samples the tree's PSS that often (less
    often while a sample costs more than SAMPLE_SHARE of that time) and each
    step keeps the peak it saw; `close()` stops it.
    """

    def __init__(self, sample: float | None = None):
        self.steps: list[Step] = []
        self._current: Step | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()  # a sample lands in the step it was taken for, before that step ends
        self._thread = None
        if sample:
            self._thread = threading.Thread(target=self._sample, args=(sample,), daemon=True)
            self._thread.start()

    def _sample(self, every: float) -> None:
        pid = os.getpid()
        wait = every
        while not self._stop.wait(wait):
            step = self._current
            if step is None:
                continue
            started = time.thread_time()
            pss = tree_pss_mb(pid)
            cost = time.thread_time() - started
            # the kernel walks every page table for a PSS (~25 ms of system CPU for a 1 GB tree):
            # a costly sample waits longer, so the sampler never takes more than SAMPLE_SHARE of a core
            wait = max(every, cost / SAMPLE_SHARE)
            with self._lock:
                if step is self._current:  # not ended while it was measured
                    step.peak_pss_mb = max(step.peak_pss_mb, pss)
                    step.sampler_cpu_seconds += cost

    def begin(self, name: str) -> Step:
        """End the current step, if any, and start the step `name`."""
        self.end()
        step = Step(name, time.time())
        self._marks = (time.monotonic(), tree_cpu_seconds(), time.process_time())
        self._current = step
        return step

    def end(self) -> None:
        """End the current step (nothing when none runs)."""
        with self._lock:
            step, self._current = self._current, None
        if step is None:
            return
        wall, cpu, own = self._marks
        step.seconds = round(time.monotonic() - wall, 3)
        step.cpu_seconds = round(tree_cpu_seconds() - cpu, 3)
        step.parent_cpu_seconds = round(time.process_time() - own, 3)
        step.pss_mb = round(tree_pss_mb(os.getpid()), 1)
        step.peak_pss_mb = round(max(step.peak_pss_mb, step.pss_mb), 1)
        step.parent_peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        step.sampler_cpu_seconds = round(step.sampler_cpu_seconds, 3)
        self.steps.append(step)

    @contextmanager
    def step(self, name: str) -> Iterator[Step]:
        """`begin(name)` for the block, ended with it."""
        step = self.begin(name)
        try:
            yield step
        finally:
            self.end()

    def close(self) -> None:
        """End the current step and stop sampling."""
        self.end()
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def as_dicts(self) -> list[dict]:
        return [asdict(s) for s in self.steps]

    def lines(self) -> list[str]:
        return [s.line() for s in self.steps]
