"""Statistics tables whose cells lost their separators (表三, 表四, 表二).

A page flattened onto one line prints 表三 rows as one digit run after the
label (`一、本年新收政府信息公开申请数量21710000218` is 217 1 0 0 0 0 218).
Such a run is read back with the table's own arithmetic only: a row's 总计 is
the sum of its applicant columns, the result items add up to （七）总计, and
新收 + 结转 = 办理结果 + 结转下年度; 表四's groups add up to their 总计. A
reading is taken only when it is the single one those sums allow; anything
else leaves the table unreadable, never guessed. Rows that each have one
reading of their own are kept even when the printed rows do not add up to
one another: the consistency checks then report the failure. 表二 has no such sums:
an item is read only where its run can be cut one way at all.
"""
from __future__ import annotations

import functools
import itertools
import re
from typing import Callable, NamedTuple

from indexer.parser.table_format import ACTIVE_COLUMN_RE, ACTIVE_ITEM_RE
from indexer.parser.table_tokens import parse_number

#: Cells are counts: never longer than this many digits.
_MAX_CELL_DIGITS = 7
#: Readings kept per row, and combinations tried across rows, before giving up.
_MAX_READINGS = 64
_MAX_COMBINATIONS = 50_000

_RUN = re.compile(r"[\d \n]*\d")
#: A digit that opens the next label (…0000000 2.其他法律…): an item number.
#: The end of 表四's header, glued to its first cell.
_REVIEW_HEAD_END = re.compile(r"尚未审结[ \u3000]*总[ \u3000]*计")
_ITEM_NUMBER = re.compile(r"\d[.、．](?=[\u4e00-\u9fff“\"])")


class GluedRows(NamedTuple):
    """What `glued_application_rows` read: `rows` {row key: 7 cells} ({} when
    the runs cannot be read for sure, `why` says so), `found` the rows whose
    runs were found, `damaged` [{row, cells}] rows that lost cells."""

    rows: dict[str, tuple[int, ...]]
    why: str
    found: int
    damaged: list[dict]


def readings(run: str, width: int, valid: Callable[[tuple[int, ...]], bool]) -> list[tuple[int, ...]]:
    """Every way to cut the digit run `run` into `width` cells: the single
    way when there is only one, else those that `valid` accepts. Spaces and
    line breaks in the run are cuts every reading keeps; a cell has no
    leading zero (0 itself is a cell) and at most 7 digits. More than 64
    readings count as none (not readable)."""
    pieces = run.split()
    digits = "".join(pieces)
    cuts = set(itertools.accumulate(len(p) for p in pieces[:-1]))

    def cut(limit: int, accept: Callable[[tuple[int, ...]], bool]) -> list[tuple[int, ...]]:
        out: list[tuple[int, ...]] = []

        def walk(at: int, cells: list[int]) -> None:
            left = width - len(cells)
            remaining = len(digits) - at
            if len(out) > limit or remaining < left or remaining > left * _MAX_CELL_DIGITS:
                return
            if left == 0:
                if accept(tuple(cells)):
                    out.append(tuple(cells))
                return
            for size in range(1, min(_MAX_CELL_DIGITS, remaining) + 1):
                end = at + size
                if any(at < c < end for c in cuts) or (size > 1 and digits[at] == "0"):
                    break  # a printed gap is always a cell boundary; no leading zeros
                cells.append(int(digits[at:end]))
                walk(end, cells)
                cells.pop()

        walk(0, [])
        return out

    shapes = cut(1, lambda cells: True)
    if len(shapes) == 1:
        return shapes  # one way to cut it: the numbers are what they are
    found = cut(_MAX_READINGS, valid)
    return found if len(found) <= _MAX_READINGS else []


def row_adds_up(cells: tuple[int, ...]) -> bool:
    """表三: the applicant columns add up to the row's 总计."""
    return sum(cells[:-1]) == cells[-1]


def groups_add_up(cells: tuple[int, ...]) -> bool:
    """表四: each group of five cells ends in the sum of its first four."""
    return all(sum(cells[i:i + 4]) == cells[i + 4] for i in range(0, len(cells), 5))


def is_glued(run: str, width: int) -> bool:
    """A run of cells printed without all their separators."""
    digits = len("".join(run.split()))
    return len(run.split()) < width and width <= digits <= width * _MAX_CELL_DIGITS


_YEAR_TAIL = re.compile(r"(?<=\d)(?:19|20)\d\d$")
#: The rest of a label before its digit run (…申请数量217…).
_LABEL_REST = re.compile(r"[^\d]{0,60}?(?=\d)")


