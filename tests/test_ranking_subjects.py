"""The 问题 tab's first page for problem-seeking queries (issue 18, thirteenth
session): a statement holding the query's subject (主动公开 for 主动公开 不够)
comes before statements holding only its shortcoming word (不够), and a typed
term of two words (解读不够) finds the statements holding its subject.

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import numpy as np
import pytest

from indexer.search import bestmatch, proximity
from indexer.search.exact import needle
from indexer.search.query import needles, parse_query

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive, unrelated
from constructed_reports import report_file as _file

#: every overview holds 主动公开: a common needle (in more than `proximity.COMMON` of the documents)
OVERVIEW = NEUTRAL + "全年主动公开政府信息120条。"

REPORTS = {
    # the subject of 主动公开 不够 in other words than 不够
    "subject-1.txt": dict(agency="甲局", overview=OVERVIEW, problems="一是主动公开政府信息的意识有待进一步加强。"),
    # 不够 of other subjects
    "timely-1.txt": dict(agency="乙局", overview=OVERVIEW, problems="一是信息发布不够及时。"),
    "whole-1.txt": dict(agency="丙局", overview=OVERVIEW, problems="一是内容公开不够全面。"),
    # the subject of 解读不够 without 不够, twice
    "interp-1.txt": dict(agency="丁局", overview=OVERVIEW, problems="一是政策解读质量仍需提升。"),
    "interp-2.txt": dict(agency="戊局", overview=OVERVIEW, problems="一是解读材料形式单一。"),
    # statements holding neither
    **unrelated(7, OVERVIEW),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("subject-tab"), REPORTS, LAYOUT)


def test_the_constructed_reports_parse_as_intended(archive):
    texts = {p.text.rstrip("；。") for p in archive.all_problems()}
    assert {"主动公开政府信息的意识有待进一步加强", "信息发布不够及时", "内容公开不够全面"} <= texts
    table = archive._state().table
    assert len(table.needle_hits(needle("主动公开"))[0]) > proximity.COMMON * table.size  # common
    assert len(table.needle_hits(needle("不够"))[0]) <= proximity.COMMON * table.size  # read with positions


def test_a_statement_holding_only_a_common_needle_has_a_passage(archive):
    state = archive._state()
    table = state.table
    ids = {state.searcher.stored_fields(int(d))["id"]: int(d) for d in np.flatnonzero(table.is_problem)}
    subject = next(d for i, d in ids.items() if i.startswith("subject-1"))
    timely = next(d for i, d in ids.items() if i.startswith("timely-1"))
    shares = proximity.passage_shares(table, [needle("主动公开"), needle("不够")], np.array([subject, timely]))[0]
    # each holds one needle of the two, of weight 1 each
    assert shares.tolist() == [0.5, 0.5]


def test_the_statement_of_the_subject_comes_first(archive):
    """No statement holds both terms: the statement holding 主动公开, the rarer of the two among
    statements, comes first (it came last, its passage weighing 0: 主动公开 is common, so it has
    no window of its own, and the statement held no other needle to make one)."""
    hits = archive.search("主动公开 不够", kind="problem", per_page=10, facets=False).hits
    ranked = [_file(h) for h in hits]
    assert ranked[0] == "subject" and sorted(ranked[1:]) == ["timely", "whole"], ranked
    assert {h.match for h in hits} == {"words"}


def test_the_subject_word_is_the_first_of_one_short_term_of_two_words():
    def subject(query, seeks=True):
        wanted = needles(parse_query(query))
        return bestmatch.subject_word(wanted, bestmatch.content_words(wanted), seeks)

    assert subject("解读不够") == 0 and subject("认识不到位") == 0
    # one word and a tail of at most two characters; up to seven characters and three words
    assert subject("时效性差") == subject("账号不畅") == subject("业务素质不高") == subject("新媒体运用不足") == 0
    assert subject("解读不够", seeks=False) is None  # a query that seeks no problems: as before
    # two terms (both words already count one by one), sentences of eight characters or more
    for query in ("解读 不够", "时效性还有待于改进", "与群众需求还有差距", "工作机制不够完善"):
        assert subject(query) is None, query


def test_a_term_of_two_words_finds_the_statements_holding_its_subject(archive):
    """解读不够 is one typed term of two words; no statement holds it. A statement needed both
    words, so the tab was empty; the statements on 解读 now follow, and not those holding
    only 不够 (of other subjects)."""
    result = archive.search("解读不够", kind="problem", per_page=10, facets=False)
    assert result.exact_total == 0
    assert sorted(_file(h) for h in result.hits) == ["interp", "interp"]
    assert {h.match for h in result.hits} == {"words"}
    assert all("<mark>解读</mark>" in h.snippet for h in result.hits)
    # typed as two terms, a third of the words is enough (as before): 不够 alone too
    two = {_file(h) for h in archive.search("解读 不够", kind="problem", per_page=10, facets=False).hits}
    assert two == {"interp", "timely", "whole"}


def test_without_the_subject_a_term_of_two_words_needs_both(archive, monkeypatch):
    from indexer.search import archive as archive_module

    monkeypatch.setattr(archive_module, "subject_word", lambda wanted, words, seeks: None)
    assert archive.search("解读不够", kind="problem", per_page=10, facets=False).total == 0
