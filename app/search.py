"""Search: the page at `/`, `/api/search` and the facet value search `/api/facets/<field>`."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from app import present
from app.errors import user_message
from app.archive import get_archive
from app.params import FIELD_LABELS, KINDS, SORTS, USER_FIELDS, SearchState, parse_state, without_bad_parameter
from indexer.errors import QueryError

bp = Blueprint("search", __name__)

EXAMPLE_QUERIES = ("依申请公开 答复 超期", "政策解读", "信息公开平台", "\"主动公开\" 不及时")
FACET_SEARCH_LIMIT = 50
MAX_FACET_TEXT = 100


def run_search(state: SearchState, facet_limit: int | None = None):
    if facet_limit is None:
        facet_limit = present.FACET_ALL if state.more else present.FACET_SHOWN + 1
    return get_archive().search(sort=state.sort, page=state.page, per_page=state.per_page,
                                facet_limit=facet_limit, **state.archive_args())


def _bad_search(archive, exc: QueryError, state: SearchState | None):
    """The 400 page: the message, the form with every good parameter kept, and a way forward."""
    retry = None
    if state is None:  # a parameter is wrong: keep the others
        found = without_bad_parameter(request.args)
        if found:
            retry = {"label": f"去掉出错的条件（{found[0]}）再检索", "url": present.search_url(found[1])}
            state = found[1]
        else:
            state = SearchState(q=(request.args.get("q") or "")[: current_app.config["MAX_QUERY_CHARS"]])
            if set(request.args) - {"q"}:
                retry = {"label": f"只按“{state.q}”检索，去掉其他条件" if state.q else "去掉全部条件", "url": present.search_url(state)}
    return render_template("search.html", state=state, error=user_message(exc), retry=retry, result=None,
                           examples=EXAMPLE_QUERIES, kinds=KINDS, sorts=SORTS, stats=archive.stats()), 400


@bp.get("/")
def index():
    archive = get_archive()  # raises IndexUnavailableError -> the "build it" page
    try:
        state = parse_state(request.args)
    except QueryError as exc:
        return _bad_search(archive, exc, None)
    try:
        result = run_search(state)
    except QueryError as exc:  # the text: the form keeps every filter while it is corrected
        return _bad_search(archive, exc, state)
    switch = present.kind_switch(result, state)
    return render_template(
        "search.html",
        state=state,
        error=None,
        result=result,
        hits=present.hits_view(result),
        facets=present.facets_view(result, state),
        controls=present.controls_view(state, problem_counts=result.problem_counts),
        chips=present.chips(state, labels=present.facet_labels(result)),
        pages=present.pages_view(result, state, current_app.config["MAX_RESULT_WINDOW"]),
        kind_switch=switch,
        prefix_hint=present.prefix_hint(state),
        similar_offer=present.similar_offer(state),
        facet_unit=present.facet_unit(state),
        other_kinds=present.other_kinds(switch, result, state),
        sort_links={s: present.search_url(state.replace(sort=s)) for s in SORTS},
        clear_url=present.search_url(SearchState(q=state.q)),
        qs=state.query_string(page=False),
        examples=EXAMPLE_QUERIES,
        kinds=KINDS,
        sorts=SORTS,
        stats=archive.stats(),
    )


@bp.get("/api/search")
def api_search():
    state = parse_state(request.args)
    result = run_search(state, facet_limit=100)
    shown = {name: f for name, f in result.facets.items() if name in FIELD_LABELS}
    return jsonify(
        state.as_json()
        | {
            "total": result.total,
            "exact_total": result.exact_total,
            "kind_totals": result.kind_totals,
            "partial": result.partial,
            "read_as": result.read_as,
            "page": state.page,
            "per_page": state.per_page,
            "hits": [present.hit_json(h) for h in result.hits],
            "facets": {name: [present.facet_value_json(name, v, state) for v in f.values] for name, f in shown.items()},
            "facets_truncated": {name: f.truncated for name, f in shown.items()},
            "facet_value_counts": {name: f.value_count for name, f in shown.items()},
            # the has_problems choices' counts, as a facet's: without that choice itself
            "has_problems_counts": result.problem_counts,
            # the region facet depth by depth: each depth's counts add up to `total`'s documents
            "region_depths": {rank: [present.facet_value_json("region", v, state) for v in values]
                              for rank, values in (shown["region"].depths if "region" in shown else {}).items()},
        }
    )


@bp.get("/api/facets/<field>")
def api_facets(field: str):
    """Values of one facet field containing `q`, over all its values, within the
    search given by the other parameters (`query` is the search text)."""
    if field not in USER_FIELDS:
        abort(404)
    text = (request.args.get("q") or "").strip()
    if len(text) > MAX_FACET_TEXT:
        raise QueryError(f"查找的文字过长：最多 {MAX_FACET_TEXT} 个字符")
    args = request.args.copy()
    args.setlist("q", [request.args.get("query", "")])
    state = parse_state(args)
    facet = get_archive().facet_search(field, text, labels=present.value_labels(field), limit=FACET_SEARCH_LIMIT,
                                       **state.archive_args())
    return jsonify(
        {
            "field": field,
            "label": FIELD_LABELS[field],
            "q": text,
            "values": [present.facet_value_json(field, v, state) for v in facet.values],
            "value_count": facet.value_count,
            "truncated": facet.truncated,
        }
    )
