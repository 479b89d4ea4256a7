"""Where an organ sits: the chain 省 → 市 → 县 → 乡镇街道 read against the table.

The organ's own name decides first (四川省人民政府 is the province, never
its capital); a name that writes no place, or one that names several
(安仁乡 is in Fujian and in Sichuan), takes its place from the places its
title and text write. Nothing is guessed from suffixes: a value is always
a division of the table.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field


from indexer.places.divisions import Division, divisions
from indexer.places.mentions import TEXT_WINDOW, current, mentioned

#: written before an organ's places without being one (中共临泽县委)
_LEAD = re.compile(r"^(?:中共|中国共产党|共青团)")
_SPACES = re.compile(r"\s+")


@dataclass
class Located:
    """The chain found for an organ (widest first) and how it was found."""

    chain: list[Division] = field(default_factory=list)
    rest: str = ""  # the organ name after its places (审计局, 人民政府)
    from_name: bool = False  # the name itself wrote the deepest place
    ambiguous: bool = False  # the name's place exists in several provinces and the text did not tell
    candidate: Division | None = None  # when ambiguous: one of the places it may be (all of one rank)

    @property
    def deepest(self) -> Division | None:
        return self.chain[-1] if self.chain else None


def places_in_name(name: str) -> tuple[list[list[Division]], str]:
    """Candidate readings of the places written at the start of `name`.

    Each reading is a list of divisions, each inside the one before; the
    second value is what follows the places. 临泽县审计局 → ([[甘肃省, 张掖市,
    临泽县]] as written: [[临泽县]]), '审计局'.
    """
    # the same names come back (a report's organ, the rules' proposals): each read once, given out as copies
    readings, rest = _places_in_name(name)
    return [list(r) for r in readings], rest


@functools.lru_cache(maxsize=4096)
def _places_in_name(name: str) -> tuple[tuple[tuple[Division, ...], ...], str]:
    readings, rest = _read_places_in_name(name)
    return tuple(tuple(r) for r in readings), rest


def _read_places_in_name(name: str) -> tuple[list[list[Division]], str]:
    table = divisions()
    s = _LEAD.sub("", name)
    readings: list[list[Division]] = [[]]
    i = 0
    while i < len(s):
        step = 0
        for size in range(min(table.longest, len(s) - i), 1, -1):
            found = table.named(s[i:i + size])
            if not found:
                continue
            found = _distinct([current(d) for d in found], found)
            extended = [r + [d] for r in readings for d in found if not r or _inside(d, r[-1])]
            if not extended and all(r for r in readings):
                # written out of order or a different branch: not a place of this organ
                continue
            # a name that is both a city and its one county (东莞市) is one place
            readings = extended or [[d] for d in found]
            step = size
            break
        if not step:
            # a government between its place and its own parts (北京市东城区人民政府东华门街道办事处)
            link = re.match(r"(?:人民政府|政府)(?=\S)", s[i:])
            if link and readings[0] and places_in_name(s[i + link.end():])[0][0]:
                i += link.end()
                continue
            break
        i += step
    readings = [r for r in readings if r] or [[]]
    if not readings[0] and not i:
        short = _after_short_name(s)
        if short:
            return short
        # a 乡 made a 镇 since (南薰乡 → 南薰镇), or the reverse: one such place only
        m = re.match(r"([\u4e00-\u9fa5]{1,6}?)([乡镇])(?=人民政府|政府|$)", s)
        swapped = m and [d for d in table.named(m.group(1) + ("镇" if m.group(2) == "乡" else "乡")) if d.rank == "township"]
        if swapped and len(swapped) == 1:
            return [[swapped[0]]], s[m.end():]
    return _unique(readings), s[i:]


def _after_short_name(s: str) -> tuple[list[list[Division]], str] | None:
    """A name opening with a county or city written short, confirmed by a
    place inside it right after (大安长虹街道 → 大安市 长虹街道)."""
    table = divisions()
    for size in (4, 3, 2):
        for outer in table.stems.get(s[:size], ()):
            inner, rest = places_in_name(s[size:])
            kept = [r for r in inner if r and _inside(r[0], outer)]
            if kept:
                return kept, rest
    return None


#: the words of a zone named after its county (来凤经济开发区); a 新区 has a name of its own (南湖新区 is no 南湖区)
_ZONE_AFTER_COUNTY = re.compile(r"(?:国家级|省级)?(?:经济技术|高新技术产业|高新技术|经济|工业|产业|高新|综合)?(?:开发区|园区|高新区)")


def _zone_after_short_name(name: str, counts: Counter) -> Division | None:
    """The county or city a zone is named after, written short (来凤经济开发区
    → 来凤县): only one current division has that short name, and the text
    writes no place, or writes it or a place around it."""
    table = divisions()
    s = _LEAD.sub("", name)
    for size in (4, 3, 2):
        outer = [d for d in table.stems.get(s[:size], ()) if not d.is_zone]
        if outer and _ZONE_AFTER_COUNTY.match(s, size):
            if len(outer) != 1:
                return None
            around = {d.code for d in table.chain(outer[0].code)}
            if counts and not any(c in around or outer[0].code in {d.code for d in table.chain(c)} for c in counts):
                return None  # the text is about other places
            return outer[0]
    return None


def _distinct(found: list[Division], written: list[Division] | None = None) -> list[Division]:
    """One division per code, current names before former ones, and of a
    name that is both a city and its only county (东莞市) the city. A former
    name (`written`, before its successor was taken) in another province
    than every current one stays: 东乡县 was Jiangxi's until 2016 and is
    甘肃's 东乡族自治县 written short, and only the text tells which."""
    by_code: dict[str, Division] = {}
    for d in found:
        if d.code not in by_code or by_code[d.code].first_year is not None:
            by_code[d.code] = d
    kept = list(by_code.values())
    if any(d.first_year is None for d in kept):
        current = {d.code for d in (written or kept) if d.first_year is None}
        provinces = {c[:2] for c in current}
        kept = [d for d in kept if d.code in current or d.code[:2] not in provinces]
    # township-like units of the code table (farms, zones: 400 and up) give
    # way to a division of the same name (滨海新区 the district, not the zone)
    if any(not _township_like(d) for d in kept):
        kept = [d for d in kept if not _township_like(d)]
    return [d for d in kept if not any(o is not d and _inside(d, o) for o in kept)]


