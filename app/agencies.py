"""An organ over the years: `/agencies/<agency_id>` and its year-over-year
comparison `/agencies/<agency_id>/compare?from=&to=`.

The organ's reports come from the build's copy pass (`indexer.copystore`,
keyed by `indexer.copies.organ_key`); the numbers from `indexer.statistics`,
the comparison from `indexer.compare`.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from app import charts
from app.archive import get_archive
from app.copies import copy_store
from app.labels import ANY_COLUMN, ANY_ROW, label
from indexer.compare import compare_reports
from indexer.errors import NotFoundError, QueryError
from indexer.statistics import key_numbers

bp = Blueprint("agencies", __name__)


def _reports(agency_id: str) -> list[dict]:
    """The organ's reports, oldest first: {id, year, stored, numbers, share, previous_id, url}."""
    rows = copy_store().organ_reports(agency_id) if agency_id else []
    if not rows:
        raise NotFoundError(f"没有这个机关：{agency_id}")
    archive = get_archive()
    out = []
    for row in rows:
        stored = archive.report(row["report_id"])
        out.append({"id": stored.id, "year": stored.report.year, "stored": stored, "numbers": key_numbers(stored.report),
                    "share": row["share"], "previous_id": row["previous_id"],
                    "url": url_for("reports.report", report_id=stored.id)})
    return out


def _percent(value) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _count(value) -> str:
    return "—" if value is None else f"{value:.0f}"


@bp.get("/agencies/<agency_id>")
def agency(agency_id: str):
    reports = _reports(agency_id)
    dated = [r for r in reports if r["year"]]
    labels = [str(r["year"]) for r in dated]
    series = lambda key, scale=1: [None if r["numbers"][key] is None else r["numbers"][key] * scale for r in dated]  # noqa: E731
    small = dict(width=380, height=200)
    figures = [
        ("本年新收申请（件）", charts.bar_chart("本年新收申请（件）", labels, series("received"), unit="件", **small)),
        ("予以公开占办理结果比例（%）", charts.bar_chart("予以公开占比（%）", labels, series("disclosed_share", 100), unit="%", **small)),
        ("行政复议（件）", charts.bar_chart("行政复议（件）", labels, series("reviews"), unit="件", **small)),
        ("行政诉讼（件）", charts.bar_chart("行政诉讼（件）", labels, series("lawsuits"), unit="件", **small)),
    ] if dated else []
    rows = [{"id": r["id"], "year": r["year"] or "—", "url": r["url"], "title": r["stored"].report.title,
             "received": _count(r["numbers"]["received"]), "disclosed_share": _percent(r["numbers"]["disclosed_share"]),
             "reviews": _count(r["numbers"]["reviews"]), "lawsuits": _count(r["numbers"]["lawsuits"]),
             "failed_checks": r["numbers"]["failed_checks"], "checks_url": r["url"] + "#checks", "repeated_share": _percent(r["share"]),
             "compare_url": url_for("agencies.compare", agency_id=agency_id, **{"from": prev["year"], "to": r["year"]})
             if (prev := next((p for p in reports if p["id"] == r["previous_id"]), None)) else None}
            for r in reports]
    name = reports[-1]["stored"].report.agency or agency_id
    return render_template("agency.html", agency_id=agency_id, name=name, rows=rows, figures=figures)


def _cell(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _year(name: str) -> int | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) != 4:
        raise QueryError(f"参数 {name} 必须是四位年份")
    return int(raw)


def _nothing_to_compare(agency_id: str, reports: list[dict], later, from_year, to_year):
    """A 404 that says which years the organ has, with the organ's page and its
    comparable pairs as the ways forward."""
    from app.errors import error_response

    years = sorted({r["year"] for r in reports})
    have = "、".join(str(y) for y in years) or "无"
    if not years:
        message = "该机关的报告都没有识别出年度，无法按年度比较。"
    elif later is None:
        message = f"该机关没有 {to_year} 年的报告（有报告的年度：{have}）。"
    elif len(years) < 2:
        message = f"该机关在档案中只有 {have} 年一份报告，没有可以比较的另一年。"
    elif from_year == to_year:
        message = f"不能把 {to_year} 年报告与它自己比较（有报告的年度：{have}）。"
    elif from_year is None:
        message = f"该机关没有早于 {to_year} 年的报告（有报告的年度：{have}）。"
    else:
        message = f"该机关没有 {from_year} 年的报告（有报告的年度：{have}）。"
    links = [{"label": "该机关历年报告", "url": url_for("agencies.agency", agency_id=agency_id)}]
    links += [{"label": f"比较 {a} 与 {b} 年", "url": url_for("agencies.compare", agency_id=agency_id, **{"from": a, "to": b})}
              for a, b in zip(years, years[1:])]
    return error_response(404, message, links=links)


@bp.get("/agencies/<agency_id>/compare")
def compare(agency_id: str):
    reports = [r for r in _reports(agency_id) if r["year"]]
    years = [r["year"] for r in reports]
    to_year = _year("to") or (years[-1] if years else None)
    later = next((r for r in reports if r["year"] == to_year), None)
    from_year = _year("from") or max((y for y in years if y < (to_year or 0)), default=None)
    earlier = next((r for r in reports if r["year"] == from_year), None)
    if later is None or earlier is None or from_year == to_year:
        return _nothing_to_compare(agency_id, reports, later, from_year, to_year)
    result = compare_reports(earlier["stored"].report, later["stored"].report)
    changed = [{"table": c.table, "row_label": label(ANY_ROW, c.row), "column_label": label(ANY_COLUMN, c.column),
                "earlier": _cell(c.earlier), "later": _cell(c.later),
                "change": None if c.change is None else _cell(c.change), "up": (c.change or 0) > 0}
               for c in result.cells if c.change != 0]
    return render_template("compare.html", agency_id=agency_id, name=later["stored"].report.agency or agency_id,
                           earlier=earlier, later=later, result=result, changed=changed,
                           other_years=[{"label": f"{a} → {b}", "url": url_for("agencies.compare", agency_id=agency_id, **{"from": a, "to": b})}
                                        for a, b in zip(years, years[1:]) if (a, b) != (from_year, to_year)],
                           agency_url=url_for("agencies.agency", agency_id=agency_id))
