"""All-kinds search (issue 18, thirteenth session): a query word of a part's
standard heading (行政诉讼, 依申请公开) occurs in every report's heading, so
that occurrence weighs `ranking.HEADING` of one and the reports that report
on the topic rank before the reports whose only occurrence is the heading.

A real index is built from constructed reports whose section 四 says either
nothing (本年度未发生此类案件) or what happened.
"""
from __future__ import annotations

import numpy as np
import pytest

from indexer.search import ranking
from indexer.search.exact import needle
from constructed_reports import NEUTRAL, build_archive
from constructed_reports import report_file as _file

LAYOUT = """{year}年{agency}政府信息公开工作年度报告
一、总体情况
{overview}
二、主动公开政府信息情况
本年度主动公开政府信息{n}条，通过门户网站和公开栏同步发布。
三、收到和处理政府信息公开申请情况
本年度共收到政府信息公开申请{k}件，均按时答复。
四、政府信息公开行政复议、行政诉讼情况
{review}
五、存在的主要问题及改进情况
{problems}
六、其他需要报告的事项
无。
"""
#: a long overview: the report that says what happened is no short one
LONG = NEUTRAL * 60
NIL = "本年度未发生此类案件。"

REPORTS = {
    **{f"nil-{i}.txt": dict(agency=f"第{i}街道办事处", overview=NEUTRAL, review=NIL,
                            problems="一是政策宣传力度还不够。") for i in range(1, 5)},
    "case-1.txt": dict(agency="甲局", overview=LONG, review="本年度发生行政诉讼1起，法院判决维持原行政行为。",
                       problems="一是政策宣传力度还不够。"),
    # a statement starting with the word: section 五 and statements have no heading span
    "stated-1.txt": dict(agency="乙局", overview=NEUTRAL, review=NIL, problems="行政诉讼应诉能力有待提高。"),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("heading-search"), REPORTS, LAYOUT)


def test_the_heading_occurrences_are_the_reports_section_four_headings(archive):
    table = archive._state().table
    reports, counts = ranking.headings(table, needle("行政诉讼"))
    ids = sorted(archive._state().searcher.stored_fields(int(d))["id"].split("-")[0] for d in reports)
    assert ids == ["case", "nil", "nil", "nil", "nil", "stated"]  # reports only, never the statement
    assert counts.tolist() == [1] * 6
    # the body's occurrences (case's section 四, stated's section 五) are not headings
    total = dict(zip(*[a.tolist() for a in table.needle_hits(needle("行政诉讼"))]))
    assert sum(total[int(d)] for d in reports) == 6 + 2


def test_a_report_on_the_topic_ranks_before_the_reports_with_only_the_heading(archive):
    hits = archive.search("行政诉讼", per_page=20, facets=False).hits
    reports = [_file(h) for h in hits if h.kind != "problem"]
    assert reports[:2] == ["case", "stated"] or reports[:2] == ["stated", "case"]
    assert reports[2:] == ["nil"] * 4


def test_with_the_heading_counted_fully_the_short_nil_reports_come_first(archive, monkeypatch):
    monkeypatch.setattr(ranking, "HEADING", 1.0)
    hits = archive.search("行政诉讼", per_page=20, facets=False).hits
    reports = [_file(h) for h in hits if h.kind != "problem"]
    assert reports.index("nil") < reports.index("case")


def test_a_needle_longer_than_the_heading_span_is_no_heading(archive):
    table = archive._state().table
    # 公开行政复议 lies inside section 四's heading; 未发生此类案件 starts its body
    assert len(ranking.headings(table, needle("公开行政复议"))[0]) == 6
    assert not len(ranking.headings(table, needle("未发生此类案件"))[0])
    assert np.all(ranking._SPANS[[0, 5]] == 0)
