"""Copy detection: the build's archive-wide step over statements and paragraphs.

Two kinds of text are compared, each on its own: problem statements
(存在的主要问题) and report paragraphs (the prose of every part, table text
left out). A text is normalised as `indexer.similar.normalise` does (no
numbering, punctuation or spaces; simplified characters; a statement also
without self-references and hedges, `indexer.sametext.core`), cut into character
3-grams, and grouped with texts whose 3-gram sets really overlap (Jaccard ≥
`indexer.neardup.SAME_JACCARD`): MinHash sketches and LSH bands propose the
pairs, in bulk (`indexer.neardup`). Identical texts are merged before any of
that, so boilerplate written by a thousand organs costs one sketch. No pair
is compared unless LSH proposes it.

From the groups of near-identical text that gives:

* clusters: groups written by at least two different organs (`organ_key`);
* a statement copied with a few characters changed (`indexer.held.edited_pairs`:
  兄弟 / 造成 put in, 办公室 for 综合科) joins the other's group;
* statements held whole in a longer statement (`indexer.held`: a short
  statement copied into a longer one that adds its own sentences, or an
  edited copy of it) join the shorter one's group, marked `holds`, unless
  that is stock wording (STOCK_ORGANS organs or more hold or write it);
* per statement: `repeated` when its group holds a unit of the organ's
  **immediately preceding** report (the latest earlier year, never older),
  or it restates one of that report's statements with a clause dropped,
  added or reworded (`sametext.restates`, shingle containment; a clause of
  it kept whole, `sametext.keeps_clause`), and how many
  other organs share it;
* per report: the share of its paragraph text found in that preceding report.

Pure: `detect_copies(reports)` takes `ReportText`s and returns plain data;
`indexer.copystore` reads them from the index and stores the result.
"""
from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from array import array
from typing import Callable, Iterable, Iterator, Mapping

import numpy as np

from indexer.copyunits import ReportText
from indexer.held import HELD_CORE, edited_pairs, held_pairs, merge_groups
from indexer import minhash  # minhash.distinct: np.unique hashes, 15× slower on a million codes
from indexer.neardup import group_texts
from indexer.search.analysis import to_simplified
from indexer.sametext import MIN_COPY_CORE, core, keeps_clause, restates, shingle_set
from indexer.similar import normalise

#: Shorter normalised texts are stock phrases written independently, not copies.
MIN_CHARS = {"problem": 10, "paragraph": 30}
KINDS = ("problem", "paragraph")
#: A statement held in this many longer statements, or held or written by this
#: many organs, is stock wording, not one organ's text copied (as
#: `indexer.similar`'s STOCK_AGENCIES other agencies).
STOCK_ORGANS = 5

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
class Cluster:
    id: str  # stable: kind + the smallest member id
    kind: str
    text: str  # representative: the earliest member's text
    unit_ids: list[str]  # earliest year first (empty when the scan kept no members)
    organs: list[str]
    years: list[int]
    size: int = 0  # units
    variants: list[str] = field(default_factory=list)  # distinct member texts, earliest first


@dataclass
class UnitFlag:
    unit_id: str
    report_id: str
    kind: str
    repeated: bool  # 沿用上年表述: in the organ's immediately preceding report
    shared_organs: int  # 与 N 个机关雷同: other organs writing the same text
    cluster_id: str | None
    holds: bool = False  # holds its cluster's text whole, with sentences of its own


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


def _previous(reports: list[ReportText]) -> dict[str, str]:
    """report id -> the id of its organ's immediately preceding report (latest earlier year)."""
    by_organ: dict[str, list[ReportText]] = defaultdict(list)
    for r in reports:
        if r.organ and r.year:
            by_organ[r.organ].append(r)
    out = {}
    for items in by_organ.values():
        first: dict[int, str] = {}  # year -> its smallest report id
        for r in items:
            if r.year not in first or r.report_id < first[r.year]:
                first[r.year] = r.report_id
        years = sorted(first)
        for r in items:
            at = bisect_left(years, r.year)
            if at:
                out[r.report_id] = first[years[at - 1]]
    return out


#: Greater than any member's key (holds, year, unit id) in `_Gathered`.
_AFTER = (2,)


class _Gathered:
    """What the second pass notes of a cluster's members, each with its key
    (holds, year, unit id), which orders them: the representative text is the
    earliest member's that is not a longer statement holding it; the years;
    each text as written with its earliest key (its variant, the text with its
    spaces folded, is worked out once a text at the end, not once a member);
    the keys when the members are kept."""

    __slots__ = ("first", "text", "years", "written", "ids")

    def __init__(self, key: tuple, text: str):
        self.first, self.text, self.years, self.written, self.ids = key, text, set(), {}, []

    def variants(self) -> list[str]:
        """The distinct texts with their spaces folded, earliest first."""
        earliest: dict[str, tuple] = {}
        for text, key in self.written.items():
            variant = " ".join(text.split())
            if key < earliest.get(variant, _AFTER):
                earliest[variant] = key
        return [v for v, _ in sorted(earliest.items(), key=lambda kv: kv[1])]


