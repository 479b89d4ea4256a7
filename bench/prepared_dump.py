"""Is a build worker's output the same? `python -m bench.prepared_dump OUT [--synthetic N]`.

Runs the build worker's step (`build._prepare`: read, parse, classify,
segment, copy units) over the real archive (`corpus/` plus every bench
report, as `bench.recall` gathers them) and the first N reports of the
synthetic corpus (`bench.worker`'s), and writes one JSON line per file: the
parsed report as the index stores it (`report_blob`, decoded), and a digest
of everything else the worker hands the writer (every document's fields,
word postings, gram terms, copy units, decoded from their packing).

`--compare A B` prints the files whose lines differ (the first few fields
that differ in each) and exits 1 when any do: run it on the dumps of two
revisions to show a speed change left the parser's and the worker's output
alone. The file's time stamp (`file_stat`) is left out.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _canonical(value):
    """A JSON-able form of a document field, with packed values decoded."""
    from indexer.search.analysis import Postings
    from indexer.search.wordnumbers import Words
    from indexer.search.exact import GramTerms

    if isinstance(value, GramTerms):
        return {"gram_keys": np.asarray(value.keys).tolist(), "positions": np.asarray(value.positions).tolist()}
    if isinstance(value, Words):
        value = value.postings()
    if isinstance(value, Postings):
        return sorted([t.decode("utf-8"), f, w, v.hex()] for t, f, w, v in value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def dump_entry(entry) -> dict:
    """The worker's output for one corpus entry, as one JSON-able row."""
    from indexer.build import _prepare
    from indexer.copyunits import unpack
    from indexer.search.documents import unpack_report

    outcome = _prepare((entry, "2026-01-01T00:00:00+00:00"))
    if outcome[0] != "ok":
        return {"file": entry.relpath, "skip": outcome[2]}
    _, relpath, report_id, content_hash, docs, units = outcome[:6]
    report = json.loads(json.dumps(vars(unpack_report(docs[0]["report_blob"])), default=vars, ensure_ascii=False))
    rest = []
    for doc in docs:
        doc = {k: v for k, v in doc.items() if k not in ("file_stat", "report_blob")}
        rest.append(_canonical(doc))
    rest.append([vars(u) for u in unpack(units)])
    digest = hashlib.sha256(json.dumps(rest, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return {"file": relpath, "report_id": report_id, "content_hash": content_hash, "report": report,
            "documents": digest}


def dump(out: Path, synthetic: int) -> int:
    from bench.recall import archive_corpus
    from bench.worker import _synthetic
    from indexer.corpus import scan_corpus
    from indexer.search import analysis, exact

    analysis.warm_up()
    exact.warm_up()
    count = 0
    with tempfile.TemporaryDirectory() as tmp, open(out, "w", encoding="utf-8") as sink:
        folders = [(archive_corpus(Path(tmp) / "real"), 0)]
        if synthetic:
            folders.append((_synthetic(synthetic, Path(tmp)), synthetic))
        for folder, limit in folders:
            entries, _ = scan_corpus(folder)
            for entry in entries[:limit] if limit else entries:
                sink.write(json.dumps(dump_entry(entry), ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    return count


def compare(a: Path, b: Path, show: int = 10) -> int:
    def rows(path):
        with open(path, encoding="utf-8") as f:
            return {row["file"]: row for row in map(json.loads, f)}

    left, right = rows(a), rows(b)
    differ = sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))
    for name in differ[:show]:
        x, y = left.get(name) or {}, right.get(name) or {}
        fields = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
        if "report" in fields and x.get("report") and y.get("report"):
            fields += [f"report.{k}" for k in sorted(x["report"].keys() | y["report"].keys())
                       if x["report"].get(k) != y["report"].get(k)]
        print(f"{name}: {', '.join(fields)}")
    print(f"{len(left)} and {len(right)} files, {len(differ)} differ")
    return 1 if differ else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.prepared_dump", description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", help="the JSON-lines file to write")
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic reports too (0: none)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two dumps")
    args = parser.parse_args(argv)
    if args.compare:
        return compare(Path(args.compare[0]), Path(args.compare[1]))
    if not args.out:
        parser.error("give OUT or --compare A B")
    print(f"{dump(Path(args.out), args.synthetic)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
