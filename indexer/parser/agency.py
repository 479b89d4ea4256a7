"""Which organ issued a report: candidates from the title, the signature,
a saved page's publisher field and the opening text, the check that a
candidate is an organ's name, and the one spelling each organ gets.

Agency rule (kept the same everywhere): the organ named in the title line;
when the title names only a place (哈尔滨市松北区, 南薰乡), the report is that
place's government's, so the agency is the place + 人民政府 — the office that
compiled and signed it (…人民政府办公室) is not the issuer. A 街道 keeps its
name as written (a 街道 has no 人民政府). Without a usable title: the
signature line at the end, the page's publisher field, who the lead-in
says compiled it ("由岳阳县民政局编制"), the name in an opening sentence
("2020年佳木斯市前进区港湾街道严格贯彻…"), and last the contact sentence or
an address that is the organ itself ("请与XX县水利局办公室联系",
"地址：XX县XX镇人民政府；"). A province-level name before a county is
dropped (重庆市奉节县 -> 奉节县人民政府). These finders only propose: for a
text whose title names no organ, `organ_choice` lets a small learned model
choose among their proposals and the opening's organ-shaped spans. A text
that only says 我局/我乡 and writes no name gets no agency and a warning. A page's site name,
slogan, search box, column or chrome (目录, 【打印】, a flipbook's file
name 报_) glued before a name is cut off (the name after the last such junk
is kept), whatever the source; an opening sentence may name the organ after
a leadership clause (2022年,在区委区政府的领导下,XX管理委员会认真…); a ministry (…部) is an organ like a
局; a title the lead-in quotes (现发布《XX部…报告》) names the organ when
nothing else does; a short name found outside the title (巴州人民政府)
becomes the full form a header line writes (巴音郭楞蒙古自治州人民政府).
Whatever the source, a
candidate must look like an organ (is_organ_name: no index number, date or
page-field debris), and the fullest form of the name the text writes wins
(沅江路街道 -> 洪江区沅江路街道办事处; see fuller_name). Two spelling rules make
one organ one name: brackets are full-width, and a county-level name opening
the agency (洪泽区人民政府, 相山区外资办) gets the city the text itself writes
right before it (淮安市洪泽区 -> 淮安市洪泽区人民政府); no city is ever added
that the text does not write, and 乡镇街道 keep their name as written.
Universities, hospitals, 中心 and 管委会 are organs; 苏木 is a township (its
government is 苏木人民政府). A clause glued in front (按…要求对, 包括) is cut
off (without_lead_words); a bracketed second name after the name is dropped
(…服务中心（市妇幼保健院）); a national vertical prefix the text writes
stays (国家税务总局珠海市税务局); a name line under a title naming no organ
(安徽农业大学) names it when nothing else does. A bracketed place after a
name belongs to it (开发区(白洋街道)); a province alone in a title is its
government (四川省 -> 四川省人民政府); an organ's 办公厅/办公室 named as
the contact stands for the organ. Name cleaning and spelling: names.py.
"""
from __future__ import annotations

import re

from indexer.parser.metadata import DATE, TITLE_YEAR, gazetteer, iso_date
from indexer.parser.name_scans import written_with_government
from indexer.parser.names import (  # noqa: F401  (re-exported: the parser's one place for names)
    GENERIC as _GENERIC,
    LEAD_WORDS as _LEAD_WORDS,
    ORGAN_SUFFIX as _ORGAN_SUFFIX,
    PAGE_JUNK as _PAGE_JUNK,
    PLACED as _PLACED,
    SECTOR as _SECTOR,
    fuller_name,
    full_width_brackets,
    is_organ_name,
    official_form,
    with_city,
    without_alias,
    without_lead_words,
    without_page_junk,
    without_repeats,
)

# "政府" right after 人民 belongs to the organ (张义镇人民政府信息公开…).
_REPORT_WORDS = re.compile(
    r"(?:关于)?(?:的)?(?:(?<!人民)政府|政务)?(?:信息)?(?:公开)?(?:工作)?(?:年度)?(?:报告|年报)$"
)
_TOPIC_WORDS = re.compile(r"(?:的)?(?:(?:(?<!人民)政府|政务)?信息公开|政务公开)(?:工作)?$")
_OPENING_NAME = re.compile(
    r"(?:(?:19|20)\d{2}学?年度?|以来|本年度)[，,]?\s*(?:在[^，,。；;\n]{2,30}?下[，,]\s*)?(?P<name>[\u4e00-\u9fa5（）()]{2,30}?" + _ORGAN_SUFFIX + r")"
    r"(?:党工委|党委|党组)?(?:(?:政府|政务)?信息公开(?:工作)?|政务公开(?:工作)?)?[、和及]?(?:认真|严格|深入|坚持|高度|按照|紧紧|始终|围绕|全面|进一步|积极|持续|继续"
    r"|扎实|不断|切实|结合|紧扣|牢固|着力|以|在|把|共|主动|依法|贯彻|未|无|没有)"
)
_PLACE_ONLY = re.compile(r"(?:省|自治区|市|区|县|旗|乡|镇|苏木|州|盟)$")
_NOT_GOVERNMENT = re.compile(r"(?:开发区|高新区|新区|园区|示范区|试验区|实验区|保税区|风景区|景区|自贸区|街道|社区)$")


