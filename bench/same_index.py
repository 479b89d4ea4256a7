"""Is the index the same? `python -m bench.same_index --rev REV [--real] [--synthetic N]`.

Builds an index of the same corpus twice, with the code of git revision REV
(exported into a temporary directory) and with this tree's code, each with
`python -m indexer build` in its own process, then compares what the two
indexes hold (`content`): every document's stored fields and columns (the
stored report as what it decompresses to), and every field's postings
(term, document, weight, value bytes: positions for the gram field),
documents named by their stored id (worker order makes document numbers
differ from build to build). Prints the first differences
and exits 1 when there are any. `--compare A B` compares two existing indexes.

The build's time stamp (`indexed_at`) is the only field left out.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Differs from build to build by design.
VOLATILE = {"indexed_at"}
#: Columns of zlib streams (`documents.pack_report`).
COMPRESSED = {"report_blob"}


def content(index_dir) -> dict:
    """What the index in `index_dir` holds, keyed by (what, name, document id):
    ("stored", field, id) -> value, ("column", field, id) -> value, and
    ("postings", field, term) -> digest of its sorted (id, weight, value) list."""
    from indexer.search.store import open_index

    ix = open_index(index_dir)
    out: dict = {}
    with ix.reader() as reader:
        ids = {}
        for docnum, stored in reader.iter_docs():
            doc_id = stored["id"]
            ids[docnum] = doc_id
            for name, value in stored.items():
                if name not in VOLATILE:
                    out[("stored", name, doc_id)] = value
        schema = ix.schema
        for name in schema.names():
            field = schema[name]
            if field.column_type and reader.has_column(name):
                column = reader.column_reader(name)
                for docnum, doc_id in ids.items():
                    value = column[docnum]
                    # a compressed column is compared as what it holds: its compressor may change
                    out[("column", name, doc_id)] = zlib.decompress(value) if value and name in COMPRESSED else value
        for name in schema.names():
            if not schema[name].indexed:
                continue
            for term in reader.lexicon(name):
                postings = reader.postings(name, term)
                rows = []
                while postings.is_active():
                    docnum = postings.id()
                    if docnum in ids:  # live documents only
                        rows.append((ids[docnum], postings.weight(), postings.value() or b""))
                    postings.next()
                rows.sort()
                if rows:
                    digest = hashlib.blake2b(repr(rows).encode("utf-8"), digest_size=16).hexdigest()
                    out[("postings", name, term)] = (len(rows), digest)
    return out


def differences(a: dict, b: dict, limit: int = 20) -> list[str]:
    """What differs between two `content` results (at most `limit` lines, then a count)."""
    lines = []
    keys = set(a) | set(b)
    for key in sorted(keys, key=repr):
        if a.get(key, "<absent>") != b.get(key, "<absent>"):
            lines.append(f"{key}: {str(a.get(key, '<absent>'))[:120]} != {str(b.get(key, '<absent>'))[:120]}")
    if len(lines) > limit:
        lines = lines[:limit] + [f"... {len(lines) - limit} more"]
    return lines


def _build(code_dir: Path, corpus: Path, index: Path) -> float:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index),
                           "--force", "--quiet"], cwd=code_dir, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the build with the code in {code_dir} failed:\n{done.stderr[-2000:]}")
    return time.monotonic() - started


def _export(rev: str, target: Path) -> Path:
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.same_index", description=__doc__.split("\n")[0])
    parser.add_argument("--rev", default="main", help="the code to compare with (a git revision)")
    parser.add_argument("--real", action="store_true", help="the real archive (corpus/ + every bench report)")
    parser.add_argument("--synthetic", type=int, default=0, help="the first N reports of a synthetic corpus")
    parser.add_argument("--corpus", type=Path, help="another corpus directory")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two built indexes")
    args = parser.parse_args(argv)
    if args.compare:
        found = differences(content(args.compare[0]), content(args.compare[1]))
        print("\n".join(found) or "identical")
        return 1 if found else 0
    from bench.recall import archive_corpus
    from bench.worker import _synthetic

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpora = []
        if args.real or not (args.synthetic or args.corpus):
            corpora.append(("real", archive_corpus(tmp_path / "real")))
        if args.synthetic:
            source = _synthetic(args.synthetic, tmp_path)
            folder = tmp_path / "synthetic"
            folder.mkdir()
            for name in sorted(os.listdir(source))[:args.synthetic]:
                shutil.copyfile(source / name, folder / name)
            corpora.append((f"synthetic {args.synthetic}", folder))
        if args.corpus:
            corpora.append((str(args.corpus), args.corpus.resolve()))
        old_code = _export(args.rev, tmp_path / "old")
        status = 0
        for name, corpus in corpora:
            old_s = _build(old_code, corpus, tmp_path / f"old-index-{len(name)}")
            new_s = _build(ROOT, corpus, tmp_path / f"new-index-{len(name)}")
            a, b = content(tmp_path / f"old-index-{len(name)}"), content(tmp_path / f"new-index-{len(name)}")
            found = differences(a, b)
            postings = sum(1 for k in a if k[0] == "postings")
            print(f"{name}: {len(a)} entries ({postings} terms) at {args.rev} vs this tree "
                  f"(builds {old_s:.0f} s / {new_s:.0f} s wall): {'identical' if not found else 'DIFFERENT'}")
            for line in found:
                print("  " + line)
            status = status or bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main())
