"""User query text -> a query tree whose leaves are exact needles.

Offered: terms separated by spaces (all must occur), "quoted phrases",
AND, OR, NOT and parentheses. Each term or phrase is a `Needle`
(`indexer.search.exact`): it matches exactly where its characters occur as a
contiguous run, the way Ctrl-F would, whatever jieba makes of them. A term
with punctuation inside (信息更新不及时，时效性差) and a quoted phrase are
runs at consecutive positions, punctuation between them ignored.

Not offered: field switching (``agency:...``), wildcards, ranges, boosts.
Bad syntax raises QueryError with a message a person can act on.

Whoosh's parser reads the structure; the leaves are `Term` / `Phrase` on
the pseudo field `QUERY_FIELD` holding the user's text as written, which
`needle_of` turns into needles.
"""
from __future__ import annotations

import re
import unicodedata

from whoosh import qparser
from whoosh import query as wq
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT, Schema

from indexer.errors import QueryError
from indexer.search.exact import Needle, needle

MAX_QUERY_CHARS = 200
#: At most this many terms and phrases in one query.
MAX_TERMS = 20
OPERATORS = ("AND", "OR", "NOT")
QUERY_FIELD = "q"
_BINARY = {"AND", "OR"}
# Full-width quotes and brackets a Chinese keyboard produces
_NORMALISE = str.maketrans({"“": '"', "”": '"', "＂": '"', "（": "(", "）": ")", "　": " "})
_UNSUPPORTED = (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin,
                qparser.BoostPlugin, qparser.EveryPlugin, qparser.SingleQuotePlugin)


class _AsWritten(Tokenizer):
    """One token per space-separated piece that holds a word character, as written."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, m in enumerate(re.finditer(r"\S+", value)):
            if needle(m.group()) is None:
                continue
            token.text = m.group()
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + i
            if chars:
                token.startchar, token.endchar = start_char + m.start(), start_char + m.end()
            yield token


_SCHEMA = Schema(**{QUERY_FIELD: TEXT(analyzer=_AsWritten(), phrase=True)})


def normalise(text: str) -> str:
    return " ".join(text.translate(_NORMALISE).split())


def _check_text(text: str) -> None:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise QueryError("查询里有无效的字符（lone surrogate）")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise QueryError("查询里有控制字符，请删去后再试（control character）")


def _check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('引号没有闭合：请补上另一个 " 或去掉它（unclosed quote）')
    outside = re.sub(r'"[^"]*"', " PHRASE ", text)
    depth = 0
    for char in outside:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("括号不配对：多了一个 )（unbalanced parentheses）")
    if depth:
        raise QueryError("括号不配对：少了一个 )（unbalanced parentheses）")
    tokens = re.findall(r"\(|\)|[^\s()]+", outside)
    previous = None
    for token in tokens + [None]:
        if token in _BINARY and (previous is None or previous in OPERATORS or previous == "("):
            raise QueryError(f"{token} 前面缺少检索词（{token} needs a term on each side）")
        if (token is None or token == ")") and previous in OPERATORS:
            raise QueryError(f"{previous} 后面缺少检索词（{previous} needs a term after it）")
        if token == "NOT" and previous == "NOT":
            raise QueryError("NOT 不能连用（NOT NOT）：请只写一个 NOT")
        if token == ")" and previous == "(":
            raise QueryError("括号里是空的（empty parentheses）")
        previous = token


def _parser() -> qparser.QueryParser:
    parser = qparser.QueryParser(QUERY_FIELD, _SCHEMA)
    for plugin_class in _UNSUPPORTED:
        parser.remove_plugin_class(plugin_class)
    return parser


def needle_of(node) -> Needle | None:
    """The needle of a query leaf (`Term` or `Phrase` on QUERY_FIELD), else None."""
    if isinstance(node, wq.Term) and node.fieldname == QUERY_FIELD:
        return needle(node.text)
    if isinstance(node, wq.Phrase) and node.fieldname == QUERY_FIELD:
        found = [needle(w) for w in node.words]
        runs = tuple(r for n in found if n for r in n.runs)
        return Needle(" ".join(node.words), runs) if runs else None
    return None


def needles(query, positive_only: bool = True) -> list[Needle]:
    """The needles of a parsed query, in order, each once (NOT parts left out by default)."""
    out: list[Needle] = []

    def walk(node) -> None:
        if positive_only and isinstance(node, wq.Not):
            return
        if positive_only and isinstance(node, wq.AndNot):
            walk(node.a)
            return
        found = needle_of(node)
        if found is not None:
            out.append(found)
            return
        for child in node.children():
            walk(child)

    walk(query)
    return list(dict.fromkeys(out))


def parse_query(text: str) -> wq.Query:
    """Parse user query `text` into a tree of needles (see the module text).

    Raises QueryError when the text is too long, holds invalid characters,
    its syntax is broken, it has more than MAX_TERMS terms, or nothing in it
    can be searched (only punctuation or symbols).
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"查询太长：{len(text)} 个字符，最多 {MAX_QUERY_CHARS} 个（query too long）")
    _check_text(text)
    text = normalise(text)
    if not text:
        raise QueryError("查询是空的（empty query）")
    _check_syntax(text)
    try:
        query = _parser().parse(text)
    except Exception:  # whoosh's own parser errors are not ours to show
        raise QueryError("无法理解这个查询，请检查引号、括号和 AND / OR / NOT 的用法（cannot parse query）") from None
    query = query.normalize()
    everything = needles(query, positive_only=False)
    if len(everything) > MAX_TERMS:
        raise QueryError(f"检索词太多：{len(everything)} 个，最多 {MAX_TERMS} 个（too many terms）")
    if not everything or isinstance(query, type(wq.NullQuery)):
        raise QueryError("查询里没有可以检索的字词，只有标点或符号（nothing searchable in the query）")
    if isinstance(query, wq.Not) or not needles(query):
        raise QueryError("只有 NOT 的查询无法执行：请再加一个要找的词（NOT needs something to search for）")
    return query