def _township_like(d: Division) -> bool:
    return d.rank == "township" and d.code[6] in "4567"


def _inside(inner: Division, outer: Division) -> bool:
    return inner.code != outer.code and divisions().within(inner, outer)


def _unique(readings: list[list[Division]]) -> list[list[Division]]:
    seen, out = set(), []
    for r in readings:
        key = tuple(d.code for d in r)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def locate(name: str, context: str = "") -> Located:
    """The places of the organ called `name`, completed from `context`
    (its title, addresses and text) where the name writes none or is
    ambiguous. Ancestors follow from the table (临泽县 → 甘肃省 张掖市)."""
    table = divisions()
    readings, rest = places_in_name(name)
    counts = mentioned(context)
    if readings[0]:
        ends = [r[-1] for r in readings]
        # a 乡 made a 镇 since (or the reverse) may be the one the text is about
        best = _best_by_context(ends + _swapped(ends), counts)
        if best is None and len(ends) > 1:
            best = _best_by_short_names(ends, context) or _best_by_area_code(ends, context)
        if best is not None:
            return _further_inside(Located(table.chain(best.code), rest, from_name=True))
        if len(ends) == 1 and not _elsewhere(ends[0], counts):
            return _further_inside(Located(table.chain(ends[0].code), rest, from_name=True))
        if len(readings) == 1 and len(readings[0]) == 1 and ends[0].rank == "township" and counts:
            # a township written alone whose namesake lies far from the county the text
            # is about (高良乡 of 师宗县, not 德庆县's 高良镇): that county, the township as written
            return Located(_chain_from_counts(counts, "county"), _LEAD.sub("", name))
        common = _common_ancestors(ends)
        if not any(counts[d.code] for d in common) and not _area_code_inside(common, context):
            common = []  # the text does not even write the province they share, nor dial inside it
        ranks = {d.rank for d in ends}
        return Located(common, rest, from_name=False, ambiguous=True,
                       candidate=ends[0] if len(ranks) == 1 else None)
    inside = _city_inside_zone_name(name) or _zone_after_short_name(name, counts)
    if inside:
        named = _LEAD.sub("", name)
        own = named[len(_SUFFIX.sub("", inside.name)):] if named.startswith(_SUFFIX.sub("", inside.name)) else rest
        return Located(table.chain(inside.code), own, from_name=True)
    if not counts:
        return Located([], rest)
    return Located(_chain_from_counts(counts, _wanted_rank(rest)), rest)


