"""Statistics tables (表二/表三/表四) as numbers with stable keys.

Tables reach us in many shapes: TAB-joined rows (HTML, Word, pdfplumber),
one cell per line, Markdown pipes, or space-separated PDF text where a
wrapped label may even come *after* its numbers. Rather than trusting line
structure, the text is cut into a stream of tokens (label text, numbers,
empty cells); row labels are recognised by their keywords in the fixed
order of the State Council format, and groups of numbers are paired with
them. See `extract_tables` for the shape returned.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

from indexer.parser.glued import glued_application_rows, glued_review_cells

APPLICANT_COLUMNS = ("natural_person", "commercial", "research", "public_interest",
                     "legal_services", "other")
APPLICATION_COLUMNS = APPLICANT_COLUMNS + ("total",)
REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_CELLS = ("upheld", "corrected", "other", "pending", "total")

#: 表三 rows in the order the format prints them, with the keywords that
#: identify each label (distinctive fragments, so that broken or slightly
#: mistyped labels such as "其他法律行政止公开" are still recognised).
APPLICATION_ROWS: tuple[tuple[str, str], ...] = (
    ("received", r"本年新收"),
    ("carried_over", r"上年结转"),
    ("disclosed", r"予以公开"),
    ("partly_disclosed", r"部分公开"),
    ("withheld_state_secret", r"国家秘密"),
    ("withheld_law_prohibited", r"其他法律|法规禁止"),
    ("withheld_security_stability", r"三安全|一稳定"),
    ("withheld_third_party", r"第三方"),
    ("withheld_internal_affairs", r"内部事务"),
    ("withheld_process_info", r"过程性"),
    ("withheld_enforcement_file", r"执法案卷"),
    ("withheld_inquiry", r"查询事项"),
    ("unable_not_held", r"不掌握"),
    ("unable_needs_creation", r"另行制作|没有现成"),
    ("unable_unclear", r"仍不明确|补正后申请"),
    ("not_processed_petition", r"信访|举报投诉"),
    ("not_processed_repeated", r"重复申请"),
    ("not_processed_publication", r"出版物"),
    ("not_processed_excessive", r"大量反复"),
    ("not_processed_confirmation", r"重新出具|确认或重"),
    ("other_processing", r"其他处理"),
    ("other_overdue_correction", r"不补正"),
    ("other_overdue_fee", r"缴纳费用|收费通知"),
    # "3.其他" alone: only a bare label, never "其他" inside a longer one
    ("other_other", r"(?:^|[\d)）.、．])其他$"),
    ("result_total", r"总计|总\s*计"),
    ("carried_forward", r"结转下年|下年度继续"),
)
ROW_KEYS = tuple(key for key, _ in APPLICATION_ROWS)
_ROW_PATTERNS = [(i, re.compile(p)) for i, (_, p) in enumerate(APPLICATION_ROWS)]
ROWS_2019 = tuple(k for k in ROW_KEYS if not k.startswith("other_") or k == "other_processing")
ROWS_2021 = tuple(k for k in ROW_KEYS if k != "other_processing")

#: 表二 items and columns.
ACTIVE_ITEMS: tuple[tuple[str, str], ...] = (
    ("normative_documents", r"规范性文件"),
    ("regulations", r"规章"),
    ("other_services", r"其他对外管理服务"),
    ("licensing", r"行政许可"),
    ("punishment", r"行政处罚"),
    ("coercion", r"行政强制"),
    ("fees", r"事业性收费"),
    ("procurement", r"集中采购|政府采购"),
)
_ACTIVE_ITEM_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in ACTIVE_ITEMS))
ACTIVE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("new_made", r"新制作"),
    ("new_published", r"新公开"),
    ("total_published", r"对外公开总"),
    ("previous_year", r"上一年项目数量|上一年"),
    ("change", r"增\s*/\s*减|增减"),
    ("decisions", r"处理决定"),
    ("issued", r"制发"),
    ("repealed", r"废止"),
    ("in_force", r"现行有效"),
    ("count", r"项目数量"),
    ("amount", r"金额"),
)
_ACTIVE_COLUMN_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in ACTIVE_COLUMNS))

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_PAGE_FOOTER = re.compile(r"^\s*(?:[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
#: What every _PAGE_FOOTER line holds: texts without it skip the line test.
_FOOTER_CORE = re.compile(r"[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页")
_NUMBER = re.compile(r"^([+-]?)(\d[\d,]{0,14}(?:\.\d{1,6})?)(万元|亿元|元|件|条|项|个|次)?$")
_DASH_CELL = re.compile(r"^[-—–－/／\\]+$")
_MD_SEPARATOR = re.compile(r"[|\s:\-—]+")
_REVIEW_HEADER = re.compile(r"行政复议|行政诉讼|复议后起诉")
_REVIEW_START = re.compile(r"复议后起诉|未经复议")
_REVIEW_END = re.compile(r"^[五六七]、|存在的主要问题|改进情况")
_ACTIVE_START = re.compile(r"第二十条|信息内容")


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
_NFKC_SIMPLE = re.compile(
    r"[\x00-\x7f\u4e00-\u9fff\u3001\u3002\u3014\u3015\u2014\u2022\u2192"
    r"\u2018-\u201d\u3008-\u3011\uff01-\uff5e]*"
)
_FULLWIDTH_FORM = re.compile("[\uff01-\uff5e]")
_FULLWIDTH_ASCII = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), without the (slow) call for the
    usual label and number text."""
    if _NFKC_SIMPLE.fullmatch(text):
        return text.translate(_FULLWIDTH_ASCII) if _FULLWIDTH_FORM.search(text) else text
    return unicodedata.normalize("NFKC", text)


