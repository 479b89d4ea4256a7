"""Who issued a report, for which year, when, where, at which level.

Agency rule (kept the same everywhere): the organ named in the title line;
when the title names only a place (哈尔滨市松北区, 南薰乡), the report is that
place's government's, so the agency is the place + 人民政府 — the office that
compiled and signed it (…人民政府办公室) is not the issuer. A 街道 keeps its
name as written (a 街道 has no 人民政府). Without a usable title: the
signature line at the end, then the name in an opening sentence
("2020年佳木斯市前进区港湾街道严格贯彻…"). A text that only says 我局/我乡
gets no agency and a warning instead of a guess. Whatever the source, a
candidate must look like an organ (is_organ_name: no index number, date or
page-field debris), and the fullest form of the name the text writes wins
(沅江路街道 -> 洪江区沅江路街道办事处; see fuller_name). Two spelling rules make
one organ one name: brackets are full-width, and a county-level name opening
the agency (洪泽区人民政府, 相山区外资办) gets the city the text itself writes
right before it (淮安市洪泽区 -> 淮安市洪泽区人民政府); no city is ever added
that the text does not write, and 乡镇街道 keep their name as written.

Level: development zones and their 管委会 (开发区, 高新区, 科技城 …) get no
level, and parse_report says so in a warning: their rank differs from zone
to zone (a national 高新区 can rank above a county), so 县级 would often be
wrong.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from indexer.model import Region

_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "О": "0"}
_CN_SMALL = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_YEAR = r"(?P<y>(?:19|20)\d{2}|[〇零○О一二][〇零○О一二三四五六七八九]{3})"
_DATE = re.compile(
    _YEAR + r"\s*[年\-/.．]\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*[月\-/.．]"
    r"\s*(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?)?"
)
_PUBLISHED = re.compile(r"(?:发布|成文|印发)(?:日期|时间)\s*[:：|]\s*")
# The year of a title, also written bare before the report words
# (龙湾区审计局2019政务信息公开年报).
_TITLE_YEAR = re.compile(
    _YEAR + r"\s*(?:年度?|(?=(?:政府|政务)?信息公开|政务公开|(?:工作)?(?:年度)?(?:报告|年报)))"
)
# "政府" right after 人民 belongs to the organ (张义镇人民政府信息公开…).
_REPORT_WORDS = re.compile(
    r"(?:关于)?(?:的)?(?:(?<!人民)政府|政务)?(?:信息)?(?:公开)?(?:工作)?(?:年度)?(?:报告|年报)$"
)
_TOPIC_WORDS = re.compile(r"(?:的)?(?:(?:(?<!人民)政府|政务)?信息公开|政务公开)(?:工作)?$")
_ORGAN_SUFFIX = (
    r"(?:人民政府办公室|人民政府办公厅|人民政府|政府|街道办事处|办事处|街道|管理委员会|管委会|委员会"
    r"|局|厅|委|办公室|办|中心|署|院|所|队|站|镇|乡|区|县|市|旗|州|盟)"
)
_OPENING_NAME = re.compile(
    r"(?:(?:19|20)\d{2}年度?|年以来|本年度)[，,]?\s*(?P<name>[\u4e00-\u9fa5（）]{2,30}?" + _ORGAN_SUFFIX + r")"
    r"(?:党工委|党委|党组)?[、和及]?(?:认真|严格|深入|坚持|高度|按照|紧紧|始终|围绕|全面|进一步|积极|持续|继续"
    r"|扎实|不断|切实|结合|紧扣|牢固|着力|以|在|把|共|主动|依法|贯彻|未|无|没有)"
)
_PLACE_ONLY = re.compile(r"(?:省|自治区|市|区|县|旗|乡|镇|州|盟)$")
_NOT_GOVERNMENT = re.compile(r"(?:开发区|高新区|新区|园区|示范区|试验区|保税区|风景区|景区|自贸区|街道|社区)$")
_GENERIC = re.compile(r"^(?:本|我|该|各|全|此)|^(?:政府|信息|公开|年度|工作)|[我《》]")


def cn_year(s: str) -> int:
    """'2020' or '二〇二〇' as an int."""
    return int("".join(_CN_YEAR_DIGITS.get(c, c) for c in s))


def _cn_small(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_SMALL.get(s[1:], 0)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return _CN_SMALL.get(tens, 0) * 10 + _CN_SMALL.get(ones, 0)
    return _CN_SMALL.get(s, 0)


def _iso(m: re.Match) -> str:
    year, month = cn_year(m.group("y")), _cn_small(m.group("m"))
    if not 1 <= month <= 12:
        return ""
    if m.group("d"):
        day = _cn_small(m.group("d"))
        if 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, list[str]]:
    """Province -> prefecture-level names, loaded once per process."""
    path = Path(__file__).resolve().parent.parent / "data" / "regions.json"
    return json.loads(path.read_text(encoding="utf-8"))["provinces"]


@lru_cache(maxsize=1)
def _city_province() -> dict[str, str]:
    return {city: prov for prov, cities in gazetteer().items() for city in cities}


def split_signature(text: str) -> tuple[str, str, str]:
    """(text without the closing signature, signing organ, ISO date).

    The signature is the last lines: an organ name and a date, in either
    order or on one line; page numbers after them are dropped too."""
    lines = text.rstrip().split("\n")
    end = len(lines)
    while end and re.fullmatch(r"\s*[-—]?\s*\d{1,3}\s*[-—]?\s*", lines[end - 1]):
        end -= 1  # trailing page number
    organ, date, cut = "", "", end
    for i in range(end - 1, max(end - 4, -1), -1):
        line = lines[i].strip()
        if not line:
            continue
        m = _DATE.search(line)
        if not date and m and m.end() >= len(line) - 1 and len(line) <= 45:
            date = _iso(m)
            head = line[: m.start()].strip()
            cut = i
            if head and _looks_like_organ(head):
                organ = head
                break
            continue
        if date and not organ and _looks_like_organ(line):
            organ, cut = line, i
        break
    if not date and not organ:
        return "\n".join(lines[:end]).rstrip(), "", ""
    return "\n".join(lines[:cut]).rstrip(), organ, date


def _looks_like_organ(line: str) -> bool:
    return (
        2 <= len(line) <= 40
        and not re.search(r"[。；;，,\t|:：]", line)
        and bool(re.search(_ORGAN_SUFFIX + r"(?:（[^）]*）)?$", line))
    )


def find_published(text: str, signed: str) -> str:
    """The signing date, else a 发布日期 stated on the page; '' if neither."""
    if signed:
        return signed
    m = _PUBLISHED.search(text)
    if m:
        d = _DATE.match(text, m.end())
        if d:
            return _iso(d)
    return ""


#: A "label: value" line of a saved page's metadata (• 公文生成日期:2012-03-31).
_PAGE_FIELD = re.compile(r"^[•·●▪*\-]?\s*(?P<label>[\u4e00-\u9fa5][\u4e00-\u9fa5 ]{0,7})\s*[:：]")


def find_title(preamble: str) -> str:
    """The title line(s) before the report body, joined; '' when none."""
    lines = [l.strip() for l in preamble.split("\n") if l.strip()][:8]
    collected: list[str] = []
    field_title = ""
    for line in lines:
        if line.startswith(("根据", "按照", "依据", "本年度", "本报告", "本年报")):
            break
        field = _PAGE_FIELD.match(line)
        if field or "|" in line or "\t" in line or re.search(r"(?:发布|浏览|来源|字体)[^|]{0,6}[:：]", line):
            # a saved page's header fields, not the title; a 标题: field is
            # the title only when no title line follows
            if field and re.fullmatch(r"标\s*题|题\s*名|名\s*称", field.group("label").strip()):
                field_title = line[field.end():].strip()
            collected = []
            continue
        m = re.search(r"报告|年报", line)
        if m and m.end() <= 70:
            if re.search(r"[。，,；《]|现将", line[: m.end()]):
                break
            collected.append(line[: m.end()] if len(line) > 70 else line)
            return "".join(collected)
        if len(line) > 40 or re.search(r"[。；]", line) or line.startswith(("根据", "本年度", "本报告")):
            break
        collected.append(line)
    return field_title if re.search(r"报告|年报", field_title) else ""


def find_year(title: str, text: str, published: str) -> tuple[int | None, bool]:
    """(year the statistics cover, inferred-from-publication flag)."""
    candidates = []
    m = _TITLE_YEAR.search(title)
    if m:
        candidates.append(m.group("y"))
    for pattern in (
        r"统计(?:期限|期间|时限|时间)(?:为|是)?(?:自|从)?" + _YEAR + r"年",
        _YEAR + r"年\s*1\s*月\s*1\s*日(?:起)?\s*(?:至|到|—|-)",
        _YEAR + r"年度?(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)",
        _YEAR + r"年(?:度)?[，,]",
    ):
        m = re.search(pattern, text[:3000])
        if m:
            candidates.append(m.group("y"))
    # Last resort: the year the opening text speaks of most.
    counts: dict[str, int] = {}
    for y in re.findall(r"((?:19|20)\d{2})年", text[:3000]):
        counts[y] = counts.get(y, 0) + 1
    if counts:
        candidates.append(max(counts, key=lambda y: (counts[y], y)))
    for c in candidates:
        year = cn_year(c)
        if 2007 <= year <= 2040 and not (published and year > int(published[:4])):
            return year, False
    if published:
        return int(published[:4]) - 1, True
    return None, False


def with_government(name: str) -> str:
    """A place-only name as its government's name (南薰乡 -> 南薰乡人民政府)."""
    if _PLACE_ONLY.search(name) and not _NOT_GOVERNMENT.search(name):
        return name + "人民政府"
    return name