_ZONE_NAME_END = re.compile(r"[\u4e00-\u9fa5]{0,6}?(?:生态园|产业园|工业园|科技园|园区|开发区|高新区|新区|科技城|新城|保税区|试验区|示范区|合作区)")


def _city_inside_zone_name(name: str) -> Division | None:
    """The prefecture-level city a zone's name holds inside, after words that
    are no place (中意宁波生态园 -> 宁波市): only a city, full or short, right
    before the zone's words, and only one such city."""
    table = divisions()
    found = {}
    for i in range(1, len(name) - 2):
        for size in (5, 4, 3, 2):
            cities = [d for d in table.named(name[i:i + size]) if d.rank == "city" and d.first_year is None]
            if cities and _ZONE_NAME_END.match(name, i + size):
                found.update((d.code, d) for d in cities)
                break
    return next(iter(found.values())) if len(found) == 1 else None


_ZONE_AFTER = re.compile(r"(?:国家级|省级)?(?:经济技术|高新技术产业|高新技术|经济|工业|产业|高新|综合)?(?:开发区|园区|新区|实验区|示范区|保税区)")


def _further_inside(found: Located) -> Located:
    """A place written further on inside the one found, past words the table
    does not hold (青岛西海岸新区海青镇 → 青岛市 … 海青镇): only one such place."""
    table = divisions()
    rest, outer = found.rest, found.deepest
    hits = []
    name_sizes, stem_starts = _name_sizes(table)
    for i in range(len(rest)):
        # (the lengths of the names of 3 or more characters that begin with
        # the two characters here, longest first: no other length is a name)
        for size in name_sizes.get(rest[i:i + 2], ()):
            if size > len(rest) - i:
                continue
            named = table.by_name.get(rest[i:i + size])
            inside = [d for d in named if _inside(d, outer)] if named else named
            if inside and i:
                hits.append((i, size, inside))
                break
        else:
            if rest[i:i + 2] not in stem_starts:
                continue  # no stem begins here
            # a county written short before a zone (广东从化经济开发区 → 从化区)
            for size in (4, 3, 2):
                stems = table.stems.get(rest[i:i + size])
                inside = [d for d in stems if _inside(d, outer)] if stems else stems
                if inside and _ZONE_AFTER.match(rest, i + size):
                    hits.append((i, size, inside))
                    break
    if len(hits) != 1 or len(hits[0][2]) != 1:
        return found
    i, size, [d] = hits[0]
    return Located(table.chain(d.code), rest[i + size:], from_name=True)


@functools.lru_cache(maxsize=4)
def _name_sizes(table) -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """The lengths of the table's names of 3 or more characters by their
    first two characters, longest first, and the first two characters of
    its stems (`_further_inside` looks up no other)."""
    sizes: dict[str, set[int]] = {}
    for name in table.by_name:
        if len(name) >= 3:
            sizes.setdefault(name[:2], set()).add(len(name))
    return ({start: tuple(sorted(found, reverse=True)) for start, found in sizes.items()},
            frozenset(stem[:2] for stem in table.stems))


def _swapped(found: list[Division]) -> list[Division]:
    """The townships named like `found` with 乡 and 镇 swapped."""
    out = []
    for d in found:
        if d.rank == "township" and d.name[-1] in "乡镇":
            twin = d.name[:-1] + ("镇" if d.name[-1] == "乡" else "乡")
            out += [t for t in divisions().named(twin) if t.rank == "township"]
    return out


