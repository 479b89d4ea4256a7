"""The 问题 tab (issue 18, seventeenth session): a statement listing five
shortcomings or more, of which the query's is one item, weighs less as a whole,
not only in its passage. Where no statement holds much of the query in one
window (业务素质不高: 素质 is in none of them), the passages are alike and the
other signals (BM25, kinds) ranked the list, which repeats the query's words
across its items, above the statements of one shortcoming.

A real index is built from constructed reports in the standard six-part
layout; the statements are the dev archive's own wording.
"""
from __future__ import annotations

import numpy as np
import pytest

from indexer.search import passages, proximity
from indexer.search.exact import needle

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive, unrelated

LIST = ("一是个别部门对复杂申请件的研判能力不足，答复文书规范性有待提升，疑难问题协调处理机制尚需完善，"
        "政策解读的形式还不够丰富，政务新媒体运维管理还需加强。")

REPORTS = {
    # 业务 能力 as one item of a list of five shortcomings
    "list-1.txt": dict(agency="甲区人民政府", overview=NEUTRAL, problems=LIST),
    # the staff's skills stated alone or with one other shortcoming
    "team-1.txt": dict(agency="乙镇人民政府", overview=NEUTRAL, problems="一是工作队伍业务能力有待加强。"),
    "staff-1.txt": dict(agency="丙局", overview=NEUTRAL, problems="一是工作人员综合业务水平等需进一步提高。"),
    "level-1.txt": dict(agency="丁局", overview=NEUTRAL, problems="一是工作人员业务水平不高、利用新媒体宣传有待加强。"),
    **unrelated(6),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("list-scores"), REPORTS, LAYOUT)


def test_the_list_counts_five_shortcomings(archive):
    texts = {_file_of(p.id): p.text for p in archive.all_problems()}
    assert proximity.shortcomings(texts["list"]) == 5
    assert all(proximity.shortcomings(texts[name]) <= 2 for name in ("team", "staff", "level"))


def _file_of(statement_id: str) -> str:
    return statement_id.split("-")[0]


def _statements(archive) -> dict[str, int]:
    state = archive._state()
    table = state.table
    return {_file_of(state.searcher.stored_fields(int(d))["id"]): int(d) for d in np.flatnonzero(table.is_problem)}


@pytest.mark.parametrize("listed, first", [(proximity.LISTED, "team"), (1.0, "list")])
def test_where_passages_are_alike_the_lists_other_signals_weigh_less(archive, monkeypatch, listed, first):
    # 能力 is in the list and in 工作队伍业务能力有待加强, 更新 and 较慢 in the six others' 公开栏更新较慢:
    # the list's and team's best windows hold the same small share of the query; the other signals
    # (the `total` by_passage orders alike passages by) favour the list five to one
    monkeypatch.setattr(proximity, "LISTED", listed)
    table = archive._state().table
    docs = _statements(archive)
    total = np.zeros(table.size, dtype=np.float32)
    total[docs["list"]], total[docs["team"]] = 5.0, 1.0
    query = [needle("能力"), needle("更新"), needle("较慢")]
    mask = np.zeros(table.size, dtype=bool)
    mask[[docs["list"], docs["team"]]] = True  # the two compared (the others hold 更新较慢 whole)
    ranked = passages.by_passage(table, total, mask, 2, query, lift=10.0)
    names = {d: name for name, d in docs.items()}
    assert [names[d] for d, _ in ranked] == [first, "list" if first == "team" else "team"]


