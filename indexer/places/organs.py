"""What kind of organ a name is, the rank of its government, and the key
and display name that identify it.

Types and national names are data (`data/organ_types.tsv`,
`data/national_organs.tsv`); places come from the divisions table through
`locate`. Identity *across* reports is the build's step (`indexer.identity`);
here only what one report says.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from indexer.places.divisions import Division, divisions
from indexer.places.locate import Located, _chain_from_counts, locate
from indexer.places.mentions import mentioned

_DATA = Path(__file__).resolve().parent / "data"

#: ranks of the government an organ belongs to (the `level` facet)
LEVELS = ("国家级", "省级", "市级", "县级", "乡镇街道")
#: what an organ is (the `organ_type` facet)
ORGAN_TYPES = ("人民政府", "政府办公厅(室)", "政府部门", "街道办事处", "开发区管委会", "事业单位", "国有企业", "其他")
NATIONAL = "全国"
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_LEVEL_OF_RANK = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇街道"}
#: in a placeless name, the rank word the organ's own words follow tells its
#: government's rank (区教育局, 市政府办公室, XX县民政局, 某某街道办事处)
_LEVEL_OF_WORD = {"省": "省级", "自治区": "省级", "市": "市级", "州": "市级", "盟": "市级", "区": "县级", "县": "县级",
                  "旗": "县级", "乡": "乡镇街道", "镇": "乡镇街道", "街道": "乡镇街道", "苏木": "乡镇街道"}
_RANK_WORD = re.compile(
    r"(自治区|街道|苏木|省|市(?!场)|州|盟|(?<!开发)(?<![园新验范税作])区(?!域)|县(?!域)|旗|(?<!城)乡|(?<![城集])镇)"
    r"(?=(?:人民)?政府|[\u4e00-\u9fa5]{1,12}(?:局|委员会|委|办公室|办|中心|厅|处|站|所|院|队)$|(?<=[道乡镇木])$)")


def _rows(name: str) -> list[dict]:
    with (_DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


@lru_cache(maxsize=1)
def _type_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(r["pattern"]), r["organ_type"]) for r in _rows("organ_types.tsv"))


@lru_cache(maxsize=1)
def _national_starts() -> tuple[str, ...]:
    return tuple(r["start"] for r in _rows("national_organs.tsv"))


@lru_cache(maxsize=1)
def _vertical() -> tuple[tuple[str, str], ...]:
    """(prefix, organ type) of national organs with local offices named under them, longest first."""
    rows = [(r["prefix"], r["organ_type"]) for r in _rows("vertical_organs.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def vertical_prefixes() -> tuple[str, ...]:
    """The national organs written in front of their local offices' names (国家税务总局…)."""
    return tuple(p for p, _ in _vertical())


@dataclass
class OrganPlace:
    """What one report's text says about where its organ is and what it is."""

    chain: list[Division] = field(default_factory=list)  # widest first
    level: str = ""
    organ_type: str = ""
    national: bool = False
    place_unknown: bool = False  # no place from name or text
    rest: str = ""  # the organ's name after its places
    candidates: list[str] = field(default_factory=list)  # codes an ambiguous name may be
    # a township or street the name writes that the chain cannot hold: one the
    # table lacks (a street made since) or one of several namesakes
    township_written: str = ""

    def names(self) -> dict[str, str]:
        """province / city / county / township as names ('' when unknown)."""
        out = {"province": "", "city": "", "county": "", "township": ""}
        if self.national:
            out["province"] = NATIONAL
        for d in self.chain:
            out[d.rank] = d.name
        if self.township_written and not out["township"]:
            out["township"] = self.township_written
        if out["province"] in ("北京市", "天津市", "上海市", "重庆市") and not out["city"] and out["county"]:
            out["city"] = ""
        return out

    def copy(self) -> "OrganPlace":
        """A copy with lists of its own: what `dataclasses.replace(self,
        chain=list(…), candidates=list(…))` gives, without its walk over the fields."""
        return OrganPlace(list(self.chain), self.level, self.organ_type, self.national, self.place_unknown,
                          self.rest, list(self.candidates), self.township_written)

    @property
    def code(self) -> str:
        return self.chain[-1].code if self.chain else ""