def _elsewhere(d: Division, counts: Counter) -> bool:
    """Whether the text is plainly about another county: the county-level
    place it writes most (twice or more) is not one of `d`'s, and it never
    writes any of `d`'s enclosing places."""
    table = divisions()
    ancestors = {a.code for a in table.chain(d.code)}
    if any(counts[c] for c in ancestors):
        return False
    counties = [(n, c) for c, n in counts.items() if table.by_code[c].rank == "county" and n >= 2]
    return bool(counties) and max(counties)[1] not in ancestors


def _best_by_context(candidates: list[Division], counts: Counter) -> Division | None:
    """The one candidate whose enclosing divisions the context writes most."""
    table = divisions()
    scored = []
    for d in candidates:
        ancestors = table.chain(d.code)[:-1]
        scored.append((sum(counts[a.code] for a in ancestors), d))
    scored.sort(key=lambda t: -t[0])
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


#: the suffix a county or city is often written without (抚远 for 抚远市)
_SUFFIX = re.compile(r"(?:市|县|区|旗|盟|地区|自治州|自治县|自治旗)$")


def _best_by_short_names(candidates: list[Division], context: str) -> Division | None:
    """Among places of the same name, the one whose county or city the
    context writes by its short name (耿马, 抚远): only when exactly one
    candidate's enclosing places are written so."""
    table = divisions()
    window = _SPACES.sub("", context[:TEXT_WINDOW])
    found = []
    for d in candidates:
        stems = {_SUFFIX.sub("", n) for a in table.chain(d.code)[1:-1] for n in table.spellings(a)}
        if any(len(s) >= 2 and s in window for s in stems):
            found.append(d)
    return found[0] if len(found) == 1 else None


def _area_code_inside(common: list[Division], context: str) -> bool:
    """Whether the context's telephone area code serves a city inside the
    places all namesakes share (牛街乡 of two 大理 counties, 0872-… numbers)."""
    from indexer.places.phone import area_division

    area = area_division(context[:TEXT_WINDOW]) if common else None
    return area is not None and divisions().within(area, common[-1])


def _best_by_area_code(candidates: list[Division], context: str) -> Division | None:
    """Among places of the same name, the one inside the city the context's
    telephone area code serves (朝阳乡 with 0818-… numbers: 达州市's)."""
    from indexer.places.phone import area_division

    area = area_division(context[:TEXT_WINDOW])
    if area is None:
        return None
    inside = [d for d in candidates if divisions().within(d, area)]
    return inside[0] if len(inside) == 1 else None


def _common_ancestors(candidates: list[Division]) -> list[Division]:
    table = divisions()
    chains = [table.chain(d.code) for d in candidates]
    common = []
    for level in zip(*chains):
        if all(d.code == level[0].code for d in level):
            common.append(level[0])
        else:
            break
    return common


#: the rank a placeless name asks for by its first character (区教育局, 市政府办公室)
_RANK_PREFIX = {"省": "province", "市": "city", "州": "city", "盟": "city", "区": "county", "县": "county", "旗": "county"}


def _wanted_rank(rest: str) -> str:
    return _RANK_PREFIX.get(rest[:1], "county")


def _chain_from_counts(counts: Counter, rank: str) -> list[Division]:
    """The most-written consistent chain of the context, no deeper than `rank`.

    Each division votes for itself and its ancestors; going down, the child
    written most wins at each step (a tie: no deeper)."""
    table = divisions()
    order = ("province", "city", "county")
    limit = order.index(rank) if rank in order else 2
    votes: Counter = Counter()
    parent_of: dict[str, str] = {}
    for code, n in counts.items():
        chain = table.chain(code)
        for i, d in enumerate(chain):
            votes[d.code] += n
            parent_of[d.code] = chain[i - 1].code if i else ""
    chain: list[Division] = []
    while True:
        parent = chain[-1].code if chain else ""
        children = sorted(((votes[c], c) for c, p in parent_of.items() if p == parent), reverse=True)
        if not children or (len(children) > 1 and children[0][0] == children[1][0]):
            break
        chosen = table.by_code[children[0][1]]
        if chosen.rank not in order or order.index(chosen.rank) > limit:
            break
        chain.append(chosen)
    return chain
