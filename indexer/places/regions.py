"""The region facet read depth by depth: 省, 市, 县, 乡镇街道, each with its
未识别 bucket, so that every depth adds up to the total.

The index keeps a report's places in one multi-valued `region` field (浙江省,
杭州市, 西湖区, …): a report counts once under each place of its chain, so the
flat list does not add up. Each place is at one depth of the divisions table
and a report holds at most one place per depth, so a depth's values plus the
reports holding none at that depth (未识别) are the total. A municipality
(北京市) has no prefecture: at the city depth its reports count under the
municipality itself, as the archive shows them (北京市 / 东城区).
"""
from __future__ import annotations

import functools
import re

from indexer.places.divisions import RANKS, divisions
from indexer.places.organs import NATIONAL

UNKNOWN = "未识别"
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@functools.lru_cache(maxsize=65536)
def depth_of(value: str) -> str:
    """province / city / county / township for a region value (全国: province,
    a township's or street's name the table lacks: township); '' for a value
    that is no place."""
    if value == NATIONAL:
        return "province"
    ranks = {d.rank for d in divisions().named(value)}
    for rank in RANKS:  # a name at two depths (a city and its one county): the wider
        if rank in ranks:
            return rank
    # a township or street an organ's name writes that the table lacks (厚桥街道, made since)
    return "township" if _TOWNSHIP_WRITTEN.fullmatch(value) else ""


#: how a township's or street's own name ends (see organs.OrganPlace.township_written)
_TOWNSHIP_WRITTEN = re.compile(r"[\u4e00-\u9fa5]{1,10}(?:街道|镇|乡|苏木)")


def by_depth(counts: dict[str, int], total: int) -> dict[str, list[tuple[str, int]]]:
    """The region facet's counts (value -> reports holding it, 未识别 left
    out) split by depth, most reports first, each depth ending with its
    未识别 bucket when some reports hold no place there. Raises ValueError
    when a depth's counts exceed `total` (a report counted twice there)."""
    out: dict[str, list[tuple[str, int]]] = {rank: [] for rank in RANKS}
    for value, n in counts.items():
        if value == UNKNOWN or n <= 0:
            continue
        rank = depth_of(value)
        if not rank:
            raise ValueError(f"region value {value!r} is no division of the table")
        out[rank].append((value, n))
        if value in MUNICIPALITIES:
            out["city"].append((value, n))
    for rank, values in out.items():
        values.sort(key=lambda t: (-t[1], t[0]))
        known = sum(n for _, n in values)
        if known > total:
            raise ValueError(f"region values at the {rank} depth count {known} reports of {total}")
        if known < total:
            values.append((UNKNOWN, total - known))
    return out
