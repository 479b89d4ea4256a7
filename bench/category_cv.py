"""Cross-validated micro-F1 of the category classifier on its own training
statements (development data only; never run on a held-out file).

`python -m bench.category_cv [--folds 5] [--thresholds 0.6] [--floors 0.1] [--fallbacks 0.4] [--C 30]
[--independent] [--nested] [--per-category]`

The training statements (indexer/data/category_training.jsonl) are cut into
folds by their source organ (the report's file name without its year and
folder, so one organ's reports, which repeat each other from year to year
and sit in more than one bench set, are never both trained on and scored).
`--independent` scores only the 267 statements labelled by annotators who
never saw the cues or the model (bench/categories1 to 4, now training data),
still trained on all others. For each fold a model is fitted on the other
folds (indexer.category_model.train) and the classifier (cues, each standing
where the model gives its category at least the floor, ∪ the model at the
threshold; `other` only when neither finds a category) scores the fold; the
counts of all folds are added up. The cues alone are scored on the same
statements for comparison. Prints one line per (C, threshold, floor,
fallback) setting; `--per-category` adds each category's precision and
recall for the first setting and the cues. `--nested` instead chooses the
setting inside each training fold (by the same folding of the training
statements) and scores the held-back fold with it, so the choice is never
made on the statements it is scored on. Writes nothing.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import sys
from pathlib import PurePosixPath

from indexer import category_model
from indexer.categories import CATEGORY_IDS, OTHER, Evaluation, evaluate
from indexer.category_model import TRAINING_PATH, prepared, read_labelled, train

#: Ids of the statements labelled by independent annotators (bench/categories1-4).
INDEPENDENT_PREFIXES = ("c1-", "c2-", "c3-", "c4-")


def organ_of(source: str) -> str:
    """The report's organ: its file name without the year and the folder
    (reports of one organ in several years, and in several bench sets,
    repeat statements, so they share a fold)."""
    return re.sub(r"[-_]?(?:19|20)\d\d(?=\.\w+$)", "", PurePosixPath(source.strip()).name)


def fold_of(source: str, folds: int, salt: str = "") -> int:
    return int(hashlib.sha256((salt + organ_of(source)).encode("utf-8")).hexdigest(), 16) % folds


def independent(statement) -> bool:
    """Labelled by an annotator who never saw the cues or the model."""
    return statement.id.startswith(INDEPENDENT_PREFIXES)


def _add(total: dict, result: Evaluation) -> None:
    for score in result.categories:
        tp, fp, fn = total.get(score.id, (0, 0, 0))
        total[score.id] = (tp + score.tp, fp + score.fp, fn + score.fn)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def _micro(total: dict) -> tuple[float, float, float]:
    return _prf(*(sum(v[i] for v in total.values()) for i in range(3)))


class _Setting:
    """(C, threshold, floor, fallback) put in place for one evaluation."""

    NAMES = ("C", "THRESHOLD", "CUE_FLOOR", "FALLBACK")

    def __init__(self, values):
        self.values = values

    def __enter__(self):
        self.kept = [getattr(category_model, n) for n in self.NAMES]
        for name, value in zip(self.NAMES, self.values):
            setattr(category_model, name, value)

    def __exit__(self, *exc):
        for name, value in zip(self.NAMES, self.kept):
            setattr(category_model, name, value)


def _fold_counts(statements, scored_ok, settings, folds: int, salt: str = "") -> dict:
    """{setting: per-category counts} over `folds` folds of `statements`,
    scoring only the statements `scored_ok` accepts."""
    totals: dict = {s: {} for s in settings}
    for k in range(folds):
        in_fold = [fold_of(s.source or s.id, folds, salt) == k for s in statements]
        scored = [s for s, inside in zip(statements, in_fold) if inside and scored_ok(s)]
        trained = [(prepared(s.text), s.labels) for s, inside in zip(statements, in_fold) if not inside]
        if not scored or not trained:
            continue
        models = {}
        for setting in settings:
            with _Setting(setting):
                if setting[0] not in models:
                    models[setting[0]] = train(trained, [c for c in CATEGORY_IDS if c != OTHER])
                _add(totals[setting], evaluate(scored, model=models[setting[0]]))
    return totals


def cross_validate(folds: int, settings: list[tuple], only_independent: bool = False,
                   nested: bool = False) -> dict:
    """{name: (micro-F1, P, R)} of the cues alone and of cues + model at each
    (C, threshold, floor, fallback) setting over all folds, plus `per_category`
    ({category: (tp, fp, fn)}) of the first setting (or the nested choice)
    and of the cues; with `only_independent`, trained on everything in the
    other folds but scored on the independently labelled statements alone."""
    statements = read_labelled(TRAINING_PATH)
    scored_ok = (lambda s: independent(s)) if only_independent else (lambda s: True)
    cues: dict = {}
    for k in range(folds):
        _add(cues, evaluate([s for s in statements if fold_of(s.source or s.id, folds) == k and scored_ok(s)],
                            learned=False))
    out = {"statements": len(statements), "scored": sum(1 for s in statements if scored_ok(s)),
           "folds": folds, "cues_only": _micro(cues), "per_category_cues": cues}
    if not nested:
        totals = _fold_counts(statements, scored_ok, settings, folds)
        out.update({"cues+model C{}/{}/{}/{}".format(*s): _micro(totals[s]) for s in settings})
        out["per_category"] = totals[settings[0]]
        return out
    chosen, total = [], {}
    for k in range(folds):
        inside = [s for s in statements if fold_of(s.source or s.id, folds) != k]
        inner = _fold_counts(inside, scored_ok, settings, folds, salt="inner")
        best = max(settings, key=lambda s: _micro(inner[s])[0])
        chosen.append(best)
        held = [s for s in statements if fold_of(s.source or s.id, folds) == k and scored_ok(s)]
        with _Setting(best):
            _add(total, evaluate(held, model=train([(prepared(s.text), s.labels) for s in inside],
                                                   [c for c in CATEGORY_IDS if c != OTHER])))
    out["nested (chosen per fold: " + ", ".join("C{}/{}/{}/{}".format(*s) for s in chosen) + ")"] = _micro(total)
    out["per_category"] = total
    return out


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--C", default=str(category_model.C), help="regularisation values to try, comma-separated")
    parser.add_argument("--thresholds", default=str(category_model.THRESHOLD),
                        help="model thresholds to try, comma-separated")
    parser.add_argument("--floors", default=str(category_model.CUE_FLOOR),
                        help="probabilities a cue match needs from the model, comma-separated")
    parser.add_argument("--fallbacks", default=str(category_model.FALLBACK),
                        help="fallback probabilities to try (1 = never), comma-separated")
    parser.add_argument("--independent", action="store_true",
                        help="score only the independently labelled statements (trained on all other folds)")
    parser.add_argument("--nested", action="store_true",
                        help="choose the setting inside each training fold, score the held-back fold with it")
    parser.add_argument("--per-category", action="store_true", help="precision and recall of each category")
    args = parser.parse_args(argv)
    settings = list(itertools.product(_floats(args.C), _floats(args.thresholds), _floats(args.floors),
                                      _floats(args.fallbacks)))
    result = cross_validate(args.folds, settings, args.independent, args.nested)
    print(f"{result['statements']} training statements ({result['scored']} scored), "
          f"{result['folds']} folds by source organ; settings are C/threshold/floor/fallback")
    for name, value in result.items():
        if isinstance(value, tuple):
            f1, p, r = value
            print(f"{name:<28} micro-F1 {f1:.3f}  (P {p:.3f}, R {r:.3f})")
    if args.per_category:
        print(f"\n{'category':<15} {'support':>7}   {'cues+model P / R / F1':<24} {'cues only P / R / F1'}")
        model, cues = result["per_category"], result["per_category_cues"]
        for cid in CATEGORY_IDS:
            tp, fp, fn = model.get(cid, (0, 0, 0))
            f, p, r = _prf(tp, fp, fn)
            cf, cp, cr = _prf(*cues.get(cid, (0, 0, 0)))
            print(f"{cid:<15} {tp + fn:>7}   {p:.2f} / {r:.2f} / {f:.2f} (fp {fp:>2}, fn {fn:>2})"
                  f"   {cp:.2f} / {cr:.2f} / {cf:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