def cell_runs(text: str, labels: list[tuple[str, re.Pattern]]) -> dict[str, str]:
    """{row key: the digit run printed after its label} for rows found in
    `text` in the order of `labels` (key, pattern); a run ends where the next
    label's item number (2.其他法律…) begins."""
    runs: dict[str, str] = {}
    at = 0
    for key, pattern in labels:
        m = pattern.search(text, at)
        if not m:
            continue
        at = m.end()
        nxt = _RUN.match(text, at)
        if not nxt:
            # the run may follow the rest of the label (…申请数量217…)
            gap = _LABEL_REST.match(text, at)
            if not gap:
                continue
            nxt = _RUN.match(text, gap.end())
            if not nxt:
                continue
        run = nxt.group()
        after = text[nxt.end():nxt.end() + 2]
        if _ITEM_NUMBER.match(run[-1:] + after):
            run = run[:-1].rstrip()
        elif after[:1] == "年" and _YEAR_TAIL.search(run):
            # the last row glued to the prose after the table (…继续办理2000002 2025年，我局…):
            # a year followed by 年 is the prose's, not the table's
            run = _YEAR_TAIL.sub("", run).rstrip()
        at = nxt.start() + len(run)
        runs[key] = run
    return runs


def resolve(candidates: dict[str, list[tuple[int, ...]]],
            equations: list[tuple[list[str], list[str]]], width: int) -> dict[str, tuple[int, ...]] | None:
    """The one choice of a reading per row for which every equation holds
    column by column (sum of rows on the left = sum on the right; equations
    naming an absent row are skipped), or None when there is none or more
    than one."""
    keys = list(candidates)
    if any(not candidates[k] for k in keys):
        return None
    usable = [(l, r) for l, r in equations if all(k in candidates for k in l + r)]
    open_keys = [k for k in keys if len(candidates[k]) > 1]
    total = 1
    for k in open_keys:
        total *= len(candidates[k])
        if total > _MAX_COMBINATIONS:
            return None
    found = None
    for choice in itertools.product(*(candidates[k] for k in open_keys)):
        chosen = {k: candidates[k][0] for k in keys}
        chosen.update(zip(open_keys, choice))
        if all(sum(chosen[k][c] for k in left) == sum(chosen[k][c] for k in right)
               for left, right in usable for c in range(width)):
            if found is not None:
                return None  # two readings fit: never guess
            found = chosen
    return found


@functools.lru_cache(maxsize=8)
def _flat_labels(rows: tuple[tuple[str, str], ...]) -> list[tuple[str, re.Pattern]]:
    """(key, compiled label) of each row, once per format's rows (`re`'s own
    cache was asked ~28 times a report)."""
    return [(key, _flat_label(key, pattern)) for key, pattern in rows]


def _flat_label(key: str, pattern: str) -> re.Pattern:
    # "3.其他" is a label only where it stands alone: in flattened text, right
    # after its item number and right before its digits
    if key == "other_other":
        return re.compile(r"\d[.、．]\s*其他(?=[\s\d])")
    return re.compile(pattern)


def glued_application_rows(text: str, rows: tuple[tuple[str, str], ...],
                           item_rows: Callable[[set[str]], list[str]]) -> GluedRows | None:
    """表三 rows read from glued digit runs, or None when the text holds no
    glued 表三 at all (no row's run lacks its separators).

    `rows` are the format's (key, label pattern) in printed order;
    `item_rows(keys)` gives the result items (（一）…（六）) of the layout
    the found keys show, for the 总计 equation. A row printing fewer digits
    than cells lost a cell on the page: it is damaged, left out (never
    padded), and the other rows are read without it."""
    start = text.find("本年新收")
    if start < 0:
        return None
    end = min((i for i in (text.find("复议后起诉", start), text.find("五、", start)) if i > 0), default=len(text))
    labels = _flat_labels(rows)
    runs = {k: r for k, r in cell_runs(text[start:end], labels).items() if r.strip()}
    if not any(is_glued(run, 7) for run in runs.values()):
        return None
    printed = {key: "".join(run.split()) for key, run in runs.items()}
    # six zeros for seven cells: the total is the others' sum and no cell is
    # negative, so every cell is 0 whichever was lost (the one reading)
    zeros = {key for key, digits in printed.items() if digits == "0" * 6}
    damaged = [{"row": key, "cells": len(digits)} for key, digits in printed.items()
               if len(digits) < 7 and key not in zeros]
    lost = {d["row"] for d in damaged}
    candidates = {key: ([(0,) * 7] if key in zeros else readings(run, 7, row_adds_up))
                  for key, run in runs.items() if key not in lost}
    unread = [key for key, found in candidates.items() if not found]
    if unread and len(unread) < len(candidates):
        # a row no reading of which adds up (its printed total is not its cells' sum) is
        # damaged like a row that lost a cell: left out, and the other rows are read without it
        damaged += [{"row": key, "cells": len(printed[key]), "why": "no reading that adds up"} for key in unread]
        lost |= set(unread)
        candidates = {key: found for key, found in candidates.items() if key not in lost}
    elif unread:
        return GluedRows({}, f"表三 digits printed without separators cannot be read for sure (row {unread[0]})",
                         len(runs), damaged)
    items = item_rows(set(candidates) | lost)
    equations = [(items, ["result_total"]), (["received", "carried_over"], ["result_total", "carried_forward"])]
    chosen = resolve(candidates, equations, 7)
    if chosen is None and all(len(found) == 1 for found in candidates.values()):
        # each row read one way by its own sum (3000003 is 3 0 0 0 0 0 3),
        # but the rows do not add up as printed: the cells are sure, and the
        # consistency checks report what does not add up
        return GluedRows({key: found[0] for key, found in candidates.items()}, "", len(runs), damaged)
    if chosen is None:
        return GluedRows({}, "表三 digits printed without separators allow more than one reading, "
                             "or none that adds up", len(runs), damaged)
    return GluedRows(chosen, "", len(runs), damaged)


