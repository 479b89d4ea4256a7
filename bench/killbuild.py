"""Kill the index build with SIGKILL at random moments and check it recovers.

    .venv/bin/python -m bench.killbuild [--corpus corpus] [--trials 10] [--seed 6] [--json]

Each trial copies the corpus to a scratch directory, starts
`python -m indexer build --corpus C --index I` in its own process group,
SIGKILLs the whole group after a random delay (seeded), and then checks:

1. the index opens (`indexer.search.Archive`) and a search runs, whenever a
   committed index existed before the build (an index killed before its very
   first commit may be absent, and then must say so with
   `IndexUnavailableError`, not crash);
2. the next build completes (exit 0, no "busy" from a stale lock);
3. the index then holds exactly the expected documents: the same report ids
   and the same problem count as a clean, never-killed build of the corpus,
   and one report per corpus file that `load_report` accepts.

Half the trials kill a build from scratch, half kill an incremental build
(one file changed, one added, one removed) on top of a committed index.
The figures printed (trials, kills that hit a running build, kills after
the build had already changed index files, recovery build time) go into the
closing note of issue 6.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Expected:
    """What a clean build of the corpus holds."""

    report_ids: list[str]
    problems: int
    good_files: int
    build_seconds: float


@dataclass
class Trial:
    number: int
    scenario: str  # "fresh" or "incremental"
    kill_after: float  # seconds after start
    killed_running: bool  # the build was still running when killed
    mid_write: bool  # the killed build had already changed index files (not just its lock)
    opened_after_kill: bool
    searched_after_kill: bool
    recovery_seconds: float
    recovery_exit: int
    report_ids_match: bool
    problems_after: int
    problems_expected: int
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def build_command(corpus: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_build(corpus: Path, index: Path, timeout: float = 600) -> tuple[int, float, str]:
    """Run one build to the end; returns (exit code, seconds, stderr tail)."""
    started = time.monotonic()
    proc = subprocess.run(build_command(corpus, index), cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=timeout)
    return proc.returncode, time.monotonic() - started, (proc.stderr or "")[-2000:]


def snapshot(index: Path) -> dict[str, tuple[int, int]]:
    """Name -> (size, mtime_ns) of every index file, lock files left out (a
    build takes its lock before it writes anything)."""
    if not index.is_dir():
        return {}
    out = {}
    for p in index.rglob("*"):
        if p.name.endswith(("build.lock", "WRITELOCK", "READLOCK")):
            continue
        try:
            st = p.stat()
        except FileNotFoundError:
            continue  # removed while we looked
        out[str(p.relative_to(index))] = (st.st_size, st.st_mtime_ns)
    return out


def archive_contents(index: Path) -> tuple[list[str], int]:
    """(sorted report ids, problem count) through the public read API."""
    from indexer.search import Archive

    archive = Archive(index)
    ids = sorted(r.id for r in archive.reports())
    problems = sum(1 for _ in archive.all_problems())
    return ids, problems


def check_readable(index: Path) -> tuple[bool, bool, str]:
    """(opened, searched, error message) for the index as it stands now."""
    from indexer.errors import IndexUnavailableError, NianbaoError
    from indexer.search import Archive

    try:
        archive = Archive(index)
    except IndexUnavailableError as exc:
        return False, False, f"IndexUnavailableError: {exc}"
    try:
        result = archive.search("公开", per_page=5)
        archive.search("", filters=None, per_page=5)
        return True, result.total >= 0, ""
    except NianbaoError as exc:
        return True, False, f"{type(exc).__name__}: {exc}"


def good_file_count(corpus: Path) -> int:
    """Corpus files that `load_report` turns into a report."""
    from indexer.corpus import load_report, scan_corpus
    from indexer.errors import NianbaoError

    entries, _skipped = scan_corpus(corpus)
    good = 0
    for entry in entries:
        try:
            load_report(entry)
            good += 1
        except NianbaoError:
            pass
    return good


def copy_corpus(source: Path, dest: Path, limit: int | None = None) -> Path:
    """Copy corpus files (text formats first, so a small copy builds fast) and
    the manifest into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    files = [p for p in sorted(source.iterdir()) if p.is_file() and p.name != "manifest.csv"]
    files.sort(key=lambda p: (p.suffix == ".pdf", p.name))
    for p in files[:limit]:
        shutil.copyfile(p, dest / p.name)
    if (source / "manifest.csv").exists():
        shutil.copyfile(source / "manifest.csv", dest / "manifest.csv")
    return dest


