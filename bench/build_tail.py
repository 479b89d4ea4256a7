"""The build's steps after its workers, run alone on a built index: `python -m bench.build_tail INDEX [--procs 2]`.

Prints, as JSON lines, the CPU seconds of

* the identity step (`indexer.build._settle_identities`) given the organs
  the build holds, and reading every report's stored fields back (the way
  it ran before the workers sent them);
* the copy pass (`indexer.copystore.run_copy_pass`), the count step and the
  vector step, as a full build runs them (`indexer.buildtail.copies_and_vectors`:
  every report's units just put in the unit cache by the workers, the
  vectors trained again): each step's wall, the pass's CPU seconds in the
  build process, in its second process and in the vector process, the
  process tree's PSS peak (sampled every `--sample` seconds).

The pass rewrites INDEX/copies.sqlite (compare it with `bench.copies_dump`)
and the vectors INDEX/vectors.kv, so run it on a copy of an index (`cp -a`).
Walls are noisy on a shared machine: give the load average beside them.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path


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


def as_build(index: str, corpus: str) -> dict:
    """What a fresh build's process holds when its tail starts, made again
    here: the scanned corpus, its tasks, the files added, the organs its
    workers sent (from the index's stored fields) and the identity step over
    them (what the tail's forked processes share with it). Returns what
    the build would hold on to (kept by the caller through the tail)."""
    from datetime import datetime, timezone

    from indexer import build
    from indexer.corpus import scan_corpus
    from indexer.forked import trim_heap
    from indexer.search.store import open_or_create

    entries, skipped = scan_corpus(corpus)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    tasks = [(entry, stamp) for entry in entries]
    ix = open_or_create(index)
    organs = {}
    with ix.searcher() as searcher:
        for docnum in searcher.document_numbers(kind="report"):
            f = searcher.stored_fields(docnum)
            organs[f["file"]] = (f["report_id"], f.get("organ"), f.get("agency_id", ""), f.get("agency", ""))
    summary = build.BuildSummary(added=[e.relpath for e in entries], skipped=[(s.file, s.reason) for s in skipped])
    recorded = {e.relpath for e in entries}
    build._settle_identities(ix, {e.relpath: e for e in entries}, 0.0, organs)
    trim_heap()
    return {"entries": entries, "tasks": tasks, "organs": organs, "summary": summary, "recorded": recorded}


def copies_and_vectors(index: str, procs: int, entries: int, sample: float) -> dict:
    """The copy pass, the count step and the vector step (`indexer.buildtail.copies_and_vectors`)
    as a full build of `entries` files runs them, with the timeline's figures of each."""
    from indexer import build, buildtail
    from indexer.copyunits import FILE
    from indexer.search.facetcache import CACHE_DIR
    from indexer.search.store import build_lock, open_or_create
    from indexer.timeline import Timeline
    from indexer.vectors import MODEL_FILE, STAMP_FILE

    ix = open_or_create(index)
    db = sqlite3.connect(f"file:{index}/{FILE}?mode=ro", uri=True)
    prepared = {rid: (content_hash, None) for rid, content_hash in db.execute("SELECT report_id, content_hash FROM units")}
    db.close()
    # as after a build: the vectors trained again, each segment's facet pairs read again (the count step)
    for name in (MODEL_FILE, STAMP_FILE):
        (Path(index) / name).unlink(missing_ok=True)
    shutil.rmtree(Path(index) / CACHE_DIR, ignore_errors=True)
    run_copy_pass, beside = buildtail.run_copy_pass, {}

    def timed_pass(*args, **kwargs):  # the pass's second process is reaped when it returns, the vectors' not yet
        stats = run_copy_pass(*args, **kwargs)
        beside["cpu"] = _children_cpu()
        return stats

    buildtail.run_copy_pass = timed_pass
    summary, timeline = build.BuildSummary(), Timeline(sample=sample)
    started = time.monotonic()
    try:
        with build_lock(index) as lock_fd:
            buildtail.copies_and_vectors(ix, index, lock_fd, prepared, summary, timeline, procs=procs, dask=None,
                                         large=entries > build.VECTORS_TRAIN_BESIDE, changed=True)
    finally:
        buildtail.run_copy_pass = run_copy_pass
        timeline.close()
    steps = {s["name"]: s for s in timeline.as_dicts()}
    copies = steps["copies"]
    return {"step": "copies+count+vectors", "wall": round(time.monotonic() - started, 1),
            "copies_wall": copies["seconds"], "copies_parent_cpu": copies["parent_cpu_seconds"],
            "copies_tree_cpu": copies["cpu_seconds"], "pass_second_process_cpu": round(beside.get("cpu", 0.0), 1),
            "vector_process_cpu": round(_children_cpu() - beside.get("cpu", 0.0), 1),
            "count_wall": steps["count"]["seconds"], "vectors_wall": steps["vectors"]["seconds"],
            "peak_pss_mb": max(s["peak_pss_mb"] for s in steps.values()),
            "peaks": {name: s["peak_pss_mb"] for name, s in steps.items()},
            "sampler_cpu": round(sum(s.get("sampler_cpu_seconds", 0.0) for s in steps.values()), 2),
            "read_cpu": summary.copies["read_cpu_seconds"],
            "paragraph_grouping_cpu": summary.copies["paragraph_grouping"]["cpu_seconds"],
            "vectors": {k: summary.vectors.get(k) for k in ("digest", "trained", "words", "cpu_seconds", "seconds",
                                                            "read_cpu_seconds")}}


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _reports(index: str) -> int:
    from indexer.search.store import open_or_create

    with open_or_create(index).searcher() as searcher:
        return sum(1 for _ in searcher.document_numbers(kind="report"))


def main(argv: list[str] | None = None) -> int:
    import gc

    from indexer import build
    from indexer.forked import trim_heap

    parser = argparse.ArgumentParser(prog="python -m bench.build_tail", description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--sample", type=float, default=0.3, help="seconds between samples of the tree's PSS")
    parser.add_argument("--no-identity", action="store_true", help="the copy pass and the vectors only")
    parser.add_argument("--as-build", metavar="CORPUS",
                        help="first hold what a fresh build of CORPUS holds when its tail starts (see `as_build`)")
    args = parser.parse_args(argv)
    held = as_build(args.index, args.as_build) if args.as_build else None
    if held is not None and hasattr(build, "_index_files"):  # the build lets go of them before its tail
        held = None
        gc.collect()
        trim_heap()
    if not args.no_identity:
        print(json.dumps(identity_step(args.index)), flush=True)
    print(json.dumps(copies_and_vectors(args.index, args.procs, _reports(args.index), args.sample)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
