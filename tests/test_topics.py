"""All-kinds search for a general topic (issue 18, fourteenth session): the
passage about the topic comes first, and a report hit shows it.

A real index is built from constructed reports: most name 预决算 once, as one
item of a line listing what was published, in a short overview; one long
report has a paragraph about it (一是深化财政信息公开…预决算… three times)
in its section 二, and lists it once more in its overview.
"""
from __future__ import annotations

import numpy as np
import pytest

from indexer.search import ranking, topics
from indexer.search.exact import needle
from indexer.search.highlight import best_part, snippet
from constructed_reports import NEUTRAL, build_archive
from constructed_reports import report_file as _file

LAYOUT = """{year}年{agency}政府信息公开工作年度报告
一、总体情况
{overview}
二、主动公开政府信息情况
{published}
三、收到和处理政府信息公开申请情况
本年度共收到政府信息公开申请{k}件，均按时答复。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生政府信息公开行政复议、行政诉讼。
五、存在的主要问题及改进情况
一是政策宣传力度还不够。
六、其他需要报告的事项
无。
"""
#: one item of a list of what was published, in a short overview
LISTED = "全年主动公开信息80条，内容涉及机构职能、政策文件、规划计划、财政预决算、工作动态、人事信息等。"
#: a paragraph about 预决算 公开
ABOUT = ("一是深化财政信息公开。重点围绕本级政府预决算、部门预决算和“三公”经费，组织推进财政信息公开，"
         "公开了经人大批准的预算报告和决算报告，做到应公开尽公开。")
PLAIN = "本年度主动公开政府信息{n}条，通过门户网站和公开栏同步发布。"

REPORTS = {
    **{f"listed-{i}.txt": dict(agency=f"第{i}镇人民政府", overview=LISTED, published=PLAIN.format(n=90 + i))
       for i in range(1, 5)},
    # long: its overview is many sentences, and it lists 预决算 there too
    "about-1.txt": dict(agency="某区人民政府", overview=NEUTRAL * 200 + LISTED, published=ABOUT),
    **{f"other-{i}.txt": dict(agency=f"第{i}局", overview=NEUTRAL, published=PLAIN.format(n=i)) for i in range(1, 4)},
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("topics"), REPORTS, LAYOUT, defaults=dict(year=2021))


def _order(archive, query="预决算"):
    return [_file(h) for h in archive.search(query, per_page=20, facets=False).hits]


def test_the_paragraph_about_the_topic_ranks_above_the_lines_listing_it(archive):
    assert _order(archive) == ["about"] + ["listed"] * 4


def test_by_the_counts_alone_a_short_report_listing_it_comes_first(archive, monkeypatch):
    monkeypatch.setattr(ranking, "by_topic", lambda *args, **kwargs: None)
    assert _order(archive)[0] == "listed"


def test_the_densest_passage_counts_the_occurrences_one_window_holds(archive):
    state = archive._state()
    table = state.table
    about, listed = (archive._docnum(state, f"{name}-1", "report") for name in ("about", "listed"))
    dense = topics.density(table, [needle("预决算")], np.array([about, listed]))
    assert dense[0] == 2 * dense[1] == 2.0  # two in one window (of three in the paragraph, REPEATS 3), one


def test_a_report_hit_shows_the_part_about_the_topic(archive):
    hit = archive.search("预决算", per_page=1, facets=False).hits[0]
    assert (_file(hit), hit.kind, hit.section) == ("about", "section", 2)
    assert "深化财政信息公开" in hit.snippet


def test_best_part_prefers_a_dense_passage_to_a_part_naming_the_topic_in_scattered_lists():
    scattered = "；".join(["一是公开机构职能、预决算等信息" + "。" + NEUTRAL * 5] * 3)
    dense = "二是预决算公开，公开部门预决算。" + NEUTRAL
    parts = {0: "标题", 1: scattered, 2: dense}
    assert scattered.count("预决算") == 3 > dense.count("预决算") == 2
    assert best_part(parts, [needle("预决算")]) == 2
    # a part naming it in the title or contents list is no numbered part: decided by the counts, as before
    assert best_part({0: "预决算 预决算 预决算", 2: dense}, [needle("预决算")]) == 0


def test_the_snippet_window_holds_the_rare_term_with_the_common_one():
    common = "坚持公开为常态、不公开为例外，丰富公开内容，提升公开质量，拓展公开渠道。" * 2
    text = common + NEUTRAL * 3 + "依托门户网站公开规范性文件12件。" + NEUTRAL
    html, _ = snippet(text, [needle("规范性文件"), needle("公开")], width=60)
    assert "<mark>规范性文件</mark>" in html


def test_the_keys_cut_from_the_whole_index_are_the_candidates_own(archive):
    from indexer.search.matching import needle_keys

    table = archive._state().table
    item = needle("预决算")
    order = np.flatnonzero(table.is_report)[::2]
    whole = needle_keys(table, item)  # remembered on the table, as exactscores.fronts leaves it
    assert len(whole) and table._cached(("\x00keys", item.runs)) is not None
    assert np.array_equal(topics._keys(table, item, order), needle_keys(table, item, order))
