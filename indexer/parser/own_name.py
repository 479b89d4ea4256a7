"""The organ a text names only in passing: a text that calls itself 我局 /
我街 / 我社 and writes its own name only as the owner of its own rules or
working group (《姚安县农业农村局政府信息与政务公开工作制度》, 《龙潭街道…
考核办法》, …的XX局政府信息公开工作领导小组) or of its own website or 政务微信, written
in full with its place (在惠州市水务局门户网站上); and the full name a text
declares for a short one (广西壮族自治区北部湾经济区规划建设管理办公室
（以下简称自治区北部湾办）).
"""
from __future__ import annotations

import functools
import re

from collections import Counter

from indexer.parser.names import PLACED, is_organ_name, without_lead_words

#: What a text calls itself (我局) -> the endings its own name can have.
_SELF_ENDINGS = {
    "局": "局", "委": "委员会|委", "办": "办公室|办", "厅": "厅", "署": "署", "院": "院", "中心": "中心",
    "所": "所", "站": "站", "社": "社", "馆": "馆", "队": "队", "处": "处", "部": "部",
    "街": "街道办事处|街道", "乡": "乡人民政府|乡", "镇": "镇人民政府|镇", "区": "区人民政府|区",
    "县": "县人民政府|县", "市": "市人民政府|市", "苏木": "苏木人民政府|苏木",
}
_SELF = re.compile(r"我(?P<word>中心|苏木|局|委|办|厅|署|院|所|站|社|馆|队|处|部|街|乡|镇|区|县|市)(?![长里内外])")
#: Words after an organ's name that make a document or group its own.
_OWN_THING = r"(?:(?:政府|政务)?信?息(?:与政务)?公开|政务公开|依申请公开|新闻发言人|保密审查|(?:门户|入口|子)网站|政务(?:微信|微博))"


def agency_from_own_documents(text: str) -> str:
    """The organ a text that calls itself 我局/我街/… names as the owner of
    its own rules (《XX局信息公开制度》) or of its disclosure working group
    (…的XX局政府信息公开工作领导小组); the name must end as the text calls
    itself (我局 -> …局). A notice by another organ (《XX市人民政府办公室
    关于…》) is never taken. '' when there is no such name."""
    head = text[:3000]
    words = {m.group("word") for m in _SELF.finditer(head)}
    for word in sorted(words, key=head.find):
        pattern, ends_so = _own_patterns(_SELF_ENDINGS[word])
        for m in pattern.finditer(head):
            name = without_lead_words(_NAME_SPLIT.split(m.group("name"))[-1])
            if m.group(0).endswith(("网站", "微信", "微博")) and not PLACED.match(name):
                continue  # a site is named loosely (舒城招商局门户网站): only a placed full name counts
            if is_organ_name(name) and ends_so.search(name) and not name.startswith(word):
                return name
    return ""


_NAME_SPLIT = re.compile(r"的|为|由|和|及|成立|通过|了")


@functools.lru_cache(maxsize=None)  # one pair per ending of _SELF_ENDINGS
def _own_patterns(ending: str) -> tuple[re.Pattern, re.Pattern]:
    """The pattern of an organ's own document or group named with a name
    ending in `ending`, and the pattern of such an ending."""
    return (re.compile(
        # what its own group is set up as or its site publishes through
        # (成立哈日诺尔苏木政府信息公开领导小组, 通过XX街道办事处子网站)
        r"(?:《|成立|通过|了|[的，,。；;、：:\s])(?P<name>[\u4e00-\u9fa5（）]{2,24}?(?:" + ending + r"))" + _OWN_THING
    ), re.compile(r"(?:" + ending + r")$"))


#: A full name declaring the short one the text then uses
#: (广西壮族自治区北部湾经济区规划建设管理办公室（以下简称自治区北部湾办）).
_SHORT_FOR = re.compile(r"(?P<full>[\u4e00-\u9fa5（）]{4,40}?)[（(](?:以下)?简称[“\"]?(?P<short>[\u4e00-\u9fa5]{2,20})[”\"]?[)）]")


def _declarations(agency: str, text: str):
    """`_SHORT_FOR` matches around each 简称 followed by `agency`.

    Scanning the whole text with `_SHORT_FOR` tries a 4–40 character run at
    every position; nearly every report writes 简称 (for 《条例》), few for
    their own name, so only the stretch before such a 简称 is scanned.
    """
    at = text.find("简称")
    while at != -1:
        end = at + 2
        if agency in text[end:end + len(agency) + 2]:
            yield from _SHORT_FOR.finditer(text[max(0, at - 48):end + len(agency) + 3])
        at = text.find("简称", end)


def declared_full_name(agency: str, text: str) -> str:
    """The full name the text declares for `agency` when it writes
    `FULL（以下简称AGENCY）`; else `agency` unchanged."""
    if len(agency) < 2:
        return agency
    for m in _declarations(agency, text):
        if m.group("short") == agency:
            full = without_lead_words(re.split(r"[由的和是]", m.group("full"))[-1])
            if is_organ_name(full) and len(full) > len(agency):
                return full
    return agency


#: The organ's own budget or final accounts it says it published
#: (公开《2019年北京市东城区人民政府建国门街道办事处部门预算》).
_OWN_BUDGET = re.compile(r"《(?:19|20)\d{2}年度?(?P<name>[\u4e00-\u9fa5（）]{4,40}?)(?:部门)?(?:预算|决算)(?:公开)?》")


