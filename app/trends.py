"""Trends over years, for the reports matching the current search filters."""
from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, current_app, jsonify, render_template, request

from app import charts, present
from app.errors import user_message
from app.archive import category_names, get_archive
from app.copies import optional_copy_store
from app.labels import OUTCOME_GROUPS
from app.params import SearchState, parse_state, without_bad_parameter
from indexer.errors import QueryError
from indexer.statistics import key_numbers

bp = Blueprint("trends", __name__)

CHECK_COLORS = ("#b8433a", "#3f9c6d", "#b9c0c7")  # failed, passed, nothing to check


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def has_problems_part(stored) -> bool:
    """Whether the report has a 存在的主要问题 part (statements, or part 5 itself)."""
    return bool(stored.report.problems) or stored.report.section(5) is not None


def category_shares(reports, years):
    """[(category id, name, [share per year or None])], categories named at least once.

    The denominator is the year's reports that have a problems part: a report
    without one says nothing about problems (see `has_problems_part`)."""
    per_year = defaultdict(int)
    naming = defaultdict(lambda: defaultdict(int))
    for r in reports:
        if not has_problems_part(r):
            continue
        per_year[r.report.year] += 1
        for c in set(r.categories):
            naming[c][r.report.year] += 1
    names = category_names()
    order = list(names) + sorted(set(naming) - set(names))
    return [
        (c, names.get(c, c), [naming[c][y] / per_year[y] if per_year[y] else None for y in years])
        for c in order
        if c in naming
    ]


def application_series(reports, years):
    """Per year: received total, outcome group sums, number of reports with 表三."""
    received = defaultdict(float)
    with_table = defaultdict(int)
    outcomes = {name: defaultdict(float) for name, _ in OUTCOME_GROUPS}
    for r in reports:
        table = r.report.tables.get("applications") if isinstance(r.report.tables, dict) else None
        rows = table.get("rows") if isinstance(table, dict) else None
        if not isinstance(rows, dict):
            continue
        y = r.report.year
        with_table[y] += 1
        received[y] += _number((rows.get("received") or {}).get("total"))
        for name, keys in OUTCOME_GROUPS:
            for key, cells in rows.items():
                if any(key == k or (k.endswith("_") and key.startswith(k)) for k in keys):
                    outcomes[name][y] += _number((cells or {}).get("total"))
    return (
        [received[y] if with_table[y] else None for y in years],
        [(name, [outcomes[name][y] for y in years]) for name, _ in OUTCOME_GROUPS],
        [with_table[y] for y in years],
    )


def rate_series(reports, years):
    """Per year, from the reports' key numbers (`indexer.statistics.key_numbers`):
    予以公开 ÷ 办理结果总计 and its n (reports with both), 纠正 ÷ 审结 (复议 + 诉讼) and its n."""
    sums = defaultdict(lambda: [0.0, 0.0, 0, 0.0, 0.0, 0])
    for r in reports:
        numbers = key_numbers(r.report)
        row = sums[r.report.year]
        apps = (r.report.tables.get("applications") or {}).get("rows") if isinstance(r.report.tables.get("applications"), dict) else None
        total = _number(((apps or {}).get("result_total") or {}).get("total"))
        if numbers["disclosed_share"] is not None:
            row[0] += numbers["disclosed_share"] * total
            row[1] += total
            row[2] += 1
        if numbers["concluded"]:
            row[3] += numbers["corrected"]
            row[4] += numbers["concluded"]
            row[5] += 1
    disclosed = [sums[y][0] / sums[y][1] if sums[y][1] else None for y in years]
    corrected = [sums[y][3] / sums[y][4] if sums[y][4] else None for y in years]
    return disclosed, [sums[y][2] for y in years], corrected, [sums[y][5] for y in years]