@dataclass(slots=True)
class Token:
    """One piece of table text: kind is "text", "num" or "empty"."""

    kind: str
    value: Any
    line: int
    tabbed: bool  # came from a TAB/pipe row, where cell positions mean something
    unit: str = ""


def extract_tables(text: str, report_format: str = "") -> dict[str, Any]:
    """Find the statistics tables in normalised report text.

    Returns a dict holding whichever of these could be read (absent keys mean
    the table was not found; never raises on odd input):
"unreadable" {table: why} for a table whose cells could not be read for
sure (digits glued without a unique reading, see indexer.parser.glued; a
表四 row with the wrong number of cells). 表三 rows whose TAB/pipe row has
the wrong number of cells are left out of "rows" and listed in its
"damaged" [{row, cells}], so no check runs on them.
    "applications" (表三) {"layout", "columns", "rows" {row: {column: number}},
    "missing" [row.column cells printed empty]}, "reviews" (表四) {group: {cell:
    number}}, "active" (表二) {item: {column: number, "amount_unit"?}}.
    `report_format` ("2019"/"2021") only breaks ties when the rows found do
    not show the layout.
    """
    if not isinstance(text, str) or not text.strip():
        return {}
    tokens = tokenize(text)
    tables: dict[str, Any] = {}
    applications, app_span = _best_application_table(tokens, report_format)
    unreadable: dict[str, str] = {}
    glued = glued_application_rows(text, APPLICATION_ROWS, _layout_items)
    read = sum(1 for row in (applications.get("rows") or {}).values() if len(row) == len(APPLICATION_COLUMNS)) if applications else 0
    if glued is not None and read < glued[2]:
        # only where the usual reading could not read as many rows whole
        rows, unreadable["applications"], _ = glued
        applications = _glued_table(rows, report_format) if rows else {}
    if applications:
        tables["applications"] = applications
    reviews = _review_table(tokens, app_span[1] if applications else 0)
    glued_reviews = glued_review_cells(text)
    if glued_reviews is not None:
        cells, unreadable["reviews"] = glued_reviews
        reviews = _reviews_from_cells(cells) if cells else {}
    if reviews.get("damaged"):
        cells = reviews["damaged"][0]["cells"]
        unreadable["reviews"] = f"表四 row damaged: {cells} cells where 15 are expected; left out of the checks"
        reviews = {}
    if reviews:
        tables["reviews"] = reviews
    active = _active_table(tokens, app_span[0] if applications else len(tokens))
    if active:
        tables["active"] = active
    unreadable = {name: why for name, why in unreadable.items() if why}
    if unreadable:
        tables["unreadable"] = unreadable
    return tables


