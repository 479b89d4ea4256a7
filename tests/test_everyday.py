"""Problem queries in everyday words (issue 18, fifteenth session, e18w): 人手紧, 形式老套,
拖拉 are said again in the reports' own words (`indexer.search.everyday`, from the curated
`everyday` list of indexer/data/equivalents.json) for the 问题 tab's best matches; the
exact hits of the query as typed stay first and complete.

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import json

import pytest

from indexer.equivalents import DATA
from indexer.search import everyday

from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive
from constructed_reports import report_file as _file

CURATED = {"groups": [["时效性", "及时性", "不及时", "滞后"], ["单一", "不够丰富"], ["兼职", "人员不足", "力量薄弱"]],
           "shortcomings": [["不足", "缺乏", "缺少", "不够", "较少", "少"]],
           "everyday": [["人手紧", "人员不足"], ["人手", "人员"], ["紧", "不足"], ["老套", "单一"], ["拖拉", "滞后"]]}

REPORTS = {
    # 人手紧: the staff shortage in the reports' words (人员不足, a curated group's: 力量薄弱)
    "staff-1.txt": dict(agency="甲局", overview=NEUTRAL, problems="一是信息公开工作力量薄弱，难以满足工作需要。"),
    # the exact hit: a report that says 人手紧 as typed
    "exact-1.txt": dict(agency="乙局", overview=NEUTRAL, problems="一是基层人手紧，任务重。"),
    # 形式老套: 公开形式比较单一
    "form-1.txt": dict(agency="丙局", overview=NEUTRAL, problems="一是公开形式比较单一。"),
    # 拖拉: 信息发布滞后
    "late-1.txt": dict(agency="丁局", overview=NEUTRAL, problems="一是部分信息发布滞后。"),
    **{f"other-{i}.txt": dict(agency=f"第{i}镇人民政府", overview=NEUTRAL, problems="一是档案整理工作有待规范。")
       for i in range(1, 6)},
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("everyday"), REPORTS, LAYOUT)


def tab(archive, query):
    result = archive.search(query, kind="problem", per_page=20, facets=False)
    return [(_file(h), h.match) for h in result.hits]


def test_restate_replaces_the_longest_everyday_wording_first(curated_groups):
    curated_groups(CURATED)
    assert everyday.restate("人手紧") == "人员不足"  # the whole wording, not 人员 + 不足 by parts
    assert everyday.restate("形式老套") == "形式单一"
    assert everyday.restate("人员不足") is None and everyday.restate("") is None


def test_the_curated_everyday_wordings():
    """Each entry pairs an everyday wording with a different reports' wording, which holds no
    everyday wording itself (restating once is all it takes), and the file's own examples hold."""
    pairs = json.loads(DATA.read_text(encoding="utf-8"))["everyday"]
    assert pairs and all(len(p) == 2 and p[0] and p[1] and p[0] != p[1] for p in pairs)
    assert len({a for a, _ in pairs}) == len(pairs)
    everyday._pairs.cache_clear()
    assert all(everyday.restate(b) is None for _, b in pairs)
    assert everyday.restate("人手紧") == "人员不足" and everyday.restate("形式老套") == "形式单一"
    assert everyday.restate("培训跟不上") == "培训不足" and everyday.restate("回复拖拉") == "回复滞后"


def test_an_everyday_query_finds_the_statements_in_the_reports_words(archive, curated_groups, monkeypatch):
    """人手紧 found its one exact hit only; 信息公开工作力量薄弱 (人员不足 in other words) follows it
    now, as a best match; 拖拉 found nothing (形式老套 found 形式 by its word already)."""
    curated_groups(CURATED)
    assert tab(archive, "人手紧") == [("exact", "exact"), ("staff", "words")]
    assert tab(archive, "形式老套") == [("form", "words")]
    assert tab(archive, "拖拉") == [("late", "words")]
    monkeypatch.setattr(everyday, "restate", lambda text: None)
    assert tab(archive, "人手紧") == [("exact", "exact")]
    assert tab(archive, "拖拉") == []


def test_quotes_ask_for_the_words_as_typed(archive, curated_groups):
    curated_groups(CURATED)
    assert tab(archive, '"人手紧"') == [("exact", "exact")]


def test_a_wording_counts_between_two_words_of_the_query(curated_groups):
    """紧 is the everyday 不足 of 人手紧 (人/手紧), not the first character of 紧密."""
    curated_groups(CURATED)
    assert everyday.restate("人手紧") == "人员不足"
    assert everyday.restate("配合不紧密") is None and everyday.restate("要紧") is None


def test_the_result_says_how_its_best_matches_read_the_query(archive, curated_groups):
    """`read_as` names the reports' wording the best matches were found by, only when some were."""
    curated_groups(CURATED)
    assert archive.search("人手紧", kind="problem", facets=False).read_as == "人员不足"
    assert archive.search("拖拉", kind="problem", facets=False).to_dict()["read_as"] == "滞后"
    assert archive.search("人员不足", kind="problem", facets=False).read_as is None  # as typed
    assert archive.search('"人手紧"', kind="problem", facets=False).read_as is None  # quotes: no best matches
    assert archive.search("档案整理", kind="problem", facets=False).read_as is None  # no everyday wording


def test_the_page_and_the_api_say_it(archive, curated_groups, tmp_path):
    from bs4 import BeautifulSoup

    from app import create_app

    curated_groups(CURATED)
    app = create_app({"TESTING": True, "INDEX_DIR": str(archive.index_dir), "CORPUS_DIR": str(tmp_path)})
    client = app.test_client()
    page = BeautifulSoup(client.get("/?q=拖拉&kind=problem").data, "html.parser")
    divider = page.select_one("li.words-divider")
    assert divider.select_one(".read-as").text == "滞后"
    assert "按报告的常用说法理解为“滞后”" in divider.text
    assert client.get("/api/search?q=拖拉&kind=problem").get_json()["read_as"] == "滞后"
    assert client.get("/api/search?q=滞后&kind=problem").get_json()["read_as"] is None
