"""Snippets: escaped text, each exact match marked whole, never nested, linear."""
from __future__ import annotations

import re
from indexer.search.exact import needle, occurrences
from indexer.search.highlight import MAX_SPANS, _window, best_part, snippet


def _marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def _needles(*texts):
    return [needle(t) for t in texts]


def test_marks_exactly_the_matched_string_and_escapes():
    text = '推进城市更新，<script>alert("x")</script>城市管理'
    html, count = snippet(text, _needles("城市"))
    assert html == '推进<mark>城市</mark>更新，&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<mark>城市</mark>管理'
    assert count == 2


def test_a_run_across_a_jieba_word_boundary_is_one_whole_mark():
    # 依申请 is 依/申请 to jieba; 化分局 is 化/分局: each is marked as one string
    assert _marked(snippet("做好依申请公开工作", _needles("依申请"))[0]) == ["依申请"]
    assert _marked(snippet("市场监督管理局文化分局", _needles("化分局"))[0]) == ["化分局"]
    assert _marked(snippet("在办公开会", _needles("公开"))[0]) == ["公开"]


def test_overlapping_matches_are_merged_not_nested():
    html, _ = snippet("加强政府信息公开工作", _needles("政府信息公开", "信息公开", "公开"))
    assert html == "加强<mark>政府信息公开</mark>工作"
    html, _ = snippet("政府信息公开工作机制", _needles("政府信息公开", "工作机制"))
    assert _marked(html) == ["政府信息公开", "工作机制"]


def test_a_phrase_is_marked_with_the_punctuation_between_its_runs():
    html, _ = snippet("被申请行政复议、行政诉讼情况", _needles("行政复议 行政诉讼"))
    assert _marked(html) == ["行政复议、行政诉讼"]


def test_full_width_and_traditional_text_is_marked_in_its_own_characters():
    assert _marked(snippet("推進政務公開工作", _needles("政务公开"))[0]) == ["政務公開"]
    assert _marked(snippet("２０２０年开通政务ＡＰＰ", _needles("2020", "政务app"))[0]) == ["２０２０", "政务ＡＰＰ"]


def test_long_text_is_cut_around_the_densest_matches_without_cutting_a_mark():
    text = "无关内容。" * 60 + "培训不足，培训形式单一。" + "其他内容。" * 60
    html, count = snippet(text, _needles("培训"), width=40)
    assert html.startswith("…") and html.endswith("…") and count == 2
    assert _marked(html) == ["培训", "培训"]
    assert len(re.sub(r"</?mark>", "", html)) <= 44


def test_the_window_is_where_the_matches_are_densest():
    spans = [(0, 2), (100, 102), (105, 107), (110, 112), (400, 402)]
    assert _window(spans, 500, 40) == (92, 132)


def test_no_needles_gives_the_start_of_the_text():
    assert snippet("一、总体情况 <b>", []) == ("一、总体情况 &lt;b&gt;", 0)


def test_a_text_full_of_matches_keeps_a_bounded_number_of_spans():
    text = "公开" * 400_000  # 800k characters, 400k matches
    assert len(occurrences(text, _needles("公开"))) == MAX_SPANS
    html, count = snippet(text, _needles("公开"))
    assert 0 < count <= MAX_SPANS and html.endswith("…")


def test_best_part_prefers_more_distinct_needles():
    parts = {1: "培训培训培训", 5: "培训不足，机制不健全", 0: ""}
    assert best_part(parts, _needles("培训", "机制")) == 5
    assert best_part(parts, _needles("网站")) is None
