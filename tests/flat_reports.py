"""Synthetic report texts in the shapes real pages take when they lose their
layout: a whole 2021-format report on one line, its table cells glued into
digit runs (`…申请数量21710000218二、…`), headings glued after digits."""
from __future__ import annotations

#: 表三 of the flattened report, (printed label, 7 cells), 2021 layout.
TABLE3_2021 = [
    ("一、本年新收政府信息公开申请数量", (217, 1, 0, 0, 0, 0, 218)),
    ("二、上年结转政府信息公开申请数量", (3, 0, 0, 0, 0, 0, 3)),
    ("三、本年度办理结果（一）予以公开", (150, 1, 0, 0, 0, 0, 151)),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (10, 0, 0, 0, 0, 0, 10)),
    ("（三）不予公开1.属于国家秘密", (0,) * 7),
    ("2.其他法律行政法规禁止公开", (0,) * 7),
    ("3.危及“三安全一稳定”", (0,) * 7),
    ("4.保护第三方合法权益", (0,) * 7),
    ("5.属于三类内部事务信息", (0,) * 7),
    ("6.属于四类过程性信息", (0,) * 7),
    ("7.属于行政执法案卷", (0,) * 7),
    ("8.属于行政查询事项", (0,) * 7),
    ("（四）无法提供1.本机关不掌握相关政府信息", (40, 0, 0, 0, 0, 0, 40)),
    ("2.没有现成信息需要另行制作", (0,) * 7),
    ("3.补正后申请内容仍不明确", (16, 0, 0, 0, 0, 0, 16)),
    ("（五）不予处理1.信访举报投诉类申请", (0,) * 7),
    ("2.重复申请", (0,) * 7),
    ("3.要求提供公开出版物", (0,) * 7),
    ("4.无正当理由大量反复申请", (0,) * 7),
    ("5.要求行政机关确认或重新出具已获取信息", (0,) * 7),
    ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (0,) * 7),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (0,) * 7),
    ("3.其他", (0,) * 7),
    ("（七）总计", (216, 1, 0, 0, 0, 0, 217)),
    ("四、结转下年度继续办理", (4, 0, 0, 0, 0, 0, 4)),
]
#: 表四: 行政复议 (2 upheld, 1 corrected), 行政诉讼 未经复议 (1 pending).
TABLE4_2021 = (2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)

PROBLEMS_2021 = ["政府信息公开的内容还不够全面", "政策解读形式比较单一，图解、视频解读较少", "工作人员业务水平有待提高"]


def glued(cells) -> str:
    return "".join(str(c) for c in cells)


def flattened_2021_report(table3=TABLE3_2021, table4=TABLE4_2021) -> str:
    """A whole 2021-format county report on one line, every table cell glued."""
    rows = "".join(label + glued(cells) for label, cells in table3)
    return (
        "某某县人民政府2021年政府信息公开工作年度报告 本报告根据《中华人民共和国政府信息公开条例》编制。"
        "一、总体情况2021年，我县认真贯彻落实《条例》，全面推进政务公开工作。（一）主动公开。全年主动公开政府信息3120条。"
        "（二）依申请公开。全年共收到申请218件。"
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
        "行政规范性文件312第二十条第（五）项信息内容本年处理决定数量行政许可1525"
        "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费18651.06"
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
        + rows
        + "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
        "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
        + glued(table4)
        + "五、存在的主要问题及改进情况2021年，我县政府信息公开工作取得了一定成效，但还存在一些问题：一是"
        + PROBLEMS_2021[0] + "；二是" + PROBLEMS_2021[1] + "；三是" + PROBLEMS_2021[2] + "。"
        "下一步，我县将加强培训，丰富解读形式。"
        "六、其他需要报告的事项本年度未收取信息处理费。某某县人民政府2022年1月20日"
    )


def table3_with(**rows) -> list[tuple[str, tuple[int, ...]]]:
    """TABLE3_2021 with some rows replaced, by row key (received, disclosed…)."""
    keys = ["received", "carried_over", "disclosed", "partly_disclosed", *[f"withheld_{i}" for i in range(8)],
            "unable_not_held", "unable_needs_creation", "unable_unclear", *[f"not_processed_{i}" for i in range(5)],
            "other_overdue_correction", "other_overdue_fee", "other_other", "result_total", "carried_forward"]
    return [(label, rows.get(key, (0,) * 7)) for key, (label, _) in zip(keys, TABLE3_2021)]


#: An old-format (2008–2018) town report on one line: its part headings glued
#: after figures (…费用0六、…), its problems heading written in one of many
#: ways; {H} is that heading, {P} the problems part.
FLAT_OLD_FORMAT = (
    "某某镇2015年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》要求，现公布本镇2015年度报告。"
    "一、概述2015年，我镇认真贯彻落实《条例》。二、主动公开政府信息情况全年主动公开信息128条，其中网站公开96条。"
    "三、依申请公开政府信息情况全年共受理申请3件，均已按时答复。四、政府信息公开的收费及减免情况全年未收取任何费用0"
    "五、因政府信息公开申请提起行政复议、行政诉讼的情况全年未发生行政复议和诉讼案件0"
    "{H}{P}"
    "七、其他需要报告的事项无。"
)


def flattened_2021_report_with_problems(part: str) -> str:
    """The flattened 2021 report with its section 五 replaced by `part`
    (heading included)."""
    report = flattened_2021_report()
    return report[:report.index("五、存在的主要问题")] + part + report[report.index("六、其他需要报告的事项"):]
