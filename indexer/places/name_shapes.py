"""What an organ's name can look like, as data: `data/organ_name_shapes.tsv`.

    pattern("organ_suffix") -> "人民政府办公室|…|局|…"   # a shape's entries joined for a regex
    words("short_word")     -> ("监管局=监督管理局",)     # a shape's entries as written

Loaded once per process. The parser (`indexer.parser.names`) builds its
regular expressions from these; the knowledge lives here, with the other
organ data, so a new shape of name is a line in the file, not a new rule.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).resolve().parent / "data" / "organ_name_shapes.tsv"


@lru_cache(maxsize=1)
def _shapes() -> dict[str, tuple[str, ...]]:
    with _FILE.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE)
        shapes: dict[str, list[str]] = {}
        for row in rows:
            shapes.setdefault(row["shape"], []).append(row["pattern"])
    return {k: tuple(v) for k, v in shapes.items()}


def words(shape: str) -> tuple[str, ...]:
    """The entries of `shape` in file order; raises KeyError for an unknown shape."""
    return _shapes()[shape]


def pattern(shape: str) -> str:
    """The entries of `shape` as one alternation, each entry grouped: `(?:a|b)`."""
    return "(?:" + "|".join(f"(?:{w})" for w in words(shape)) + ")"
