"""Copied text across the archive: `/copies` (clusters) and `/copies/<id>` (one cluster).

Reads what the build's copy pass wrote (`indexer.copystore`); never detects
anything in a request. Clusters follow the search filters (a cluster is shown
when one of its reports matches them) and the search text q (when one of its
member texts matches it, as search would match that statement or paragraph),
and sort by size.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, jsonify, render_template, request, url_for

from app import present
from app.params import parse_state
from indexer.copystore import CopyStore, text_matcher
from indexer.errors import NotFoundError, QueryError

bp = Blueprint("copies", __name__)

UNITS = {"problem": "问题陈述", "paragraph": "报告段落"}
ORDERS = {"size": "按篇数", "organs": "按机关数", "year": "按最近年度"}
PER_PAGE = 50
CLUSTER_ID = re.compile(r"(prob|para)-[a-z0-9][a-z0-9-]{0,180}")


def copy_store() -> CopyStore:
    """This request's read-only copy store (closed at the end of the request).

    Raises NotFoundError when the build has not run the copy pass yet.
    """
    if "copy_store" not in g:
        g.copy_store = CopyStore(current_app.config["INDEX_DIR"])
    return g.copy_store


def optional_copy_store() -> CopyStore | None:
    try:
        return copy_store()
    except NotFoundError:
        return None


@bp.teardown_app_request
def _close(_exc):
    store = g.pop("copy_store", None)
    if store is not None:
        store.close()


def _choice(name: str, options: dict) -> str:
    value = request.args.get(name) or next(iter(options))
    if value not in options:
        raise QueryError(f"参数 {name} 只能是 " + "、".join(options))
    return value


def _url(state, **params) -> str:
    pairs = [(k, v) for k, v in state.pairs(page=False) if k not in ("kind", "sort")]
    pairs += [(k, str(v)) for k, v in params.items() if v not in (None, "")]
    return url_for("copies.copies") + ("?" + urlencode(pairs) if pairs else "")


@bp.get("/copies")
def copies():
    state = parse_state(request.args)
    unit, order = _choice("unit", UNITS), _choice("order", ORDERS)
    matches = text_matcher(state.q) if state.q else None
    total, rows = copy_store().clusters(unit, state.filters, state.exclude, order,
                                        limit=PER_PAGE, offset=(state.page - 1) * PER_PAGE, matches=matches)
    clusters = [row | {"url": url_for("copies.cluster", cluster_id=row["cluster_id"])} for row in rows]
    last = max(1, -(-total // PER_PAGE))
    return render_template(
        "copies.html", state=state, clusters=clusters, total=total, unit=unit, order=order,
        units=[{"label": label, "url": _url(state, unit=key, order=order), "current": key == unit} for key, label in UNITS.items()],
        orders=[{"label": label, "url": _url(state, unit=unit, order=key), "current": key == order} for key, label in ORDERS.items()],
        prev_url=_url(state, unit=unit, order=order, page=state.page - 1) if state.page > 1 else None,
        next_url=_url(state, unit=unit, order=order, page=state.page + 1) if state.page < last else None,
        page=state.page, last=last, unit_label=UNITS[unit],
        all_url=url_for("copies.copies", unit=unit, order=order), chips=present.chips(state, endpoint="copies.copies", keep={"unit": unit, "order": order}))


def _cluster(cluster_id: str) -> dict:
    if not CLUSTER_ID.fullmatch(cluster_id):
        raise NotFoundError(f"没有编号为 {cluster_id} 的雷同组")
    cluster = copy_store().cluster(cluster_id)
    for m in cluster["members"]:
        m["report_url"] = url_for("reports.report", report_id=m["report_id"]) + (f"#{m['unit_id']}" if cluster["kind"] == "problem" else "")
        m["agency_url"] = url_for("agencies.agency", agency_id=m["organ"]) if m["organ"] else None
    return cluster


@bp.get("/copies/<cluster_id>")
def cluster(cluster_id: str):
    return render_template("cluster.html", cluster=_cluster(cluster_id), unit_label=UNITS)


@bp.get("/api/copies/<cluster_id>")
def api_cluster(cluster_id: str):
    return jsonify(_cluster(cluster_id))


def _year_of(report_id: str | None) -> int | None:
    """The year of a stored report (None when unknown or not in the index)."""
    from app.archive import get_archive

    if not report_id:
        return None
    try:
        return get_archive().report(report_id).report.year
    except NotFoundError:
        return None


def report_copies(report_id: str) -> dict:
    """What the copy pass found for one report, for its page:
    {share, previous_url, agency_url, flags: {problem id: {repeated, shared_organs, holds, cluster_url}}}.
    Empty values when the pass has not run."""
    store = optional_copy_store()
    row = store.report(report_id) if store else None
    if row is None:
        return {"share": None, "previous_url": None, "previous_year": None, "agency_url": None, "flags": {}}
    flags = {uid: {"repeated": bool(f["repeated"]), "shared_organs": f["shared_organs"], "holds": bool(f["holds"]),
                   "cluster_url": url_for("copies.cluster", cluster_id=f["cluster_id"]) if f["cluster_id"] else None}
             for uid, f in store.unit_flags(report_id).items() if f["kind"] == "problem"}
    return {"share": row["share"], "flags": flags, "previous_year": _year_of(row["previous_id"]),
            "previous_url": url_for("reports.report", report_id=row["previous_id"]) if row["previous_id"] else None,
            "agency_url": url_for("agencies.agency", agency_id=row["organ"]) if row["organ"] else None,
            "compare_url": url_for("agencies.compare", agency_id=row["organ"], to=row["year"]) if row["previous_id"] and row["year"] else None}
