"""Would a learned combination of the similar-statement signals rank better
than the hand-set one? Leave-seeds-out cross-validation on the development
sets' graded candidates (bench/rerank/features.tsv, from bench.rerank_features).

    python -m bench.rerank_cv [--features TSV] [--folds 5]

Folds are by seed and fixed: the seeds sorted by (set, sid), seed i in fold
i % folds. For each fold a logistic regression (scikit-learn, C=1, features
standardised) is fitted on the other folds' seeds, then each held-out seed's
candidate list is ranked by it and by the score in the file (the hand-set
combination of the code that dumped it). The list is what
`similar_to_problem` ranks: the candidates the archive's search retrieved
(judged ones it did not retrieve are training rows only). A copy is never
ranked below its copy similarity (`floor`), as in `similar.rank`.

The grid, every cell printed (none is chosen on the figures):

* target: `binary` (grade 2 vs 0/1, pointwise), `ordinal` (mean of the
  grade >= 1 and grade 2 models' probabilities), `pairwise` (a logistic
  regression on the feature differences of two candidates of one seed with
  different grades; no intercept);
* `unjudged`: `skip` (train on graded candidates only), or `as 0` (retrieved,
  never pooled by any ranking, counted grade 0, as the measures do);
* `depth`: re-order only the first N (10, 50) of the hand-set ranking.

Measures (`measure`): mean P@5 (grade 2) and nDCG@10 (gains 0/1/2, ideal from
all the seed's judgements, unjudged count 0) over seeds with a relevant
judged item; per set, and for judged-dev2's halves (A was tuned on by the
hand-set weights, B never). `--condensed` ranks the judged candidates only
(no unjudged item in any list: fairer to a ranking that was not pooled).
"""
from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path

from bench.ranking_eval import HERE, dcg, read_tsv

FEATURES_TSV = HERE / "rerank" / "features.tsv"
TARGETS = ("binary", "ordinal", "pairwise")


def load(path: Path) -> dict[tuple[str, str], list[dict]]:
    """(set, sid) -> the seed's candidate rows, features as `x`, grade None when unjudged."""
    from indexer.similar import FEATURES

    seeds: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in read_tsv(path):
        r["x"] = [float(r[k]) for k in FEATURES]
        r["grade"] = int(r["grade"]) if r["grade"] != "" else None
        r["score"], r["floor"], r["retrieved"] = float(r["score"]), float(r["floor"]), r["retrieved"] == "1"
        seeds[(r["set"], r["sid"])].append(r)
    return dict(sorted(seeds.items()))


def _training(rows: list[dict], unjudged_as_0: bool) -> list[dict]:
    return [dict(r, grade=0) if r["grade"] is None else r
            for r in rows if r["grade"] is not None or (unjudged_as_0 and r["retrieved"])]


def fit_pointwise(rows: list[dict], target) -> tuple[list[float], float]:
    """Logistic regression of target(grade) on the features: (weights, intercept) on raw features."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit([r["x"] for r in rows])
    model = LogisticRegression(C=1.0, max_iter=3000)
    model.fit(scaler.transform([r["x"] for r in rows]), [target(r["grade"]) for r in rows])
    w = model.coef_[0] / scaler.scale_
    return [float(v) for v in w], float(model.intercept_[0] - (model.coef_[0] * scaler.mean_ / scaler.scale_).sum())


def fit_pairwise(seeds_rows: list[list[dict]]) -> tuple[list[float], float]:
    """Logistic regression on x_a - x_b for candidates a graded above b of one seed (both signs)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    diffs, labels = [], []
    for rows in seeds_rows:
        for a in rows:
            for b in rows:
                if a["grade"] > b["grade"]:
                    d = [p - q for p, q in zip(a["x"], b["x"])]
                    diffs += [d, [-v for v in d]]
                    labels += [1, 0]
    scaler = StandardScaler(with_mean=False).fit(diffs)
    model = LogisticRegression(C=1.0, max_iter=3000, fit_intercept=False).fit(scaler.transform(diffs), labels)
    return [float(v) for v in model.coef_[0] / scaler.scale_], 0.0


def probability(x: list[float], w: list[float], b: float) -> float:
    z = b + sum(wi * xi for wi, xi in zip(w, x))
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))


def reranked(rows: list[dict], key, depth: int) -> list[dict]:
    """The retrieved candidates by the hand-set score, the first `depth` of them re-ordered by `key`."""
    current = sorted((r for r in rows if r["retrieved"]), key=lambda r: (-r["score"], r["problem_id"]))
    return sorted(current[:depth], key=lambda r: (-key(r), r["problem_id"])) + current[depth:]


