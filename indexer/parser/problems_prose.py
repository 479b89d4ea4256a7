"""Shortcomings stated in unnumbered prose (存在A、B等问题, 但…还存在…):
which clauses state a shortcoming, and how they group into statements.
Split off problems.py, which walks the numbered items."""
from __future__ import annotations

import re

_TRIM = " \t\n，。；,;：:、.．"
_ANNOUNCE_WORD = re.compile(r"以下|如下|问题|不足|差距")

#: Wording that makes a clause state a shortcoming.
_SHORTCOMING = re.compile(
    r"不够|不足|欠缺|有待|还需|尚需|仍需|需要进一步|需进一步|不强|不高|不多|较少|偏少|量少|单一|不规范|不到位|滞后"
    r"|薄弱|缺乏|很难|难于|不易|不及时|不全面|不完善|不健全|较弱|差距|短板|不严|不准确|不畅|落后|松懈|不平衡|难以|不统一"
    r"|不熟|不明确|不丰富|不深入|不充分|不均衡|不理想|存在.{0,12}(?:情况|现象)|还(?:有|存在)|还要|尚待|没有|未能|不能|无法|较慢|缓慢|空白|偏低|较低|较差|不佳|不便|不清|不太|不好"
    # 仍待提高, 亟待, 待进一步提升 (a 有待 without its 有)
    # a clause opening with what was not done (未运用动画、音频等形式开展解读)
    r"|^\s*(?:仍然?|还|尚|均|都)?未(?!来)"
    r"|[仍亟还]待|待(?:进一步)?(?:提高|提升|加强|完善|改进|规范|加大|优化|健全|深化|拓展|拓宽|丰富|增强|改善)"
)
#: Words that name no aspect of the work: a statement made of nothing else
#: only says there are shortcomings (在工作中仍在不足, 但主要还存在以下问题).
_GENERIC_WORDS = re.compile(
    r"(?:但是?|不过|然而|同时|虽然|当然|总体(?:来看|上)|整体(?:来看|上)|目前|当前|主要|仍然?|还|也|依然|尚|都|在|于|中|的|了|着"
    r"|工作|方面|过程|实际|日常|具体|我们|(?:我|本)(?:区|县|市|镇|乡|街道|局|委|办|单位|部门|机关|中心|院|所|厅)?"
    r"|(?:政府|政务)?信息公开|政务公开|一些|一定|不少|诸多|许多|很多|存在|有|以下|如下|几个|几点|[一二三四五六两]个|[一二三四五六两]点"
    r"|问题|不足|差距|短板|薄弱环节|环节|和|与|及|之处|地方|[，,、\s])+"
)


#: A gap between something named and what the public needs (主动公开的政府
#: 信息与公众的需求还存在一些差距): a shortcoming of that thing, unless the
#: subject is only the work in general (我局政务公开工作与群众的需求…).
_NAMED_GAP = re.compile(
    r"^(?P<subject>[^，,；;]{4,30}?)(?:与|同)[^，,；;]{0,16}(?:要求|需求|期望|期待)[^，,；;]{0,12}(?:差距|距离)$")


def named_gap(clause: str) -> bool:
    """Whether `clause` is a gap to expectations with a subject of its own
    (see `_NAMED_GAP`)."""
    m = _NAMED_GAP.match(clause.strip(_TRIM))
    return bool(m) and not only_generic_words(m.group("subject"))


def only_generic_words(text: str) -> bool:
    """Whether `text` names no aspect of the work at all, only that there are
    shortcomings (see `_GENERIC_WORDS`)."""
    text = text.strip(_TRIM)
    return bool(text) and bool(_GENERIC_WORDS.fullmatch(text))


#: How a clause without a subject of its own opens: with the shortcoming.
_SUBJECTLESS = re.compile(r"(?:仍然?|还|也|尚|都|均)?(?:未能|未|没有|没能|缺少|缺乏|难以|不能|无法|尚未|不够|不善于)")


