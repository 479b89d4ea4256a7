"""Finding the report's parts (一、总体情况 … 六、其他需要报告的事项).

A line is taken as a section heading only when three things agree: its
wording names a part (keywords), its numbering is a top-level one (一、,
第一部分, or an Arabic numeral standing alone on the line), and it comes
after the part found before it. That keeps numbered items inside a part
((一), 1., 2、全年…) and table rows (一、本年新收…) out of the headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.model import STANDARD_SECTIONS, Section

_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}

#: Wording -> standard number, tried in order (复议 before 申请: "因申请行政复议").
#: "fees" is the old-format 收费及减免 part, which has no standard number.
_RULES: list[tuple[int | str, re.Pattern]] = [
    (6, re.compile(r"^(?:其他|其它)|需要(?:报告|说明)|说明的(?:其他|其它)?事项")),
    (4, re.compile(r"复议|诉讼|申诉")),
    (5, re.compile(r"问题|不足|困难|改进|下一步|下步|打算|整改|努力方向|工作计划|工作思路|措施")),
    ("fees", re.compile(r"收费|减免")),
    (3, re.compile(r"依申请|申请")),
    (2, re.compile(r"主动公开")),
    (1, re.compile(r"总体|概述|概况|基本情况|总述")),
]

_HEADING = re.compile(
    r"^(?P<num>第(?P<part>[一二三四五六七八九十]{1,2})部分[、，,:：.．\s]*"
    r"|(?P<cn>[一二三四五六七八九十]{1,2})\s*[、.．，,]\s*"
    r"|(?P<ar>\d{1,2})\s*[、.．](?!\d)\s*)?"
    r"(?P<title>[^\s。；;：:，,！!？?\t|]{2,40})(?P<rest>.*)$"
)
_HEADING_END = re.compile(r"(?:情况|事项|措施|问题|概述|概况|打算|其他|其它|举措|计划|不足|困难)$")
_DIGIT = re.compile(r"\d")
#: Rows of the statistics tables that look like headings.
_TABLE_ROW = re.compile(r"^(?:本年新收|上年结转|本年度办理结果|结转下年度|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计)")


def cn_number(s: str) -> int:
    """一..九十九 as an int (0 when not a Chinese numeral)."""
    if not s:
        return 0
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS.get(s[1:], 0)
    if len(s) == 2 and s[1] == "十":
        return _CN_DIGITS.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_DIGITS.get(s[0], 0) * 10 + _CN_DIGITS.get(s[2], 0)
    return _CN_DIGITS.get(s, 0) if len(s) == 1 else 0


@lru_cache(maxsize=8192)
def classify_heading(title: str) -> int | str | None:
    """The standard number (1-6) a heading's wording names, "fees" for the
    old-format 收费及减免 part, or None when the wording names no part."""
    for number, pattern in _RULES:
        if pattern.search(title):
            return number
    return None


@dataclass
class _Heading:
    line_no: int
    number: int | None
    title: str
    ordinal: int
    rest: str


#: The six standard titles as written whole, for a heading run straight
#: into its text (五、存在的主要问题及改进情况2024年，…).
_WHOLE_TITLE = re.compile(
    r"(?:(?:政府信息公开|政务公开)(?:工作)?的?)?"
    r"(?:总体情况|基本情况|概述"
    r"|主动公开政府信息的?情况|主动公开(?:工作)?情况"
    r"|收到和处理政府信息公开申请的?情况|依申请公开(?:政府信息)?(?:工作)?的?情况"
    r"|(?:因政府信息公开(?:申请)?(?:引起|引发|提起)?的?)?(?:政府信息公开)?行政复议、?(?:提起)?行政诉讼的?情况"
    r"|存在的?主要问题(?:及|和|与)改进(?:情况|措施)|存在的?(?:主要)?(?:问题|不足)(?:及|和|与)?(?:改进|整改)?(?:情况|措施)?"
    r"|其他需要报告的事项|其他需要说明的事项)"
)


@lru_cache(maxsize=4096)
def _candidate(line: str) -> tuple[str, int, str, str] | None:
    """(numbering kind, ordinal, title, rest of line) for a heading-shaped line.
    Remembered, as `classify_heading` is: headings recur from report to report."""
    # a table row has its cells early on; a heading run into a long
    # paragraph may end in a page's stray cell mark
    if "\t" in line or "|" in line[:60] or line.startswith(("（", "(")):
        return None
    m = _HEADING.match(line.strip())
    if not m:
        return None
    title, rest = m.group("title"), m.group("rest").strip()
    whole = _WHOLE_TITLE.match(line.strip(), m.start("title")) if m.group("num") else None
    if (whole and whole.end() < m.end("title") and whole.group().endswith(("情况", "事项", "措施", "概述"))
            and not re.match(r"[和及与、以概]", line.strip()[whole.end():])):
        title, rest = whole.group(), line.strip()[whole.end():].strip()
    elif m.group("num") and len(title) > 12:
        title, rest = _title_run_into_text(title, rest)
    if m.group("part"):
        return "cn", cn_number(m.group("part")), title, rest
    if m.group("cn"):
        return "cn", cn_number(m.group("cn")), title, rest
    if m.group("ar"):
        return "ar", int(m.group("ar")), title, rest
    return "none", 0, title, rest


#: Where a heading's wording may end: a heading ending, not followed by a
#: word joining more of the title (存在的问题及|改进措施).
_TITLE_END = re.compile(
    r"(?:情况|事项|措施|问题|打算|举措|计划|不足|困难|思路|方向|改进(?!措施|情况|工作|方向|计划|打算|举措|思路|建议))"
    r"(?![和及与、以的中])"
)


def _title_run_into_text(title: str, rest: str) -> tuple[str, str]:
    """(title, rest) of a numbered heading whose text follows it without a
    break (六、工作中存在的问题及下一步打算一是…, a flattened page): the
    title ends at its first heading ending that names a part; unchanged when
    none does."""
    for end in _TITLE_END.finditer(title):
        head = title[:end.end()]
        if 4 <= end.end() < len(title) and classify_heading(head) is not None:
            return head, title[end.end():] + rest
    return title, rest


_JUSTIFIED_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")


def _long_unnumbered(line: str) -> bool:
    """A line that `_find_headings` would reject anyway: without numbering
    only a title of at most 24 characters followed by nothing but colons and
    spaces can be a heading."""
    s = line.strip()
    return len(s) > 24 and s[-1] not in "：:" and s[0] not in "第一二三四五六七八九十" and not s[0].isdecimal()


def _find_headings(lines: list[str]) -> list[_Heading]:
    found: list[_Heading] = []
    last_number, last_ordinal = 0, 0
    for i, line in enumerate(lines):
        if not line or "\t" in line or _long_unnumbered(line):
            continue  # blank lines, table rows, prose: _candidate would say None
        cand = _candidate(line)
        if cand and cand[0] != "none" and " " in line.strip() and len(line.strip()) <= 40 and classify_heading(cand[2]) is None:
            # a title spaced out by PDF justification (五、存在的主要 问题及改进情况)
            packed = _candidate(_JUSTIFIED_SPACE.sub("", line))
            if packed and not packed[3] and classify_heading(packed[2]) is not None:
                cand = packed
        if not cand:
            continue
        kind, ordinal, title, rest = cand
        if _TABLE_ROW.search(title):
            continue
        # Items inside a part are written as whole sentences; a heading
        # numbered 1. or without numbering must stand alone on its line.
        # and reads as a title: no full stop, no figures ("2、全年主动公开信息25条。").
        if kind in ("ar", "none") and (rest.strip("：: ") or len(title) > 30 or _DIGIT.search(title)):
            continue
        if kind == "cn" and (len(title) > 30 or rest[:1] in ("，", ",", "、", "；")):
            continue
        if kind == "none" and (len(title) > 24 or not _HEADING_END.search(title)):
            continue  # without numbering only an unmistakable heading counts
        number = classify_heading(title)
        if number is None and kind == "cn" and ordinal == 1 and not found and len(title) <= 20:
            number = 1  # the first part, whatever its wording ("一、工作开展情况")
        if number is None:
            continue
        if number == "fees":
            if kind == "none" or ordinal <= last_ordinal:
                continue
            found.append(_Heading(i, None, title, ordinal, rest))
            last_ordinal = ordinal
            continue
        if number > last_number or (
            number == 5 == last_number and kind == "cn" and ordinal > last_ordinal
        ):
            if kind == "ar" and ordinal not in (number, last_ordinal + 1):
                continue
            found.append(_Heading(i, number, title, ordinal, rest))
            last_number = number
            last_ordinal = ordinal if kind != "none" else last_ordinal + 1
    return found


#: A numbered heading run into the line before it (…情况 六、政府信息公开工作
#: 存在的主要问题 2008年,…, pages that lost their line breaks): spaces on
#: both sides and a heading's ending mark it, never prose.
_INLINE_HEADING = re.compile(
    r"(?<=[^\s，,、；;])[ \u3000]+(?=[一二三四五六七八九十]{1,2}、[^\s。；;：:，,]{0,30}?"
    r"(?:情况|事项|措施|问题|概述|概况|打算|不足|困难)[ \u3000])"
)


#: What every _INLINE_HEADING match holds (a numeral after a space): most
#: texts lack it and skip the (slower) substitution. Looked for from the
#: numeral, the rarer character, with a lookbehind for the space: the engine
#: skips to numerals instead of stopping at every space.
_SPACE_BEFORE_NUMERAL = re.compile("[一二三四五六七八九十](?<=[ \u3000][一二三四五六七八九十])")


def _unglued_headings(text: str) -> str:
    """`text` with a line break for each numbered heading run into the line before it."""
    return _INLINE_HEADING.sub("\n", text) if _SPACE_BEFORE_NUMERAL.search(text) else text


_ALT_NUMBERING = re.compile(
    r"^(?:[（(](?P<n>[一二三四五六七八九十]{1,2})[)）]|(?P<m>[一二三四五六七八九十]{1,2})[ \u3000]+)\s*"
    r"(?=(?:(?:政府信息公开|政务公开)(?:工作)?的?)?(?:总体情况|主动公开政府信息的?情况"
    r"|收到和处理政府信息公开申请的?情况|政府信息公开行政复议、行政诉讼的?情况"
    r"|(?:工作中)?存在的?(?:主要)?(?:问题|不足)(?:和不足|和问题)?(?:及|和|与)(?:改进|整改)(?:情况|措施)"
    r"|其他需要报告的事项))"
)


#: What stands between the entries of a table of contents: nothing, dot
#: leaders, page numbers, the word 目录.
_CONTENTS_FILLER = re.compile(r"[\s.…·．\-—_]*\d{0,3}[\s.…·．\-—_]*|目\s*录[:：]?|contents", re.IGNORECASE)
#: A sub-entry of a table of contents ((一)主动公开 ……2).
_CONTENTS_SUB_ENTRY = re.compile(r"[（(][一二三四五六七八九十\d]{1,2}[)）][^。；;，,：:]{1,30}?[\s.…·．\-—_]*\d{0,3}")


def _contents_filler(line: str) -> bool:
    line = line.strip()
    return bool(_CONTENTS_FILLER.fullmatch(line) or _CONTENTS_SUB_ENTRY.fullmatch(line))


def _contents_list(lines: list[str], headings: list[_Heading]) -> tuple[int, int] | None:
    """(first line, line after the last) of a table of contents at the top:
    at least three headings with nothing but dot leaders, page numbers or
    sub-entries ((一)主动公开) between them, whose first heading the text repeats after them (the
    report itself). None when there is none."""
    block = headings[:1]
    for h in headings[1:]:
        between = lines[block[-1].line_no + 1:h.line_no]
        if not _CONTENTS_FILLER.fullmatch(block[-1].rest) or not all(_contents_filler(l) for l in between):
            break
        block.append(h)
    if len(block) < 3 or not _CONTENTS_FILLER.fullmatch(block[-1].rest):
        return None
    first = block[0]
    for line in lines[block[-1].line_no + 1:]:
        cand = _candidate(line) if line.strip() and not _long_unnumbered(line) else None
        if cand and cand[0] != "none" and cand[1] == first.ordinal and classify_heading(cand[2]) == first.number:
            return first.line_no, block[-1].line_no + 1
    return None


#: The problems part's first sub-heading on a line of its own ((一)存在的主要
#:问题): where the part begins when its own heading (五、…) was lost.
_PROBLEMS_SUBHEADING = re.compile(
    r"^(?:[（(][一1][)）]|一、)?\s*(?P<title>(?:存在的?|面临的?)(?:主要)?(?:问题|不足)(?:和不足|和问题|与不足)?|主要问题|不足之处)[:：]?$"
)


def _with_lost_problems_heading(lines: list[str], headings: list[_Heading]) -> list[_Heading]:
    """`headings`, with the problems part found by its first sub-heading when
    no heading of part 5 is there (a PDF extraction that dropped 五、…): the
    sub-heading must stand alone on its line after the parts before 5 and
    before any part after it."""
    if not headings or any(h.number == 5 for h in headings):
        return headings
    before = [h for h in headings if h.number is None or h.number < 5]
    after = [h for h in headings if h.number is not None and h.number > 5]
    start = before[-1].line_no + 1 if before else 0
    end = after[0].line_no if after else len(lines)
    for i in range(start, end):
        m = _PROBLEMS_SUBHEADING.match(lines[i].strip())
        if m:
            lost = _Heading(i, 5, m.group("title"), (before[-1].ordinal + 1) if before else 5, "")
            return before + [lost] + after
    return headings


def split_sections(text: str) -> tuple[str, list[Section]]:
    """(preamble, sections) of normalised report text.

    The preamble is everything before the first heading (title, lead-in);
    each section's text runs to the next heading, stripped. A numbered
    heading run into the line before it starts a line of its own.
    """
    lines = _unglued_headings(text).split("\n")
    headings = _find_headings(lines)
    searched = lines
    contents = _contents_list(lines, headings)
    if contents:
        # a table of contents is part of the preamble: the report's own
        # headings are those after it
        searched = lines[:contents[0]] + [""] * (contents[1] - contents[0]) + lines[contents[1]:]
        headings = _find_headings(searched)
    if not any(h.number == 5 for h in headings):
        # top-level parts numbered （五） or "五 " (a space for 、): only the
        # whole standard titles, and only when the usual numbering gave no 五
        variant = [_ALT_NUMBERING.sub(lambda m: (m.group("n") or m.group("m")) + "、", line) for line in searched]
        alternative = _find_headings(variant)
        if any(h.number == 5 for h in alternative) and len(alternative) > len(headings):
            headings = alternative
    headings = _with_lost_problems_heading(lines, headings)
    if not headings:
        return text, []
    preamble = "\n".join(lines[: headings[0].line_no]).strip()
    sections = []
    skip: set[int] = set()
    for h in headings:
        # a title wrapped onto the next line (五、存在的主要问题及 / 改进情况)
        nxt_line = lines[h.line_no + 1].strip() if h.line_no + 1 < len(lines) else ""
        if (not h.rest and h.title.endswith(("及", "和", "与", "、", "的")) and 0 < len(nxt_line) <= 12
                and not re.search(r"[。，,；;：:\d]", nxt_line)):
            h.title += nxt_line
            skip.add(h.line_no + 1)
    for h, nxt in zip(headings, headings[1:] + [None]):
        end = nxt.line_no if nxt else len(lines)
        part = lines[h.line_no + 1 : end]
        body = "\n".join(line for n, line in enumerate(part, h.line_no + 1) if n not in skip) if skip else "\n".join(part)
        if h.rest:
            body = h.rest.lstrip("。.：: ") + ("\n" + body if body else "")
        canonical = STANDARD_SECTIONS[h.number] if h.number else h.title
        sections.append(Section(number=h.number, title=h.title, canonical_title=canonical, text=body.strip()))
    return preamble, sections


def end_of_part(text: str, keep: int = 5) -> str:
    """`text` up to the first heading of a part other than `keep` (its list
    items may look like headings of part `keep`: 一、公开意识不足)."""
    lines = _unglued_headings(text).split("\n")
    cut = next((h.line_no for h in _find_headings(lines) if h.number != keep), None)
    return text if cut is None else "\n".join(lines[:cut])


#: Lines of a saved web page around the title: breadcrumbs and page fields.
_PAGE_LINE = re.compile(r"(?:您的位置|当前位置|首页\s*>)|(?:发布|浏览|来源|字体|索引号|索\s*引\s*号)[^|]{0,6}[:：|]|\|")

PREAMBLE_TITLE = "前言"


def preamble_section(preamble: str, title: str) -> Section | None:
    """The text before the first heading as an unnumbered Section
    (canonical title 前言), or None when nothing is left.

    Lines up to and including the title lines are dropped (the title is
    kept in Report.title), and so are a saved page's breadcrumbs and header
    fields; what remains is the lead-in: 本年度报告根据…编制, the statistics
    period, the contact address.
    """
    lines = [l.strip() for l in preamble.split("\n") if l.strip()]
    rest = title
    for i, line in enumerate(lines if title else []):
        if not (rest.startswith(line) or line.startswith(rest)):
            rest = title  # a line before the title (page fields): start over
        if line.startswith(rest):  # the title ends on this line, maybe mid-line
            tail = line[len(rest) :].strip()
            lines = ([tail] if tail else []) + lines[i + 1 :]
            break
        if rest.startswith(line):
            rest = rest[len(line) :]
    # Page fields and breadcrumbs are short lines; a lead-in paragraph that
    # happens to say 来源： stays.
    text = "\n".join(l for l in lines if len(l) > 60 or not _PAGE_LINE.search(l)).strip()
    if not text:
        return None
    return Section(number=None, title="", canonical_title=PREAMBLE_TITLE, text=text)
