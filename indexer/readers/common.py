"""What every format reader shares: the `Document` it returns, Chinese-character
matching, newline/control-character clean-up and the TAB-joined table rows
that HTML, .docx and PDF tables all come out as."""
from __future__ import annotations

import re
from dataclasses import dataclass

CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
CJK_RE = re.compile(f"[{CJK}]")
#: a table is cut to this many grid columns
MAX_COLUMNS = 200


@dataclass
class Document:
    """What one report file says. `encoding` only for text-like files."""

    text: str
    kind: str
    encoding: str = ""
    title: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) stated by the page, else ""
    canonical_url: str = ""  # <link rel=canonical> / og:url as written, else ""
    content_hash: str = ""  # sha256 hex of the file's bytes
    ocr: bool = False  # the text was recognised from page images (less certain)


def clean_text(text: str) -> str:
    """Normalise newlines and drop control characters (keeping TAB and newline)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\ufeff", "")
    return _CONTROL.sub("", text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def join_cell(parts: list[str]) -> str:
    """Join the lines of one table cell: no space between Chinese characters
    (vertical headers are one character per line), a space otherwise."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (CJK_RE.match(out[-1]) or CJK_RE.match(part[0])):
            out += " "
        out += part
    return out.replace("\t", " ")


def grid_lines(rows: list[list[tuple[str, int, int]]]) -> list[str]:
    """Lay out rows of (text, rowspan, colspan) cells on a grid, one TAB-joined
    line per row. A merged cell's text sits in its top-left grid position and
    the other positions it covers are left empty, so every column stays aligned
    (a parser can split on TAB and index columns). Trailing empty cells and
    rows with no text are dropped; columns past `MAX_COLUMNS` are cut."""
    covered: list[int] = []  # per column: rows still covered by a cell from above, this one included
    lines = []
    for cells in rows:
        line: list[str] = []
        c = 0
        for text, rowspan, colspan in cells:
            while c < len(covered) and covered[c] > 0:
                line.append("")
                c += 1
            colspan = min(colspan, MAX_COLUMNS - c)
            if colspan <= 0:
                break
            line += [text] + [""] * (colspan - 1)
            covered += [0] * (c + colspan - len(covered))
            for k in range(c, c + colspan):
                covered[k] = rowspan
            c += colspan
        covered = [max(0, n - 1) for n in covered]
        joined = "\t".join(line).rstrip("\t")
        if joined.strip():
            lines.append(joined)
    return lines
