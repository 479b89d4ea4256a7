"""The Sphinx backend's pure parts (no searchd needed): query compilation, folding, routing."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.errors import QueryError
from indexer.search.sphinx.matching import compile_query, fold, index_offsets, index_text
from indexer.search.sphinx.rows import hash63, record_hash, shard_of


@pytest.mark.parametrize("query, expression, positive", [
    ("政务公开", '"政 务 公 开"', ['"政 务 公 开"']),
    ("政务 公开", '"政 务" "公 开"', ['"政 务"', '"公 开"']),
    ('"主动 公开" 不及时', '"主 动 _ 公 开" "不 及 时"', ['"主 动 _ 公 开"', '"不 及 时"']),
    ('"主动公开" 不及时', '"主 动 公 开" "不 及 时"', ['"主 动 公 开"', '"不 及 时"']),
    ("a b OR c", "a (b | c)", ["a", "b", "c"]),
    ("依申请 NOT 超期", '"依 申 请" -"超 期"', ['"依 申 请"']),
    ("(政务 OR 信息) 公开", '("政 务" | "信 息") "公 开"', ['"政 务"', '"信 息"', '"公 开"']),
    ("12345热线", '"12345 热 线"', ['"12345 热 线"']),
    ("政務ＡＰＰ", '"政 务 app"', ['"政 务 app"']),
    ("“政务”（公开）", '"政 务" "公 开"', ['"政 务"', '"公 开"']),
    ("政务 AND 公开", '"政 务" "公 开"', ['"政 务"', '"公 开"']),
])
def test_queries_compile_to_phrases_of_tokens(query, expression, positive):
    compiled = compile_query(query)
    assert (compiled.expression, compiled.positive) == (expression, positive)


@pytest.mark.parametrize("query", ['"政务', "NOT 政务", "，。！", "(政务", "政务)", "OR 政务", "政务 OR", "a OR NOT b", "()", "x" * 201])
def test_broken_queries_are_refused(query):
    with pytest.raises(QueryError):
        compile_query(query)


def test_user_text_cannot_reach_sphinx_syntax():
    compiled = compile_query('政务 @problem "x" | -y ~3 $ ^ = \\ /2 <<')
    assert compiled.expression == '"政 务" problem x y 3 2'  # operators and field switches are only separators


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=60))
def test_folding_keeps_length_and_offsets_map_back(text):
    assert len(fold(text)) == len(text)
    indexed, offsets = index_text(text), index_offsets(text)
    assert len(offsets) == len(indexed)
    assert all(offsets[i] <= offsets[i + 1] for i in range(len(offsets) - 1))


def test_separator_runs_become_a_token():
    assert index_text("政务。公开\n\nAPP 12") == "政务 _ 公开 _ app _ 12"
    assert compile_query('政务，公开 "主动 公开"').expression == '"政 务 _ 公 开" "主 动 _ 公 开"'
    assert compile_query("，政务。").expression == '"政 务"'


@pytest.mark.parametrize("text", ["政务。公开\n\nAPP 12", "  前后 ", "a", "", "，，"])
def test_offsets_point_each_indexed_character_at_its_source(text):
    indexed, offsets = index_text(text), index_offsets(text)
    for char, offset in zip(indexed, offsets):
        assert char in (" ", "_") or char == fold(text)[offset]


def test_routing_and_record_hashes_are_stable():
    assert hash63("songbei-qu-2020") == hash63("songbei-qu-2020") > 0
    assert [shard_of(f"r{i}", 2) for i in range(6)] == [0, 0, 0, 0, 1, 0]
    assert {shard_of(f"report-{i}", 8) for i in range(200)} == set(range(8))
    record = {"report_id": "a", "report": {"title": "x"}, "indexed_at": "2026-01-01T00:00:00+00:00", "file_stat": "1:2"}
    assert record_hash(record) == record_hash({**record, "indexed_at": "2027-01-01T00:00:00+00:00", "file_stat": "3:4"})
    assert record_hash(record) != record_hash({**record, "report": {"title": "y"}})
