"""Short problem queries whose words mislead the ranking (issue 18, sixteenth session, e18z).

* A negated word (不及时 of 信息公开不及时) seeks problems by its negation's lift, not the
  word's: 及时 is in every report's stock phrases (及时公开, 及时回应), so the query ranked
  like a general one and the overviews saying 及时 came first over all kinds
  (`bestmatch.words_lift`).
* On the 问题 tab, the statements holding what a short term is about (解读 of 解读质量不高:
  the word the fewest statements hold that states no shortcoming) come before those holding
  only its shortcoming words (答复质量不高) (`problemterms.held_first`).

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import pytest

from indexer.search import bestmatch, problemterms
from indexer.search.archive import Archive

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive
from constructed_reports import report_file as _file

GROUPS = {"groups": [["解读", "政策解读"]],
          "shortcomings": [["不高", "偏低", "较低", "较差", "低", "差"], ["不足", "缺乏", "不够", "较少"]]}
STOCK = "我单位坚持及时公开政府信息，及时更新网站栏目，及时回应社会关切，信息公开工作及时有序。"

REPORTS = {
    # 信息公开不及时: a statement saying 不及时, in a report whose overview is neutral
    "late-1.txt": dict(agency="甲局", overview=NEUTRAL, problems="一是部分信息公开不够及时，发布滞后。"),
    # overviews repeating 及时 and 信息公开 (stock phrases) over a section 五 of another shortcoming
    **{f"stock-{i}.txt": dict(agency=f"第{i}街道办事处", overview=STOCK, problems="一是档案信息整理工作有待规范。")
       for i in range(1, 7)},
    # 解读质量不高: a statement of another subject holding 质量不高 word for word
    "reply-1.txt": dict(agency="乙局", overview=NEUTRAL, problems="一是依申请公开答复质量不高。"),
    # and two on 解读 in other words (neither holds 质量 or 不高)
    "reading-1.txt": dict(agency="丙局", overview=NEUTRAL, problems="一是政策解读形式单一，解读深度不够。"),
    "reading-2.txt": dict(agency="丁局", overview=NEUTRAL, problems="一是政策解读工作有待加强。"),
    # the quality of something else again, to make 质量 no rarer than 解读
    "quality-1.txt": dict(agency="戊局", overview=NEUTRAL, problems="一是信息质量有待提高。"),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("short-problems"), REPORTS, LAYOUT)


def listed(archive, query, kind=None):
    result = archive.search(query, kind=kind, per_page=20, facets=False)
    return [(_file(h), h.kind == "problem") for h in result.hits]


def test_a_negated_word_seeks_problems_by_its_negation(archive, curated_groups):
    curated_groups(GROUPS)
    table = archive._state().table
    words = ["信息公开", "及时"]
    assert bestmatch.words_lift(table, words) < 2.0  # 及时 alone: a stock word of the overviews
    assert bestmatch.words_lift(table, words, typed=["信息公开不及时"]) >= 2.0
    # a word the query does not negate keeps its own lift
    assert bestmatch.words_lift(table, words, typed=["信息公开及时"]) == bestmatch.words_lift(table, words)


def test_a_negated_query_lists_the_statement_before_the_stock_overviews(archive, curated_groups, monkeypatch):
    """信息公开不及时 over all kinds: the statement and its report first; read as a general query
    (the word's lift), the six overviews repeating 及时 came before the statement."""
    curated_groups(GROUPS)
    hits = listed(archive, "信息公开不及时")
    assert set(hits[:2]) == {("late", True), ("late", False)}
    monkeypatch.setattr(bestmatch, "NEGATIONS", "")
    hits = listed(archive, "信息公开不及时")
    assert hits.index(("late", True)) > hits.index(("stock", False))


def test_the_statements_about_the_subject_come_first_on_the_tab(archive, curated_groups, monkeypatch):
    """解读质量不高 on the 问题 tab: both 解读 statements before 答复质量不高 (which BM25 puts
    first: it holds 质量不高 word for word)."""
    curated_groups(GROUPS)
    hits = listed(archive, "解读质量不高", kind="problem")
    assert [f for f, _ in hits[:2]] == ["reading", "reading"] and ("reply", True) in hits[2:]
    monkeypatch.setattr(problemterms, "held_first", lambda table, words: None)
    hits = listed(archive, "解读质量不高", kind="problem")
    assert hits[0] == ("reply", True)


def test_the_subject_is_the_rarest_word_stating_no_shortcoming(archive, curated_groups):
    curated_groups(GROUPS)
    table = archive._state().table
    first = problemterms.held_first(table, ["解读", "质量", "不高"])
    ids = {archive._state().table.searcher.stored_fields(int(d))["id"] for d in first.nonzero()[0]}
    assert {i.split("-")[0] for i in ids} == {"reading"}
    assert problemterms.held_first(table, ["不高"]) is None  # every word states a shortcoming