def measure(rows: list[dict], key, depth: int = 50) -> tuple[float, float | None]:
    """(P@5 of grade 2, nDCG@10) of the seed's list re-ordered by `key`; nDCG None without a relevant judgement."""
    judged = {r["problem_id"]: r["grade"] for r in rows if r["grade"] is not None}
    listed = reranked(rows, key, depth)
    gains = [judged.get(r["problem_id"]) or 0 for r in listed[:10]]
    ideal = dcg(sorted(judged.values(), reverse=True)[:10])
    p5 = sum(judged.get(r["problem_id"]) == 2 for r in listed[:5]) / 5
    return p5, (dcg(gains) / ideal if ideal > 0 else None)


def cross_validate(seeds, folds: int, target: str, unjudged_as_0: bool, depth: int,
                   condensed: bool = False) -> dict:
    """(set, sid) -> {"current": (P@5, nDCG), "learned": (P@5, nDCG)}, each seed scored by a model
    fitted without its fold."""
    keys = list(seeds)
    out: dict = {}
    for f in range(folds):
        train = [_training(seeds[k], unjudged_as_0) for i, k in enumerate(keys) if i % folds != f]
        if target == "pairwise":
            models = [fit_pairwise(train)]
        else:
            flat = [r for rows in train for r in rows]
            models = [fit_pointwise(flat, lambda g: int(g == 2))]
            if target == "ordinal":
                models.append(fit_pointwise(flat, lambda g: int(g >= 1)))
        for i, k in enumerate(keys):
            if i % folds != f:
                continue
            rows = [r for r in seeds[k] if r["grade"] is not None] if condensed else seeds[k]
            learned = {r["problem_id"]: max(r["floor"], sum(probability(r["x"], w, b) for w, b in models) / len(models))
                       for r in rows}
            out[k] = {"current": measure(rows, lambda r: r["score"]),
                      "learned": measure(rows, lambda r: learned[r["problem_id"]], depth)}
    return out


def means(scores: dict, halves: dict) -> dict[str, tuple[int, tuple, tuple]]:
    """group -> (seeds, current (P@5, nDCG), learned (P@5, nDCG)) for all, each set and judged-dev2's halves."""
    groups = defaultdict(list)
    for key, s in scores.items():
        if s["current"][1] is None:
            continue
        groups["all"].append(s)
        groups[key[0]].append(s)
        if key in halves:
            groups[f"{key[0]} {halves[key]}"].append(s)
    out = {}
    for name, ss in groups.items():
        n = len(ss)
        out[name] = (n, *(tuple(sum(s[r][i] for s in ss) / n for i in (0, 1)) for r in ("current", "learned")))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--features", default=str(FEATURES_TSV))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--condensed", action="store_true", help="rank the judged candidates only")
    args = ap.parse_args(argv)
    seeds = load(Path(args.features))
    seeds_tsv = HERE / "judged-dev2" / "seeds.tsv"
    halves = {("judged-dev2", s["sid"]): s["half"] for s in read_tsv(seeds_tsv)} if seeds_tsv.is_file() else {}
    print(f"{sum(len(v) for v in seeds.values())} candidates, {len(seeds)} seeds, {args.folds} folds by seed"
          f"{', condensed lists' if args.condensed else ''}; P@5(2) / nDCG@10, hand-set -> learned")
    groups = ("all", "judged-dev", "judged-dev2", "judged-dev2 A", "judged-dev2 B")
    print(f"{'target':9} {'unjudged':8} {'depth':>5}  " + "  ".join(f"{g:>27}" for g in groups))
    for target in TARGETS:
        for unjudged_as_0 in (False, True):
            for depth in (10, 50):
                m = means(cross_validate(seeds, args.folds, target, unjudged_as_0, depth, args.condensed), halves)
                cells = []
                for g in groups:
                    n, (cp, cn), (lp, ln) = m[g]
                    cells.append(f"{cp:.3f}/{cn:.3f} -> {lp:.3f}/{ln:.3f}")
                print(f"{target:9} {'as 0' if unjudged_as_0 else 'skip':8} {depth:>5}  " + "  ".join(cells))
    print("seeds per group: " + ", ".join(f"{g} {m[g][0]}" for g in groups))
    return 0


if __name__ == "__main__":
    sys.exit(main())
