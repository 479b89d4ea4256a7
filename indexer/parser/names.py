"""An organ's name: what one can look like (is_organ_name), the text glued
to it that is not part of it — a clause or lead word in front (按…要求对,
现发布), a page's slogan, search box or column in front, a bracketed second
name after it, the same name repeated by page chrome, chrome words and
file-name fragments (目录, 【打印】, 报_) — and its one
spelling: full-width brackets, the fullest form the text itself writes
(fuller_name, official_form, with_city), the whole of a name holding 和
(with_and_compound) and the unabbreviated words and city a short name
leaves out (with_full_words).
"""
from __future__ import annotations

import re
from functools import lru_cache

from indexer.parser.name_scans import places_before, prefixes_before
from indexer.places import name_shapes as shapes
from indexer.places.organs import vertical_prefixes
from indexer.parser.metadata import (
    city_province, enclosing_name, enclosing_names, enclosing_rank, gazetteer, known_place_sizes, known_places,
)

ORGAN_SUFFIX = shapes.pattern("organ_suffix")
GENERIC = re.compile(shapes.pattern("generic"))
#: A province's or city's whole sector as a title names it (江苏省淮安市气象部门).
SECTOR = re.compile(r"[省市县区州旗盟](?!各|有关|相关|所属)[\u4e00-\u9fa5]{2,6}部门$")
#: What no organ's name holds: a site's slogan in quotes, its search box, a
#: breadcrumb, its column name (安岳县教育和体育局政府信息公开安岳县教育局).
#: A name holding it is cut after the last one (see without_page_junk).
#: Page chrome printed around a title (目录, 【打印】, 字号 大 中 小, a
#: flipbook's file name 2020年报_审计局) is junk too: no name holds it.
PAGE_JUNK = re.compile(shapes.pattern("page_junk"))
#: Verbs and prepositions that open a clause and never sit inside an organ's
#: name (按县政府办要求对XX局, 包括XX苏木人民政府, 现发布XX局); the lookaheads
#: keep the names that hold the same characters (将乐县, 向阳区, 对外经济,
#: 为民服务中心).
LEAD_WORDS = re.compile(shapes.pattern("lead_words"))
#: A name opening with a county-level or higher place (绥阳县…).
PLACED = re.compile(r"^[\u4e00-\u9fa5]{1,7}?(?:省|自治区|市|县|区|旗|州|盟)")
#: A second name of the organ in brackets after its name (…服务中心（市妇幼保健院）).
_ALIAS = re.compile(r"（[^（）]{2,20}(?:院|局|中心|所|站|委|委员会|管委会|办|校|处|厅)）$")
_NOT_IN_NAME = re.compile(r"[\d/\\\-:：•·|。，,；;\s]")
#: A bare 街 (Tianjin's 海滨街) is a 街道's place name; a street (大街,
#: 步行街, 路街) is not.
_ENDS_AS_ORGAN = re.compile(r"(?:" + ORGAN_SUFFIX + r"|(?<=[\u4e00-\u9fa5]{2})(?<![大行路老])街)(?:机关)?$")
#: The same name written two or more times in a row (page chrome and title
#: lines joined: 左贡县人民政府左贡县人民政府).
_REPEATED = re.compile(r"^(?P<name>.{3,}?)(?P=name)+$")
#: Verbs and adverbs of a body sentence that never open an organ's name
#: (为有效促进区…, 监督全镇…, 结合天津港保税区…), and site words that never
#: close one (…街道办事处子网站).
_VERB_START = re.compile(shapes.pattern("verb_start") + "+")
_SITE_END = re.compile(shapes.pattern("site_end") + "$")


@lru_cache(maxsize=16384)
def is_organ_name(name: str) -> bool:
    """Whether `name` can be an issuing organ: Chinese words ending in an
    organ or place suffix, never an index number, date or code (digits,
    slashes, dashes) nor a run of page fields (':', '•'). Remembered: the
    rules and the span scan ask about the same names report after report."""
    return (
        2 <= len(name) <= 40
        and not _NOT_IN_NAME.search(name)
        and not GENERIC.search(name)
        and not PAGE_JUNK.search(name)
        and not _VERB_START.match(name)
        and not _SITE_END.search(name)
        # 嘉兴科技城（大桥镇）: the bracketed part may carry the suffix
        and (bool(_ENDS_AS_ORGAN.search(re.sub(r"[（）()]", "", name))) or bool(SECTOR.search(name)))
    )


