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

from indexer.model import Measure, ProblemStatement, Section

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
_INLINE_MARK = re.compile(rf"(?:^|(?<=[。；;：:，,\s]))(?:([{_CN}])是|其([{_CN}])[，,、]|第([{_CN}])[，,、])")
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
_ANNOUNCE_WORD = re.compile(r"以下|如下|问题|不足|差距")
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
        if _START_CUE.match(clause) or _INNER_CUE.search(clause):
            return text[:pos], text[pos:]
    return text, ""


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


#: Wording that makes a clause state a shortcoming.
_SHORTCOMING = re.compile(
    r"不够|不足|欠缺|有待|还需|尚需|仍需|需要进一步|需进一步|不强|不高|不多|较少|偏少|单一|不规范|不到位|滞后"
    r"|薄弱|缺乏|很难|难于|不易|不及时|不全面|不完善|不健全|较弱|差距|短板|不严|不准确|不畅|落后|松懈|不平衡|难以|不统一"
    r"|不明确|不丰富|不深入|不充分|不均衡|不理想|存在.{0,12}(?:情况|现象)|还(?:有|存在)|还要|尚待|没有|未能|不能|较慢|缓慢|空白|偏低|较低|较差|不佳|不便|不清|不太|不好"
)
#: How a measure begins: with what will be done.
_ACTION = re.compile(
    r"(?:进一步|继续|不断|切实|认真|全面)?(?:加强|严格|完善|提高|加大|规范|健全|强化|推进|做好|落实|建立|抓好|坚持"
    r"|深化|拓展|扩大|提升|优化|创新|注重|丰富|拓宽|强化|畅通|细化|及时|主动|积极|深入贯彻|贯彻落实|狠抓)"
)
#: A clause that only announces the shortcomings ("但也存在一些问题和不足").
_LEAD_CLAUSE = re.compile(
    r"^(?:但|但是|不过|同时)?(?:在工作中|工作中)?(?:仍然?|还|也|依然)?(?:然)?(?:存在|有)(?:着)?"
    r"(?:以下|如下|一些|一定的?|不少|诸多|许多)?(?:的)?(?:问题|不足|差距|短板|薄弱环节)?"
    r"(?:和|与|及|的)?(?:问题|不足|差距)?$"
)
#: The start of a clause that introduces the first shortcoming in-line.
_LEAD_PREFIX = re.compile(
    r"^(?:(?:但|但是|不过)?(?:仍然?|还|也|依然)?(?:存在着?|有)(?:以下|如下|一些)?(?=\S{4})"
    r"|(?:但是|但|不过|然而)(?=\S{4})|如(?=\S{4})|主要是|主要(?:表现|体现)[在为]|(?:表现|体现)[在为]|即"
    r"|[^，,。；;]{0,12}(?:问题|不足)(?:主要)?(?:是|为|有)"
    r"|[^，,。；;]{2,16}?(?:还|仍然?|也|依然|尚)存在着?(?=\S{4}))"
)
#: A clause that only says there is a gap or problem (…还存在一些差距),
#: when the specifics follow it (主要是…): not a statement of its own.
_GENERIC_GAP = re.compile(r"(?:存在|有)着?(?:一些|一定的?|不少|诸多|较大的?|明显的?)?(?:的)?(?:差距|问题|不足|短板|薄弱环节)$")
_SPECIFICS = re.compile(r"^(?:主要是|主要有|(?:主要|具体|集中)?(?:表现|体现)[在为])")
_TRAILING_ETC = re.compile(r"(?:等等?(?:方面的?)?(?:问题|不足|情况)?)$")
#: A 如…等 list closing its sentence (如信息发布不及时,信息发布未经领导审批,
#: 职权目录没上传网络等等。): each clause is an example of its own.
_EXAMPLES_END = re.compile(r"等等?(?:方面的?)?(?:问题|不足|情况|现象)?$")
_SENTENCE_STOP = re.compile(r"[。！？!?\n]")
_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+")
#: 但是 opening a clause that only sets the scene of the shortcoming after
#: it (但是面对公众的关注和要求,还需要进一步充实丰富): the two are one
#: statement, unless the clause gives the cause (由于…,…很难达到一致).
_CONTEXT_LEAD = re.compile(r"(?:但是?|然而|不过)(?=\S{4})")
_CAUSE = re.compile(r"\s*(?:由于|因为|因|受)")


#: A subjectless 存在 going on the sentence before it ("个别单位认识不足,
#: 存在积极性、主动性不够,…等问题"): its list belongs to that statement.
_CONTINUED_FRAME = re.compile(r"^存在着?(?!(?:以下|如下|一些|不少|诸多)?(?:的)?(?:问题|不足)$)")
_FRAME_END = re.compile(r"等(?:方面的?)?(?:问题|不足|情况|现象|短板)$")
#: A clause that only measures the gap the shortcoming before it leaves
#: ("…不够完善,公开办理的服务事项与群众需求尚存一定差距").
_GAP_CLAUSE = re.compile(
    r"(?:与|同|距离?|离|对照)[^，,；;]{1,30}(?:还|尚|仍|依然)?(?:存在|存|有)着?[^，,；;]{0,6}差距(?:等)?$"
)