_SPACES = re.compile(r"[\s\u3000]+")
_TRAILING_BRACKETS = re.compile(r"[（(][^）)]*[）)]$")


def _clean(name: str) -> str:
    return _SPACES.sub("", _TRAILING_BRACKETS.sub("", name or ""))


_MINISTRY = re.compile(r"[\u4e00-\u9fa5]{2,10}(?:部|总署)")
_PARTY_DEPARTMENT = re.compile(r"(?:武装|组织|宣传|统战)部$")


def is_national(name: str) -> bool:
    """A national organ: a 国务院 body, a ministry or a 国家… administration."""
    starts = _national_starts()
    # (one test in C for the usual name that starts with none of them)
    start = next((s for s in starts if name.startswith(s)), "") if name.startswith(starts) else ""
    if start and not (start.endswith("部") and name[len(start):len(start) + 1] == "门"):
        return True  # 水利部太湖流域管理局; 财政部门 is a sector, no ministry
    return bool(_MINISTRY.fullmatch(name)) and not _PARTY_DEPARTMENT.search(name)


_STAFF_BODY = re.compile(r"(?<=[局厅委办室院所部署处站队])机关$")
_PREPARATORY = re.compile(r"(?<=[局厅委办室院所部署处站队会府])筹备(?:处|组|办公室|办)$")
_ZONE_BODY = re.compile(r"(?:管理委员会|管委会|工委|人民政府|政府)")


def organ_type_of(rest: str, deepest: Division | None) -> str:
    """人民政府 / 政府办公厅(室) / … from the words after the places."""
    if not rest:
        if deepest is None:
            return ""
        if deepest.is_zone:
            return "开发区管委会"
        return "街道办事处" if deepest.rank == "township" and deepest.name.endswith("街道") else "人民政府"
    # an organ's own staff body (…分院机关) is of the organ's type
    rest = _STAFF_BODY.sub("", own_words(rest))
    # an organ being set up (…街道办事处筹备处, …管委会筹备组) is of the organ's type
    rest = _PREPARATORY.sub("", rest) or rest
    if deepest is not None and deepest.is_zone and _ZONE_BODY.fullmatch(rest):
        return "开发区管委会"  # the zone's own governing body
    return _type_by_rules(rest)


@lru_cache(maxsize=4096)
def _type_by_rules(rest: str) -> str:
    """The type of the first of organ_types.tsv's rules that `rest` matches,
    else 其他 (remembered: the same words come back name after name)."""
    for pattern, organ_type in _type_rules():
        if pattern.search(rest):
            return organ_type
    return "其他"


def describe(agency: str, context: str = "") -> OrganPlace:
    """Place chain, level, type of the organ named `agency`; `context` (title,
    addresses, text) completes a name that writes no place. '' agency: nothing."""
    if context:
        return _described(agency, context)
    # a name alone is asked about again and again (every name the rules
    # propose for a text, report after report): each answer is kept, and
    # given out as a copy of its own
    known = _described_alone(agency)
    return known.copy()


@lru_cache(maxsize=4096)
def _described_alone(agency: str) -> OrganPlace:
    return _described(agency, "")


