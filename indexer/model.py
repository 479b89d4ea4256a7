"""The domain records the whole project speaks in.

A `Report` is what `parse_report(text)` returns: plain dataclasses, no I/O,
no Whoosh. `to_dict()` gives the JSON shape used by the CLI and the web API.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The six parts fixed by the State Council format, by standard number.
STANDARD_SECTIONS: dict[int, str] = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}

#: Report formats: before the 2019 revision of the 条例, the 2019/2020 tables,
#: and the 2021+ tables (国办公开办函〔2021〕30号).
FORMATS = ("pre2019", "2019", "2021")

#: The rank of the government an organ belongs to (indexer.places.LEVELS).
LEVELS = ("国家级", "省级", "市级", "县级", "乡镇街道")
#: What an organ is (indexer.places.ORGAN_TYPES).
ORGAN_TYPES = ("人民政府", "政府办公厅(室)", "政府部门", "街道办事处", "开发区管委会", "事业单位", "国有企业", "其他")


@dataclass
class Region:
    """Where the issuing organ sits, 省 → 市 → 县 → 乡镇街道; any part may be
    unknown (empty). A national organ's province is 全国; a municipality has
    no city part."""

    province: str = ""
    city: str = ""
    county: str = ""
    township: str = ""

    def names(self) -> list[str]:
        """Non-empty parts, from the widest to the narrowest."""
        return [p for p in (self.province, self.city, self.county, self.township) if p]


@dataclass
class Section:
    """One part of a report.

    `number` is the standard number 1-6 it maps onto, or None when an
    old-format section has no standard counterpart (e.g. 收费及减免).
    `title` is the heading as written; `canonical_title` the standard one
    (or the written one when there is no standard counterpart).
    """

    number: int | None
    title: str
    canonical_title: str
    text: str


@dataclass
class ProblemStatement:
    """One statement of 存在的主要问题, text exactly as written."""

    text: str
    number: int = 0  # 1-based position within its report


@dataclass
class Measure:
    """One improvement statement (改进情况 / 下一步打算), text as written."""

    text: str
    number: int = 0


@dataclass
class ConsistencyCheck:
    """One arithmetic rule (勾稽关系) applied to one row or column.

    `message` is for people: it names table, row, column and the numbers.
    """

    rule: str
    passed: bool
    message: str
    table: str = ""
    row: str = ""
    column: str = ""
    expected: float | None = None
    actual: float | None = None


@dataclass
class Report:
    title: str = ""
    agency: str = ""
    region: Region = field(default_factory=Region)
    level: str = ""  # one of LEVELS, or "" when it cannot be told
    organ_type: str = ""  # one of ORGAN_TYPES, or ""
    #: neither the organ's name nor its text tells where it is (地点未知)
    place_unknown: bool = False
    #: set by the build's identity step (indexer.identity), not the parser:
    #: the organ's stable key, and the name as the text wrote it when
    #: `agency` was replaced by the organ's canonical name
    agency_id: str = ""
    agency_written: str = ""
    year: int | None = None
    published: str = ""  # ISO date, YYYY-MM-DD (or YYYY-MM) when known
    format: str = ""  # one of FORMATS, or "" when it cannot be told
    sections: list[Section] = field(default_factory=list)
    problems: list[ProblemStatement] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    #: statistics by stable key: "applications" (table 三), "reviews"
    #: (table 四), "active" (table 二); see indexer.parser.tables.
    tables: dict[str, Any] = field(default_factory=dict)
    checks: list[ConsistencyCheck] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: where the text came from (a path or name); set by the caller, not the parser
    source: str = ""
    #: the official page, when known (manifest or the page itself)
    source_url: str = ""

    def section(self, number: int) -> Section | None:
        """The first section mapped onto standard number `number`, if any."""
        for s in self.sections:
            if s.number == number:
                return s
        return None

    @property
    def failed_checks(self) -> list[ConsistencyCheck]:
        return [c for c in self.checks if not c.passed]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Report":
        d = dict(d)
        d["region"] = Region(**d.get("region") or {})
        d["sections"] = [Section(**s) for s in d.get("sections") or []]
        d["problems"] = [ProblemStatement(**p) for p in d.get("problems") or []]
        d["measures"] = [Measure(**m) for m in d.get("measures") or []]
        d["checks"] = [ConsistencyCheck(**c) for c in d.get("checks") or []]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})
