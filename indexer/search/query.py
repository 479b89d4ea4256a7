"""User query text -> Whoosh query, with a deliberately small syntax.

Offered: words (a run of Chinese is segmented; its words must all occur),
"quoted phrases" (the words in that order), AND, OR, NOT and parentheses.
Not offered: field switching (``agency:...``), wildcards, ranges, boosts —
user text can only search the text fields the caller chooses.
Bad syntax raises QueryError with a message a person can act on.
"""
from __future__ import annotations

import re

from whoosh import qparser
from whoosh import query as wq

from indexer.errors import QueryError

MAX_QUERY_CHARS = 200
OPERATORS = ("AND", "OR", "NOT")
_BINARY = {"AND", "OR"}
# Full-width quotes and brackets a Chinese keyboard produces
_NORMALISE = str.maketrans({"“": '"', "”": '"', "＂": '"', "（": "(", "）": ")", "　": " "})
_UNSUPPORTED = (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin,
                qparser.BoostPlugin, qparser.EveryPlugin, qparser.SingleQuotePlugin)


def normalise(text: str) -> str:
    return " ".join(text.translate(_NORMALISE).split())


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
        if token == ")" and previous == "(":
            raise QueryError("括号里是空的（empty parentheses）")
        previous = token


def _parser(fields: tuple[str, ...], schema) -> qparser.QueryParser:
    parser = qparser.QueryParser(None, schema)
    for plugin_class in _UNSUPPORTED:
        parser.remove_plugin_class(plugin_class)
    parser.add_plugin(qparser.MultifieldPlugin(list(fields)))
    return parser


def search_terms(query: wq.Query, fields) -> list[tuple[str, str]]:
    """(field, word) pairs the query looks for in `fields` (NOT parts included)."""
    wanted = set(fields)
    return [(f, t) for f, t in query.iter_all_terms(phrases=True) if f in wanted]


def parse_query(text: str, fields: tuple[str, ...], schema) -> wq.Query:
    """Parse user query `text` over the text `fields`.

    Raises QueryError when the text is too long, its syntax is broken, or
    nothing in it can be searched (only punctuation or symbols).
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"查询太长：{len(text)} 个字符，最多 {MAX_QUERY_CHARS} 个（query too long）")
    text = normalise(text)
    if not text:
        raise QueryError("查询是空的（empty query）")
    _check_syntax(text)
    try:
        query = _parser(fields, schema).parse(text)
    except Exception as exc:  # whoosh's parser errors are not ours to leak
        raise QueryError(f"无法理解这个查询（cannot parse query）: {exc}") from exc
    query = query.normalize()
    positive = [t for f, t in search_terms(query, fields)]
    if not positive or isinstance(query, type(wq.NullQuery)):
        raise QueryError("查询里没有可以检索的字词，只有标点或符号（nothing searchable in the query）")
    if isinstance(query, wq.Not):
        raise QueryError("只有 NOT 的查询无法执行：请再加一个要找的词（NOT needs something to search for）")
    return query