def from_known_place(name: str) -> str:
    """`name` cut to begin at the first province, prefecture or county the
    gazetteer knows, when words that are no place stand before it
    (联系梅河口市应急管理局 -> 梅河口市应急管理局, 结合金水区… -> 金水区…);
    unchanged when it opens with a known place, holds none, or what stands
    before it is a place or an organ the name is under (大连金州区…,
    国家税务总局珠海市税务局), or when the rest is no organ's name."""
    places, sizes_at = known_places(), _place_sizes_at()
    for i in range(len(name) - 2):
        # only the lengths of the places that begin with these two characters
        sizes = sizes_at.get(name[i:i + 2])
        if not sizes or not any(name[i:i + k] in places for k in sizes):
            continue
        prefix, rest = name[:i], name[i:]
        if prefix.endswith(("（", "(")):
            return name  # a place in brackets after a zone's name (高新区（新市区）市场监督管理局): one name
        if not prefix or prefix[-1] in _PLACE_ENDS or _ENDS_AS_ORGAN.search(prefix) or prefix.startswith(_UPPER):
            return name
        if any(prefix[-k:] + end in places for k in (2, 3) for end in ("市", "省", "自治区")):
            return name  # a city or province written short (大连金州区)
        return rest if is_organ_name(rest) else name
    return name


_PLACE_SIZES = (3, 4, 5, 6, 7, 8, 9)


@lru_cache(maxsize=1)
def _place_sizes_at() -> dict[str, tuple[int, ...]]:
    """`known_place_sizes` limited to _PLACE_SIZES."""
    kept = ((start, tuple(k for k in sizes if k in _PLACE_SIZES)) for start, sizes in known_place_sizes().items())
    return {start: sizes for start, sizes in kept if sizes}
_PLACE_ENDS = "省市州盟县区旗镇乡"
#: What opens a name whose local organ is under a national one.
_UPPER = ("国家", "中国", "中华", "中共", "共青团")


def without_lead_words(name: str) -> str:
    """`name` without the clause glued before it: first cut at a known place
    (from_known_place), else what follows the last verb or preposition
    (按县政府办要求对XX县医疗保障局 -> XX县医疗保障局, 现发布省市场监管局 ->
    省市场监管局); '' when what follows is no organ's name; unchanged when
    it holds none."""
    verb = _VERB_START.match(name)
    if verb:  # a sentence's verb is no name's start: the name is what follows it, if any
        rest = name[verb.end():]
        return rest if len(rest) >= 3 and is_organ_name(rest) else ""
    placed = from_known_place(name)
    if placed != name:
        return placed
    last = None
    for last in LEAD_WORDS.finditer(name):
        pass
    if last is None:
        return name
    rest = name[last.end():]
    if len(last.group()) == 1 and not PLACED.match(rest):
        return name  # one character may be a place's own (经纬街道): cut only before a place
    return rest if len(rest) >= 3 and is_organ_name(rest) else ""


def without_alias(name: str) -> str:
    """`name` without a bracketed second name of the organ after it
    (XX服务中心（市妇幼保健院） -> XX服务中心); a bracketed place stays
    (嘉兴科技城（大桥镇）)."""
    return name[: name.rindex("（")] if _ALIAS.search(name) and not name.startswith("（") else name


def without_page_junk(name: str) -> str:
    """`name` without the page text glued before it: what follows the last
    slogan quote, 搜索, breadcrumb or column name (搜索真正让“遂宁效率”成为
    “遂宁品牌”大英县政府办公室 -> 大英县政府办公室); '' when nothing that
    looks like an organ follows it; unchanged when it holds no such junk.
    A particle between a place and its government goes (XX乡的政府 -> XX乡政府)."""
    name = _PARTICLE.sub("", name)
    last = None
    for last in PAGE_JUNK.finditer(name):
        pass
    if last is None:
        return name
    rest = name[last.end():]
    return rest if len(rest) >= 3 and is_organ_name(rest) else ""


_PARTICLE = re.compile(r"(?<=[乡镇县区市旗])的(?=(?:人民)?政府$)")


