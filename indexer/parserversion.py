"""Which reading of the files an index holds: the parser's version.

An index keeps what the code of its build made of each file. When that code
changes (a reader, a parser rule, a place table, the classifier, the words
of the analyser), the files' sizes and times stay the same, so an
incremental build would keep the old reading. `parser_version()` is a digest
of every code and data file that turns a corpus file into its documents
(`PARTS`); the build records it beside the index (`PARSER_FILE`) after each
commit, and reads every file again when the recorded one differs.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: What a report's documents are made with, relative to the `indexer` package:
#: folders (every file below them) and single modules.
PARTS = ("readers", "parser", "places", "data", "corpus.py", "model.py", "identity.py", "columns.py", "categories.py",
         "category_model.py", "search/documents.py", "search/analysis.py", "search/exact.py")
#: Beside the index: the parser version of its last committed build.
PARSER_FILE = "PARSER"


def code_digest(root: Path, parts=PARTS) -> str:
    """A digest of the files of `parts` under `root` (names and bytes, in
    name order; caches and compiled files left out)."""
    h = hashlib.sha256()
    for part in parts:
        path = root / part
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            rel = file.relative_to(root).as_posix()
            if "__pycache__" in rel or file.suffix in (".pyc", ".pyo"):
                continue
            try:
                data = file.read_bytes()
            except FileNotFoundError:
                data = b""
            h.update(f"{rel}\0{len(data)}\0".encode())
            h.update(data)
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def parser_version() -> str:
    """The version of this code's reading of files (`code_digest` of the package)."""
    return code_digest(PACKAGE)


def recorded_version(index_dir) -> str | None:
    """The parser version recorded beside the index, or None when none is."""
    try:
        return (Path(index_dir) / PARSER_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def record_version(index_dir, version: str) -> None:
    """Record `version` beside the index (after a commit; an OSError is the caller's)."""
    path = Path(index_dir) / PARSER_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(version + "\n", encoding="utf-8")
    tmp.replace(path)