def _described(agency: str, context: str) -> OrganPlace:
    name = _clean(agency)
    if not name:
        return OrganPlace(place_unknown=True)
    national = is_national(name)
    branch = _vertical_branch(name) or _known_zone(name)
    if branch is not None:
        return branch
    if national and mentioned(name):
        # a national organ's local branch (国家税务总局杭州市税务局): placed and ranked by its place
        branch = _chain_from_counts(mentioned(name), "county")
        return OrganPlace(branch, _LEVEL_OF_RANK[branch[-1].rank], "政府部门", rest=name) if branch else OrganPlace(
            [], "", "政府部门", place_unknown=True, rest=name)
    found: Located = locate(name, context) if not national else Located(rest=name)
    if national and not found.chain:
        return OrganPlace([], "国家级", organ_type_of(_national_rest(name), None) or "政府部门", national=True, rest=name)
    deepest = found.deepest if found.from_name else found.candidate
    organ_type = "其他" if _PARTY.match(name) else organ_type_of(found.rest, deepest)
    level = _level(found, organ_type)
    unknown = not found.chain or found.ambiguous
    candidates = []
    if found.ambiguous:
        candidates = [r[-1].code for r in _readings(name)]
    organ = OrganPlace(found.chain, level, organ_type, False, unknown, found.rest, candidates)
    if level == "乡镇街道" and (not found.chain or found.chain[-1].rank != "township"):
        organ.township_written = _township_written(name, found)
    return organ


#: a township's or street's own name at the end of an organ's name, with its
#: government or office after it (厚桥街道办事处, 太平镇人民政府)
_TOWNSHIP_AT_END = re.compile(
    r"(?P<t>[^省市县区旗州盟\s]{1,8}?(?:街道|镇|乡|苏木|(?<=[\u4e00-\u9fa5]{2})街))"
    r"(?:人民政府|政府|街道办事处|办事处|党政办公室|党政办)?(?:筹备处|筹备组)?$")
#: words that end like a township without being one (城乡, 全镇, 各乡镇)
_NO_TOWNSHIP = re.compile(r"^(?:本|我|该|各|全|此|城|乡)[镇乡]?$|^乡镇|城乡$|^(?:街道|大街)$")


def _township_written(name: str, found: Located) -> str:
    """The township or street `name` writes after its county when the table
    cannot place it: the street the table lacks under a known county
    (锡山区厚桥街道 written so), or a name several townships share and the
    text does not tell apart; '' when the name writes none."""
    tail = found.rest if found.chain and not found.ambiguous else name
    m = _TOWNSHIP_AT_END.search(tail)
    if not m or _NO_TOWNSHIP.search(m.group("t")):
        return ""
    t = m.group("t")
    return t + "道" if t.endswith("街") and not t.endswith("街道") else t


def _vertical_branch(name: str) -> OrganPlace | None:
    """A national organ's local office named under it (国家统计局湖北调查总队,
    中华人民共和国杭州海关): placed and ranked by the place right after the
    prefix, even written short (湖北, 宁波, 天门), of the type the data gives;
    None when `name` is no such office."""
    for prefix, organ_type in _vertical():
        if not name.startswith(prefix) or len(name) <= len(prefix) + 1:
            continue
        chain = _leading_place(name[len(prefix):])
        if chain:
            return OrganPlace(chain, _LEVEL_OF_RANK[chain[-1].rank], organ_type, rest=name)
        return None
    return None


@lru_cache(maxsize=1)
def _zones() -> tuple[tuple[str, str, str], ...]:
    """(name as written, division code, level) of the zones in data/zones.tsv, longest name first."""
    rows = []
    for r in _rows("zones.tsv"):
        for written in filter(None, [r["zone"], *r["also"].split("|")]):
            rows.append((written.strip(), r["code"], r["level"]))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _known_zone(name: str) -> OrganPlace | None:
    """A zone of data/zones.tsv, its 管委会 or one of its departments
    (平潭综合实验区财政金融局), after nothing that places it elsewhere
    (福建省平潭综合实验区…, a garbled 天津东疆综合东疆综保区…):
    placed and ranked as the data says; None for any other name."""
    for written, code, level in _zones():
        at = name.find(written)
        if at < 0:
            continue
        chain = divisions().chain(code)
        codes = {d.code for d in chain}
        if any(c not in codes for c in mentioned(name[:at])):
            continue  # a place written before it that the zone does not lie in (安徽省平潭…)
        rest = name[at + len(written):]
        if re.fullmatch(r"(?:管理委员会|管委会|工委|党工委管委会|人民政府|政府)?(?:办公室)?", rest):
            organ_type = "开发区管委会"
        else:
            organ_type = organ_type_of(rest, None)
        return OrganPlace(chain, level, organ_type, rest=written + rest)
    return None


