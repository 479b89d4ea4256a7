"""Data out: every matching row as CSV, JSON Lines or JSON, and the search as an Atom feed.

Exports stream: rows are read from the archive a batch at a time
(`Archive.export`) and written as they come, so an export of the whole
archive needs no more memory than one of ten rows. There is no cap.
The query is checked before the first byte is sent: bad input is a 400.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, request, stream_with_context, url_for

from app import present
from app.archive import category_names, get_archive
from app.params import parse_state
from app.security import absolute_url, safe_http_url

bp = Blueprint("exports", __name__)

#: Export columns, in order (CSV header, and the keys of each JSON row).
COLUMNS = ("id", "kind", "report_id", "agency_id", "agency", "province", "city", "county", "level", "organ_type",
           "year", "section", "categories", "text", "snippet", "source_url", "original_url", "url", "category_names")


def export_row(record, config) -> dict:
    """One HitRecord as an export row; our URLs absolute when PUBLIC_URL is configured
    (`security.absolute_url`: never from the request's Host header)."""
    hit = record.hit
    names = category_names()
    return {
        "id": hit.id,
        "kind": hit.kind,
        "report_id": hit.report_id,
        "agency_id": hit.agency_id or "",
        "agency": hit.agency,
        "province": record.province,
        "city": record.city,
        "county": record.county,
        "level": hit.level,
        "organ_type": hit.organ_type,
        "year": hit.year,
        "section": hit.section,
        "categories": list(hit.categories),
        "text": record.text,
        "snippet": present.plain_snippet(hit.snippet),
        "source_url": safe_http_url(record.source_url) or "",
        "original_url": absolute_url(config, url_for("reports.original", report_id=hit.report_id)),
        "url": absolute_url(config, present.hit_url(hit)),
        # the names the pages show, in the order of `categories` (added last: scripts reading columns by place)
        "category_names": [names.get(c, c) for c in hit.categories],
    }


def _rows():
    """(state, total, iterator of export rows) for this request's search; QueryError on bad input."""
    state = parse_state(request.args)
    total, records = get_archive().export(sort=state.sort, **state.archive_args())
    config = current_app.config
    return state, total, (export_row(r, config) for r in records)


def _csv_cell(value) -> str:
    """Cell text that a spreadsheet will not run as a formula."""
    if isinstance(value, list):
        value = ";".join(value)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _stream(body, content_type: str, filename: str, total: int) -> Response:
    response = Response(stream_with_context(body), content_type=content_type)
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    response.headers["X-Total-Count"] = str(total)
    return response


@bp.get("/export.csv")
def export_csv():
    _, total, rows = _rows()

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        yield "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8
        for row in rows:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([_csv_cell(row[c]) for c in COLUMNS])
            yield buffer.getvalue()

    return _stream(lines(), "text/csv; charset=utf-8", "nianbao-search.csv", total)


@bp.get("/export.jsonl")
def export_jsonl():
    _, total, rows = _rows()
    body = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return _stream(body, "application/x-ndjson; charset=utf-8", "nianbao-search.jsonl", total)


@bp.get("/export.json")
def export_json():
    state, total, rows = _rows()

    def pieces():
        head = state.as_json() | {"total": total}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "hits": ['
        for i, row in enumerate(rows):
            yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]}\n"

    return _stream(pieces(), "application/json; charset=utf-8", "nianbao-search.json", total)


FEED_ENTRIES = 50


@bp.get("/feed.atom")
def feed():
    """The newest matching reports and statements (sort by year, newest first) as Atom."""
    from feedgen.feed import FeedGenerator

    state = parse_state(request.args).replace(sort="relevance", page=1, per_page=20, more=None)
    archive = get_archive()
    result = archive.search(sort="year", page=1, per_page=FEED_ENTRIES, facets=False, **state.archive_args())
    config = current_app.config
    built = datetime.fromisoformat(archive.stats()["last_build"])
    page_url = absolute_url(config, present.search_url(state))
    gen = FeedGenerator()
    gen.id(_atom_id(page_url))
    gen.title("年报检索：" + (state.q or "全部") + "".join(f" · {c['field']} {c['label']}" for c in present.chips(state)))
    gen.subtitle("政府信息公开工作年度报告中符合此检索的最新报告与问题陈述")
    gen.link(href=page_url, rel="alternate", type="text/html")
    gen.link(href=absolute_url(config, request.full_path.rstrip("?")), rel="self", type="application/atom+xml")
    gen.language("zh-CN")
    gen.updated(built)
    for hit in reversed(result.hits):  # feedgen lists the last added first
        entry = gen.add_entry()
        url = absolute_url(config, present.hit_url(hit))
        entry.id(_atom_id(url))
        entry.link(href=url)
        entry.title(_entry_title(hit))
        entry.updated(_entry_date(hit, built))
        entry.author(name=hit.agency or "未识别机关")
        entry.summary(present.plain_snippet(hit.snippet) or hit.agency)
        for category in hit.categories:
            entry.category(term=category, label=present.value_label("category", category))
    return Response(gen.atom_str(pretty=True), mimetype="application/atom+xml")


def _atom_id(url: str) -> str:
    """An Atom id must be an absolute IRI: the URL when PUBLIC_URL makes it one,
    else a tag URI holding the path (stable, and no Host header in it)."""
    return url if "://" in url else "tag:nianbao.archive,2026:" + url


def _entry_title(hit) -> str:
    who = f"{hit.agency or hit.report_id}{f' {hit.year} 年' if hit.year else ''}"
    if hit.kind == "problem":
        return f"{who} · 存在问题：{present.cut(present.plain_snippet(hit.snippet), 40)}"
    return f"{who} · {hit.section_title or '年度报告'}"


def _entry_date(hit, fallback: datetime) -> datetime:
    """The end of the report's year (a stable date a reader can order by), else the build time."""
    if hit.year:
        return datetime(hit.year, 12, 31, tzinfo=timezone.utc)
    return fallback
