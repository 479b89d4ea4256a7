"""Problem statements and improvement measures of 存在的主要问题及改进情况.

The part is first cut by its own sub-headings ((一)存在的主要问题 /
(二)改进情况). A part without them holds both, often interleaved: each
numbered item states a problem and then what was or will be done (松北区
2020). Items are found by line-start numbering (1. (一) 一、) and inline
enumeration (一是…二是…); an item's problem ends where a clause opens with
a measure cue (今后, 下一步, 针对…, 将进一步…). Every statement is a
substring of the section text, trimmed of its numbering and end punctuation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.model import Measure, ProblemStatement, Section
from indexer.parser.sections import end_of_part

_CN = "一二三四五六七八九十"
_ORD = {c: i for i, c in enumerate(_CN, start=1)}

_PROBLEM_HEAD = re.compile(
    r"^(?:(?:政府|政务)?信息公开(?:工作)?|政务公开(?:工作)?|工作中|当前|目前)?(?:中)?(?:存在的?|面临的?)?(?:主要)?"
    r"(?:问题|不足|困难|困难和问题|问题和不足|问题与不足|不足之处|短板)(?:及原因|和原因|分析)?$"
)
_MEASURE_HEAD = re.compile(
    r"^(?:针对问题的)?(?:采取的)?(?:主要)?(?:工作)?(?:下一步|下步|今后|明年|\d{4}年度?)?的?(?:工作)?(?:改进|整改)?的?"
    r"(?:情况|措施|举措|打算|计划|思路|重点|方向|安排|要点|努力方向)"
    r"(?:和|及|与)?(?:打算|措施|计划|方向)?$"
    r"|^(?:下一步|下步|今后|进一步)的?(?:工作)?(?:改进|整改)$"  # (二)进一步整改:
)
_MEASURE_WORD = re.compile(r"改进|整改|下一步|下步|今后|明年|措施|举措|打算|计划|思路|方向|\d{4}年")
_SUBHEAD = re.compile(
    rf"^(?:（[{_CN}\d]{{1,2}}）|\([{_CN}\d]{{1,2}}\)|[{_CN}]{{1,2}}[、.．]|\d{{1,2}}[、.．](?!\d))?\s*"
    r"(?P<title>[^。；;：:，,\t]{2,24}?)\s*(?:[。：:]|$)"
)
_LINE_MARK = re.compile(
    rf"^(?:（(?P<p>[{_CN}\d]{{1,2}})）|\((?P<q>[{_CN}\d]{{1,2}})\)"
    rf"|(?P<cn>[{_CN}]{{1,2}})[、.．]|(?P<ar>\d{{1,2}})[、.．](?!\d)|(?P<circ>[①-⑩]))\s*"
    r"(?:是(?=[\u4e00-\u9fa5]{4}))?"  # （一）是加强…: the 是 belongs to the marker
)
# 一是 after a clause end, or right after the words announcing the list
# (还存在一些不足一是…, where the page lost the colon)
_INLINE_MARK = re.compile(
    rf"(?:^|(?<=[。；;：:，,\s])|(?<=问题)|(?<=不足)|(?<=如下)|(?<=以下)|(?<=方面)|(?<=短板)|(?<=差距)|(?<=主要有))"
    rf"(?:([{_CN}])是|其([{_CN}])[，,、]|第([{_CN}])[，,、])"
)
_START_CUE = re.compile(
    r"(?:今后|下一步|下步|接下来|针对|为此|对此|今年采取|我们将|下阶段|在今后|明年|拟|同时将"
    r"|我(?:街道?|镇|乡|局|办|委|区|县|市|单位|部门)?将"
    r"|将(?:进一步|继续|加大|加强|着力|以|在|按照|不断|认真|积极|切实|全面|持续|采取|通过)"
    r"|已经|\d{4}年(?:我们|将|要)|在\d{4}年的?(?:工作中|里|度))"
)
_INNER_CUE = re.compile(r"(?:会|将)(?:继续|持续)|采取的措施|采取(?:了)?(?:以下|如下)|整改措施|改进措施|发现(?:这个|该|此)问题后|已(?:经)?(?:督促|责成|要求)|加以改进")
_CLAUSE_END = re.compile(r"[，。；,;：:！!？?]")
_TRIM = " \t\n，。；,;：:、.．"
_LIST_WORD = re.compile(r"以下|如下")
_SUBHEAD_WORD = re.compile(r"问题|不足|困难|如下|以下")
_PROBLEM_WORD = re.compile(r"问题|不足|困难")


@dataclass
class _Item:
    text: str
    style: str  # numbering style ("shi" for 一是, "ar", "cn", "p"…) or "" for none
    ordinal: int


def _ordinal(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s in _ORD:
        return _ORD[s]
    if s.startswith("十") and s[1:] in _ORD:
        return 10 + _ORD[s[1:]]
    return 0


def _subhead_kind(line: str) -> tuple[str, str] | None:
    """("problem"|"measure", rest of line) for a sub-heading line."""
    m = _SUBHEAD.match(line)
    if not m:
        return None
    title = m.group("title").strip()
    rest = line[m.end():]
    if _PROBLEM_HEAD.match(title):
        return "problem", rest
    if _MEASURE_HEAD.match(title) and _MEASURE_WORD.search(title):
        return "measure", rest
    if "问题" in title and _MEASURE_WORD.search(title) and len(title) <= 16:
        return "mixed", rest  # "存在问题及改进措施" repeated as a sub-heading
    return None


def _parts(text: str, initial: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, list[str]]] = [(initial, [])]
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        sub = _subhead_kind(line) if len(line) <= 40 or _SUBHEAD.match(line) else None
        if sub:
            kind, rest = sub
            parts.append((kind, [rest] if rest.strip() else []))
        else:
            parts[-1][1].append(line)
    return [(k, "\n".join(ls)) for k, ls in parts if ls]


def _items(part: str) -> list[_Item]:
    items: list[_Item] = []
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
            ordinal = ord(raw) - ord("①") + 1 if key == "circ" else _ordinal(raw)
            body = para[m.end():]
        marks = list(_INLINE_MARK.finditer(body))
        first = _ordinal(next(g for g in marks[0].groups() if g)) if marks else 0
        if marks and first in (1, last_shi + 1):
            prefix = body[: marks[0].start()]
            if prefix.strip(_TRIM):
                items.append(_Item(prefix, style, ordinal))
            for mk, nxt in zip(marks, marks[1:] + [None]):
                seg = body[mk.end(): nxt.start() if nxt else len(body)]
                last_shi = _ordinal(next(g for g in mk.groups() if g))
                items.append(_Item(seg, "shi", last_shi))
            continue
        items.append(_Item(body, style, ordinal))
    return items


def split_at_cue(text: str) -> tuple[str, str]:
    """(problem part, measure part) of one item: the measure starts at the
    first clause that opens with, or holds, a measure cue."""
    starts = [0] + [m.end() for m in _CLAUSE_END.finditer(text)]
    for i, pos in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        clause = text[pos:end].lstrip()
        stop = _SENTENCE_STOP.search(text, pos)
        if _START_CUE.match(clause) and _is_targeted_shortcoming(text[pos:stop.end() if stop else len(text)].lstrip()):
            continue
        if _START_CUE.match(clause) or _INNER_CUE.search(clause) and not _still_needs(clause):
            return text[:pos], text[pos:]
    return text, ""


def _is_targeted_shortcoming(clause: str) -> bool:
    """A 针对… clause that closes its sentence with a shortcoming of its own
    ("…有待增强,针对社会热点的信息解读水平仍需提高。"): part of the problem,
    not the measure it usually opens."""
    return (
        clause.startswith("针对")
        and not _TARGET_OF_MEASURE.match(clause)
        and clause.rstrip()[-1:] in ("。", "；", ";", "")
        and not _MEASURE_VERB.search(clause)
        and bool(_SHORTCOMING.search(clause))
    )


_MEASURE_VERB = re.compile(r"将|要|拟|我们|采取|措施")
#: 针对 the shortcomings just stated: what follows is what is done about them.
_TARGET_OF_MEASURE = re.compile(r"针对(?:以上|上述|这些|此类?|存在的|前述|上面|发现的|该|这一?)")
_SENTENCE_STOP = re.compile(r"[。；;！!？?\n]")
_STILL_NEEDS = re.compile(r"(?:还|仍|尚)(?:需要|需|有待)")


def _still_needs(clause: str) -> bool:
    """A clause saying what still needs improving ("…便民性等都还需要在今后的
    工作中加以改进"): a shortcoming, though it names the improvement."""
    return bool(_STILL_NEEDS.search(clause)) and not re.search(r"将|拟|我们|采取", clause)


def _is_lead(text: str) -> bool:
    """A clause announcing a list ("下一步，我们将从以下方面改进：")."""
    text = text.strip()
    return text.endswith(("：", ":")) or (len(text) <= 40 and bool(_LIST_WORD.search(text)))


def _is_subheading(text: str) -> bool:
    """A sub-heading, never a statement: a short line ending with ':' that
    names no shortcoming, or just 存在的问题 / 主要问题 and the like."""
    text = text.strip()
    bare = _clean(text)
    if _PROBLEM_HEAD.match(bare):
        return True
    return text.endswith(("：", ":")) and len(bare) <= 24 and bool(_SUBHEAD_WORD.search(bare))


from indexer.parser.problems_prose import (  # noqa: F401  (prose_statements re-exported)
    _ACTION, _LEAD_CLAUSE, _SHORTCOMING, _clean, prose_statements,
)



#: A paragraph that tells what happened ("2010年,我镇的政务公开…"), not
#: what falls short: never a statement on the strength of its heading alone.
_NARRATIVE = re.compile(r"^(?:\d{4}年度?|今年|去年|本年度?|一年来|近年来)(?:以来)?[，,]")
_SENTENCE_END = "。；;！!？?）)”"


def _without_cut_tail(text: str) -> str:
    """The text without an unfinished last sentence (a copy cut mid-way:
    "1.公开内容需要进一步深化。政府机关主动公开的政府信息"): the last
    paragraph is cut back to its last sentence end, when it has one."""
    body = text.rstrip()
    if not body or body[-1] in _SENTENCE_END:
        return text
    head, _, last = body.rpartition("\n")
    cut = max(last.rfind(c) for c in _SENTENCE_END)
    if cut < 0:
        return text
    return (head + "\n" if head else "") + last[: cut + 1]


#: A statement ending in a generic shortcoming (…还存在一些薄弱环节,
#: 离…要求还有很大的差距, 结合工作中存在的问题和不足) or closing the list
#: (均有待今后予以高度重视并加以解决).
_GENERIC_END = re.compile(
    r"(?:还|仍然?|也|依然|尚)?(?:有|存在|存)着?(?:一些|一定的?|不少|很大的?|较大的?|诸多|许多|明显的?|的)?"
    r"(?:差距|问题|不足|薄弱环节|短板|距离|不足之处)(?:和|与|及)?(?:问题|不足|差距|短板)?$"
)
_CLOSING = re.compile(r"^(?:以上|上述|这些)?(?:问题|不足)?(?:均|都|皆).{0,20}(?:解决|改进|整改|重视)$")
#: Words that introduce the list, kept at a statement's start by mistake.
_LEAD_WORDS = re.compile(
    r"^(?:(?:存在的?)?(?:一些)?(?:问题|不足)(?:主要)?(?=如|例如|比如|包括|是|有|表现))?"
    r"(?:如(?!何|实|期|果)|例如|比如|主要是|主要包括|包括|主要表现[在为]|具体表现[在为]|表现[在为])[：:，,]?"
)


def _is_generic(statement: str) -> bool:
    if _CLOSING.match(statement):
        return True
    m = _GENERIC_END.search(statement)
    return bool(m) and not _SHORTCOMING.search(statement[: m.start()])


def _without_lead_words(statement: str) -> str:
    m = _LEAD_WORDS.match(statement)
    rest = statement[m.end():].strip(_TRIM) if m and m.end() else statement
    return rest if len(rest) >= 4 else statement


_SUMMARY_LABEL = re.compile(r"^(?:导读|摘要|内容提要|提要|导语)[:：]\s*")


def _without_repeated_summary(text: str) -> str:
    """The text without a page's summary paragraph (导读:…) that a later
    paragraph repeats in full: its list would be read twice."""
    paras = text.split("\n")
    if len(paras) < 2:
        return text
    kept = []
    for i, para in enumerate(paras):
        m = _SUMMARY_LABEL.match(para.strip())
        head = para.strip()[m.end():].rstrip(_TRIM) if m else ""
        if len(head) >= 20 and any(p.strip().startswith(head) for p in paras[i + 1:]):
            continue
        kept.append(para)
    return "\n".join(kept)


CHROME_PATH = Path(__file__).resolve().parent.parent / "data" / "page_chrome.txt"


@lru_cache(maxsize=1)
def _chrome() -> re.Pattern:
    lines = CHROME_PATH.read_text(encoding="utf-8").splitlines()
    patterns = [line for line in lines if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def is_page_chrome(text: str) -> bool:
    """Whether `text` is page chrome as a whole (a file name, 打印/关闭, a lone
    |, the report's own title): see indexer/data/page_chrome.txt."""
    return bool(_chrome().fullmatch(text.strip()))


def _is_fragment(statement: str, text: str) -> bool:
    """A few characters of a copy cut mid-word (政府信息公, 2019年政): short,
    naming no shortcoming, and running into the end of a line of `text`
    without any punctuation."""
    if len(statement) >= 8 or _SHORTCOMING.search(statement):
        return False
    at = text.find(statement)
    return at >= 0 and text[at + len(statement):at + len(statement) + 1] in ("", "\n")


#: A top-level heading of the next part, which the report's own numbering
#: does not lead up to (1.…2.… then 六、工作亮点): where the part ends.
_NEXT_PART = re.compile(rf"^(?P<n>[{_CN}]{{1,2}})、[^。；;，,：:！!？?]{{2,20}}[：:]?$")
_CN_ITEM = re.compile(rf"^(?P<n>[{_CN}]{{1,2}})、")


def _next_part(text: str) -> tuple[str, str]:
    """(text before, text after) a heading of another part that the section
    finder did not know (六、年度工作亮点, 七、2013年重点工作安排): its title
    is not a statement. ("", "") after means no such heading."""
    seen = {0}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        line = line.strip()
        m = _NEXT_PART.match(line)
        ordinal = _ordinal(m.group("n")) if m else 0
        if ordinal >= 2 and ordinal - 1 not in seen:
            after = "\n".join(lines[i + 1:])
            # a plan for next year holds measures; anything else is no concern here
            return "\n".join(lines[:i]), (after if _MEASURE_WORD.search(line) or "安排" in line else "")
        item = _CN_ITEM.match(line)
        if item:
            seen.add(_ordinal(item.group("n")))
    return text, ""


def extract_problems(sections: list[Section]) -> tuple[list[ProblemStatement], list[Measure]]:
    """Problems and measures from the sections mapped onto number 5."""
    problems: list[str] = []
    measures: list[str] = []
    for section in sections:
        if section.number != 5:
            continue
        heading_has_problem = bool(_PROBLEM_WORD.search(section.title))
        initial = "mixed" if heading_has_problem else "measure"
        text = _without_cut_tail(section.text) if section is sections[-1] else section.text
        text, plans = _next_part(_without_repeated_summary(text))
        for kind, part in _parts(text, initial) + ([("measure", plans)] if plans.strip() else []):
            p, m = _walk(_items(part), kind)
            problems += p
            measures += m
    problems = [_without_lead_words(t) for t in problems if not is_page_chrome(t)]
    whole = "\n".join(s.text for s in sections if s.number == 5)
    problems = [t for t in problems if not _is_fragment(t, whole)]
    # nor is a sub-heading run into the text ((二)改进措施。一是…)
    measures = [t for t in measures if not is_page_chrome(t) and not (len(t) <= 16 and _subhead_kind(t))]
    # a lead-in or summary that only says there are shortcomings ("还存在一些
    # 薄弱环节", "离上级要求还有很大的差距") counts only when nothing else does
    concrete = [t for t in problems if not _is_generic(t)]
    problems = concrete or problems
    return (
        [ProblemStatement(text=t, number=i) for i, t in enumerate(problems, 1)],
        [Measure(text=t, number=i) for i, t in enumerate(measures, 1)],
    )


#: A sentence announcing the shortcomings listed right after it (…还存在一些
#: 不足:一是…, 存在的问题:一是…, (一)存在问题:1.…) in a text without a
#: problems heading.
_ANNOUNCED = re.compile(
    r"(?:存在的?(?:主要)?(?:问题|不足)(?:和不足|和问题|与不足)?|(?:还|仍|也|依然)?存在(?:以下|如下|一些|几个|几点)(?:方面的?)?(?:问题|不足)(?:和不足|和问题)?"
    r"|不足之处)(?:主要(?:有|是|表现在|体现在))?[:：]\s*"
    rf"(?=[{_CN}]是|[（(][{_CN}\d][)）]|\d[、.．]|[{_CN}]、)"
)


def announced_problems(text: str) -> tuple[list[ProblemStatement], list[Measure]]:
    """Problems and measures of a text without a problems section, read from
    the numbered list after the first sentence announcing them (工作还存在一些
    不足:一是…;二是…); nothing when no sentence announces a list."""
    if "存在" not in text and "不足之处" not in text:
        return [], []
    m = _ANNOUNCED.search(text)
    if not m:
        return [], []
    # a heading naming both keeps the measures that follow apart (see _walk);
    # the list ends with the part it stands in
    section = Section(number=5, title="存在的问题及改进情况", canonical_title="存在的主要问题及改进情况",
                      text=end_of_part(text[m.end():]))
    return extract_problems([section])


def _walk(items: list[_Item], kind: str) -> tuple[list[str], list[str]]:
    """Sort a part's items into problems and measures (see module doc)."""
    problems: list[str] = []
    measures: list[str] = []
    state = "measure" if kind == "measure" else "problem"
    last_problem: tuple[str, int] | None = None
    locked = kind == "measure"
    for item in items:
        continues = last_problem is not None and item.style == last_problem[0] and item.ordinal == last_problem[1] + 1
        if state == "measure" and not locked and continues:
            state = "problem"
        elif state == "measure" and kind == "mixed" and last_problem and item.style == last_problem[0] and item.style:
            locked = True  # numbering restarted after the problems: a list of measures
        if state == "measure":
            if _clean(item.text) and not _is_lead(item.text):
                measures.append(_clean(item.text))
            continue
        problem, measure = split_at_cue(item.text)
        if kind == "mixed" and not _clean(problem) and measure:
            state = "measure"
            if not _is_lead(measure):
                measures.append(_clean(measure))
            continue
        if kind == "mixed" and item.style and not _SHORTCOMING.search(problem) and _ACTION.match(_clean(problem)):
            # "1、加强学习。…" under 问题及下步打算: a measure, not a problem
            measures.append(_clean(item.text))
            continue
        if _is_subheading(problem):
            continue
        # a numbered item that only announces the shortcomings ("一是2017年…
        # 取得了一定的成效,但也存在一些问题和不足。") is read as prose
        announces = bool(_LEAD_CLAUSE.match(_clean(problem).rsplit("，", 1)[-1].rsplit(",", 1)[-1]))
        found = [_clean(problem)] if item.style and not announces else prose_statements(problem)
        if kind == "problem" and not any(found) and not _is_lead(problem) and not _NARRATIVE.match(_clean(problem)):
            found = [_clean(problem)]  # under its own heading, a sentence is a problem whatever its wording
        if any(found):
            problems += [f for f in found if f]
            last_problem = (item.style, item.ordinal)
        if measure.strip(_TRIM):
            if not _is_lead(measure):
                measures.append(_clean(measure))
            state = "measure"
    return problems, measures
