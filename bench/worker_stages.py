"""Where a build worker's CPU goes, step by step: `python -m bench.worker_stages DIR [--reports N] [--skip K]`.

Runs the worker loop of `bench.worker` (`build._prepare`, `build._write`,
`store.finish_segment`) over the first N reports of DIR in this process, with
each named step below wrapped in a CPU clock, and prints each step's CPU
milliseconds a report over the reports after the first K (a worker's warm
caches). Steps nest (parse holds normalize, …), so the rows do not add up;
`TOTAL` is the whole loop's. A wrapper costs ~1 µs a call: the steps are
those called a few times a report, not the small functions cProfile
inflates.
"""
from __future__ import annotations

import argparse
import collections
import functools
import gc
import tempfile
import time
from pathlib import Path

#: (module, function, label): the steps timed.
STEPS = (
    ("indexer.corpus", "read_document", "read"),
    ("indexer.parser", "parse_report", "parse"),
    ("indexer.parser", "normalize_text", "parse.normalize"),
    ("indexer.parser", "split_sections", "parse.sections"),
    ("indexer.parser", "extract_problems", "parse.problems"),
    ("indexer.parser", "extract_tables", "parse.tables"),
    ("indexer.parser", "check_tables", "parse.checks"),
    ("indexer.parser.tables", "tokenize", "parse.tables.tokenize"),
    ("indexer.parser.tables", "best_application_table", "parse.tables.applications"),
    ("indexer.parser.organ_choice", "choose", "parse.organ_choice"),
    ("indexer.places", "describe", "parse.describe"),
    ("indexer.build", "report_documents", "documents"),
    ("indexer.search.documents", "indexed_words", "documents.words"),
    ("indexer.search.documents", "gram_terms", "documents.grams"),
    ("indexer.search.documents", "pack_report", "documents.pack_report"),
    ("indexer.search.documents", "section_texts", "documents.prose"),
    ("indexer.search.documents", "_categories", "documents.categories"),
    ("indexer.build", "prepared_units", "copy_units"),
    ("indexer.build", "prepared_text", "training_text"),
)


def measure(folder: Path, reports: int, skip: int) -> tuple[dict[str, float], float, int]:
    """CPU seconds per step and in all over the reports after the first `skip`, and their number."""
    import importlib

    from indexer import build
    from indexer.corpus import scan_corpus
    from indexer.search import analysis, exact
    from indexer.search.store import finish_segment, open_or_create, segment_writer
    from indexer.workers import worker_collector, worker_pages

    spent: collections.Counter = collections.Counter()
    clock = time.process_time
    for module_name, name, label in STEPS:
        module = importlib.import_module(module_name)
        step = getattr(module, name)

        @functools.wraps(step)
        def timed(*args, _step=step, _label=label, **kwargs):
            start = clock()
            try:
                return _step(*args, **kwargs)
            finally:
                spent[_label] += clock() - start

        setattr(module, name, timed)
    analysis.warm_up()
    exact.warm_up()
    entries, _ = scan_corpus(folder)
    gc.freeze()  # as a forked worker: what came before is the parent's
    worker_collector()  # and its collector's thresholds
    worker_pages()  # and numpy's page advice
    with tempfile.TemporaryDirectory() as tmp:
        open_or_create(tmp)
        writer, counted, begun = segment_writer(tmp), 0, clock()
        for i, entry in enumerate(entries[:reports]):
            if i == skip:
                spent.clear()
                counted, begun = 0, clock()
            start = clock()
            outcome = build._prepare((entry, "2026-01-01T00:00:00+00:00"))
            spent["prepare"] += clock() - start
            if outcome[0] != "ok":
                continue
            counted += 1
            start = clock()
            build._write(writer, outcome[4], 0)
            spent["write"] += clock() - start
        start = clock()
        finish_segment(writer)
        spent["finish"] += clock() - start
        total = clock() - begun
    return dict(spent), total, counted


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker_stages", description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a corpus directory")
    parser.add_argument("--reports", type=int, default=1500, help="reports to run (default 1500)")
    parser.add_argument("--skip", type=int, default=300, help="reports not counted first (default 300)")
    args = parser.parse_args(argv)
    import os

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    spent, total, counted = measure(args.folder, args.reports, args.skip)
    print(f"load average {load}; CPU ms a report over {counted} reports after {args.skip}")
    for label, seconds in sorted(spent.items()):
        print(f"{label:<30}{seconds / max(counted, 1) * 1e3:8.3f}")
    print(f"{'TOTAL':<30}{total / max(counted, 1) * 1e3:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
