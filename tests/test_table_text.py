"""indexer.parser.table_text: a section's text without its statistics tables."""
from __future__ import annotations

from flat_reports import flattened_2021_report
from indexer.parser import parse_report
from indexer.parser.table_text import is_table_row, prose_text


def test_tab_and_pipe_rows_are_table_text():
    assert is_table_row("一、本年新收政府信息公开申请数量\t5\t0")
    assert is_table_row("| 行政许可 | 3 |") and is_table_row("行政许可 | 3 | 0")
    assert not is_table_row("全年收到申请5件。")


def test_cells_one_per_line_after_a_header_are_dropped_up_to_the_next_sentence():
    text = ("全年主动公开信息100条。\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
            "申请人情况\n自然人\n商业企业\n一、本年新收政府信息公开申请数量\n5\n0\n\n"
            "本年度共收到申请5件，均已按期答复。")
    assert prose_text(text) == "全年主动公开信息100条。\n\n本年度共收到申请5件，均已按期答复。"


def test_a_flattened_report_keeps_its_prose_and_loses_its_tables():
    report = parse_report(flattened_2021_report())
    assert [prose_text(s.text) for s in report.sections if s.number in (2, 3, 4)] == ["", "", ""]
    assert prose_text(report.section(6).text) == "本年度未收取信息处理费。"
    five = report.section(5).text
    assert prose_text(five) == five


def test_text_without_tables_is_unchanged():
    text = "一是公开内容不够全面；\n二是解读不够及时。"
    assert prose_text(text) == text
    assert prose_text("") == ""
