"""Full exports from the cluster: every exact match as a `HitRecord`, in search order (`SphinxArchive.export`).

As in the embedded index (`indexer.search.Archive.export`): the query is
checked and the order fixed when the export starts (a QueryError then, never
while streaming), only exact matches are exported (not the best matches on
words a page may add), and the records are read a batch at a time, so memory
stays flat however many there are (the order itself is one integer a
document). The order is one statement with room for every match, sorted as
`search` sorts; each batch is then read by id, with the reports whose
statements it holds, for their organ facts and official page.
"""
from __future__ import annotations

from typing import Iterator

from indexer.errors import QueryError
from indexer.model import Report
from indexer.search.choices import SORTS
from indexer.search.hits import KnownOrgans, hit_text
from indexer.search.query import needles
from indexer.search.results import HitRecord, organ_facts
from indexer.search.sphinx.conf import SEARCH_INDEX
from indexer.search.sphinx.facets import sql_list
from indexer.search.sphinx.rows import KIND_CODES, hash63, unpack
from indexer.search.sphinx.selection import select

_ROW = "id, doc_key, report_key, kind, agency, year, facts, record"


def order_sql(ranked: bool, sort: str) -> str:
    """ORDER BY of a search (`SphinxArchive.search`): relevance, then id; or year, kind, id."""
    if ranked:
        return "WEIGHT() DESC, id ASC"
    return "year ASC, kind ASC, id ASC" if sort == "year_asc" else "year DESC, kind ASC, id ASC"


def export(archive, query="", filters=None, exclude=None, kind=None, sort="relevance", narrowing=None,
           batch=200) -> tuple[int, Iterator[HitRecord]]:
    """(total, every exact match as a HitRecord in search order) from `archive` (a SphinxArchive). Raises QueryError."""
    if sort not in SORTS:
        raise QueryError(f"未知的排序 {sort!r}（sort must be one of {', '.join(SORTS)}）")
    chosen = select(query, filters, exclude, kind, narrowing, archive._values)
    match = chosen.match()
    ranked = chosen.parsed is not None and sort == "relevance"
    where, params = chosen.where(match), [match] if match else None
    sets, _ = archive._run(f"SELECT id FROM {SEARCH_INDEX} {where} LIMIT 1 OPTION ranker=none; SHOW META", params)
    total = int(dict(sets[-1]).get("total_found", 0))
    order: list[int] = []
    if total:
        sets, _ = archive._run(f"SELECT id FROM {SEARCH_INDEX} {where} ORDER BY {order_sql(ranked, sort)} LIMIT {total} "
                               f"OPTION max_matches={total}, ranker={'proximity_bm25' if ranked else 'none'}", params)
        order = [row[0] for row in sets[0]]
    wanted = needles(chosen.parsed) if chosen.parsed is not None else []
    return len(order), _records(archive, order, wanted, chosen.sections, max(1, int(batch)))


def _records(archive, order: list[int], wanted, sections, batch: int) -> Iterator[HitRecord]:
    facts = KnownOrgans()
    for start in range(0, len(order), batch):
        ids = order[start:start + batch]
        rows = {row[0]: tuple(row) + (0.0, "exact") for row in _by_id(archive, ids, _ROW)}  # score 0, as embedded
        parents = {row[2] for row in rows.values() if row[3] == KIND_CODES["problem"] and row[2] not in facts}
        reports = {row[0]: Report.from_dict(unpack(row[1])["report"])
                   for row in _by_id(archive, [hash63(r) for r in parents], "doc_key, record")}
        for doc in ids:
            row = rows.get(doc)
            if row is None:  # deleted since the export began
                continue
            yield _record(archive, row, wanted, sections, facts, reports)


def _by_id(archive, ids: list[int], columns: str) -> list[tuple]:
    if not ids:
        return []
    sets, _ = archive._run(f"SELECT {columns} FROM {SEARCH_INDEX} WHERE id IN {sql_list(ids)} "
                           f"LIMIT {len(ids)} OPTION max_matches={len(ids)}, ranker=none")
    return [tuple(row) for row in sets[0]]


def _record(archive, row, wanted, sections, facts, reports) -> HitRecord:
    hit = archive._hit(row, wanted, sections, True)
    data = unpack(row[7])
    if hit.kind == "problem":
        text = data.get("text", "")
        known = facts.get(hit.report_id) or organ_facts(reports.get(hit.report_id))
    else:
        report = Report.from_dict(data["report"])
        text = hit_text(hit, report)
        known = organ_facts(report)
    facts.keep(hit.report_id, known)
    province, city, county, source_url = known
    return HitRecord(hit=hit, text=text, province=province, city=city, county=county, source_url=source_url)