def copied_series(reports, years, copied: set[str]):
    """Per year: share of the reports with a problems part that have a statement
    repeated from their previous report or shared with other organs; and that n."""
    with_part, flagged = defaultdict(int), defaultdict(int)
    for r in reports:
        if has_problems_part(r):
            with_part[r.report.year] += 1
            flagged[r.report.year] += r.id in copied
    return [flagged[y] / with_part[y] if with_part[y] else None for y in years], [with_part[y] for y in years]


def _n(counts) -> list[str]:
    return [f"n={n}" for n in counts]


def _pct(values) -> list[str]:
    return ["—" if v is None else f"{v * 100:.0f}%" for v in values]


def check_series(reports, years):
    failed, passed, unchecked = defaultdict(int), defaultdict(int), defaultdict(int)
    for r in reports:
        y = r.report.year
        if not r.report.checks:
            unchecked[y] += 1
        elif r.report.failed_checks:
            failed[y] += 1
        else:
            passed[y] += 1
    return [("有核对失败", [failed[y] for y in years]), ("全部通过", [passed[y] for y in years]), ("无可核对表格", [unchecked[y] for y in years])]


def _reports(state: SearchState):
    args = state.archive_args()
    return get_archive().reports(query=args["query"], filters=args["filters"], exclude=args["exclude"], narrowing=args["narrowing"])


@bp.get("/api/trends")
def api_trends():
    """The figures behind the trend charts, by year, for the reports matching the search parameters."""
    state = parse_state(request.args)
    reports = _reports(state)
    dated = [r for r in reports if r.report.year]
    years = sorted({r.report.year for r in dated})
    received, outcomes, with_table = application_series(dated, years)
    disclosed, disclosed_n, corrected, corrected_n = rate_series(dated, years)
    store = optional_copy_store()
    copied, part_n = copied_series(dated, years, store.copied_reports() if store else set())
    return jsonify(
        state.as_json()
        | {
            "total": len(reports),
            "undated": len(reports) - len(dated),
            "years": years,
            "reports_per_year": [sum(1 for r in dated if r.report.year == y) for y in years],
            "categories": [{"id": c, "name": name, "shares": shares} for c, name, shares in category_shares(dated, years)],
            "received": received,
            "reports_with_applications_table": with_table,
            "outcomes": [{"name": name, "totals": totals} for name, totals in outcomes],
            "checks": [{"name": name, "reports": counts} for name, counts in check_series(dated, years)],
            # the other charts' figures, each with its n (the page's data tables)
            "reports_with_problems_part": part_n,
            "disclosed_share": disclosed, "disclosed_n": disclosed_n,
            "corrected_share": corrected, "corrected_n": corrected_n,
            "copied_share": copied,
        }
    )


