"""Chinese labels for the stable table keys of the shared contract."""
from __future__ import annotations

import re

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


#: The parser's and the build's warnings (English, stable) as the Chinese UI says them.
#: (pattern, Chinese with {0}, {1} … for the pattern's groups); first match wins.
WARNING_TEXTS = (
    (r"no title line", "未找到标题行"),
    (r"agency not named in text", "正文中未写明发布机关"),
    (r"level left empty: .*", "层级留空：开发区及其管委会没有固定的行政层级"),
    (r"no year found", "未找到报告年度"),
    (r"year inferred from the publication date \((.*)\)", "报告年度由发布日期（{0}）推断"),
    (r"no publication date", "未找到发布日期"),
    (r"no section headings recognised", "未识别出各部分标题"),
    (r"report format could not be told", "无法判断报告格式（新旧版式）"),
    (r"no problems section.*", "未找到“存在的主要问题”部分"),
    (r"problems section holds no recognisable problem statements", "“存在的主要问题”部分中未识别出具体问题"),
    (r"no statistics tables found", "未找到统计表（表二至表四）"),
    (r"table (\S+) unreadable: (.*)", "统计表 {0} 无法读取：{1}"),
    (r"表三 row (.*) damaged: (\d+) cells where (\d+) are expected; left out of the checks",
     "表三第 {0} 行已损坏：有 {1} 格，应为 {2} 格；未参与核对"),
    (r"正文由 OCR 识别，文字可能有误 \(OCR text: .*\)", "正文由 OCR 识别，文字可能有误"),
    (r"agency overridden by manifest\.csv: '(.*)' → '(.*)'", "发布机关按 manifest.csv 更正：“{0}” → “{1}”"),
    (r"year overridden by manifest\.csv: (.*) → (.*)", "报告年度按 manifest.csv 更正：{0} → {1}"),
)


def warning_text(warning: str) -> str:
    """A parse or build warning in Chinese (an unknown one is kept, marked as such)."""
    for pattern, text in WARNING_TEXTS:
        found = re.fullmatch(pattern, warning)
        if found:
            return text.format(*(TABLE_NAMES.get(g, g) for g in found.groups()))
    return f"其他提示：{warning}"
