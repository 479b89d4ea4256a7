"""A report's title, the year it covers, when it was published and its table
format (which organ issued it: agency.py; where it is, its rank and type:
`indexer.places`, fed by `place_context`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import Iterator


_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "О": "0"}
_CN_SMALL = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_YEAR = r"(?P<y>(?:19|20)\d{2}|[〇零○О一二][〇零○О一二三四五六七八九]{3})"
DATE = re.compile(
    _YEAR + r"\s*[年\-/.．]\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*[月\-/.．]"
    r"\s*(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?)?"
)
_PUBLISHED = re.compile(r"(?:发布|发表|成文|印发|生成|发文|公开)(?:日期|时间)\s*(?:[:：]\s*[|｜]?|[|｜])\s*")
#: a page header's bare 时间: label (时间：2021-01-20), read near the top only
_PAGE_TIME = re.compile(r"(?<![\u4e00-\u9fa5])(?:时间|日期)\s*[:：]\s*")
# The year of a title, also written bare before the report words
# (龙湾区审计局2019政务信息公开年报).
TITLE_YEAR = re.compile(
    _YEAR + r"\s*(?:年度?|(?=(?:政府|政务)?信息公开|政务公开|(?:工作)?(?:年度)?(?:报告|年报)))"
)


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


def iso_date(m: re.Match) -> str:
    """A DATE match as 'YYYY-MM-DD' (or 'YYYY-MM' without a day); '' for
    an impossible month."""
    year, month = cn_year(m.group("y")), _cn_small(m.group("m"))
    if not 1 <= month <= 12:
        return ""
    if m.group("d"):
        day = _cn_small(m.group("d"))
        if 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"


@lru_cache(maxsize=1)
def _regions() -> dict:
    """Provinces with their prefecture-level names, and the county-level
    names (zones left out), read from the divisions table (`indexer.places`)."""
    from indexer.places import divisions

    table = divisions()
    current = sorted((d for d in table.by_code.values() if d.first_year is None), key=lambda d: d.code)
    provinces: dict[str, list[str]] = {d.name: [] for d in current if d.rank == "province"}
    counties = []
    for d in current:
        chain = table.chain(d.code)
        if d.rank == "city" and chain[-1] is d:
            provinces[chain[0].name].append(d.name)
        elif d.rank == "county" and chain[-1] is d and not d.is_zone:
            counties.append(d.name)
    return {"provinces": provinces, "counties": counties}


def gazetteer() -> dict[str, list[str]]:
    """Province -> prefecture-level names (municipalities: none), loaded once per process."""
    return _regions()["provinces"]


@lru_cache(maxsize=1)
def known_places() -> frozenset[str]:
    """Every province, prefecture and county-level name of 3+ characters
    the packaged gazetteer holds (金水区, 梅河口市, 扎赉特旗)."""
    provinces = gazetteer()
    names = set(provinces) | {c for cities in provinces.values() for c in cities} | set(_regions().get("counties", ()))
    return frozenset(n for n in names if len(n) >= 3)


@lru_cache(maxsize=1)
def known_place_sizes() -> dict[str, tuple[int, ...]]:
    """The lengths of the known places (`known_places`) by their first two
    characters, shortest first: the only lengths worth trying where a text
    holds those two characters."""
    sizes: dict[str, set[int]] = {}
    for name in known_places():
        sizes.setdefault(name[:2], set()).add(len(name))
    return {start: tuple(sorted(found)) for start, found in sizes.items()}


@lru_cache(maxsize=1)
def city_province() -> dict[str, str]:
    """Prefecture-level name -> its province."""
    return {city: prov for prov, cities in gazetteer().items() for city in cities}


def find_published(text: str, signed: str) -> str:
    """The signing date, else a 发布日期 stated on the page; '' if neither."""
    if signed:
        return signed
    for m in _PUBLISHED.finditer(text):
        d = DATE.match(text, m.end())
        if d:
            return iso_date(d)
    for m in _PAGE_TIME.finditer(text, 0, 1500):
        d = DATE.match(text, m.end())
        if d:
            return iso_date(d)
    d = _DATE_THEN_PUBLISHER.search(text, 0, 1500)
    return iso_date(d) if d else ""


#: a page header's date written before its publisher label (2021-02-09 发布:XX县人民政府办公室)
_DATE_THEN_PUBLISHER = re.compile(DATE.pattern + r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s*)?(?:发布|发表)(?:人|者|机构|单位)?\s*[:：]")


_ADDRESS = re.compile(r"地址\s*[:：为是]?\s*([^，,。；;）)\s]{4,40})")


def place_context(title: str, text: str) -> str:
    """What tells where an organ is when its name does not: the title, the
    contact addresses, then the opening text."""
    # (a 联系/通讯/办公 before 地址 changes no match's group: the scan starts at 地址, which is quicker)
    addresses = _ADDRESS.findall(text)
    return "\n".join([title, *addresses, text])


#: A "label: value" line of a saved page's metadata (• 公文生成日期:2012-03-31).
_PAGE_FIELD = re.compile(r"^[•·●▪*\-]?\s*(?P<label>[\u4e00-\u9fa5][\u4e00-\u9fa5 ]{0,7})\s*[:：]")


#: A line of site controls (关怀版 无障碍, 繁体 English): page chrome, never title.
_CHROME_LINE = re.compile(
    r"^(?:(?:关怀版|无障碍|长者模式|长者版|适老版|繁體|繁体|简体|English|登录|注册|首页|打印本页|打印|关闭窗口|关闭"
    r"|收藏|分享到?|字号|字体|[大中小]|视力保护色|目\s*录|下载|站内搜索|搜\s*索|检索)[\s|/:：]*)+$"
)
#: A breadcrumb line (首页 >> 信息公开 >> 年度报告, > 信息公开 > 2022) or its
#: "you are here" label: page chrome, never title.
_BREADCRUMB = re.compile(
    r"(?:^|\s)(?:>|＞|»|›){1,2}\s*\S|^(?:您?(?:现在|当前)?(?:所在)?的?位置)\s*[:：]"
    r"|^首页\s*/|\S\s/\s\S[^/]*\s/\s\S"  # 首页/ 政府信息公开 / 年报 / 正文
)
#: A page field label written anywhere on a line (文 号: 关键字: …), spaces
#: between its characters removed first.
_FIELD_LABEL = re.compile(
    r"(?:索引号|文号|关键字|关键词|主题词|所属机构|发布机构|发文机关|生成日期|成文日期|发文日期|主题分类|公开方式|公开范围|有效性)[:：]"
)
#: A 标题 cell of a header row (标 题 | XX2014年…报告 |).
_TITLE_CELL = re.compile(r"^标\s*题\s*[|｜]\s*(?P<title>[^|｜]+?)\s*(?:[|｜]|$)")
#: A line of report words only (信息公开年度报告): a column name, not a title.
_REPORT_WORDS_ONLY = re.compile(r"^(?:(?:政府|政务)?信息公开|政务公开)?(?:工作)?(?:年度)?(?:报告|年报)$")
#: An organ named before a title's year (大英县政府办公室2020年…): that line is
#: the whole title; lines above it are the site's name or slogan.
_NAME_BEFORE_TITLE_YEAR = re.compile(
    r"^[\u4e00-\u9fa5（）()]{2,40}?(?:政府|局|厅|委|办|室|院|所|部|中心|署|会|站|队|街道|办事处|镇|乡|区|县|市|旗|州|盟|机关)"
    r"\s*(?:(?:19|20)\d{2}|[〇零○一二][〇零○一二三四五六七八九]{3})\s*年"
)


#: empty table cells and rules at the end of a line (|, ｜ with blanks only between them)
_TRAILING_RULES = re.compile(r"(?:\s*[|｜])+\s*$|^(?:[|｜]\s*)+")

_MENU_ITEM = re.compile(r"^[-•·●▪*]\s*[\u4e00-\u9fa5]{2,8}$")


#: A line holding only a date (a page header's value under its label).
_DATE_ONLY = re.compile(r"[•·●▪*\-]?\s*" + DATE.pattern + r"\s*")


def _first_lines(preamble: str) -> list[str]:
    """The first 12 lines that are not blank, stripped, rules cut off their ends
    (only a line holding a rule can change)."""
    firsts = islice(filter(None, (l.strip() for l in preamble.split("\n"))), 12)
    return [_TRAILING_RULES.sub("", l) if "|" in l or "｜" in l else l for l in firsts]


def find_title(preamble: str) -> str:
    """The title line(s) before the report body, joined; '' when none."""
    # a table's rules printed after a title cell (…年度报告 | ||||) are no page field
    lines = [l for l in _first_lines(preamble) if l]
    collected: list[str] = []
    field_title = undated = ""
    for line in lines:
        if line.startswith(("根据", "按照", "依据", "本年度", "本报告", "本年报")):
            break
        if _CHROME_LINE.match(line) or _BREADCRUMB.search(line):
            continue
        if _DATE_ONLY.fullmatch(line):
            collected = []  # a page field's value on its own line (• 2021年03月18日)
            continue
        if _MENU_ITEM.match(line) and not TITLE_YEAR.search(line):
            collected = []  # a bulleted site-menu link (- 发展报告), never the title
            continue
        field = _PAGE_FIELD.match(line)
        if (field or "|" in line or "\t" in line or _HEADER_FIELD.search(line)
                or _FIELD_LABEL.search(line.replace(" ", ""))):
            # a saved page's header fields, not the title; a 标题: field is
            # the title only when no title line follows
            if field and re.fullmatch(r"标\s*题|题\s*名|名\s*称", field.group("label").strip()):
                field_title = line[field.end():].strip()
            cell = _TITLE_CELL.match(line)
            if cell:
                field_title = cell.group("title")
            collected = []
            continue
        m = _REPORT_WORD.search(line)
        if m and m.end() <= 70:
            if _PROSE_BEFORE_REPORT.search(line[: m.end()]):
                break
            if not collected and _REPORT_WORDS_ONLY.match(line):
                continue  # the column's name above the title
            if _NAME_BEFORE_TITLE_YEAR.match(line):
                collected = []
            collected.append(line[: m.end()] if len(line) > 70 else line)
            title = "".join(collected)
            if TITLE_YEAR.search(title) or undated:
                return title if TITLE_YEAR.search(title) else undated
            # a site's name and column (XX区人民政府 / 政府信息公开年报) above
            # the dated title of the report itself: the dated one wins
            undated, collected = title, []
            continue
        if len(line) > 40 or _SENTENCE_MARK.search(line) or line.startswith(("根据", "本年度", "本报告")):
            break
        collected.append(line)
    return undated or (field_title if _REPORT_WORD.search(field_title) else "")


_HEADER_FIELD = re.compile(r"(?:发布|浏览|来源|字体)[^|]{0,6}[:：]")
_REPORT_WORD = re.compile(r"报告|年报")
_PROSE_BEFORE_REPORT = re.compile(r"[。，,；《]|现将")
_SENTENCE_MARK = re.compile(r"[。；]")


#: An academic year (2019-2020学年, 2019年9月1日—2020年8月31日): a
#: university's report is that of the year the period ends in.
_ACADEMIC_YEAR = re.compile(
    r"(?P<start>(?:19|20)\d{2})\s*(?:[-—–~至]\s*(?P<end>(?:19|20)\d{2})\s*学年"
    r"|年\s*[7-9]\s*月\s*\d{1,2}\s*日?\s*(?:至|到|[-—–~])+\s*(?P<end2>(?:19|20)\d{2})\s*年)"
)


_PAST_REPORT = re.compile(r"(?<![现特])(?:发布|公布|编制|报送|上报|完成)了?$")


def find_year(title: str, text: str, published: str) -> tuple[int | None, bool]:
    """(year the statistics cover, inferred-from-publication flag); the
    title's year first, an academic year's end year next."""
    for c in _year_candidates(title, text):
        year = cn_year(c)
        if 2007 <= year <= 2040 and not (published and year > int(published[:4])):
            return year, False
    if published:
        return int(published[:4]) - 1, True
    return None, False


_YEAR_PATTERNS = tuple(re.compile(p) for p in (
    r"统计(?:期限|期间|时限|时间)(?:为|是)?(?:自|从)?" + _YEAR + r"年",
    _YEAR + r"年\s*1\s*月\s*1\s*日(?:起)?\s*(?:至|到|—|-)",
    _YEAR + r"[-/.．]0?1[-/.．]0?1(?:日|号)?(?:起)?\s*(?:至|到|—)",  # 自2015-1-1起至2015-12-31止
    _YEAR + r"年度?(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)",
    _YEAR + r"年(?:度)?[，,]",
))
_OPENING_YEAR = re.compile(r"((?:19|20)\d{2})年")


def _year_candidates(title: str, text: str) -> Iterator[str]:
    """The years `find_year` weighs, in order of trust; lazily, since the
    first one in range (usually the title's) settles it."""
    m = TITLE_YEAR.search(title)
    if m:
        yield m.group("y")
    academic = _ACADEMIC_YEAR.search(text, 0, 3000)
    end = academic and (academic.group("end") or academic.group("end2"))
    if end and int(end) == int(academic.group("start")) + 1:
        yield end
    opening = text[:3000]
    for pattern in _YEAR_PATTERNS:
        # a past report the text says was published (发布2019年…年度报告)
        # is no year of its own; 现发布 announces this one
        m = next((m for m in pattern.finditer(opening) if not _PAST_REPORT.search(text[max(0, m.start() - 4):m.start()])), None)
        if m:
            yield m.group("y")
    # Last resort: the year the opening text speaks of most.
    counts: dict[str, int] = {}
    for y in _OPENING_YEAR.findall(opening):
        counts[y] = counts.get(y, 0) + 1
    if counts:
        yield max(counts, key=lambda y: (counts[y], y))


@lru_cache(maxsize=1)
def enclosing_names() -> tuple[str, ...]:
    """Prefecture-level cities, then provinces (municipalities included),
    longest first so 吉林省 is not read as 吉林市's province by accident."""
    return tuple(sorted(city_province(), key=len, reverse=True)) + tuple(sorted(gazetteer(), key=len, reverse=True))


def enclosing_name(county: str, text: str) -> str:
    """The city (or, failing that, province) the text writes right before
    `county` (淮安市洪泽区 -> 淮安市), '' when it writes none."""
    flat = "".join(text.split())  # = re.sub(r"\s+", "", text): both cut at str.isspace, this is quicker
    if county not in flat:
        return ""
    # Look only right before each place the county is written: the first
    # name in `enclosing_names` order that stands there wins.
    rank, lengths = enclosing_rank()
    best = None
    start = flat.find(county)
    while start != -1:
        for size in lengths:
            found = rank.get(flat[max(0, start - size):start]) if size <= start else None
            if found is not None and (best is None or found < best):
                best = found
        start = flat.find(county, start + 1)
    return enclosing_names()[best] if best is not None else ""


@lru_cache(maxsize=1)
def enclosing_rank() -> tuple[dict[str, int], tuple[int, ...]]:
    """Each name of `enclosing_names` -> its first place there, and the
    names' lengths: for looking up what is written right before a place."""
    names = enclosing_names()
    rank: dict[str, int] = {}
    for i, name in enumerate(names):
        rank.setdefault(name, i)
    return rank, tuple(sorted({len(n) for n in names}))


#: Words only the 2021 (2019) format's tables print.
_FORMAT_2021_WORDS = ("本年制发件数", "现行有效件数", "逾期不补正", "逾期未按收费通知")
_FORMAT_2019_WORDS = ("第二十条第（一）项", "本年新制作数量", "三安全一稳定")


def find_format(year: int | None, text: str) -> str:
    """pre2019 / 2019 / 2021 from the year and the table layout."""
    # the year first, then substring tests for the alternations of literals
    # (the same answer: a literal alternation matches where one of them is written)
    if (year and year >= 2021) or any(w in text for w in _FORMAT_2021_WORDS):
        return "2021"
    if (year and year >= 2019) or any(w in text for w in _FORMAT_2019_WORDS):
        return "2019"
    if year:
        return "pre2019"
    return ""
