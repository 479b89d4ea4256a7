"""The national table of administrative divisions, loaded once per process.

`data/divisions.tsv` holds every province, prefecture, county and township
(乡镇街道) by its statistical division code; a division's parent is the
code's prefix (2, 4, 6, 9 digits). `data/former_divisions.tsv` adds county-
and prefecture-level names no longer in use (梅县 → 梅县区, 江干区 until
2020), pointing at their successor when there is one. Source and version:
`data/README.md`.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"

#: code length -> rank of the division
_RANK_BY_LENGTH = {2: "province", 4: "city", 6: "county", 9: "township"}
RANKS = ("province", "city", "county", "township")
#: prefecture rows that only group counties (市辖区, 省直辖县级行政区划): no place of their own
_GROUPING = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
#: the suffixes a division's name may be written without (浙江省 → 浙江, 新疆维吾尔自治区 → 新疆)
_PROVINCE_SHORT = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
#: the 55 minority nationalities as autonomous areas name them (族 may follow)
_NATIONALITIES = sorted((
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇"
    " 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固"
    " 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split(), key=len, reverse=True)
_AUTONOMOUS_END = re.compile(r"自治(县|旗|州)$")
_GENERIC_ZONE = re.compile(r"(?:国家级|省级)?(?:经济技术|高新技术产业|高新技术|经济|工业|产业|农业|科技)?"
                           r"(?:开发区|园区|高新区|新区|工业园|产业园|示范区|集中区)")
_ZONE_OFFICE = re.compile(r"(?:管理委员会|管委会|管理处|服务中心)$")
_ZONE_WORDS = ("开发区", "新区", "高新区", "实验区", "示范区", "园区", "管理区", "产业园", "科技城", "保税区", "试验区", "合作区")


@dataclass(frozen=True)
class Division:
    """One division: its code, name as the table writes it, rank and parent code."""

    code: str
    name: str
    rank: str  # province / city / county / township
    parent: str  # code of the enclosing division, '' for a province
    first_year: int | None = None  # for a former division: years it was in use
    last_year: int | None = None
    successor: str = ""  # for a former division: the code it became, if any

    @property
    def is_zone(self) -> bool:
        """A development or experimental zone, not a government division: in
        the code table a county-level code numbered 71–80 (石家庄高新技术
        产业开发区 130171; 81 and up are county-level cities), not a district
        that is named 新区 (滨海新区 120116)."""
        if self.rank == "county" and len(self.code) == 6 and self.code[4:6].isdigit():
            return 71 <= int(self.code[4:6]) <= 80
        return self.name.endswith(_ZONE_WORDS) and self.rank != "county"


def _autonomous_short(name: str) -> list[str]:
    """An autonomous prefecture's, county's or banner's short names: its
    place without the nationalities (恩施土家族苗族自治州 → 恩施州,
    黔东南苗族侗族自治州 → 黔东南州, 镇宁布依族苗族自治县 → 镇宁县 and
    镇宁自治县), or, named after one nationality only, that nationality
    (东乡族自治县 → 东乡县, 鄂温克族自治旗 → 鄂温克旗, 鄂伦春自治旗 → 鄂伦春旗)."""
    end = _AUTONOMOUS_END.search(name)
    rank_word, stem = end.group(1), name[:end.start()]
    peoples = []
    while True:
        people = next((p for p in _NATIONALITIES if stem.endswith(p + "族") or stem.endswith(p)), "")
        if not people:
            break
        cut = len(people) + (1 if stem.endswith(people + "族") else 0)
        if len(stem) - cut < 2 and stem[:len(stem) - cut]:
            break  # what would be left is no place name (a one-character stem)
        peoples.append(people)
        stem = stem[:-cut]
    if not peoples:
        return []
    if stem:
        return [stem + rank_word, stem + "自治" + rank_word]
    return [peoples[0] + rank_word, peoples[0] + "自治" + rank_word] if len(peoples) == 1 else []


class Divisions:
    """Lookup over the table: by code, and by every name a division is written as."""

    def __init__(self, rows: list[Division]):
        self.by_code: dict[str, Division] = {}
        self.by_name: dict[str, list[Division]] = {}
        # chains (and their codes) as asked for: a report asks for the same few again and again
        self._chains: dict[str, tuple[Division, ...]] = {}
        self._chain_codes: dict[str, frozenset[str]] = {}
        for d in rows:
            if d.code in self.by_code and d.first_year is not None:
                continue  # a former name whose code was reused: the current one wins the code
            self.by_code.setdefault(d.code, d)
        for d in rows:
            for name in self.spellings(d):
                found = self.by_name.setdefault(name, [])
                if d not in found:
                    found.append(d)
        self.longest = max(len(n) for n in self.by_name)
        # county rank and wider, 3+ characters or a two-character 县 (泾县):
        # what a text is scanned for
        self.wide = {n: [d for d in found if d.rank != "township"] for n, found in self.by_name.items()
                     if (len(n) >= 3 or n.endswith("县")) and any(d.rank != "township" for d in found)}
        self.wide_longest = max(len(n) for n in self.wide)
        self.wide_starts = frozenset(n[:2] for n in self.wide)
        # county and city names without their suffix (大安 for 大安市): only
        # ever trusted when a place inside them follows (大安长虹街道)
        self.stems: dict[str, list[Division]] = {}
        for d in self.by_code.values():
            if d.rank in ("city", "county") and d.first_year is None:
                stem = re.sub(r"(?:新区|市|县|区|旗|盟|地区)$", "", d.name)  # 滨海 for 滨海新区
                if 2 <= len(stem) < len(d.name):
                    self.stems.setdefault(stem, []).append(d)

    def spellings(self, d: Division) -> list[str]:
        """Every way `d` is written in an organ's name; none for a township-like
        unit named only by generic zone words (经济技术开发区): no place of its own."""
        if d.rank == "township" and _GENERIC_ZONE.fullmatch(_ZONE_OFFICE.sub("", d.name)):
            return []  # also its office (经济开发区管委会)
        names = [d.name]
        if d.rank == "province":
            for suffix in _PROVINCE_SHORT:
                if d.name.endswith(suffix) and len(d.name) - len(suffix) >= 2:
                    names.append(d.name[: -len(suffix)])
                    break
        elif d.rank in ("city", "county") and _AUTONOMOUS_END.search(d.name):
            names += _autonomous_short(d.name)
            names.append(d.name.replace("自治", ""))  # 木垒哈萨克县, 鄂伦春旗
        elif d.rank == "city" and d.name.endswith("市") and len(d.name) >= 3 and d.first_year is None:
            names.append(d.name[:-1])  # 嘉兴科技城: a city written without 市 before a zone
        elif d.rank == "township":
            if d.name.endswith("街道"):
                names.append(d.name[:-1])  # 海滨街 (Tianjin writes 街 for 街道)
            parent = self.by_code.get(d.parent)
            # the table sometimes writes the county in front (济源市沁园街道)
            if (parent and d.name.startswith(parent.name) and len(d.name) > len(parent.name) + 1
                    and not _GENERIC_ZONE.fullmatch(d.name[len(parent.name):])):
                names.append(d.name[len(parent.name):])  # never a bare 开发区 (西青区开发区)
        return names

    def chain(self, code: str) -> list[Division]:
        """The division and its ancestors, widest first (grouping rows left out)."""
        known = self._chains.get(code)
        if known is None:
            known = self._chains[code] = tuple(self._walk_up(code))
        return list(known)

    def _walk_up(self, code: str) -> list[Division]:
        out: list[Division] = []
        d = self.by_code.get(code)
        while d is not None:
            if out and out[0].name == d.name:
                out[0] = d  # a city that is its own only county (东莞市): the city
            elif d.name not in _GROUPING:
                out.insert(0, d)
            d = self.by_code.get(d.parent)
        return out

    def named(self, name: str) -> list[Division]:
        """Every division written `name` (current and former)."""
        return self.by_name.get(name, [])

    def find_chain(self, *names: str) -> list[Division]:
        """The chain of the deepest of `names` (province, city, county,
        township; any may be '') that lies in all the others; [] when no
        division or several fit. A name the table lacks is skipped."""
        given = [n for n in names if n]
        while given:
            deepest = [self._now(d) for d in self.named(given[-1])]
            fits = {d.code: d for d in deepest
                    if all(any(a.name == n or n in self.spellings(a) for a in self.chain(d.code)) for n in given[:-1])}
            if len(fits) == 1:
                return self.chain(next(iter(fits)))
            if fits:
                return []
            given = given[:-1]
        return []

    def _now(self, d: Division) -> Division:
        return self.by_code.get(d.successor, d) if d.successor else d

    def within(self, inner: Division, outer: Division) -> bool:
        """Whether `inner` lies in `outer` (or is it)."""
        codes = self._chain_codes.get(inner.code)
        if codes is None:
            codes = self._chain_codes[inner.code] = frozenset(d.code for d in self.chain(inner.code))
        return outer.code in codes


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The whole table, loaded once per process."""
    rows = []
    for r in _read(_DATA / "divisions.tsv"):
        code = r["code"]
        rows.append(Division(code, r["name"], _RANK_BY_LENGTH[len(code)], _parent(code)))
    for r in _read(_DATA / "former_divisions.tsv"):
        code = r["code"]
        rows.append(Division(code, r["name"], _RANK_BY_LENGTH[len(code)], r["parent"],
                             int(r["first_year"]), int(r["last_year"]), r["successor"]))
    return Divisions(rows)


def _parent(code: str) -> str:
    return {2: "", 4: code[:2], 6: code[:4], 9: code[:6]}[len(code)]
