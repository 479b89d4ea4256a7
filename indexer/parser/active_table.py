"""表二 (主动公开政府信息情况) read from the token stream: each item's row
under the column header (信息内容 本年制发件数 …) that comes before it."""
from __future__ import annotations

from typing import Any

from indexer.parser.table_format import ACTIVE_COLUMN_RE, ACTIVE_ITEM_RE
from indexer.parser.table_tokens import Token, segments, value_groups


def _starts_active(label: str) -> bool:
    """Whether a label opens 表二 (第二十条 or its header's 信息内容): two
    substring tests, cheaper than one alternation's search on every label."""
    return "第二十条" in label or "信息内容" in label


def active_table(tokens: list[Token], before: int) -> dict[str, Any]:
    """表二 items as {item: {column: number}}, read before 表三."""
    start = next((i for i in range(before)
                  if tokens[i].kind == "text" and _starts_active(tokens[i].value)), None)
    if start is None:
        return {}
    active: dict[str, Any] = {}
    columns: list[str] = []
    unit = ""
    for label, values, _ in segments(tokens[start:before]):
        items = list(ACTIVE_ITEM_RE.finditer(label))
        head_end = items[-1].start() if items else len(label)
        head_at = label.rfind("信息内容", 0, head_end)
        if head_at >= 0:
            header = label[head_at:head_end]
            columns = [m.lastgroup for m in ACTIVE_COLUMN_RE.finditer(header)]
            unit = "万元" if "万元" in header else ""
        groups = value_groups(values, max(len(columns), 1) if items else 99)
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