_PAGE_NUMBER_LINE = re.compile(r"\s*[-—]?\s*\d{1,3}\s*[-—]?\s*")


def split_signature(text: str) -> tuple[str, str, str]:
    """(text without the closing signature, signing organ, ISO date).

    The signature is the last lines: an organ name and a date, in either
    order or on one line; page numbers after them are dropped too."""
    lines = text.rstrip().split("\n")
    end = len(lines)
    while end and (_PAGE_NUMBER_LINE.fullmatch(lines[end - 1]) or _TRAILING_CHROME.match(lines[end - 1])):
        end -= 1  # trailing page number, a page's print/close/share controls
    organ, date, cut, kept = "", "", end, ""
    for i in range(end - 1, max(end - 4, -1), -1):
        line = lines[i].strip()
        if not line:
            continue
        m = DATE.search(line)
        if not date and m and m.end() >= len(line) - 1 and len(line) <= 45:
            date = iso_date(m)
            head = line[: m.start()].strip()
            cut = i
            if head and _looks_like_organ(head):
                organ = head
                break
            if head:
                # a flattened page runs the report's last words onto the
                # signature (六、其他需要报告的事项 无。 某某局 2022年1月20日):
                # they stay in the body, the organ after them signs
                kept, organ = _text_and_signer(head)
                if organ:
                    break
            continue
        if date and not organ and _looks_like_organ(line):
            organ, cut = line, i
        break
    if not date and not organ:
        return "\n".join(lines[:end]).rstrip(), "", ""
    return "\n".join(lines[:cut] + ([kept] if kept else [])).rstrip(), organ, date


def _text_and_signer(head: str) -> tuple[str, str]:
    """(report text, signing organ) of the words before a signature date on
    one line: the organ is the last run after a space or sentence end, when
    it looks like one."""
    m = re.search(r"(?:^|[\s。；;！!？?])([^\s。；;！!？?]{2,40})$", head)
    if m and m.start(1) > 0 and _looks_like_organ(m.group(1)):
        return head[: m.start(1)].rstrip(), m.group(1)
    return head, ""


#: A page's controls printed after the report (【打印本页】【关闭窗口】, 扫一扫在手机打开当前页).
_TRAILING_CHROME = re.compile(
    r"^\s*(?:[【\[（(]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|分享到|分享|扫一扫在手机打开当前页|扫一扫|返回顶部|返回|"
    r"保存本页|字号|[大中小]|微信|微博|QQ空间|上一篇|下一篇)\s*[】\]）)]?[\s|/：:]*)+$|^\s*$"
)


def _looks_like_organ(line: str) -> bool:
    return (
        2 <= len(line) <= 40
        and not _CLAUSE_MARK.search(line)
        and bool(_ENDS_IN_ORGAN.search(line))
    )


_CLAUSE_MARK = re.compile(r"[。；;，,\t|:：]")
_ENDS_IN_ORGAN = re.compile(_ORGAN_SUFFIX + r"(?:（[^）]*）)?$")


def with_government(name: str) -> str:
    """A place-only name as its government's name (南薰乡 -> 南薰乡人民政府).

    A province-level name in front of a lower place is dropped (重庆市奉节县
    -> 奉节县人民政府): the county's government is named by the county."""
    if _PLACE_ONLY.search(name) and not _NOT_GOVERNMENT.search(name):
        return _without_province(name) + "人民政府"
    return name


def _without_province(place: str) -> str:
    for province in gazetteer():
        if place.startswith(province) and len(place) > len(province) + 1:
            return place[len(province):]
    return place


