"""indexer.search.ranking: what a passage is changes its weight (issue 18's failures).

A real index is built from constructed reports in the standard six-part
layout: six "staffing" reports whose overview holds a staffing line
(配备1名兼职工作人员) and a stock phrase (确保信息的时效性), two reports whose
section 五 states those shortcomings, reports that mention 回应关切 in their
work description (section 二), and one whose only 回应关切 is its contents list.
"""
from __future__ import annotations

import pytest

from indexer.search import passages, ranking

from constructed_reports import build_archive
from constructed_reports import report_file as _file

LAYOUT = """{year}年{agency}政府信息公开工作年度报告
{contents}一、总体情况
{overview}
二、主动公开政府信息情况
本年度主动公开政府信息{n}条，其中工作动态{m}条，通知公告12条，人事信息5条。{active}通过门户网站、政务新媒体和公开栏同步发布。
三、收到和处理政府信息公开申请情况
本年度共收到政府信息公开申请{k}件，均按时答复。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生政府信息公开行政复议、行政诉讼。
五、存在的主要问题及改进情况
{problems}
六、其他需要报告的事项
无。
"""
NEUTRAL = "我单位认真贯彻落实《条例》，由办公室统筹推进政务公开工作，规范发布流程。"
#: a longer overview: a report that says more ranks lower on length alone
LONG = NEUTRAL + "全年召开专题会议4次，研究部署政务公开重点任务，完善信息发布审核制度，落实三审三校，" * 3
STAFFING = "我单位高度重视政务公开工作，配备1名兼职工作人员负责日常工作。为确保信息的时效性，网站栏目每周更新。"
OTHER_PROBLEMS = "一是公开内容还不够全面；二是政策宣传力度还需加大。下一步，我们将加强学习。"
#: a contents list that is not numbered like the headings: it stays in the unnumbered part
CONTENTS = "目录：总体情况；主动公开政府信息情况（政策解读、回应关切）；收到和处理政府信息公开申请情况\n"

REPORTS = {
    **{f"staff-{i}.txt": dict(agency=f"第{i}街道办事处", overview=STAFFING, problems=OTHER_PROBLEMS) for i in range(1, 7)},
    "shortfall-1.txt": dict(agency="甲镇人民政府", overview=LONG,
                            problems="一是信息公开工作人员均为兼职，业务能力不足；二是信息发布时效性不强，部分信息滞后。"),
    "shortfall-2.txt": dict(agency="乙镇人民政府", overview=LONG,
                            problems="一是从事政府信息公开的人员多为兼职，变动频繁；二是部分栏目更新不及时，时效性较差。"),
    **{f"respond-{i}.txt": dict(agency=f"丙{i}局", problems=OTHER_PROBLEMS, overview=LONG,
                                active="围绕群众关注的热点，积极回应关切。")
       for i in range(1, 4)},
    "contents.txt": dict(agency="丁局", overview=LONG, problems=OTHER_PROBLEMS, contents=CONTENTS),
    # 档案 查阅 不便 in section 五 of both: one states it in one clause, the
    # other holds the three words in three clauses about other shortcomings
    "together.txt": dict(agency="戊局", overview=LONG, problems="一是部分历史档案查阅不便，群众反映较多；二是宣传形式较为单一，"
                                                               "政策解读的深度和广度仍显不足；三是新媒体平台的互动回复还需加强，"
                                                               "内部审核流程有待进一步理顺。"),
    **{f"apart-{i}.txt": dict(agency=f"己{i}局", overview=NEUTRAL,
                              problems="一是档案整理工作进度偏慢，数字化工作尚未全面完成；二是公开目录的查阅入口较深，"
                                       "栏目层级还需要进一步精简优化；三是群众来访来电的反映渠道不便，答复流程仍需理顺。")
       for i in range(1, 3)},
}


#: what a report of LAYOUT says when REPORTS do not say it
DEFAULTS = {"contents": "", "active": ""}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("ranking"), REPORTS, LAYOUT, DEFAULTS)


def test_the_constructed_reports_parse_as_intended(archive):
    statements = {p.text for p in archive.all_problems()}
    assert "信息公开工作人员均为兼职，业务能力不足" in {s.rstrip("；。") for s in statements} or any(
        "均为兼职" in s for s in statements)
    assert sum("均为兼职" in s or "多为兼职" in s for s in statements) == 2


