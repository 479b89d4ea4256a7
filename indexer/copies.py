"""Copy detection: the build's archive-wide step over statements and paragraphs.

Two kinds of text are compared, each on its own: problem statements
(存在的主要问题) and report paragraphs (the prose of every part, table text
left out). A text is normalised as `indexer.similar.normalise` does (no
numbering, punctuation or spaces; simplified characters), cut into character
3-grams, and grouped with texts whose 3-gram sets really overlap (Jaccard ≥
`indexer.neardup.SAME_JACCARD`): MinHash sketches and LSH bands propose the
pairs, in bulk (`indexer.neardup`). Identical texts are merged before any of
that, so boilerplate written by a thousand organs costs one sketch. No pair
is compared unless LSH proposes it.

From the groups of near-identical text that gives:

* clusters: groups written by at least two different organs (`organ_key`);
* per statement: `repeated` when its group holds a unit of the organ's
  **immediately preceding** report (the latest earlier year, never older),
  and how many other organs share it;
* per report: the share of its paragraph text found in that preceding report.

Pure: `detect_copies(reports)` takes `ReportText`s and returns plain data;
`indexer.copystore` reads them from the index and stores the result.
"""
from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from indexer.neardup import group_texts
from indexer.search.analysis import to_simplified
from indexer.similar import normalise

#: Shorter normalised texts are stock phrases written independently, not copies.
MIN_CHARS = {"problem": 10, "paragraph": 30}
KINDS = ("problem", "paragraph")

_NON_WORD = re.compile(r"[\W_]+")


def organ_key(fields: Mapping) -> str:
    """The organ a report belongs to, as a stable key (`/agencies/<key>`).

    Prefers the build's organ identity (`agency_id`) when the index stores one;
    until then the agency name, simplified, without spaces or punctuation.
    "" for a report whose agency is unknown (it then has no previous year).
    """
    agency_id = fields.get("agency_id") or ""
    if agency_id:
        return str(agency_id)
    return _NON_WORD.sub("", to_simplified(fields.get("agency") or ""))


@dataclass
class Unit:
    """One statement or paragraph of one report."""

    id: str  # problem id, or f"{report_id}-s{section}-{n}"
    kind: str  # "problem" | "paragraph"
    text: str  # as written
    section: int | None = None
    number: int = 0
    written: str | None = None  # normalised (`indexer.similar.normalise`), when already known


@dataclass
class ReportText:
    """What copy detection needs of a report."""

    report_id: str
    organ: str
    year: int | None
    units: list[Unit] = field(default_factory=list)


@dataclass
class Cluster:
    id: str  # stable: kind + the smallest member id
    kind: str
    text: str  # representative: the earliest member's text
    unit_ids: list[str]  # earliest year first
    organs: list[str]
    years: list[int]


@dataclass
class UnitFlag:
    unit_id: str
    report_id: str
    kind: str
    repeated: bool  # 沿用上年表述: in the organ's immediately preceding report
    shared_organs: int  # 与 N 个机关雷同: other organs writing the same text
    cluster_id: str | None


@dataclass
class ReportShare:
    report_id: str
    previous_id: str | None  # the organ's immediately preceding report
    repeated_chars: int
    total_chars: int

    @property
    def share(self) -> float | None:
        return self.repeated_chars / self.total_chars if self.total_chars and self.previous_id else None


@dataclass
class CopyResult:
    clusters: list[Cluster]
    flags: list[UnitFlag]  # units that are repeated or shared; the others are not listed
    shares: list[ReportShare]
    stats: dict = field(default_factory=dict)


def paragraph_units(report_id: str, sections: Iterable[tuple[int | None, str]]) -> list[Unit]:
    """The paragraphs of `(section number, prose)` pairs, one unit per non-empty line.

    Paragraphs are numbered per section number across the report, so a report
    with two parts of the same number (a repeated heading) never repeats an id.
    """
    units = []
    counted: dict[str, int] = {}
    for index, (number, text) in enumerate(sections):
        label = str(number) if number is not None else f"x{index}"
        for line in text.split("\n"):
            if line.strip():
                n = counted[label] = counted.get(label, 0) + 1
                units.append(Unit(f"{report_id}-s{label}-{n}", "paragraph", line.strip(), number, n))
    return units