def agency_from_own_budget(text: str) -> str:
    """The organ whose budget (《2019年XX部门预算》) the opening text says it
    published, when that is the only organ so quoted and its name is written
    with its place; '' otherwise (a government's report listing its
    departments' budgets names several)."""
    names = {
        m.group("name") for m in _OWN_BUDGET.finditer(text, 0, 3000)
        if PLACED.match(m.group("name")) and is_organ_name(m.group("name"))
    }
    return names.pop() if len(names) == 1 else ""


#: An organ's own words after its place, ending as an organ does (司法局,
#: 自然资源局, 人民医院); the shortest such run is the name.
_OWN_WORDS_AFTER_PLACE = re.compile(
    r"[\u4e00-\u9fa5]{0,10}?(?:局|委员会|办公室|中心|院|所|站|馆|队|厅|管理委员会|管委会|集团|公司|学校|大学|学院)"
)
#: Organs a text names around its own without being the issuer: its
#: governments and party bodies, which oversee it.
_NOT_THE_ISSUER = re.compile(r"(?:人民政府|政府|党委|人大常委会|政协|纪委|监委)(?:办公室|办公厅)?$")


def agency_from_repeated_name(text: str) -> str:
    """The organ a text names with its place again and again without ever
    calling it the issuer (《朝阳市司法局政府信息公开制度》, 调整了甘南州自然资源局
    信息公开领导小组): among county-level-or-wider places written as a name's
    start, the organ written most often, at least twice and more often than
    any other; governments and party bodies, which oversee the organ, never.
    '' when there is none. The last resort of the agency finders."""
    from indexer.places import divisions
    from indexer.places.mentions import pair_positions, wide_starts_table

    table = divisions()
    flat = "".join(text[:4000].split())  # = re.sub(r"\s+", "", …): both cut at str.isspace
    counts: Counter = Counter()
    # left to right from where a wide name can start, going on after each place read
    free = 0
    for i in pair_positions(flat, wide_starts_table(table)):
        if i < free:
            continue
        size = next((k for k in range(min(table.wide_longest, len(flat) - i), 2, -1) if flat[i:i + k] in table.wide), 0)
        if not size:
            continue
        m = _OWN_WORDS_AFTER_PLACE.match(flat, i + size)
        if m:
            name = flat[i:m.end()]
            if is_organ_name(name) and not _NOT_THE_ISSUER.search(name) and not re.search(r"[省市区县州旗盟]$", m.group()[:1] or "x"):
                counts[name] += 1
        free = i + size
    if not counts:
        return ""
    ranked = counts.most_common(2)
    best, n = ranked[0]
    if n < 2 or (len(ranked) > 1 and ranked[1][1] == n):
        return ""
    return best


#: A page field naming where the page comes from (来源：XX局, 文章来源: XX局).
_SOURCE_FIELD = re.compile(r"(?:文章|信息|内容)?来源(?:单位)?\s*[:：]\s*(?P<name>[\u4e00-\u9fa5（）]{3,30})")


def agency_from_source_field(text: str) -> str:
    """The organ a page's 来源 field names, when the text calls itself by
    that organ's ending (来源：XX区交通运输局 on a text that says 我局): the
    field often names the site's government instead, so it is taken only
    so confirmed, written with its place, and after every other finder.
    '' otherwise."""
    head = text[:1500]
    words = {m.group("word") for m in _SELF.finditer(text, 0, 3000)}
    for m in _SOURCE_FIELD.finditer(head):
        name = m.group("name")
        if not (PLACED.match(name) and is_organ_name(name)):
            continue
        if any(_own_patterns(_SELF_ENDINGS[w])[1].search(name) for w in words):
            return name
    return ""


#: What a text calls itself -> the ending its organ's name would have, for its type.
_SELF_AS_ENDING = {"街": "街道", "苏木": "苏木", "乡": "乡", "镇": "镇", "局": "局", "委": "委", "厅": "厅", "署": "署",
                   "院": "院", "中心": "中心", "所": "所", "站": "站", "馆": "馆", "队": "队", "社": "社"}
_TOWNSHIP_SELF = ("街", "苏木", "乡", "镇")


@functools.lru_cache(maxsize=8)  # asked again for every name the rules propose for one text
def self_described(text: str) -> tuple[str, str]:
    """(level, organ_type) a text tells by what it calls itself most, at
    least twice (我街 → 乡镇街道, 街道办事处; 我局 → '', 政府部门): for a text
    that names no organ. ('', '') when it calls itself nothing telling
    (我县, 我办: a government or its office)."""
    from indexer.places.organs import organ_type_of

    if text.find("我", 0, 3000) < 0:
        return "", ""  # no _SELF match can end within the first 3000 characters
    words = Counter([m.group("word") for m in _SELF.finditer(text, 0, 3000)])
    if not words:
        return "", ""
    word, n = words.most_common(1)[0]
    if n < 2 or word not in _SELF_AS_ENDING:
        return "", ""
    return ("乡镇街道" if word in _TOWNSHIP_SELF else ""), organ_type_of(_SELF_AS_ENDING[word], None)


def contradicts_self(name: str, text: str) -> bool:
    """Whether the government `name` (a site's header, 天津市 or 东丰县人民政府)
    cannot be the organ of a text that calls itself, again and again, a
    street or township (我街) above whose rank it is, or a bureau, commission
    or institution (我局, 我委, 我院)."""
    from indexer.places import describe

    level, organ_type = self_described(text)
    if not organ_type:
        return False
    found = describe(name)
    if found.organ_type != "人民政府":
        return False
    if level == "乡镇街道":
        return found.level in ("省级", "市级", "县级")
    return organ_type in ("政府部门", "事业单位", "国有企业")