def glued_review_cells(text: str) -> tuple[tuple[int, ...] | None, str] | None:
    """表四's 15 cells read from one glued digit run after its header:
    (cells, "") when the one reading is sure, (None, why) when not, None
    when the text holds no glued 表四."""
    heads = list(_REVIEW_HEAD_END.finditer(text))
    after = text.find("复议后起诉")
    if not heads or after < 0 or heads[-1].start() < after:
        return None
    m = _RUN.match(text, heads[-1].end())
    if not m or not is_glued(m.group(), 15):
        return None
    found = readings(m.group(), 15, groups_add_up)
    if len(found) != 1:
        return None, "表四 digits printed without separators allow more than one reading, or none that adds up"
    return found[0], ""


#: Where 表二 ends: 表三's first row or part heading.
_ACTIVE_END = re.compile(r"本年新收|收到和处理政府信息公开申请|[三四]、依申请")
#: A number glued to the item label before it (行政事业性收费18651.06); a
#: sign inside the run stays in it, so signed cells are never cut short.
_GLUED_VALUE = re.compile(r"[+-]?\d[\d.,+-]*")


def glued_active_items(text: str) -> tuple[dict[str, dict], str] | None:
    """表二 items read from digit runs glued to their labels (规章000,
    行政事业性收费18651.06): ({item: {column: number}}, why) where `why`
    names the items left out ("" when none), or None when no item label in
    表二 has its digits glued to it.

    表二 has no arithmetic to settle a split (现行有效 is not 制发 − 废止 of
    one year), so an item is read only when its run can be cut one way:
    a single column takes the whole number; several columns need as many
    digits as cells, or a cut that no leading zero rules out."""
    start = text.find("第二十条")
    if start < 0:
        start = text.find("信息内容")
    if start < 0:
        return None
    end_match = _ACTIVE_END.search(text, start)
    region = text[start:end_match.start() if end_match else min(len(text), start + 4000)]
    cut = "第二十条" if "第二十条" in region else "信息内容"
    items: dict[str, dict] = {}
    unread: list[str] = []
    glued_any = False
    for block in (cut + b for b in region.split(cut)[1:]):
        labels = list(ACTIVE_ITEM_RE.finditer(block))
        if not labels:
            continue
        header = block[:labels[0].start()]
        if "信息内容" not in header:
            continue  # 第二十条 quoted in prose, not a table's header
        columns = [m.lastgroup for m in ACTIVE_COLUMN_RE.finditer(header)]
        for label in labels:
            run = _GLUED_VALUE.match(block, label.end())
            if not run or not columns:
                continue
            glued_any = True
            cells = _active_cells(run.group().rstrip(".,"), len(columns))
            if cells is None:
                unread.append(label.lastgroup)
                continue
            row = dict(zip(columns, cells))
            if "amount" in row and "万元" in header:
                row["amount_unit"] = "万元"
            items[label.lastgroup] = row
    if not glued_any:
        return None
    why = (f"表二 digits printed without separators cannot be read for sure (item {', '.join(unread)})"
           if unread else "")
    return items, why


def _active_cells(run: str, width: int) -> tuple[int | float, ...] | None:
    """The cells of one 表二 item's glued run, or None without one sure reading."""
    if width == 1:
        number = parse_number(run)
        return (number[0],) if number else None
    if not run.isdigit():
        return None  # a sign or decimal point inside several cells: no sure cut
    found = readings(run, width, lambda cells: False)
    return found[0] if len(found) == 1 else None
