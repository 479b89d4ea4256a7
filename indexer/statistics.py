"""The statistics tables as a dataset: one tidy row per 表二/表三/表四 cell.

Pure: a report's `tables` (stable keys, see `indexer.parser.tables`) in,
rows out. `tidy_rows` and `check_rows` add who and when, so a researcher
loads the whole archive into pandas or R in one line.
"""
from __future__ import annotations

from typing import Any, Iterator

from indexer.copies import organ_key
from indexer.model import Report

#: Stable table key -> the table's name in the State Council format.
TABLE_NAMES = {"active": "表二", "applications": "表三", "reviews": "表四"}
#: Who and when, in every row of both exports.
ID_COLUMNS = ("report_id", "agency_id", "agency", "province", "city", "county", "level", "organ_type", "year", "format")
STATISTICS_COLUMNS = ID_COLUMNS + ("table", "row", "column", "value")
CHECK_COLUMNS = ID_COLUMNS + ("rule", "passed", "message")


def cells(tables: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    """(table name, row key, column key, value) for every cell, tables in 表二/三/四 order."""
    for key, name in TABLE_NAMES.items():
        table = tables.get(key) if isinstance(tables, dict) else None
        if not isinstance(table, dict):
            continue
        rows = table.get("rows") if key == "applications" else table
        if not isinstance(rows, dict):
            continue
        columns = table.get("columns") if key == "applications" else None
        for row, values in rows.items():
            if not isinstance(values, dict):
                continue
            order = [c for c in columns or [] if c in values] + [c for c in values if c not in (columns or [])]
            for column in order:
                if values[column] is not None and values[column] != "":
                    yield name, row, column, values[column]


def identity(report_id: str, report: Report, fields: dict | None = None) -> dict[str, Any]:
    """The ID_COLUMNS of a report (`fields`: the index's stored fields, for the organ key)."""
    fields = fields or {"agency": report.agency, "agency_id": report.agency_id, "organ_type": report.organ_type}
    return {
        "report_id": report_id,
        "agency_id": organ_key(fields),
        "agency": report.agency,
        "province": report.region.province,
        "city": report.region.city,
        "county": report.region.county,
        "level": report.level,
        "organ_type": fields.get("organ_type", ""),
        "year": report.year,
        "format": report.format,
    }


def tidy_rows(report_id: str, report: Report, fields: dict | None = None) -> Iterator[dict[str, Any]]:
    """One row (STATISTICS_COLUMNS) per statistics cell of the report."""
    who = identity(report_id, report, fields)
    for table, row, column, value in cells(report.tables):
        yield who | {"table": table, "row": row, "column": column, "value": value}


def check_rows(report_id: str, report: Report, fields: dict | None = None) -> Iterator[dict[str, Any]]:
    """One row (CHECK_COLUMNS) per 勾稽关系 check of the report."""
    who = identity(report_id, report, fields)
    for check in report.checks:
        yield who | {"rule": check.rule, "passed": check.passed, "message": check.message}


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def key_numbers(report: Report) -> dict[str, float | int | None]:
    """A report's headline figures; None where its tables do not say.

    received: 表三 本年新收 总计; disclosed_share: 予以公开 ÷ （七）总计;
    reviews / lawsuits: 表四 行政复议 总计 and both 行政诉讼 总计;
    correction_rate: 结果纠正 ÷ (维持 + 纠正 + 其他), 复议 and 诉讼 together;
    failed_checks: 勾稽关系 checks not passed.
    """
    tables = report.tables if isinstance(report.tables, dict) else {}
    apps = (tables.get("applications") or {}).get("rows") if isinstance(tables.get("applications"), dict) else None
    apps = apps if isinstance(apps, dict) else {}
    total = lambda row: _number((apps.get(row) or {}).get("total"))  # noqa: E731
    disclosed, results = total("disclosed"), total("result_total")
    reviews = tables.get("reviews") if isinstance(tables.get("reviews"), dict) else {}
    groups = {k: v for k, v in reviews.items() if isinstance(v, dict)}
    cell = lambda group, key: _number((groups.get(group) or {}).get(key))  # noqa: E731
    lawsuits = [cell(g, "total") for g in ("litigation_direct", "litigation_after_review") if cell(g, "total") is not None]
    concluded = sum(cell(g, k) or 0 for g in groups for k in ("upheld", "corrected", "other"))
    corrected = sum(cell(g, "corrected") or 0 for g in groups)
    return {
        "received": total("received"),
        "disclosed_share": disclosed / results if disclosed is not None and results else None,
        "reviews": cell("review", "total"),
        "lawsuits": sum(lawsuits) if lawsuits else None,
        "corrected": corrected if groups else None,
        "concluded": concluded if groups else None,
        "correction_rate": corrected / concluded if concluded else None,
        "failed_checks": len(report.failed_checks),
    }