#: A title's organ ends as an organ or a place does; a province alone
#: (四川省2019年…) is the province's government's report; a bare 街 (Tianjin's
#: 海滨街) is a 街道 and, like one, keeps its name as written.
_TITLE_ORGAN_END = re.compile(r"(?:" + _ORGAN_SUFFIX + r"|省|自治区|(?<=[\u4e00-\u9fa5]{2})街)(?:机关)?(?:（[^）]*）)?$")
_REPEATED_BEFORE_YEAR = re.compile(r"^(?P<name>[\u4e00-\u9fa5（）]{3,}?)(?P=name)+(?=(?:19|20)\d{2}|$)")


_LETTER_SPACING = re.compile(r"(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])")
_TRAILING_OF = re.compile(r"(?:关于|的)$")


def agency_from_title(title: str) -> str:
    """The organ a title names ('' when it names none)."""
    if not title:
        return ""
    # a letter-spaced title line (琼 海 市人 民 政 府) spells one name
    title = full_width_brackets(_LETTER_SPACING.sub("", title))
    # the name repeated by page chrome joined into the title (XX县人民政府XX县人民政府2021年…)
    title = _REPEATED_BEFORE_YEAR.sub(r"\g<name>", title)
    parts = TITLE_YEAR.split(title, maxsplit=1)
    before = parts[0].strip(" ：:，,") if parts else ""
    after = parts[-1] if len(parts) > 1 else title
    for candidate in (_TOPIC_WORDS.sub("", before), _REPORT_WORDS.sub("", after.strip())):
        candidate = without_page_junk(_TRAILING_OF.sub("", candidate.strip(" ：:，,")))
        # an organ's own staff body (中国科学院兰州分院机关) is its name too
        candidate = without_alias(candidate)
        if len(candidate) >= 2 and not _GENERIC.search(candidate) and (
            _TITLE_ORGAN_END.search(candidate) or _SECTOR.search(candidate)
        ):
            return with_government(candidate)
    return ""


#: A place in brackets after a name is part of it (开发区(白洋街道)).
_BRACKETED_PLACE = r"(?:[（(][\u4e00-\u9fa5]{2,12}[)）])?"
_PUBLISHER_LABEL = r"(?:发布单位|发布机构|发文机关|发文单位|来源单位|信息来源)"
# Label and value on one line only: a label closing a header row must not
# take the next row's first cell (the index number).
_PAGE_PUBLISHER = re.compile(
    _PUBLISHER_LABEL + r"[ \t]*[|:：][ \t]*(?P<name>[^\s|:：•·]{2,30}?)(?=\s|\||发布|浏览|点击|•|$)", re.M
)
_NAME_BEFORE_YEAR = re.compile(
    r"(?:依据|根据|按照|现将|公布|由|对|和|是|^|[，,。；;：:\s“（(])"
    r"(?P<name>[\u4e00-\u9fa5]{2,20}?" + _ORGAN_SUFFIX + _BRACKETED_PLACE + r")(?:19|20)\d{2}年度?(?:政府|政务)?信息公开", re.M
)
# The year first, then a bare place or organ, then the report words
# ("现公布2012年凤安镇政府信息公开工作年度报告").
_NAME_AFTER_YEAR = re.compile(
    r"(?:19|20)\d{2}(?:年度|年(?!度))(?P<name>[\u4e00-\u9fa5]{2,20}?" + _ORGAN_SUFFIX + r")"
    r"(?:(?<!人民)政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_NAME_AT_START = re.compile(
    r"^(?P<name>[\u4e00-\u9fa5]{2,20}?" + _ORGAN_SUFFIX + r")(?:依据|根据|按照|认真|严格|坚持|深入|高度|紧紧|围绕)"
)
_NAME_AT_LINE = re.compile(_NAME_AT_START.pattern, re.M)  # last: a paragraph's (一、总体情况\n吴淞街道根据…)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"\||\t", line.strip().strip("|"))]


def _publisher_by_column(lines: list[str]) -> str:
    """The publisher in a header row / value row table (索引号 | 发布机构 |
    on one line, the values below it): the value under the label's column."""
    for header, values in zip(lines, lines[1:]):
        heads = _cells(header)
        if len(heads) < 2:
            continue
        for i, head in enumerate(heads):
            if re.fullmatch(_PUBLISHER_LABEL, head):
                row = _cells(values)
                if len(row) == len(heads) and is_organ_name(row[i]):
                    return row[i]
    return ""


def agency_from_page(text: str) -> str:
    """The publisher a saved web page states in its header (发布单位 | …,
    a header row with its value row, a bulleted 发布机构: field); only a
    value that looks like an organ name (see is_organ_name)."""
    head = text[:1500]
    by_column = _publisher_by_column(head.split("\n")[:12])
    if by_column:
        return by_column
    for m in _PAGE_PUBLISHER.finditer(head):
        if is_organ_name(m.group("name")):
            return m.group("name")
    return ""


