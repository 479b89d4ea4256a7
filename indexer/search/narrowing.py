"""Filters that are not one exact term, counts by kind, and facet value lookup.

The exact fields (agency, year, format, failed_check …) filter through
`DocTable.mask`. What is here works on the same per-document arrays:

- a year range (`year_from` / `year_to`; documents of unknown year are left
  out once either end is set);
- `has_problems`: reports that state at least one problem, with their
  problem documents (and the reverse);
- a section with no query: the documents that have text in that section;
- the split of a result by kind (报告 · 章节 · 存在问题);
- a facet's shown values and their counts;
- facet values that contain a piece of text, over all values of a field.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.errors import QueryError
from indexer.search.results import UNKNOWN, Facet, FacetValue, region_depths
from indexer.search.schema import SECTION_FIELDS

YES_NO = ("yes", "no")
#: the has_problems choice among a search's per-field masks (`Archive._select`): not a facet field
HAS_PROBLEMS = "has_problems"


@dataclass
class Narrowing:
    """The filters beyond exact field values; all optional."""

    year_from: int | None = None
    year_to: int | None = None
    has_problems: str | None = None  # "yes" | "no"

    def check(self) -> None:
        """Raises QueryError for a reversed range or an unknown has_problems value."""
        for name in ("year_from", "year_to"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or not 1000 <= value <= 9999):
                raise QueryError(f"{name} 必须是四位年份")
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise QueryError(f"起始年度 {self.year_from} 晚于截止年度 {self.year_to}（year_from > year_to）")
        if self.has_problems not in (None, *YES_NO):
            raise QueryError("has_problems 只能是 yes 或 no")

    def mask(self, table) -> np.ndarray | None:
        """Documents these filters keep, or None when none is set."""
        years, stating = self.year_mask(table), self.problems_mask(table)
        if years is None or stating is None:
            return stating if years is None else years
        return years & stating

    def year_mask(self, table) -> np.ndarray | None:
        """Documents the year range keeps, or None when no end is set."""
        self.check()
        if self.year_from is None and self.year_to is None:
            return None
        low = self.year_from if self.year_from is not None else 1
        high = self.year_to if self.year_to is not None else 9999
        return (table.year >= low) & (table.year <= high)

    def problems_mask(self, table) -> np.ndarray | None:
        """Documents the has_problems choice keeps, or None when it is not set."""
        self.check()
        if self.has_problems is None:
            return None
        stating = problem_reports(table)
        return stating if self.has_problems == "yes" else ~stating


def problem_reports(table) -> np.ndarray:
    """Reports with at least one problem document, and those problem documents.

    Computed once per index generation (kept on the table).
    """
    found = getattr(table, "_problem_reports", None)
    if found is None:
        column = table._column("report_id")
        is_problem = table.is_problem
        stating = np.zeros(len(column.values), dtype=bool)
        stating[column.value_ids[is_problem[column.docs]]] = True
        found = np.zeros(table.size, dtype=bool)
        found[column.docs[stating[column.value_ids]]] = True
        table._problem_reports = found
    return found


def problem_counts(table, within: np.ndarray) -> dict[str, int]:
    """{"yes", "no"}: how many of `within` are (of) reports that state problems, and how many not:
    the has_problems choice's counts, as a facet's (`within` leaves that choice out)."""
    stating = problem_reports(table)
    yes = int(np.count_nonzero(within & stating))
    return {"yes": yes, "no": int(np.count_nonzero(within)) - yes}


def without_choice(base: np.ndarray, field_masks: dict, skip: str) -> np.ndarray:
    """`base` with every per-field mask but `skip`'s: what a facet (or the has_problems
    choice, `HAS_PROBLEMS`) is counted over, without its own choice. A new array."""
    within = base.copy()
    for name, mask in field_masks.items():
        if name != skip:
            within &= mask
    return within


def report_of(table) -> np.ndarray:
    """Each document's report, as an index into the report_id column's values
    (a report and its statements share one; -1 for none). Once per index generation."""
    found = table._objects.get("\x00report of")
    if found is None:
        column = table._column("report_id")
        found = np.full(table.size, -1, dtype=np.int64)
        found[column.docs] = column.value_ids
        table._objects["\x00report of"] = found
    return found


def section_presence(table, sections) -> np.ndarray:
    """Documents with text in any of these standard sections (5 includes problem statements)."""
    out = np.zeros(table.size, dtype=bool)
    for value in sections:
        number = int(value)
        out |= table.lengths(SECTION_FIELDS[number]) > 0
        if number == 5:
            out |= table.is_problem
    return out & table.live


def kind_totals(table, wanted, final: np.ndarray, sections=None) -> dict[str, int]:
    """{"report", "section", "problem"}: how many of `final` are of each kind.

    A report counts under "section" when the part of it holding the most of
    the query's needles `wanted` (then the most occurrences; ties to the
    earlier part) is one of the six standard sections, as `highlight.best_part`
    picks the part a hit shows; otherwise (title and unnumbered parts, or no
    query) under "report". `sections` limits the parts looked at, as for hits.
    """
    reports = np.flatnonzero(final & table.is_report)
    problems = int(np.count_nonzero(final & table.is_problem))
    in_section = 0
    if wanted and len(reports):
        numbers = [n for n in SECTION_FIELDS if not sections or str(n) in sections] or list(SECTION_FIELDS)
        where = np.full(table.size, -1, dtype=np.int64)
        where[reports] = np.arange(len(reports))
        # each report's best part so far and its score: ties stay with the earlier part
        best = np.zeros(len(reports), dtype=np.int64)
        best_number = np.zeros(len(reports), dtype=np.int64)
        for number in numbers:
            score = np.zeros(len(reports), dtype=np.float64)
            for item in wanted:
                docs, counts = table.needle_hits(item, frozenset({number}))
                at = where[np.asarray(docs, dtype=np.int64)]
                kept = at >= 0
                # distinct needles first, then occurrences (a part holds far fewer than 2**20);
                # summed as floats, exact far below 2**53
                weights = (1 << 20) + np.asarray(counts, dtype=np.float64)[kept]
                score += np.bincount(at[kept], weights=weights, minlength=len(reports))
            held = score.astype(np.int64)
            better = held > best
            best[better] = held[better]
            best_number[better] = number
        in_section = int(np.count_nonzero(best_number > 0))
    return {"report": len(reports) - in_section, "section": in_section, "problem": problems}


def matching_values(table, field: str, within: np.ndarray, text: str, labels: dict[str, str] | None = None,
                    limit: int = 50) -> tuple[list[tuple[str, int]], int]:
    """Values of `field` held by a document in `within` whose value (or label)
    contains `text`, most frequent first: ([(value, count)] up to `limit`, how many matched)."""
    needle = (text or "").strip().lower()
    counted = table.counts(field, within)
    if needle:
        labels = labels or {}
        counted = [(v, c) for v, c in counted if needle in v.lower() or needle in labels.get(v, "").lower()]
    return counted[:limit], len(counted)


def kind_split(table, base, field_masks, wanted, extra, by_words, sections) -> dict[str, int]:
    """The result split by kind, whatever `kind` asks for (`kind_totals` of the exact hits and of the best matches)."""
    any_kind = without_choice(base, field_masks, "kind")
    if extra is None:
        return kind_totals(table, wanted, any_kind, sections)
    exact = kind_totals(table, wanted, any_kind & ~extra, sections)
    best = kind_totals(table, by_words, any_kind & extra, sections)
    return {k: exact[k] + best[k] for k in exact}


def facet_counts(table, name, within, selected, excluded, limit) -> Facet:
    """The top `limit` values of facet `name` over the documents `within`, with the chosen
    (`selected`, `excluded`) values always shown and 未识别 for documents without one."""
    tally = table.tally(name, within)
    top = table.counts(name, within, limit, tally)
    unknown = table.unknown(name, within)
    if unknown:
        top.append((UNKNOWN, unknown))
    shown = {v for v, _ in top}
    index = table.column(name).index
    for value in list(selected) + list(excluded):  # chosen values always shown
        if value not in shown:
            top.append((value, int(tally[index[value]]) if value in index else 0))
            shown.add(value)
    labels = table.labels(name)
    values = [FacetValue(v, c, selected=v in selected, excluded=v in excluded, label=labels.get(v, ""))
              for v, c in top]
    value_count = int(np.count_nonzero(tally))
    facet = Facet(name=name, values=values, truncated=value_count > limit, value_count=value_count + bool(unknown))
    if name == "region":
        counts = {v: int(tally[i]) for i, v in enumerate(table.column(name).values) if tally[i]}
        facet.depths = region_depths(counts, int(np.count_nonzero(within & table.live)), selected, excluded)
    return facet