def _previous(reports: list[ReportText]) -> dict[str, str]:
    """report id -> the id of its organ's immediately preceding report (latest earlier year)."""
    by_organ: dict[str, list[ReportText]] = defaultdict(list)
    for r in reports:
        if r.organ and r.year:
            by_organ[r.organ].append(r)
    out = {}
    for items in by_organ.values():
        years = sorted({r.year for r in items})
        for r in items:
            earlier = [y for y in years if y < r.year]
            if earlier:
                candidates = sorted(p.report_id for p in items if p.year == earlier[-1])
                out[r.report_id] = candidates[0]
    return out


def detect_copies(reports: Iterable[ReportText], group: Callable[..., list[int]] = group_texts) -> CopyResult:
    """Clusters, per-unit flags and per-report repeated shares for `reports`.

    `group(texts, stats)` groups distinct normalised texts (see
    `indexer.neardup.group_texts`); another one can be given to compare.
    """
    reports = list(reports)
    previous = _previous(reports)
    clusters, flags, stats = [], [], {"reports": len(reports)}
    group_of: dict[str, int] = {}  # unit id -> group (per kind, offset so kinds never meet)
    unit_report: dict[str, ReportText] = {}
    units_by_id: dict[str, Unit] = {}
    written_of: dict[str, str] = {}
    offset = 0
    for kind in KINDS:
        distinct: dict[str, int] = {}
        of_kind = []
        for r in reports:
            for u in r.units:
                if u.kind != kind:
                    continue
                written = u.written if u.written is not None else normalise(u.text)
                if len(written) < MIN_CHARS[kind]:
                    continue
                of_kind.append(u.id)
                group_of[u.id] = distinct.setdefault(written, len(distinct))
                unit_report[u.id], units_by_id[u.id], written_of[u.id] = r, u, written
        grouping: dict = {}
        started = time.process_time()
        roots = group(list(distinct), grouping)
        stats[f"{kind}_grouping"] = grouping | {"cpu_seconds": round(time.process_time() - started, 3)}
        for uid in of_kind:
            group_of[uid] = roots[group_of[uid]] + offset
        stats[f"{kind}_units"] = len(of_kind)
        stats[f"{kind}_distinct"] = len(distinct)
        offset += len(distinct)
    members: dict[int, list[str]] = defaultdict(list)
    for uid, g in group_of.items():
        members[g].append(uid)
    groups_of_report: dict[str, set[int]] = defaultdict(set)
    for uid, g in group_of.items():
        groups_of_report[unit_report[uid].report_id].add(g)
    cluster_of: dict[int, Cluster] = {}
    for g, uids in members.items():
        organs = sorted({unit_report[u].organ or unit_report[u].report_id for u in uids})
        if len(organs) < 2:
            continue
        uids.sort(key=lambda u: (unit_report[u].year or 0, u))
        cluster_of[g] = Cluster(id=f"{units_by_id[uids[0]].kind[:4]}-{min(uids)}", kind=units_by_id[uids[0]].kind,
                                text=units_by_id[uids[0]].text, unit_ids=uids, organs=organs,
                                years=sorted({unit_report[u].year for u in uids if unit_report[u].year}))
    organ_sets = {g: set(c.organs) for g, c in cluster_of.items()}
    clusters = sorted(cluster_of.values(), key=lambda c: (-len(c.organs), -len(c.unit_ids), c.id))
    shares = []
    for r in reports:
        before = previous.get(r.report_id)
        earlier = groups_of_report.get(before, set()) if before else set()
        repeated_chars = total_chars = 0
        for u in r.units:
            g = group_of.get(u.id)
            if g is None:
                continue
            repeated = g in earlier
            if u.kind == "paragraph":
                total_chars += len(written_of[u.id])
                repeated_chars += len(written_of[u.id]) if repeated else 0
            cluster = cluster_of.get(g)
            others = len(cluster.organs) - ((r.organ or r.report_id) in organ_sets[g]) if cluster else 0
            if repeated or others:
                flags.append(UnitFlag(u.id, r.report_id, u.kind, repeated, others, cluster.id if cluster else None))
        shares.append(ReportShare(r.report_id, before, repeated_chars, total_chars))
    stats["clusters"] = len(clusters)
    return CopyResult(clusters, flags, shares, stats)
