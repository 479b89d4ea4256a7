"""The 问题 tab's first page for problem-seeking queries (issue 18, twelfth session):
a typed term's curated equivalents count for the words jieba cuts it into, and
the curated groups added this session.

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import pytest

from indexer.equivalents import concept
from indexer.search import archive as archive_module

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive, unrelated
from constructed_reports import report_file as _file

REPORTS = {
    # 业务能力 in the words of its curated equivalent 业务水平: the shortcoming the query asks for
    "level-1.txt": dict(agency="甲局", overview=NEUTRAL, problems="一是工作人员业务水平不高，宣传工作有待加强。"),
    # 能力 alone, of another shortcoming (building a professional team)
    "team-1.txt": dict(agency="乙局", overview=NEUTRAL, problems="一是队伍专业化能力建设有待加强。"),
    # 不平衡 in the words of 不均衡
    "uneven-1.txt": dict(agency="丙局", overview=NEUTRAL, problems="一是信息公开工作推进速度不均衡，部分单位重视不够。"),
    # 知晓率 不高 in the words of 较低, and 知晓率 of another shortcoming
    "aware-1.txt": dict(agency="丁局", overview=NEUTRAL, problems="一是公众对政府信息公开的知晓率较低。"),
    "ask-1.txt": dict(agency="戊局", overview=NEUTRAL, problems="一是群众知晓率调查尚未开展。"),
    # 更新不及时 in the words of 滞后
    "lag-1.txt": dict(agency="己局", overview=NEUTRAL, problems="一是网站信息更新滞后。"),
    # 业务 in other statements: it is the commoner of the term's two words among statements
    **{f"training-{i}.txt": dict(agency=f"第{i}街道办事处", overview=NEUTRAL, problems="一是业务培训次数偏少。")
       for i in range(1, 3)},
    # statements holding none of the query: the words above are rare among statements
    **unrelated(6),
}

GROUPS = {"groups": [["业务水平", "业务能力", "业务素质"]]}
UNEVEN = {"groups": [["不平衡", "不均衡"]]}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("statement-tab"), REPORTS, LAYOUT)


def test_the_constructed_reports_parse_as_intended(archive):
    texts = {p.text.rstrip("；。") for p in archive.all_problems()}
    assert {"工作人员业务水平不高，宣传工作有待加强", "队伍专业化能力建设有待加强"} <= texts


def test_a_split_typed_term_lends_its_group_to_its_words(curated_groups):
    curated_groups(GROUPS)
    from indexer.search.bestmatch import equivalents as alternatives

    words = ["业务", "能力", "有待", "提高"]
    # 业务能力 is cut into 业务 and 能力; the group is the term's, not the words'
    assert [[n.text for n in g] for g in alternatives(words)] == [[], [], [], []]
    lent = [[n.text for n in g] for g in alternatives(words, ["业务能力", "有待提高"])]
    # 业务水平 holds 业务 (already found by it): only 能力 gets the members
    assert lent == [[], ["业务水平", "业务素质"], [], []]


def test_a_statement_in_the_words_of_a_split_terms_equivalent_comes_first(archive, curated_groups, monkeypatch):
    curated_groups(GROUPS)
    def tab():
        hits = archive.search("业务能力 有待提高", kind="problem", per_page=10, facets=False).hits
        return [_file(h) for h in hits], hits

    ranked, hits = tab()
    assert ranked[:2] == ["level", "team"], ranked
    assert all(h.match == "words" for h in hits)
    assert "<mark>业务水平</mark>" in hits[0].snippet
    # as before: the term's group unused, 能力 of another shortcoming ranks first
    plain = archive_module.equivalents
    monkeypatch.setattr(archive_module, "equivalents", lambda words, runs=(): plain(words))
    assert tab()[0][:2] == ["team", "level"]


def test_a_typed_term_holding_a_member_lends_its_group_to_the_members_words(archive, curated_groups, monkeypatch):
    """更新不及时 holds 不及时, a member of the timeliness group, whose word is 及时:
    及时 gets 滞后, so 网站信息更新滞后 holds both words of the one-term query."""
    curated_groups({"groups": [["时效性", "及时性", "不及时", "滞后"]]})
    from indexer.search.bestmatch import equivalents as alternatives

    assert [[n.text for n in g] for g in alternatives(["更新", "及时"], ["更新不及时"])] == [[], ["时效性", "滞后"]]

    def tab():
        return [_file(h) for h in archive.search("更新不及时", kind="problem", per_page=10, facets=False).hits]

    assert tab()[:1] == ["lag"]
    plain = archive_module.equivalents
    monkeypatch.setattr(archive_module, "equivalents", lambda words, runs=(): plain(words))
    # the six town statements say 公开栏更新较慢: 更新 is in half the statements here, so it names no
    # subject (`bestmatch.names_subject`) and the statement is found by the lending only
    assert "lag" not in tab()
    monkeypatch.setattr(archive_module, "names_subject", lambda counts, word: True)
    assert tab()[0] == "lag"  # found through its subject 更新 alone (`bestmatch.subject_word`)
    monkeypatch.setattr(archive_module, "subject_word", lambda wanted, words, seeks: None)
    assert "lag" not in tab()  # without that either, 更新 alone is half the words of one typed term: no match


def test_uneven_is_not_balanced(archive, curated_groups):
    """不平衡 and 不均衡 (工作开展不平衡 / 推进速度不均衡): jieba makes 平衡 of the typed
    term, and the term lends it its group."""
    def tab():
        hits = archive.search("工作 发展 不平衡", kind="problem", per_page=10, facets=False).hits
        return [_file(h) for h in hits], hits

    curated_groups({"groups": []})
    # 工作 alone, a third of the words: the two statements holding it tie, and ids order them
    assert tab()[0][:2] == ["level", "uneven"]
    curated_groups(UNEVEN)
    ranked, hits = tab()
    assert ranked[:2] == ["uneven", "level"] and "<mark>不均衡</mark>" in hits[0].snippet


def test_low_is_not_high(archive, curated_groups):
    """不高, 较低 and 偏低 (知晓率不高 / 知晓率和利用率较低)."""
    def tab():
        return [_file(h) for h in archive.search("知晓率 不高", kind="problem", per_page=10, facets=False).hits]

    curated_groups({"groups": []})
    ranked = tab()
    assert ranked.index("ask") < ranked.index("aware")  # 知晓率 alone in both
    curated_groups({"groups": [["不高", "较低", "偏低"]]})
    ranked = tab()
    assert ranked[0] == "aware" and ranked.index("aware") < ranked.index("ask")


def test_the_groups_added_this_session_are_in_the_data_file():
    assert concept("不均衡") == concept("不平衡")
    assert concept("较低") == concept("偏低") == concept("不高")
