"""Search recall and precision against a plain substring scan.

`python -m bench.recall [--index DIR] [--samples 200] [--max-length 10] [--seed 0]`

Builds (or reuses) an index of a real archive: `corpus/` plus every report
text under `bench/` (each set's files, copied flat under unique names). Then,
for each length 1..max, it draws random runs of word characters from the
indexed text (a random document, a random place), searches each as the user
would type it, and compares the matching documents with a substring scan of
every document's indexed text, folded the same way. Prints recall and
precision per length (micro-averaged over the samples' documents), and the
same for quoted phrases of two runs taken across punctuation.

The scan reads each document's text through `Archive` (`_State.text_of`),
which is exactly the text the build indexed.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
READABLE = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}
NOTE_NAME = re.compile(r"[A-Z][A-Z-]*")


def _set_note(path: Path) -> bool:
    """A bench set's own notes, not a report: its README, score sheets
    (eval-run…, run-…) and the instructions its collector or labeller read,
    named in capitals (COLLECTOR.md, LABELLER.md, COLLECTOR-README.md)."""
    name = path.name.lower()
    return name.startswith(("readme", "eval-run", "run-")) or bool(NOTE_NAME.fullmatch(path.stem))


def archive_corpus(target: Path) -> Path:
    """corpus/ plus the report files of every bench set, flat in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "corpus").iterdir()):
        if path.suffix.lower() in READABLE:
            shutil.copyfile(path, target / path.name)
    for folder in sorted((ROOT / "bench").iterdir()):
        if not folder.is_dir() or folder.name in ("out", "__pycache__"):
            continue
        for path in sorted(folder.iterdir()):
            # a set's own notes and score sheets are not reports
            if path.suffix.lower() in READABLE and not _set_note(path):
                shutil.copyfile(path, target / f"{folder.name}--{path.name}")
    return target


def build(index_dir: Path, corpus_dir: Path) -> None:
    from indexer.build import build_index

    summary = build_index(corpus_dir, index_dir, progress=False)
    print(f"built: {summary.reports} reports, {summary.problems} problem statements, "
          f"{len(summary.skipped)} skipped, {summary.seconds:.1f} s", file=sys.stderr)


def documents(archive) -> tuple[list[int], dict[int, tuple[str, ...]]]:
    """Every live document and its folded indexed text, part by part (a needle
    never spans two parts of a report)."""
    from indexer.search.exact import fold

    state = archive._state()
    table = state.table
    docs = np.flatnonzero(table.live).tolist()
    texts = {d: tuple(fold(t) for _, t in sorted(state.text_of(d).items())) for d in docs}
    return docs, texts


def sample_runs(texts: dict[int, str], length: int, count: int, rng: random.Random) -> list[str]:
    from indexer.search.exact import WORD_RUN

    runs = [m.group() for parts in texts.values() for t in parts for m in WORD_RUN.finditer(t)
            if len(m.group()) >= length]
    out = []
    for _ in range(count):
        run = rng.choice(runs)
        start = rng.randrange(len(run) - length + 1)
        out.append(run[start:start + length])
    return out


def sample_phrases(texts: dict[int, str], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(query, pattern) pairs: two runs around a punctuation mark, quoted."""

    pairs = []
    candidates = [m for parts in texts.values() for t in parts for m in re.finditer(r"([^\W_]{2,4})[，、；。：]([^\W_]{2,4})", t)]
    for _ in range(count):
        m = rng.choice(candidates)
        pairs.append((f'"{m.group(1)} {m.group(2)}"', m.group(1) + "|" + m.group(2)))
    return pairs


def score(archive, texts, queries) -> tuple[int, int, int, list[float]]:
    """(true positives, expected, found, per-query seconds) for (query, scan) pairs."""
    from indexer.search.query import parse_query

    table = archive._state().table
    tp = expected_n = found_n = 0
    seconds = []
    for query, scan in queries:
        started = time.perf_counter()
        mask = table.match(parse_query(query))
        seconds.append(time.perf_counter() - started)
        found = set(np.flatnonzero(mask).tolist())
        expected = {d for d, parts in texts.items() if any(scan(t) for t in parts)}
        tp += len(found & expected)
        expected_n += len(expected)
        found_n += len(found)
    return tp, expected_n, found_n, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "bench" / "out" / "recall-index")
    parser.add_argument("--samples", type=int, default=200, help="queries per length")
    parser.add_argument("--max-length", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)

    from indexer.search.archive import Archive

    if args.rebuild or not args.index.exists():
        shutil.rmtree(args.index, ignore_errors=True)
        corpus = archive_corpus(args.index.parent / "recall-corpus")
        build(args.index, corpus)
    archive = Archive(args.index)
    docs, texts = documents(archive)
    print(f"archive: {len(docs)} documents, {sum(len(t) for p in texts.values() for t in p):,} characters of indexed text")
    rng = random.Random(args.seed)
    print("length  queries  recall  precision  median ms  max ms")
    worst = (1.0, 1.0)
    for length in range(1, args.max_length + 1):
        runs = sample_runs(texts, length, args.samples, rng)
        queries = [(run, (lambda t, r=run: r in t)) for run in runs]
        tp, expected, found, seconds = score(archive, texts, queries)
        recall, precision = tp / max(expected, 1), tp / max(found, 1)
        worst = (min(worst[0], recall), min(worst[1], precision))
        print(f"{length:>6}  {len(runs):>7}  {recall:.4f}  {precision:>9.4f}  {1000 * float(np.median(seconds)):>9.1f}"
              f"  {1000 * max(seconds):>6.1f}")

    phrases = sample_phrases(texts, args.samples, rng)
    queries = [(q, (lambda t, p=p: re.search(re.escape(p.split("|")[0]) + r"[\W_]+" + re.escape(p.split("|")[1]), t) is not None))
               for q, p in phrases]
    tp, expected, found, seconds = score(archive, texts, queries)
    print(f"phrase  {len(queries):>7}  {tp / max(expected, 1):.4f}  {tp / max(found, 1):>9.4f}"
          f"  {1000 * float(np.median(seconds)):>9.1f}  {1000 * max(seconds):>6.1f}")
    print(f"worst over lengths: recall {worst[0]:.4f}, precision {worst[1]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
