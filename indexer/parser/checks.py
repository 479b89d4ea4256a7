"""The arithmetic rules (勾稽关系) over a report's tables.

Every rule is applied to each row or column it covers and gives one
`ConsistencyCheck`, passed or not, with a message that names the table, row,
column and numbers. Rules whose rows were not found are skipped, not failed.
A cell printed empty in a row that was found counts as 0, and the message
says so.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from indexer.model import ConsistencyCheck
from indexer.parser.labels import APPLICATION_ROW_LABELS
from indexer.parser.tables import (APPLICANT_COLUMNS, APPLICATION_COLUMNS, REVIEW_CELLS,
                                   REVIEW_GROUPS, ROWS_2019, ROWS_2021)

COLUMN_NAMES = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
    "public_interest": "社会公益组织", "legal_services": "法律服务机构", "other": "其他",
    "total": "总计",
}
REVIEW_GROUP_NAMES = {"review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
                      "litigation_after_review": "行政诉讼（复议后起诉）"}
REVIEW_CELL_NAMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                     "pending": "尚未审结", "total": "总计"}
BLANK_NOTE = "（空白单元格按 0 计）"

#: Numbers quoted in prose that 表二 also gives: (pattern, item, column, what).
QUOTED_NUMBERS = (
    (r"采购项目(?:数量|数)?(?:为|共|达|计)?\s*(\d[\d,]*)\s*[项个件]", "procurement", "count", "采购项目数量"),
    (r"行政许可(?:处理(?:决定)?(?:数量|量)?)(?:为|共|达|计)?\s*(\d[\d,]*)\s*[条件项个]", "licensing", "decisions", "行政许可处理决定数量"),
    (r"行政处罚(?:处理(?:决定)?(?:数量|量)?)(?:为|共|达|计)?\s*(\d[\d,]*)\s*[条件项个]", "punishment", "decisions", "行政处罚处理决定数量"),
    (r"行政强制(?:处理(?:决定)?(?:数量|量)?)(?:为|共|达|计)?\s*(\d[\d,]*)\s*[条件项个]", "coercion", "decisions", "行政强制处理决定数量"),
)

#: What every match of each QUOTED_NUMBERS pattern holds, with no line
#: break: a text without it has no such quote in any line.
_QUOTE_CORES = dict(zip((pattern for pattern, *_ in QUOTED_NUMBERS),
                        ("采购项目", "行政许可处理", "行政处罚处理", "行政强制处理")))


def check_tables(tables: dict[str, Any], text: str = "") -> list[ConsistencyCheck]:
    """Apply every rule that the tables present allow; `text` is the report
    text, for numbers quoted in prose that contradict the tables.

    Order: applications.row_total (per row), applications.result_total and
    applications.balance (per column), reviews.total (per group),
    text.quoted_numbers. Never raises on odd or partial tables.
    """
    checks: list[ConsistencyCheck] = []
    applications = (tables or {}).get("applications") or {}
    if isinstance(applications.get("rows"), dict):
        checks += _row_totals(applications)
        checks += _result_totals(applications)
        checks += _balances(applications)
    reviews = (tables or {}).get("reviews")
    if isinstance(reviews, dict):
        checks += _review_totals(reviews)
    if text and isinstance((tables or {}).get("active"), dict):
        checks += _quoted_numbers(tables["active"], text)
    return checks


def _fmt(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _cell(row: dict[str, Any], column: str) -> tuple[float, bool]:
    """The cell's number and whether it was blank (then 0)."""
    value = row.get(column)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, False
    return 0, True


def _cells(row: dict[str, Any], columns) -> list[tuple[float, bool]]:
    """`_cell` of each of `columns`, in one pass (a report's tables have hundreds of cells)."""
    return _numbers([row.get(c) for c in columns])


def _numbers(values) -> list[tuple[float, bool]]:
    """Each value as `_cell` reads a cell: (its number, False), or (0, True) when blank."""
    return [(value, False) if isinstance(value, (int, float)) and not isinstance(value, bool)
            else (0, True) for value in values]


