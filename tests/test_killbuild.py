"""A bounded run of bench/killbuild.py: builds SIGKILLed at seeded random
moments leave a readable index, and the next build completes with exactly
the documents of a clean build (issue 6, index integrity)."""
from __future__ import annotations

from pathlib import Path

from bench.killbuild import run_trials, summary

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_killed_builds_recover_to_the_clean_build(tmp_path):
    lines = []
    expected, trials = run_trials(CORPUS, trials=3, seed=6, workdir=tmp_path, limit=5, log=lines.append)

    assert expected.report_ids, "the clean build indexed nothing"
    assert len(expected.report_ids) == expected.good_files
    failures = {t.number: t.errors for t in trials if not t.ok}
    assert failures == {}, "\n".join(lines)
    figures = summary(expected, trials)
    assert figures["trials"] == figures["passed"] == 3
    # Both kinds of build were killed, and at least one kill hit a running build.
    assert {t.scenario for t in trials} == {"fresh", "incremental"}
    assert figures["killed_while_running"] >= 1, "\n".join(lines)
