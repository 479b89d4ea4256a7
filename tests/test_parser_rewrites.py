"""The parser's steps rewritten for speed in the eighteenth session (branch e10z) give what their first forms gave.

As in tests/test_parser_patterns.py: each rewritten step is checked against
the form it replaced, kept here, on hostile input that hypothesis makes.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.parser import table_tokens
from indexer.parser.table_tokens import Token

_SETTINGS = settings(max_examples=400, deadline=None, database=None)


def _text(characters: str, max_size: int = 80):
    """Text mostly of `characters`, with any other character now and then."""
    return st.text(st.sampled_from(list(characters)) | st.characters(blacklist_categories=("Cs",)),
                   max_size=max_size)


def _tokenize_before(text: str) -> list[Token]:
    """table_tokens.tokenize as it was (e10t), without its memo of each line
    number's tokens (which only remembered what this makes)."""
    if "[bookmark:" in text:
        text = table_tokens._BOOKMARK.sub("", text)
    footers = table_tokens._FOOTER_CORE.search(text) is not None
    tokens = []
    for lineno, raw in enumerate(text.splitlines()):
        if footers and table_tokens._PAGE_FOOTER.match(raw):
            continue
        tabbed, pieces = table_tokens._line_pieces(raw)
        tokens += [Token(kind, value, lineno, tabbed, unit) for kind, value, unit in pieces]
    return tokens


_TABLE_TEXT = _text("本年新收总计其他 \t\n\r\x1c\u2028|｜-—－/第页0123456789１，,.万元件[bookmark:x]\u3000\xa0", 120)


@_SETTINGS
@given(_TABLE_TEXT)
def test_tokens_are_what_they_were(text):
    want = _tokenize_before(text)
    assert table_tokens.tokenize(text) == want
    assert table_tokens.tokenize(text) == want  # the lines' pieces from the memo


def test_tokens_carry_their_line_numbers():
    text = "本年新收\t1\t2\t\t3\n- 2 -\n总计 4 5 6\n" + "很长的一行文字" * 10 + "\t7\n本年新收\t1\t2\t\t3"
    assert [t.line for t in table_tokens.tokenize(text) if t.value == 1] == [0, 4]
    assert [t.line for t in table_tokens.tokenize("前言\n" + text) if t.value == 1] == [1, 5]
    many = "\n".join(["本年新收\t1\t2"] * 5003)
    assert [t.line for t in table_tokens.tokenize(many) if t.value == 1][-4:] == [4999, 5000, 5001, 5002]
