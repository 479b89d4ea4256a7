"""Section headings: variants, wrong numerals, old formats, and the numbered
items and table rows that must not be taken for headings."""
from __future__ import annotations

import pytest

from indexer.model import Section
from indexer.parser.sections import classify_heading, cn_number, preamble_section, split_sections


def _numbers_and_titles(text: str) -> list[tuple[int | None, str]]:
    return [(s.number, s.title) for s in split_sections(text)[1]]


@pytest.mark.parametrize("title, number", [
    ("总体情况", 1),
    ("概述", 1),
    ("主动公开政府信息情况", 2),
    ("收到和处理政府信息公开申请情况", 3),
    ("依申请公开政府信息情况", 3),
    ("政府信息公开行政复议、行政诉讼情况", 4),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", 4),
    ("存在的主要问题及改进情况", 5),
    ("存在的困难和问题", 5),
    ("问题和改进情况", 5),
    ("政府信息公开工作存在的主要问题和改进措施", 5),
    ("下步打算", 5),
    ("其他需要报告的事项", 6),
    ("其它需要报告的事项", 6),
    ("需要说明的其他事项", 6),
    ("政府信息公开的收费及减免情况", "fees"),
    ("加强领导，狠抓落实", None),
])
def test_classify_heading(title, number):
    assert classify_heading(title) == number


def test_cn_number():
    assert [cn_number(s) for s in ("一", "九", "十", "十一", "二十", "二十三", "")] == [1, 9, 10, 11, 20, 23, 0]


def test_standard_report_sections_and_texts():
    text = "标题\n一、总体情况\n甲。\n二、主动公开政府信息情况\n乙。\n五、存在的主要问题及改进情况\n丙。\n六、其他需要报告的事项\n无。"
    preamble, sections = split_sections(text)
    assert preamble == "标题"
    assert sections == [
        Section(1, "总体情况", "总体情况", "甲。"),
        Section(2, "主动公开政府信息情况", "主动公开政府信息情况", "乙。"),
        Section(5, "存在的主要问题及改进情况", "存在的主要问题及改进情况", "丙。"),
        Section(6, "其他需要报告的事项", "其他需要报告的事项", "无。"),
    ]


@pytest.mark.parametrize("numbering", ["2、", "2.", "2．", "2、 ", "二、", "二．"])
def test_wrong_or_arabic_numerals(numbering):
    text = f"一、总体情况\n甲。\n{numbering}主动公开政府信息情况\n乙。\n三、收到和处理政府信息公开申请情况\n丙。"
    assert [n for n, _ in _numbers_and_titles(text)] == [1, 2, 3]


def test_markdown_heading_markers_after_normalising():
    from indexer.parser.normalize import normalize_text

    text = normalize_text("## 一、总体情况\n甲。\n### 二、主动公开政府信息情况\n乙。\n#### 五、存在的主要问题及改进情况\n一是丙。")
    assert _numbers_and_titles(text) == [(1, "总体情况"), (2, "主动公开政府信息情况"), (5, "存在的主要问题及改进情况")]


def test_numbered_items_inside_a_section_are_not_headings():
    text = """一、总体情况
2019年，街道高度重视。
（一）主动公开政府信息情况
1.建立健全组织机构。建立了工作机制。
2.信息公开方面
（2）依申请公开政府信息和不予公开政府信息的情况。2019年收到申请0件。
（3）因政府信息公开申请行政复议、提起行政诉讼。未发生。
2、全年主动公开信息25条。
二、主动公开政府信息情况
表格。"""
    assert _numbers_and_titles(text) == [(1, "总体情况"), (2, "主动公开政府信息情况")]
    assert split_sections(text)[1][0].text.endswith("2、全年主动公开信息25条。")


def test_table_rows_are_not_headings():
    text = """三、收到和处理政府信息公开申请情况
	一、本年新收政府信息公开申请数量
	0
一、本年新收政府信息公开申请数量	0	0
三、本年度办理结果
四、结转下年度继续办理
四、政府信息公开行政复议、行政诉讼情况
无。"""
    assert _numbers_and_titles(text) == [(3, "收到和处理政府信息公开申请情况"), (4, "政府信息公开行政复议、行政诉讼情况")]


