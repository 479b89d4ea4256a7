"""Search: the page at `/`, the JSON API and the CSV/JSON export."""
from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from app import present
from app.archive import get_archive
from app.params import FIELD_LABELS, KINDS, SORTS, SearchState, parse_state
from app.security import absolute_url
from indexer.errors import QueryError

bp = Blueprint("search", __name__)

EXAMPLE_QUERIES = ("依申请公开 答复 超期", "政策解读", "信息公开平台", "\"主动公开\" 不及时")
_EXPORT_FIELDS = ("id", "kind", "report_id", "agency", "year", "section", "section_title", "snippet", "url")


def run_search(state: SearchState, facet_limit: int | None = None):
    if facet_limit is None:
        facet_limit = 500 if state.more else present.FACET_SHOWN + 1
    return get_archive().search(
        query=state.q,
        filters=state.filters or None,
        exclude=state.exclude or None,
        sort=state.sort,
        page=state.page,
        per_page=state.per_page,
        kind=state.kind,
        facet_limit=facet_limit,
    )


@bp.get("/")
def index():
    archive = get_archive()  # raises IndexUnavailableError -> the "build it" page
    try:
        state = parse_state(request.args)
        result = run_search(state)
    except QueryError as exc:
        state = SearchState(q=(request.args.get("q") or "")[: current_app.config["MAX_QUERY_CHARS"]])
        return render_template("search.html", state=state, error=str(exc), result=None, examples=EXAMPLE_QUERIES, kinds=KINDS, sorts=SORTS, stats=archive.stats()), 400
    return render_template(
        "search.html",
        state=state,
        error=None,
        result=result,
        hits=present.hits_view(result),
        facets=present.facets_view(result, state),
        chips=present.chips(state, labels=present.facet_labels(result)),
        pages=present.pages_view(result, state, current_app.config["MAX_RESULT_WINDOW"]),
        kind_links={k: present.search_url(state.replace(kind=k)) for k in (None, *KINDS)},
        sort_links={s: present.search_url(state.replace(sort=s)) for s in SORTS},
        clear_url=present.search_url(SearchState(q=state.q)),
        qs=state.query_string(page=False),
        examples=EXAMPLE_QUERIES,
        kinds=KINDS,
        sorts=SORTS,
        stats=archive.stats(),
        export_cap=current_app.config["EXPORT_MAX_ROWS"],
    )


def _hit_json(hit) -> dict:
    return {
        "id": hit.id,
        "kind": hit.kind,
        "report_id": hit.report_id,
        "agency": hit.agency,
        "year": hit.year,
        "section": hit.section,
        "section_title": hit.section_title,
        "snippet": str(present.safe_snippet(hit.snippet)),
        "score": hit.score,
        "match": hit.match,
        "url": present.hit_url(hit),
    }


@bp.get("/api/search")
def api_search():
    state = parse_state(request.args)
    result = run_search(state, facet_limit=100)
    return jsonify(
        {
            "query": state.q,
            "filters": state.filters,
            "exclude": state.exclude,
            "kind": state.kind,
            "sort": state.sort,
            "total": result.total,
            "page": state.page,
            "per_page": state.per_page,
            "hits": [_hit_json(h) for h in result.hits],
            "facets": {
                name: [{"value": v.value, "count": v.count, "selected": v.selected or v.value in state.filters.get(name, []), "excluded": v.excluded or v.value in state.exclude.get(name, []), "label": v.label or v.value} for v in facet.values]
                for name, facet in result.facets.items()
                if name in FIELD_LABELS
            },
        }
    )


def _export_rows(state: SearchState) -> tuple[int, list[dict]]:
    """Up to EXPORT_MAX_ROWS hits of the search, page by page."""
    cap = current_app.config["EXPORT_MAX_ROWS"]
    page_size = current_app.config["MAX_PER_PAGE"]
    rows: list[dict] = []
    total = 0
    page = 1
    while len(rows) < cap:
        result = run_search(state.replace(page=page, per_page=page_size), facet_limit=1)
        total = result.total
        for hit in result.hits:
            row = _hit_json(hit)
            row["snippet"] = present.plain_snippet(hit.snippet)
            row["url"] = absolute_url(current_app.config, row["url"])
            rows.append(row)
        if not result.hits or page * page_size >= total:
            break
        page += 1
    return total, rows[:cap]


def _csv_cell(value) -> str:
    """Cell text that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/export.csv")
def export_csv():
    state = parse_state(request.args)
    total, rows = _export_rows(state)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_EXPORT_FIELDS)
    for row in rows:
        writer.writerow([_csv_cell(row[f]) for f in _EXPORT_FIELDS])
    response = Response("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = "attachment; filename=nianbao-search.csv"
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Exported-Count"] = str(len(rows))
    response.headers["X-Export-Truncated"] = "true" if len(rows) < total else "false"
    return response


@bp.get("/export.json")
def export_json():
    state = parse_state(request.args)
    total, rows = _export_rows(state)
    body = {
        "query": state.q,
        "filters": state.filters,
        "exclude": state.exclude,
        "kind": state.kind,
        "sort": state.sort,
        "total": total,
        "exported": len(rows),
        "cap": current_app.config["EXPORT_MAX_ROWS"],
        "truncated": len(rows) < total,
        "hits": rows,
    }
    response = Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json")
    response.headers["Content-Disposition"] = "attachment; filename=nianbao-search.json"
    return response
