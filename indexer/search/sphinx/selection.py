"""What a search selects, in SphinxQL terms: the query, filters, exclusions and narrowing as WHERE.

The same input gives the same selection as `indexer.search.Archive._select`
(and the same QueryError for bad input): the embedded index's query parser,
its filter fields, a year range and has_problems as attribute conditions
(has_problems apart, `Selection.stating`, so its counts can leave it out), a
section without a query as the `parts` attribute.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer.errors import QueryError
from indexer.search.choices import filter_values
from indexer.search.narrowing import HAS_PROBLEMS, Narrowing
from indexer.search.query import parse_query
from indexer.search.sphinx.conf import PARTS_ATTRIBUTE, SEARCH_INDEX, facet_attribute
from indexer.search.sphinx.facets import ValueDictionary, sql_list, value_ids
from indexer.search.sphinx.matching import compile_query


@dataclass
class Selection:
    """What a search selects, in SphinxQL terms."""

    parsed: object = None  # the parsed query, or None
    expression: str = ""  # its MATCH() expression, without a field limit
    fields: tuple[str, ...] = ()
    sections: list[str] | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)  # canonical values
    exclude: dict[str, list[str]] = field(default_factory=dict)
    conditions: list[str] = field(default_factory=list)  # the year range, section presence
    stating: str = ""  # the has_problems choice: apart, as a facet counts without its own choice

    def match(self, expression: str | None = None) -> str | None:
        expression = expression or self.expression
        return f"@({','.join(self.fields)}) ({expression})" if expression else None

    def where(self, match: str | None, skip: str | None = None) -> str:
        """WHERE of the selection, without `skip`'s own filter (a facet counts without it)."""
        conditions = ["MATCH(%s)"] if match else []
        for name, values in self.filters.items():
            if name != skip:
                conditions.append(f"{facet_attribute(name)} IN {sql_list(value_ids(name, values))}")
        for name, values in self.exclude.items():
            conditions.append(f"{facet_attribute(name)} NOT IN {sql_list(value_ids(name, values))}")
        conditions += self.conditions
        if self.stating and skip != HAS_PROBLEMS:
            conditions.append(self.stating)
        return "WHERE " + " AND ".join(conditions) if conditions else ""


def select(query, filters, exclude, kind, narrowing, values: ValueDictionary) -> Selection:
    """What a search selects; raises QueryError as `indexer.search.Archive._select` does for the same input.

    `values` turns an organ's name into its ids (a filter on the agency facet).
    """
    if kind not in (None, "report", "problem"):
        raise QueryError("kind 只能是 report 或 problem")
    filters, exclude = filter_values(filters, "filters"), filter_values(exclude, "exclude")
    if kind:
        filters["kind"] = [kind]
    sections = filters.pop("section", None)
    exclude.pop("section", None)
    chosen = Selection(fields=fields_of(sections), sections=sections)
    chosen.filters = {k: values.canonical(k, v) for k, v in filters.items()}
    chosen.exclude = {k: values.canonical(k, v) for k, v in exclude.items()}
    if query and query.strip():
        chosen.parsed = parse_query(query)
        chosen.expression = compile_query(chosen.parsed, chosen.fields)
    elif sections:
        chosen.conditions.append(f"{PARTS_ATTRIBUTE} IN {sql_list(int(s) for s in sections)}")
    chosen.conditions += narrowed(narrowing)
    if narrowing is not None and narrowing.has_problems is not None:
        chosen.stating = f"stating = {1 if narrowing.has_problems == 'yes' else 0}"
    return chosen


def grouped(name: str, where: str, groups: int, attribute: str | None = None) -> str:
    """Counts of the values of facet `name` among the matches of `where`, at most `groups` of them.

    Sphinx keeps at most max_matches groups and says nothing of the rest
    (`facets.FACET_GROUPS`: how many to ask for).
    """
    return (f"SELECT GROUPBY(), COUNT(*) FROM {SEARCH_INDEX} {where} GROUP BY {attribute or facet_attribute(name)} "
            f"LIMIT {groups} OPTION max_matches={groups}, ranker=none")


def fields_of(sections) -> tuple[str, ...]:
    if not sections:
        return tuple(f"s{n}" for n in range(7)) + ("problem",)
    chosen = []
    for value in sections:
        if not value.isdigit() or not 0 <= int(value) <= 6:
            raise QueryError(f"没有第 {value} 部分（section must be 0-6）")
        chosen.append(f"s{value}")
        if int(value) == 5:
            chosen.append("problem")
    return tuple(dict.fromkeys(chosen))


def narrowed(narrowing: Narrowing | None) -> list[str]:
    """A year range as attribute conditions (`indexer.search.narrowing.Narrowing`; its
    has_problems is `Selection.stating`, checked here).

    As in the embedded index, a document of unknown year (stored as 0) is
    left out once either end of the range is set.
    """
    if narrowing is None:
        return []
    narrowing.check()
    out = []
    if narrowing.year_from is not None or narrowing.year_to is not None:
        low = narrowing.year_from if narrowing.year_from is not None else 1
        high = narrowing.year_to if narrowing.year_to is not None else 9999
        out.append(f"year >= {int(low)} AND year <= {int(high)}")
    return out
