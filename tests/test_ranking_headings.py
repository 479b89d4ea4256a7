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

from indexer.search import exactscores, ranking
from indexer.search.exact import needle
from constructed_reports import NEUTRAL, build_archive
from constructed_reports import report_file as _file

LAYOUT = """{year}年{agency}政府信息公开工作年度报告
{preface}
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
    # a contents sentence names 依申请公开 and 办理; the other report's overview reports on it
    "contents-1.txt": dict(agency="丙局", overview=NEUTRAL, review=NIL, problems="一是政策宣传力度还不够。",
                           preface="本报告由总体情况、主动公开政府信息情况、依申请公开政府信息办理情况等部分组成。"),
    "handled-1.txt": dict(agency="丁局", overview=LONG + "依申请公开的申请均按规定办理，办理时限符合要求。",
                          review=NIL, problems="一是政策宣传力度还不够。"),
}
DEFAULTS = dict(preface="")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("heading-search"), REPORTS, LAYOUT, DEFAULTS)


def test_the_heading_occurrences_are_the_reports_section_four_headings(archive):
    table = archive._state().table
    reports, counts = exactscores.headings(table, needle("行政诉讼"))
    ids = sorted(archive._state().searcher.stored_fields(int(d))["id"].split("-")[0] for d in reports)
    # reports only, never the statement
    assert ids == ["case", "contents", "handled", "nil", "nil", "nil", "nil", "stated"]
    assert counts.tolist() == [1] * 8
    # the body's occurrences (case's section 四, stated's section 五) are not headings
    total = dict(zip(*[a.tolist() for a in table.needle_hits(needle("行政诉讼"))]))
    assert sum(total[int(d)] for d in reports) == 8 + 2


def test_a_report_on_the_topic_ranks_before_the_reports_with_only_the_heading(archive):
    hits = archive.search("行政诉讼", per_page=20, facets=False).hits
    reports = [_file(h) for h in hits if h.kind != "problem"]
    assert reports[:2] == ["case", "stated"] or reports[:2] == ["stated", "case"]
    # the reports whose only 行政诉讼 is their section 四 heading
    assert sorted(reports[2:]) == ["contents", "handled", "nil", "nil", "nil", "nil"]


def _reports(archive, query):
    return [_file(h) for h in archive.search(query, per_page=20, facets=False).hits if h.kind != "problem"]


def test_the_heading_weight_alone_ranks_the_report_on_the_topic_first(archive, monkeypatch):
    monkeypatch.setattr(ranking, "NAMED_ONLY", 1.0)
    reports = _reports(archive, "行政诉讼")
    assert reports.index("case") < reports.index("nil")


def test_with_the_heading_counted_fully_the_short_nil_reports_come_first(archive, monkeypatch):
    monkeypatch.setattr(ranking, "NAMED_ONLY", 1.0)
    monkeypatch.setattr(ranking, "HEADING", 1.0)
    reports = _reports(archive, "行政诉讼")
    assert reports.index("nil") < reports.index("case")


def test_a_needle_longer_than_the_heading_span_is_no_heading(archive):
    table = archive._state().table
    # 公开行政复议 lies inside section 四's heading; 未发生此类案件 starts its body
    assert len(exactscores.headings(table, needle("公开行政复议"))[0]) == 8
    assert not len(exactscores.headings(table, needle("未发生此类案件"))[0])
    assert np.all(exactscores._SPANS[[0, 5]] == 0)


def test_a_report_naming_the_topic_only_in_its_contents_ranks_after_one_reporting_on_it(archive):
    table = archive._state().table
    named = exactscores.named_only(table, [needle("依申请公开"), needle("办理")])
    assert sorted(archive._state().searcher.stored_fields(int(d))["id"].split("-")[0]
                  for d in named.nonzero()[0]) == ["contents"]
    hits = archive.search("依申请公开 办理", per_page=20, facets=False).hits
    assert [_file(h) for h in hits] == ["handled", "contents"]


def test_without_the_weight_of_a_named_only_report_its_contents_come_first(archive, monkeypatch):
    monkeypatch.setattr(ranking, "NAMED_ONLY", 1.0)
    # and without the densest-passage order, which puts the report on the topic first too (test_topics)
    monkeypatch.setattr(ranking, "by_topic", lambda *args, **kwargs: None)
    hits = archive.search("依申请公开 办理", per_page=20, facets=False).hits
    assert [_file(h) for h in hits] == ["contents", "handled"]
