"""The search state carried in a URL, parsed and bounded.

Every page state (query, filters, exclusions, kind, sort, page) is a query
string, so it can be bookmarked. Only the fields in USER_FIELDS can be
filtered; any other parameter is ignored, so URLs cannot reach internal fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import current_app

from indexer.errors import QueryError
from indexer.model import FORMATS, STANDARD_SECTIONS
from indexer.search.narrowing import Narrowing
from indexer.search.results import UNKNOWN

#: Facet fields offered in the UI and the API, in display order.
USER_FIELDS = ("agency", "year", "category", "region", "level", "organ_type", "format", "failed_check")
FIELD_LABELS = {"agency": "机关", "year": "年度", "category": "问题类别", "region": "地区", "level": "层级",
                "organ_type": "机关类型", "format": "报告格式", "failed_check": "勾稽核对"}
KINDS = {"report": "报告", "problem": "存在问题"}
SORTS = {"relevance": "相关度", "year": "年度（新→旧）", "year_asc": "年度（旧→新）"}
#: Fields whose values are a fixed set, with a label for each value.
CHOICES = {"format": {f: label for f, label in zip(FORMATS, ("2019 年前旧格式", "2019—2020 年格式", "2021 年起新格式"))},
           "failed_check": {"yes": "有核对未通过", "no": "没有核对失败"}}
HAS_PROBLEMS = {"yes": "写明了存在的问题", "no": "未写明存在的问题"}
#: `section`: search within one of the six standard parts
SECTIONS = {str(n): f"{'一二三四五六'[n - 1]}、{title}" for n, title in STANDARD_SECTIONS.items()}
_MAX_VALUE_CHARS = 200


@dataclass
class SearchState:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    kind: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    more: str | None = None  # facet field shown in full
    year_from: int | None = None
    year_to: int | None = None
    has_problems: str | None = None  # one of HAS_PROBLEMS
    section: str | None = None  # one of SECTIONS

    def pairs(self, page: bool = True) -> list[tuple[str, str]]:
        """Query-string pairs for this state (defaults left out)."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in USER_FIELDS:
            out += [(name, v) for v in self.filters.get(name, [])]
        for name in USER_FIELDS:
            out += [(f"exclude_{name}", v) for v in self.exclude.get(name, [])]
        for name in ("year_from", "year_to", "has_problems", "section"):
            if getattr(self, name) is not None:
                out.append((name, str(getattr(self, name))))
        if self.kind:
            out.append(("kind", self.kind))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if page and self.page != 1:
            out.append(("page", str(self.page)))
        if self.per_page != 20:
            out.append(("per_page", str(self.per_page)))
        if self.more:
            out.append(("more", self.more))
        return out

    def query_string(self, page: bool = True) -> str:
        return urlencode(self.pairs(page))

    def replace(self, **changes) -> "SearchState":
        data = {
            "q": self.q,
            "filters": {k: list(v) for k, v in self.filters.items()},
            "exclude": {k: list(v) for k, v in self.exclude.items()},
            "kind": self.kind,
            "sort": self.sort,
            "page": 1,  # any change of what is shown starts at page 1
            "per_page": self.per_page,
            "more": self.more,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "has_problems": self.has_problems,
            "section": self.section,
        }
        data.update(changes)
        return SearchState(**data)

    def toggled(self, name: str, value: str, exclude: bool = False) -> "SearchState":
        """State with `value` added to / removed from filters (or exclusions)."""
        filters = {k: list(v) for k, v in self.filters.items()}
        excluded = {k: list(v) for k, v in self.exclude.items()}
        target, other = (excluded, filters) if exclude else (filters, excluded)
        values = target.setdefault(name, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
            if value in other.get(name, []):
                other[name].remove(value)
        return self.replace(filters={k: v for k, v in filters.items() if v}, exclude={k: v for k, v in excluded.items() if v})

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self.exclude or self.kind or self.narrowed)

    @property
    def narrowed(self) -> bool:
        """A year range, has_problems or section is set."""
        return any(v is not None for v in (self.year_from, self.year_to, self.has_problems, self.section))

    def as_json(self) -> dict:
        """The search parameters as the API echoes them."""
        return {"query": self.q, "filters": self.filters, "exclude": self.exclude, "kind": self.kind, "sort": self.sort,
                "year_from": self.year_from, "year_to": self.year_to, "has_problems": self.has_problems,
                "section": int(self.section) if self.section else None}

    def archive_args(self) -> dict:
        """What `Archive.search`, `export` and `facet_search` take from this state."""
        filters = {k: list(v) for k, v in self.filters.items()}
        if self.section:
            filters["section"] = [self.section]
        return {"query": self.q, "filters": filters or None, "exclude": self.exclude or None, "kind": self.kind,
                "narrowing": Narrowing(self.year_from, self.year_to, self.has_problems)}


