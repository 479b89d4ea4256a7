"""Chinese labels for the stable table keys (see indexer.parser.tables):
the words the format itself prints, used in check messages and on pages."""

APPLICANT_COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other": "其他",
    "total": "总计",
}

APPLICATION_ROW_LABELS = {
    "received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "disclosed": "（一）予以公开",
    "partly_disclosed": "（二）部分公开",
    "withheld_state_secret": "（三）不予公开 1.属于国家秘密",
    "withheld_law_prohibited": "（三）不予公开 2.其他法律行政法规禁止公开",
    "withheld_security_stability": "（三）不予公开 3.危及“三安全一稳定”",
    "withheld_third_party": "（三）不予公开 4.保护第三方合法权益",
    "withheld_internal_affairs": "（三）不予公开 5.属于三类内部事务信息",
    "withheld_process_info": "（三）不予公开 6.属于四类过程性信息",
    "withheld_enforcement_file": "（三）不予公开 7.属于行政执法案卷",
    "withheld_inquiry": "（三）不予公开 8.属于行政查询事项",
    "unable_not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unable_needs_creation": "（四）无法提供 2.没有现成信息需要另行制作",
    "unable_unclear": "（四）无法提供 3.补正后申请内容仍不明确",
    "not_processed_petition": "（五）不予处理 1.信访举报投诉类申请",
    "not_processed_repeated": "（五）不予处理 2.重复申请",
    "not_processed_publication": "（五）不予处理 3.要求提供公开出版物",
    "not_processed_excessive": "（五）不予处理 4.无正当理由大量反复申请",
    "not_processed_confirmation": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "other_processing": "（六）其他处理",
    "other_overdue_correction": "（六）其他处理 1.申请人无正当理由逾期不补正",
    "other_overdue_fee": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    "other_other": "（六）其他处理 3.其他",
    "result_total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}

REVIEW_GROUP_LABELS = {"review": "行政复议", "litigation_direct": "行政诉讼·未经复议直接起诉", "litigation_after_review": "行政诉讼·复议后起诉"}
REVIEW_CELL_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}

ACTIVE_ITEM_LABELS = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "other_services": "其他对外管理服务事项",
    "licensing": "行政许可",
    "punishment": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
ACTIVE_COLUMN_LABELS = {
    "new_made": "本年新制作数量",
    "new_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "previous_year": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "count": "项目数量",
    "amount": "金额",
    "amount_unit": "单位",
}