def test_old_format_maps_onto_standard_numbers():
    text = """一、概述
甲
二、主动公开政府信息情况
乙
三、依申请公开政府信息情况
丙
四、政府信息公开的收费及减免情况
丁
五、申请行政复议、提起行政诉讼的情况
戊
六、存在的主要问题和改进措施
己
七、下步打算
庚
八、其他
无"""
    preamble, sections = split_sections(text)
    assert [(s.number, s.title, s.canonical_title) for s in sections] == [
        (1, "概述", "总体情况"),
        (2, "主动公开政府信息情况", "主动公开政府信息情况"),
        (3, "依申请公开政府信息情况", "收到和处理政府信息公开申请情况"),
        (None, "政府信息公开的收费及减免情况", "政府信息公开的收费及减免情况"),
        (4, "申请行政复议、提起行政诉讼的情况", "政府信息公开行政复议、行政诉讼情况"),
        (5, "存在的主要问题和改进措施", "存在的主要问题及改进情况"),
        (5, "下步打算", "存在的主要问题及改进情况"),
        (6, "其他", "其他需要报告的事项"),
    ]


def test_subheadings_inside_the_problems_section_stay_inside():
    text = "五、存在的主要问题及改进情况\n一、存在的问题\n甲不够。\n二、改进措施\n乙。\n六、其他需要报告的事项\n无。"
    sections = split_sections(text)[1]
    assert [s.number for s in sections] == [5, 6]
    assert sections[0].text == "一、存在的问题\n甲不够。\n二、改进措施\n乙。"


def test_heading_with_government_prefix_and_text_on_the_same_line():
    text = "一、概述。我局认真落实。\n二、政府信息公开工作存在的主要问题及改进情况 一是甲不够。"
    assert split_sections(text)[1] == [
        Section(1, "概述", "总体情况", "我局认真落实。"),
        Section(5, "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及改进情况", "一是甲不够。"),
    ]


def test_a_sentence_numbered_like_a_heading_is_not_one():
    text = "一、总体情况\n甲。\n三、规范依申请公开工作，完善流程。\n二、主动公开政府信息情况\n乙。"
    assert [n for n, _ in _numbers_and_titles(text)] == [1, 2]


def test_no_headings_gives_whole_text_as_preamble():
    assert split_sections("只有一段话。") == ("只有一段话。", [])


def test_unnumbered_headings_only_when_unmistakable():
    text = "一、总体情况\n甲。\n主动公开政府信息情况\n乙。\n新、政策解读不通俗易懂等问题列入重点检查\n存在的主要问题及改进情况\n丙不够。"
    assert _numbers_and_titles(text) == [(1, "总体情况"), (2, "主动公开政府信息情况"), (5, "存在的主要问题及改进情况")]


def test_heading_mentioning_withheld_information_is_still_a_heading():
    text = "一、概述\n甲\n二、行政机关依申请公开政府信息和不予公开政府信息的情况\n乙\n三、依申请公开和不予公开情况\n丙"
    assert [n for n, _ in _numbers_and_titles(text)] == [1, 3]


LEAD_IN = "本年度报告根据《条例》编制，所列数据的统计期限自2020年1月1日起至2020年12月31日止。"


@pytest.mark.parametrize("preamble, title", [
    (f"某县民政局2020年政府信息公开工作年度报告\n{LEAD_IN}", "某县民政局2020年政府信息公开工作年度报告"),
    # a title written over two lines, with a saved page's fields before it
    (f"索引号 | 001/2021-1 | 发布单位 | 某县民政局 |\n某县民政局\n2020年政府信息公开工作年度报告\n{LEAD_IN}",
     "某县民政局2020年政府信息公开工作年度报告"),
    # breadcrumbs and page fields around the title are not lead-in text
    (f"您的位置:首页 > 年报\n某县民政局2020年政府信息公开工作年度报告\n字体大小:【 浏览次数:\n{LEAD_IN}",
     "某县民政局2020年政府信息公开工作年度报告"),
    # the title ends mid-line: the rest of the line is lead-in
    (f"某县民政局2020年政府信息公开工作年度报告{LEAD_IN}", "某县民政局2020年政府信息公开工作年度报告"),
    (LEAD_IN, ""),
])
def test_preamble_is_an_unnumbered_lead_in_section_without_the_title(preamble, title):
    assert preamble_section(preamble, title) == Section(number=None, title="", canonical_title="前言", text=LEAD_IN)


