"""A one-term problem-seeking query on the 问题 tab (issue 18, twelfth session):
one content word best-matches, after its exact hits, the problem statements
holding one of its curated equivalents (`bestmatch.grouped`).

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import pytest

from indexer.search import bestmatch
from indexer.search.exact import needle
from indexer.search.query import needles, parse_query

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive, unrelated
from constructed_reports import report_file as _file

STAFF = {"groups": [["人员不足", "力量薄弱", "兼职"]]}
TIMELY = {"groups": [["时效性", "不及时", "滞后"]]}

REPORTS = {
    # 人员不足 as typed
    "short-1.txt": dict(agency="甲局", overview=NEUTRAL, problems="一是信息公开人员不足，学习有待加强。"),
    # the same shortcoming in the words of its curated equivalents
    "weak-1.txt": dict(agency="乙局", overview=NEUTRAL, problems="一是政务公开工作力量薄弱。"),
    "parttime-1.txt": dict(agency="丙局", overview=NEUTRAL, problems="一是信息公开工作均由兼职人员承担。"),
    # 兼职 in a staffing line of the overview: a report, no statement about staff
    "staffing-1.txt": dict(agency="丁局", overview="我单位配备兼职工作人员2名，负责政务公开工作。",
                           problems="一是公开栏内容较少。"),
    # timeliness: 时效性 of the query 时效性差 alone, and its equivalent 滞后
    "timely-1.txt": dict(agency="戊局", overview=NEUTRAL, problems="一是信息公开时效性有待提高。"),
    "lag-1.txt": dict(agency="己局", overview=NEUTRAL, problems="一是网站信息更新滞后。"),
    # 账号 alone: a word without equivalents
    "account-1.txt": dict(agency="庚局", overview=NEUTRAL, problems="一是政务新媒体账号运营较弱。"),
    # statements holding none of the queries: the words above are rare among statements
    **unrelated(6),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("one-term"), REPORTS, LAYOUT)


def test_the_constructed_reports_parse_as_intended(archive):
    texts = {p.text.rstrip("；。") for p in archive.all_problems()}
    assert {"信息公开人员不足，学习有待加强", "政务公开工作力量薄弱", "信息公开工作均由兼职人员承担"} <= texts


def test_one_word_is_grouped_only_with_equivalents_and_as_the_whole_typed_term(curated_groups):
    curated_groups(STAFF)
    for query, one in [("人员不足", True), ("人员不足。", True), ("时效性差", False), ("账号不畅", False),
                       ("人员 不足", False), ("更新不及时", False)]:
        assert bestmatch.one_word(needles(parse_query(query))) is one, query
    wanted = needles(parse_query("人员不足"))
    assert bestmatch.grouped(wanted, [[needle("力量薄弱")]])
    assert not bestmatch.grouped(wanted, [[]]) and not bestmatch.grouped(wanted, None)
    assert not bestmatch.grouped(needles(parse_query("人员 不足")), [[needle("力量薄弱")]])


def test_one_word_lists_the_statements_of_its_equivalents_after_its_exact_hits(archive, curated_groups):
    def tab(kind="problem"):
        result = archive.search("人员不足", kind=kind, per_page=20, facets=True)
        return [(_file(h), h.kind, h.match) for h in result.hits], result

    curated_groups({"groups": []})
    assert tab()[0] == [("short", "problem", "exact")]  # as before: the exact hit only
    curated_groups(STAFF)
    hits, result = tab()
    assert hits[0] == ("short", "problem", "exact") and result.exact_total == 1
    assert sorted(hits[1:]) == [("parttime", "problem", "words"), ("weak", "problem", "words")]
    assert "<mark>力量薄弱</mark>" in next(h.snippet for h in result.hits if _file(h) == "weak")
    # all kinds: the exact hits first and complete (the statement and its report, shown by its
    # section 五), then the statements and the reports whose section 五 holds an equivalent; a
    # report naming 兼职 in a staffing line of its overview is no best match
    hits, result = tab(kind=None)
    assert result.exact_total == 2 and {(f, k) for f, k, m in hits[:2]} == {("short", "problem"), ("short", "section")}
    assert all(m == "exact" for f, k, m in hits[:2])
    assert sorted(hits[2:]) == sorted((f, k, "words") for f in ("parttime", "weak") for k in ("problem", "section"))
    assert "staffing" not in {f for f, k, m in hits}
    report = next(h for h in result.hits if _file(h) == "weak" and h.kind == "section")
    assert report.section == 5 and "<mark>力量薄弱</mark>" in report.snippet
    assert result.kind_totals == {"report": 0, "section": 3, "problem": 3} and result.total == 6
    # searching another part than section 五: exact hits only
    other = archive.search("人员不足", filters={"section": ["1"]}, per_page=20, facets=False)
    assert other.total == other.exact_total


def test_a_word_and_a_shortcoming_tail_finds_the_statements_of_the_word(archive, curated_groups, monkeypatch):
    """时效性 typed alone is one word: after its exact hit, the statement saying 滞后. 时效性差
    holds 时效性 and the tail 差, of which jieba makes no word: it names 时效性 as its subject
    (`bestmatch.subject_word`), so the statements and sections 五 holding 时效性 or its
    equivalent 滞后 follow (it found nothing: one word of a typed term was no match)."""
    curated_groups(TIMELY)
    hits = archive.search("时效性", kind="problem", per_page=20, facets=False).hits
    assert [(_file(h), h.match) for h in hits] == [("timely", "exact"), ("lag", "words")]
    tab = archive.search("时效性差", kind="problem", per_page=20, facets=False)
    assert tab.exact_total == 0 and [(_file(h), h.match) for h in tab.hits] == [("timely", "words"), ("lag", "words")]
    every = archive.search("时效性差", per_page=20, facets=False)
    assert sorted((_file(h), h.kind) for h in every.hits) == sorted(
        (f, k) for f in ("timely", "lag") for k in ("problem", "section"))
    # without the rule, as before: nothing
    from indexer.search import archive as archive_module
    monkeypatch.setattr(archive_module, "subject_word", lambda wanted, words, seeks: None)
    assert archive.search("时效性差", per_page=20, facets=False).total == 0


def test_one_word_without_equivalents_gets_no_best_matches(archive, curated_groups):
    """账号 typed alone has no group: its exact hits only. 账号不畅 names 账号 as its subject and
    不畅 as its shortcoming: the statement on 账号 (运营较弱) and its report's section 五 follow."""
    curated_groups(STAFF)
    tailed = archive.search("账号不畅", per_page=20, facets=False)
    assert tailed.exact_total == 0 and sorted((_file(h), h.kind, h.match) for h in tailed.hits) == [
        ("account", "problem", "words"), ("account", "section", "words")]
    assert [_file(h) for h in archive.search("账号 不畅", kind="problem", per_page=20, facets=False).hits] == ["account"]
    alone = archive.search("账号", per_page=20, facets=False)
    assert alone.total == alone.exact_total == 2  # the statement and its report
