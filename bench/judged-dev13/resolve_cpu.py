"""`PYTHONPATH=. python bench/judged-dev13/resolve_cpu.py INDEX` (e18c): CPU of identity.resolve on the 20k index's records: as stored (no URLs), and with every
record given a per-organ column of one site per county (5% unnamed). Medians of 3."""
import dataclasses, statistics, sys, time, zlib
from indexer import identity
from indexer.search.store import open_index
with open_index(sys.argv[1]).searcher() as s:
    fields = [s.stored_fields(d) for d in s.document_numbers(kind="report")]
recs = [identity.OrganRecord.from_json(f["organ"]) for f in fields if f.get("organ")]
years = {f["report_id"]: f.get("year") for f in fields}
def with_columns(r, i):
    site = f"s{zlib.crc32(r.key.split(':')[0][:6].encode()) % 3000}.gov.cn"
    folder = f"o{zlib.crc32((r.key or r.written).encode()) % 100000}"
    unnamed = i % 20 == 0
    return dataclasses.replace(r, written="" if unnamed else r.written, key="" if unnamed else r.key,
                               column=f"{site}/xz/{folder}/gknb", year=years.get(r.report_id), organ_type="人民政府", level="乡镇街道")
published = [with_columns(r, i) for i, r in enumerate(recs)]
for name, rs in (("stored", recs), ("columns", published)):
    times = []
    for _ in range(3):
        t = time.process_time(); out = identity.resolve(rs); times.append(time.process_time() - t)
    tied = sum(1 for r in rs if not r.written and out[r.report_id].agency_id)
    print(name, len(rs), "records; resolve CPU median", round(statistics.median(times), 3), "s; unnamed tied", tied)
