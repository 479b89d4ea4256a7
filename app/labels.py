"""Chinese labels for the stable table keys of the shared contract."""
from __future__ import annotations

from indexer.parser.labels import (  # noqa: F401  (re-exported for the templates' helpers)
    APPLICANT_COLUMN_LABELS as APPLICANT_COLUMNS,
    APPLICATION_ROW_LABELS as APPLICATION_ROWS,
    REVIEW_GROUP_LABELS as REVIEW_GROUPS,
    REVIEW_CELL_LABELS as REVIEW_COLUMNS,
    ACTIVE_ITEM_LABELS as ACTIVE_ITEMS,
    ACTIVE_COLUMN_LABELS as ACTIVE_COLUMNS,
)

#: Outcome groups for the trend chart: label -> row-key prefixes/keys.
OUTCOME_GROUPS = (
    ("予以公开", ("disclosed",)),
    ("部分公开", ("partly_disclosed",)),
    ("不予公开", ("withheld_",)),
    ("无法提供", ("unable_",)),
    ("不予处理", ("not_processed_",)),
    ("其他处理", ("other_processing", "other_overdue_", "other_other")),
)

TABLE_NAMES = {"applications": "表三", "reviews": "表四", "active": "表二", "text": "正文"}

RULE_EXPLANATIONS = {
    "applications.balance": "表三：本年新收 + 上年结转 应等于 处理结果总计 + 结转下年度继续办理（按申请人类别逐列核对）。",
    "applications.result_total": "表三：（七）总计 应等于（一）至（六）各项之和。",
    "applications.row_total": "表三：每一行的“总计”应等于各类申请人数量之和。",
    "reviews.total": "表四：每组的“总计”应等于维持、纠正、其他、尚未审结四项之和。",
    "text.quoted_numbers": "正文中引用的数字应与统计表一致。",
}


#: Any row / column key of any table -> label (for check messages' places).
ANY_ROW = {**ACTIVE_ITEMS, **APPLICATION_ROWS, **REVIEW_GROUPS}
ANY_COLUMN = {**ACTIVE_COLUMNS, **APPLICANT_COLUMNS, **REVIEW_COLUMNS}


def label(mapping: dict[str, str], key: str) -> str:
    """The Chinese label for `key`, or the key itself when not known."""
    return mapping.get(key, key)
