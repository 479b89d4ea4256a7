"""The shape of a problems part: its sub-headings ((一)存在的主要问题 /
(二)改进情况) and its numbered items, by line-start numbering (1. (一)
一、 ①) and inline enumeration (一是…二是…, 其一, 第一), which may run on
across paragraphs. Used by indexer.parser.problems."""
from __future__ import annotations

import re
from dataclasses import dataclass

CN = "一二三四五六七八九十"
_ORD = {c: i for i, c in enumerate(CN, start=1)}

PROBLEM_HEAD = re.compile(
    r"^(?:(?:政府|政务)?信息公开(?:工作)?|政务公开(?:工作)?|工作中|当前|目前)?(?:中)?(?:存在的?|面临的?)?(?:主要)?"
    r"(?:问题|不足|困难|短板|薄弱环节)(?:(?:和|与|及)(?:问题|不足|困难|短板|薄弱环节))?(?:之处)?(?:及原因|和原因|分析)?$"
)
_MEASURE_HEAD = re.compile(
    r"^(?:针对问题的)?(?:采取的)?(?:主要)?(?:工作)?(?:下一步|下步|今后|明年|\d{4}\s*年度?)?的?(?:工作)?(?:改进|整改)?的?"
    r"(?:情况|措施|举措|打算|计划|思路|重点|方向|安排|要点|努力方向)"
    r"(?:和|及|与)?(?:打算|措施|计划|方向)?$"
    r"|^(?:下一步|下步|今后|进一步)的?(?:工作)?(?:改进|整改)$"  # (二)进一步整改:
)
MEASURE_WORD = re.compile(r"改进|整改|下一步|下步|今后|明年|措施|举措|打算|计划|思路|方向|\d{4}\s*年")
_SUBHEAD = re.compile(
    rf"^(?:（[{CN}\d]{{1,2}}）|\([{CN}\d]{{1,2}}\)|[{CN}]{{1,2}}[、.．]|\d{{1,2}}[、.．](?!\d))?\s*"
    r"(?P<title>[^。；;：:，,\t]{2,24}?)\s*(?:[。：:]|$"
    # a flattened page runs the first item on (（一）存在的主要问题1.公开…)
    rf"|(?=\d{{1,2}}[、.．](?!\d)|[①-⑩]|[{CN}]是))"
)
_LINE_MARK = re.compile(
    rf"^(?:（(?P<p>[{CN}\d]{{1,2}})）|\((?P<q>[{CN}\d]{{1,2}})\)"
    rf"|(?P<cn>[{CN}]{{1,2}})[、.．]|(?P<ar>\d{{1,2}})(?:[、.．](?!\d)|[)）])|(?P<circ>[①-⑩]))\s*"
    r"(?:是(?=[\u4e00-\u9fa5]{4}))?"  # （一）是加强…: the 是 belongs to the marker
)
# 一是 after a clause end, or right after the words announcing the list
# (还存在一些不足一是…, where the page lost the colon); ① anywhere, since it
# is never anything but a marker (存在的问题：①…；②…)
# It was written (?:^|(?<=[。；;：:，,\s])|(?<=问题)|…)(?:([一…十])是|其([一…十])[，,、]|第(…)[，,、])|([①-⑩]).
# Written to open with the class of its first characters, the engine skips to
# them instead of trying the lookbehinds at every place: the first character
# is taken, then a lookbehind one character wider tests what stood before it
# (nothing at all: (?<![\s\S]{2})), and the groups catch the same characters.
_AFTER_START = (r"(?:(?<![\s\S]{2})|(?<=[。；;：:，,\s][\s\S])|(?<=问题[\s\S])|(?<=不足[\s\S])|(?<=如下[\s\S])"
                r"|(?<=以下[\s\S])|(?<=方面[\s\S])|(?<=短板[\s\S])|(?<=差距[\s\S])|(?<=主要有[\s\S]))")
_INLINE_MARK = re.compile(
    rf"[{CN}其第①-⑩](?:(?<=([{CN}])){_AFTER_START}是|(?<=其){_AFTER_START}([{CN}])[，,、]"
    rf"|(?<=第){_AFTER_START}([{CN}])[，,、]|(?<=([①-⑩])))"
)
TRIM = " \t\n，。；,;：:、.．"


@dataclass
class Item:
    """One item of a problems part: its text without the numbering marker."""

    text: str
    style: str  # numbering style ("shi" for 一是, "ar", "cn", "p"…) or "" for none
    ordinal: int


def numeral_value(s: str) -> int:
    """1 for "1", "一" or "①", 12 for "十二"; 0 for anything else."""
    if len(s) == 1 and "①" <= s <= "⑩":
        return ord(s) - ord("①") + 1
    if s.isdigit():
        return int(s)
    if s in _ORD:
        return _ORD[s]
    if s.startswith("十") and s[1:] in _ORD:
        return 10 + _ORD[s[1:]]
    return 0