def _bounded_int(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\d{1,6}", raw.strip()):
        raise QueryError(f"参数 {name} 必须是正整数")
    value = int(raw)
    if not low <= value <= high:
        raise QueryError(f"参数 {name} 必须在 {low} 到 {high} 之间")
    return value


def _values(args, key: str, name: str) -> list[str]:
    limit = current_app.config["MAX_FILTER_VALUES"]
    values: list[str] = []
    for raw in args.getlist(key):
        value = raw.strip()
        if not value or value in values:
            continue
        if len(value) > _MAX_VALUE_CHARS:
            raise QueryError(f"筛选值过长（{FIELD_LABELS[name]}）")
        if name == "year" and not re.fullmatch(r"\d{4}", value) and value != UNKNOWN:
            raise QueryError(f"年度必须是四位数字：{value}")
        if name in CHOICES and value not in CHOICES[name]:
            raise QueryError(f"{FIELD_LABELS[name]}只能是 " + "、".join(CHOICES[name]) + f"：{value}")
        values.append(value)
    if len(values) > limit:
        raise QueryError(f"{FIELD_LABELS[name]} 最多同时选 {limit} 个值")
    return values


def _year_bound(args, name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d{4}", raw):
        raise QueryError(f"{'起始' if name == 'year_from' else '截止'}年度必须是四位数字：{raw[:20]}")
    return int(raw)


def _choice(args, name: str, allowed: dict, message: str) -> str | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if raw not in allowed:
        raise QueryError(message)
    return raw


def parse_state(args) -> SearchState:
    """SearchState from request args; raises QueryError for out-of-bounds input.

    Unknown parameters are ignored; only USER_FIELDS become filters.
    """
    cfg = current_app.config
    q = (args.get("q") or "").strip()
    if len(q) > cfg["MAX_QUERY_CHARS"]:
        raise QueryError(f"查询过长：最多 {cfg['MAX_QUERY_CHARS']} 个字符")
    filters = {n: v for n in USER_FIELDS if (v := _values(args, n, n))}
    exclude = {n: v for n in USER_FIELDS if (v := _values(args, f"exclude_{n}", n))}
    kind = (args.get("kind") or "").strip() or None
    if kind is not None and kind not in KINDS:
        raise QueryError("kind 只能是 report 或 problem")
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise QueryError("sort 只能是 " + "、".join(SORTS))
    per_page = _bounded_int(args.get("per_page"), "per_page", 20, 1, cfg["MAX_PER_PAGE"])
    page = _bounded_int(args.get("page"), "page", 1, 1, cfg["MAX_RESULT_WINDOW"])
    if page * per_page > cfg["MAX_RESULT_WINDOW"]:
        raise QueryError(f"翻页过深：page × per_page 不能超过 {cfg['MAX_RESULT_WINDOW']}")
    more = args.get("more")
    year_from, year_to = _year_bound(args, "year_from"), _year_bound(args, "year_to")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise QueryError(f"起始年度 {year_from} 晚于截止年度 {year_to}：请对调或改正年度范围")
    has_problems = _choice(args, "has_problems", HAS_PROBLEMS, "has_problems 只能是 yes 或 no")
    section = _choice(args, "section", SECTIONS, "section 只能是 1 到 6（报告的六个部分之一）")
    return SearchState(q, filters, exclude, kind, sort, page, per_page, more if more in USER_FIELDS else None,
                       year_from, year_to, has_problems, section)


#: what a parameter is called on the page, for the link that drops it
_PARAMETER_NAMES = {"year_from": "起始年度", "year_to": "截止年度", "has_problems": "问题陈述", "section": "检索范围",
                    "kind": "结果类型", "sort": "排序", "page": "页码", "per_page": "每页条数"}


def _parameter_name(key: str) -> str:
    if key.startswith("exclude_") and key[8:] in FIELD_LABELS:
        return f"排除的{FIELD_LABELS[key[8:]]}"
    return FIELD_LABELS.get(key) or _PARAMETER_NAMES.get(key, key)


def without_bad_parameter(args) -> tuple[str, SearchState] | None:
    """The search with the one parameter that made it fail left out (its page name and
    the state), or None when no single parameter is to blame."""
    for key in sorted(set(args) - {"q"}):
        trimmed = args.copy()
        trimmed.poplist(key)
        try:
            return _parameter_name(key), parse_state(trimmed)
        except QueryError:
            continue
    return None