def _leading_place(s: str) -> list[Division]:
    """The chain of the one place `s` opens with, written in full or short
    (湖北, 天门 for 天门市); [] when none or several fit."""
    table = divisions()
    readings, _ = _places_in_name(s)
    ends = {r[-1].code: r[-1] for r in readings if r}
    if len(ends) == 1:
        return table.chain(next(iter(ends)))
    if ends:
        return []
    for size in (4, 3, 2):
        found = {d.code: d for d in table.stems.get(s[:size], ()) if d.first_year is None}
        if len(found) == 1:
            return table.chain(next(iter(found)))
        if found:
            return []
    return []


#: a party body (中共临泽县委): not a government organ, whatever its words
_PARTY = re.compile(r"^(?:中共|中国共产党|共青团)")


def _national_rest(name: str) -> str:
    return "人民政府" if name == "国务院" else re.sub(r"^中华人民共和国", "", name)


def _readings(name: str) -> list[list[Division]]:
    return [r for r in _places_in_name(name)[0] if r]


def _places_in_name(name: str):
    from indexer.places.locate import places_in_name

    return places_in_name(name)


def _level(found: Located, organ_type: str) -> str:
    if found.from_name and found.deepest is not None:
        d = found.deepest
        if (organ_type == "开发区管委会" or _ZONE_OWNED.match(found.rest)) and not d.is_zone:
            # a zone, its departments and companies take the rank of the government
            # that runs it: the deepest place written before it (福州高新区 市级,
            # 番禺经济技术开发区 县级, 重庆两江新区 省级); README "Zones"
            return _LEVEL_OF_RANK[d.rank]
        words = _RANK_WORD.findall(found.rest)
        if words and LEVELS.index(_LEVEL_OF_WORD[words[-1]]) > LEVELS.index(_LEVEL_OF_RANK[d.rank]):
            # a lower place the table does not hold (a township since merged): its rank, not the city's
            return _LEVEL_OF_WORD[words[-1]]
        if d.is_zone:
            # a zone the table lists (长春经济技术开发区 under 长春市): the rank of what runs it
            return _LEVEL_OF_RANK[found.chain[-2].rank] if len(found.chain) > 1 else "县级"
        return _LEVEL_OF_RANK[d.rank]
    if found.candidate is not None:
        # a namesake place (西湖区 in two cities) with a township written after it: the township's rank
        words = _RANK_WORD.findall(found.rest)
        level = _LEVEL_OF_RANK[found.candidate.rank]
        lower = _LEVEL_OF_WORD[words[-1]] if words else level
        return lower if LEVELS.index(lower) > LEVELS.index(level) else level
    ranks = _RANK_WORD.findall(found.rest)
    if ranks:
        if ranks[-1] == "市" and found.deepest is not None and found.deepest.name in _MUNICIPALITIES:
            return "省级"  # a municipality's own 市 (天津's 市外办, 重庆's 市人民防空办)
        # the last rank word before the organ's own words (XX县民政局, 某某区某某街道办事处)
        return _LEVEL_OF_WORD[ranks[-1]]
    if found.deepest is not None:
        return _LEVEL_OF_RANK[found.deepest.rank]
    return ""


#: words naming a zone at the start of an organ's own words (高新区建设集团, 经开区财政局)
_ZONE_OWNED = re.compile(r"(?:国家级|省级)?(?:经济技术开发区|高新技术产业开发区|经开区|高新区|开发区|新区|工业园区|产业园区)"
                         r"(?!管理委员会$|管委会$)[\u4e00-\u9fa5]{2,}")


