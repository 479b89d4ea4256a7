"""`SphinxArchive`: the read side of the archive over a Sphinx/Manticore cluster.

The same methods and result objects as `indexer.search.Archive`, so the web
layer does not know which engine answers. Every query goes to the
aggregator's distributed index (`conf.SEARCH_INDEX`); the aggregator fans
it out to the shard nodes. A shard that does not answer is not an error:
Sphinx reports it only in SHOW WARNINGS, and the answer comes back with
`partial=True` (the page says so, the API carries `partial: true`).

Facet fields are multi-valued attributes of value hashes (`rows`); a
facet's groups are turned back into values through the value dictionary,
cached for the life of the process (a hash never changes its value).
"""
from __future__ import annotations

import threading
from typing import Iterator

import pymysql

from indexer.errors import IndexUnavailableError, NotFoundError, QueryError
from indexer.model import STANDARD_SECTIONS, Report
from indexer.search.archive import StoredProblem, StoredReport, _values, check_paging
from indexer.search.documents import section_texts
from indexer.search.results import FACET_FIELDS, Facet, FacetValue, Hit, SearchResult
from indexer.search.sphinx import snippets
from indexer.search.sphinx.conf import SEARCH_INDEX, VALUES_SEARCH, facet_attribute
from indexer.search.sphinx.matching import compile_query, phrase
from indexer.search.sphinx.rows import KIND_CODES, KIND_NAMES, hash63, unpack, value_id

#: Facet groups read per field at first. Sphinx caps groups at max_matches
#: (default 1000) without saying so, and a large max_matches costs every query
#: (a 20,000-slot sorter per facet): a facet that fills its first read is read
#: again alone with room for FACET_GROUPS_MAX groups, so every count stays exact.
FACET_GROUPS = 1000
FACET_GROUPS_MAX = 200_000
_HIT_COLUMNS = "id, doc_key, report_key, kind, agency, year, record, WEIGHT()"


