"""Problem queries of several typed terms or a pasted clause (issue 18, fourteenth session,
e18u): each term, or each jieba word of a clause, is a subject or a shortcoming
(`indexer.search.problemterms`); a statement holding a subject beside a word stating the
same shortcoming is a best match, and with the query's own subjects it ranks first.

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import pytest

from indexer.search import problemterms, subjectpairs
from indexer.search.bestmatch import content_words
from indexer.search.query import needles, parse_query

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive
from constructed_reports import report_file as _file

GROUPS = {"groups": [["回应", "互动", "答复"]],
          "shortcomings": [["不足", "缺乏", "缺少", "不够", "较少", "少"], ["不高", "偏低", "较低", "较差", "低", "差"]]}

REPORTS = {
    # 答复 质量 差: the subjects and their shortcoming in other words (不高 for 差)
    "reply-1.txt": dict(agency="甲局", overview=NEUTRAL, problems="一是依申请公开答复质量不高。"),
    # both subjects, more often, their shortcoming in words no curated shortcoming lists
    "quality-1.txt": dict(agency="乙局", overview=NEUTRAL, problems="一是答复质量管理有待加强，答复质量考核有待完善。"),
    # the exact hit: all three typed terms
    "exact-1.txt": dict(agency="丙局", overview=NEUTRAL, problems="一是答复文书质量差。"),
    # 网上公开的信息量还比较少: the quantity (数量, for 信息量) and a word for 少
    "count-1.txt": dict(agency="丁局", overview=NEUTRAL, problems="一是政府信息公开数量较少。"),
    # 比较 (an adverb of the clause) and a word for 少: no subject of it
    "rather-1.txt": dict(agency="戊局", overview=NEUTRAL, problems="一是宣传材料比较较少。"),
    # 监督 力度 不够: both typed subjects, or 力度 alone (another subject's 力度)
    "watch-1.txt": dict(agency="己局", overview=NEUTRAL, problems="一是对下级单位的监督缺乏力度。"),
    "publicity-1.txt": dict(agency="庚局", overview=NEUTRAL, problems="一是宣传力度不够，宣传力度有待加大。"),
    # 互动 差: the subject far from the shortcoming word states none of it
    "far-1.txt": dict(agency="辛局", overview=NEUTRAL,
                      problems="一是互动栏目开通以来运行正常，今年部分人员的学习意识较差。"),
    "near-1.txt": dict(agency="壬局", overview=NEUTRAL, problems="一是与公众的互动较差。"),
    **{f"other-{i}.txt": dict(agency=f"第{i}镇人民政府", overview=NEUTRAL, problems="一是档案信息整理工作有待规范。")
       for i in range(1, 5)},
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("several"), REPORTS, LAYOUT)


def tab(archive, query):
    result = archive.search(query, kind="problem", per_page=20, facets=False)
    return result, [(_file(h), h.match) for h in result.hits]


def reading(archive, query):
    wanted = needles(parse_query(query))
    words = content_words(wanted)
    found = problemterms.read(archive._state().table, wanted, words)
    return found and ([words[i] for i in found.subjects], found.stating)


def test_each_term_is_a_subject_or_a_shortcoming(archive, curated_groups):
    curated_groups(GROUPS)
    subjects, stating = reading(archive, "答复 质量 差")
    assert subjects == ["答复", "质量"] and {"不高", "较差"} <= set(stating)
    # a clause: its jieba words; 比较 and 还 are adverbs, 少 the shortcoming
    subjects, stating = reading(archive, "网上公开的信息量还比较少")
    assert "信息量" in subjects and "比较" not in subjects and "较少" in stating
    # no shortcoming word, or one short typed term (bestmatch.subject_word's): no reading
    assert reading(archive, "答复 质量") is None and reading(archive, "质量差") is None


def test_a_subject_beside_its_shortcoming_ranks_first_after_the_exact_hits(archive, curated_groups, monkeypatch):
    """答复 质量 差: the exact hit first, then 答复质量不高 (both subjects, 不高 for 差) before
    答复质量管理有待加强，答复质量考核有待完善 (both twice, no word of 差), which BM25 put first."""
    curated_groups(GROUPS)
    result, hits = tab(archive, "答复 质量 差")
    assert result.exact_total == 1 and hits[0] == ("exact", "exact")
    assert hits[1:3] == [("reply", "words"), ("quality", "words")]
    monkeypatch.setattr(problemterms, "read", lambda table, wanted, words: None)
    assert [f for f, _ in tab(archive, "答复 质量 差")[1]][1:3] == ["quality", "reply"]


def test_a_clause_finds_the_subject_said_by_its_measure_and_its_shortcoming(archive, curated_groups, monkeypatch):
    """网上公开的信息量还比较少 found nothing of 信息公开数量较少 (one word of four); the quantity
    beside a word for 少 is a best match now, first; 比较较少 holds no subject and is none."""
    curated_groups(GROUPS)
    hits = [f for f, _ in tab(archive, "网上公开的信息量还比较少")[1]]
    assert hits[:1] == ["count"] and "rather" not in hits
    monkeypatch.setattr(problemterms, "read", lambda table, wanted, words: None)
    assert "count" not in [f for f, _ in tab(archive, "网上公开的信息量还比较少")[1]]


def test_every_typed_subject_for_the_first_rank(archive, curated_groups, monkeypatch):
    """监督 力度 不够: 对下级单位的监督缺乏力度 holds both typed subjects beside 缺乏 (a word of
    不够); 宣传力度不够，宣传力度有待加大 holds 力度 beside 不够 but not 监督: it follows, although
    BM25 put it first (and so would a first rank asking one subject only)."""
    curated_groups(GROUPS)
    assert [f for f, _ in tab(archive, "监督 力度 不够")[1]][:2] == ["watch", "publicity"]
    monkeypatch.setattr(problemterms, "read", lambda table, wanted, words: None)
    # (and without e18aa's reading of pairs, `subjectpairs`, which also weighs 宣传力度不够 less)
    monkeypatch.setattr(subjectpairs, "ELSEWHERE", 1.0)
    assert [f for f, _ in tab(archive, "监督 力度 不够")[1]][:2] == ["publicity", "watch"]


def test_the_shortcoming_word_must_stand_beside_the_subject(archive, curated_groups):
    """互动 差: 与公众的互动较差 states it; a statement holding 互动 and, twenty characters on,
    another subject's 较差 does not (`problemterms.GAP`)."""
    curated_groups(GROUPS)
    table = archive._state().table
    wanted = needles(parse_query("互动 差"))
    words = content_words(wanted)
    found = problemterms.read(table, wanted, words)
    stated = problemterms.stated(table, words, found, [[] for _ in words])
    assert int(stated.sum()) == 1  # near-1 only, not far-1
    hits = [f for f, _ in tab(archive, "互动 差")[1]]
    assert hits[0] == "near"
