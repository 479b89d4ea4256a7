"""The statistics tables of a synthetic report (表二/表三/表四).

`random_statistics(layout, level, rng)` draws numbers that satisfy the
勾稽关系 (except, on purpose, in a few reports) in the shape of
`Report.tables`; `active_table`, `applications_table` and `reviews_table`
render them in the 2019/2021 tab-per-cell layout of the real reports.
"""
from __future__ import annotations

import random
from collections import Counter


APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other")
#: result rows of 表三 in order: (key, group heading or "", label); the 2019 and 2021 layouts differ in （六）
RESULT_ROWS = [("disclosed", "", "（一）予以公开"),
               ("partly_disclosed", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]
RESULT_ROWS += [(k, "（三）不予公开", f"{i}.{label}") for i, (k, label) in enumerate([
    ("withheld_state_secret", "属于国家秘密"), ("withheld_law_prohibited", "其他法律行政法规禁止公开"),
    ("withheld_security_stability", "危及“三安全一稳定”"), ("withheld_third_party", "保护第三方合法权益"),
    ("withheld_internal_affairs", "属于三类内部事务信息"), ("withheld_process_info", "属于四类过程性信息"),
    ("withheld_enforcement_file", "属于行政执法案卷"), ("withheld_inquiry", "属于行政查询事项")], 1)]
RESULT_ROWS += [(k, "（四）无法提供", f"{i}.{label}") for i, (k, label) in enumerate([
    ("unable_not_held", "本机关不掌握相关政府信息"), ("unable_needs_creation", "没有现成信息需要另行制作"),
    ("unable_unclear", "补正后申请内容仍不明确")], 1)]
RESULT_ROWS += [(k, "（五）不予处理", f"{i}.{label}") for i, (k, label) in enumerate([
    ("not_processed_petition", "信访举报投诉类申请"), ("not_processed_repeated", "重复申请"),
    ("not_processed_publication", "要求提供公开出版物"), ("not_processed_excessive", "无正当理由大量反复申请"),
    ("not_processed_confirmation", "要求行政机关确认或重新出具已获取信息")], 1)]
OTHER_2019 = [("other_processing", "", "（六）其他处理")]
OTHER_2021 = [(k, "（六）其他处理", f"{i}.{label}") for i, (k, label) in enumerate([
    ("other_overdue_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_overdue_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "其他")], 1)]
RESULT_WEIGHTS = {"disclosed": 50, "partly_disclosed": 12, "unable_not_held": 15, "unable_needs_creation": 3,
                  "unable_unclear": 2, "other_processing": 3, "other_overdue_correction": 2, "other_other": 1}
LEVEL_SCALE = {"省级": 20, "市级": 10, "县级": 5, "部门": 3, "乡镇街道": 1}
#: share of reports with a deliberate arithmetic error in 表三 / 表四
INCONSISTENT_APPLICATIONS = 0.04
INCONSISTENT_REVIEWS = 0.02


def _result_rows(layout: str) -> list[tuple[str, str, str]]:
    return RESULT_ROWS + (OTHER_2019 if layout == "2019" else OTHER_2021)


def random_statistics(layout: str, level: str, rng: random.Random) -> dict:
    """Numbers for 表二/三/四 that satisfy the 勾稽关系, except on purpose in a few
    reports; the result has the shape of `Report.tables` (plus "inconsistent")."""
    scale = LEVEL_SCALE[level]
    rows = {key: dict.fromkeys(APPLICANTS, 0) for key in
            ["received", "carried_over", *(k for k, _, _ in _result_rows(layout)), "result_total", "carried_forward"]}
    keys = [k for k, _, _ in _result_rows(layout)]
    weights = [RESULT_WEIGHTS.get(k, 1) for k in keys]
    for col, (share, top) in zip(APPLICANTS, [(0.6, 40), (0.3, 8), (0.04, 2), (0.05, 2), (0.1, 4), (0.1, 3)]):
        received = rng.randint(1, top * scale) if rng.random() < share else 0
        carried = rng.randint(1, 2 * scale) if rng.random() < 0.15 else 0
        forward = rng.randint(0, min(3 * scale, received + carried)) if rng.random() < 0.2 else 0
        rows["received"][col], rows["carried_over"][col], rows["carried_forward"][col] = received, carried, forward
        done = received + carried - forward
        rows["result_total"][col] = done
        for key, count in Counter(rng.choices(keys, weights, k=done)).items():
            rows[key][col] = count
    inconsistent = []
    if rng.random() < INCONSISTENT_APPLICATIONS:
        key, col = rng.choice(keys), rng.choice(APPLICANTS)
        rows[key][col] += rng.randint(1, 3)
        inconsistent.append(f"applications.{key}.{col}")
    for row in rows.values():
        row["total"] = sum(row[c] for c in APPLICANTS)
    reviews = {}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        parts = [rng.randint(0, scale) if rng.random() < 0.15 else 0 for _ in range(4)]
        reviews[group] = dict(zip(("upheld", "corrected", "other", "pending"), parts), total=sum(parts))
    if rng.random() < INCONSISTENT_REVIEWS:
        reviews["review"]["total"] += 1
        inconsistent.append("reviews.review.total")
    made = rng.randint(0, 5 * scale) if rng.random() < 0.5 else 0
    active = {"regulations": [0, 0, 0] if level not in ("省级", "市级") else [rng.randint(0, 3), 0, rng.randint(3, 40)],
              "normative_documents": [made, rng.randint(0, made), made + rng.randint(0, 20 * scale)],
              "licensing": rng.randint(0, 300 * scale) if level != "乡镇街道" else 0,
              "punishment": rng.randint(0, 100 * scale), "coercion": rng.randint(0, 5 * scale),
              "fees": round(rng.random() * 50 * scale, 2) if rng.random() < 0.2 else 0}
    return {"applications": {"layout": layout, "rows": rows}, "reviews": reviews, "active": active,
            "inconsistent": inconsistent}


def _row(*cells: object) -> str:
    """One table row in the tab-per-cell layout: each cell a line starting with a tab."""
    return "\n".join(f"\t{c}" for c in cells) + "\n"


def active_table(layout: str, stats: dict) -> str:
    """表二 (主动公开政府信息情况) in the layout of the year."""
    a = stats["active"]
    if layout == "2021":
        parts = [_row("第二十条第（一）项"), _row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                 _row("规章", *a["regulations"]), _row("行政规范性文件", *a["normative_documents"]),
                 _row("第二十条第（五）项"), _row("信息内容", "本年处理决定数量"), _row("行政许可", a["licensing"]),
                 _row("第二十条第（六）项"), _row("信息内容", "本年处理决定数量"),
                 _row("行政处罚", a["punishment"]), _row("行政强制", a["coercion"]),
                 _row("第二十条第（八）项"), _row("信息内容", "本年收费金额（单位：万元）"), _row("行政事业性收费", a["fees"])]
    else:
        parts = [_row("第二十条第（一）项"), _row("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
                 _row("规章", *a["regulations"]), _row("规范性文件", *a["normative_documents"]),
                 _row("第二十条第（五）项"), _row("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                 _row("行政许可", 0, 0, a["licensing"]),
                 _row("第二十条第（六）项"), _row("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                 _row("行政处罚", 0, 0, a["punishment"]), _row("行政强制", 0, 0, a["coercion"]),
                 _row("第二十条第（八）项"), _row("信息内容", "上一年项目数量", "本年增/减"), _row("行政事业性收费", 0, 0)]
    return "\n".join(parts)


def applications_table(layout: str, stats: dict) -> str:
    """表三 (收到和处理政府信息公开申请情况), cells as in the real 2019/2021 reports."""
    rows = stats["applications"]["rows"]
    cols = [*APPLICANTS, "total"]
    parts = [_row("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
             _row("", "自然人", "法人或其他组织", "总计"),
             _row("", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""),
             _row("一、本年新收政府信息公开申请数量", *(rows["received"][c] for c in cols)),
             _row("二、上年结转政府信息公开申请数量", *(rows["carried_over"][c] for c in cols))]
    group_seen = ""
    for i, (key, group, label) in enumerate(_result_rows(layout)):
        values = [rows[key][c] for c in cols]
        if i == 0:
            parts.append(_row("三、本年度办理结果", label, *values))
        elif group and group != group_seen:
            parts.append(_row("", group, label, *values))
        else:
            parts.append(_row("", "", label, *values) if group else _row("", label, *values))
        group_seen = group
    parts.append(_row("", "（七）总计", *(rows["result_total"][c] for c in cols)))
    parts.append(_row("四、结转下年度继续办理", *(rows["carried_forward"][c] for c in cols)))
    return "\n".join(parts)


def reviews_table(stats: dict) -> str:
    """表四 (行政复议、行政诉讼情况): header rows, then one row of 15 numbers."""
    five = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    values = [stats["reviews"][g][k] for g in ("review", "litigation_direct", "litigation_after_review")
              for k in ("upheld", "corrected", "other", "pending", "total")]
    return "\n".join([_row("行政复议", "行政诉讼"), _row(*five, "未经复议直接起诉", "复议后起诉"),
                      _row(*[""] * 5, *five, *five), _row(*values)])
