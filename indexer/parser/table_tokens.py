"""Statistics-table text as a stream of tokens: label text, numbers, empty cells.

Tables reach us in many shapes: TAB-joined rows (HTML, Word, pdfplumber),
one cell per line, Markdown pipes, or space-separated PDF text where a
wrapped label may even come *after* its numbers. Rather than trusting line
structure, the readers (indexer.parser.application_table, review_table,
active_table) walk these tokens: `segments` groups them into (label, values)
and `value_groups` cuts a run of values into rows.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

from indexer.memo import ShortKeyMemo

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_PAGE_FOOTER = re.compile(r"^\s*(?:[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
#: What every _PAGE_FOOTER line holds (-3- or 第3页): texts without it skip
#: the line test. It opens with a character class so that the engine skips
#: to its first characters.
_FOOTER_CORE = re.compile(r"[-—－第](?:(?<=[-—－])\s*\d+\s*[-—－]|(?<=第)\s*\d+\s*页)")
_NUMBER = re.compile(r"^([+-]?)(\d[\d,]{0,14}(?:\.\d{1,6})?)(万元|亿元|元|件|条|项|个|次)?$")
_DASH_CELL = re.compile(r"^[-—–－/／\\]+$")
_MD_SEPARATOR = re.compile(r"[|\s:\-—]+")


def _ideographs_except(keep: str) -> re.Pattern:
    # CJK unified ideographs have no compatibility decomposition and never
    # compose, so one (other than a unit) in a piece survives NFKC and rules
    # out a number without normalising the piece.
    bounds, lo = [], 0x4E00
    for c in sorted(map(ord, keep)):
        if lo < c:
            bounds.append(f"{chr(lo)}-{chr(c - 1)}")
        lo = c + 1
    bounds.append(f"{chr(lo)}-\u9fff")
    return re.compile(f"[{''.join(bounds)}]")


_NOT_A_NUMBER = _ideographs_except("万亿元件条项个次")
#: Text made only of characters that NFKC leaves alone, singly and side by
#: side (ASCII, CJK unified ideographs, 、。〔〕—•→, curly quotes, CJK
#: brackets), and of full-width ASCII forms, which NFKC maps one to one.
NFKC_SIMPLE = re.compile(
    r"[\x00-\x7f\u4e00-\u9fff\u3001\u3002\u3014\u3015\u2014\u2022\u2192"
    r"\u2018-\u201d\u3008-\u3011\uff01-\uff5e]*"
)
#: NFKC_SIMPLE without the full-width forms: text NFKC leaves as it is.
NFKC_PLAIN = re.compile(
    r"[\x00-\x7f\u4e00-\u9fff\u3001\u3002\u3014\u3015\u2014\u2022\u2192"
    r"\u2018-\u201d\u3008-\u3011]*"
)
_FULLWIDTH_ASCII = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), without the (slow) call for the
    usual label and number text (one scan for it when it has no full-width form)."""
    if NFKC_PLAIN.fullmatch(text):
        return text
    if NFKC_SIMPLE.fullmatch(text):
        return text.translate(_FULLWIDTH_ASCII)
    return unicodedata.normalize("NFKC", text)


@dataclass(slots=True)
class Token:
    """One piece of table text: kind is "text", "num" or "empty"."""

    kind: str
    value: Any
    line: int
    tabbed: bool  # came from a TAB/pipe row, where cell positions mean something
    unit: str = ""



def tokenize(text: str) -> list[Token]:
    """Cut text into label / number / empty-cell tokens, line by line."""
    if "[bookmark:" in text:
        text = _BOOKMARK.sub("", text)
    footers = _FOOTER_CORE.search(text) is not None
    tokens: list[Token] = []
    append = tokens.append
    # A line's pieces are remembered (`_LINE_PIECES`), its tokens made anew:
    # a memo of the tokens themselves, by line number, had to be read from
    # all over memory (~1 cache miss a token), which cost more than making
    # them one after another here.
    pieces_of = _LINE_PIECES.__getitem__
    for lineno, raw in enumerate(text.splitlines()):
        if footers and _PAGE_FOOTER.match(raw):
            continue
        tabbed, pieces = pieces_of(raw)
        for kind, value, unit in pieces:
            append(Token(kind, value, lineno, tabbed, unit))
    return tokens