def table_warnings(tables: dict[str, Any]) -> list[str]:
    """What `extract_tables` could not read: tables left out (their
    reason) and damaged rows left out of 表三."""
    out = [f"table {name} unreadable: {why}" for name, why in (tables.get("unreadable") or {}).items()]
    for damaged in (tables.get("applications") or {}).get("damaged") or []:
        out.append(f"表三 row {damaged['row']} damaged: {damaged['cells']} cells where "
                   f"{len(APPLICATION_COLUMNS)} are expected; left out of the checks")
    return out


# --- tokens -----------------------------------------------------------------

def tokenize(text: str) -> list[Token]:
    """Cut text into label / number / empty-cell tokens, line by line."""
    tokens: list[Token] = []
    append = tokens.append
    if "[bookmark:" in text:
        text = _BOOKMARK.sub("", text)
    footers = _FOOTER_CORE.search(text) is not None
    for lineno, raw in enumerate(text.splitlines()):
        if footers and _PAGE_FOOTER.match(raw):
            continue
        known = _LINE_PIECES.get(raw)
        if known is None:
            known = _line_pieces(raw)
            if len(raw) <= 60:
                if len(_LINE_PIECES) >= 20_000:
                    _LINE_PIECES.clear()
                _LINE_PIECES[raw] = known
        tabbed, pieces = known
        for kind, value, unit in pieces:
            append(Token(kind, value, lineno, tabbed, unit))
    return tokens


#: line -> what `_line_pieces` says of it, for the short lines (table rows,
#: labels, numbers) that recur from report to report; cleared when full.
_LINE_PIECES: dict[str, tuple[bool, list[tuple[str, Any, str]]]] = {}


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
        elif len(pieces) > 1 and all(_parse_number(p) for p in pieces):
            out.extend(_piece_kind(piece) for piece in pieces)
        else:
            out.append(_piece_kind("".join(pieces)))
    return tabbed, out


#: piece -> (kind, value, unit), for the short pieces that recur from report
#: to report (row labels, small numbers); bounded by clearing when full.
_PIECE_KINDS: dict[str, tuple[str, Any, str]] = {}


def _piece_kind(piece: str) -> tuple[str, Any, str]:
    known = _PIECE_KINDS.get(piece)
    if known is not None:
        return known
    number = _parse_number(piece)
    if number:
        known = ("num", number[0], number[1])
    elif _DASH_CELL.match(piece):
        # a printed placeholder: keeps its place, unlike a blank cell
        known = ("empty", piece, "")
    else:
        known = ("text", piece, "")
    if len(piece) <= 40:
        if len(_PIECE_KINDS) >= 20_000:
            _PIECE_KINDS.clear()
        _PIECE_KINDS[piece] = known
    return known


def _parse_number(piece: str) -> tuple[int | float, str] | None:
    if piece.isascii():
        m = _NUMBER.match(piece)  # NFKC leaves ASCII as it is
    elif _NOT_A_NUMBER.search(piece):
        return None
    else:
        m = _NUMBER.match(_nfkc(piece).replace("，", ","))
    if not m:
        return None
    digits = m.group(2).replace(",", "")
    value: int | float = float(digits) if "." in digits else int(digits)
    return (-value if m.group(1) == "-" else value), (m.group(3) or "")


def _label(parts: list[str]) -> str:
    return _nfkc("".join(parts)).replace("釆", "采")


def _segments(tokens: list[Token]) -> Iterator[tuple[str, list[Token], int]]:
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


