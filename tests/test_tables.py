"""Tests for indexer.parser.tables: 表二/表三/表四 from real and synthetic text."""
from __future__ import annotations

import pytest

from indexer.parser.tables import APPLICATION_COLUMNS, ROWS_2019, ROWS_2021, extract_tables, table_warnings
from indexer.readers import read_document


def zeros() -> dict[str, int]:
    return dict.fromkeys(APPLICATION_COLUMNS, 0)


def row(*values) -> dict[str, int]:
    return dict(zip(APPLICATION_COLUMNS, values))


def all_zero_rows(keys) -> dict[str, dict[str, int]]:
    return {k: zeros() for k in keys}


def corpus_text(corpus_dir, name: str) -> str:
    return read_document(corpus_dir / name).text


ZERO_REVIEWS = {g: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
                for g in ("review", "litigation_direct", "litigation_after_review")}


def test_songbei_one_cell_per_line_with_vertical_headers(corpus_dir):
    tables = extract_tables(corpus_text(corpus_dir, "songbei-qu-2020.txt"))
    rows = all_zero_rows(ROWS_2019)
    rows.update({
        "received": row(140, 1, 0, 0, 0, 0, 141),
        "disclosed": row(91, 0, 0, 0, 0, 0, 92),
        "partly_disclosed": row(33, 0, 0, 0, 0, 0, 33),
        "withheld_law_prohibited": row(1, 0, 0, 0, 0, 0, 1),
        "withheld_third_party": row(3, 0, 0, 0, 0, 0, 3),
        "withheld_internal_affairs": row(1, 0, 0, 0, 0, 0, 1),
        "withheld_process_info": row(1, 0, 0, 0, 0, 0, 1),
        "unable_not_held": row(1, 1, 0, 0, 0, 0, 1),
        "not_processed_repeated": row(4, 0, 0, 0, 0, 0, 4),
        "other_processing": row(5, 0, 0, 0, 0, 0, 5),
        "result_total": row(140, 1, 0, 0, 0, 0, 141),
    })
    assert tables["applications"] == {"layout": "2019", "columns": list(APPLICATION_COLUMNS),
                                      "rows": rows, "missing": []}
    assert tables["reviews"] == {
        "review": {"upheld": 4, "corrected": 4, "other": 6, "pending": 0, "total": 14},
        "litigation_direct": {"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2},
        "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 1, "pending": 3, "total": 4},
    }
    assert tables["active"] == {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": 18, "new_published": 18, "total_published": 40},
        "licensing": {"previous_year": 182, "change": 566, "decisions": 38631},
        "other_services": {"previous_year": 980, "change": 65, "decisions": 12234},
        "punishment": {"previous_year": 1425, "change": 1740, "decisions": 1583},
        "coercion": {"previous_year": 46, "change": 253, "decisions": 3},
        "fees": {"previous_year": 0, "change": 0},
        "procurement": {"count": 293, "amount": 26102, "amount_unit": "万元"},
    }


def test_pingfang_xinjiang_2021_layout(corpus_dir):
    tables = extract_tables(corpus_text(corpus_dir, "pingfang-xinjiang-jiedao-2023.txt"))
    assert tables == {
        "applications": {"layout": "2021", "columns": list(APPLICATION_COLUMNS),
                         "rows": all_zero_rows(ROWS_2021), "missing": []},
        "reviews": ZERO_REVIEWS,
        "active": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
            "licensing": {"decisions": 0}, "punishment": {"decisions": 0},
            "coercion": {"decisions": 0}, "fees": {"amount": 0, "amount_unit": "万元"},
        },
    }


def test_jiamusi_tab_flattened_merged_cells(corpus_dir):
    tables = extract_tables(corpus_text(corpus_dir, "jiamusi-gangwan-jiedao-2020.md"))
    assert tables["applications"] == {"layout": "2019", "columns": list(APPLICATION_COLUMNS),
                                      "rows": all_zero_rows(ROWS_2019), "missing": []}
    assert tables["reviews"] == ZERO_REVIEWS
    assert tables["active"]["procurement"] == {"count": 0, "amount": 0}