def _line_pieces(raw: str) -> tuple[bool, list[tuple[str, Any, str]]]:
    """(tabbed, [(kind, value, unit)…]) of the tokens of one line."""
    if "｜" in raw:
        raw = raw.replace("｜", "|")
    # a pipe row, with or without its outer pipes (label | 5 | 1 | … | 6):
    # every cell is a column, never just the first after the label
    if "|" in raw and (stripped := raw.strip(" \u3000\u00a0")).count("|") >= 2:
        if _MD_SEPARATOR.fullmatch(stripped):
            return True, []  # Markdown separator row
        cells, tabbed = stripped.strip("|").split("|"), True
    elif "\t" in raw:
        cells = raw.split("\t")
        if not cells[0].strip():
            cells = cells[1:]  # a leading TAB marks a cell, it is not one
        tabbed = len(cells) > 1
    else:
        # str.split() cuts at any Unicode whitespace (\u3000 and \xa0 too).
        return False, [_piece_kind(piece) for piece in raw.split()]
    out: list[tuple[str, Any, str]] = []
    for cell in cells:
        pieces = cell.split()
        if not pieces:
            out.append(("empty", None, ""))
        elif len(pieces) > 1 and all(parse_number(p) for p in pieces):
            out.extend(_piece_kind(piece) for piece in pieces)
        else:
            out.append(_piece_kind("".join(pieces)))
    return tabbed, out


def _classify_piece(piece: str) -> tuple[str, Any, str]:
    number = parse_number(piece)
    if number:
        known = ("num", number[0], number[1])
    elif _DASH_CELL.match(piece):
        # a printed placeholder: keeps its place, unlike a blank cell
        known = ("empty", piece, "")
    else:
        known = ("text", piece, "")
    return known


#: line -> what `_line_pieces` says of it, remembered for the short lines
#: (table rows, labels, numbers) that recur from report to report.
_LINE_PIECES: ShortKeyMemo[tuple[bool, list[tuple[str, Any, str]]]] = ShortKeyMemo(_line_pieces, longest=60)
#: piece -> (kind, value, unit), remembered for the short pieces that recur
#: from report to report (row labels, small numbers).
_PIECE_KINDS: ShortKeyMemo[tuple[str, Any, str]] = ShortKeyMemo(_classify_piece, longest=40)
_piece_kind = _PIECE_KINDS.__getitem__


def parse_number(piece: str) -> tuple[int | float, str] | None:
    if piece.isascii():
        m = _NUMBER.match(piece)  # NFKC leaves ASCII as it is
    elif _NOT_A_NUMBER.search(piece):
        return None
    else:
        m = _NUMBER.match(nfkc(piece).replace("，", ","))
    if not m:
        return None
    digits = m.group(2).replace(",", "")
    value: int | float = float(digits) if "." in digits else int(digits)
    return (-value if m.group(1) == "-" else value), (m.group(3) or "")


def _label(parts: list[str]) -> str:
    return nfkc("".join(parts)).replace("釆", "采")


def segments(tokens: list[Token]) -> Iterator[tuple[str, list[Token], int]]:
    """Group tokens into (label, values, index where the label begins)
    segments: a label is a run of consecutive text tokens (empty cells
    between them are ignored), values the number/empty tokens that follow it
    up to the next label. Lazy, so callers may stop early."""
    label: list[str] = []
    values: list[Token] = []
    has_number = False  # any(v.kind == "num" for v in values)
    begin = 0
    for i, tok in enumerate(tokens):
        if tok.kind == "text":
            if has_number:
                yield _label(label), values, begin
                label = []
            if not label:
                begin = i
            values = []  # empty cells before a label are layout, not data
            has_number = False
            label.append(tok.value)
        else:
            values.append(tok)
            if tok.kind == "num":
                has_number = True
    yield _label(label), values, begin


def _blank(token: Token) -> bool:
    return token.kind == "empty" and token.value is None


def damaged_row(values: list[Token], width: int) -> int:
    """The number of cells of a TAB/pipe row that has the wrong number of
    them (0 when it has the right number, or is not one such row): its
    cells cannot be told apart by position."""
    # (any/all over a list rather than a generator: the runs are short, and
    # this is asked of every run of every table)
    if not values or not any([v.kind == "num" for v in values]):
        return 0
    if not all([v.tabbed for v in values]) or len({v.line for v in values}) != 1:
        return 0
    cells = list(values)
    while len(cells) > width and _blank(cells[-1]):
        cells.pop()
    while len(cells) > width and _blank(cells[0]):
        cells.pop(0)
    return len(cells) if len(cells) != width else 0


def value_groups(values: list[Token], width: int) -> list[list[Token | None]]:
    """Split one run of values into rows of `width` cells (None = printed
    empty). A run from a single TAB row keeps its cell positions; elsewhere
    stray empty cells at the ends are layout noise."""
    if not any([v.kind == "num" for v in values]):
        return []
    cells = list(values)
    single_row = all([v.tabbed for v in cells]) and len({v.line for v in cells}) == 1
    if single_row:
        while len(cells) > width and _blank(cells[-1]):
            cells.pop()
        while len(cells) > width and _blank(cells[0]):
            cells.pop(0)
    else:
        while cells and _blank(cells[-1]):
            cells.pop()
        while cells and _blank(cells[0]):
            cells.pop(0)
    return [[c if c.kind == "num" else None for c in cells[i:i + width]]
            for i in range(0, len(cells), width)]


