"""表四 (行政复议、行政诉讼情况) read from the token stream: its 15 cells
(three groups of five) after its header."""
from __future__ import annotations

import re
from typing import Any

from indexer.parser.table_format import REVIEW_CELLS, REVIEW_GROUPS
from indexer.parser.table_tokens import Token, damaged_row, segments, value_groups

_REVIEW_END = re.compile(r"^[五六七]、|存在的主要问题|改进情况")


def review_table(tokens: list[Token], from_index: int) -> dict[str, Any]:
    """表四 as {group: {cell: number}}, its 15 cells read after its header
    (复议后起诉) from token `from_index` on; {} when not found,
    {"damaged": [{"row": "all", "cells": n}]} when its one TAB/pipe row has
    n cells instead of 15."""
    start = next((i for i in range(from_index, len(tokens))
                  if tokens[i].kind == "text" and ("复议后起诉" in tokens[i].value or "未经复议" in tokens[i].value)), None)
    if start is None:
        return {}
    cells: list[Token | None] = []
    for label, values, _ in segments(tokens[start:]):
        if cells and _REVIEW_END.search(label):
            break
        wrong = 0 if cells else damaged_row(values, len(REVIEW_GROUPS) * len(REVIEW_CELLS))
        if wrong:
            return {"damaged": [{"row": "all", "cells": wrong}]}
        for group in value_groups(values, len(REVIEW_GROUPS) * len(REVIEW_CELLS)):
            cells.extend(group)
        if len(cells) >= 15:
            break
    if sum(c is not None for c in cells) < 5:
        return {}
    return reviews_from_cells([c.value if c is not None else None for c in (cells + [None] * 15)[:15]])


def reviews_from_cells(cells: list[int | float | None]) -> dict[str, Any]:
    """{group: {cell: number}} of 15 cells in printed order (None: empty)."""
    reviews: dict[str, Any] = {}
    for g, group in enumerate(REVIEW_GROUPS):
        reviews[group] = {name: cells[g * 5 + c]
                          for c, name in enumerate(REVIEW_CELLS) if cells[g * 5 + c] is not None}
    return reviews