def _equal(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _row_totals(applications: dict[str, Any]) -> list[ConsistencyCheck]:
    out = []
    for key, row in applications["rows"].items():
        if not isinstance(row, dict) or not row:
            continue
        values = tuple(map(row.get, APPLICATION_COLUMNS))
        # rows of whole numbers recur from report to report (rows of zeros, a
        # template's numbers): their checks are remembered. Any other value
        # (a float: -0.0 equals 0 but prints apart) is checked afresh.
        whole = set(map(type, values)) <= _WHOLE
        fields = _whole_row_total(key, values) if whole else _row_total(key, row)
        out.append(ConsistencyCheck(*fields))
    return out


_WHOLE = {int, type(None)}


def _row_total(key: str, row: dict[str, Any]) -> tuple:
    """The `ConsistencyCheck` fields of 表三's row `key`: its applicants' sum against its total."""
    *cells, (total, total_blank) = _cells(row, APPLICATION_COLUMNS)  # the total is the last column
    parts = [(c, v, b) for c, (v, b) in zip(APPLICANT_COLUMNS, cells)]
    expected = sum(v for _, v, _ in parts)
    blank = total_blank or any(b for _, _, b in parts)
    passed = _equal(expected, total)
    shown = [f"{COLUMN_NAMES[c]} {_fmt(v)}" for c, v, _ in parts if v] or ["均为 0"]
    message = (f"表三 {APPLICATION_ROW_LABELS.get(key, key)} 行：各申请人之和 {_fmt(expected)}"
               f"（{' + '.join(shown)}）{'=' if passed else '≠'} 总计 {_fmt(total)}"
               + (BLANK_NOTE if blank else ""))
    return ("applications.row_total", passed, message, "applications", key, "total", expected, total)


@lru_cache(maxsize=4096)
def _whole_row_total(key: str, values: tuple[int | None, ...]) -> tuple:
    """`_row_total` of a row whose cells (of APPLICATION_COLUMNS) are `values`, ints or None (blank)."""
    return _row_total(key, dict(zip(APPLICATION_COLUMNS, values)))


def _item_rows(rows: dict[str, Any], layout: str) -> list[str] | None:
    """The (一)…(六) item rows of the layout, or None if any is absent."""
    order = ROWS_2021 if layout == "2021" else ROWS_2019
    items = list(order[order.index("disclosed"):order.index("result_total")])
    return items if all(isinstance(rows.get(k), dict) for k in items) else None


def _result_totals(applications: dict[str, Any]) -> list[ConsistencyCheck]:
    rows = applications["rows"]
    items = _item_rows(rows, applications.get("layout", ""))
    if items is None or not isinstance(rows.get("result_total"), dict):
        return []
    out = []
    rows_read = [rows[k] for k in items] + [rows["result_total"]]
    for column in APPLICATION_COLUMNS:
        values = tuple([row.get(column) for row in rows_read])  # the items' cells, then the total's
        # whole numbers' checks remembered, as for the rows (_row_totals)
        whole = set(map(type, values)) <= _WHOLE
        fields = _whole_column_total(column, values) if whole else _column_total(column, values)
        out.append(ConsistencyCheck(*fields))
    return out


def _column_total(column: str, values: tuple) -> tuple:
    """The `ConsistencyCheck` fields of 表三's `column`: its item rows' cells
    (`values` but the last) against the total's (the last)."""
    *cells, (actual, actual_blank) = _numbers(values)
    expected = sum(v for v, _ in cells)
    passed = _equal(expected, actual)
    blank = actual_blank or any(b for _, b in cells)
    message = (f"表三 {COLUMN_NAMES[column]} 列：（一）至（六）各项之和 {_fmt(expected)} "
               f"{'=' if passed else '≠'} （七）总计 {_fmt(actual)}" + (BLANK_NOTE if blank else ""))
    return ("applications.result_total", passed, message, "applications", "result_total", column, expected, actual)


@lru_cache(maxsize=4096)
def _whole_column_total(column: str, values: tuple[int | None, ...]) -> tuple:
    return _column_total(column, values)


def _balances(applications: dict[str, Any]) -> list[ConsistencyCheck]:
    rows = applications["rows"]
    if not all(isinstance(rows.get(k), dict) for k in _BALANCE_ROWS):
        return []
    out = []
    rows_read = [rows[k] for k in _BALANCE_ROWS]
    for column in APPLICATION_COLUMNS:
        values = tuple([row.get(column) for row in rows_read])
        # whole numbers' checks remembered, as for the rows (_row_totals)
        whole = set(map(type, values)) <= _WHOLE
        fields = _whole_balance(column, values) if whole else _balance(column, values)
        out.append(ConsistencyCheck(*fields))
    return out


#: 新收 + 结转 = 办理结果总计 + 结转下年度, the rows in that order
_BALANCE_ROWS = ("received", "carried_over", "result_total", "carried_forward")


def _balance(column: str, values: tuple) -> tuple:
    """The `ConsistencyCheck` fields of 表三's balance in `column`, of the
    cells `values` of the `_BALANCE_ROWS`."""
    (new, b1), (old, b2), (done, b3), (left, b4) = _numbers(values)
    passed = _equal(new + old, done + left)
    message = (f"表三 {COLUMN_NAMES[column]} 列：一 本年新收 {_fmt(new)} + 二 上年结转 {_fmt(old)}"
               f" = {_fmt(new + old)} {'=' if passed else '≠'} 三（七）总计 {_fmt(done)}"
               f" + 四 结转下年度 {_fmt(left)} = {_fmt(done + left)}"
               + (BLANK_NOTE if (b1 or b2 or b3 or b4) else ""))
    return ("applications.balance", passed, message, "applications", "", column, new + old, done + left)


@lru_cache(maxsize=4096)
def _whole_balance(column: str, values: tuple[int | None, ...]) -> tuple:
    return _balance(column, values)


def _review_totals(reviews: dict[str, Any]) -> list[ConsistencyCheck]:
    out = []
    for group in REVIEW_GROUPS:
        cells = reviews.get(group)
        if not isinstance(cells, dict) or not cells:
            continue
        values = tuple(map(cells.get, REVIEW_CELLS))
        # whole numbers' checks remembered, as for 表三's rows (_row_totals)
        whole = set(map(type, values)) <= _WHOLE
        fields = _whole_review_total(group, values) if whole else _review_total(group, values)
        out.append(ConsistencyCheck(*fields))
    return out


def _review_total(group: str, values: tuple) -> tuple:
    """The `ConsistencyCheck` fields of 表四's `group`, of its cells `values`
    (of REVIEW_CELLS, the total last): the first four's sum against the total."""
    numbers = _numbers(values)
    parts = [(c, v, b) for c, (v, b) in zip(REVIEW_CELLS[:4], numbers)]
    total, total_blank = numbers[4]
    expected = sum(v for _, v, _ in parts)
    passed = _equal(expected, total)
    shown = " + ".join(f"{REVIEW_CELL_NAMES[c]} {_fmt(v)}" for c, v, _ in parts)
    blank = total_blank or any(b for _, _, b in parts)
    message = (f"表四 {REVIEW_GROUP_NAMES[group]}：{shown} = {_fmt(expected)} "
               f"{'=' if passed else '≠'} 总计 {_fmt(total)}" + (BLANK_NOTE if blank else ""))
    return ("reviews.total", passed, message, "reviews", group, "total", expected, total)


@lru_cache(maxsize=4096)
def _whole_review_total(group: str, values: tuple[int | None, ...]) -> tuple:
    return _review_total(group, values)


def _quoted_numbers(active: dict[str, Any], text: str) -> list[ConsistencyCheck]:
    prose = None
    out = []
    for pattern, item, column, what in QUOTED_NUMBERS:
        table_value = (active.get(item) or {}).get(column)
        if not isinstance(table_value, (int, float)):
            continue
        if _QUOTE_CORES[pattern] not in text:
            continue  # nor in any line of it
        if prose is None:
            # Only prose lines: table rows (with TABs) would quote the table itself.
            prose = "\n".join(line for line in text.splitlines() if "\t" not in line and "|" not in line)
        m = re.search(pattern, prose)
        if not m:
            continue
        quoted = int(m.group(1).replace(",", ""))
        passed = _equal(quoted, table_value)
        message = (f"正文称{what} {quoted}（“{m.group(0).strip()}”），表二为 {_fmt(table_value)}"
                   + ("，一致" if passed else "，不一致"))
        out.append(ConsistencyCheck("text.quoted_numbers", passed, message, "active", item, column,
                                    table_value, quoted))
    return out