class CopyScan:
    """Copy detection over an archive, holding per unit only a few integers.

    The first pass (here) reads each report's units once, keeps each kind's
    distinct normalised texts for the grouping and, per unit, its report,
    group and length in arrays; the texts are dropped once grouped. `flags()`
    is the second pass: it reads the units again, one report at a time, and
    yields each flagged unit with its flag, while it gathers the clusters'
    texts. So an archive's units are never in memory all at once (at 100k
    reports, a million units as objects took 5 GB).
    """

    def __init__(self, reports: Iterable[ReportText], group: Callable[..., list[int]] = group_texts,
                 members: bool = True):
        # in report-id order: the grouping walks texts in the order it meets them, so the same
        # archive gives the same clusters however the build's workers laid its reports out
        self.reports = sorted(reports, key=lambda r: r.report_id)
        self.members = members  # keep each cluster's unit ids (tests and benchmarks compare them)
        self.previous = _previous(self.reports)
        self.stats: dict = {"reports": len(self.reports)}
        organs: dict[str, int] = {}
        self._organ = np.array([organs.setdefault(r.organ or r.report_id, len(organs)) for r in self.reports],
                               dtype=np.int64)
        self._organ_names = list(organs)
        distinct: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
        first_id: dict[str, list[str]] = {kind: [] for kind in KINDS}  # smallest unit id per distinct text
        report, kind_of, local, chars = array("i"), array("b"), array("i"), array("i")
        # the statements of each report that is its organ's previous one, as one string, for `restates`
        needed, self._said = set(self.previous.values()), {}
        cores: dict[str, str] = {}
        for ri, r in enumerate(self.reports):
            said = [] if r.report_id in needed else None
            for (uid, kind, text, _, _, _), written in _kept_units(r, cores):
                if said is not None and kind == "problem":
                    said.append(written)
                    said.append(" ".join(text.split()))  # as written, for `keeps_clause`
                texts, ids = distinct[kind], first_id[kind]
                n = texts.setdefault(written, len(texts))
                if n == len(ids):
                    ids.append(uid)
                elif uid < ids[n]:
                    ids[n] = uid
                report.append(ri)
                kind_of.append(KINDS.index(kind))
                local.append(n)
                chars.append(len(written))
            if said:
                self._said[r.report_id] = "\n".join(said)
        del cores
        self._report = np.frombuffer(report, dtype=np.int32).astype(np.int64)
        self._chars = np.frombuffer(chars, dtype=np.int32)
        kinds, local_ids = np.frombuffer(kind_of, dtype=np.int8), np.frombuffer(local, dtype=np.int32)
        self._group = np.zeros(len(report), dtype=np.int64)
        group_kind, smallest = [], []
        offset = 0
        held: list[tuple[int, int, tuple[bool, int]]] = []
        for k, kind in enumerate(KINDS):
            grouping: dict = {}
            started = time.process_time()
            texts = list(distinct[kind])
            roots = np.asarray(group(texts, grouping), dtype=np.int64)
            self.stats[f"{kind}_grouping"] = grouping | {"cpu_seconds": round(time.process_time() - started, 3)}
            if kind == "problem":  # copies with a few characters changed (`indexer.held.edited_pairs`)
                started = time.process_time()
                same, edited = edited_pairs(texts, min_chars=HELD_CORE)
                roots = merge_groups(roots, same)
                self.stats["edited"] = {"same": len(same), "held": len(edited),
                                        "cpu_seconds": round(time.process_time() - started, 3)}
            mask = kinds == k
            self._group[mask] = roots[local_ids[mask]] + offset
            self.stats[f"{kind}_units"] = int(mask.sum())
            self.stats[f"{kind}_distinct"] = len(distinct[kind])
            if kind == "problem":  # a statement held whole in a longer one (`indexer.held`)
                started = time.process_time()
                pairs, stock = held_pairs(texts, stock_after=STOCK_ORGANS, min_chars=HELD_CORE)
                # (short group, long group, (held word for word, length)): what a long group joins
                held += [(int(roots[a]) + offset, int(roots[b]) + offset, (exact, len(texts[a])))
                         for exact, found in ((True, pairs), (False, edited)) for a, b in found if roots[a] != roots[b]]
                self.stats["held_stock_texts"] = len(stock)
                self.stats["held_cpu_seconds"] = round(time.process_time() - started, 3)
            texts = []
            group_kind += [kind] * len(roots)
            best: dict[int, str] = {}
            for n, root in enumerate(roots.tolist()):
                if root not in best or first_id[kind][n] < best[root]:
                    best[root] = first_id[kind][n]
            smallest += [best.get(g, "") for g in range(len(roots))]
            offset += len(roots)
            distinct[kind] = {}  # the texts are grouped: only their numbers are needed from here on
        self._group_kind = group_kind
        width = max(len(self._organ_names), 1)  # a (group, organ) pair as one number
        self._holds = self._join_held(held, offset, width)
        pairs = minhash.distinct(self._group * width + self._organ[self._report])
        self._organ_count = np.bincount(pairs // width, minlength=offset)
        self._size = np.bincount(self._group, minlength=offset)
        self._cluster_ids = {g: f"{group_kind[g][:4]}-{smallest[g]}" for g in np.flatnonzero(self._organ_count >= 2).tolist()}
        self._cluster_organs = defaultdict(list)
        for pair in pairs[self._organ_count[pairs // width] >= 2].tolist():
            self._cluster_organs[pair // width].append(self._organ_names[pair % width])
        self._index = {r.report_id: i for i, r in enumerate(self.reports)}
        self.shares = self._shares()
        self.stats["clusters"] = len(self._cluster_ids)
        self._gathered: dict[int, _Gathered] = {}

    def _join_held(self, held: list[tuple[int, int, tuple[bool, int]]], groups: int, width: int) -> np.ndarray:
        """Put each group of statements holding a shorter statement whole into
        that statement's group (the longest such statement's, when it holds
        several; one held word for word before an edited one), unless the
        shorter one is stock wording: held or written by
        STOCK_ORGANS organs or more. Returns, per unit, whether it holds its
        group's text with sentences of its own (`UnitFlag.holds`)."""
        if not held:
            return np.zeros(len(self._group), dtype=bool)
        involved = sorted({g for short, long_, _ in held for g in (short, long_)})
        pairs = minhash.distinct(self._group * width + self._organ[self._report])
        pairs = pairs[np.isin(pairs // width, involved)]
        organs: dict[int, set] = defaultdict(set)
        for pair in pairs.tolist():
            organs[pair // width].add(pair % width)
        writers: dict[int, set] = defaultdict(set)
        for short, long_, _ in held:
            writers[short] |= organs[short] | organs[long_]
        into: dict[int, tuple[tuple[bool, int], int]] = {}  # long group -> ((word for word, length), short group)
        for short, long_, rank in held:
            if len(writers[short]) < STOCK_ORGANS and (rank, -short) > into.get(long_, ((False, 0), 0)):
                into[long_] = (rank, -short)
        lookup = np.arange(groups, dtype=np.int64)
        for long_ in sorted(into):
            target, seen = -into[long_][1], {long_}
            while target in into and target not in seen:  # the shorter statement is itself held in a shorter one
                seen.add(target)
                target = -into[target][1]
            lookup[long_] = target
        self.stats["held"] = {"pairs": len(held), "groups_joined": len(into),
                              "stock": len({short for short, organs_ in writers.items() if len(organs_) >= STOCK_ORGANS})}
        holds = lookup[self._group] != self._group
        self._group = lookup[self._group]
        return holds

    def _shares(self) -> list[ReportShare]:
        """Each report's paragraph characters and those in its previous report's
        groups; notes per unit whether its group is in that report (`flags`)."""
        n = len(self.reports)
        previous = np.full(n, -1, dtype=np.int64)
        for ri, r in enumerate(self.reports):
            before = self.previous.get(r.report_id)
            if before is not None:
                previous[ri] = self._index[before]
        # a unit is in its previous report when (previous report, its group) is one of the archive's (report, group) pairs
        width = max(len(self._group_kind), 1)
        held = minhash.distinct(self._report * width + self._group)
        earlier = previous[self._report]
        wanted = earlier * width + self._group
        at = np.minimum(np.searchsorted(held, wanted), max(len(held) - 1, 0))
        self._in_previous = (earlier >= 0) & (held[at] == wanted) if len(held) else np.zeros(0, dtype=bool)
        paragraph = (np.array(self._group_kind, dtype=object) == "paragraph")[self._group]
        chars = self._chars.astype(np.int64)
        total = np.bincount(self._report, weights=chars * paragraph, minlength=n).astype(np.int64)
        repeated = np.bincount(self._report, weights=chars * (paragraph & self._in_previous), minlength=n).astype(np.int64)
        return [ReportShare(r.report_id, self.previous.get(r.report_id), int(repeated[ri]) if previous[ri] >= 0 else 0,
                            int(total[ri])) for ri, r in enumerate(self.reports)]

    def flags(self) -> Iterator[tuple[UnitFlag, str, int | None, int]]:
        """The second pass: every repeated or shared unit's flag with the unit's
        text, section and number (`Unit`), in report and unit order.
        `clusters()` is complete once this has been read to the end."""
        # as Python numbers, read once: a numpy element read per unit cost ~1 s a million units each
        group, in_previous, organ_count = self._group.tolist(), self._in_previous.tolist(), self._organ_count.tolist()
        held = self._holds.tolist()
        gathered, members = self._gathered, self.members
        row, cores = 0, {}
        for ri, r in enumerate(self.reports):
            before = self.previous.get(r.report_id)
            said = self._said[before].split("\n") if before in self._said else []
            said, spoken = said[0::2], said[1::2]
            shingled = None  # the shingles of `said`, made for the report's first statement
            for (uid, kind, text, section, number, _), written in _kept_units(r, cores):
                g = group[row]
                row += 1
                cluster = self._cluster_ids.get(g)
                # last year's statement with a clause dropped or reworded is not in its group
                # (a clause kept whole has its core inside the other's: only those are split into clauses)
                if not in_previous[row - 1] and kind == "problem" and said and shingled is None:
                    shingled = [shingle_set(other) for other in said]
                repeated = in_previous[row - 1] or (kind == "problem" and bool(said) and (
                    restates(written, said, shingled) or any(keeps_clause(text, earlier) for other, earlier in zip(said, spoken)
                                                   if other != written and (other in written or written in other))))
                others = organ_count[g] - 1 if cluster else 0
                holds = held[row - 1]
                if cluster:  # a member of group g (see `_Gathered`), inline: a million calls at 100k reports
                    key = (holds, r.year or 0, uid)
                    c = gathered.get(g)
                    if c is None:
                        c = gathered[g] = _Gathered(key, text)
                    elif key < c.first:
                        c.first, c.text = key, text
                    if r.year:
                        c.years.add(r.year)
                    if key < c.written.get(text, _AFTER):
                        c.written[text] = key
                    if members:
                        c.ids.append(key)
                if repeated or others:
                    yield UnitFlag(uid, r.report_id, kind, repeated, others, cluster, holds), text, section, number

    def clusters(self) -> list[Cluster]:
        """Groups written by at least two organs, the most organs first (after `flags()`)."""
        out = []
        for g, cluster_id in self._cluster_ids.items():
            c = self._gathered[g]
            out.append(Cluster(id=cluster_id, kind=self._group_kind[g], text=c.text,
                               unit_ids=[key[-1] for key in sorted(c.ids, key=lambda key: key[1:])],
                               organs=sorted(self._cluster_organs[g]),
                               years=sorted(c.years), size=int(self._size[g]),
                               variants=c.variants()))
        return sorted(out, key=lambda c: (-len(c.organs), -c.size, c.id))


def _kept_units(report: ReportText, cores: dict[str, str]) -> Iterator[tuple[list, str]]:
    """The report's units long enough to compare (`ReportText.unit_rows`: [id,
    kind, text, section, number, written]), with the text compared: a
    paragraph normalised, a statement without its self-references and hedges
    when what is left is long enough to be a copy (`sametext.core`: 本镇/我街道
    …宣传力度还不够 are one statement, as similar statements' flags have them).
    `cores`: each statement's text compared, by its normalised text, as found
    (a pass's statements repeat: 192,691 at 100k reports, 7,400 distinct)."""
    for row in report.unit_rows():
        kind = row[1]
        if kind not in MIN_CHARS:
            continue
        written = row[5] if row[5] is not None else normalise(row[2])
        if len(written) >= MIN_CHARS[kind]:
            if kind == "problem":
                kept = cores.get(written)
                if kept is None:
                    kept = core(written)
                    kept = cores[written] = kept if len(kept) >= MIN_COPY_CORE else written
                written = kept
            yield row, written


def detect_copies(reports: Iterable[ReportText], group: Callable[..., list[int]] = group_texts) -> CopyResult:
    """Clusters, per-unit flags and per-report repeated shares for `reports`,
    all in memory (`CopyScan` streams them for the build).

    `group(texts, stats)` groups distinct normalised texts (see
    `indexer.neardup.group_texts`); another one can be given to compare.
    """
    scan = CopyScan(reports, group)
    flags = [flag for flag, *_ in scan.flags()]
    return CopyResult(scan.clusters(), flags, scan.shares, scan.stats)