def test_staffing_lines_rank_below_the_shortfalls_for_a_problem_word(archive):
    # 兼职 occurs in eight reports: six staffing lines, two stated shortcomings
    result = archive.search("兼职", per_page=20, facets=False)
    kinds = [(h.kind, _file(h)) for h in result.hits]
    assert len(result.hits) == 10  # 6 staffing reports + 2 reports + 2 statements
    assert {f for _, f in kinds[:4]} == {"shortfall"}, kinds
    assert [k for k, _ in kinds[:2]] == ["problem", "problem"]
    assert {f for _, f in kinds[4:]} == {"staff"}


def test_without_the_section_signal_a_staffing_line_would_outrank_a_shortfall_report(archive, monkeypatch):
    # the test above depends on the section 五 weight, not on luck
    monkeypatch.setattr(ranking, "FIVE_EXACT", 0.0)
    monkeypatch.setattr(ranking, "FIVE_WORDS", 1.0)
    monkeypatch.setattr(ranking, "OUTSIDE_FIVE", 1.0)
    monkeypatch.setattr(passages, "PASSAGE_BASE", 1e6)  # the best passage's part (section 五) weighs nothing
    result = archive.search("兼职", per_page=20, facets=False)
    files = [_file(h) for h in result.hits if h.kind != "problem"]
    assert files[0] == "staff", files


def test_a_stock_phrase_ranks_below_the_stated_shortcoming(archive):
    # 确保信息的时效性 is in six overviews; two reports state 时效性 as a problem
    result = archive.search("时效性", per_page=20, facets=False)
    files = [_file(h) for h in result.hits]
    assert files[:4] == ["shortfall"] * 4, [(h.kind, h.id) for h in result.hits]


def test_a_contents_list_ranks_below_the_reports_that_do_it(archive):
    # the unnumbered part (title, contents list) weighs UNNUMBERED in the word part.
    # A contents list numbered like the headings is cut into sections by the
    # parser (its lines become headings): that case is the parser's, not ranking's.
    result = archive.search("回应关切", per_page=20, facets=False)
    files = [_file(h) for h in result.hits]
    assert sorted(files[:3]) == ["respond"] * 3, files
    assert "contents" not in files[:3]


def test_field_weights_follow_the_problem_lift():
    assert ranking.field_weights(1.0) == {"s0": ranking.UNNUMBERED}
    assert ranking.field_weights(10.0) == {"s0": ranking.UNNUMBERED, "s5": ranking.FIVE_WORDS}
    assert not ranking.seeks_problems(1.5) and ranking.seeks_problems(2.0)


def test_best_matches_of_a_problem_phrased_query_put_statements_first(archive):
    # no statement holds the query verbatim: best matches on its words follow,
    # and the words lean to problems, so statements lead them
    result = archive.search("工作人员兼职 业务能力欠缺", per_page=20, facets=False)
    words = [h for h in result.hits if h.match == "words"]
    assert words, [(h.match, h.id) for h in result.hits]
    assert words[0].kind == "problem" and _file(words[0]) == "shortfall"


def test_table_rows_are_not_hits(corpus_dir, tmp_path):
    # 逾期 occurs in the 2023 report only in its 表三 rows (申请人无正当理由逾期不补正…)
    from indexer.build import build_index
    from indexer.search import Archive

    text = (corpus_dir / "pingfang-xinjiang-jiedao-2023.txt").read_text(encoding="utf-8")
    assert "逾期不补正" in text
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pingfang-xinjiang-jiedao-2023.txt").write_text(text, encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    assert Archive(tmp_path / "index").search("逾期").total == 0


def test_statement_candidates_are_scored_statements_without_the_excluded_report(archive):
    every = archive.problem_candidates("兼职 时效性", limit=10)
    assert {p.report_id.split("-")[0] for p in every} == {"shortfall"} and len(every) == 4
    assert [p.score for p in every] == sorted((p.score for p in every), reverse=True) and every[-1].score > 0
    mine = every[0].report_id
    others = archive.problem_candidates("兼职 时效性", limit=10, exclude_report=mine)
    assert {p.report_id for p in others} == {p.report_id for p in every} - {mine}
    assert archive.problem_candidates("", limit=5) == []


