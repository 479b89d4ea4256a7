"""What the identity step's column ties (`indexer.columns`) do on a built index:
`python -m bench.column_ties INDEX`.

Prints, for every report without an organ of its own (no name, or a placeless one,
地点未知) that was published in a government site's column, the column, the other
reports stored in it (id, year, organ key, type, level) and the organ it was tied to,
if any; then the counts (reports tied, organs they joined, columns holding loose
reports). Every tie printed is to be checked by reading the two reports.
"""
from __future__ import annotations

import sys
from collections import defaultdict


def main(index: str) -> int:
    from indexer import identity
    from indexer.search.store import open_index

    with open_index(index).searcher() as searcher:
        fields = [searcher.stored_fields(d) for d in searcher.document_numbers(kind="report")]
    records = [identity.OrganRecord.from_json(f["organ"]) for f in fields if f.get("organ")]
    resolved = identity.resolve(records)
    by_column = defaultdict(list)
    for r in records:
        if r.column:
            by_column[r.column].append(r)
    tied, organs, columns = 0, set(), 0
    for column, members in sorted(by_column.items()):
        loose = [r for r in members if not r.key and not resolved[r.report_id].agency_id.split(":")[0].isdigit()]
        if not loose:
            continue
        columns += 1
        print(column)
        for r in sorted(members, key=lambda r: (r.year or 0, r.report_id)):
            ident = resolved[r.report_id]
            mark = "  *" if r in loose else "   "
            print(f"{mark} {r.report_id}\t{r.year}\t{r.written or '(unnamed)'}\t{r.organ_type}/{r.level}\t-> {ident.agency_id}")
            if r in loose and ident.agency_id and not ident.place_unknown:
                tied += 1
                organs.add(ident.agency_id)
    print(f"columns holding a report without an organ of its own: {columns}; tied: {tied} reports to {len(organs)} organs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
