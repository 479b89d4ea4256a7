"""Problem-seeking search (issue 18, tenth session): what an overview passage is
weighed by, and the lift of a typed term the archive never holds.

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import pytest

from indexer.search import bestmatch, exactscores, passages, ranking
from indexer.search.exact import needle
from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive
from constructed_reports import report_file as _file

#: overviews: stock phrases of many reports that hold words few statements hold
HOT = "围绕群众关心关注的热点问题，主动公开政府信息，及时回应群众关心的热点问题。"
#: overviews describing a website's columns
COLUMNS = "优化门户网站栏目设置，调整栏目设置，新增栏目十个，栏目设置科学合理，方便群众查找。"
OTHER = "一是政策宣传力度还不够；二是工作人员业务培训还需加强。"

REPORTS = {
    **{f"hot-{i}.txt": dict(agency=f"第{i}街道办事处", overview=HOT, problems=OTHER) for i in range(1, 4)},
    **{f"columns-{i}.txt": dict(agency=f"第{i}镇人民政府", overview=COLUMNS, problems=OTHER) for i in range(1, 5)},
    "partial-1.txt": dict(agency="甲局", overview=NEUTRAL, problems="一是政府信息公开内容还不够全面，部分信息更新较慢。"),
    "layout-1.txt": dict(agency="乙局", overview=NEUTRAL, problems="一是网站栏目设置不够科学，群众关心的栏目长期空白。"),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("passage-search"), REPORTS, LAYOUT)


PASTED = "内容还不够全面，群众关心的热点问题公开不够"


def test_an_overview_passage_weighs_its_words_by_their_rarity_among_reports(archive):
    # 群众 关心 热点问题 are in few statements but in many overviews (a stock phrase): the
    # statement holding 内容 不够 全面 comes first, the overviews after it
    hits = archive.search(PASTED, per_page=20, facets=False).hits
    assert (hits[0].match, _file(hits[0]), hits[0].kind) == ("words", "partial", "problem")
    assert [_file(h) for h in hits[1:4]] == ["hot"] * 3


def test_with_the_statements_rarity_everywhere_the_stock_phrase_weighs_more(archive, monkeypatch):
    # the ninth session's weights: every passage weighed by rarity among statements
    def hot_score():
        return max(h.score for h in archive.search(PASTED, per_page=20, facets=False).hits if _file(h) == "hot")

    now = hot_score()
    statements_only = passages.rarity

    def among_statements(table, needles, within=None):
        return statements_only(table, needles, table.mask("kind", ["problem"]) & table.live)

    monkeypatch.setattr(passages, "rarity", among_statements)
    assert hot_score() > now * 1.15


def test_a_typed_term_the_archive_never_holds_counts_with_its_held_start(archive):
    table = archive._state().table
    assert not len(table.needle_hits(needle("不合理"))[0])
    assert bestmatch.problem_lift(table, [needle("不合理")]) == pytest.approx(
        bestmatch.problem_lift(table, [needle("不")]))
    both = bestmatch.problem_lift(table, [needle("栏目设置"), needle("不合理")])
    assert bestmatch.problem_lift(table, [needle("栏目设置")]) < passages.PROBLEM_SEEKING <= both
    # so the query seeks problems: the statement on columns and its report's section 五 first,
    # then the overviews describing columns
    hits = archive.search("栏目设置 不合理", per_page=20, facets=False).hits
    assert {(_file(h), h.kind) for h in hits[:2]} == {("layout", "problem"), ("layout", "section")}
    assert {_file(h) for h in hits[2:]} == {"columns"}


def test_without_the_back_off_the_query_ranks_the_overviews_first(archive, monkeypatch):
    monkeypatch.setattr(bestmatch, "BACK_OFF", 0)
    table = archive._state().table
    assert bestmatch.problem_lift(table, [needle("栏目设置"), needle("不合理")]) < passages.PROBLEM_SEEKING
    hits = archive.search("栏目设置 不合理", per_page=20, facets=False).hits
    assert _file(hits[0]) == "columns"


def test_a_long_run_the_archive_never_holds_is_not_backed_off(archive):
    # a pasted sentence is judged by its words (bestmatch.words_lift), not by its ends
    table = archive._state().table
    assert bestmatch.problem_lift(table, [needle(PASTED)]) == 1.0


FRONT = {
    # the query's terms only in the report's opening (title, contents list)
    "contents-1.txt": dict(agency="甲局", intro="本报告包括依申请公开办理情况、依申请公开办理结果等内容。",
                           applications="本年度共收到政府信息公开申请3件，均按时答复。"),
    # the query's terms once each, in a numbered section
    "handled-1.txt": dict(agency="乙局", intro="",
                          applications="依申请公开办理规范，全年收到申请5件，均按时答复。"),
    **{f"plain-{i}.txt": dict(agency=f"第{i}局", intro="", applications="本年度未收到政府信息公开申请。")
       for i in range(1, 5)},
}
#: a report whose overview heading is not the standard one: its overview lies in the unnumbered part
LOOSE = ("{year}年丙局政府信息公开工作年度报告\n本局依申请公开办理工作规范有序，全年办理申请2件。\n"
         "二、主动公开政府信息情况\n本年度主动公开政府信息12条。\n五、存在的主要问题及改进情况\n" + OTHER + "\n")


@pytest.fixture(scope="module")
def front_archive(tmp_path_factory):
    layout = LAYOUT.replace("一、总体情况", "{intro}\n一、总体情况").replace(
        "本年度共收到政府信息公开申请{k}件，均按时答复。", "{applications}")
    return build_archive(tmp_path_factory.mktemp("front-search"), FRONT, layout,
                         defaults=dict(year=2021, overview=NEUTRAL, problems=OTHER),
                         verbatim={"loose-1.txt": LOOSE.format(year=2021)})


def _reports(archive, query):
    return [_file(h) for h in archive.search(query, per_page=20, facets=False).hits
            if h.kind != "problem" and _file(h) != "loose"]


def test_exact_occurrences_in_the_unnumbered_part_weigh_less(front_archive):
    # a contents list naming 依申请公开办理 twice no longer outranks the section that reports on it once
    assert _reports(front_archive, "依申请公开 办理") == ["handled", "contents"]


def test_with_the_unnumbered_part_weighed_fully_the_contents_list_wins(front_archive, monkeypatch):
    monkeypatch.setattr(ranking, "UNNUMBERED", 1.0)
    monkeypatch.setattr(ranking, "NAMED_ONLY", 1.0)  # the contents report names 依申请公开 nowhere else
    monkeypatch.setattr(ranking, "by_topic", lambda *args, **kwargs: None)  # and its window weighs topics.FRONT
    assert _reports(front_archive, "依申请公开 办理") == ["contents", "handled"]


def test_a_report_whose_overview_was_not_found_keeps_its_unnumbered_occurrences(front_archive):
    # its overview lies in the unnumbered part: an occurrence there is no contents line
    state = front_archive._state()
    table = state.table
    wanted = [needle("依申请公开"), needle("办理")]
    full, weighed = exactscores.exact_scores(table, wanted), exactscores.exact_scores(table, wanted, unnumbered=0.5)
    loose = front_archive._docnum(state, "loose-1", "report")
    contents = front_archive._docnum(state, "contents-1", "report")
    handled = front_archive._docnum(state, "handled-1", "report")
    assert weighed[loose] == full[loose] > 0
    assert weighed[handled] == full[handled] > 0
    assert 0 < weighed[contents] < full[contents]
