"""The build's steps after its workers, run alone on a built index: `python -m bench.build_tail INDEX [--procs 2]`.

Prints, as JSON lines, the CPU seconds of

* the identity step (`indexer.build._settle_identities`) given the organs
  the build holds, and reading every report's stored fields back (the way
  it ran before the workers sent them);
* the copy pass (`indexer.copystore.run_copy_pass`) as a full build runs it:
  every report's units just put in the unit cache by the workers.

The pass rewrites INDEX/copies.sqlite (compare it with `bench.copies_dump`),
so run it on a copy of an index (`cp -a`). CPU seconds, not wall: the
machine is shared; give the load average beside them.
"""
from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import sys
import time


def identity_step(index: str) -> dict:
    from indexer.build import _settle_identities
    from indexer.search.store import open_or_create

    ix = open_or_create(index)
    with ix.searcher() as searcher:
        fields = [searcher.stored_fields(d) for d in searcher.document_numbers(kind="report")]
    entries = {f["file"]: None for f in fields}
    organs = {f["file"]: (f["report_id"], f.get("organ"), f.get("agency_id", ""), f.get("agency", "")) for f in fields}
    out = {"step": "identity", "reports": len(fields)}
    for name, given in (("read_back_cpu", None), ("from_build_cpu", organs)):
        started = time.process_time()
        changed = _settle_identities(ix, entries, 0.0, given)
        out[name] = round(time.process_time() - started, 2)
        out["changed"] = len(changed)
    return out


def copy_pass(index: str, procs: int) -> dict:
    from indexer.copystore import run_copy_pass
    from indexer.copyunits import FILE
    from indexer.search.store import open_or_create

    ix = open_or_create(index)
    db = sqlite3.connect(f"file:{index}/{FILE}?mode=ro", uri=True)
    prepared = {rid: (content_hash, None) for rid, content_hash in db.execute("SELECT report_id, content_hash FROM units")}
    db.close()
    started, cpu = time.monotonic(), time.process_time()
    stats = run_copy_pass(ix, index, prepared, None, procs=procs)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"step": "copies", "wall": round(time.monotonic() - started, 1), "parent_cpu": round(time.process_time() - cpu, 1),
            "second_process_cpu": round(children.ru_utime + children.ru_stime, 1),
            "read_cpu": stats["read_cpu_seconds"], "paragraph_grouping_cpu": stats["paragraph_grouping"]["cpu_seconds"],
            "units_from": stats["units_from"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build_tail", description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--procs", type=int, default=2)
    args = parser.parse_args(argv)
    print(json.dumps(identity_step(args.index)), flush=True)
    print(json.dumps(copy_pass(args.index, args.procs)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