def make_previous_corpus(corpus: Path, dest: Path) -> Path:
    """The corpus as it was one build earlier: the last file absent (so this
    build adds it), the first file different (updated), and one extra file
    that this build must remove."""
    shutil.copytree(corpus, dest, copy_function=shutil.copyfile)
    files = sorted(p for p in dest.iterdir() if p.suffix in (".txt", ".md"))
    files[-1].unlink()
    first = files[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n", encoding="utf-8")
    extra = dest / "removed-later-report.txt"
    extra.write_text(files[1].read_text(encoding="utf-8").replace("公开", "公开工作", 3), encoding="utf-8")
    return dest


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _first_write(proc: subprocess.Popen, index: Path, before: dict, limit: float = 600) -> float:
    """Wait until the build has changed an index file (or ended); the seconds waited."""
    started = time.monotonic()
    while proc.poll() is None and snapshot(index) == before and time.monotonic() - started < limit:
        time.sleep(0.005)
    return time.monotonic() - started


def one_trial(number: int, scenario: str, delay: float | None, corpus: Path, index: Path, previous: Path | None,
              expected: Expected) -> Trial:
    """Kill a build after `delay` seconds, or with `delay` None the moment it
    first changes an index file (an event, so a busy machine cannot move it
    past the end of the build)."""
    if previous is not None:
        shutil.copytree(previous, index)
    before = snapshot(index)
    proc = subprocess.Popen(build_command(corpus, index), cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    if delay is None:
        delay = _first_write(proc, index, before)
    else:
        time.sleep(delay)
    running = proc.poll() is None
    kill_group(proc)
    mid_write = running and snapshot(index) != before
    errors: list[str] = []

    opened, searched, message = check_readable(index)
    if previous is not None and not (opened and searched):
        errors.append(f"previous index unreadable after kill: {message}")
    if previous is None and not opened and "IndexUnavailableError" not in message:
        errors.append(f"unexpected error opening a never-committed index: {message}")

    code, seconds, stderr = run_build(corpus, index)
    if code != 0:
        errors.append(f"recovery build exited {code}: {stderr.strip().splitlines()[-1:] }")
    ids, problems = [], -1
    try:
        ids, problems = archive_contents(index)
    except Exception as exc:  # a figure for the report, not a crash of the script
        errors.append(f"index after recovery: {type(exc).__name__}: {exc}")
    if ids != expected.report_ids:
        errors.append(f"report ids differ: missing {sorted(set(expected.report_ids) - set(ids))}, extra {sorted(set(ids) - set(expected.report_ids))}")
    if problems != expected.problems:
        errors.append(f"problems {problems} != clean build's {expected.problems}")
    if len(ids) != expected.good_files:
        errors.append(f"{len(ids)} reports != {expected.good_files} good corpus files")
    return Trial(number, scenario, round(delay, 3), running, mid_write, opened, searched, round(seconds, 2), code, ids == expected.report_ids, problems, expected.problems, errors)


def run_trials(corpus_source: Path, trials: int, seed: int, workdir: Path, limit: int | None = None, log=print) -> tuple[Expected, list[Trial]]:
    """Prepare a corpus copy and a reference build in `workdir`, then run the
    kill trials. Returns the reference figures and every trial's outcome."""
    corpus = copy_corpus(corpus_source, workdir / "corpus", limit)
    previous_corpus = make_previous_corpus(corpus, workdir / "corpus-previous")

    code, seconds, stderr = run_build(corpus, workdir / "reference")
    if code != 0:
        raise RuntimeError(f"clean build failed ({code}): {stderr}")
    ids, problems = archive_contents(workdir / "reference")
    expected = Expected(ids, problems, good_file_count(corpus), round(seconds, 2))
    log(f"clean build: {len(ids)} reports, {problems} problems, {seconds:.1f} s; good files: {expected.good_files}")

    code, again, stderr = run_build(previous_corpus, workdir / "previous")
    if code != 0:
        raise RuntimeError(f"build of the previous corpus failed ({code}): {stderr}")
    # The first build of a session also warms caches; the second one is the
    # better estimate of how long a build runs.
    expected.build_seconds = round(min(seconds, again), 2)

    rnd = random.Random(seed)
    results = []
    for n in range(1, trials + 1):
        scenario = "fresh" if n % 2 else "incremental"
        # Mostly inside the build, sometimes right at the start or just after the end;
        # the first trial kills at the build's first write, so one kill always hits a running build.
        delay = rnd.uniform(0.05, expected.build_seconds * 1.1)
        if n == 1:
            delay = None
        index = workdir / f"trial-{n}"
        trial = one_trial(n, scenario, delay, corpus, index, workdir / "previous" if scenario == "incremental" else None, expected)
        log(f"trial {n:2d} {scenario:11s} kill@{trial.kill_after:5.2f}s running={trial.killed_running!s:5} mid_write={trial.mid_write!s:5} "
            f"recovery={trial.recovery_seconds:.2f}s {'OK' if trial.ok else 'FAIL: ' + '; '.join(trial.errors)}")
        shutil.rmtree(index, ignore_errors=True)
        results.append(trial)
    return expected, results


def summary(expected: Expected, trials: list[Trial]) -> dict:
    recovery = [t.recovery_seconds for t in trials]
    return {
        "trials": len(trials),
        "passed": sum(t.ok for t in trials),
        "killed_while_running": sum(t.killed_running for t in trials),
        "killed_mid_write": sum(t.mid_write for t in trials),
        "recovery_seconds_median": round(statistics.median(recovery), 2) if recovery else None,
        "recovery_seconds_max": max(recovery) if recovery else None,
        "clean_build_seconds": expected.build_seconds,
        "reports": len(expected.report_ids),
        "problems": expected.problems,
        "good_files": expected.good_files,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N corpus files")
    parser.add_argument("--json", action="store_true", help="print the trials and summary as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-killbuild-") as tmp:
        expected, trials = run_trials(args.corpus, args.trials, args.seed, Path(tmp), args.limit,
                                      log=(lambda *_: None) if args.json else print)
    figures = summary(expected, trials)
    if args.json:
        print(json.dumps({"summary": figures, "trials": [asdict(t) for t in trials]}, ensure_ascii=False, indent=2))
    else:
        print(json.dumps(figures, ensure_ascii=False))
    return 0 if figures["passed"] == figures["trials"] else 1


if __name__ == "__main__":
    sys.exit(main())
