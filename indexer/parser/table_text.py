"""Which lines of a report's text are statistics-table text.

The tables are read into numbers (indexer.parser.tables); their text — row
labels, column headers, cells — is not prose, and a search that indexes it
as prose matches every 2019+ report on 予以公开 or 行政复议. `prose_text`
gives a section's text without it, in every shape tables arrive in: TAB or
pipe rows, one cell per line after a table's header, and tables flattened
into one line of glued labels and digits.
"""
from __future__ import annotations

import re

#: Where a statistics table begins: 表二's first header, 表三's note and
#: header, 表四's header.
_TABLE_START = re.compile(
    r"第二十条第[（(]一[)）]项|[（(]本列数据的勾稽关系|申请人情况|行政复议\s*行政诉讼|本年新收政府信息公开申请数量"
)
#: A line that is a sentence of prose: it ends a sentence or is long.
_SENTENCE = re.compile(r"[。！？!?；;]\s*$")
_PIPE_ROW = re.compile(r"\|.*\|")
_NUMBERING = re.compile(r"[一二三四五六七八九十（）()\d、.．\s]*")


def is_table_row(line: str) -> bool:
    """A TAB-joined or pipe row (Markdown or plain)."""
    return "\t" in line or bool(_PIPE_ROW.search(line))


def prose_text(text: str) -> str:
    """`text` without its table text: table rows, the short label and cell
    lines that follow a table's header up to the next sentence of prose, and
    a line that a table was flattened into (from where the table starts).
    Never raises; text without tables comes back unchanged."""
    if not text:
        return ""
    out: list[str] = []
    in_table = False
    for line in text.split("\n"):
        stripped = line.strip()
        if is_table_row(line):
            in_table = True
            continue
        start = _TABLE_START.search(stripped)
        if start:
            head = stripped[:start.start()].rstrip()
            if head and not _NUMBERING.fullmatch(head):  # 一、 before a row label is the row's
                out.append(head)
            in_table = True
            continue
        if in_table and stripped and len(stripped) <= 60 and not _SENTENCE.search(stripped):
            continue  # a label or a cell of the table read one per line
        in_table = in_table and not stripped
        out.append(line)
    return "\n".join(out).strip("\n")