#: How a measure begins: with what will be done.
_ACTION = re.compile(
    r"(?:进一步|继续|不断|切实|认真|全面)?(?:加强|严格|完善|提高|加大|规范|健全|强化|推进|做好|落实|建立|抓好|坚持"
    r"|深化|拓展|扩大|提升|优化|创新|注重|丰富|拓宽|强化|畅通|细化|及时|主动|积极|深入贯彻|贯彻落实|狠抓|梳理|整合|加快|增强)"
)
#: A clause that only announces the shortcomings ("但也存在一些问题和不足").
_LEAD_CLAUSE = re.compile(
    r"^(?:但|但是|不过|同时)?(?:在工作中|工作中)?(?:仍然?|还|也|依然)?(?:然)?(?:存在|有)(?:着)?"
    r"(?:以下|如下|一些|一定的?|不少|诸多|许多)?" + r"(?:几个|几点|[一二三四五六两]个|[一二三四五六两]点)?(?:方面)?(?:的)?"
    r"(?:问题|不足|差距|短板|薄弱环节)?(?:和|与|及|的)?(?:问题|不足|差距)?$"
)
#: The start of a clause that introduces the first shortcoming in-line.
_LEAD_PREFIX = re.compile(
    r"^(?:(?:但|但是|不过)?(?:同时)?(?:仍然?|还|也|依然)?(?:存在着?|有)(?:以下|如下|一些)?(?=\S{4})"
    r"|(?:但是|但|不过|然而)(?=\S{4})|如(?=\S{4})|主要是|主要(?:表现|体现)[在为]|(?:表现|体现)[在为]|即"
    r"|[^，,。；;]{0,12}(?:问题|不足)(?:主要)?(?:是|为|有)|主要存在着?(?=\S{4})"
    r"|[^，,。；;]{2,16}?(?:还|仍然?|也|依然|尚)存在着?(?=\S{4})"
    r"|(?:我|本)(?:局|区|县|市|镇|乡|委|办|厅|单位|部门|机关)(?:目前)?存在着?(?=\S{4}))"
)
#: A clause that only says there is a gap or problem (…还存在一些差距),
#: when the specifics follow it (主要是…): not a statement of its own.
_GENERIC_GAP = re.compile(r"(?:存在|有)着?(?:一些|一定的?|不少|诸多|较大的?|明显的?)?(?:的)?(?:差距|问题|不足|短板|薄弱环节)$")
_SPECIFICS = re.compile(r"^(?:主要是|主要有|(?:主要|具体|集中)?(?:表现|体现)[在为])")
_TRAILING_ETC = re.compile(r"(?:等等?(?:方面的?)?(?:问题|不足|情况)?(?:和|与|及)?(?:问题|不足)?|的(?:问题|情况|现象))$")
#: A clause that opens a ；-segment without naming a shortcoming is the
#: shortcoming's first clause (人员多为兼职，业务能力有待提高, 在内容的深度
#: 上、形式的多样化上，还未能满足需求), unless it tells time, cause, purpose
#: or achievement.
_NOT_SUBJECT = re.compile(
    r"^(?:\d{4}|今年|去年|本年|一年来|近年来|目前|当前|虽然|虽|尽管|随着|通过|对照|按照|根据|为了?|由于|因|针对|在(?![^，,；;。]{4,40}上$)|经过|自)"
    r"|一方面|另一方面|首先|其次|再次|最后|此外|另外|同时|其[一二三四五六]"
    r"|\d{4}年|取得|成效|成绩|完成|好转|明显|显著|顺利|进展|稳步|有序|下一步|今后|将|要求|以来"
)


def _opens_segment(text: str, start: int) -> bool:
    before = text[:start].rstrip(" ")
    return not before or before[-1] in "。；;：:！？!?\n"
#: What is left of a clause after its lead (工作还存在|一些不足) when the
#: clause only announced shortcomings.
_GENERIC_REST = re.compile(
    r"^(?:一些|一定的?|不少|诸多|许多|如下|以下)?(?:几个|几点|[一二三四五六两]个|[一二三四五六两]点)?(?:方面)?(?:的)?"
    r"(?:问题|不足|差距|短板|薄弱环节)(?:和|与|及)?(?:问题|不足|差距)?$")
#: A 如…等 list closing its sentence (如信息发布不及时,信息发布未经领导审批,
#: 职权目录没上传网络等等。): each clause is an example of its own.
_EXAMPLES_END = re.compile(r"等等?(?:方面的?)?(?:问题|不足|情况|现象)?$")
_SENTENCE_STOP = re.compile(r"[。！？!?\n]")
_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+")
#: 但是 opening a clause that only sets the scene of the shortcoming after
#: it (但是面对公众的关注和要求,还需要进一步充实丰富): the two are one
#: statement, unless the clause gives the cause (由于…,…很难达到一致).
_CONTEXT_LEAD = re.compile(r"(?:但是?|然而|不过)(?=\S{4})")
_CAUSE = re.compile(r"\s*(?:由于|因为|因|受|对照)")
#: A sentence recounting what was done about the problems of last year's
#: report (针对2022年度工作报告中提到的问题与不足，2023年，我局着力…):
#: neither this year's shortcoming nor a measure to come.
LOOKING_BACK = re.compile(
    r"\s*(?:针对|对于|就)(?:上一?年度?|去年|前一年度?|\d{4}年度?)[^，,。；;]{0,24}(?:问题|不足)")