def prose_statements(text: str) -> list[str]:
    """The shortcomings stated in unnumbered prose, one per clause group.

    Clauses before the first shortcoming (achievements, "但也存在一些问题")
    are dropped; a clause stating a new shortcoming starts a new statement,
    other clauses stay with the one before; a clause listing shortcomings
    with 、 is split when every part states one."""
    spans: list[list[int]] = []  # [start, end] of each statement
    framed: set[int] = set()  # statements a 存在…等问题 frame keeps whole
    joining = False  # inside a 存在…等问题 frame that goes on a statement
    specifics = False  # the joining is the list after 主要是 / 表现在
    context = -1  # where a context clause after 但是 begins (但是面对公众的要求,)
    examples = -1  # where the 如…等 list being read ends
    for m in _CLAUSE.finditer(text):
        start, end = m.span()
        clause = m.group()
        bare = clause.strip()
        adjacent = bool(spans) and not text[spans[-1][1]:start].strip(" ，,")
        if adjacent and end <= examples:
            if len(bare) >= 6:  # each example of the list is a statement
                spans.append([start + len(clause) - len(clause.lstrip()), end])
            else:
                spans[-1][1] = end
            continue
        # after 主要是, a clause with its own subject and shortcoming
        # (…还需进一步规范,信息公开的载体和形式还需要进一步丰富) is a new one
        own = joining and specifics and len(bare) >= 10 and _SHORTCOMING.search(bare) and not _CONTINUED_FRAME.match(bare)
        if adjacent and not own and (
            joining
            or _CONTINUED_FRAME.match(bare)
            or _GAP_CLAUSE.search(bare)
        ):
            # one statement goes on: the frame's list, or the gap it leaves
            spans[-1][1] = end
            joining = (joining or bool(_CONTINUED_FRAME.match(bare))) and not _FRAME_END.search(bare)
            continue
        joining = False
        opens_context, context = context, -1
        announces = text[end:end + 1] in ("：", ":") and _ANNOUNCE_WORD.search(clause)
        if announces or _LEAD_CLAUSE.match(bare):
            continue
        lead = _LEAD_PREFIX.match(clause.strip())
        if (
            lead and _SPECIFICS.match(clause.strip()) and spans
            and not text[spans[-1][1]:start].strip(" ，,")
            and _GENERIC_GAP.search(text[spans[-1][0]:spans[-1][1]])
        ):
            spans.pop()  # the lead-in before 主要是: the specifics follow
        if lead and bare.startswith("如") and not text[end:end + 1] in ("。", "；", ";"):
            stop = _SENTENCE_STOP.search(text, end)
            close = stop.start() if stop else len(text)
            examples = close if _EXAMPLES_END.search(text[start:close].rstrip()) else -1
        if lead:
            start = m.start() + (len(clause) - len(clause.lstrip())) + lead.end()
            clause = text[start:end]
            # the specifics after 主要体现在 are one list up to the sentence end
            joining = bool(_SPECIFICS.match(bare)) and not _FRAME_END.search(bare)
            specifics = joining and bare.startswith(("主要是", "主要有"))
            if "存在" in lead.group() and _FRAME_END.search(bare):
                framed.add(len(spans))  # 还存在A、B、C等问题: one list, one statement
        if _LEAD_CLAUSE.match(clause.strip()):
            continue
        if _SHORTCOMING.search(clause):
            spans.append([opens_context if opens_context >= 0 else start, end])
        elif lead and not spans and _CONTEXT_LEAD.match(bare) and not _CAUSE.match(clause) and text[end:end + 1] in ("，", ","):
            context = start  # its shortcoming follows after the comma
        elif spans and not text[spans[-1][1]:start].strip(" ，,"):
            spans[-1][1] = end  # context clause after a comma belongs to the statement
    out: list[str] = []
    for n, (start, end) in enumerate(spans):
        statement = _TRAILING_ETC.sub("", _clean(text[start:end]))
        parts = [statement] if n in framed else statement.split("、")
        # only a single clause is a list joined by 、 (a sentence of several
        # clauses shares its verb frame: 存在积极性、主动性不够,公开内容不全面…)
        if len(parts) > 1 and not re.search(r"[，,]", statement) and all(_SHORTCOMING.search(p) and len(p) >= 6 for p in parts):
            out += parts
        elif len(statement) >= 4:
            out.append(statement)
    return out


def _clean(text: str) -> str:
    return text.strip(_TRIM).strip()


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
        for kind, part in _parts(text, initial):
            p, m = _walk(_items(part), kind)
            problems += p
            measures += m
    return (
        [ProblemStatement(text=t, number=i) for i, t in enumerate(problems, 1)],
        [Measure(text=t, number=i) for i, t in enumerate(measures, 1)],
    )


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