def without_repeats(name: str) -> str:
    """`name` written once when it is the same name repeated
    (左贡县人民政府左贡县人民政府 -> 左贡县人民政府); else unchanged."""
    m = _REPEATED.match(name)
    return m.group("name") if m else name


#: Where a name written in full starts: after punctuation, a quote or a
#: book-title mark, never mid-sentence (依据2011年度福建省… is no name's start).
_NAME_START = r"(?:(?<=[《“\"「（(，,。；;：:、\s])|^)"
#: Words an organ's name abbreviates (市场监管局 for 市场监督管理局).
_SHORT_WORDS = tuple(tuple(w.split("=", 1)) for w in shapes.words("short_word"))


def with_and_compound(agency: str, flat: str) -> str:
    """The whole name when `agency` is the part after 和 of a name holding
    和 (社会保障厅 where the text writes 福建省人力资源和社会保障厅, 住房和
    城乡建设, 文化和旅游): the text must write the whole name starting after
    punctuation or a quote, and the part before 和 must open with a place
    and not itself end as an organ (市政府和XX局 names two organs). Else `agency` unchanged.
    `flat` is the text without spaces."""
    if len(agency) < 3 or PLACED.match(agency):
        return agency  # a name opening with its place is whole already
    if "和" + agency not in flat:
        return agency  # what the pattern below needs, checked without compiling it
    pattern = _NAME_START + r"(?P<left>[\u4e00-\u9fa5]{2,12})和" + re.escape(agency)
    for m in re.finditer(pattern, flat, re.M):
        left = m.group("left")
        whole = left + "和" + agency
        if (PLACED.match(left) and not _ENDS_AS_ORGAN.search(left) and not LEAD_WORDS.search(left)
                and is_organ_name(whole)):
            return whole
    return agency


#: 政府 after a bare 区/县/旗 before a bureau (区政府国资局); an office
#: (县政府办) is the government's own and keeps it.
_GOVERNMENT_GLUED = re.compile(r"(?<=^[县区旗])政府(?=[\u4e00-\u9fa5]{1,10}(?:局|委员会|委)$)")


def with_full_words(agency: str, flat: str) -> str:
    """The fuller form of a short name that the text itself writes: the
    city in front of a name opening with a bare 市/州/盟/省 (市林业局 with
    池州市林业局 in the text), 监督管理 for 监管 (永靖县市场监管局 with
    永靖县市场监督管理局 in the text), or both. Nothing the text does not
    write is added; else `agency` unchanged. 政府 glued after a bare
    区/县/旗 before a bureau (区政府国资局) goes when the text writes the
    bureau with its place (浑南区国资局)."""
    if len(agency) < 3:
        return agency
    forms = [agency]
    for short, full in _SHORT_WORDS:
        if short in agency:
            forms.insert(0, agency.replace(short, full))
    # 区政府国资局: 政府 glued from 区政府 before one of its bureaus; the
    # text may write the bureau with its place (浑南区国资局)
    unglued = _GOVERNMENT_GLUED.sub("", agency, count=1) if agency[1:3] == "政府" else agency
    for form in forms + ([unglued] if unglued != agency else []):
        if agency[0] in "县区旗" and len(form) >= 4:
            # 县公安局 where the text writes 白水县公安局: a place the gazetteer knows
            at = flat.find(form, 1)
            while at != -1:
                place = next((flat[at - n:at + 1] for n in range(5, 0, -1)
                              if n <= at and flat[at - n:at + 1] in known_places()), "")
                if place:
                    return place + form[1:]
                at = flat.find(form, at + 1)
            if form == unglued != agency:
                continue  # the bureau without its place is no spelling the text vouches for
        if agency[0] in "市州盟省":
            for place in places_before(form, flat) if form in flat else ():
                city = next((n for n in enclosing_names() if n.endswith(agency[0]) and place.endswith(n[:-1])), "")
                if city:
                    return city + form[1:]
        elif form != agency and form in flat:
            return form
    return agency


def full_width_brackets(name: str) -> str:
    """Half-width brackets as full-width: 嘉兴科技城(大桥镇) -> 嘉兴科技城（大桥镇）."""
    return name.replace("(", "（").replace(")", "）")


# -- one spelling per organ: the fullest form the text writes --------------------

#: National offices whose local offices are named under them
#: (国家税务总局珠海市税务局): written in front, the prefix is part of the name.
_VERTICAL_PREFIXES = vertical_prefixes()
_VERTICAL_ENDS = frozenset(v[-1] for v in _VERTICAL_PREFIXES if v)


