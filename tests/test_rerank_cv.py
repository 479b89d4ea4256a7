"""bench.rerank_cv: leave-seeds-out cross-validation of a learned re-ranker
for similar statements, on a features file written here."""
from __future__ import annotations

import csv
import random

import pytest

from bench import rerank_cv
from indexer.similar import FEATURES


def _write(path, seeds: int = 10, per_seed: int = 12, signal: str = "wording"):
    """A features file where `signal` decides the grade and the hand-set score is noise."""
    rnd = random.Random(7)
    rows = []
    for s in range(seeds):
        for c in range(per_seed):
            x = {f: round(rnd.random(), 4) for f in FEATURES}
            if c >= per_seed - 2:
                x[signal] = 0.0  # never pooled: not relevant
            grade = 2 if x[signal] > 0.66 else 1 if x[signal] > 0.33 else 0
            rows.append({"set": "judged-dev", "sid": f"d{s:02d}", "problem_id": f"r{s}-{c}-p1",
                         "grade": grade if c < per_seed - 2 else "", "retrieved": int(c != 0),
                         "score": round(rnd.random(), 4), "floor": 0.0, **x})
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["set", "sid", "problem_id", "grade", "retrieved", "score", "floor",
                                               *FEATURES], delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)


def test_every_seed_is_scored_once_by_a_model_that_never_saw_it(tmp_path, monkeypatch):
    _write(tmp_path / "features.tsv")
    seeds = rerank_cv.load(tmp_path / "features.tsv")
    seen = []
    fit = rerank_cv.fit_pointwise

    def spy(rows, target):
        seen.append({r["problem_id"].split("-")[0] for r in rows})
        return fit(rows, target)

    monkeypatch.setattr(rerank_cv, "fit_pointwise", spy)
    scores = rerank_cv.cross_validate(seeds, 5, "binary", unjudged_as_0=False, depth=50)
    assert sorted(scores) == sorted(seeds)
    # five models, each trained on 8 of the 10 seeds; each seed left out of exactly one
    assert [len(s) for s in seen] == [8] * 5
    assert all(sum(f"r{i}" not in s for s in seen) == 1 for i in range(10))


@pytest.mark.parametrize("target", rerank_cv.TARGETS)
def test_a_model_learns_the_signal_that_decides_the_grade(tmp_path, target):
    _write(tmp_path / "features.tsv")
    seeds = rerank_cv.load(tmp_path / "features.tsv")
    m = rerank_cv.means(rerank_cv.cross_validate(seeds, 5, target, unjudged_as_0=False, depth=50), {})
    n, (p5_hand, ndcg_hand), (p5_learned, ndcg_learned) = m["all"]
    assert n == 10
    # (the draw depends on how many signals there are: 0.89-0.92 for 14 and 15)
    assert ndcg_learned > 0.85 and ndcg_hand < 0.7 and p5_learned > p5_hand


def test_only_the_first_depth_candidates_are_reordered_and_only_retrieved_ones_listed():
    rows = [{"problem_id": f"c{i}", "score": 1 - i / 10, "retrieved": i != 3, "grade": None} for i in range(6)]
    by_id = [r["problem_id"] for r in rerank_cv.reranked(rows, lambda r: int(r["problem_id"][1:]), depth=3)]
    assert by_id == ["c2", "c1", "c0", "c4", "c5"]