#: The report's own title quoted in the lead-in (现发布《工业和信息化部政府
#: 信息公开工作2011年度报告》).
_QUOTED_TITLE = re.compile(r"《(?P<title>[^《》\n]{4,60}?(?:报告|年报))》")


def agency_from_quoted_title(text: str) -> str:
    """The organ of the report title the opening text quotes ('' if none)."""
    for m in _QUOTED_TITLE.finditer(text, 0, 1500):
        name = agency_from_title(m.group("title"))
        if name:
            return name
    return ""


def agency_from_text(text: str) -> str:
    """An organ named where the text introduces itself: before the report
    year ("依据锡山区司法局2010年政府信息公开工作情况"), opening the text
    ("五河县临北回族乡依据《条例》"), or opening a sentence ("2020年XX街道
    严格贯彻…")."""
    head = text[:1500]
    for pattern in (_NAME_BEFORE_YEAR, _NAME_AFTER_YEAR, _NAME_AT_START, _OPENING_NAME, _NAME_AT_LINE):
        names = []
        for m in pattern.finditer(head):
            # the lazy match may start too early ("本年报是依据锡山区司法局")
            name = without_lead_words(re.split(r"依据|根据|按照|现将|公布|是", m.group("name"))[-1])
            if len(name) >= 2 and not _GENERIC.search(name):
                if pattern is not _OPENING_NAME:
                    return with_government(name)
                names.append(name)
        if names:
            # a template's sentence may name another organ as the actor
            # (2024年,平乡县人民政府办公室认真… in 寻召乡's report): of the
            # actors the opening sentences name, the one the text names most
            # wins, the first on a tie
            return with_government(max(names, key=lambda n: (text.count(n), -names.index(n))))
    return ""


def agency_from_name_line(text: str) -> str:
    """The organ written as a line of its own right after a title line that
    names none (2020年度信息公开工作年度报告 / 安徽农业大学), '' if none."""
    lines = [line.strip() for line in text[:600].split("\n")[:8] if line.strip()]
    for above, line in zip(lines, lines[1:]):
        if re.search(r"报告|年报", above) and len(line) <= 25 and is_organ_name(line):
            return with_government(line)
    return ""


#: "请与XX联系" / "联系单位：XX": the organ a reader is sent to.
_CONTACT = re.compile(
    r"(?:请与|请向|可与|可向|请联系|请咨询|联系单位\s*[:：]\s*)(?P<name>[\u4e00-\u9fa5（）()]{2,40}?" + _BRACKETED_PLACE + r")"
    r"(?:联系|咨询|[，,。;；（(]|$)", re.M
)
#: An address that is the organ itself (地址：XX县XX乡人民政府；).
_ADDRESS_NAME = re.compile(
    r"地址\s*[:：为是]?\s*(?P<name>[\u4e00-\u9fa5（）]{3,30}?" + _ORGAN_SUFFIX + r")"
    r"(?:驻地|院内|大院|机关|办公楼)?(?=[；;，,。)）\s]|$)"
)
#: Where the unit inside an organ begins (…水利局政府信息公开工作领导小组办公室,
#: …街道党政综合办公室): the organ is what comes before. A government's
#: information centre or e-government office (XX县政府信息中心) compiles
#: the government's report: the organ is the government.
_SUB_UNIT = re.compile(r"(?:(?<!人民)政府|政务)?信息公开|政务公开|党政|党群|综合办|综合科|领导小组|工作小组"
                       r"|(?:人民)?政府(?=信息中心|电子政务(?:办公室|中心)|公开办)")
#: A town named after its district's government (章贡区人民政府水东镇).
_TOWN_AFTER_GOVERNMENT = re.compile(r"^.+?人民政府(?P<town>[\u4e00-\u9fa5]{2,8}(?:乡|镇))$")


def agency_from_contact(text: str) -> str:
    """The organ a title-less text names where it tells readers whom to
    contact ("请与闽侯县水利局政府信息公开工作领导小组办公室联系") or where its
    address is the organ itself ("地址：建水县青龙镇人民政府；"); the office
    inside the organ is dropped, and a bare 乡/镇 gets 人民政府 only when the
    text itself writes it so."""
    flat = re.sub(r"[ \t\u3000]+", "", text)
    own_office = bool(_SELF_OFFICE.search(flat, 0, 3000))
    for pattern in (_CONTACT, _ADDRESS_NAME):
        for m in pattern.finditer(flat):
            name = _organ_of_unit(m.group("name"), own_office)
            if is_organ_name(name):
                return _as_written_government(name, flat)
    return ""