@bp.get("/trends")
def trends():
    get_archive()
    state = None
    try:
        state = parse_state(request.args)
        reports = _reports(state)
    except QueryError as exc:
        retry = None
        if state is None:  # a parameter is wrong: keep the others, and offer the charts without it
            found = without_bad_parameter(request.args)
            state = found[1] if found else SearchState(q=(request.args.get("q") or "")[: current_app.config["MAX_QUERY_CHARS"]])
            if found:
                retry = {"label": f"去掉出错的条件（{found[0]}）再作图", "url": present.search_url(state, "trends.trends")}
        return render_template("trends.html", state=state, error=user_message(exc), retry=retry, charts=[], total=0, undated=0,
                               chips=present.chips(state, endpoint="trends.trends"), search_url=present.search_url(state)), 400
    dated = [r for r in reports if r.report.year]
    years = sorted({r.report.year for r in dated})
    labels = [str(y) for y in years]
    shares = category_shares(dated, years)
    received, outcomes, with_table = application_series(dated, years)
    checks = check_series(dated, years)
    disclosed, disclosed_n, corrected, corrected_n = rate_series(dated, years)
    store = optional_copy_store()
    copied, part_n = copied_series(dated, years, store.copied_reports() if store else set())
    percent = lambda values: [None if v is None else v * 100 for v in values]  # noqa: E731
    charts_out = []
    if years:
        charts_out = [
            {"id": "categories", "title": "各年度报告提及各类问题的比例", "svg": charts.heatmap("问题类别（提及该类问题的报告占当年有“存在问题”部分的报告数的比例）", [s[1] for s in shares], labels, [s[2] for s in shares], notes=_n(part_n)),
             "note": "每格：当年提及该类问题的报告数 ÷ 当年有“存在的主要问题”部分的报告数（n）。", "table": {"columns": labels, "rows": [("n（有问题部分的报告）", [str(n) for n in part_n])] + [(s[1], [("" if v is None else f"{v * 100:.0f}%") for v in s[2]]) for s in shares]}},
            {"id": "received", "title": "本年新收政府信息公开申请数量", "svg": charts.bar_chart("本年新收申请（件）", labels, received, unit="件", notes=_n(with_table)),
             "note": "表三“本年新收”总计之和；“无数据”表示当年没有报告含表三。含表三的报告：" + ("、".join(f"{l} 年 {n} 份" for l, n in zip(labels, with_table) if n) or "无"), "table": {"columns": labels, "rows": [("新收申请（件）", ["—" if v is None else f"{v:.0f}" for v in received]), ("n（含表三的报告）", [str(n) for n in with_table])]}},
            {"id": "disclosed", "title": "予以公开占办理结果的比例", "svg": charts.bar_chart("予以公开占比（%）", labels, percent(disclosed), unit="%", notes=_n(disclosed_n)),
             "note": "表三“予以公开”总计之和 ÷“（七）总计”之和；n 为当年两项都有的报告数。", "table": {"columns": labels, "rows": [("予以公开占比", _pct(disclosed)), ("n", [str(n) for n in disclosed_n])]}},
            {"id": "corrections", "title": "行政复议、行政诉讼结果纠正率", "svg": charts.bar_chart("纠正率（%）", labels, percent(corrected), unit="%", notes=_n(corrected_n)),
             "note": "表四“结果纠正”÷（维持 + 纠正 + 其他结果），复议与诉讼合计；n 为当年有已审结案件的报告数。", "table": {"columns": labels, "rows": [("纠正率", _pct(corrected)), ("n", [str(n) for n in corrected_n])]}},
            {"id": "copied", "title": "含雷同或沿用上年问题陈述的报告比例", "svg": charts.bar_chart("含雷同陈述的报告（%）", labels, percent(copied), unit="%", notes=_n(part_n)),
             "note": "当年有“存在的主要问题”部分的报告中，至少一条问题陈述沿用紧邻上一份报告或与其他机关雷同的比例（建库时的雷同检测）。", "table": {"columns": labels, "rows": [("比例", _pct(copied)), ("n", [str(n) for n in part_n])]}},
            {"id": "outcomes", "title": "申请处理结果构成", "svg": charts.stacked_chart("处理结果构成（占比）", labels, outcomes, percent=True, notes=_n(with_table)),
             "note": "表三（一）至（六）各项总计之和，按年度折算为占比。", "table": {"columns": labels, "rows": [(f"{n}（件）", [f"{v:.0f}" for v in vals]) for n, vals in outcomes] + [("n（含表三的报告）", [str(n) for n in with_table])]}},
            {"id": "checks", "title": "勾稽核对失败的报告数", "svg": charts.stacked_chart("勾稽核对结果（报告数）", labels, checks, colors=CHECK_COLORS, notes=_n(sum(v[i] for _, v in checks) for i in range(len(labels)))),
             "note": "一份报告只要有一条核对未通过，即计入“有核对失败”。", "table": {"columns": labels, "rows": [(f"{n}（份）", [str(v) for v in vals]) for n, vals in checks]}},
        ]
    return render_template(
        "trends.html",
        state=state,
        charts=charts_out,
        total=len(reports),
        undated=len(reports) - len(dated),
        error=None,
        chips=present.chips(state, endpoint="trends.trends"),
        search_url=present.search_url(state),
    )
