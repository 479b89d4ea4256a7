"""`python -m indexer classify (TEXT | --file FILE) [--json]`: categories of
problem statements, each with the cues that matched."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from indexer.categories import classify, load_taxonomy
from indexer.errors import ReadError


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("classify", help="classify problem statements into categories")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("text", nargs="?", help="one problem statement")
    source.add_argument("--file", type=Path, help="a UTF-8 file with one statement per line")
    parser.add_argument("--taxonomy", type=Path, help="categories JSON file (default: the packaged one)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    return parser


def _statements(args) -> list[str]:
    if args.file is None:
        return [args.text]
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{args.file} is not UTF-8 text") from exc
    return [line.strip() for line in text.splitlines() if line.strip()]


def run(args) -> int:
    taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy else None
    for text in _statements(args):
        matches = classify(text, taxonomy)
        if args.json:
            row = {"text": text, "categories": [{"id": m.id, "name": m.name, "cues": m.cues} for m in matches]}
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(text)
            for m in matches:
                cues = "、".join(m.cues) if m.cues else "（无匹配线索）"
                print(f"  {m.id:<15} {m.name}  ← {cues}")
    return 0