#: Who compiled the report ("本报告由岳阳县民政局根据《条例》规定编制",
#: "，中丁乡编制了2013年…"): in a title-less text, the issuing organ.
_COMPILER = re.compile(
    r"(?:由|[，,。；;：:]|^)(?P<name>[\u4e00-\u9fa5（）]{2,40}?)(?:根据[^。；;，,]{0,60}?)?(?:负责|汇总|组织)?(?:编制|编写)", re.M
)


#: "本报告由XX根据《条例》(…),汇总…编制": the clause after the organ may
#: hold commas, so the organ is what stands between 由 and that clause.
_COMPILED_BY = re.compile(
    r"本(?:年度)?(?:报告|年报)(?:[^。；;由]{0,60}?[，,])?(?:是)?由(?P<name>[\u4e00-\u9fa5（）]{2,40}?)(?:[（(](?:以下)?简称[^（()）]{2,20}[)）])?"
    r"(?:根据|依据|按照|按|结合|汇总|负责|组织|编制|编写|围绕|在)"
)


def agency_from_compiler(text: str) -> str:
    """The organ the lead-in says compiled the report, without the office
    inside it and any clause before it; a place-only name
    (清江浦区政务公开领导小组办公室 -> 清江浦区) stands for its government,
    as in a title."""
    head = text[:1500]
    for m in (*_COMPILED_BY.finditer(head), *_COMPILER.finditer(head)):
        name = without_lead_words(_organ_of_unit(re.split(r"由|是|将(?!乐)", m.group("name"))[-1]))
        if is_organ_name(name):
            return with_government(re.sub(r"(?<!人民)政府$", "人民政府", name))
    return ""


#: A section inside an organ, after its name (…办公室文电科, …局办公股).
_SECTION_AFTER_ORGAN = re.compile(r"(?:(?<=办公室)|(?<=办公厅)|(?<=[局委厅]))[\u4e00-\u9fa5]{1,6}(?:科|股)$")
#: A text calling itself 我办/本办: an organ's office reports for itself
#: (本办法, 我办理 are other words).
_SELF_OFFICE = re.compile(r"(?:我|本)办(?![法理事好结公])")


def _organ_of_unit(unit: str, own_office: bool = False) -> str:
    """The organ of a contact unit: everything before the office inside it;
    an office (…人民政府办公室) stays itself when the text calls itself
    我办 (`own_office`)."""
    cut = _SUB_UNIT.search(unit)
    if cut and cut.start() < 2:
        return ""  # only the unit (党政办公室): the organ is not named
    name = unit[: cut.start()] if cut else unit
    name = _SECTION_AFTER_ORGAN.sub("", name)
    if own_office and name.endswith(("办公室", "办公厅")):
        return name
    if name.endswith(("办公室", "办公厅")) and re.search(_ORGAN_SUFFIX + r"$", name[:-3]):
        name = name[:-3]  # the organ's own office (…水东镇办公室, 海关总署办公厅)
    town = _TOWN_AFTER_GOVERNMENT.match(name)
    return town.group("town") if town else name


def _as_written_government(name: str, flat: str) -> str:
    """A bare 乡/镇 as its government when the text writes that government
    (中丁乡 -> 中丁乡人民政府 where 中丁乡人民政府 or 中丁乡政府 appears),
    else as written; other names unchanged."""
    if re.search(r"(?:乡|镇)$", name) and written_with_government(name, flat):
        return name + "人民政府"
    return name


#: A title naming an organ's whole system (西藏自治区邮政管理系统: the 区局
#: and the city offices under it).
_SYSTEM_IN_TITLE = re.compile(r"(?P<stem>[\u4e00-\u9fa5]{3,20}?)系统$")


def agency_from_system_title(title: str, text: str) -> str:
    """The organ heading the system a title names, as the text writes it
    (西藏自治区邮政管理系统 -> 西藏自治区邮政管理局); '' when the title names
    no system or the text never writes its head organ."""
    parts = TITLE_YEAR.split(title, maxsplit=1) if title else []
    m = _SYSTEM_IN_TITLE.search(parts[0].strip(" ：:，,")) if len(parts) > 1 else None
    if not m:
        return ""
    head = re.search(re.escape(m.group("stem")) + r"(?:局|厅|委员会|办公室)", text)
    return head.group(0) if head else ""
