"""`python -m indexer evaluate [--split held-out|dev|all] [--labels FILE] [--cues-only]`:
micro-F1 and per-category precision and recall of the category classifier
against hand-labelled statements. FILE is JSON lines with at least `text`
and `categories` (or `labels`); with a FILE the default split is all of it."""
from __future__ import annotations

import argparse
from pathlib import Path

from indexer.categories import evaluate, load_labelled, load_taxonomy


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("evaluate", help="score the category classifier on labelled statements")
    parser.add_argument("--split", choices=("held-out", "dev", "all"), default=None,
                        help="which statements to score (default: held-out, or all of a --labels file)")
    parser.add_argument("--labels", type=Path, help="labelled statements, JSON lines (default: tests/data/problem_labels.jsonl)")
    parser.add_argument("--taxonomy", type=Path, help="categories JSON file (default: the packaged one)")
    parser.add_argument("--errors", action="store_true", help="also list the statements classified wrongly")
    parser.add_argument("--cues-only", action="store_true", help="score the cue taxonomy alone, without the learned model")
    return parser


def run(args) -> int:
    taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy else None
    split = args.split or ("all" if args.labels else "held-out")
    result = evaluate(load_labelled(args.labels), taxonomy, split=split, learned=not args.cues_only)
    print(f"split: {result.split}   statements: {result.statements}   exact match: {result.exact_match:.3f}")
    print(f"micro-F1: {result.micro.f1:.3f}   (P {result.micro.precision:.3f}, R {result.micro.recall:.3f};"
          f" {'cues only' if args.cues_only else 'cues + learned model'})")
    print(f"{'category':<15} {'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'tp':>4} {'fp':>4} {'fn':>4}")
    for score in [*result.categories, result.micro]:
        print(f"{score.id:<15} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f} "
              f"{score.support:8d} {score.tp:4d} {score.fp:4d} {score.fn:4d}")
    if args.errors:
        for statement, predicted in result.errors:
            print(f"{statement.id}: {statement.text}\n  labelled {','.join(statement.labels)}  predicted {','.join(predicted)}")
    return 0