def _damaged_row(values: list[Token], width: int) -> int:
    """The number of cells of a TAB/pipe row that has the wrong number of
    them (0 when it has the right number, or is not one such row): its
    cells cannot be told apart by position."""
    if not values or not any(v.kind == "num" for v in values):
        return 0
    if not all(v.tabbed for v in values) or len({v.line for v in values}) != 1:
        return 0
    cells = list(values)
    while len(cells) > width and _blank(cells[-1]):
        cells.pop()
    while len(cells) > width and _blank(cells[0]):
        cells.pop(0)
    return len(cells) if len(cells) != width else 0


def _value_groups(values: list[Token], width: int) -> list[list[Token | None]]:
    """Split one run of values into rows of `width` cells (None = printed
    empty). A run from a single TAB row keeps its cell positions; elsewhere
    stray empty cells at the ends are layout noise."""
    if not any(v.kind == "num" for v in values):
        return []
    cells = list(values)
    single_row = all(v.tabbed for v in cells) and len({v.line for v in cells}) == 1
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


# --- 表三 -------------------------------------------------------------------

def _best_application_table(tokens: list[Token], report_format: str):
    """Parse 表三 from every place it seems to start; keep the fullest."""
    # Neither _label's 釆→采 nor the full-width forms' mapping can make or
    # break "本年新收": for simple text the text itself will do.
    starts = [i for i, t in enumerate(tokens)
              if t.kind == "text" and "本年新收" in (
                  t.value if _NFKC_SIMPLE.fullmatch(t.value) else unicodedata.normalize("NFKC", t.value))]
    best: dict[str, Any] = {}
    span = (0, 0)
    for start in starts[:4]:
        table, end = _application_table(tokens, start, report_format)
        if table and len(table["rows"]) > len(best.get("rows", {})):
            best, span = table, (start, end)
    return best, span


def _application_table(tokens: list[Token], start: int, report_format: str):
    rows: dict[str, dict[str, int | float]] = {}
    missing: list[str] = []
    damaged: list[dict[str, Any]] = []
    last_index = -1
    pending_row: int | None = None
    pending_group: list[Token | None] | None = None
    end = start

    def assign(index: int, group: list[Token | None]) -> None:
        key = ROW_KEYS[index]
        cells = list(group) + [None] * (len(APPLICATION_COLUMNS) - len(group))
        rows[key] = {}
        for column, cell in zip(APPLICATION_COLUMNS, cells):
            if cell is None:
                missing.append(f"{key}.{column}")
            else:
                rows[key][column] = cell.value

    for label, values, begin in _segments(tokens[start:start + 5000]):
        end = start + begin
        if _REVIEW_HEADER.search(label):
            break
        for index in _row_hits(label, last_index):
            last_index = index
            if pending_group is not None:
                assign(index, pending_group)
                pending_group, pending_row = None, None
            else:
                pending_row = index  # a newer label replaces one left without numbers
        wrong = _damaged_row(values, len(APPLICATION_COLUMNS)) if pending_row is not None else 0
        if wrong:
            # a source row that lost or gained cells: mapping them by
            # position would put numbers in the wrong columns
            damaged.append({"row": ROW_KEYS[pending_row], "cells": wrong})
            pending_row, values = None, []
        for group in _value_groups(values, len(APPLICATION_COLUMNS)):
            if pending_row is not None:
                assign(pending_row, group)
                pending_row = None
            elif len(group) == len(APPLICATION_COLUMNS):
                pending_group = group  # numbers printed before their wrapped label
        if "carried_forward" in rows:
            break
    if sum(1 for r in rows.values() if r) < 2:
        return {}, end  # one stray number after "本年新收" is not a table
    layout = _layout_of(rows, report_format)
    table = {"layout": layout, "columns": list(APPLICATION_COLUMNS), "rows": rows,
             "missing": missing}
    if damaged:
        table["damaged"] = damaged
    return table, end


def _layout_of(keys, report_format: str) -> str:
    if any(k in keys for k in ("other_overdue_correction", "other_overdue_fee", "other_other")):
        return "2021"
    if "other_processing" in keys:
        return "2019"
    return "2021" if report_format == "2021" else "2019"


