"""What a search returns: our own plain data, never Whoosh objects.

The web layer and the CLI depend on these shapes only, so that the engine
behind `indexer.search` (Whoosh today) can be replaced without touching them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from indexer.model import Report

#: Facet fields offered to users, in display order.
FACET_FIELDS = ("agency", "year", "category", "region", "level", "organ_type", "kind", "format", "failed_check")
#: The value of the bucket of documents a facet field says nothing about.
UNKNOWN = "未识别"

#: Document kinds in the index. A report hit whose best match is one section
#: is reported with kind "section".
KINDS = ("report", "section", "problem")


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False
    excluded: bool = False
    label: str = ""  # what to show when it is not the value (an agency's name for its agency_id)


@dataclass
class Facet:
    name: str
    values: list[FacetValue] = field(default_factory=list)
    truncated: bool = False
    value_count: int = 0  # how many values have a count (more than `values` when truncated)
    #: the region facet only: its values depth by depth (province, city,
    #: county, township), each depth ending with its 未识别 bucket, so that
    #: every depth adds up to the documents counted (`indexer.places.regions`)
    depths: dict[str, list[FacetValue]] = field(default_factory=dict)


@dataclass
class Hit:
    id: str  # report id, or problem id for kind == "problem"
    kind: str  # one of KINDS
    report_id: str
    agency: str
    year: int | None
    section: int | None  # standard section number the match is in, if known
    section_title: str
    snippet: str  # HTML-safe: report text escaped, matches wrapped in <mark>
    score: float
    #: "exact": it holds every term as typed; "words": a best match on words only
    match: str = "exact"
    # what the index stores about the document's organ and content (see archive.hit_facts)
    region: list[str] = field(default_factory=list)  # widest first
    level: str = ""
    organ_type: str = ""
    agency_id: str = ""
    categories: list[str] = field(default_factory=list)


@dataclass
class HitRecord:
    """One matching document in full, for exports (`Archive.export`)."""

    hit: Hit
    text: str  # the whole statement, the matched section, or the whole report (prose)
    province: str = ""
    city: str = ""
    county: str = ""
    source_url: str = ""  # the official page as recorded (unchecked)


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, Facet] = field(default_factory=dict)
    sort: str = "relevance"
    kind_totals: dict[str, int] = field(default_factory=dict)  # report / section / problem, whatever `kind` is
    #: hits holding every term as typed; the rest of `total` are best matches on words
    exact_total: int = 0
    partial: bool = False  # a shard of a distributed backend did not answer
    #: the query as its best matches read it, in the reports' words (`everyday`: 人手紧 as 人员不足); None when as typed
    read_as: str | None = None
    #: {"yes", "no"}: the hits (as the facets count them) of reports stating problems and not, counted
    #: without the has_problems choice; empty when facets were not counted
    problem_counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI (`--json`) and `/api/search`."""
        return {
            "query": self.query,
            "total": self.total,
            "exact_total": self.exact_total,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "partial": self.partial,
            "read_as": self.read_as,
            "hits": [asdict(h) for h in self.hits],
            "facets": {
                name: [asdict(v) for v in f.values] for name, f in self.facets.items()
            },
            "facets_truncated": {name: f.truncated for name, f in self.facets.items()},
            "has_problems_counts": self.problem_counts,
        }


@dataclass
class StoredReport:
    id: str
    report: Report
    file: str
    content_hash: str
    categories: list[str] = field(default_factory=list)
    problem_ids: list[str] = field(default_factory=list)
    indexed_at: str = ""


@dataclass
class StoredProblem:
    id: str
    report_id: str
    number: int
    text: str
    agency: str
    year: int | None
    region: str
    level: str
    categories: list[str] = field(default_factory=list)
    cues: dict[str, list[str]] = field(default_factory=dict)
    score: float = 0.0


def listed(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [v for v in str(value or "").split(",") if v]


def hit_facts(stored) -> dict:
    """The organ and content facts a hit carries, from stored fields.

    Fields an older index does not store (agency_id, organ_type) come out empty.
    """
    return dict(region=listed(stored.get("region")), level=stored.get("level") or "",
                organ_type=stored.get("organ_type") or "", agency_id=stored.get("agency_id") or "",
                categories=listed(stored.get("category")))


def organ_facts(report) -> tuple[str, str, str, str]:
    """(province, city, county, source_url) of a report (empty without one)."""
    if report is None:
        return ("", "", "", "")
    return (report.region.province, report.region.city, report.region.county, report.source_url or "")


def region_depths(counts: dict[str, int], total: int, selected, excluded) -> dict[str, list[FacetValue]]:
    """The region facet depth by depth (`indexer.places.regions.by_depth` over
    the counted region values); {} when a value is no division of the table (an
    index built before the divisions table), so the flat list is all that is shown."""
    from indexer.places.regions import by_depth

    try:
        split = by_depth(counts, total)
    except ValueError:
        return {}
    return {rank: [FacetValue(v, c, selected=v in selected, excluded=v in excluded) for v, c in found]
            for rank, found in split.items()}
