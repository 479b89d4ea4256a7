"""Whether two copies.sqlite files hold the same findings: `python -m bench.copies_dump A B [...]`.

Prints, for each file, a digest of each table's rows (sorted; `meta` without
its `stats`, which hold timings), of every report's organ fields in the
index beside it and, when that index holds word vectors (`vectors.kv`), of
their words and values; says whether the files agree. Used to
show that a change to how the copy pass runs (e.g. over two processes)
leaves what it finds unchanged.
"""
from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

TABLES = ("reports", "facets", "units", "clusters")


def digests(path: str) -> dict[str, tuple[int, str]]:
    """table -> (rows, sha256 of the sorted rows) of the copies database at `path`."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    try:
        for table in TABLES + ("meta",):
            where = " WHERE key != 'stats'" if table == "meta" else ""
            rows = sorted(repr(tuple(r)) for r in db.execute(f"SELECT * FROM {table}{where}"))
            out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16])
    finally:
        db.close()
    try:
        out["organs"] = _organ_fields(Path(path).parent)
    except Exception:  # no index beside it
        pass
    model = Path(path).with_name("vectors.kv")
    if model.is_file():
        from gensim.models import KeyedVectors

        vectors = KeyedVectors.load(str(model))
        digest = hashlib.sha256("\n".join(vectors.index_to_key).encode("utf-8"))
        digest.update(vectors.vectors.tobytes())
        out["vectors"] = (len(vectors.index_to_key), digest.hexdigest()[:16])
    return out


def _organ_fields(index: Path) -> tuple[int, str]:
    """(reports, sha256 of every report's id and organ fields as the index stores them, sorted)."""
    from indexer.search.store import open_index

    with open_index(index).searcher() as searcher:
        rows = sorted(repr(tuple(f.get(k) for k in ("report_id", "agency_id", "agency", "organ")))
                      for f in (searcher.stored_fields(d) for d in searcher.document_numbers(kind="report")))
    return len(rows), hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def main(paths: list[str]) -> int:
    found = [digests(p) for p in paths]
    for path, d in zip(paths, found):
        print(path)
        for table, (rows, digest) in d.items():
            print(f"  {table:<9} {rows:>9,} rows  {digest}")
    same = all(d == found[0] for d in found[1:])
    print("identical" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
