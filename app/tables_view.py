"""Statistics tables and consistency checks shaped for the report page.

Tables come as stable keys (see the shared contract); here they get their
Chinese labels, and cells named by a failed check are marked.
"""
from __future__ import annotations

from app.labels import (
    ANY_COLUMN,
    ANY_ROW,
    ACTIVE_COLUMNS,
    ACTIVE_ITEMS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    RULE_EXPLANATIONS,
    TABLE_NAMES,
    label,
)


def _ordered(keys, preferred: dict) -> list[str]:
    keys = list(keys)
    return [k for k in preferred if k in keys] + [k for k in keys if k not in preferred]


def _bad_cells(checks, table: str) -> set[tuple[str, str]]:
    """(row, column) pairs named by failed checks of `table`; '' is a wildcard."""
    names = {table, TABLE_NAMES.get(table, table)}
    return {(c.row, c.column) for c in checks if not c.passed and (c.table in names or c.rule.startswith(table + "."))}


def _is_bad(bad: set, row: str, column: str) -> bool:
    return (row, column) in bad or (row, "") in bad or ("", column) in bad


def _fmt(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_SECTION = {"active": 2, "applications": 3, "reviews": 4}


def _grid(title: str, name: str, rows: dict, row_labels: dict, col_labels: dict, columns=None, bad=frozenset()) -> dict:
    if columns is None:
        seen: list[str] = []
        for cells in rows.values():
            if isinstance(cells, dict):
                seen += [k for k in cells if k not in seen]
        columns = seen
    columns = _ordered(columns, col_labels)
    return {
        "name": name,
        "section": _SECTION[name],  # the standard section the table belongs to
        "title": title,
        "columns": [label(col_labels, c) for c in columns],
        "rows": [
            {
                "label": label(row_labels, key),
                "cells": [{"value": _fmt((rows[key] or {}).get(c)), "bad": _is_bad(bad, key, c)} for c in columns],
            }
            for key in _ordered(rows, row_labels)
            if isinstance(rows[key], dict)
        ],
    }


def tables(data: dict, checks) -> list[dict]:
    """Renderable tables in report order (表二, 表三, 表四), those present only."""
    out = []
    active = data.get("active")
    if isinstance(active, dict) and active:
        out.append(_grid("表二 主动公开政府信息情况", "active", active, ACTIVE_ITEMS, ACTIVE_COLUMNS))
    apps = data.get("applications")
    if isinstance(apps, dict) and isinstance(apps.get("rows"), dict):
        layout = apps.get("layout") or ""
        title = "表三 收到和处理政府信息公开申请情况" + (f"（{layout} 版式）" if layout else "")
        out.append(_grid(title, "applications", apps["rows"], APPLICATION_ROWS, APPLICANT_COLUMNS, apps.get("columns") or None, _bad_cells(checks, "applications")))
    reviews = data.get("reviews")
    if isinstance(reviews, dict) and reviews:
        out.append(_grid("表四 政府信息公开行政复议、行政诉讼情况", "reviews", reviews, REVIEW_GROUPS, REVIEW_COLUMNS, bad=_bad_cells(checks, "reviews")))
    return out


def _table_key(table: str) -> str | None:
    """The statistics table a check names, as `tables()` names it (its anchor is `table-<key>`)."""
    by_label = {v: k for k, v in TABLE_NAMES.items()}
    key = by_label.get(table, table)
    return key if key in _SECTION else None


def checks(items, shown: tuple[str, ...] = ()) -> dict:
    """{failed: [{rule, message, explanation, place, anchor}], passed: n, total: n};
    `anchor` is the id of the table the check names when that table is among `shown`."""
    failed = [
        {
            "anchor": f"table-{_table_key(c.table)}" if _table_key(c.table) in shown else None,
            "rule": c.rule,
            "message": c.message,
            "explanation": RULE_EXPLANATIONS.get(c.rule, ""),
            "place": " · ".join(
                x
                for x in (
                    TABLE_NAMES.get(c.table, c.table),
                    label(ANY_ROW, c.row) if c.row else "",
                    label(ANY_COLUMN, c.column) if c.column else "",
                )
                if x
            ),
        }
        for c in items
        if not c.passed
    ]
    return {"failed": failed, "passed": sum(1 for c in items if c.passed), "total": len(items)}