def test_xianfenglu_amount_with_unit_and_typo(corpus_dir):
    tables = extract_tables(corpus_text(corpus_dir, "xianfenglu-jiedao-2019.txt"))
    assert tables["active"]["procurement"] == {"count": 19, "amount": 42.21, "amount_unit": "万元"}
    assert tables["applications"]["rows"] == all_zero_rows(ROWS_2019)


def test_youxie_padded_numbers_and_split_labels(corpus_dir):
    tables = extract_tables(corpus_text(corpus_dir, "pingfang-youxie-jiedao-2020.txt"))
    assert tables["active"]["other_services"] == {"previous_year": 25, "change": 0, "decisions": 301}
    assert tables["active"]["regulations"] == {"new_made": 0, "new_published": 0, "total_published": 0}
    assert tables["applications"]["rows"] == all_zero_rows(ROWS_2019)
    assert tables["reviews"] == ZERO_REVIEWS


def test_html_rows_with_blank_cells_are_missing_not_zero(corpus_dir):
    tables = extract_tables(corpus_text(corpus_dir, "shuyang-fagaiju-2023.html"))
    applications = tables["applications"]
    assert applications["layout"] == "2021"
    assert set(applications["rows"]) == set(ROWS_2021)
    assert applications["rows"]["received"] == {"natural_person": 26, "total": 26}
    assert applications["rows"]["result_total"] == {"natural_person": 26, "total": 26}
    blanks = ("commercial", "research", "public_interest", "legal_services", "other")
    assert applications["missing"] == [f"{r}.{c}" for r in ROWS_2021 for c in blanks]
    assert tables["reviews"]["review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}


def test_pdf_tables(corpus_dir):
    tables = extract_tables(corpus_text(corpus_dir, "huaian-shi-2024.pdf"))
    rows = tables["applications"]["rows"]
    assert set(rows) == set(ROWS_2021)
    assert rows["received"] == row(3001, 53, 0, 0, 61, 4, 3119)
    assert rows["unable_not_held"] == row(746, 12, 0, 0, 10, 1, 769)  # split by a page break
    assert rows["other_other"] == row(108, 2, 0, 0, 0, 0, 110)
    assert rows["carried_forward"] == row(103, 0, 0, 0, 0, 0, 103)
    assert tables["reviews"]["review"] == {"upheld": 72, "corrected": 64, "other": 178,
                                           "pending": 37, "total": 351}
    assert tables["active"]["fees"] == {"amount": 96171.6, "amount_unit": "万元"}


PDF_TEXT_LINES = """三、收到和处理政府信息公开申请情况
自然人 社会 法律 总计
一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
（一）予以公开 0 0 0 0 0 0 0
（二）部分公开（区分处理的，只计这一情 形，不
4 0 0 0 0 0 4
计其他情形）
1 0 0 0 0 0 1
1.属于国家秘密
三 2.其他法律行政止公开 0 0 0 0 0 0 0
- 3 -
（七）总计 21 0 0 0 0 0 21
四、结转下年度继续办理 0 0 0 0 0 0 0
"""


def test_space_separated_pdf_text_with_numbers_before_wrapped_label():
    rows = extract_tables(PDF_TEXT_LINES)["applications"]["rows"]
    assert rows == {
        "received": row(21, 0, 0, 0, 0, 0, 21), "carried_over": zeros(), "disclosed": zeros(),
        "partly_disclosed": row(4, 0, 0, 0, 0, 0, 4),
        "withheld_state_secret": row(1, 0, 0, 0, 0, 0, 1),
        "withheld_law_prohibited": zeros(),
        "result_total": row(21, 0, 0, 0, 0, 0, 21), "carried_forward": zeros(),
    }


def test_pipe_table_with_fullwidth_digits_and_commas():
    text = ("| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
            "|---|---|---|---|---|---|---|---|\n"
            "| 一、本年新收政府信息公开申请数量 | １,２３４ | 5 | 0 | 0 | 0 | 0 | 1,239 |\n"
            "| 二、上年结转政府信息公开申请数量 | — | 0 | 0 | 0 | 0 | 0 | 0 |\n")
    applications = extract_tables(text)["applications"]
    assert applications["rows"] == {
        "received": row(1234, 5, 0, 0, 0, 0, 1239),
        "carried_over": {"commercial": 0, "research": 0, "public_interest": 0,
                         "legal_services": 0, "other": 0, "total": 0},
    }
    assert applications["missing"] == ["carried_over.natural_person"]


def test_html_derived_tab_rows_keep_positions():
    # the reader leaves a spanned label cell empty: 8 cells after the label
    text = ("三、本年度办理结果\t（一）予以公开\t\t3\t\t\t\t\t\t3\n"
            "\t（二）部分公开\t\t\t2\t\t\t\t\t2\n")
    rows = extract_tables("一、本年新收政府信息公开申请数量\t5\t2\t\t\t\t\t7\n" + text)["applications"]["rows"]
    assert rows == {"received": {"natural_person": 5, "commercial": 2, "total": 7},
                    "disclosed": {"natural_person": 3, "total": 3},
                    "partly_disclosed": {"commercial": 2, "total": 2}}


def test_one_cell_per_line_with_dash_placeholder_and_review_vertical_header():
    text = ("\t一、本年新收政府信息公开申请数量\n\t—\n\t1\n\n\t0\n\t0\n\t0\n\t0\n\t1\n\n"
            "\t二、上年结转政府信息公开申请数量\n" + "\t0\n" * 7 + "\n"
            "\t行政复议\n\t行政诉讼\n\t结\n果\n维\n持\n\t总\n计\n\t复议后起诉\n\n"
            + "".join(f"\t{n}\n" for n in (1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2)))
    tables = extract_tables(text)
    assert tables["applications"]["rows"] == {
        "received": {"commercial": 1, "research": 0, "public_interest": 0, "legal_services": 0,
                     "other": 0, "total": 1},
        "carried_over": zeros(),
    }
    assert tables["applications"]["missing"] == ["received.natural_person"]
    assert tables["reviews"] == {
        "review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
        "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
        "litigation_after_review": {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2},
    }


def test_2021_other_processing_header_is_not_a_data_row():
    lines = ["（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1",
             "\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0",
             "\t3.其他\t2\t0\t0\t0\t0\t0\t2"]
    text = "一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n" + "\n".join(lines)
    applications = extract_tables(text)["applications"]
    assert applications["layout"] == "2021"
    assert applications["rows"] == {"received": row(3, 0, 0, 0, 0, 0, 3),
                                    "other_overdue_correction": row(1, 0, 0, 0, 0, 0, 1),
                                    "other_overdue_fee": zeros(),
                                    "other_other": row(2, 0, 0, 0, 0, 0, 2)}


def test_a_row_with_fewer_numbers_than_cells_and_no_cell_positions_is_damaged_not_padded():
    # one cell a line, blank cells not printed at all: which two columns hold
    # the 4s cannot be told, so the row is not mapped by position
    text = ("\t一、本年新收政府信息公开申请数量\n\t4\n\t4\n\n\t二、上年结转政府信息公开申请数量\n"
            + "\n".join("0000000") + "\n（一）予以公开\n" + "\n".join("4000004") + "\n")
    tables = extract_tables(text)
    applications = tables["applications"]
    assert applications["rows"] == {"carried_over": zeros(), "disclosed": row(4, 0, 0, 0, 0, 0, 4)}
    assert applications["damaged"] == [{"row": "received", "cells": 2}]
    assert table_warnings(tables) == ["表三 row received damaged: 2 cells where 7 are expected; left out of the checks"]


@pytest.mark.parametrize("text", [
    "", "   \n\t\n", "\x00\x01garbage\t\t|||", "本年新收", "一、本年新收\t\t\t",
    "行政复议 复议后起诉 1 2", "第二十条 信息内容 规章 x y z", "|" * 50, "\t" * 1000,
    "本年新收 " + "9" * 400, "总计\n" * 100, None, 12,
])
def test_garbage_gives_no_tables_without_raising(text):
    assert extract_tables(text) == {}


@pytest.mark.parametrize("name", [
    "huadian-xinhua-jiedao-2012.txt", "tongling-jiaoqu-xiang-2017.txt",
    "wuxi-xishan-sifaju-2010.txt", "jiaxing-kejicheng-daqiaozhen-2018.txt",
])
def test_old_format_reports_have_no_tables(corpus_dir, name):
    assert extract_tables(corpus_text(corpus_dir, name)) == {}


def test_merged_cells_repeated_in_every_row_as_docx_gives_them():
    group = "三、本年度办理结果\t（六）其他处理\t"
    text = ("一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\n"
            + group + "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n"
            + group + "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
            + group + "3.其他\t0\t0\t0\t0\t0\t0\t0\n"
            + "三、本年度办理结果\t（七）总计\t\t1\t0\t0\t0\t0\t0\t1\n")
    applications = extract_tables(text)["applications"]
    assert applications["layout"] == "2021"
    assert applications["rows"] == {"received": row(1, 0, 0, 0, 0, 0, 1),
                                    "other_overdue_correction": row(1, 0, 0, 0, 0, 0, 1),
                                    "other_overdue_fee": zeros(), "other_other": zeros(),
                                    "result_total": row(1, 0, 0, 0, 0, 0, 1)}


# --- pipe rows and damaged rows (issue 12) ----------------------------------

def _seven(*cells):
    return dict(zip(("natural_person", "commercial", "research", "public_interest", "legal_services", "other", "total"), cells))


@pytest.mark.parametrize("sep", ["|", " | ", "｜"])
def test_pipe_rows_without_outer_pipes_keep_every_column(sep):
    text = (f"一、本年新收政府信息公开申请数量{sep}" + sep.join("5 1 0 0 0 0 6".split()) + "\n"
            f"二、上年结转政府信息公开申请数量{sep}" + sep.join("0" * 7) + "\n")
    rows = extract_tables(text)["applications"]["rows"]
    assert rows == {"received": _seven(5, 1, 0, 0, 0, 0, 6), "carried_over": _seven(0, 0, 0, 0, 0, 0, 0)}


def test_a_row_with_the_wrong_number_of_cells_is_damaged_and_left_out_of_the_checks():
    from indexer.parser.checks import check_tables

    text = ("一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t0\t0\t6\n"
            "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
            "（一）予以公开\t5\t1\t0\t6\n"  # lost three cells in the source
            "（二）部分公开\t0\t0\t0\t0\t0\t0\t0\n")
    tables = extract_tables(text)
    applications = tables["applications"]
    assert set(applications["rows"]) == {"received", "carried_over", "partly_disclosed"}
    assert applications["damaged"] == [{"row": "disclosed", "cells": 4}]
    assert table_warnings(tables) == ["表三 row disclosed damaged: 4 cells where 7 are expected; left out of the checks"]
    checks = check_tables(tables)
    assert all(c.passed for c in checks) and {c.row for c in checks} == {"received", "carried_over", "partly_disclosed"}


def test_a_review_row_of_eleven_cells_is_not_mapped_by_position():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n未经复议直接起诉\t复议后起诉\n"
            "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\n五、存在的主要问题及改进情况\n")
    tables = extract_tables(text)
    assert "reviews" not in tables
    assert table_warnings(tables) == [
        "table reviews unreadable: 表四 row damaged: 11 cells where 15 are expected; left out of the checks"]


def test_a_page_cut_after_one_whole_row_keeps_that_row_but_not_a_stray_number():
    head = "申请人情况\n自然人\n法人或其他组织\n总计\n一、本年新收政府信息公开申请数量\n"
    tables = extract_tables(head + "\n".join("3100004") + "\n二、上年结转政府信")
    assert tables["applications"]["rows"] == {"received": _seven(3, 1, 0, 0, 0, 0, 4)}
    assert "applications" not in extract_tables("全年本年新收政府信息公开申请数量 3 件。")
