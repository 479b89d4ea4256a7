"""Table cells printed without separators (indexer.parser.glued), read back
with the table's own arithmetic only where one reading is sure."""
from __future__ import annotations

from flat_reports import TABLE3_2021, TABLE4_2021, flattened_2021_report, table3_with
from indexer.parser import parse_report
from indexer.parser.glued import groups_add_up, readings, resolve, row_adds_up
from indexer.parser.tables import APPLICATION_COLUMNS, ROWS_2021, extract_tables


def test_a_glued_row_has_one_reading_that_adds_up():
    assert readings("21710000218", 7, row_adds_up) == [(217, 1, 0, 0, 0, 0, 218)]
    assert readings("100000010", 7, row_adds_up) == [(10, 0, 0, 0, 0, 0, 10)]


def test_seven_digits_are_seven_cells_even_when_they_do_not_add_up():
    # one way to cut it: the numbers are the page's, the checks will say it is wrong
    assert readings("1000003", 7, row_adds_up) == [(1, 0, 0, 0, 0, 0, 3)]


def test_printed_gaps_stay_cell_boundaries():
    assert readings("217 1 0000218", 7, row_adds_up) == [(217, 1, 0, 0, 0, 0, 218)]
    assert readings("21 710000218", 7, row_adds_up) == []  # 21 | 7… cannot make 218


def test_a_row_may_allow_two_readings():
    assert sorted(readings("101000011", 7, row_adds_up)) == [(1, 0, 10, 0, 0, 0, 11), (10, 1, 0, 0, 0, 0, 11)]


def test_review_groups_each_end_in_their_sum():
    assert readings("210030001100000", 15, groups_add_up) == [TABLE4_2021]


def test_column_sums_choose_between_readings_or_refuse():
    a, b = (10, 1, 0, 0, 0, 0, 11), (1, 0, 10, 0, 0, 0, 11)
    fixed = {"disclosed": [(5, 1, 0, 0, 0, 0, 6)], "partly_disclosed": [(5, 0, 0, 0, 0, 0, 5)]}
    equations = [(["disclosed", "partly_disclosed"], ["result_total"])]
    assert resolve({**fixed, "result_total": [a, b]}, equations, 7) == {
        "disclosed": (5, 1, 0, 0, 0, 0, 6), "partly_disclosed": (5, 0, 0, 0, 0, 0, 5), "result_total": a}
    # nothing ties the received row to the others: two readings fit, none is taken
    assert resolve({**fixed, "result_total": [a, b], "received": [a, b]}, equations, 7) is None


def test_flattened_2021_table_is_read_cell_by_cell():
    tables = extract_tables(flattened_2021_report())
    rows = tables["applications"]["rows"]
    expected = {key: dict(zip(APPLICATION_COLUMNS, cells)) for key, (_, cells) in zip(ROWS_2021, TABLE3_2021)}
    assert rows == expected
    assert tables["applications"]["layout"] == "2021"
    assert tables["reviews"]["review"] == {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 3}
    assert tables["reviews"]["litigation_direct"]["pending"] == 1
    assert "unreadable" not in tables


def test_an_ambiguous_row_is_settled_by_the_rows_that_add_up_to_it():
    a = (10, 1, 0, 0, 0, 0, 11)
    table = table3_with(received=a, disclosed=(5, 1, 0, 0, 0, 0, 6), partly_disclosed=(5, 0, 0, 0, 0, 0, 5),
                        result_total=a)
    rows = extract_tables(flattened_2021_report(table))["applications"]["rows"]
    assert rows["received"] == rows["result_total"] == dict(zip(APPLICATION_COLUMNS, a))


def test_a_table_with_no_sure_reading_is_left_out_with_a_warning():
    a = (10, 1, 0, 0, 0, 0, 11)
    # every row that could tell the two readings apart is itself ambiguous
    report = parse_report(flattened_2021_report(table3_with(received=a, disclosed=a, result_total=a)))
    assert "applications" not in report.tables
    assert not [c for c in report.checks if c.table == "applications"]
    assert any(w.startswith("table applications unreadable: 表三 digits printed without separators")
               for w in report.warnings)


