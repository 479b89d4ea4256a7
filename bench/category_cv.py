"""Cross-validated micro-F1 of the category classifier on its own training
statements (development data only; never run on a held-out file).

`python -m bench.category_cv [--folds 5] [--thresholds 0.5,0.6] [--fallbacks 1,0.3]`

The training statements (indexer/data/category_training.jsonl) are cut into
folds by their source report, so statements of one report are never both
trained on and scored. For each fold a model is fitted on the other folds
(indexer.category_model.train) and the classifier (cues ∪ that model, `other`
only when neither finds a category) scores the fold; the counts of all folds
are added up. The cues alone are scored on the same statements for
comparison. Prints one line per (threshold, fallback) pair, see
indexer.category_model; writes nothing.
"""
from __future__ import annotations

import argparse
import hashlib
import sys

from indexer.categories import CATEGORY_IDS, OTHER, Evaluation, evaluate
from indexer import category_model
from indexer.category_model import TRAINING_PATH, read_labelled, train


def fold_of(source: str, folds: int) -> int:
    return int(hashlib.sha256(source.encode("utf-8")).hexdigest(), 16) % folds


def _add(total: dict, result: Evaluation) -> None:
    for score in result.categories:
        tp, fp, fn = total.get(score.id, (0, 0, 0))
        total[score.id] = (tp + score.tp, fp + score.fp, fn + score.fn)


def _micro(total: dict) -> tuple[float, float, float]:
    tp, fp, fn = (sum(v[i] for v in total.values()) for i in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def cross_validate(folds: int, thresholds: list[float], fallbacks: list[float]) -> dict:
    """{name: (micro-F1, P, R)} of the cues alone and of cues + model at each
    (threshold, fallback) pair, over all folds."""
    statements = read_labelled(TRAINING_PATH)
    categories = [c for c in CATEGORY_IDS if c != OTHER]
    pairs = [(t, f) for t in thresholds for f in fallbacks]
    totals: dict = {pair: {} for pair in pairs}
    cues: dict = {}
    kept = category_model.THRESHOLD, category_model.FALLBACK
    for k in range(folds):
        scored = [s for s in statements if fold_of(s.source or s.id, folds) == k]
        trained = [(s.text, s.labels) for s in statements if fold_of(s.source or s.id, folds) != k]
        if not scored:
            continue
        model = train(trained, categories)
        for t, f in pairs:
            category_model.THRESHOLD, category_model.FALLBACK = t, f
            _add(totals[t, f], evaluate(scored, model=model))
        category_model.THRESHOLD, category_model.FALLBACK = kept
        _add(cues, evaluate(scored, learned=False))
    out = {"statements": len(statements), "folds": folds, "cues_only": _micro(cues)}
    out.update({f"cues+model {t}/{f}": _micro(totals[t, f]) for t, f in pairs})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--thresholds", default=str(category_model.THRESHOLD),
                        help="model thresholds to try, comma-separated")
    parser.add_argument("--fallbacks", default=str(category_model.FALLBACK),
                        help="fallback probabilities to try (1 = never), comma-separated")
    args = parser.parse_args(argv)
    result = cross_validate(args.folds, [float(t) for t in args.thresholds.split(",")],
                            [float(f) for f in args.fallbacks.split(",")])
    print(f"{result['statements']} training statements, {result['folds']} folds by source report")
    for name, value in result.items():
        if isinstance(value, tuple):
            f1, p, r = value
            print(f"{name:<22} micro-F1 {f1:.3f}  (P {p:.3f}, R {r:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