def _split(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host or "127.0.0.1", int(port)


def _in(values) -> str:
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


class SphinxArchive:
    def __init__(self, address: str, timeout: float = 10.0):
        """Read the archive through the SphinxQL aggregator at `address` ("host:port")."""
        self.address = address
        self._host, self._port = _split(address)
        self._timeout = timeout
        self._local = threading.local()
        self._labels: dict[int, tuple[str, str]] = {}
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
        """Search reports and problem statements; see `indexer.search.Archive.search`. Raises QueryError."""
        _refuse_narrowing(narrowing)
        check_paging(sort, page, per_page)
        if kind not in (None, "report", "problem"):
            raise QueryError("kind 只能是 report 或 problem")
        filters, exclude = _values(filters, "filters"), _values(exclude, "exclude")
        if kind:
            filters["kind"] = [kind]
        sections = filters.pop("section", None)
        exclude.pop("section", None)
        fields = self._fields(sections)
        compiled = compile_query(query) if query and query.strip() else None
        match = f"@({','.join(fields)}) {compiled.expression}" if compiled else None
        start = (page - 1) * per_page
        order = "WEIGHT() DESC, id ASC" if compiled and sort == "relevance" else \
            ("year ASC, kind ASC, id ASC" if sort == "year_asc" else "year DESC, kind ASC, id ASC")
        own = [f for f in FACET_FIELDS if facets and f not in filters]
        clauses = " ".join(f"FACET {facet_attribute(f)} ORDER BY COUNT(*) DESC LIMIT {FACET_GROUPS}" for f in own if f != "kind")
        sql = (f"SELECT {_HIT_COLUMNS} FROM {SEARCH_INDEX} {self._where(match, filters, exclude)} ORDER BY {order} "
               f"LIMIT {start}, {per_page} OPTION max_matches={max(start + per_page, FACET_GROUPS)}, ranker=proximity_bm25 "
               f"FACET kind_ids ORDER BY COUNT(*) DESC LIMIT 10 {clauses}")
        sets, partial = self._run(sql, [match] if match else None)
        # the first FACET (kinds of the final matches) counts them: SHOW META is not per-statement in a FACET batch
        rows, total = sets[0], sum(count for _, count in sets[1])
        tallies = dict(zip([f for f in own if f != "kind"], sets[2:]))
        if "kind" in own:
            tallies["kind"] = sets[1]
        counted = {}
        for name in FACET_FIELDS if facets else ():
            tally = tallies.get(name)
            if tally is None or len(tally) >= FACET_GROUPS:  # filtered fields count without their own filter
                others = {k: v for k, v in filters.items() if k != name}
                tally, more = self._tally(name, self._where(match, others, exclude), [match] if match else None)
                partial = partial or more
            counted[name] = self._facet(name, tally, filters.get(name, []), exclude.get(name, []), facet_limit)
        hits = self._hits(rows, compiled, sections, highlight)
        # every hit holds every term as typed: no best-match-on-words fallback here (docs/deploy.md)
        return SearchResult(query=query, total=total, page=page, per_page=per_page, hits=hits, facets=counted,
                            sort=sort, exact_total=total, partial=partial)

    def _tally(self, name: str, where: str, params) -> tuple[list[tuple[int, int]], bool]:
        """(value hash, count) of every value of `name` among the matches of `where`; and partial."""
        groups, partial = FACET_GROUPS, False
        while True:
            sets, more = self._run(f"SELECT id FROM {SEARCH_INDEX} {where} LIMIT 1 OPTION max_matches={groups} "
                                   f"FACET {facet_attribute(name)} ORDER BY COUNT(*) DESC LIMIT {groups}", params)
            partial = partial or more
            if len(sets[1]) < groups or groups >= FACET_GROUPS_MAX:
                return sets[1], partial
            groups = min(groups * 10, FACET_GROUPS_MAX)

    @staticmethod
    def _fields(sections) -> tuple[str, ...]:
        if not sections:
            return tuple(f"s{n}" for n in range(7)) + ("problem",)
        chosen = []
        for value in sections:
            if not value.isdigit() or not 0 <= int(value) <= 6:
                raise QueryError(f"没有第 {value} 部分（section must be 0-6）")
            chosen.append(f"s{value}")
            if int(value) == 5:
                chosen.append("problem")
        return tuple(dict.fromkeys(chosen))

    @staticmethod
    def _where(match, filters, exclude) -> str:
        conditions = ["MATCH(%s)"] if match else []
        for name, values in filters.items():
            conditions.append(f"{facet_attribute(name)} IN {_in(value_id(name, v) for v in values)}")
        for name, values in exclude.items():
            conditions.append(f"{facet_attribute(name)} NOT IN {_in(value_id(name, v) for v in values)}")
        return "WHERE " + " AND ".join(conditions) if conditions else ""

    def _facet(self, name, tally, selected, excluded, limit) -> Facet:
        labels = self._label(name, [group for group, _ in tally])
        counts = {labels[group]: count for group, count in tally if group in labels}
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
        shown = {value for value, _ in top}
        for value in list(selected) + list(excluded):  # chosen values are always shown
            if value not in shown:
                top.append((value, counts.get(value, 0)))
                shown.add(value)
        values = [FacetValue(v, c, selected=v in selected, excluded=v in excluded) for v, c in top]
        return Facet(name=name, values=values, truncated=len(counts) > limit)

    def _label(self, name, groups) -> dict[int, str]:
        """Facet value hash -> value, from the cache or the value dictionary."""
        if name == "kind":
            return {value_id("kind", k): k for k in KIND_CODES}
        missing = [g for g in groups if g not in self._labels]
        for begin in range(0, len(missing), 1000):
            chunk = missing[begin:begin + 1000]
            sets, _ = self._run(f"SELECT id, field, value FROM {VALUES_SEARCH} WHERE id IN {_in(chunk)} "
                                f"LIMIT {len(chunk) * 2} OPTION max_matches={len(chunk) * 2}")
            self._labels.update({row[0]: (row[1], row[2]) for row in sets[0]})
        return {g: self._labels[g][1] for g in groups if g in self._labels and self._labels[g][0] == name}

    def _hits(self, rows, compiled, sections, highlight) -> list[Hit]:
        """The page's hits; all their highlights come from one CALL SNIPPETS."""
        query = " | ".join(compiled.positive) if compiled and highlight else ""
        pages = []  # per hit: (row, data, parts {number: text} or None for a problem)
        for row in rows:
            data = unpack(row[6])
            if KIND_NAMES[row[3]] == "problem":
                pages.append((row, data, None))
                continue
            parts = section_texts(Report.from_dict(data["report"])) if highlight else {}
            if sections:
                parts = {n: t for n, t in parts.items() if str(n) in sections} or parts
            pages.append((row, data, parts))
        texts = [t for _, data, parts in pages for t in ([data["text"]] if parts is None else parts.values())]
        excerpts = iter([])
        if query and texts:
            with self._connection().cursor() as cursor:
                excerpts = iter(snippets.call_snippets(cursor, texts, query))
        return [self._hit(row, data, parts, excerpts if query else None, highlight) for row, data, parts in pages]

    @staticmethod
    def _hit(row, data, parts, excerpts, highlight) -> Hit:
        _, doc_key, report_key, kind, agency, year, _, weight = row
        common = dict(report_id=report_key, agency=agency, year=year or None, score=float(weight))
        if parts is None:  # a problem statement
            text = ""
            if highlight:
                excerpt = next(excerpts) if excerpts is not None else ""
                text = snippets.render(data["text"], excerpt) if snippets.marks(excerpt) else snippets.plain_snippet(data["text"])
            return Hit(id=doc_key, kind="problem", section=5, section_title=STANDARD_SECTIONS[5], snippet=text, **common)
        if not highlight:
            return Hit(id=doc_key, kind="report", section=None, section_title="", snippet="", **common)
        numbers = list(parts)
        found = [next(excerpts) for _ in numbers] if excerpts is not None else []
        number, excerpt = None, ""
        if found:  # the part with the most marks, the first of equals
            best = max(range(len(numbers)), key=lambda i: (snippets.marks(found[i]), -i))
            if snippets.marks(found[best]):
                number, excerpt = numbers[best], found[best]
        if number is None:
            number = min((n for n in parts if n), default=0) if parts else 0
            title = Report.from_dict(data["report"]).title if number not in parts else ""
            return Hit(id=doc_key, kind="report", section=None, section_title="",
                       snippet=snippets.plain_snippet(parts.get(number, title)), **common)
        section = number or None
        return Hit(id=doc_key, kind="section" if section else "report", section=section,
                   section_title=STANDARD_SECTIONS.get(section, "") if section else "",
                   snippet=snippets.render(parts[number], excerpt), **common)

    # -- records -------------------------------------------------------------------
    def _record(self, doc_id, kind: str) -> tuple:
        if isinstance(doc_id, str) and doc_id:
            sets, _ = self._run(f"SELECT doc_key, kind, record, file, content_hash, report_key, agency, year "
                                f"FROM {SEARCH_INDEX} WHERE id = {hash63(doc_id)} LIMIT 1")
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
        """Problem statements sharing words with `text`, best BM25 first (score set)."""
        from indexer.search.analysis import query_words

        words = [p for p in dict.fromkeys(phrase(w) for w in query_words(text or "") if any(c.isalnum() for c in w)) if p]
        if not words:
            return []
        where = f"WHERE MATCH(%s) AND kind = {KIND_CODES['problem']}"
        if exclude_report:
            where += f" AND report_hash <> {hash63(exclude_report)}"
        sets, _ = self._run(f"SELECT doc_key, kind, record, file, content_hash, report_key, agency, year, WEIGHT() "
                            f"FROM {SEARCH_INDEX} {where} ORDER BY WEIGHT() DESC, id ASC LIMIT {int(limit)} "
                            f"OPTION ranker=bm25, max_matches={max(int(limit), 1)}", ["@problem " + " | ".join(words)])
        return [self._stored_problem(row, float(row[8])) for row in sets[0]
                if not exclude_report or row[5] != exclude_report]

    def _scan(self, where: str, columns: str, params=None, page: int = 1000) -> Iterator[tuple]:
        """Every row matching `where` (SphinxQL, no ORDER), by ascending id, in pages."""
        last = 0
        glue = " AND " if where else "WHERE "
        while True:
            sets, _ = self._run(f"SELECT id, {columns} FROM {SEARCH_INDEX} {where}{glue}id > {last} ORDER BY id ASC "
                                f"LIMIT {page} OPTION max_matches={page}", params)
            rows = sets[0]
            yield from (row[1:] for row in rows)
            if len(rows) < page:
                return
            last = rows[-1][0]

    def all_problems(self) -> Iterator[StoredProblem]:
        """Every problem statement in the archive (in id order)."""
        rows = list(self._scan(f"WHERE kind = {KIND_CODES['problem']}",
                               "doc_key, kind, record, file, content_hash, report_key, agency, year"))
        return iter([self._stored_problem(row) for row in rows])

    def reports(self, query="", filters=None, exclude=None, narrowing=None) -> list[StoredReport]:
        """Every report matching, oldest year first (for trends and export). Raises QueryError."""
        _refuse_narrowing(narrowing)
        filters, exclude = _values(filters, "filters"), _values(exclude, "exclude")
        sections = filters.pop("section", None)
        exclude.pop("section", None)
        filters["kind"] = ["report"]
        match = None
        if query and query.strip():
            match = f"@({','.join(self._fields(sections))}) {compile_query(query).expression}"
        rows = list(self._scan(self._where(match, filters, exclude), "doc_key, kind, record, file, content_hash, year",
                               [match] if match else None))
        rows.sort(key=lambda row: (row[5], hash63(row[0])))
        return [self._stored_report(row) for row in rows]

    def agency_reports(self, agency) -> list[StoredReport]:
        """Reports of this agency, all years, oldest first."""
        return self.reports(filters={"agency": [agency]}) if agency else []

    def facet_values(self, field) -> list[FacetValue]:
        """Every value of a facet field with its number of reports (kind: of documents)."""
        if field not in FACET_FIELDS:
            raise QueryError(f"unknown facet field {field!r}")
        tally, _ = self._tally(field, "" if field == "kind" else f"WHERE kind = {KIND_CODES['report']}", None)
        labels = self._label(field, [g for g, _ in tally])
        counts = sorted(((labels[g], c) for g, c in tally if g in labels), key=lambda item: (-item[1], item[0]))
        return [FacetValue(v, c) for v, c in counts]

    def stats(self) -> dict:
        """Counts of reports and problems, and when a document was last written."""
        sets, partial = self._run(f"SELECT indexed_at FROM {SEARCH_INDEX} ORDER BY indexed_at DESC LIMIT 1 "
                                  f"FACET kind ORDER BY COUNT(*) DESC")
        counts = {KIND_NAMES.get(k): c for k, c in sets[1]}
        from datetime import datetime, timezone

        last = datetime.fromtimestamp(sets[0][0][0], tz=timezone.utc).isoformat(timespec="seconds") if sets[0] else ""
        return {"reports": counts.get("report", 0), "problems": counts.get("problem", 0),
                "documents": sum(counts.values()), "last_build": last, "generation": 0, "partial": partial}


def _refuse_narrowing(narrowing) -> None:
    """A year range or has_problems is not on this backend yet: a clear QueryError, never wrong results."""
    if narrowing is None:
        return
    narrowing.check()
    if any(getattr(narrowing, name, None) is not None for name in ("year_from", "year_to", "has_problems")):
        raise QueryError("分布式后端暂不支持年度范围和“有无存在问题”筛选，请改用年份筛选"
                         "（year_from / year_to / has_problems are not on the Sphinx backend yet）")
