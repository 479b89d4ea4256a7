"""表三 (收到和处理政府信息公开申请情况) read from the token stream.

Row labels are recognised by their keywords in the fixed order of the
format (indexer.parser.table_format) and paired with the groups of numbers
around them; a TAB/pipe row with the wrong number of cells is left out as
damaged rather than mapped by position.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from indexer.parser.table_format import APPLICATION_COLUMNS, ROW_KEYS, ROW_PATTERNS, layout_of
from indexer.parser.table_tokens import NFKC_SIMPLE, Token, damaged_row, segments, value_groups


def best_application_table(tokens: list[Token], report_format: str):
    """(表三 record, (first, last) token index) of the fullest table read
    from the places it seems to start; ({}, (0, 0)) when none is read."""
    # Neither _label's 釆→采 nor the full-width forms' mapping can make or
    # break "本年新收": for simple text the text itself will do. All the
    # labels are tested at once first (the class is one of characters).
    labels = [(i, t.value) for i, t in enumerate(tokens) if t.kind == "text"]
    joined = "\n".join(value for _, value in labels)
    if NFKC_SIMPLE.fullmatch(joined):
        starts = [i for i, value in labels if "本年新收" in value] if "本年新收" in joined else []
    else:
        starts = [i for i, value in labels if "本年新收" in (
            value if NFKC_SIMPLE.fullmatch(value) else unicodedata.normalize("NFKC", value))]
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

    for label, values, begin in segments(tokens[start:start + 5000]):
        end = start + begin
        if "行政复议" in label or "行政诉讼" in label or "复议后起诉" in label:  # 表四's header
            break
        for index in _row_hits(label, last_index):
            last_index = index
            if pending_group is not None:
                assign(index, pending_group)
                pending_group, pending_row = None, None
            else:
                pending_row = index  # a newer label replaces one left without numbers
        wrong = damaged_row(values, len(APPLICATION_COLUMNS)) if pending_row is not None else 0
        zeros = _zeros_but_one(values) if pending_row is not None else None
        if zeros is not None:
            assign(pending_row, zeros)
            pending_row, values = None, []
        elif wrong:
            # a source row that lost or gained cells: mapping them by
            # position would put numbers in the wrong columns
            damaged.append({"row": ROW_KEYS[pending_row], "cells": wrong})
            pending_row, values = None, []
        for group in value_groups(values, len(APPLICATION_COLUMNS)):
            if pending_row is not None:
                if len(group) < len(APPLICATION_COLUMNS) and not any([v.tabbed for v in values]):
                    # fewer numbers than cells and no cell positions to tell
                    # which are blank: never mapped by guesswork
                    damaged.append({"row": ROW_KEYS[pending_row], "cells": len(group)})
                else:
                    assign(pending_row, group)
                pending_row = None
            elif len(group) == len(APPLICATION_COLUMNS):
                pending_group = group  # numbers printed before their wrapped label
        if "carried_forward" in rows:
            break
    if sum(1 for r in rows.values() if r) < 2 and not any(len(r) == len(APPLICATION_COLUMNS) for r in rows.values()):
        # one stray number after "本年新收" is not a table; one whole row
        # (a page cut after it) is
        return {}, end
    layout = layout_of(rows, report_format)
    table = {"layout": layout, "columns": list(APPLICATION_COLUMNS), "rows": rows,
             "missing": missing}
    if damaged:
        table["damaged"] = damaged
    return table, end


def glued_table(rows: dict[str, tuple[int, ...]], report_format: str,
                damaged: list[dict[str, Any]] = ()) -> dict[str, Any]:
    """The 表三 record of rows read from glued digits; `damaged` rows
    ({row, cells}) printed fewer digits than cells and are left out."""
    table = {"layout": layout_of(set(rows) | {d["row"] for d in damaged}, report_format),
             "columns": list(APPLICATION_COLUMNS),
             "rows": {key: dict(zip(APPLICATION_COLUMNS, cells)) for key, cells in rows.items()},
             "missing": []}
    if damaged:
        table["damaged"] = list(damaged)
    return table


@lru_cache(maxsize=4096)
def _row_hits(label: str, last_index: int) -> tuple[int, ...]:
    """Row indexes named in `label`, in reading order, each after the last.
    Remembered: the same labels come back in report after report."""
    if not label:
        return ()
    hits: list[tuple[int, int]] = []
    for index, pattern in ROW_PATTERNS:
        if index <= last_index:
            continue
        m = pattern.search(label)
        if m:
            hits.append((m.start(), index))
    out: list[int] = []
    for _, index in sorted(hits):
        if index > (out[-1] if out else last_index):
            out.append(index)
    return tuple(out)


def _zeros_but_one(values: list[Token]) -> list[Token] | None:
    """The seven cells of a row that printed six zeros and lost one cell, or
    None. The total is the sum of the six applicant columns and no cell is
    negative, so whichever cell was lost, every cell is 0: the one reading
    the table's own arithmetic allows (any other count stays damaged)."""
    if len(values) != len(APPLICATION_COLUMNS) - 1 or any(v.kind != "num" or v.value != 0 for v in values):
        return None  # a printed empty cell (— in a pipe row) is a cell, not a lost one
    return values + [values[-1]]