def test_a_topic_word_beside_a_shortcoming_word_still_seeks_problems(archive):
    # 信息发布 is in the overviews (完善信息发布审核制度); with 滞后 the query seeks
    # problems: the geometric mean of the needles' lifts (their smallest did not)
    from indexer.search.bestmatch import problem_lift
    from indexer.search.exact import needle

    table = archive._state().table
    topic, shortcoming = problem_lift(table, [needle("信息发布")]), problem_lift(table, [needle("滞后")])
    both = problem_lift(table, [needle("信息发布"), needle("滞后")])
    assert topic < passages.PROBLEM_SEEKING <= both == pytest.approx((topic * shortcoming) ** 0.5)
    hits = archive.search("信息发布 滞后", per_page=20, facets=False).hits
    exact = [h for h in hits if h.match == "exact"]
    assert [h.kind for h in exact] == ["problem", "section"] and {_file(h) for h in exact} == {"shortfall"}
    # then, through the curated equivalents of 滞后 (不及时, 时效性), the other shortfall:
    # its statement first (an overview passage weighs its words by their rarity among reports)
    assert [h.id for h in hits[len(exact):]] == ["shortfall-2-p2", "shortfall-2"]
    assert "<mark>时效性</mark>" in hits[len(exact)].snippet


def test_a_report_whose_section_five_lacks_the_query_weighs_less(archive, monkeypatch):
    # the staffing reports hold 兼职 and 时效性 in their overview only
    def order():
        hits = archive.search("兼职 时效性", per_page=20, facets=False).hits
        return [_file(h) for h in hits if h.kind != "problem"]

    assert order()[:2] == ["shortfall"] * 2
    monkeypatch.setattr(ranking, "FIVE_EXACT", 0.0)
    monkeypatch.setattr(ranking, "FIVE_WORDS", 1.0)
    monkeypatch.setattr(passages, "PROBLEM_SEEKING", 0.0)  # every query seeks problems
    monkeypatch.setattr(passages, "PASSAGE_BASE", 1e6)
    assert order()[:2] == ["shortfall"] * 2  # OUTSIDE_FIVE alone
    monkeypatch.setattr(ranking, "OUTSIDE_FIVE", 1.0)
    assert order()[0] == "staff"


def test_a_statement_best_matches_on_fewer_words_than_a_report(archive):
    # five words, none of them together verbatim: a report needs three of them
    # (SHOULD_MATCH), a statement two (STATEMENT_SHOULD)
    from indexer.search import bestmatch

    result = archive.search("人员 兼职 经费 场地 设备", per_page=50, facets=False)
    assert result.exact_total == 0
    ids = [h.id for h in result.hits]
    statement = next(p.id for p in archive.all_problems() if "均为兼职" in p.text)
    assert statement in ids and all(h.match == "words" for h in result.hits)
    assert not any(h.kind == "report" for h in result.hits)  # the reports hold two of the words
    assert bestmatch.needed(["a"] * 5) == 3 and bestmatch.needed(["a"] * 5, bestmatch.STATEMENT_SHOULD) == 2


def test_a_problem_seeking_query_ranks_the_passage_that_states_it_first(archive, monkeypatch):
    # every report below holds 档案, 查阅 and 不便 in section 五, so all are exact
    # hits; the one whose sentence states the shortcoming (and its statement)
    # comes first although the others are shorter and hold the words as often
    from indexer.search.bestmatch import problem_lift
    from indexer.search.exact import needle

    query = "档案 查阅 不便"
    table = archive._state().table
    assert ranking.seeks_problems(problem_lift(table, [needle(w) for w in query.split()]))
    result = archive.search(query, per_page=20, facets=False)
    exact = result.hits[:result.exact_total]
    assert {h.match for h in exact} == {"exact"}  # then statements holding a third of the words
    assert [(h.kind, _file(h)) for h in exact] == [("problem", "together"), ("section", "together"),
                                                   ("section", "apart"), ("section", "apart")]
    # without the passage signal the shorter reports lead: the test depends on it
    monkeypatch.setattr(passages, "PASSAGE_BASE", 1e6)
    files = [_file(h) for h in archive.search(query, per_page=20, facets=False).hits
             if h.kind != "problem" and h.match == "exact"]
    assert files[0] == "apart", files


