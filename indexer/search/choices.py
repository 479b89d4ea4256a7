"""What a caller may ask of an archive: filter fields, sorts and paging,
checked the same way by every backend (`Archive`, the Sphinx archive)."""
from __future__ import annotations

from indexer.errors import QueryError
from indexer.search.results import FACET_FIELDS

SORTS = ("relevance", "year", "year_asc")
MAX_PER_PAGE = 100
FILTER_FIELDS = FACET_FIELDS + ("section",)


def filter_values(spec, name: str) -> dict[str, list[str]]:
    if not spec:
        return {}
    if not isinstance(spec, dict):
        raise QueryError(f"{name} must be a mapping of field to values")
    out = {}
    for key, values in spec.items():
        if key not in FILTER_FIELDS:
            raise QueryError(f"不能按 {key!r} 筛选（unknown filter field）; fields: {', '.join(FILTER_FIELDS)}")
        if isinstance(values, (str, int)):
            values = [values]
        values = [str(v) for v in values if str(v) != ""]
        if values:
            out[key] = values
    return out


def check_paging(sort, page, per_page) -> None:
    """Raises QueryError for an unknown sort or a page / per_page out of range (every backend)."""
    if sort not in SORTS:
        raise QueryError(f"未知的排序 {sort!r}（sort must be one of {', '.join(SORTS)}）")
    if not isinstance(page, int) or page < 1:
        raise QueryError("页码必须是正整数（page must be >= 1）")
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"每页条数必须在 1 到 {MAX_PER_PAGE} 之间（per_page out of range）")