#: A subjectless 存在 going on the sentence before it ("个别单位认识不足,
#: 存在积极性、主动性不够,…等问题"): its list belongs to that statement.
_CONTINUED_FRAME = re.compile(r"^存在着?(?!(?:以下|如下|一些|不少|诸多)?(?:的)?(?:问题|不足)$)")
_FRAME_END = re.compile(r"等(?:方面的?)?(?:问题|不足|情况|现象|短板)(?:和|与|及)?(?:问题|不足)?$")
#: A clause that only measures the gap the shortcoming before it leaves
#: ("…不够完善,公开办理的服务事项与群众需求尚存一定差距").
_GAP_CLAUSE = re.compile(
    r"(?:与|同|距离?|离|对照)[^，,；;]{1,30}(?:还|尚|仍|依然)?(?:存在|存|有)着?[^，,；;]{0,6}差距(?:等)?$"
)


def prose_statements(text: str) -> list[str]:
    """The shortcomings stated in unnumbered prose, one per sentence or
    ；-clause (README, "Granularity").

    Clauses before the first shortcoming (achievements, "但也存在一些问题",
    a sentence recounting last year's answers) are dropped; the clauses of
    one sentence from its first shortcoming on are one statement, never
    split at ，or 、."""
    spans: list[list[int]] = []  # [start, end] of each statement
    joining = False  # inside a 存在…等问题 frame that goes on a statement
    specifics = False  # the joining is the list after 主要是 / 表现在
    context = -1  # where a context clause after 但是 begins (但是面对公众的要求,)
    subject = -1  # where a plain first clause of a ；-segment begins
    examples_open = -1  # where a first example without a shortcoming word begins
    first_example = -1  # where the first example after 如： begins
    examples = -1  # where the 如…等 list being read ends
    examples_at: set[int] = set()  # spans that open a list of examples (如…)
    looking_back = -1  # where a sentence recounting last year's answers ends
    for m in _CLAUSE.finditer(text):
        start, end = m.span()
        clause = m.group()
        bare = clause.strip()
        if start < looking_back:
            continue
        if _opens_segment(text, start) and LOOKING_BACK.match(clause):
            stop = _SENTENCE_STOP.search(text, end)
            looking_back = stop.end() if stop else len(text)
            continue
        adjacent = bool(spans) and not text[spans[-1][1]:start].strip(" ，,")
        if end <= examples and (first_example >= 0 or spans and not text[spans[-1][1]:start].strip(" ，,；;")):
            if len(bare) >= 6:  # each example of the list is a statement
                opened = start + len(clause) - len(clause.lstrip())
                spans.append([first_example if first_example >= 0 else opened, end])
                examples_at.add(len(spans) - 1) if first_example >= 0 else None
                first_example = -1
            elif first_example >= 0:
                pass  # 如：因人事变动，经办人员业务不熟: the short clause opens the first example
            else:
                spans[-1][1] = end
            continue
        if bare in ("如", "例如", "比如") and text[end:end + 1] in ("：", ":"):
            # 如：A，B等: the examples start after the colon
            stop = _SENTENCE_STOP.search(text, end)
            close = stop.start() if stop else len(text)
            examples = close if _EXAMPLES_END.search(text[end + 1:close].rstrip()) else -1
            first_example = end + 1 if examples >= 0 else -1
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
        opens_subject, subject = subject, -1
        announces = text[end:end + 1] in ("：", ":") and _ANNOUNCE_WORD.search(clause)
        if announces or _LEAD_CLAUSE.match(bare) or only_generic_words(bare):
            continue
        if named_gap(bare) and text[end:end + 1] in ("；", ";", "。", ""):
            # a clause of its own naming what falls short of the public's needs
            spans.append([start + len(clause) - len(clause.lstrip()), end])
            continue
        lead = _LEAD_PREFIX.match(clause.strip())
        if (
            lead and _SPECIFICS.match(clause.strip()) and spans
            and not text[spans[-1][1]:start].strip(" ，,")
            and _GENERIC_GAP.search(text[spans[-1][0]:spans[-1][1]])
        ):
            spans.pop()  # the lead-in before 主要是: the specifics follow
        # 如A；B；C等 and 如A,B,C等: each clause up to the sentence end is an example
        if lead and bare.startswith("如") and text[end:end + 1] != "。":
            stop = _SENTENCE_STOP.search(text, end)
            close = stop.start() if stop else len(text)
            examples = close if _EXAMPLES_END.search(text[start:close].rstrip()) else -1
        if lead:
            start = m.start() + (len(clause) - len(clause.lstrip())) + lead.end()
            clause = text[start:end]
            # the specifics after 主要体现在 are one list up to the sentence end
            joining = bool(_SPECIFICS.match(bare)) and not _FRAME_END.search(bare)
            specifics = joining and bare.startswith(("主要是", "主要有"))
        if _LEAD_CLAUSE.match(clause.strip()) or _GENERIC_REST.match(clause.strip()):
            continue
        if _SHORTCOMING.search(clause) and adjacent and not lead and _SUBJECTLESS.match(bare):
            # a shortcoming without a subject of its own (…不够丰富，未能充分
            #运用图解) says more of the one before it: see README, "Granularity"
            spans[-1][1] = end
        elif _SHORTCOMING.search(clause):
            # after 但/存在 the clause before is what went well, not the subject
            opened = opens_context if opens_context >= 0 else (-1 if lead else opens_subject)
            spans.append([opened if opened >= 0 else start, end])
            if _EXAMPLES_LEAD.match(bare) or lead and _EXAMPLES_LEAD.match(clause) or opened >= 0 and opened == examples_open:
                examples_at.add(len(spans) - 1)
        elif (not lead and _opens_segment(text, start) and text[end:end + 1] in ("，", ",")
              and not _NOT_SUBJECT.search(bare)):
            subject = start  # 工作人员多为兼职，业务能力有待提高: the shortcoming's own first clause
        elif lead and _EXAMPLES_LEAD.match(bare) and text[end:end + 1] in ("，", ","):
            # the first example need not word a shortcoming (主要表现在注重对办事
            # 程序的公布，对公开办事的结果重视不够)
            subject = examples_open = start
        elif lead and not spans and _CONTEXT_LEAD.match(bare) and not _CAUSE.match(clause) and text[end:end + 1] in ("，", ","):
            context = start  # its shortcoming follows after the comma
        elif spans and not text[spans[-1][1]:start].strip(" ，,"):
            spans[-1][1] = end  # context clause after a comma belongs to the statement
    out: list[str] = []
    for start, end in _sentences(text, spans, examples_at):
        # one sentence is one statement, whatever it lists with ，or 、 (如A、B、C等,
        # 存在A、B、C等问题, A不够全面，B更新不及时: see README, "Granularity")
        statement = _clean(_TRAILING_ETC.sub("", _clean(text[start:end])))
        if len(statement) >= 4:
            out.append(statement)
    return out