def _layout_items(keys) -> list[str]:
    """The result item rows (（一）…（六）) of the layout `keys` show."""
    order = ROWS_2021 if _layout_of(keys, "") == "2021" else ROWS_2019
    return list(order[order.index("disclosed"):order.index("result_total")])


def _glued_table(rows: dict[str, tuple[int, ...]], report_format: str) -> dict[str, Any]:
    """The 表三 record of rows read from glued digits."""
    return {"layout": _layout_of(rows, report_format), "columns": list(APPLICATION_COLUMNS),
            "rows": {key: dict(zip(APPLICATION_COLUMNS, cells)) for key, cells in rows.items()},
            "missing": []}


def _row_hits(label: str, last_index: int) -> list[int]:
    """Row indexes named in `label`, in reading order, each after the last."""
    if not label:
        return []
    hits: list[tuple[int, int]] = []
    for index, pattern in _ROW_PATTERNS:
        if index <= last_index:
            continue
        m = pattern.search(label)
        if m:
            hits.append((m.start(), index))
    out: list[int] = []
    for _, index in sorted(hits):
        if index > (out[-1] if out else last_index):
            out.append(index)
    return out


# --- 表四 -------------------------------------------------------------------

def _review_table(tokens: list[Token], from_index: int) -> dict[str, Any]:
    """The 15 cells of 表四, read after its header (复议后起诉)."""
    start = next((i for i in range(from_index, len(tokens))
                  if tokens[i].kind == "text" and _REVIEW_START.search(tokens[i].value)), None)
    if start is None:
        return {}
    cells: list[Token | None] = []
    for label, values, _ in _segments(tokens[start:]):
        if cells and _REVIEW_END.search(label):
            break
        wrong = 0 if cells else _damaged_row(values, len(REVIEW_GROUPS) * len(REVIEW_CELLS))
        if wrong:
            return {"damaged": [{"row": "all", "cells": wrong}]}
        for group in _value_groups(values, len(REVIEW_GROUPS) * len(REVIEW_CELLS)):
            cells.extend(group)
        if len(cells) >= 15:
            break
    if sum(c is not None for c in cells) < 5:
        return {}
    return _reviews_from_cells([c.value if c is not None else None for c in (cells + [None] * 15)[:15]])


def _reviews_from_cells(cells: list[int | float | None]) -> dict[str, Any]:
    reviews: dict[str, Any] = {}
    for g, group in enumerate(REVIEW_GROUPS):
        reviews[group] = {name: cells[g * 5 + c]
                          for c, name in enumerate(REVIEW_CELLS) if cells[g * 5 + c] is not None}
    return reviews


# --- 表二 -------------------------------------------------------------------

def _active_table(tokens: list[Token], before: int) -> dict[str, Any]:
    """表二 items as {item: {column: number}}, read before 表三."""
    start = next((i for i in range(before)
                  if tokens[i].kind == "text" and _ACTIVE_START.search(tokens[i].value)), None)
    if start is None:
        return {}
    active: dict[str, Any] = {}
    columns: list[str] = []
    unit = ""
    for label, values, _ in _segments(tokens[start:before]):
        items = list(_ACTIVE_ITEM_RE.finditer(label))
        head_end = items[-1].start() if items else len(label)
        head_at = label.rfind("信息内容", 0, head_end)
        if head_at >= 0:
            header = label[head_at:head_end]
            columns = [m.lastgroup for m in _ACTIVE_COLUMN_RE.finditer(header)]
            unit = "万元" if "万元" in header else ""
        groups = _value_groups(values, max(len(columns), 1) if items else 99)
        if not items or not groups:
            continue
        item = items[-1].lastgroup
        row = {col: cell.value for col, cell in zip(columns, groups[0]) if cell is not None}
        amount_units = {cell.unit for col, cell in zip(columns, groups[0])
                        if cell is not None and col == "amount" and cell.unit}
        if "amount" in row and (amount_units or unit):
            row["amount_unit"] = amount_units.pop() if amount_units else unit
        if row:
            active[item] = row
    return active
