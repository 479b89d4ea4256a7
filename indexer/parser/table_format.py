"""What the State Council format prints in its statistics tables: the stable
keys of 表二's items and columns, 表三's rows and columns and 表四's cells,
with the keywords that recognise each printed label, and which 表三 rows
each layout (2019, 2021) has. Data for the readers in
indexer.parser.{application_table, review_table, active_table, glued}.
"""
from __future__ import annotations

import re
from typing import Iterator

APPLICANT_COLUMNS = ("natural_person", "commercial", "research", "public_interest",
                     "legal_services", "other")
APPLICATION_COLUMNS = APPLICANT_COLUMNS + ("total",)
REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_CELLS = ("upheld", "corrected", "other", "pending", "total")


class NamedAlternatives:
    """Keyed patterns tried in order, as one alternation whose match names its
    key (`lastgroup`). `finditer` gives the matches of the named alternation
    (`named`), found by its unnamed twin: a plain alternation of the same
    patterns in the same order opens with a literal in every branch, so the
    engine skips to those first characters, where the named one (each branch
    a group) tries every branch at every position. At each place the plain
    one matches, the named one matches the same span (the same branches,
    tried in the same order), and the two find the same places."""

    def __init__(self, patterns: tuple[tuple[str, str], ...]):
        self.named = re.compile("|".join(f"(?P<{k}>{p})" for k, p in patterns))
        self.plain = re.compile("|".join(p for _, p in patterns))

    def finditer(self, text: str) -> Iterator[re.Match]:
        match = self.named.match
        return (match(text, found.start()) for found in self.plain.finditer(text))


#: 表三 rows in the order the format prints them, with the keywords that
#: identify each label (distinctive fragments, so that broken or slightly
#: mistyped labels such as "其他法律行政止公开" are still recognised).
APPLICATION_ROWS: tuple[tuple[str, str], ...] = (
    ("received", r"本年新收"),
    ("carried_over", r"上年结转"),
    ("disclosed", r"予以公开"),
    ("partly_disclosed", r"部分公开"),
    ("withheld_state_secret", r"国家秘密"),
    ("withheld_law_prohibited", r"其他法律|法规禁止"),
    ("withheld_security_stability", r"三安全|一稳定"),
    ("withheld_third_party", r"第三方"),
    ("withheld_internal_affairs", r"内部事务"),
    ("withheld_process_info", r"过程性"),
    ("withheld_enforcement_file", r"执法案卷"),
    ("withheld_inquiry", r"查询事项"),
    ("unable_not_held", r"不掌握"),
    ("unable_needs_creation", r"另行制作|没有现成"),
    ("unable_unclear", r"仍不明确|补正后申请"),
    ("not_processed_petition", r"信访|举报投诉"),
    ("not_processed_repeated", r"重复申请"),
    ("not_processed_publication", r"出版物"),
    ("not_processed_excessive", r"大量反复"),
    ("not_processed_confirmation", r"重新出具|确认或重"),
    ("other_processing", r"其他处理"),
    ("other_overdue_correction", r"不补正"),
    ("other_overdue_fee", r"缴纳费用|收费通知"),
    # "3.其他" alone: only a bare label, never "其他" inside a longer one
    ("other_other", r"(?:^|[\d)）.、．])其他$"),
    ("result_total", r"总计|总\s*计"),
    ("carried_forward", r"结转下年|下年度继续"),
)
ROW_KEYS = tuple(key for key, _ in APPLICATION_ROWS)
ROW_PATTERNS = [(i, re.compile(p)) for i, (_, p) in enumerate(APPLICATION_ROWS)]
ROWS_2019 = tuple(k for k in ROW_KEYS if not k.startswith("other_") or k == "other_processing")
ROWS_2021 = tuple(k for k in ROW_KEYS if k != "other_processing")

#: 表二 items and columns.
ACTIVE_ITEMS: tuple[tuple[str, str], ...] = (
    ("normative_documents", r"规范性文件"),
    ("regulations", r"规章"),
    ("other_services", r"其他对外管理服务"),
    ("licensing", r"行政许可"),
    ("punishment", r"行政处罚"),
    ("coercion", r"行政强制"),
    ("fees", r"事业性收费"),
    ("procurement", r"集中采购|政府采购"),
)
ACTIVE_ITEM_RE = NamedAlternatives(ACTIVE_ITEMS)
ACTIVE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("new_made", r"新制作"),
    ("new_published", r"新公开"),
    ("total_published", r"对外公开总"),
    ("previous_year", r"上一年项目数量|上一年"),
    ("change", r"增\s*/\s*减|增减"),
    ("decisions", r"处理决定"),
    ("issued", r"制发"),
    ("repealed", r"废止"),
    ("in_force", r"现行有效"),
    ("count", r"项目数量"),
    ("amount", r"金额"),
)
ACTIVE_COLUMN_RE = NamedAlternatives(ACTIVE_COLUMNS)



def layout_of(keys, report_format: str = "") -> str:
    """"2021" or "2019": the 表三 layout whose rows `keys` holds;
    `report_format` breaks the tie when the keys do not show it."""
    if any(k in keys for k in ("other_overdue_correction", "other_overdue_fee", "other_other")):
        return "2021"
    if "other_processing" in keys:
        return "2019"
    return "2021" if report_format == "2021" else "2019"


def item_rows(layout: str) -> list[str]:
    """The result item rows (（一）…（六）) that add up to （七）总计 in `layout`."""
    order = ROWS_2021 if layout == "2021" else ROWS_2019
    return list(order[order.index("disclosed"):order.index("result_total")])