def test_a_flattened_table_with_some_rows_spaced_is_read_whole():
    text = flattened_2021_report().replace("21710000218", " 217 1 0 0 0 0 218 ")
    rows = extract_tables(text)["applications"]["rows"]
    assert len(rows) == 25 and rows["received"] == dict(zip(APPLICATION_COLUMNS, (217, 1, 0, 0, 0, 0, 218)))


def test_a_flattened_2019_table_with_one_other_row():
    rows = [r for r in TABLE3_2021 if not r[0].startswith(("2.申请人逾期", "3.其他"))]
    rows = [("（六）其他处理", (0,) * 7) if label.startswith("（六）其他处理") else (label, cells) for label, cells in rows]
    report = parse_report(flattened_2021_report(rows).replace("2021年", "2020年"))
    applications = report.tables["applications"]
    assert applications["layout"] == "2019" and len(applications["rows"]) == 23
    assert report.failed_checks == [] and not report.warnings


# --- 表二: no sums to settle a split, so only runs with one cut are read -----

def test_flattened_2021_active_table_is_read_where_each_run_has_one_cut():
    tables = extract_tables(flattened_2021_report())
    assert tables["active"] == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "repealed": 1, "in_force": 2},
        "licensing": {"decisions": 1525},
        "fees": {"amount": 18651.06, "amount_unit": "万元"},
    }
    assert "unreadable" not in tables


def test_an_active_item_with_more_than_one_cut_is_left_out_with_a_warning():
    report = parse_report(flattened_2021_report().replace("行政规范性文件312", "行政规范性文件3112"))
    assert report.tables["active"] == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "licensing": {"decisions": 1525},
        "fees": {"amount": 18651.06, "amount_unit": "万元"},
    }
    assert ("table active unreadable: 表二 digits printed without separators cannot be read for sure "
            "(item normative_documents)") in report.warnings
    # a sign or a decimal point among several cells gives no sure cut either
    two_cells = flattened_2021_report().replace("本年处理决定数量行政许可1525", "上一年项目数量本年增/减行政许可15-2")
    assert "licensing" not in extract_tables(two_cells)["active"]


def test_active_table_in_tab_rows_is_not_read_as_glued():
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "规章\t0\t0\t0\n行政规范性文件\t3\t1\t12\n三、收到和处理政府信息公开申请情况")
    tables = extract_tables(text)
    assert tables["active"]["normative_documents"] == {"issued": 3, "repealed": 1, "in_force": 12}
    assert "unreadable" not in tables


def test_an_article_quoted_in_prose_is_no_active_table():
    text = "根据《条例》第二十条规定，本机关全年作出行政许可1525件。\n三、收到和处理政府信息公开申请情况"
    assert "active" not in extract_tables(text)


def test_rows_each_read_one_way_are_kept_when_the_printed_table_does_not_add_up():
    # 3 new applications, 0 in every result row: each row has one reading
    # (seven digits, seven cells), the table's own sums fail as printed
    three = (3, 0, 0, 0, 0, 0, 3)
    zero = (0, 0, 0, 0, 0, 0, 0)
    table = table3_with(received=three, **{k: zero for k in (
        "carried_over", "disclosed", "partly_disclosed", "result_total", "carried_forward")})
    report = parse_report(flattened_2021_report(table))
    rows = report.tables["applications"]["rows"]
    assert rows["received"] == dict(zip(APPLICATION_COLUMNS, three))
    assert rows["result_total"] == dict(zip(APPLICATION_COLUMNS, zero))
    assert not any(w.startswith("table applications unreadable") for w in report.warnings)
    failed = [c for c in report.checks if c.table == "applications" and not c.passed]
    assert failed  # the 勾稽 check flags it, the cells stay