#: A numbered sub-heading run straight into its text on a flattened page
#: ((一)不足和薄弱环节个别部门…, (二)改进措施下一步将…): only the titles
#: that can be nothing else.
_RUN_ON_HEAD = re.compile(
    rf"^(?:（[{CN}]{{1,2}}）|\([{CN}]{{1,2}}\)|[{CN}]{{1,2}}、)\s*(?:"
    r"(?P<problem>(?:(?:政府信息公开|政务公开)?工作中)?(?:存在的?|面临的?)(?:主要)?(?:问题|不足|困难|短板|薄弱环节)|主要(?:问题|不足|困难)"
    r"|(?:问题|不足|困难|短板)(?:和|与|及)(?:问题|不足|困难|短板|薄弱环节)|不足之处)"
    r"|(?P<measure>(?:下一步|下步|今后)?(?:的)?(?:工作)?(?:改进|整改)(?:情况|措施|举措|打算|计划|方向)"
    r"|(?:下一步|下步|今后)的?(?:工作)?(?:打算|计划|措施|举措|安排|思路|重点|方向)))"
    r"(?=[^\s。；;：:，,、）)])"
)


def subhead_kind(line: str) -> tuple[str, str] | None:
    """("problem"|"measure"|"mixed", rest of line) for a sub-heading line,
    None for any other line."""
    m = _SUBHEAD.match(line)
    if not m or not _kind_of_title(m.group("title").strip()):
        run_on = _RUN_ON_HEAD.match(line)
        if run_on:
            return ("problem" if run_on.group("problem") else "measure"), line[run_on.end():]
    if not m:
        return None
    kind = _kind_of_title(m.group("title").strip())
    return (kind, line[m.end():]) if kind else None


def _kind_of_title(title: str) -> str:
    if PROBLEM_HEAD.match(title):
        return "problem"
    if _MEASURE_HEAD.match(title) and MEASURE_WORD.search(title):
        return "measure"
    if "问题" in title and MEASURE_WORD.search(title) and len(title) <= 16:
        return "mixed"  # "存在问题及改进措施" repeated as a sub-heading
    return ""


#: Where a paragraph that holds several items breaks: after a sentence end
#: or a colon, before a numbered item (。2.解读… 。（二）改进措施… 不足：1.…) or a short heading
#: with its colon (。改进措施：…, 。措施：…).
_ITEM_BREAK = re.compile(
    rf"(?<=[。；;：:！!？?])\s*(?=\d{{1,2}}[、.．](?!\d)|[（(][{CN}\d]{{1,2}}[)）]|[{CN}]{{1,2}}、"
    r"|[^。；;：:，,！!？?\s]{2,12}[：:])"
)


def _with_item_breaks(line: str) -> list[str]:
    """`line` cut before the items and sub-headings it runs on into; a
    colon heading only where it names a problems or measures part."""
    pieces, start = [], 0
    for m in _ITEM_BREAK.finditer(line):
        rest = line[m.end():]
        if not rest[:1].isdigit() and rest[:1] not in "（(" and "、" not in rest[:3] and not subhead_kind(rest):
            continue
        pieces.append(line[start:m.start()])
        start = m.end()
    pieces.append(line[start:])
    return pieces


def parts(text: str, initial: str) -> list[tuple[str, str]]:
    """[(kind, text)] of a problems part cut at its sub-headings; the text
    before the first one is of kind `initial`. Empty parts are dropped."""
    parts: list[tuple[str, list[str]]] = [(initial, [])]
    for line in (piece for whole in text.split("\n") for piece in _with_item_breaks(whole)):
        line = line.strip()
        if not line:
            continue
        sub = subhead_kind(line) if len(line) <= 40 or _SUBHEAD.match(line) or _RUN_ON_HEAD.match(line) else None
        if sub:
            kind, rest = sub
            parts.append((kind, [rest] if rest.strip() else []))
        else:
            parts[-1][1].append(line)
    return [(k, "\n".join(ls)) for k, ls in parts if ls]


def items(part: str) -> list[Item]:
    """The items of one part, in order: each paragraph, cut further at its
    inline 一是…二是… (the words before the first mark are an item of their own)."""
    items: list[Item] = []
    last_shi = 0  # 一是…二是… may run on across paragraphs
    for para in (p.strip() for p in part.split("\n")):
        if not para:
            continue
        style, ordinal, body = "", 0, para
        m = _LINE_MARK.match(para)
        if m:
            key = next(k for k in ("p", "q", "cn", "ar", "circ") if m.group(k))
            raw = m.group(key)
            style = {"q": "p"}.get(key, key)
            ordinal = numeral_value(raw)
            body = para[m.end():]
            if key == "circ" and _INLINE_MARK.search(body):
                style, ordinal, body = "", 0, para  # ①…；②… on one line: an inline list

        marks = list(_INLINE_MARK.finditer(body))
        first = numeral_value(next(g for g in marks[0].groups() if g)) if marks else 0
        if marks and first in (1, last_shi + 1):
            prefix = body[: marks[0].start()]
            if prefix.strip(TRIM):
                items.append(Item(prefix, style, ordinal))
            for mk, nxt in zip(marks, marks[1:] + [None]):
                seg = body[mk.end(): nxt.start() if nxt else len(body)]
                last_shi = numeral_value(next(g for g in mk.groups() if g))
                items.append(Item(seg, "shi", last_shi))
            continue
        items.append(Item(body, style, ordinal))
    return items

