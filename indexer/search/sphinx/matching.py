"""User query text -> a Sphinx full-text expression with the archive's matching rules.

Both sides are folded the same way before Sphinx sees them (`fold`): NFKC
width folding, simplified script, lower case, one character at a time so a
folded text has the length of the original (snippets map back by offset).
The index tokenizes every Han character alone and Latin/digit runs as words
(`conf.CHARSET`), so each query term becomes a phrase of its tokens:
一个汉字串 matches exactly where it occurs contiguously, 12345热线 matches
"12345 热 线"; separators are a token too (`index_text`). Words are ANDed, "…" is a phrase, OR / NOT / parentheses work.

Where this differs from the embedded index: a Latin or digit run is a whole
word here, so `APP` does not match inside `WebAPP`, nor `2345` inside `12345`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexer.errors import QueryError

MAX_QUERY_CHARS = 200
_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "（": "(", "）": ")", "　": " "})
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
#: Sphinx's tokens under conf.CHARSET: one Han character, or a run of [0-9a-z_].
TOKEN = re.compile(f"[{_HAN}]|[0-9a-z_]+")
_LEXEME = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')

_opencc = None


def _simplified(text: str) -> str:
    global _opencc
    if _opencc is None:
        import opencc

        _opencc = opencc.OpenCC("t2s")
    converted = _opencc.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(s if len(s := _opencc.convert(c)) == 1 else c for c in text)


class _CharFolds(dict):
    """str.translate table, filled on first sight of a character: NFKC then lower case, when each keeps it one character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        wide = unicodedata.normalize("NFKC", char)
        char = wide if len(wide) == 1 else char
        low = char.lower()
        self[code] = folded = low if len(low) == 1 else char
        return folded


_CHAR_FOLDS = _CharFolds()


def fold(text: str) -> str:
    """`text` as the index sees it: same length, width-folded, simplified, lower case."""
    if text.isascii():
        return text.lower()
    return _simplified(text.translate(_CHAR_FOLDS))


_SEPARATORS = re.compile(f"[^{_HAN}0-9a-z_]+")
#: What a run of separators (spaces, punctuation, line breaks) becomes in the index: a token of its own.
SEPARATOR_TOKEN = "_"


def index_text(text: str) -> str:
    """`text` as sent to Sphinx: folded, each run of separators written as the token " _ ".

    So 政务公开 (a phrase of four tokens) is not found in 政务。公开, which holds
    政 务 _ 公 开; while a term typed with punctuation or a quoted phrase with a
    space (政务，公开, "政务 公开") is the phrase 政 务 _ 公 开 and finds exactly the
    texts where separators stand between the two runs, as the embedded index does.
    `index_offsets` maps the result back onto `text`.
    """
    return _SEPARATORS.sub(f" {SEPARATOR_TOKEN} ", fold(text))


def index_offsets(text: str) -> list[int]:
    """For each character of `index_text(text)`, the offset in `text` it comes from."""
    out, at = [], 0
    for match in _SEPARATORS.finditer(fold(text)):
        out.extend(range(at, match.start()))
        out.extend([match.start()] * (len(SEPARATOR_TOKEN) + 2))
        at = match.end()
    out.extend(range(at, len(text)))
    return out


def tokens(text: str) -> list[str]:
    """The Sphinx tokens of already folded text."""
    return TOKEN.findall(text)


def phrase(text: str) -> str | None:
    """A query term as a Sphinx phrase of its tokens, separators inside included (None when it has no token)."""
    found = tokens(index_text(text))
    while found and found[0] == SEPARATOR_TOKEN:
        found.pop(0)
    while found and found[-1] == SEPARATOR_TOKEN:
        found.pop()
    if not found:
        return None
    return found[0] if len(found) == 1 else '"' + " ".join(found) + '"'


@dataclass
class Compiled:
    """A user query compiled for Sphinx."""

    expression: str  # for MATCH(), without a field limit
    positive: list[str]  # the phrases looked for (not under NOT), for snippets


class _Parser:
    def __init__(self, lexemes: list[str]):
        self.lexemes = lexemes
        self.at = 0
        self.positive: list[str] = []

    def peek(self):
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def take(self):
        self.at += 1
        return self.lexemes[self.at - 1]

    def conjunction(self, negated=False, closing=None):
        parts = []
        while (lexeme := self.peek()) is not None and lexeme != closing:
            if lexeme == ")":
                raise QueryError("括号不配对：多了一个 )（unbalanced parentheses）")
            if lexeme == "AND":
                self.take()
                if self.peek() in (None, ")", "AND", "OR"):
                    raise QueryError("AND 后面缺少检索词（AND needs a term after it）")
                continue
            if lexeme == "OR":
                raise QueryError("OR 前面缺少检索词（OR needs a term on each side）")
            parts.append(self.disjunction(negated))
        return [p for p in parts if p is not None]

    def disjunction(self, negated):
        options = [self.unary(negated)]
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, ")", "OR", "AND"):
                raise QueryError("OR 后面缺少检索词（OR needs a term after it）")
            options.append(self.unary(negated))
        options = [o for o in options if o is not None]
        if not options:
            return None
        if len(options) == 1:
            return options[0]
        if any(o.startswith("-") for o in options):
            raise QueryError("NOT 不能放在 OR 里（NOT inside OR is not supported）")
        return "(" + " | ".join(options) + ")"

    def unary(self, negated):
        lexeme = self.take()
        if lexeme == "NOT":
            if self.peek() in (None, ")", "OR", "AND"):
                raise QueryError("NOT 后面缺少检索词（NOT needs a term after it）")
            inner = self.unary(not negated)
            return None if inner is None else "-" + (inner if not inner.startswith("-") else f"({inner})")
        if lexeme == "(":
            parts = self.conjunction(negated, closing=")")
            if self.peek() != ")":
                raise QueryError("括号不配对：少了一个 )（unbalanced parentheses）")
            self.take()
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else "(" + " ".join(parts) + ")"
        text = lexeme[1:-1] if lexeme.startswith('"') else lexeme
        found = phrase(text)
        if found is not None and not negated:
            self.positive.append(found)
        return found


def compile_query(text: str) -> Compiled:
    """Compile user query `text`; raises QueryError (too long, broken syntax, nothing searchable)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"查询太长：{len(text)} 个字符，最多 {MAX_QUERY_CHARS} 个（query too long）")
    text = " ".join(text.translate(_QUOTES).split())
    if not text:
        raise QueryError("查询是空的（empty query）")
    if text.count('"') % 2:
        raise QueryError('引号没有闭合：请补上另一个 " 或去掉它（unclosed quote）')
    parser = _Parser(_LEXEME.findall(text))
    parts = parser.conjunction()
    if parser.at < len(parser.lexemes):
        raise QueryError("括号不配对：多了一个 )（unbalanced parentheses）")
    if not parser.positive:
        if any(p.startswith("-") for p in parts):
            raise QueryError("只有 NOT 的查询无法执行：请再加一个要找的词（NOT needs something to search for）")
        raise QueryError("查询里没有可以检索的字词，只有标点或符号（nothing searchable in the query）")
    if all(p.startswith("-") for p in parts):
        raise QueryError("只有 NOT 的查询无法执行：请再加一个要找的词（NOT needs something to search for）")
    return Compiled(" ".join(parts), parser.positive)