#: Characters that open a clause, never a place name (由洪江区… is 洪江区…),
#: and those no place name holds at all (报告由洪江区…).
_FUNCTION_CHARS = shapes.words("function_chars")[0]
_NEVER_IN_PLACE = shapes.words("never_in_place")[0]
_ZONE = r"(?:开发区|高新区|新区|园区|示范区|试验区|保税区|自贸区)$"
_OFFICE_OF = {"办事处": re.compile(r"街道$"), "管理委员会": re.compile(_ZONE), "管委会": re.compile(_ZONE)}


def fuller_name(agency: str, text: str, zone_office: bool = False) -> str:
    """The fuller form of `agency` the text itself writes: its county-level
    place in front (张义镇人民政府 -> 凉州区张义镇人民政府) and/or the
    office after a bare 街道 (沅江路街道 -> 洪江区沅江路街道办事处), and with
    `zone_office` a zone's 管委会 (天津港保税区 -> 天津港保税区管理委员会).

    A prefecture or province is never put in front (that is with_city's
    rule), nor anything before a name that already opens with a county."""
    if not agency or len(agency) < 3:
        return agency
    flat = "".join(text.split())  # = _SPACES.sub("", text): both cut at str.isspace, this is quicker
    has_county = bool(_COUNTY_OPENING.match(agency))
    best = agency
    for start, end, written_office in _written_with_office(agency, flat):
        if _in_location(flat, start, end):
            continue
        # a 街道's office, a zone's 管委会 (天津港保税区 -> 天津港保税区管理委员会)
        office = written_office if _OFFICE_OF[written_office or "办事处"].search(agency) else ""
        office = "" if office != "办事处" and not zone_office else office
        prefix = "" if has_county else _county_before(flat, start)
        candidate = prefix + agency + (office or "")
        if not prefix:
            candidate = _vertical_before(agency, flat, start) + candidate
        if len(candidate) > len(best):
            best = candidate
    if best == agency:
        best = _placed_form(agency, flat)
    return best


def _vertical_before(agency: str, flat: str, start: int) -> str:
    """The first national office's prefix (国家税务总局) written right before
    `agency` at `start` in `flat` and not already its start; '' for none."""
    if not start or flat[start - 1:start] not in _VERTICAL_ENDS:
        return ""  # a prefix written right before the name ends in the character before it
    return next((v for v in _VERTICAL_PREFIXES if start >= len(v) and flat.startswith(v, start - len(v))
                 and not agency.startswith(v)), "")


_SPACES = re.compile(r"\s+")
_OFFICES = ("办事处", "管理委员会", "管委会")


def _written_with_office(agency: str, flat: str):
    """(start, end, office) of each occurrence of `agency` in `flat`, left to
    right and not overlapping, with the office (办事处, 管理委员会, 管委会)
    written right after it, if any, in the span: what a regex of the
    agency and an optional office group finds, with no regex to compile per
    agency (a report's own name, so a new pattern every report)."""
    at = flat.find(agency)
    while at != -1:
        end = at + len(agency)
        office = next((o for o in _OFFICES if flat.startswith(o, end)), None)
        if office:
            end += len(office)
        yield at, end, office
        at = flat.find(agency, end)


def _placed_form(agency: str, flat: str) -> str:
    """A placeless name (第三中学) as the text writes it in full behind a
    book-title mark or punctuation with its places in front (《安徽省涡阳第三中学
    2022年…》); the name unchanged when it has places already, is a
    township's or street's, or the text writes no such form."""
    from indexer.places import describe

    if PLACED.match(agency) or _TOWNSHIP_NAME.search(agency) or not describe(agency).place_unknown:
        return agency  # 乡镇街道 keep their name as written (see with_city)
    if agency not in flat:
        return agency  # what the scan below needs
    for prefix in prefixes_before(agency, flat):
        if PLACED.match(prefix) and not LEAD_WORDS.search(prefix) and not describe(prefix + agency).place_unknown:
            return prefix + agency
    return agency


