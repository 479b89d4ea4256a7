"""Tests for indexer.parser.checks: the 勾稽关系 over extracted tables."""
from __future__ import annotations

import pytest

from indexer.model import ConsistencyCheck
from indexer.parser.checks import check_tables
from indexer.parser.tables import APPLICATION_COLUMNS, ROWS_2019, extract_tables
from indexer.readers import read_document


def checks_for(corpus_dir, name: str) -> list[ConsistencyCheck]:
    text = read_document(corpus_dir / name).text
    return check_tables(extract_tables(text), text)


def test_songbei_failures_exactly(corpus_dir):
    checks = checks_for(corpus_dir, "songbei-qu-2020.txt")
    assert [c for c in checks if not c.passed] == [
        ConsistencyCheck(
            "applications.row_total", False,
            "表三 （一）予以公开 行：各申请人之和 91（自然人 91）≠ 总计 92",
            "applications", "disclosed", "total", 91, 92),
        ConsistencyCheck(
            "applications.row_total", False,
            "表三 （四）无法提供 1.本机关不掌握相关政府信息 行：各申请人之和 2（自然人 1 + 商业企业 1）≠ 总计 1",
            "applications", "unable_not_held", "total", 2, 1),
        ConsistencyCheck(
            "text.quoted_numbers", False,
            "正文称采购项目数量 392（“采购项目数量392项”），表二为 293，不一致",
            "active", "procurement", "count", 293, 392),
    ]


def test_songbei_evaluates_every_row_and_column(corpus_dir):
    checks = checks_for(corpus_dir, "songbei-qu-2020.txt")
    rules = [c.rule for c in checks]
    assert rules == (["applications.row_total"] * len(ROWS_2019) + ["applications.result_total"] * 7
                     + ["applications.balance"] * 7 + ["reviews.total"] * 3
                     + ["text.quoted_numbers"] * 4)
    balance = [c for c in checks if c.rule == "applications.balance"]
    assert [(c.column, c.passed, c.expected, c.actual) for c in balance] == [
        (col, True, value, value) for col, value in zip(APPLICATION_COLUMNS, (140, 1, 0, 0, 0, 0, 141))]
    assert balance[0].message == ("表三 自然人 列：一 本年新收 140 + 二 上年结转 0 = 140 = "
                                  "三（七）总计 140 + 四 结转下年度 0 = 140")
    reviews = [c for c in checks if c.rule == "reviews.total"]
    assert reviews[0].message == "表四 行政复议：结果维持 4 + 结果纠正 4 + 其他结果 6 + 尚未审结 0 = 14 = 总计 14"


@pytest.mark.parametrize("name,count", [
    ("huaian-shi-2024.pdf", 25 + 7 + 7 + 3),
    ("pingfang-xinjiang-jiedao-2023.txt", 25 + 7 + 7 + 3),
    ("huaian-hongze-qu-2024.pdf", 23 + 7 + 7 + 3),
])
def test_reports_whose_numbers_add_up_pass_every_check(corpus_dir, name, count):
    checks = checks_for(corpus_dir, name)
    assert len(checks) == count
    assert [c.message for c in checks if not c.passed] == []


def test_hongze_2023_review_totals_left_at_zero(corpus_dir):
    failed = [c for c in checks_for(corpus_dir, "huaian-hongze-qu-2023.pdf") if not c.passed]
    assert [(c.rule, c.row, c.expected, c.actual, c.message) for c in failed] == [
        ("reviews.total", "review", 11, 0,
         "表四 行政复议：结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11 ≠ 总计 0"),
        ("reviews.total", "litigation_after_review", 5, 0,
         "表四 行政诉讼（复议后起诉）：结果维持 5 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 5 ≠ 总计 0"),
    ]


def test_blank_cells_count_as_zero_and_say_so(corpus_dir):
    checks = checks_for(corpus_dir, "shuyang-fagaiju-2023.html")
    assert all(c.passed for c in checks)
    received = checks[0]
    assert received.message == "表三 一、本年新收政府信息公开申请数量 行：各申请人之和 26（自然人 26）= 总计 26（空白单元格按 0 计）"


