"""Cross-validated micro-F1 of the category classifier on its own training
statements (development data only; never run on a held-out file).

`python -m bench.category_cv [--folds 5] [--thresholds 0.5,0.6] [--fallbacks 1,0.3] [--independent]`

The training statements (indexer/data/category_training.jsonl) are cut into
folds by their source organ (the source report without its year), so
statements of one organ's reports, which repeat each other from year to
year, are never both trained on and scored. `--independent` scores only the
240 statements labelled by annotators who never saw the cues or the model
(bench/categories1, 2 and 3, now training data), still trained on all others. For each fold a model is fitted on the other folds
(indexer.category_model.train) and the classifier (cues ∪ that model, `other`
only when neither finds a category) scores the fold; the counts of all folds
are added up. The cues alone are scored on the same statements for
comparison. Prints one line per (threshold, fallback) pair, see
indexer.category_model; writes nothing.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys

from indexer.categories import CATEGORY_IDS, OTHER, Evaluation, evaluate
from indexer import category_model
from indexer.category_model import TRAINING_PATH, prepared, read_labelled, train


def organ_of(source: str) -> str:
    """The report's organ: its source without the year (reports of one organ
    in several years repeat statements, so they share a fold)."""
    return re.sub(r"[-_]?(?:19|20)\d\d(?=\.\w+$)", "", source.strip())


def fold_of(source: str, folds: int) -> int:
    return int(hashlib.sha256(organ_of(source).encode("utf-8")).hexdigest(), 16) % folds


def independent(statement) -> bool:
    """Labelled by an annotator who never saw the cues or the model
    (bench/categories1, 2 and 3)."""
    return statement.id.startswith(("c1-", "c2-", "c3-"))


def _add(total: dict, result: Evaluation) -> None:
    for score in result.categories:
        tp, fp, fn = total.get(score.id, (0, 0, 0))
        total[score.id] = (tp + score.tp, fp + score.fp, fn + score.fn)


def _micro(total: dict) -> tuple[float, float, float]:
    tp, fp, fn = (sum(v[i] for v in total.values()) for i in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def cross_validate(folds: int, thresholds: list[float], fallbacks: list[float],
                   only_independent: bool = False) -> dict:
    """{name: (micro-F1, P, R)} of the cues alone and of cues + model at each
    (threshold, fallback) pair, over all folds; with `only_independent`,
    trained on everything in the other folds but scored on the independently
    labelled statements alone."""
    statements = read_labelled(TRAINING_PATH)
    categories = [c for c in CATEGORY_IDS if c != OTHER]
    settings = [(t, f) for t in thresholds for f in fallbacks]
    totals: dict = {setting: {} for setting in settings}
    cues: dict = {}
    kept = category_model.THRESHOLD, category_model.FALLBACK
    for k in range(folds):
        scored = [s for s in statements if fold_of(s.source or s.id, folds) == k
                  and (independent(s) or not only_independent)]
        trained = [(prepared(s.text), s.labels) for s in statements if fold_of(s.source or s.id, folds) != k]
        if not scored:
            continue
        model = train(trained, categories)
        for setting in settings:
            category_model.THRESHOLD, category_model.FALLBACK = setting
            _add(totals[setting], evaluate(scored, model=model))
        category_model.THRESHOLD, category_model.FALLBACK = kept
        _add(cues, evaluate(scored, learned=False))
    scored_count = sum(1 for s in statements if independent(s) or not only_independent)
    out = {"statements": len(statements), "scored": scored_count, "folds": folds, "cues_only": _micro(cues)}
    out.update({f"cues+model {t}/{f}": _micro(totals[t, f]) for t, f in settings})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--thresholds", default=str(category_model.THRESHOLD),
                        help="model thresholds to try, comma-separated")
    parser.add_argument("--fallbacks", default=str(category_model.FALLBACK),
                        help="fallback probabilities to try (1 = never), comma-separated")
    parser.add_argument("--independent", action="store_true",
                        help="score only the independently labelled statements (trained on all other folds)")
    args = parser.parse_args(argv)
    result = cross_validate(args.folds, [float(t) for t in args.thresholds.split(",")],
                            [float(f) for f in args.fallbacks.split(",")], args.independent)
    print(f"{result['statements']} training statements ({result['scored']} scored), "
          f"{result['folds']} folds by source organ; settings are threshold/fallback")
    for name, value in result.items():
        if isinstance(value, tuple):
            f1, p, r = value
            print(f"{name:<22} micro-F1 {f1:.3f}  (P {p:.3f}, R {r:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