def official_form(agency: str, text: str) -> str:
    """The full form of an abbreviated `agency` that the text writes as a
    line of its own at the top (巴州人民政府 with a header line
    巴音郭楞蒙古自治州人民政府): same first character, same ending, the
    short name's characters in order within the long one; else `agency`."""
    if len(agency) < 3:
        return agency
    for line in text[:600].split("\n")[:8]:
        full = line.strip()
        if len(full) <= len(agency) or full[0] != agency[0] or not is_organ_name(full):
            continue
        tail = len(agency)
        while tail and full[tail - len(agency) - 1] == agency[tail - 1]:
            tail -= 1  # tail: length of the short name's part before the shared ending
        if tail == len(agency) or not _in_order(agency[:tail], full[: len(full) - len(agency) + tail]):
            continue
        return full
    return agency


def _in_order(short: str, long: str) -> bool:
    """Whether the characters of `short` occur in `long` in that order."""
    chars = iter(long)
    return all(c in chars for c in short)


#: An address label a little before a name (地址：东阳市六石街道…).
_ADDRESS_LABEL = re.compile(r"地址\s*[:：为是]?[\u4e00-\u9fa5]{0,10}$")
_NAME_END = "；;，,。)）、 \t"


def _in_location(flat: str, start: int, end: int) -> bool:
    """Whether flat[start:end] sits in an address that goes on to a street,
    village or building (地址：东阳市六石街道湖心塘村): a place there is a
    location, not the organ's name. An address that is just the organ's
    name (地址：建水县青龙镇人民政府；) still names it."""
    if not _ADDRESS_LABEL.search(flat, max(0, start - 14), start):
        return False
    return end < len(flat) and flat[end] not in _NAME_END


#: A list of organs, not a place (县委、县政府及县公安局: 政府及县 is no county).
_CONJUNCTION_IN_PLACE = re.compile(r"[及与]|政府|和(?=县|区|市|旗)")


def _county_before(flat: str, end: int) -> str:
    """The county-level name (洪江区) written right before position `end`,
    '' when there is none or it belongs to a prefecture/province name."""
    names, sizes = enclosing_rank()
    if any(flat[max(0, end - size):end] in names for size in sizes):
        return ""
    places = known_places()
    for size in range(9, 2, -1):  # a county the gazetteer knows wins (联系梅河口市 -> 梅河口市)
        if flat[max(0, end - size):end] in places and size <= end:
            return flat[end - size:end]
    longest = 6
    for lead in LEAD_WORDS.finditer(flat, max(0, end - 8), end):
        longest = min(longest, end - lead.end())  # 包括扎赉特旗: the place starts after 包括
    for size in range(longest, 2, -1):
        p = flat[max(0, end - size):end]
        if (
            len(p) == size
            and re.fullmatch(r"[\u4e00-\u9fa5]{2,5}(?:区|县|旗|市)", p)
            and not re.search(r"[省市区县旗]", p[:-1])
            and p[0] not in _FUNCTION_CHARS
            and not any(c in _NEVER_IN_PLACE for c in p)
            and not _CONJUNCTION_IN_PLACE.search(p)
            and p not in city_province()
        ):
            return p
    return ""


#: A township's or street's own name (…乡人民政府, …街道办事处): written as is.
_TOWNSHIP_NAME = re.compile(r"(?:街道办事处|街道|乡|镇|苏木)(?:人民政府|政府|办事处)?$|(?:街道|乡|镇)办事处$")
#: A county-level name opening an organ's name (洪泽区人民政府, 相山区外资办).
_COUNTY_OPENING = re.compile(r"^[\u4e00-\u9fa5]{1,6}?(?:区|县|旗|市)")


def with_city(agency: str, text: str) -> str:
    """The agency with its city in front when the agency opens with a
    county-level name and the text itself writes that city right before it
    (洪泽区人民政府 with 淮安市洪泽区 in the text -> 淮安市洪泽区人民政府).

    Nothing the text does not write is added. 乡镇街道 keep their name as
    written (平房区友协街道办事处): the district there only tells which
    街道, and that is the form the issue and the pages use."""
    m = _COUNTY_OPENING.match(agency)
    if not m or _TOWNSHIP_NAME.search(agency):
        return agency
    county = m.group(0)
    if county in city_province() or county in gazetteer():
        return agency  # already opens with a prefecture or province
    # a province-level city (重庆市奉节县) is a province: never put in front
    city = enclosing_name(county, text)
    return city + agency if city in city_province() else agency