def test_balance_failure_names_column_and_numbers():
    rows = {k: dict.fromkeys(APPLICATION_COLUMNS, 0) for k in ROWS_2019}
    rows["received"].update(natural_person=5, total=5)
    rows["disclosed"].update(natural_person=3, total=3)
    rows["result_total"].update(natural_person=3, total=3)
    rows["carried_forward"].update(natural_person=1, total=1)
    tables = {"applications": {"layout": "2019", "columns": list(APPLICATION_COLUMNS), "rows": rows,
                               "missing": []}}
    failed = [c for c in check_tables(tables) if not c.passed]
    assert [(c.rule, c.column, c.expected, c.actual, c.message) for c in failed] == [
        ("applications.balance", "natural_person", 5, 4,
         "表三 自然人 列：一 本年新收 5 + 二 上年结转 0 = 5 ≠ 三（七）总计 3 + 四 结转下年度 1 = 4"),
        ("applications.balance", "total", 5, 4,
         "表三 总计 列：一 本年新收 5 + 二 上年结转 0 = 5 ≠ 三（七）总计 3 + 四 结转下年度 1 = 4"),
    ]


def test_result_total_failure_and_floats():
    rows = {k: dict.fromkeys(APPLICATION_COLUMNS, 0) for k in ROWS_2019}
    rows["disclosed"].update(natural_person=2, total=2)
    rows["other_processing"].update(natural_person=1, total=1)
    rows["result_total"].update(natural_person=2.5, total=3)
    tables = {"applications": {"layout": "2019", "rows": rows}}
    failed = [c for c in check_tables(tables) if not c.passed]
    assert [(c.rule, c.row, c.column, c.message) for c in failed] == [
        ("applications.row_total", "result_total", "total",
         "表三 （七）总计 行：各申请人之和 2.5（自然人 2.5）≠ 总计 3"),
        ("applications.result_total", "result_total", "natural_person",
         "表三 自然人 列：（一）至（六）各项之和 3 ≠ （七）总计 2.5"),
        ("applications.balance", "", "natural_person",
         "表三 自然人 列：一 本年新收 0 + 二 上年结转 0 = 0 ≠ 三（七）总计 2.5 + 四 结转下年度 0 = 2.5"),
        ("applications.balance", "", "total",
         "表三 总计 列：一 本年新收 0 + 二 上年结转 0 = 0 ≠ 三（七）总计 3 + 四 结转下年度 0 = 3"),
    ]


def test_rules_needing_absent_rows_are_skipped():
    tables = {"applications": {"layout": "2019", "rows": {
        "received": {"natural_person": 1, "total": 1},
        "result_total": {"natural_person": 1, "total": 1}}}}
    assert [(c.rule, c.row) for c in check_tables(tables)] == [
        ("applications.row_total", "received"), ("applications.row_total", "result_total")]


def test_quoted_numbers_only_from_prose():
    tables = {"active": {"procurement": {"count": 7, "amount": 1.5}}}
    assert check_tables(tables, "政府集中采购\t7\t1.5\n采购项目数量\t9项\n") == []
    [check] = check_tables(tables, "全年公开采购项目数量7项。")
    assert (check.rule, check.passed, check.message) == (
        "text.quoted_numbers", True, "正文称采购项目数量 7（“采购项目数量7项”），表二为 7，一致")


@pytest.mark.parametrize("tables", [
    {}, None, {"applications": {}}, {"applications": {"rows": "x"}},
    {"applications": {"rows": {"received": None, "disclosed": {"total": "7"}}}},
    {"reviews": {"review": {"upheld": "a", "total": None}}, "active": {"fees": 3}},
    {"reviews": "x", "active": "y"},
])
def test_odd_tables_never_raise(tables):
    assert isinstance(check_tables(tables, "采购项目数量3项"), list)
