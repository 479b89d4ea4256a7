"""The Sphinx backend's pure parts (no searchd needed): pair tokens, query compilation, routing.

The central property: a needle's Sphinx expression (a phrase of pair tokens,
or a prefix for one character) finds a text exactly when the embedded
index's own pattern finds it in the folded text (`Needle.pattern`), for any
script. Checked here against a small model of Sphinx's phrase and prefix
matching over the tokens `index_text` writes.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.errors import QueryError
from indexer.search.exact import fold, needle
from indexer.search.query import parse_query
from indexer.search.sphinx.matching import compile_query, index_text, needle_expression
from indexer.search.sphinx.rows import hash63, record_hash, shard_of


def found(expression: str, text: str) -> bool:
    """Sphinx's answer for one needle expression over one field, modelled: consecutive tokens, or a prefix."""
    tokens = index_text(text).split()
    if expression.endswith("*"):
        return any(t.startswith(expression[:-1]) for t in tokens)
    pairs = expression.strip('"').split()
    return any(tokens[i:i + len(pairs)] == pairs for i in range(len(tokens) - len(pairs) + 1))


@pytest.mark.parametrize("text, term, expected", [
    ("推进政务公开标准化", "政务公开", True),
    ("推进政务。公开", "政务公开", False),  # punctuation breaks a run
    ("推进政务。公开", "政务，公开", True),  # punctuation typed matches punctuation
    ("拨打12345热线", "12345热线", True),
    ("拨打12345 热线", "12345热线", False),
    ("使用WebAPP办理", "APP", True),  # Latin runs match inside longer runs, as Han runs do
    ("使用WebAPP办理", "webapp", True),
    ("热线12345", "2345", True),
    ("2020年以来", "020年", True),
    ("政務ＡＰＰ上线", "政务app", True),  # traditional and full-width fold
    ("上线政务APP", "务A", True),
    ("政", "政", True),
    ("政务", "务", True),  # a field's last character: its pair is with a separator
    ("政务", "政务公", False),
    ("Ω值", "ω", True),  # any script's word characters
])
def test_a_needle_finds_exactly_the_texts_holding_it(text, term, expected):
    item = needle(term)
    assert found(needle_expression(item), text) is expected
    assert bool(item.pattern().search(fold(text))) is expected


_TEXT = st.text(alphabet=st.sampled_from(list("政务公开信息年报APPapp12345 ，。、\n（）_-Ωω熱线")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, start=st.integers(0, 40), length=st.integers(1, 8))
def test_pair_tokens_match_like_the_embedded_index(text, start, length):
    term = text[start:start + length]
    item = needle(term)
    if item is None:
        return
    assert found(needle_expression(item), text) == bool(item.pattern().search(fold(text)))


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, other=_TEXT)
def test_any_needle_matches_like_the_embedded_index(text, other):
    item = needle(other)
    if item is None:
        return
    assert found(needle_expression(item), text) == bool(item.pattern().search(fold(text)))


def test_index_text_is_pair_tokens_of_base36_units():
    tokens = index_text("政务APP，2020年").split()
    assert all(re.fullmatch(r"[0-9a-z]{8}", t) for t in tokens)
    assert len(tokens) == len("政务APP") + 1 + len("2020年")  # one per character, one per separator run
    assert [t[4:] for t in tokens[:-1]] == [t[:4] for t in tokens[1:]]  # each pairs with the next
    assert index_text("，。！") == "" and index_text("") == ""


@pytest.mark.parametrize("query, expression", [
    ("政务公开", '"0jzz0gbl 0gbl0g30 0g300irk"'),
    ("政", "0jzz*"),
    ("政务 依申请", '(0jzz0gbl "0fq50n5f 0n5f0rnb")'),
    ("依申请 NOT 政务公开", '("0fq50n5f 0n5f0rnb" -"0jzz0gbl 0gbl0g30 0g300irk")'),
    ('"政策 解读"', '"0jzz0od2 0od20000 00000r8j 0r8j0rnf"'),
    ("(政务 OR 网站) 依申请", '((0jzz0gbl | 0p5d0o9l) "0fq50n5f 0n5f0rnb")'),
])
def test_queries_compile_from_the_embedded_parser(query, expression):
    assert compile_query(parse_query(query)) == expression


@pytest.mark.parametrize("query", ['"政务', "NOT 政务", "，。！", "(政务", "政务)", "OR 政务", "政务 OR", "()", "x" * 201])
def test_broken_queries_are_refused_by_the_same_parser(query):
    with pytest.raises(QueryError):
        compile_query(parse_query(query))


def test_not_inside_or_is_every_document_but_the_negated():
    assert compile_query(parse_query("政务 OR NOT 网站"), ("s1", "problem")) == \
        "(0jzz0gbl | (@every zzzzzzzz -(@(s1,problem) 0p5d0o9l)))"
    assert compile_query(parse_query("依申请 OR (NOT 政务 NOT 网站)"), ("s0",)) == \
        '("0fq50n5f 0n5f0rnb" | (@every zzzzzzzz -(@(s0) (0jzz0gbl | 0p5d0o9l))))'


def test_user_text_cannot_reach_sphinx_syntax():
    expression = compile_query(parse_query('政务 @problem "x" | -y ~3 $ ^ = \\ /2 <<'))
    assert set(re.sub(r"[0-9a-z]{4,8}\*?", "", expression)) <= set(' ()"|-')
    assert "@" not in expression and "~" not in expression and "/" not in expression


def test_routing_and_record_hashes_are_stable():
    assert hash63("ceshi-qu-2022") == hash63("ceshi-qu-2022") > 0
    assert [shard_of(f"r{i}", 2) for i in range(6)] == [0, 0, 0, 0, 1, 0]
    assert {shard_of(f"report-{i}", 8) for i in range(200)} == set(range(8))
    record = {"report_id": "a", "indexed_at": "2026-01-01", "file_stat": "1:2", "x": [1, "二"]}
    assert record_hash(record) == record_hash({**record, "indexed_at": "2027-01-01", "file_stat": ""})
    assert record_hash(record) != record_hash({**record, "x": [2]})
