"""The parser's patterns rewritten for speed find what their first forms found.

Each rewritten pattern (or test) is checked against the form it replaced,
kept here, on hostile text that hypothesis makes from the characters the
patterns turn on mixed with any others: the same matches (spans, groups,
keys), not just the same answers on the corpus.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.parser import active_table, metadata, normalize, table_tokens
from indexer.parser.table_format import (ACTIVE_COLUMN_RE, ACTIVE_COLUMNS, ACTIVE_ITEM_RE, ACTIVE_ITEMS,
                                         NamedAlternatives)

_SETTINGS = settings(max_examples=400, deadline=None, database=None)


def _text(characters: str, max_size: int = 80):
    """Text mostly of `characters`, with any other character now and then."""
    return st.text(st.sampled_from(list(characters)) | st.characters(blacklist_categories=("Cs",)),
                   max_size=max_size)


_NUMBER_TEXT = _text("-—–－第页共 \t\n\u30000123456789１，,/")
_ACTIVE_TEXT = _text("".join(sorted({c for _, p in ACTIVE_ITEMS + ACTIVE_COLUMNS for c in p if c not in "\\s*()|?:"}))
                     + " /\t\n|信息内容")


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in pattern.finditer(text)]


@_SETTINGS
@given(_NUMBER_TEXT)
def test_page_number_core_finds_what_the_alternation_found(text):
    before = re.compile(r"[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页")
    now = normalize._PAGE_NUMBER_CORE
    assert [m.span() for m in now.finditer(text)] == [m.span() for m in before.finditer(text)]
    assert (now.search(text) is None) == (before.search(text) is None)


@_SETTINGS
@given(_NUMBER_TEXT)
def test_footer_core_finds_what_the_alternation_found(text):
    before = re.compile(r"[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页")
    now = table_tokens._FOOTER_CORE
    assert [m.span() for m in now.finditer(text)] == [m.span() for m in before.finditer(text)]


def test_the_cores_open_with_a_character_class():
    # what makes them fast: the engine's first-character scan (a charset
    # prefix), which an alternation of a class and a literal does not get
    for pattern in (normalize._PAGE_NUMBER_CORE, table_tokens._FOOTER_CORE):
        assert pattern.pattern.startswith("[")
    assert normalize._PAGE_NUMBER_CORE.search("正文 - 12 - 正文").group() == "- 12 -"
    assert table_tokens._FOOTER_CORE.search("第 3 页").group() == "第 3 页"
    assert normalize._PAGE_NUMBER_CORE.search("第一页 -x-") is None


@_SETTINGS
@given(_ACTIVE_TEXT)
def test_named_alternatives_match_as_the_named_alternation(text):
    for pattern, keyed in ((ACTIVE_ITEM_RE, ACTIVE_ITEMS), (ACTIVE_COLUMN_RE, ACTIVE_COLUMNS)):
        before = re.compile("|".join(f"(?P<{k}>{p})" for k, p in keyed))
        got = [(m.span(), m.lastgroup) for m in pattern.finditer(text)]
        assert got == [(m.span(), m.lastgroup) for m in before.finditer(text)]


def test_named_alternatives_keep_the_order_of_their_patterns():
    # 上一年项目数量 is previous_year (tried first), not count
    found = NamedAlternatives(ACTIVE_COLUMNS).finditer("信息内容 上一年项目数量 项目数量 增 / 减 金额")
    assert [m.lastgroup for m in found] == ["previous_year", "count", "change", "amount"]
    overlapping = NamedAlternatives((("short", "ab"), ("long", "abc"), ("other", "bc")))
    assert [(m.group(), m.lastgroup) for m in overlapping.finditer("abcabc xbc")] == [
        ("ab", "short"), ("ab", "short"), ("bc", "other")]


@_SETTINGS
@given(_text("第二十条信息内容复议后起诉未经行政诉讼", 30))
def test_table_starts_are_the_alternations(label):
    assert active_table._starts_active(label) == bool(re.search(r"第二十条|信息内容", label))


@_SETTINGS
@given(_text("|｜ \t\n\u3000标题年度报告", 200))
def test_title_lines_are_the_first_twelve_with_their_rules_cut(preamble):
    before = [metadata._TRAILING_RULES.sub("", l.strip()) for l in preamble.split("\n") if l.strip()][:12]
    assert metadata._first_lines(preamble) == before
