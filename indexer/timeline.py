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
_PAGE_MB = (os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096) / 2**20
#: At most this share of one core goes to sampling the memory (it is charged to the build process).
SAMPLE_SHARE = 0.02


def _processes() -> dict[int, tuple[int, int, int]]:
    """Every process of the machine: pid -> (parent pid, page faults so far, resident pages), from /proc/*/stat."""
    out = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return out
    for name in entries:
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                out[int(name)] = (int(fields[1]), int(fields[7]) + int(fields[9]), int(fields[21]))  # ppid, minflt + majflt, rss
            except (OSError, ValueError, IndexError):
                continue
    return out


def _tree(root: int, processes: dict[int, tuple[int, int, int]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def descendants(root: int) -> list[int]:
    """`root` and every process below it (from /proc; [root] where there is none)."""
    return _tree(root, _processes())


def tree_faults(root: int) -> dict[int, tuple[int, int]]:
    """pid -> (page faults so far, resident pages) of `root` and every process below it."""
    processes = _processes()
    return {pid: processes[pid][1:] for pid in _tree(root, processes) if pid in processes}


def tree_pss_mb(root: int, pids: list[int] | None = None) -> float:
    """Proportional set size (MB) of the process tree under `root` (or of `pids`)."""
    total = 0
    for pid in descendants(root) if pids is None else pids:
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


def _within(measured: tuple[float, dict], now: dict, peak_mb: float) -> bool:
    """Whether the tree cannot have passed `peak_mb` since its PSS was `measured`:
    the same processes, and the PSS then plus one page for each page fault
    since (a page it touched first, or copied on write from a page shared
    with a forked process) and each page more resident (a huge page, pages
    mapped ahead of a fault) is at most `peak_mb`. A process started since
    (its pages shared with its parent until it writes them) makes a new sample."""
    pss, then = measured
    if now.keys() != then.keys():
        return False
    grown = sum(faults - then[pid][0] + max(0, pages - then[pid][1]) for pid, (faults, pages) in now.items())
    return pss + grown * _PAGE_MB <= peak_mb


class Timeline:
    """Named steps, timed one after another: `with timeline.step("copies"): ...`.

    With `sample` (seconds), a thread looks at the tree that often and each
    step keeps the peak PSS it saw; `close()` stops it. Reading a PSS walks
    every page table of the tree, so the thread reads it only when the tree
    may have passed the step's peak since the last reading (`_within`: page
    faults and resident pages, read from /proc/*/stat at no such cost), and
    less often while a reading costs more than SAMPLE_SHARE of that time.
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
        measured: tuple[float, dict] | None = None  # the tree's last PSS and its processes' (faults, pages) then
        while not self._stop.wait(wait):
            step = self._current
            if step is None:
                continue
            started = time.thread_time()
            wait = every
            now = tree_faults(pid)
            if measured is None or not _within(measured, now, step.peak_pss_mb):
                pss = tree_pss_mb(pid, list(now))
                measured = (pss, now)
                # the kernel walks every page table for a PSS (~25 ms of system CPU for a 1 GB tree):
                # a costly sample waits longer, so the sampler never takes more than SAMPLE_SHARE of a core
                wait = max(every, (time.thread_time() - started) / SAMPLE_SHARE)
                with self._lock:
                    if step is self._current:  # not ended while it was measured
                        step.peak_pss_mb = max(step.peak_pss_mb, pss)
            with self._lock:
                if step is self._current:
                    step.sampler_cpu_seconds += time.thread_time() - started

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
