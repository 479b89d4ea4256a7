"""The statistics as a dataset: every 表二/三/四 cell and every check, tidy, streamed.

`/export/statistics.csv|.jsonl` and `/api/statistics` (one row per cell),
`/export/checks.csv|.jsonl` and `/api/checks` (one row per 勾稽关系 check),
for the reports matching the search parameters of `/`. No row cap: reports
are read a page at a time while the response is sent.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Callable, Iterator

from flask import Blueprint, Response, request, stream_with_context

from app.archive import get_archive
from app.params import parse_state
from indexer.statistics import CHECK_COLUMNS, STATISTICS_COLUMNS, check_rows, tidy_rows

bp = Blueprint("statistics", __name__)

#: Reports read per page while streaming.
BATCH = 100
DATASETS = {"statistics": (STATISTICS_COLUMNS, tidy_rows), "checks": (CHECK_COLUMNS, check_rows)}


def _reports(state) -> Iterator:
    """Every report matching `state`, oldest year first, a page at a time."""
    archive, page = get_archive(), 1
    while True:
        result = archive.search(state.q, filters=state.filters or None, exclude=state.exclude or None, kind="report",
                                sort="year_asc", page=page, per_page=BATCH, facets=False, highlight=False)
        for hit in result.hits:
            yield archive.report(hit.report_id)
        if page * BATCH >= result.total:
            return
        page += 1


def _rows(state, make: Callable) -> Iterator[dict]:
    for stored in _reports(state):
        yield from make(stored.id, stored.report)


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # a cell a spreadsheet would run as a formula (report text is untrusted)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _csv(columns, rows) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_cell(row[c]) for c in columns])
        yield buffer.getvalue()


def _jsonl(rows) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _json(columns, rows) -> Iterator[str]:
    yield '{"columns": ' + json.dumps(list(columns)) + ', "rows": ['
    for n, row in enumerate(rows):
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def _stream(name: str, form: str) -> Response:
    state = parse_state(request.args)  # QueryError -> 400 before anything is sent
    columns, make = DATASETS[name]
    rows = _rows(state, make)
    body = {"csv": lambda: _csv(columns, rows), "jsonl": lambda: _jsonl(rows), "json": lambda: _json(columns, rows)}[form]()
    types = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8", "json": "application/json"}
    response = Response(stream_with_context(body), content_type=types[form])
    if form != "json":
        response.headers["Content-Disposition"] = f"attachment; filename=nianbao-{name}.{form}"
    return response


@bp.get("/export/statistics.csv")
def statistics_csv():
    return _stream("statistics", "csv")


@bp.get("/export/statistics.jsonl")
def statistics_jsonl():
    return _stream("statistics", "jsonl")


@bp.get("/api/statistics")
def api_statistics():
    return _stream("statistics", "json")


@bp.get("/export/checks.csv")
def checks_csv():
    return _stream("checks", "csv")


@bp.get("/export/checks.jsonl")
def checks_jsonl():
    return _stream("checks", "jsonl")


@bp.get("/api/checks")
def api_checks():
    return _stream("checks", "json")
