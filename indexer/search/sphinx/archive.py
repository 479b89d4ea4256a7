"""`SphinxArchive`: the read side of the archive over a Sphinx/Manticore cluster.

The same methods and result objects as `indexer.search.Archive`, so the web
layer does not know which engine answers. Every query goes to the
aggregator's distributed index (`conf.SEARCH_INDEX`); the aggregator fans
it out to the shard nodes. A shard that does not answer is not an error:
Sphinx reports it only in SHOW WARNINGS, and the answer comes back with
`partial=True` (the page says so, the API carries `partial: true`).

Queries are parsed by the embedded index's own parser and matched by the
same rules (`matching`); facets are counted exactly and shaped the same way
(`facets`); snippets are cut by the same code (`indexer.search.highlight`)
from the stored text, so a page reads the same on both backends. What
differs is said where it is decided, and tested (tests/scale/test_contract.py).
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Iterator

import pymysql

from indexer.errors import IndexUnavailableError, NotFoundError, QueryError
from indexer.model import STANDARD_SECTIONS, Report
from indexer.search.choices import check_paging, filter_values
from indexer.search.documents import section_texts
from indexer.search.highlight import SCAN_LIMIT, report_hit, snippet
from indexer.search.narrowing import HAS_PROBLEMS
from indexer.search.query import needles
from indexer.search.results import (FACET_FIELDS, UNKNOWN, Facet, FacetValue, Hit, HitRecord, SearchResult, StoredProblem,
                                    StoredReport, region_depths)
from indexer.search.sphinx import bestmatch, kinds
from indexer.search.sphinx.conf import SEARCH_INDEX
from indexer.search.sphinx import export as exports
from indexer.search.sphinx.facets import FACET_GROUPS, FACET_GROUPS_MAX, ValueDictionary, counted, every_value, facet
from indexer.search.sphinx.lift import Statistics
from indexer.search.sphinx.matching import needle_expression
from indexer.search.sphinx.rows import KIND_CODES, KIND_NAMES, hash63, unpack, unpack_facts
from indexer.search.sphinx.selection import grouped, select

REGION_TOTAL = "region total"
STATING = "stating"
_HIT_COLUMNS = "id, doc_key, report_key, kind, agency, year, facts, {text}, WEIGHT()"  # text: record, or facts again
_RECORD_COLUMNS = "doc_key, kind, record, file, content_hash, report_key, agency, year"


def _split(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host or "127.0.0.1", int(port)


class SphinxArchive:
    def __init__(self, address: str, timeout: float = 10.0):
        """Read the archive through the SphinxQL aggregator at `address` ("host:port")."""
        self.address = address
        self._host, self._port = _split(address)
        self._timeout = timeout
        self._local = threading.local()
        self._values = ValueDictionary(self._run)
        self._kept: dict = {}  # what reading a query keeps between searches (`lift.Statistics`)
        self._connection()  # fail now, not on the first page, when nothing listens

    # -- connection --------------------------------------------------------------
    def _connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None:
            try:
                connection = pymysql.connect(host=self._host, port=self._port, autocommit=True, charset="utf8",
                                             connect_timeout=self._timeout, read_timeout=self._timeout * 3)
            except pymysql.err.OperationalError as exc:
                raise IndexUnavailableError(f"the search cluster at {self.address} does not answer: {exc}") from exc
            self._local.connection = connection
        return connection

    def _run(self, sql: str, params=None) -> tuple[list[list[tuple]], bool]:
        """All result sets of one statement, and whether a shard failed to answer (partial)."""
        for attempt in (0, 1):
            try:
                with self._connection().cursor() as cursor:
                    cursor.execute(sql, params)
                    sets = [list(cursor.fetchall())]
                    while cursor.nextset():
                        sets.append(list(cursor.fetchall()))
                    cursor.execute("SHOW WARNINGS")
                    partial = bool(cursor.fetchall())
                return sets, partial
            except (pymysql.err.OperationalError, pymysql.err.InterfaceError) as exc:
                self._local.connection = None  # reconnect once: the aggregator may have restarted
                if attempt:
                    raise IndexUnavailableError(f"the search cluster at {self.address} does not answer: {exc}") from exc
            except pymysql.err.MySQLError as exc:
                message = str(exc.args[-1]).rstrip("\x00") if exc.args else str(exc)
                if "agent" in message or "no enabled" in message:
                    raise IndexUnavailableError(f"no shard of the search cluster answers: {message}") from exc
                raise QueryError(f"无法执行这个查询（search engine refused it）: {message}") from exc
        raise AssertionError("unreachable")

    # -- search ----------------------------------------------------------------
    def search(self, query="", filters=None, exclude=None, sort="relevance", page=1, per_page=20,
               kind=None, facet_limit=10, facets=True, highlight=True, narrowing=None) -> SearchResult:
        """Search reports and problem statements; see `indexer.search.Archive.search`. Raises QueryError.

        `kind_totals` splits the result by kind as the embedded index does (`kinds`: where it differs).
        """
        check_paging(sort, page, per_page)
        chosen = select(query, filters, exclude, kind, narrowing, self._values)
        start = (page - 1) * per_page
        ranked = chosen.parsed is not None and sort == "relevance"
        order = exports.order_sql(ranked, sort)
        rows, total, partial = self._rows(chosen, chosen.match(), order, start, per_page, ranked, highlight)
        exact_total, best = total, None
        if ranked:
            best = bestmatch.read(Statistics(self._run, self._kept), query, chosen.parsed, exact_total, chosen.fields, kind)
        match, only = chosen.match(), None
        if best is not None:  # few exact hits: best matches on words follow them (issue 18)
            only = chosen.match(f"({best.expression}) -({chosen.expression})")
            before = exact_total
            for tier in map(chosen.match, best.tiers(chosen.expression)):
                more, more_total, more_partial = self._rows(chosen, tier, order, max(0, start - before),
                                                            per_page - len(rows), ranked, highlight)
                rows, total, before = rows + [row[:-1] + ("words",) for row in more], total + more_total, before + more_total
                partial = partial or more_partial
            match = chosen.match(f"({chosen.expression}) | ({best.expression})")
        counted_facets, by_kind, problem_counts = {}, {}, {}
        if facets:
            tallies, more_partial = self._facet_tallies(chosen, match)
            partial = partial or more_partial
            for name in FACET_FIELDS:
                counts, unknown, labels = counted(self._values, name, tallies[name])
                chosen_values, left_out = chosen.filters.get(name, []), chosen.exclude.get(name, [])
                labels.update(self._values.labels(name, [v for v in chosen_values + left_out if v not in counts]))
                counted_facets[name] = facet(name, counts, unknown, labels, chosen_values, left_out, facet_limit)
                if name == "region":
                    counted_facets[name].depths = region_depths(counts, sum(c for _, c in tallies[REGION_TOTAL]),
                                                                chosen_values, left_out)
            by_kind, more_partial = self._kind_totals(chosen, only, counted(self._values, "kind", tallies["kind"])[0])
            partial = partial or more_partial
            stated = dict(tallies[STATING])
            problem_counts = {"yes": int(stated.get(1, 0)), "no": int(stated.get(0, 0))}
        wanted = needles(chosen.parsed) if chosen.parsed is not None else []
        hits = [self._hit(row, best.words, best.sections or chosen.sections, highlight) if row[-1] == "words"
                else self._hit(row, wanted, chosen.sections, highlight) for row in rows]
        read_as = best.read_as if best is not None and total > exact_total else None  # and best matches came
        return SearchResult(query=query, total=total, page=page, per_page=per_page, hits=hits, facets=counted_facets,
                            sort=sort, exact_total=exact_total, partial=partial, kind_totals=by_kind,
                            problem_counts=problem_counts, read_as=read_as)

    def _kind_totals(self, chosen, only, by_kind: dict[str, int]) -> tuple[dict[str, int], bool]:
        """The result split by kind whatever `kind` asks for (`kinds`): the exact matches, and the
        best matches on words (`only`) by their words; without a query, the kind facet's counts."""
        if chosen.parsed is None:
            return kinds.totals([], by_kind), False
        matches = [chosen.match()] + ([only] if only else [])
        sets, partial = self._run("; ".join(kinds.split_statement(chosen.where(m, skip="kind")) for m in matches), matches)
        return kinds.totals([tuple(row) for rows in sets for row in rows], by_kind), partial

    def _rows(self, chosen, match, order, start, count, ranked, text) -> tuple[list[tuple], int, bool]:
        """(hit rows start..start+count in `order`, how many match, partial): one statement and its SHOW META.
        Without `text` the rows leave the record out (a report's is tens of kilobytes)."""
        columns = _HIT_COLUMNS.format(text="record" if text else "facts")
        sql = (f"SELECT {columns} FROM {SEARCH_INDEX} {chosen.where(match)} ORDER BY {order} "
               f"LIMIT {start}, {max(count, 1)} OPTION max_matches={start + max(count, 1)}, "
               f"ranker={'proximity_bm25' if ranked else 'none'}; SHOW META")
        sets, partial = self._run(sql, [match] if match else None)
        meta = dict(sets[-1])
        return [tuple(row) + ("exact",) for row in sets[0]][:max(count, 0)], int(meta.get("total_found", 0)), partial

    def _facet_tallies(self, chosen, match) -> tuple[dict[str, list[tuple[int, int]]], bool]:
        """{facet: (value hash, count) groups} of every facet field over the matches of `match`, and partial.

        A FACET clause runs the full-text match again for each facet on 2.2.11;
        a batch of GROUP BY statements with the same match and filters runs it
        once (Sphinx's multi-query optimisation), so the facets of the fields
        not filtered on cost one match together. A filtered field is counted
        without its own filter: its own statement. Each is read with room for
        every value of its field (`ValueDictionary.groups`): once, exact.
        """
        params = [match] if match else []
        shared = [name for name in FACET_FIELDS if name not in chosen.filters]
        # REGION_TOTAL: the documents the region facet counts, for its depths (every document has a kind)
        region_total = [(REGION_TOTAL, chosen.where(match, skip="region"))]
        # STATING: the has_problems choices' counts, without that choice (`SearchResult.problem_counts`)
        stating = [(STATING, chosen.where(match, skip=HAS_PROBLEMS))]
        tallies, partial = self._group_batch([(name, chosen.where(match)) for name in shared] + stating
                                             + (region_total if "region" in shared else []), params)
        if len(shared) < len(FACET_FIELDS):
            alone, more = self._group_batch([(name, chosen.where(match, skip=name)) for name in FACET_FIELDS
                                             if name in chosen.filters] + ([] if "region" in shared else region_total), params)
            tallies.update(alone)
            partial = partial or more
        for name, tally in list(tallies.items()):
            if name not in (REGION_TOTAL, STATING) and len(tally) >= self._values.groups(name):  # values written since: read again
                tallies[name], more = self._tally(name, chosen.where(match, skip=name), params or None,
                                                  self._values.groups(name) * 10)
                partial = partial or more
        return tallies, partial

    def _group_batch(self, wheres: list[tuple[str, str]], params: list) -> tuple[dict[str, list[tuple[int, int]]], bool]:
        sql = "; ".join(grouped(name, where, FACET_GROUPS, "kind") if name == REGION_TOTAL else
                        grouped(name, where, 2, "stating") if name == STATING else
                        grouped(name, where, self._values.groups(name)) for name, where in wheres)
        sets, partial = self._run(sql, params * len(wheres) or None)
        return {name: [tuple(row) for row in rows] for (name, _), rows in zip(wheres, sets)}, partial

    def _tally(self, name: str, where: str, params, groups: int | None = None) -> tuple[list[tuple[int, int]], bool]:
        """(value hash, count) of every value of `name` among the matches of `where`; and partial."""
        partial, groups = False, groups or self._values.groups(name)
        while True:
            sets, more = self._run(grouped(name, where, groups), params)
            partial = partial or more
            if len(sets[0]) < groups or groups >= FACET_GROUPS_MAX:
                return [tuple(row) for row in sets[0]], partial
            groups = min(groups * 10, FACET_GROUPS_MAX)

    def _hit(self, row, wanted, sections, highlight) -> Hit:
        """One hit, its snippet cut as the embedded index cuts it (`Archive._hit`)."""
        _, doc_key, report_key, kind, agency, year, facts, record, weight, match = row
        shown = unpack_facts(facts)
        common = dict(report_id=report_key, agency=agency, year=year or None, score=float(weight), match=match, **shown)
        problem = KIND_NAMES[kind] == "problem"
        if not highlight:
            return Hit(id=doc_key, kind=KIND_NAMES[kind], section=5 if problem else None,
                       section_title=STANDARD_SECTIONS[5] if problem else "", snippet="", **common)
        data = unpack(record)
        if problem:
            text, _ = snippet(data["text"], wanted)
            return Hit(id=doc_key, kind="problem", section=5, section_title=STANDARD_SECTIONS[5], snippet=text, **common)
        report = Report.from_dict(data["report"])
        return report_hit(doc_key, report.title, section_texts(report, SCAN_LIMIT), wanted, sections, common)

    # -- records -------------------------------------------------------------------
    def _record(self, doc_id, kind: str) -> tuple:
        if isinstance(doc_id, str) and doc_id:
            sets, _ = self._run(f"SELECT {_RECORD_COLUMNS} FROM {SEARCH_INDEX} WHERE id = {hash63(doc_id)} LIMIT 1")
            for row in sets[0]:
                if row[0] == doc_id and KIND_NAMES.get(row[1]) == kind:
                    return row
        raise NotFoundError(f"没有这个{'报告' if kind == 'report' else '问题'}：{doc_id!r}")

    @staticmethod
    def _stored_report(row) -> StoredReport:
        data = unpack(row[2])
        return StoredReport(id=row[0], report=Report.from_dict(data["report"]), file=row[3], content_hash=row[4],
                            categories=list(data["categories"]), problem_ids=list(data["problem_ids"]),
                            indexed_at=data.get("indexed_at", ""))

    @staticmethod
    def _stored_problem(row, score=0.0) -> StoredProblem:
        doc_key, _, record, _, _, report_key, agency, year = row[:8]
        data = unpack(record)
        number = int(doc_key.rsplit("-p", 1)[-1]) if "-p" in doc_key else 0
        return StoredProblem(id=doc_key, report_id=report_key, number=number, text=data["text"], agency=agency,
                             year=year or None, region=data.get("region", ""), level=data.get("level", ""),
                             categories=list(data["categories"]), cues=data.get("cues") or {}, score=score)

    def report(self, report_id) -> StoredReport:
        """The stored report with this id; raises NotFoundError."""
        return self._stored_report(self._record(report_id, "report"))

    def problem(self, problem_id) -> StoredProblem:
        """The stored problem statement with this id; raises NotFoundError."""
        return self._stored_problem(self._record(problem_id, "problem"))

    def problem_candidates(self, text, limit=50, exclude_report=None) -> list[StoredProblem]:
        """Problem statements holding words of `text`, best BM25 first (score set).

        Differs: a word matches wherever it occurs as a string (the embedded
        index: where jieba made it a word), so the pool can hold more; the
        statements' similarity is then scored on their text (`indexer.similar`).
        """
        from indexer.search.analysis import query_words
        from indexer.search.exact import needle

        found = [needle(w) for w in dict.fromkeys(query_words(text or "")) if any(c.isalnum() for c in w)]
        expressions = list(dict.fromkeys(needle_expression(n) for n in found if n is not None))
        if not expressions:
            return []
        where = f"WHERE MATCH(%s) AND kind = {KIND_CODES['problem']}"
        if exclude_report:
            where += f" AND report_hash <> {hash63(exclude_report)}"
        sets, _ = self._run(f"SELECT {_RECORD_COLUMNS}, WEIGHT() FROM {SEARCH_INDEX} {where} ORDER BY WEIGHT() DESC, id ASC "
                            f"LIMIT {int(limit)} OPTION ranker=bm25, max_matches={max(int(limit), 1)}",
                            ["@problem " + " | ".join(expressions)])
        return [self._stored_problem(row, float(row[8])) for row in sets[0] if not exclude_report or row[5] != exclude_report]

    def _scan(self, where: str, columns: str, params=None, page: int = 1000) -> Iterator[tuple]:
        """Every row matching `where` (SphinxQL, no ORDER), by ascending id, in pages."""
        last = 0
        glue = " AND " if where else "WHERE "
        while True:
            sets, _ = self._run(f"SELECT id, {columns} FROM {SEARCH_INDEX} {where}{glue}id > {last} ORDER BY id ASC "
                                f"LIMIT {page} OPTION max_matches={page}, ranker=none", params)
            rows = sets[0]
            yield from (row[1:] for row in rows)
            if len(rows) < page:
                return
            last = rows[-1][0]

    def all_problems(self) -> Iterator[StoredProblem]:
        """Every problem statement in the archive (in id order)."""
        rows = list(self._scan(f"WHERE kind = {KIND_CODES['problem']}", _RECORD_COLUMNS))
        return iter([self._stored_problem(row) for row in rows])

    def reports(self, query="", filters=None, exclude=None, narrowing=None) -> list[StoredReport]:
        """Every report matching, oldest year first (for trends and export). Raises QueryError."""
        filters = dict(filter_values(filters, "filters"))
        filters.pop("kind", None)
        chosen = select(query, filters, exclude, "report", narrowing, self._values)
        match = chosen.match()
        rows = list(self._scan(chosen.where(match), "doc_key, kind, record, file, content_hash, year", [match] if match else None))
        rows.sort(key=lambda row: (row[5], hash63(row[0])))
        return [self._stored_report(row) for row in rows]

    def agency_reports(self, agency) -> list[StoredReport]:
        """Reports of this organ (its agency_id, or its name), all years, oldest first."""
        return self.reports(filters={"agency": [agency]}) if agency and agency != UNKNOWN else []

    def facet_values(self, field) -> list[FacetValue]:
        """Every value of a facet field with its number of reports (kind: of documents)."""
        if field not in FACET_FIELDS:
            raise QueryError(f"unknown facet field {field!r}")
        tally, _ = self._tally(field, "" if field == "kind" else f"WHERE kind = {KIND_CODES['report']}", None)
        return every_value(*counted(self._values, field, tally))

    def facet_search(self, field, text="", query="", filters=None, exclude=None, kind=None, narrowing=None,
                     labels=None, limit=50) -> Facet:
        """Values of a facet field containing `text` (in the value or its label), counted over
        what the search selects without its own field's choice; see `Archive.facet_search`."""
        if field not in FACET_FIELDS:
            raise QueryError(f"没有这个分面：{field!r}")
        chosen = select(query, filters, exclude, kind, narrowing, self._values)
        match = chosen.match()
        tally, _ = self._tally(field, chosen.where(match, skip=field), [match] if match else None)
        counts, unknown, shown = counted(self._values, field, tally)
        both = {**shown, **(labels or {})}
        needle = (text or "").strip().lower()
        found = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if needle:
            found = [(v, c) for v, c in found if needle in v.lower() or needle in both.get(v, "").lower()]
        count, found = len(found), found[:limit]
        if unknown and (text or "").strip() in UNKNOWN:  # the 未识别 bucket is a value too
            found, count = (found + [(UNKNOWN, unknown)])[:limit], count + 1
        chosen_values, left_out = chosen.filters.get(field, []), chosen.exclude.get(field, [])
        values = [FacetValue(v, c, selected=v in chosen_values, excluded=v in left_out, label=shown.get(v, ""))
                  for v, c in found]
        return Facet(name=field, values=values, truncated=count > len(values), value_count=count)

    def export(self, query="", filters=None, exclude=None, kind=None, sort="relevance", narrowing=None,
               batch=200) -> tuple[int, Iterator[HitRecord]]:
        """(total, every exact match as a HitRecord, in search order); see `indexer.search.Archive.export`
        and `export`. Raises QueryError before the first record."""
        return exports.export(self, query, filters, exclude, kind, sort, narrowing, batch)

    def stats(self) -> dict:
        """Counts of reports and problems, and when a document was last written."""
        sets, partial = self._run(f"SELECT indexed_at FROM {SEARCH_INDEX} ORDER BY indexed_at DESC LIMIT 1 "
                                  f"FACET kind ORDER BY COUNT(*) DESC")
        counts = {KIND_NAMES.get(k): c for k, c in sets[1]}
        last = datetime.fromtimestamp(sets[0][0][0], tz=timezone.utc).isoformat(timespec="seconds") if sets[0] else ""
        return {"reports": counts.get("report", 0), "problems": counts.get("problem", 0),
                "documents": sum(counts.values()), "last_build": last, "generation": 0, "partial": partial}