def test_preamble_holding_only_the_title_gives_no_section():
    assert preamble_section("某县民政局\n2020年政府信息公开工作年度报告", "某县民政局2020年政府信息公开工作年度报告") is None
    assert preamble_section("", "") is None


def test_a_long_lead_in_mentioning_a_source_field_is_kept():
    lead_in = "本报告数据来源：各科室报送的统计台账，" + "统计期限自2020年1月1日起至2020年12月31日止，" * 3
    assert preamble_section(lead_in, "").text == lead_in


def test_numbered_headings_run_into_one_line_are_split():
    text = ("现将2008年度工作情况报告如下: 一、概述 自2008年起,街道成立领导小组。\n"
            "二、主动公开政府信息情况\n"
            "三、依申请公开政府信息情况 六、政府信息公开工作存在的主要问题 2008年,工作仍有不足:一是渠道比较窄;"
            "二是网站缺少互动版块。今后我们将拓宽渠道,增强公开工作力度,对网站进行升级改造。 临江街道办事处 |")
    assert _numbers_and_titles(text) == [
        (1, "概述"), (2, "主动公开政府信息情况"), (3, "依申请公开政府信息情况"), (5, "政府信息公开工作存在的主要问题")]
    assert split_sections(text)[1][3].text.startswith("2008年,工作仍有不足")


def test_a_numbered_phrase_inside_prose_is_not_split_off():
    text = "一、概述\n我们坚持做到一、公开及时 二、内容准确,取得成效。"
    assert _numbers_and_titles(text) == [(1, "概述")]


# --- headings as whole real reports write them (issue 12) --------------------

_BODY = ("一、总体情况\n全年主动公开信息100条。\n二、主动公开政府信息情况\n无。\n{h5}\n"
         "一是公开内容不够全面；二是解读不够及时。\n{h6}\n无。")


@pytest.mark.parametrize("h5, h6", [
    ("五 存在的主要问题及改进情况", "六 其他需要报告的事项"),  # a space for 、
    ("（五）存在的主要问题及改进情况", "（六）其他需要报告的事项"),  # parenthesised parts
    ("五、存在的主要问题及\n改进情况", "六、其他需要报告的事项"),  # a title wrapped onto the next line
    ("五、存在的主要问题及改进情况（一）存在的主要问题", "六、其他需要报告的事项"),
    ("五、存在的主要 问题及改进情况", "六、其他需要报告的事项"),  # spaced out by PDF justification
])
def test_part_five_in_the_shapes_real_reports_print_it(h5, h6):
    _, sections = split_sections(_BODY.format(h5=h5, h6=h6))
    assert [s.number for s in sections] == [1, 2, 5, 6]
    five = sections[2]
    assert five.title.startswith("存在的主要问题及改进情况")
    assert "一是公开内容不够全面" in five.text and "改进情况\n" not in five.text


def test_parenthesised_items_inside_part_one_are_not_parts():
    text = ("一、总体情况\n（一）主动公开\n全年主动公开信息100条。\n（二）依申请公开\n收到申请5件。\n"
            "二、主动公开政府信息情况\n无。\n五、存在的主要问题及改进情况\n公开内容不够全面。")
    _, sections = split_sections(text)
    assert [(s.number, s.title) for s in sections] == [
        (1, "总体情况"), (2, "主动公开政府信息情况"), (5, "存在的主要问题及改进情况")]


@pytest.mark.parametrize("heading", ["（五）存在的问题和改进措施", "（五）工作中存在的不足及改进措施", "五 存在问题和整改措施"])
def test_parts_numbered_in_brackets_with_a_problems_title_worded_otherwise(heading):
    text = ("（一）总体情况\n2018年，我区推进公开。\n（二）主动公开政府信息情况\n全年公开300条。\n"
            "（三）收到和处理政府信息公开申请情况\n收到申请3件。\n（四）政府信息公开行政复议、行政诉讼情况\n无。\n"
            + heading + "\n个别单位责任意识不强。\n（六）其他需要报告的事项\n无。")
    _, sections = split_sections(text)
    assert [(s.number, s.text) for s in sections][-2:] == [(5, "个别单位责任意识不强。"), (6, "无。")]