def own_key(place: OrganPlace) -> str:
    """The organ's key from this report alone: its deepest place's code and
    its normalised own words (330104:人民政府), or '' when the place is unknown."""
    if place.national:
        return f"000000:{normalised(place.rest)}"
    if place.place_unknown or not place.chain:
        return ""
    return f"{place.code}:{normalised(place.rest) or place.organ_type}"


_RANK_PREFIX = re.compile(r"^[省市区县旗州盟](?=[\u4e00-\u9fa5]{2,})(?!场|域|级|委|直)")


def own_words(rest: str) -> str:
    """The words after the places without a rank word in front (市政府办公室 → 政府办公室)."""
    return _RANK_PREFIX.sub("", rest)


_GOVERNMENT_BEFORE_BODY = re.compile(r"^(?:人民政府|政府)(?=[\u4e00-\u9fa5]{2,}(?:局|委|办|中心|厅))(?!办公)")
_GOVERNMENT_OFFICE = re.compile(r"^(?:人民)?政府(?:办公厅|办公室|办)$")
_GOVERNMENT = re.compile(r"^政府$")
_STREET_OFFICE = re.compile(r"^(?:街道)?办事处$|^街道办$")


@lru_cache(maxsize=4096)
def normalised(rest: str) -> str:
    """An organ's own words in one spelling per organ (政府办 → 人民政府办公室).
    Remembered: a pure function of a short name, asked ~3 times a report."""
    r = own_words(rest)
    r = _GOVERNMENT_BEFORE_BODY.sub("", r)
    r = _GOVERNMENT_OFFICE.sub("人民政府办公室", r)
    r = _GOVERNMENT.sub("人民政府", r)
    r = _STREET_OFFICE.sub("街道办事处", r)
    return _full_words(r)


@lru_cache(maxsize=1)
def _short_forms() -> tuple[tuple[str, str], ...]:
    """(short, full) of data/organ_short_forms.tsv, longest short form first."""
    return tuple(sorted(((r["short"], r["full"]) for r in _rows("organ_short_forms.tsv")), key=lambda r: -len(r[0])))


def _full_words(own: str) -> str:
    """Own words ending in a short form with that ending written in full (卫生健康委 -> 卫生健康委员会)."""
    for short, full in _short_forms():
        if own.endswith(short) and not own.endswith(full):
            return own[: -len(short)] + full
    return own


def display_name(place: OrganPlace, written: str) -> str:
    """The organ's canonical name: its places from the city down (the
    province for a provincial or municipal organ), then its own words."""
    if (place.national or place.place_unknown or not place.chain
            or any(n in place.rest for n in divisions().spellings(place.chain[-1]) if len(n) >= 2)
            or place.rest.startswith(tuple(p for p, _ in _vertical()))
            or place.rest.startswith(tuple(z for z, _, _ in _zones()))):
        return written.strip()  # a branch names its place inside (国家税务总局杭州市税务局, 国家统计局湖北调查总队)
    chain = place.chain
    start = 1 if len(chain) > 1 and chain[0].rank == "province" else 0
    if chain[0].name in ("北京市", "天津市", "上海市", "重庆市") or len(chain) == 1:
        start = 0
    own = normalised(place.rest)
    if own == "人民政府办公室" and place.rest.endswith("办公厅"):
        own = "人民政府办公厅"  # a province's office keeps its own word
    if chain[-1].rank == "township" and chain[-1].name.endswith("街道") and own in ("人民政府", "街道办事处"):
        own = "办事处"
    if not place.rest and chain[-1].rank == "township":
        own = "办事处" if chain[-1].name.endswith("街道") else "人民政府"
    if not place.rest and chain[-1].rank != "township":
        own = "管理委员会" if chain[-1].is_zone else "人民政府"
    return "".join(d.name for d in chain[start:]) + own