def agency_from_title(title: str) -> str:
    """The organ a title names ('' when it names none)."""
    if not title:
        return ""
    parts = _TITLE_YEAR.split(title, maxsplit=1)
    before = parts[0].strip(" ：:，,") if parts else ""
    after = parts[-1] if len(parts) > 1 else title
    for candidate in (_TOPIC_WORDS.sub("", before), _REPORT_WORDS.sub("", after.strip())):
        candidate = re.sub(r"(?:关于|的)$", "", candidate.strip(" ：:，,"))
        if len(candidate) >= 2 and not _GENERIC.search(candidate) and re.search(_ORGAN_SUFFIX + r"(?:（[^）]*）)?$", candidate):
            return with_government(candidate)
    return ""


_PUBLISHER_LABEL = r"(?:发布单位|发布机构|发文机关|发文单位|来源单位|信息来源)"
# Label and value on one line only: a label closing a header row must not
# take the next row's first cell (the index number).
_PAGE_PUBLISHER = re.compile(
    _PUBLISHER_LABEL + r"[ \t]*[|:：][ \t]*(?P<name>[^\s|:：•·]{2,30}?)(?=\s|\||发布|浏览|点击|•|$)", re.M
)
_NAME_BEFORE_YEAR = re.compile(
    r"(?:依据|根据|按照|现将|公布|由|对|和|是|^|[，,。；;：:\s“（(])"
    r"(?P<name>[\u4e00-\u9fa5]{2,20}?" + _ORGAN_SUFFIX + r")(?:19|20)\d{2}年度?(?:政府|政务)?信息公开", re.M
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


def is_organ_name(name: str) -> bool:
    """Whether `name` can be an issuing organ: Chinese words ending in an
    organ or place suffix, never an index number, date or code (digits,
    slashes, dashes) nor a run of page fields (':', '•')."""
    return (
        2 <= len(name) <= 40
        and not re.search(r"[\d/\\\-:：•·|。，,；;\s]", name)
        and not _GENERIC.search(name)
        # 嘉兴科技城（大桥镇）: the bracketed part may carry the suffix
        and bool(re.search(_ORGAN_SUFFIX + r"$", re.sub(r"[（）()]", "", name)))
    )


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


def agency_from_text(text: str) -> str:
    """An organ named where the text introduces itself: before the report
    year ("依据锡山区司法局2010年政府信息公开工作情况"), opening the text
    ("五河县临北回族乡依据《条例》"), or opening a sentence ("2020年XX街道
    严格贯彻…")."""
    head = text[:1500]
    for pattern in (_NAME_BEFORE_YEAR, _NAME_AFTER_YEAR, _NAME_AT_START, _OPENING_NAME):
        for m in pattern.finditer(head):
            # the lazy match may start too early ("本年报是依据锡山区司法局")
            name = re.split(r"依据|根据|按照|现将|公布|是", m.group("name"))[-1]
            if len(name) >= 2 and not _GENERIC.search(name):
                return with_government(name)
    return ""


#: Characters that open a clause, never a place name (由洪江区… is 洪江区…),
#: and those no place name holds at all (报告由洪江区…).
_FUNCTION_CHARS = "由在对和是的于经据为及与向将按受本我该其"
_NEVER_IN_PLACE = "由在对是的据我该其报告编制发布来源"


def fuller_name(agency: str, text: str) -> str:
    """The fuller form of `agency` the text itself writes: its county-level
    place in front (张义镇人民政府 -> 凉州区张义镇人民政府) and/or the
    office after a bare 街道 (沅江路街道 -> 洪江区沅江路街道办事处).

    A prefecture or province is never put in front (that is with_city's
    rule), nor anything before a name that already opens with a county."""
    if not agency or len(agency) < 3:
        return agency
    flat = re.sub(r"\s+", "", text)
    has_county = bool(_COUNTY_OPENING.match(agency))
    best = agency
    for m in re.finditer(re.escape(agency) + r"(?P<office>办事处)?", flat):
        office = m.group("office") if agency.endswith("街道") else ""
        prefix = "" if has_county else _county_before(flat, m.start())
        candidate = prefix + agency + (office or "")
        if len(candidate) > len(best):
            best = candidate
    return best


def _county_before(flat: str, end: int) -> str:
    """The county-level name (洪江区) written right before position `end`,
    '' when there is none or it belongs to a prefecture/province name."""
    if any(flat[max(0, end - len(n)):end] == n for n in _enclosing()):
        return ""
    for size in range(6, 2, -1):
        p = flat[max(0, end - size):end]
        if (
            len(p) == size
            and re.fullmatch(r"[\u4e00-\u9fa5]{2,5}(?:区|县|旗|市)", p)
            and not re.search(r"[省市区县旗]", p[:-1])
            and p[0] not in _FUNCTION_CHARS
            and not any(c in _NEVER_IN_PLACE for c in p)
            and p not in _city_province()
        ):
            return p
    return ""


def find_region(agency: str, title: str, text: str) -> Region:
    """Province / city / county from what the text writes, never guessed.

    Names are read from the agency, the title and the contact addresses.
    A county-level name (the county part) gets its city only when a city of
    the gazetteer is written right before it somewhere in the text
    (哈尔滨市平房区) or in those names; a bare 沭阳县 leaves city and
    province empty. The province follows from the city, or is written.
    """
    addresses = re.findall(r"(?:联系)?地址\s*[:：为是]?\s*([^，,。；;）)\s]{4,40})", text)
    sources = [agency, title, *addresses]
    cities = _city_province()
    region = Region()
    for source in sources:
        region.city = next((c for c in cities if c in source), "")
        if region.city:
            region.province = cities[region.city]
            break
    if not region.province:
        region.province = next((p for source in sources for p in _enclosing() if p in source and p in gazetteer()), "")
    anchor = region.city or (region.province if region.province.endswith("市") else "")
    county_re = re.compile(r"([\u4e00-\u9fa5]{1,5}?(?:区|县|旗|市))")
    for source in sources:
        start = source.find(anchor) + len(anchor) if anchor and anchor in source else 0
        m = county_re.match(source, start)
        if m and _plausible_county(m.group(1), region):
            region.county = m.group(1)
            break
    if region.county and not region.city:
        written = enclosing_name(region.county, text)
        if written in cities:
            region.city, region.province = written, cities[written]
        elif written and not region.province:
            region.province = written
    return region


@lru_cache(maxsize=1)
def _enclosing() -> tuple[str, ...]:
    """Prefecture-level cities, then provinces (municipalities included),
    longest first so 吉林省 is not read as 吉林市's province by accident."""
    return tuple(sorted(_city_province(), key=len, reverse=True)) + tuple(sorted(gazetteer(), key=len, reverse=True))


def enclosing_name(county: str, text: str) -> str:
    """The city (or, failing that, province) the text writes right before
    `county` (淮安市洪泽区 -> 淮安市), '' when it writes none."""
    flat = re.sub(r"\s+", "", text)
    if county not in flat:
        return ""
    return next((name for name in _enclosing() if name + county in flat), "")


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
    if not m or find_level(agency) == "乡镇街道":
        return agency
    county = m.group(0)
    if county in _city_province() or county in gazetteer():
        return agency  # already opens with a prefecture or province
    city = enclosing_name(county, text)
    return city + agency if city in _city_province() or city.endswith("市") else agency


def full_width_brackets(name: str) -> str:
    """Half-width brackets as full-width: 嘉兴科技城(大桥镇) -> 嘉兴科技城（大桥镇）."""
    return name.replace("(", "（").replace(")", "）")


#: Development zones and their 管委会: their rank varies (a national 高新区
#: may rank above a county, a local 园区 below), so no level is told.
_ZONE_BODY = re.compile(r"(?:开发区|高新区|新区|园区|科技城|示范区|试验区|保税区|自贸区|管委会|管理委员会)$")


def is_zone_body(agency: str) -> bool:
    """Whether the agency is a development zone or its 管委会."""
    return bool(_ZONE_BODY.search(re.sub(r"（[^）]*）$", "", agency)))


def _plausible_county(name: str, region: Region) -> bool:
    if name in (region.province, region.city) or name in _city_province() or name in gazetteer():
        return False
    return 2 <= len(name) <= 6 and not re.search(r"开发|高新|经济|园|新区$|城区$|^本|^我|^全|^各|省|政府", name)


def find_level(agency: str) -> str:
    """省级 / 市级 / 县级 / 乡镇街道 / 部门 from the agency name ('' if unclear)."""
    a = re.sub(r"（[^）]*）$", "", agency)
    if not a or is_zone_body(a):
        return ""
    if re.search(r"(?:街道办事处|街道|乡|镇)(?:人民政府|政府|办事处)?$", a) or re.search(r"(?:街道|乡|镇)办事处$", a):
        return "乡镇街道"
    if re.search(r"(?:局|委员会|委|办公室|办公厅|办|厅|中心|院|所|队|站|署|处)$", a):
        return "部门"
    m = re.fullmatch(r"(.+?)(?:人民政府|政府)", a)
    if not m:
        return ""
    place = m.group(1)
    if place in gazetteer() or re.search(r"(?:省|自治区)$", place):
        return "省级"
    last = re.findall(r"[\u4e00-\u9fa5]+?(?:省|自治区|市|州|盟|地区|区|县|旗)", place)
    tail = last[-1] if last else place
    if re.search(r"(?:区|县|旗)$", tail):
        return "县级"
    if tail in _city_province() or re.search(r"(?:州|盟|地区)$", tail):
        return "市级"
    if tail.endswith("市"):
        return "县级"  # a county-level city: not a prefecture in the gazetteer
    return ""


def find_format(year: int | None, text: str) -> str:
    """pre2019 / 2019 / 2021 from the year and the table layout."""
    if re.search(r"本年制发件数|现行有效件数|逾期不补正|逾期未按收费通知", text) or (year and year >= 2021):
        return "2021"
    if (year and year >= 2019) or re.search(r"第二十条第（一）项|本年新制作数量|三安全一稳定", text):
        return "2019"
    if year:
        return "pre2019"
    return ""
