"""The 问题 tab's first page (issue 18, thirteenth session): a problem statement
listing many shortcomings, of which the query's is one item, ranks after the
statements stating that shortcoming alone or with one or two others.

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import numpy as np
import pytest

from indexer.search import proximity

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive, unrelated
from constructed_reports import report_file as _file

LIST = ("一是政策解读不够通俗，解读材料数量不够多，答复文书规范性有待提升，协调处理机制尚需完善，"
        "政务新媒体运维水平有待提高。")

REPORTS = {
    # 解读 不够 as one item of a list of five shortcomings
    "list-1.txt": dict(agency="甲局", overview=NEUTRAL, problems=LIST),
    # the same shortcoming stated alone, and with one other
    "alone-1.txt": dict(agency="乙局", overview=NEUTRAL, problems="一是政策解读的形式在通俗易懂方面做得还不够。"),
    "pair-1.txt": dict(agency="丙局", overview=NEUTRAL, problems="一是政策解读的方式还不够丰富，公开栏更新较慢。"),
    # statements holding neither
    **unrelated(6),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("list-tab"), REPORTS, LAYOUT)


def test_the_constructed_reports_parse_as_intended(archive):
    texts = {p.text.rstrip("；。") for p in archive.all_problems()}
    assert LIST[2:].rstrip("。") in texts


@pytest.mark.parametrize("text, named", [
    (LIST, 5),
    ("政策解读的方式还不够丰富，公开栏更新较慢", 2),
    # an explanation names none: the shortage, then what it means
    ("信息公开人员不足。目前，信息公开工作均为兼职，影响信息公开的效率", 1),
    # items of three characters belong to the next clause
    ("公开内容的及时性、全面性、便民性等都还需要加以改进", 1),
    ("", 0),
])
def test_shortcomings_counts_the_clauses_naming_one(text, named):
    assert proximity.shortcomings(text) == named


def test_a_statement_listing_five_weighs_a_quarter(archive):
    state = archive._state()
    table = state.table
    ids = {state.searcher.stored_fields(int(d))["id"]: int(d) for d in np.flatnonzero(table.is_problem)}
    docs = np.array([next(d for i, d in ids.items() if i.startswith(name)) for name in ("list-1", "alone-1")])
    report = int(np.flatnonzero(table.is_report)[0])
    assert proximity.listing(table, np.append(docs, report)).tolist() == [proximity.LISTED, 1.0, 1.0]
    assert proximity.LISTED == 0.5 and proximity.LIST_SHORTCOMINGS == 4


def test_the_list_ranks_after_the_statements_of_the_shortcoming(archive, monkeypatch):
    def tab():
        result = archive.search("解读 不够", kind="problem", per_page=10, facets=False)
        assert result.exact_total == 3 and {h.match for h in result.hits} == {"exact"}
        return [_file(h) for h in result.hits]

    ranked = tab()
    assert ranked[-1] == "list" and sorted(ranked) == ["alone", "list", "pair"], ranked
    # weighed like any statement, the list holding 解读 不够 twice, side by side, came first
    monkeypatch.setattr(proximity, "LISTED", 1.0)
    assert tab()[0] == "list"
