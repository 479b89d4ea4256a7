"""Snippets: escaped text, exact marks, never overlapping or half words."""
from __future__ import annotations

import re

from indexer.search.highlight import best_part, match_spans, snippet


def _marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_marks_exactly_the_matched_words_and_escapes():
    text = '推进城市更新，<script>alert("x")</script>城市管理'
    html, count = snippet(text, {"城市"})
    assert html == '推进<mark>城市</mark>更新，&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<mark>城市</mark>管理'
    assert count == 2


def test_overlapping_matches_are_merged_not_nested():
    html, _ = snippet("加强政府信息公开工作", {"政府信息公开", "信息公开", "公开"})
    assert html == "加强<mark>政府信息公开</mark>工作"
    html, _ = snippet("政府信息公开工作机制", {"政府信息公开", "工作机制"})
    assert _marked(html) == ["政府信息公开工作机制"]


def test_characters_across_a_word_boundary_are_not_marked():
    # 公开 occurs as characters in 办公开会 (办公/开会) but is not a word there
    assert match_spans("在办公开会", {"公开"}) == []
    assert snippet("在办公开会", {"公开"}) == ("在办公开会", 0)


def test_traditional_text_is_marked_in_its_own_characters():
    html, _ = snippet("推進政務公開工作", {"政务公开"})
    assert _marked(html) == ["政務公開"]


def test_long_text_is_cut_around_the_densest_matches_without_cutting_a_mark():
    text = "无关内容。" * 60 + "培训不足，培训形式单一。" + "其他内容。" * 60
    html, count = snippet(text, {"培训"}, width=40)
    assert html.startswith("…") and html.endswith("…") and count == 2
    assert _marked(html) == ["培训", "培训"]
    assert len(re.sub(r"</?mark>", "", html)) <= 44


def test_no_words_gives_the_start_of_the_text():
    assert snippet("一、总体情况 <b>", set()) == ("一、总体情况 &lt;b&gt;", 0)


def test_best_part_prefers_more_distinct_words():
    parts = {1: "培训培训培训", 5: "培训不足，机制不健全", 0: ""}
    assert best_part(parts, {"培训", "机制"}) == 5
    assert best_part(parts, {"网站"}) is None
