"""The parser's CPU alone: `python -m bench.parse_cpu [--synthetic N | --real] [--limit K] [--repeats R]`.

Reads the texts first (`read_document`, not timed), parses the first one to
warm the caches, then times `parse_report` over the others and prints CPU
milliseconds a report. `--synthetic N` (default 600): reports 200… of
bench.worker's synthetic corpus (bench.run's corpus-n20000-s0 when it is
there, else 200 + N reports made afresh); `--real`: corpus/ and the development bench sets (no held-out
set: judged, judged-fresh, judged-fresh2 are left out).

`--digests OUT` writes, instead of timing, one line a text: the sha256 of
its whole `parse_report` output (the `Report` as JSON; a ParseError's
message), parsed in one process as a worker parses them (the memos warm):
`cmp` two revisions' files to show a speed change left the parser's output
alone (e10z).

For instruction counts, run it under valgrind twice and subtract, as e10o
and e10q did (the one-time loading cancels out):

    PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        python -m bench.parse_cpu --limit 302 --repeats 0      # minus the same with --limit 2
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = {"judged", "judged-fresh", "judged-fresh2"}


def real_paths() -> list[Path]:
    from bench.recall import READABLE, _set_note

    paths = [p for p in sorted((ROOT / "corpus").iterdir()) if p.suffix.lower() in READABLE]
    for folder in sorted((ROOT / "bench").iterdir()):
        if folder.is_dir() and folder.name not in HELD_OUT | {"out", "__pycache__"}:
            paths += [p for p in sorted(folder.iterdir()) if p.suffix.lower() in READABLE and not _set_note(p)]
    return paths


def synthetic_paths(count: int) -> list[Path]:
    import tempfile

    from bench.worker import _synthetic
    from indexer.corpus import scan_corpus

    folder = _synthetic(200 + count, Path(tempfile.mkdtemp(prefix="parse_cpu-")))
    entries, _ = scan_corpus(folder)
    return [Path(e.path) for e in entries[200:200 + count]]


def texts_of(paths: list[Path]) -> list[str]:
    from indexer.readers import read_document

    texts = []
    for path in paths:
        try:
            texts.append(read_document(path).text)
        except Exception:  # unreadable files are no parser work
            continue
    return texts


def output_digest(text: str) -> str:
    """The sha256 of everything `parse_report(text)` returns (or the ParseError it raises)."""
    import dataclasses
    import hashlib
    import json

    from indexer.errors import ParseError
    from indexer.parser import parse_report

    try:
        shown = json.dumps(dataclasses.asdict(parse_report(text)), ensure_ascii=False, sort_keys=True, default=repr)
    except ParseError as error:
        shown = f"ParseError {error}"
    return hashlib.sha256(shown.encode("utf-8")).hexdigest()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=600, help="synthetic reports to parse")
    parser.add_argument("--real", action="store_true", help="the real development archive instead")
    parser.add_argument("--limit", type=int, help="parse only the first K texts (instruction counts)")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes (0: parse once, untimed)")
    parser.add_argument("--digests", help="write each text's output digest to this file instead of timing")
    args = parser.parse_args(argv)

    from indexer.errors import ParseError
    from indexer.parser import parse_report

    texts = texts_of(real_paths() if args.real else synthetic_paths(args.synthetic))[:args.limit]

    def parse(text):
        try:
            parse_report(text)
        except ParseError:
            pass

    if args.digests:
        with open(args.digests, "w", encoding="utf-8") as out:
            for text in texts:
                out.write(output_digest(text) + "\n")
        return 0
    parse(texts[0])
    if not args.repeats:
        for text in texts[1:]:
            parse(text)
        return 0
    for _ in range(args.repeats):
        begun = time.process_time()
        for text in texts[1:]:
            parse(text)
        spent = time.process_time() - begun
        print(f"{len(texts) - 1} {'real' if args.real else 'synthetic'} reports: "
              f"{spent * 1000 / max(1, len(texts) - 1):.3f} CPU ms a report")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