#: Where a sentence of prose ends: one sentence states one shortcoming,
#: however many clauses it has; a ；-separated clause is one of its own.
_STATEMENT_END = re.compile(r"[。；;！？!?\n]")
#: What opens a list of examples (如A、B等, 主要表现在A，B): what the sentence
#: said before it only sums them up.
_EXAMPLES_LEAD = re.compile(
    r"\s*(?:如(?!何|实|期|果|此|同)|例如|比如|诸如|主要表现[在为]|具体表现[在为]|集中表现[在为]|表现[在为]|主要存在着?)")


#: A list closed by 等 ends there (…对外宣传力度不够等等，均有待今后解决):
#: a clause after it is no part of the list's statement.
_LIST_END = re.compile(r"等等?(?:方面的?)?(?:问题|不足|情况|现象|短板)?(?:和|与|及)?(?:问题|不足)?$")
#: A clause that only says there is a gap to what is expected (与群众的需求
#:还存在差距): it sums up what the sentence goes on to say.
_ONLY_A_GAP = re.compile(
    r"^[^，,；;]{0,4}(?:与|离|同|距离?|对照)[^，,；;]{0,16}(?:要求|需求|期望|期待|标准|目标)[^，,；;]{0,8}(?:差距|距离)$")


def _sentences(text: str, spans: list[list[int]], examples_at: set[int]) -> list[tuple[int, int]]:
    """The statements `spans` make: spans with no sentence end
    (`_STATEMENT_END`) between them are one statement. Within a sentence, a
    span that opens a list of examples (如…) replaces a bare gap before it
    (与需求还有差距，如A、B等: the examples are the statement), and so does
    any span after a bare gap. A comma list is one statement even when closed
    by 等 (A不够，B不足，C滞后等): only ；ends one (README, "Granularity")."""
    groups: list[list[int]] = []
    for i, (start, end) in enumerate(spans):
        previous = spans[groups[-1][-1]] if groups else None
        closed = previous and _LIST_END.search(text[previous[0]:previous[1]] + re.match(r"\s*(等*)", text[previous[1]:]).group(1))
        if previous and not _STATEMENT_END.search(text, previous[1], start) and not closed:
            if i in examples_at or _ONLY_A_GAP.match(_clean(text[spans[groups[-1][0]][0]:previous[1]])):
                groups[-1] = [i]
            else:
                groups[-1].append(i)
        else:
            groups.append([i])
    return [(spans[group[0]][0], spans[group[-1]][1]) for group in groups]


def _clean(text: str) -> str:
    return text.strip(_TRIM).strip()


def names_shortcoming(clause: str) -> bool:
    """Whether `clause` names a shortcoming: the cues statements are read by
    (不够, 有待, 滞后, 仍需 …; `indexer.search.proximity.shortcomings` counts a
    statement's clauses by them)."""
    return bool(_SHORTCOMING.search(clause))