def test_a_glued_row_that_lost_a_cell_is_damaged_and_the_rest_of_the_table_is_read():
    # the received row prints six digits for seven cells (…申请数量3 00003):
    # no reading has seven cells, so that row is left out, never padded,
    # and every other row is still read by its own sums
    zero = (0,) * 7
    text = flattened_2021_report(table3_with(received=(3, 0, 0, 0, 0, 0, 3), **{k: zero for k in (
        "carried_over", "disclosed", "partly_disclosed", "unable_not_held", "unable_unclear",
        "result_total", "carried_forward")}))
    text = text.replace("申请数量3000003二、", "申请数量3 00003二、", 1)
    report = parse_report(text)
    applications = report.tables["applications"]
    assert "received" not in applications["rows"]
    assert len(applications["rows"]) == 24
    assert applications["rows"]["result_total"] == dict(zip(APPLICATION_COLUMNS, zero))
    assert applications["damaged"] == [{"row": "received", "cells": 6}]
    assert "表三 row received damaged: 6 cells where 7 are expected; left out of the checks" in report.warnings
    assert not any(w.startswith("table applications unreadable") for w in report.warnings)
    assert not [c for c in report.checks if c.table == "applications" and c.row == "received"]
    assert report.failed_checks == []


def _all_zero_table():
    zero = (0,) * 7
    return flattened_2021_report(table3_with(**{k: zero for k in (
        "received", "carried_over", "disclosed", "partly_disclosed", "unable_not_held", "unable_unclear",
        "result_total", "carried_forward")}))


def test_six_zeros_for_seven_cells_have_one_reading_all_zero():
    # whichever cell was lost, the total is the others' sum and no cell is
    # negative: every cell is 0 (glued, and spaced without cell positions)
    for printed in ("申请数量0 00000二、", "申请数量0 0 0 0 0 0二、"):
        text = _all_zero_table().replace("申请数量0000000二、", printed, 1)
        assert text != _all_zero_table()
        report = parse_report(text)
        applications = report.tables["applications"]
        assert applications["rows"]["received"] == dict(zip(APPLICATION_COLUMNS, (0,) * 7)), printed
        assert not applications.get("damaged") and not any("damaged" in w for w in report.warnings)


def test_five_zeros_for_seven_cells_stay_damaged():
    # two cells lost: if one of them is the total, the other is unknown
    text = _all_zero_table().replace("申请数量0000000二、", "申请数量0 0000二、", 1)
    applications = parse_report(text).tables["applications"]
    assert "received" not in applications["rows"]
    assert applications["damaged"] == [{"row": "received", "cells": 5}]


def test_the_last_row_glued_to_a_year_in_the_prose_after_the_table():
    # …结转下年度继续办理2000002 then "2025年，我局…": the year is the prose's
    text = flattened_2021_report(table3_with(received=(2, 0, 0, 0, 0, 0, 2), carried_forward=(2, 0, 0, 0, 0, 0, 2)))
    at = text.index("继续办理2000002") + len("继续办理2000002")
    text = text[:at] + "2025年，我局共收到申请2件。" + text[at:]
    rows = parse_report(text).tables["applications"]["rows"]
    assert rows["carried_forward"] == dict(zip(APPLICATION_COLUMNS, (2, 0, 0, 0, 0, 0, 2)))


def test_a_row_whose_digits_have_no_reading_that_adds_up_is_left_out_alone():
    # 总计 printed 191000019: 19 + 1 is not 19, however the digits are cut
    text = flattened_2021_report(table3_with(received=(19, 0, 0, 0, 0, 0, 19), result_total=(19, 0, 0, 0, 0, 0, 19)))
    text = text.replace("（七）总计190000019", "（七）总计191000019", 1)
    assert "总计191000019" in text
    report = parse_report(text)
    applications = report.tables["applications"]
    assert "result_total" not in applications["rows"]
    assert applications["rows"]["received"] == dict(zip(APPLICATION_COLUMNS, (19, 0, 0, 0, 0, 0, 19)))
    assert any(w.startswith("表三 row result_total damaged: its digits have no reading that adds up") for w in report.warnings)
