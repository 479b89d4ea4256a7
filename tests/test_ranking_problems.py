"""Problem-seeking search (issue 18, ninth session): curated equivalents in best
matches, section 五 backed by the report's own statements, the lift of a topic
word no statement holds, and best matches that seek problems as the query does.

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import pytest

from indexer.search import bestmatch, passages

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive
from constructed_reports import hit_kind as _kind
from constructed_reports import report_file as _file

#: work descriptions holding the words of the queries below, in the overview
CHECKED = "严格信息发布审核把关，落实三审三校制度，各科室协调配合，规范公开程序。"
OTHER = "一是公开内容还不够全面；二是政策宣传力度还需加大。"

REPORTS = {
    **{f"work-{i}.txt": dict(agency=f"第{i}街道办事处", overview=CHECKED, problems=OTHER) for i in range(1, 7)},
    # 审核把关不严 verbatim: the exact hits
    "exact-1.txt": dict(agency="甲局", overview=NEUTRAL, problems="一是信息审核把关不严，个别信息存在错别字；二是栏目更新较慢。"),
    # the same shortcoming in the words of an equivalent (审查 for 审核), and with the query's own words
    "checking-1.txt": dict(agency="乙局", overview=NEUTRAL, problems="一是信息发布前审查把关不够严格，存在疏漏；二是培训不足。"),
    "literal-1.txt": dict(agency="丙局", overview=NEUTRAL, problems="一是信息发布前审核把关不够严格，存在疏漏；二是培训不足。"),
    # 渠道 and 不够 in section 五: one states it, the other has it only in its measures for next year
    "narrow-1.txt": dict(agency="丁局", overview=NEUTRAL, problems="一是信息公开渠道还不够多，群众获取信息不便。"),
    "measures-1.txt": dict(agency="戊局", overview=NEUTRAL,
                           problems="一是政策解读不够深入。下一步，我们将拓宽公开渠道，畅通反映渠道，"
                                    "多渠道开展解读，避免宣传不够、渠道不够。"),
    # a section 五 of measures only: the parser reads no statement in it
    "plans-1.txt": dict(agency="壬局", overview=NEUTRAL,
                        problems="2022年将继续综合运用各种平台和渠道，进一步拓宽公开渠道，避免出现公开渠道不够畅通的情况。"),
    # the rarest of three words alone: 网站 is in every report (二), 不到位 in none
    "upkeep-1.txt": dict(agency="子局", overview=NEUTRAL, problems="一是政府信息更新的维护机制有待进一步加强。"),
    # 协调配合不够 stated; 配合 alone never in a statement
    "together-1.txt": dict(agency="己局", overview=NEUTRAL, problems="一是部门之间协调不够顺畅，工作衔接有待加强。"),
    # 不规范 as a shortcoming; 公开的程序…规范 said without 不
    "rules-1.txt": dict(agency="庚局", overview=NEUTRAL, problems="一是档案管理不规范，归档不及时。"),
    "rules-2.txt": dict(agency="辛局", overview=NEUTRAL, problems="一是公开的程序有待于进一步规范，便民性有待加强。"),
}

#: a report whose problems part has no heading of its own: the parser reads the
#: statements announced in section 四 (还存在一些不足：一是…), and no section 五 is found
UNHEADED = {"unheaded-1.txt": LAYOUT.split("五、")[0].format(
    year=2020, agency="癸局", overview=NEUTRAL, n=12, k=3).replace(
    "行政诉讼。\n", "行政诉讼。我局政府信息公开工作还存在一些不足：一是信息公开渠道还不够多，群众获取信息不便；"
    "二是工作人员业务培训还需加强。\n")}

GROUPS = {"groups": [["审核", "审查"], ["平台", "渠道", "载体"]]}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("problem-search"), REPORTS, LAYOUT, verbatim=UNHEADED)


def test_the_constructed_reports_parse_as_intended(archive):
    texts = {p.text.rstrip("；。") for p in archive.all_problems()}
    assert "信息发布前审查把关不够严格，存在疏漏" in texts
    assert "信息公开渠道还不够多，群众获取信息不便" in texts
    assert not any("拓宽公开渠道" in t for t in texts)  # measures are no statement


def test_a_best_match_finds_a_statement_in_the_words_of_an_equivalent(archive, curated_groups):
    curated_groups(GROUPS)
    result = archive.search("审核 把关 不严", kind="problem", per_page=20, facets=False)
    matches = [(h.match, _file(h)) for h in result.hits]
    # the exact hit first, then the query's own words, then the equivalent's
    assert matches == [("exact", "exact"), ("words", "literal"), ("words", "checking")], matches
    assert result.exact_total == 1
    assert "<mark>审查</mark>" in result.hits[2].snippet


def test_without_the_group_the_equivalent_statement_is_found_by_its_own_word_only(archive, curated_groups):
    curated_groups({"groups": [["平台", "渠道", "载体"]]})
    result = archive.search("审核 把关 不严", kind="problem", per_page=20, facets=False)
    assert [_file(h) for h in result.hits][:3] == ["exact", "literal", "checking"]
    # it holds 把关, a third of the words; 审查 counts for nothing
    assert "<mark>把关</mark>" in result.hits[2].snippet and "<mark>审查</mark>" not in result.hits[2].snippet


def test_equivalents_keep_exact_hits_first_and_complete(archive, curated_groups):
    curated_groups(GROUPS)
    result = archive.search("审核 把关 不严", per_page=50, facets=False)
    exact = [h for h in result.hits if h.match == "exact"]
    assert result.hits[:len(exact)] == exact
    assert {(_kind(h), _file(h)) for h in exact} == {("report", "exact"), ("problem", "exact")}
    assert len(exact) == result.exact_total == 2
    assert "checking" in {_file(h) for h in result.hits if h.match == "words"}


def test_equivalents_are_for_problem_seeking_queries_only(archive, curated_groups):
    curated_groups(GROUPS)
    # 审核 alone is a work word here (six overviews): no statement found through 审查
    from indexer.search.bestmatch import equivalents as alternatives

    assert [[n.text for n in g] for g in alternatives(["审核", "规范"])] == [["审查"], []]
    result = archive.search("审核 制度", per_page=50, facets=False)
    assert "checking" not in {_file(h) for h in result.hits}


def test_a_section_five_holding_the_query_only_in_its_measures_ranks_below_a_stated_one(archive, monkeypatch):
    def scored():
        hits = archive.search("渠道 不够", per_page=20, facets=False).hits
        return [(_kind(h), _file(h)) for h in hits], {(_kind(h), _file(h)): h.score for h in hits}

    ranked, score = scored()
    stated = [r for r in ranked if r[1] != "unheaded"]  # unheaded-1 states it too (test below)
    assert stated[:2] == [("problem", "narrow"), ("report", "narrow")], ranked
    # measures-1's section 五 holds both words in one window, but its statement
    # (政策解读不够深入) holds only 不够: its passage counts as an overview one
    assert score[("report", "measures")] < passages.PASSAGE_PARTS[1][1] + passages.PASSAGE_BASE
    assert score[("report", "narrow")] > 1.0
    monkeypatch.setattr(passages, "_back_by_statements", lambda *args, **kwargs: None)
    assert scored()[1][("report", "measures")] > 1.0  # as a stated shortcoming, without the statements' say


def test_a_section_five_without_statements_ranks_as_an_overview(archive, monkeypatch):
    # plans-1's section 五 holds 渠道 and 不够 in one window, but only in its measures for
    # next year: the parser read no statement there, so nothing states the shortcoming
    assert archive.report("plans-1").problem_ids == []

    def scored():
        hits = archive.search("渠道 不够", per_page=20, facets=False).hits
        return [(_kind(h), _file(h)) for h in hits], {(_kind(h), _file(h)): h.score for h in hits}

    ranked, score = scored()
    assert ("report", "plans") in ranked and all(h.match == "exact" for h in archive.search(
        "渠道 不够", per_page=20, facets=False).hits[:ranked.index(("report", "plans")) + 1])
    assert ranked.index(("report", "plans")) > ranked.index(("report", "narrow"))
    assert score[("report", "plans")] <= passages.PASSAGE_PARTS[1][1] + passages.PASSAGE_BASE
    # read as a stated shortcoming (without the statements' say), it would rank with narrow-1
    monkeypatch.setattr(passages, "_back_by_statements", lambda *args, **kwargs: None)
    assert scored()[1][("report", "plans")] > 1.0


def test_a_report_whose_problems_part_has_no_heading_is_backed_by_its_statements(archive):
    # unheaded-1 states 渠道…不够 in section 四 (no 五 heading): its statement is read all
    # the same, and the report holds the statement's text, so it ranks as narrow-1 does
    report = archive.report("unheaded-1")
    assert [s.number for s in report.report.sections] == [1, 2, 3, 4] and len(report.problem_ids) == 2
    hits = archive.search("渠道 不够", per_page=20, facets=False).hits
    score = {(_kind(h), _file(h)): h.score for h in hits}
    assert score[("problem", "unheaded")] > 1.0
    assert score[("report", "unheaded")] > 1.0 > score[("report", "measures")]


def test_a_statement_best_matches_on_a_third_of_the_words(archive, monkeypatch):
    # 网站 维护 不到位: the statement says 维护机制有待加强, one word of three; a report
    # needs two (it holds 网站 in section 二 too), a statement one
    hits = archive.search("网站 维护 不到位", kind="problem", per_page=10, facets=False).hits
    assert [(h.match, _file(h)) for h in hits][:1] == [("words", "upkeep")], hits
    everything = archive.search("网站 维护 不到位", per_page=10, facets=False)
    assert everything.exact_total == 0 and {_file(h) for h in everything.hits[:2]} == {"upkeep"}
    monkeypatch.setattr(bestmatch, "STATEMENT_SHOULD", 0.4)  # as before: two words of three
    assert archive.search("网站 维护 不到位", kind="problem", per_page=10, facets=False).hits == []


def test_a_topic_word_no_statement_holds_does_not_outvote_a_shortcoming_word(archive, monkeypatch):
    from indexer.search.bestmatch import UNSEEN_LIFT, problem_lift
    from indexer.search.exact import needle

    table = archive._state().table
    assert problem_lift(table, [needle("配合")]) == UNSEEN_LIFT  # in six overviews, in no statement
    query = [needle("协调"), needle("配合"), needle("不够")]
    assert passages.seeks_problems(problem_lift(table, query))
    monkeypatch.setattr(bestmatch, "UNSEEN_LIFT", 0.05)  # as before: 配合 outvoted 不够
    assert not passages.seeks_problems(problem_lift(table, query))
    monkeypatch.undo()
    # the six overviews hold all three exactly and come first; the statement leads the best matches
    hits = [h for h in archive.search("协调 配合 不够", per_page=20, facets=False).hits if h.match == "words"]
    assert {_file(h) for h in hits[:2]} == {"together"}, [(h.kind, h.id) for h in hits]


def test_best_matches_seek_problems_when_the_query_does(archive):
    # the words of 不规范 are 规范: the query's needles still say it seeks problems
    hits = archive.search("公开 程序 不规范", per_page=10, facets=False).hits
    words = [(_kind(h), _file(h)) for h in hits if h.match == "words"]
    assert {w[1] for w in words[:2]} == {"rules"} and ("problem", "rules") in words[:2], words