def test_exact_hits_stay_complete_and_first_when_passages_reorder_them(archive):
    exact = archive.search("档案 查阅 不便", per_page=50, facets=False)
    assert exact.exact_total == 4 and {h.match for h in exact.hits[:4]} == {"exact"}
    assert {h.match for h in exact.hits[4:]} <= {"words"}
    # a problem-phrased query with best matches after its exact hits: exact ones first
    result = archive.search("档案查阅不便 群众反映", per_page=50, facets=False)
    matches = [h.match for h in result.hits]
    assert matches == sorted(matches, key=lambda m: m != "exact") and result.exact_total == matches.count("exact")


def test_passage_shares_read_where_the_words_sit(archive):
    # the share of a query one window holds, per group of report parts
    from indexer.search.exact import PROBLEM_PART, needle
    from indexer.search.proximity import passage_shares

    state = archive._state()
    table = state.table
    number = {state.searcher.stored_fields(d)["id"]: d for d in range(table.size)}
    docs = [number["together"], number["apart-1"], number["together-p1"]]
    needles = [needle(w) for w in ("档案", "查阅", "不便")]
    anywhere, five, overview = passage_shares(table, needles, docs[:3], None,
                                              groups=(None, frozenset({PROBLEM_PART}), frozenset({1})))
    assert anywhere.tolist() == pytest.approx([1.0, 1 / 3, 1.0]) and five.tolist() == anywhere.tolist()
    assert overview.tolist() == [0.0, 0.0, 0.0]  # none of them in the overview
    wide = passage_shares(table, needles, docs[:2], None, width=200)[0]
    assert wide.tolist() == pytest.approx([1.0, 1.0])  # every word within 200 characters
    weighted = passage_shares(table, needles, [docs[1]], [1.0, 1.0, 2.0])[0]
    assert weighted.tolist() == pytest.approx([0.5])  # its best window holds 不便, the heavier word


@pytest.mark.parametrize("text", ["兼职", "时效性", "查阅不便", "不便，群众"])
def test_needle_keys_of_some_documents_are_those_of_all_documents_kept_there(archive, text):
    # proximity reads positions for the ranked documents only (matching._within)
    import numpy as np

    from indexer.search.exact import needle
    from indexer.search.matching import needle_keys

    table = archive._state().table
    item = needle(text)
    every = needle_keys(table, item)
    docs, counts = table.needle_hits(item)
    assert len(every) and np.array_equal(np.unique(every >> 32, return_counts=True)[1], counts[counts > 0])
    some = np.unique(every >> 32)[::2]
    chosen = needle_keys(table, item, np.concatenate([some, [table.size - 1]]))
    assert np.array_equal(chosen, every[np.isin(every >> 32, some) | ((every >> 32) == table.size - 1)])
    assert len(needle_keys(table, item, np.array([], dtype=np.int64))) == 0


def test_a_problem_seeking_query_weighs_its_words_by_their_rarity_among_statements(tmp_path):
    """监督 is in most reports (监督保障, 监督小组) but in few statements; 力度 is
    in few reports but in many statements (宣传力度不够). For 监督 力度 不够 the
    statement about supervision is the shortcoming asked for (bench/judged-dev2
    e101): rarity among the index's documents put the publicity ones first."""
    watch = NEUTRAL + "成立监督小组，加强对公开工作的监督检查，接受社会监督。"
    reports = {
        **{f"watch-{i}.txt": dict(agency=f"庚{i}局", overview=watch, problems="一是公开内容还不够全面；二是栏目设置不够合理。")
           for i in range(1, 7)},
        "guide.txt": dict(agency="辛区人民政府", overview=LONG,
                          problems="一是对各部门政府信息公开工作指导、监督不够到位；二是部分栏目信息不多。"),
        **{f"publicity-{i}.txt": dict(agency=f"壬{i}镇人民政府", overview=LONG,
                                      problems="一是信息公开面对社会宣传力度不够；二是部分栏目信息不多。")
           for i in range(1, 4)},
    }
    hits = build_archive(tmp_path, reports, LAYOUT, DEFAULTS).search("监督 力度 不够", kind="problem", per_page=20).hits
    # then the statements holding only 不够 (a third of the words: best matches)
    files = [_file(h) for h in hits]
    assert files[:4] == ["guide", "publicity", "publicity", "publicity"] and set(files[4:]) == {"watch"}, files
