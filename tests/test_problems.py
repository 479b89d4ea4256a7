"""Problem statements and measures from 存在的主要问题及改进情况, in every
layout the reports use."""
from __future__ import annotations

import pytest

from indexer.model import Measure, ProblemStatement, Section
from indexer.parser.problems import extract_problems, prose_statements, split_at_cue

TITLE = "存在的主要问题及改进情况"


def _extract(text: str, title: str = TITLE) -> tuple[list[str], list[str]]:
    problems, measures = extract_problems([Section(5, title, TITLE, text)])
    return [p.text for p in problems], [m.text for m in measures]


def test_returns_numbered_records():
    problems, measures = extract_problems([Section(5, TITLE, TITLE, "一是甲不够及时；二是乙不够全面。下一步将加强培训。")])
    assert problems == [ProblemStatement("甲不够及时", 1), ProblemStatement("乙不够全面", 2)]
    assert measures == [Measure("下一步将加强培训", 1)]


def test_only_sections_numbered_five_count():
    sections = [Section(1, "总体情况", "总体情况", "一是甲不够。"), Section(6, "其他", "其他需要报告的事项", "一是乙不够。")]
    assert extract_problems(sections) == ([], [])


def test_yi_shi_er_shi_with_subheadings():
    text = """（一）存在的主要问题
一是政府信息公开工作机制不够完善；二是内容不够全面；三是人员变动频繁，难以保证专业性。
（二）下一步工作举措
一是修订完善管理办法；二是深化公开内容；三是加强培训。"""
    assert _extract(text) == (
        ["政府信息公开工作机制不够完善", "内容不够全面", "人员变动频繁，难以保证专业性"],
        ["修订完善管理办法", "深化公开内容", "加强培训"],
    )


def test_lead_in_before_the_list_is_dropped():
    text = """（一）存在问题
2019年，街道办取得一定成效，但仍存在以下不足：一是学习还不够好；二是公开不够及时。
（二）改进情况
1.强化意识，规范程序。进一步转变观念。
2.加大宣传力度。积极开展宣传。"""
    assert _extract(text) == (
        ["学习还不够好", "公开不够及时"],
        ["强化意识，规范程序。进一步转变观念", "加大宣传力度。积极开展宣传"],
    )


def test_interleaved_numbered_paragraphs():
    text = """回顾2020年政府信息公开工作，主要存在以下问题：
1.一是对政策性文件把握不够准确。二是政策解读方式比较单一。
2.处理依申请公开事项时不够专业，答复质量不高，今年采取的措施主要是加强指导，今后应继续加强培训。
3.在网站公开信息较少，政府办在发现这个问题后已经督促相关部门。今后要加强规范化建设。
4.只有一名工作人员兼职此项工作。"""
    assert _extract(text) == (
        ["对政策性文件把握不够准确", "政策解读方式比较单一", "处理依申请公开事项时不够专业，答复质量不高",
         "在网站公开信息较少", "只有一名工作人员兼职此项工作"],
        ["今年采取的措施主要是加强指导，今后应继续加强培训",
         "政府办在发现这个问题后已经督促相关部门。今后要加强规范化建设"],
    )


def test_interleaved_yi_shi_paragraphs():
    text = "一是制度不够健全，公开形式比较单一。下一步完善工作机制。\n\n二是信息公开质量有待提高。接下来将进一步提高质量。"
    assert _extract(text) == (
        ["制度不够健全，公开形式比较单一", "信息公开质量有待提高"],
        ["下一步完善工作机制", "接下来将进一步提高质量"],
    )


def test_parenthesised_items_and_restarted_numbering_for_measures():
    text = "（一）信息更新不够及时。\n（二）公开形式单一。\n针对以上问题，下一步我们将从以下方面改进：\n（一）建立更新机制。\n（二）拓宽公开渠道。"
    assert _extract(text) == (["信息更新不够及时", "公开形式单一"], ["建立更新机制", "拓宽公开渠道"])


def test_list_of_measures_restarting_after_a_cue_inside_a_paragraph():
    text = "一是公开不够及时；二是形式单一。下一步，我们将从以下方面改进：一是建立机制；二是拓宽渠道。"
    assert _extract(text) == (["公开不够及时", "形式单一"], ["建立机制", "拓宽渠道"])


def test_prose_with_commas_and_etc_is_one_statement():
    # README, "Granularity": a comma list is never split, even one closed by 等
    text = "2018年,科技城政府信息公开工作稳步推进,取得了一定的成效,但还存在着信息写作水平欠缺,内容公开不够全面、及时,公开形式不够丰富等问题。对此,我们将进一步总结经验。"
    assert _extract(text) == (["信息写作水平欠缺,内容公开不够全面、及时,公开形式不够丰富"], ["对此,我们将进一步总结经验"])


def test_prose_list_joined_by_enumeration_comma_is_one_clause_one_statement():
    # README, "Granularity": 如A、B等 names its aspects in one clause
    text = "2023年，工作取得一定的成效，但对照上级要求，仍存在一定差距。如依申请公开工作规范性还有待提高、政务公开队伍建设有待加强等。针对存在问题，下一步，将切实抓好以下工作：一是推进依申请公开工作。二是加强培训。"
    assert _extract(text) == (["依申请公开工作规范性还有待提高、政务公开队伍建设有待加强"], ["推进依申请公开工作", "加强培训"])


def test_measures_only_title():
    assert _extract("一是加强学习；二是规范程序。", title="下步工作打算") == ([], ["加强学习", "规范程序"])


def test_numbered_actions_under_problems_and_plans_are_measures():
    text = "1、加强学习。不断提高认识。\n2、严格按照条例确定的范围公开信息。"
    assert _extract(text, title="工作存在的主要问题及下步打算") == ([], ["加强学习。不断提高认识", "严格按照条例确定的范围公开信息"])


def test_prose_statements_keeps_context_clause_with_its_problem():
    # README, "Granularity": one sentence of unnumbered prose is one statement
    assert prose_statements("但也存在一些问题：网站栏目更新较慢，部分栏目长期空白。") == ["网站栏目更新较慢，部分栏目长期空白"]
    assert prose_statements("主要是：信息公开的内容还需进一步规范，特别是基层单位") == ["信息公开的内容还需进一步规范，特别是基层单位"]


def test_split_at_cue():
    assert split_at_cue("答复质量不高，今年采取的措施主要是加强指导。") == ("答复质量不高，", "今年采取的措施主要是加强指导。")
    assert split_at_cue("工作机制还不够完善，我局将进一步健全制度。") == ("工作机制还不够完善，", "我局将进一步健全制度。")
    assert split_at_cue("时效性还需进一步加强。") == ("时效性还需进一步加强。", "")


def test_sentence_under_a_problems_subheading_is_a_problem_whatever_its_wording():
    text = "（一）存在的主要问题\n公开政府信息的速度有待观察。\n办理流程偶有反复。\n（二）改进情况\n1.加强培训。"
    assert _extract(text) == (["公开政府信息的速度有待观察", "办理流程偶有反复"], ["加强培训"])


def test_plan_clause_is_split_off_the_problem():
    text = "2020年,中心完成了网站频道的建设,但栏目内容还需要进一步充实,在2021年的工作中,中心会继续完善栏目,及时更新信息。"
    assert _extract(text) == (["栏目内容还需要进一步充实"], ["在2021年的工作中,中心会继续完善栏目,及时更新信息"])
    assert split_at_cue("栏目内容还需充实,本所会继续完善。") == ("栏目内容还需充实,", "本所会继续完善。")


def test_hard_to_achieve_states_a_shortcoming():
    text = "由于涉及部门多,在报送的进度上很难统一,部分栏目的内容不易查找,更新还不够及时等。"
    assert prose_statements(text) == ["在报送的进度上很难统一,部分栏目的内容不易查找,更新还不够及时"]


def test_problems_subheading_with_topic_words_is_not_a_statement():
    text = "（一）信息公开工作存在的问题：\n1、栏目设置不够合理；\n2、答复期限把握不准。\n（二）改进措施：\n1、优化栏目设置。"
    assert _extract(text) == (["栏目设置不够合理", "答复期限把握不准"], ["优化栏目设置"])


def test_numbered_line_that_only_announces_problems_is_not_a_statement():
    text = "1、主要问题：\n2、网站互动栏目较少。"
    assert _extract(text) == (["网站互动栏目较少"], [])


def test_generic_gap_before_its_specifics_is_dropped():
    text = "2015年,局信息公开工作有了新进展,但与群众期待还有一定差距,主要表现在办件答复不够规范、网站互动栏目较少等。"
    assert prose_statements(text) == ["办件答复不够规范、网站互动栏目较少"]
    # a specific shortcoming before 主要是 stays, with its cause: only a bare "gap" is a lead-in
    assert prose_statements("部分信息更新不及时,主要是专职人员不足。") == ["部分信息更新不及时,主要是专职人员不足"]


def test_subjectless_cun_zai_goes_on_the_statement_before_it():
    # one subject, one verb frame: the list after 存在 and the gap it leaves
    # belong to the first shortcoming
    text = ("2015年工作中存在的主要问题为:部分单位对信息公开认识不足,存在积极性、主动性不够,"
            "公开内容不全面、不及时等问题,与群众需求有一定差距。")
    assert _extract(text) == (
        ["部分单位对信息公开认识不足,存在积极性、主动性不够,公开内容不全面、不及时等问题,与群众需求有一定差距"], [])


def test_gap_clause_stays_with_its_shortcoming():
    text = "工作中存在以下主要问题:栏目内容不全面;平台建设不够完善,办理的服务事项与群众需求尚存一定差距等。"
    assert prose_statements(text) == ["栏目内容不全面", "平台建设不够完善,办理的服务事项与群众需求尚存一定差距"]


def test_specifics_after_ti_xian_zai_are_one_list():
    text = "2021年工作取得了一定成效,但是仍然存在一些问题和不足,主要体现在信息发布不够及时,覆盖面不够广泛、个别栏目未更新。"
    assert prose_statements(text) == ["信息发布不够及时,覆盖面不够广泛、个别栏目未更新"]


def test_narrative_paragraph_under_a_problems_heading_is_not_a_statement():
    assert _extract("（一）存在的主要问题\n2012年,我乡的政务公开工作在上级") == ([], [])


def test_unfinished_last_sentence_of_a_cut_copy_is_dropped():
    cut = "（一）问题\n1.公开内容需要进一步深化。政府机关主动公开的政府信息"
    assert _extract(cut) == (["公开内容需要进一步深化"], [])
    # only the report's last section can be cut: elsewhere the item is whole
    sections = [Section(5, TITLE, TITLE, cut), Section(6, "其他", "其他需要报告的事项", "无。")]
    assert [p.text for p in extract_problems(sections)[0]] == ["公开内容需要进一步深化。政府机关主动公开的政府信息"]


def test_shi_after_a_bracketed_numeral_belongs_to_the_marker():
    text = "2015年,我局工作取得了一定成绩,但也存在公开内容有待深化和规范的问题。\n（一）是深入贯彻执行《条例》,加强平台管理。\n（二）是健全各项工作制度。"
    assert _extract(text) == (["公开内容有待深化和规范"], ["深入贯彻执行《条例》,加强平台管理", "健全各项工作制度"])


def test_scene_clause_after_dan_shi_opens_its_statement_but_a_cause_does_not():
    text = "此项工作正常开展,内容有所增加,但是面对群众的期待,还需要进一步充实丰富。"
    assert prose_statements(text) == ["面对群众的期待,还需要进一步充实丰富"]
    text = "工作有所进步,但是由于工作涉及面广、政策性强,在公开时间上很难统一。"
    assert prose_statements(text) == ["在公开时间上很难统一"]


def test_problems_after_zhu_yao_shi_are_one_sentence_even_a_list_closed_by_deng():
    text = "2016年,我镇工作取得了一定成绩,但还存在一些不足的问题,主要是公开的内容还需进一步规范,公开栏的载体和形式还需要进一步丰富。"
    assert prose_statements(text) == ["公开的内容还需进一步规范,公开栏的载体和形式还需要进一步丰富"]
    # 主要是A，B，C等问题: one sentence, one statement (the frame 等问题 goes)
    text = "但仍存在一些不足。主要是个别部门主动性仍待提高，队伍能力建设仍有欠缺，信息查阅不便捷等问题。"
    assert prose_statements(text) == ["个别部门主动性仍待提高，队伍能力建设仍有欠缺，信息查阅不便捷"]
    # …and the same list split by ；is one statement per clause
    text = "但仍存在一些不足。主要是个别部门主动性仍待提高；队伍能力建设仍有欠缺；信息查阅不便捷等问题。"
    assert prose_statements(text) == ["个别部门主动性仍待提高", "队伍能力建设仍有欠缺", "信息查阅不便捷"]


def test_numbered_item_that_only_announces_shortcomings_is_not_one():
    text = "一是2017年全乡政务公开工作取得了一定的成效,但也存在一些问题和不足。"
    assert _extract(text) == ([], [])


def test_a_ru_deng_list_of_comma_clauses_is_one_statement_and_of_semicolon_clauses_one_each():
    text = "工作虽然取得了一定的成绩,但也存在一些不足,如网站更新不规范、不及时,公开事项未经审核,办事指南没上传网络等等。"
    assert prose_statements(text) == ["网站更新不规范、不及时,公开事项未经审核,办事指南没上传网络"]
    text = "工作虽然取得了一定的成绩,但也存在一些不足,如网站更新不规范、不及时;公开事项未经审核;办事指南没上传网络等等。"
    assert prose_statements(text) == ["网站更新不规范、不及时", "公开事项未经审核", "办事指南没上传网络"]


def test_a_ru_example_not_closed_by_deng_stays_one_statement():
    text = "但也存在一些不足,如网站更新不及时,影响了公开效果。"
    assert prose_statements(text) == ["网站更新不及时,影响了公开效果"]



def test_gap_sentence_before_the_list_is_a_lead_in():
    text = "今年虽然做了一些工作,但离群众期望还有较大的差距,一是栏目更新不够及时;二是公开形式比较单一。"
    assert _statements(text, "存在的主要问题") == ["栏目更新不够及时", "公开形式比较单一"]


def test_weak_points_sentence_introducing_the_list_is_dropped():
    text = "全年工作平稳推进,但机关公开工作还存在一些薄弱环节,一是公开内容不够全面。二是解读材料数量偏少。"
    assert _statements(text, "存在的主要问题及改进情况") == ["公开内容不够全面", "解读材料数量偏少"]


def test_measures_lead_in_and_closing_are_not_statements():
    text = (
        "工作中还存在一些问题如业务培训不足,对外宣传力度不够等等,均有待今后认真加以解决。\n"
        "结合工作中存在的问题和不足,我们将从以下方面改进。一是加强培训。二是加大宣传。"
    )
    assert _statements(text, "存在的主要问题及改进情况") == ["业务培训不足,对外宣传力度不够"]


def test_generic_gap_kept_when_it_is_all_the_section_says():
    assert _statements("我单位公开工作离群众期望还有较大的差距。", "存在的主要问题") == ["我单位公开工作离群众期望还有较大的差距"]


def test_list_words_are_cut_from_the_statement():
    text = "我单位取得了一些成效,但仍然存在一些问题和不足,主要包括对公开工作的认识不够深入。"
    assert _statements(text, "存在的主要问题") == ["对公开工作的认识不够深入"]


def test_targeted_shortcoming_clause_stays_with_its_item():
    text = "一是网站的传播力有待增强,针对群众关切的解读水平仍需提高。二是队伍能力仍需强化。"
    assert _statements(text, "存在的主要问题") == ["网站的传播力有待增强,针对群众关切的解读水平仍需提高", "队伍能力仍需强化"]


def test_targeted_measure_clause_still_starts_the_measure():
    text = "一是网站更新不够及时,针对这一问题,我们将安排专人维护。"
    assert _statements(text, "存在的主要问题") == ["网站更新不够及时"]


def test_repeated_summary_paragraph_is_read_once():
    text = (
        "导读:我县公开工作取得一定成绩,但也有差距。一是栏目更新不够及时。二是公开形式较为单一,\n"
        "我县公开工作取得一定成绩,但也有差距。一是栏目更新不够及时。二是公开形式较为单一,缺乏互动。"
    )
    assert _statements(text, "存在的主要问题和改进措施") == ["栏目更新不够及时", "公开形式较为单一,缺乏互动"]


def _statements(text: str, title: str) -> list[str]:
    return _extract(text, title)[0]


def test_announced_list_without_a_problems_heading():
    from indexer.parser.problems import announced_problems

    text = ("今年我局做了大量工作。目前工作还存在一些不足：一是公开意识仍需加强；二是公开渠道有待拓宽。"
            "今后改进方向：\n一是加强培训。\n二是拓宽渠道。\n三是强化监督。")
    problems, measures = announced_problems(text)
    assert [p.text for p in problems] == ["公开意识仍需加强", "公开渠道有待拓宽"]
    assert [m.text for m in measures] == ["加强培训", "拓宽渠道", "强化监督"]  # the lead-in is no measure


def test_announced_sub_heading_and_its_measure_heading():
    from indexer.parser.problems import announced_problems

    text = "（一）存在问题：一是信息量偏少；二是形式不够新颖。\n（二）进一步整改：一是提升能力；二是深入调研。"
    problems, _ = announced_problems(text)
    assert [p.text for p in problems] == ["信息量偏少", "形式不够新颖"]


def test_nothing_announced_means_nothing_found():
    from indexer.parser.problems import announced_problems

    assert announced_problems("今年工作存在的问题较少，总体运行平稳。") == ([], [])


def test_lead_of_only_generic_words_is_no_statement():
    text = "工作取得进展，但与要求还有一定差距，工作还存在一些不足。一是宣传力度不够。二是渠道不多。"
    assert _extract(text)[0] == ["宣传力度不够", "渠道不多"]


def test_lead_with_tongshi_and_trailing_problems_and_shortcomings_dropped():
    text = "工作取得了一定进展，但同时也存在公开意识有待加强，公开内容有待规范等问题和不足。"
    assert _extract(text)[0] == ["公开意识有待加强，公开内容有待规范"]


def test_clause_still_needing_improvement_is_a_problem_not_a_measure():
    text = "虽然内容增加了许多，但与群众的需求还存在差距，公开的及时性、全面性都还需要在今后的工作中加以改进。\n1、进一步梳理公开信息。\n2、进一步强化公开方式。"
    assert _extract(text) == (["公开的及时性、全面性都还需要在今后的工作中加以改进"], ["进一步梳理公开信息", "进一步强化公开方式"])


# --- the failure shapes of whole real reports (issue 12) ---------------------

def test_an_inline_list_split_at_its_semicolons_keeps_its_last_item():
    text = "工作中仍存在不足，如公开内容不够全面；政策解读不够及时；网站栏目更新慢等。下一步，我们将加强培训。"
    assert _extract(text) == (["公开内容不够全面", "政策解读不够及时", "网站栏目更新慢"], ["下一步，我们将加强培训"])


def test_one_clause_naming_several_aspects_is_one_statement():
    for text in ("工作中仍存在不足，如公开内容不够全面、政策解读不够及时、网站栏目更新慢等。",
                 "我县还存在公开内容不够全面、政策解读不够及时、网站栏目更新慢等问题。"):
        assert _extract(text)[0] == ["公开内容不够全面、政策解读不够及时、网站栏目更新慢"]


def test_an_announced_list_inside_a_paragraph():
    text = "2021年我县政务公开工作取得成效，但对照上级要求还存在一些问题：一是公开内容不够全面；二是解读形式单一。下一步将加强培训。"
    assert _extract(text) == (["公开内容不够全面", "解读形式单一"], ["下一步将加强培训"])


def test_an_announced_list_without_a_problems_heading_ends_with_its_part():
    from indexer.parser import parse_report

    report = parse_report("某县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n"
                          "2021年我县政务公开工作取得成效，但对照上级要求还存在一些问题：一是公开内容不够全面；二是解读形式单一。"
                          "下一步将加强培训。\n六、其他需要报告的事项\n无。")
    assert [p.text for p in report.problems] == ["公开内容不够全面", "解读形式单一"]
    assert [m.text for m in report.measures] == ["下一步将加强培训"]


def test_an_unknown_heading_after_the_problems_is_no_statement():
    assert _extract("1.公开内容不够全面。\n2.解读形式单一。\n六、本机关联系方式\n电话：0000-1234567") == (
        ["公开内容不够全面", "解读形式单一"], [])
    # a plan heading the section finder does not know: what follows are measures
    assert _extract("一是公开内容不够全面。\n二是解读形式单一。\n七、2013年重点工作安排\n下一步我们将严格按照《条例》要求，加强培训。") == (
        ["公开内容不够全面", "解读形式单一"], ["下一步我们将严格按照《条例》要求，加强培训"])


def test_a_lead_in_without_a_colon_is_not_kept():
    text = ("（一）存在的问题\n2021年，我局政府信息公开工作虽然取得了一定成效，但对照新形势新要求，仍存在以下几个方面的不足\n"
            "1.公开内容不够全面。\n2.解读形式单一。\n（二）改进措施\n1.加强培训。")
    assert _extract(text) == (["公开内容不够全面", "解读形式单一"], ["加强培训"])


def test_the_first_yi_shi_right_after_the_announcing_words_is_kept():
    assert _extract("我县还存在一些不足一是公开内容不够全面，二是解读形式单一。")[0] == ["公开内容不够全面", "解读形式单一"]


def test_a_problem_opening_with_zhendui_is_not_a_measure():
    assert _extract("1.针对社会关注的热点问题，回应不够及时。\n2.解读形式单一。") == (
        ["针对社会关注的热点问题，回应不够及时", "解读形式单一"], [])
    assert _extract("一是公开内容不够全面；二是针对群众关切的政策解读不够深入，解读形式单一。下一步，我们将针对以上问题加强培训。") == (
        ["公开内容不够全面", "针对群众关切的政策解读不够深入，解读形式单一"], ["下一步，我们将针对以上问题加强培训"])
    # 针对 the shortcomings just named opens the measures
    assert split_at_cue("公开内容不够全面。针对上述不足，加强培训。") == ("公开内容不够全面。", "针对上述不足，加强培训。")


def test_excerpt_fragments_are_dropped():
    assert _extract("1.公开内容不够全面。\n2.解读形式单一。\n3.2019年政")[0] == ["公开内容不够全面", "解读形式单一"]
    assert _extract("一是公开内容不够全面。\n政府信息公")[0] == ["公开内容不够全面"]


def test_page_chrome_is_never_a_measure():
    from indexer.parser.problems import is_page_chrome

    text = ("（一）存在问题\n公开内容不够全面。\n（二）改进措施\n加强培训。\n|\n政府信息公开年报\n"
            "某县2021年政府信息公开工作年度报告.docx\n【打印本页】 【关闭本页】 |")
    assert _extract(text) == (["公开内容不够全面"], ["加强培训"])
    assert is_page_chrome("裕安区水利局2013年度政府信息公开年度工作报告") is False  # a title line is not a file name…
    assert is_page_chrome("政府信息公开工作年度报告")
    assert not is_page_chrome("信息公开年报发布不够及时")


def test_a_semicolon_item_keeps_its_first_clause():
    assert _extract("存在问题：政务公开工作人员多为兼职，业务能力有待提高；政策解读的形式不够丰富。\n改进情况：加强业务培训。") == (
        ["政务公开工作人员多为兼职，业务能力有待提高", "政策解读的形式不够丰富"], ["加强业务培训"])
    # what went well before 但 is not part of the shortcoming
    assert _extract("我局各项工作进展顺利，但在信息公开范围方面仍有待提高。")[0] == ["在信息公开范围方面仍有待提高"]


def test_a_frame_ending_in_de_wenti_loses_it():
    assert _extract("本年度还存在公开内容不够全面、更新不够及时的问题。下一步，我局将加强培训。") == (
        ["公开内容不够全面、更新不够及时"], ["下一步，我局将加强培训"])


def test_a_measure_subheading_run_into_the_text_is_no_measure():
    text = "（一）存在的主要问题。一是信息公开的主动性不强。二是公开内容不够规范。（二）改进措施。一是强化主动公开意识。二是规范公开内容。"
    assert _extract(text) == (["信息公开的主动性不强", "公开内容不够规范"], ["强化主动公开意识", "规范公开内容"])


def test_items_and_sub_headings_run_on_in_one_paragraph():
    assert _extract("（一）存在的问题。1.公开意识有待增强。部分工作人员认识不足。2.解读质量不高。（二）改进措施。1.加强培训。") == (
        ["公开意识有待增强。部分工作人员认识不足", "解读质量不高"], ["加强培训"])
    assert _extract("存在问题：信息发布不够及时，政策解读有待加强。改进措施：加强培训，完善制度。") == (
        ["信息发布不够及时，政策解读有待加强"], ["加强培训，完善制度"])
    assert _extract("问题：网站栏目设置不够合理。措施：优化栏目设置。") == (["网站栏目设置不够合理"], ["优化栏目设置"])
    # a colon after words that head no part stays in its sentence
    assert _extract("1.公开内容不够全面。具体表现：栏目更新不及时。\n2.解读质量不高。")[0] == [
        "公开内容不够全面。具体表现：栏目更新不及时", "解读质量不高"]


def test_items_numbered_1_with_a_half_bracket_or_after_the_announcing_colon():
    assert _extract("1）公开内容不够全面。\n2）解读形式单一。\n下一步，我们将加强培训。") == (
        ["公开内容不够全面", "解读形式单一"], ["下一步，我们将加强培训"])
    assert _extract("我局政务公开工作还存在以下不足：1.公开内容不够全面；2.解读形式单一。")[0] == [
        "公开内容不够全面", "解读形式单一"]


def test_an_attachment_after_the_last_part_gives_no_statements():
    # an old-format page flattened to one line: the problems, the measures, the
    # signature date, then the statistics table printed as 附件1 with numbered rows
    from indexer.parser import parse_report

    text = ("某县2011年政府信息公开工作年度报告 一、概述 本县认真贯彻《条例》。 二、主动公开政府信息情况 主动公开信息425条。 "
            "三、政府信息依申请公开工作情况 未收到申请。 四、政府信息公开工作存在的主要问题及改进情况 目前仍存在一些不足。"
            "一是信息公开工作均由办公室人员兼职经办；二是依申请公开工作机制仍需进一步规范。"
            "因此，我们考虑从以下两个方面作进一步的改进： （一）进一步深化政府信息公开内容。 （二）进一步拓展政府信息公开形式。 "
            "二○一二年二月二十日 附件1：某县2011年政府信息公开情况统计表 指标名称 计量 单位 2011 年度 历年累计 "
            "主动公开信息数 条 425 1516 其中：1.网站公开 条 418 1509 2.政府公报公开 条 7 7 受理依申请公开信息总数 条 0 0 "
            "其中：1.当面申请数 条 0 0 2.传真申请数 条 0 0 行政复议数 条 0 0 附件下载")
    report = parse_report(text)
    assert [p.text for p in report.problems] == ["信息公开工作均由办公室人员兼职经办", "依申请公开工作机制仍需进一步规范"]
    assert not any("条" in m.text.split() or "附件" in m.text for m in report.measures)


def test_a_statement_that_names_attachments_is_kept():
    from indexer.parser.not_statements import without_appendix

    text = "一是部分附件未及时上传；二是附件格式不统一。"
    assert without_appendix(text) == text
    assert without_appendix("改进措施。 2012年2月20日 附表：统计表 网站公开 条 1 2") == "改进措施。"


@pytest.mark.parametrize("text, generic", [
    ("在工作中仍在不足", True),
    ("但主要还存在以下问题", True),
    ("我区政府信息公开工作还存在一些不足", True),
    ("离上级要求还有很大的差距", True),
    ("总体上还是存在一些问题与不足", True),
    ("平台互动功能仍有不足", False),
    ("主动公开政府信息内容与公众的需求还存在差距", False),
    ("答复质量待进一步提升", False),
])
def test_a_statement_naming_no_aspect_is_generic(text, generic):
    from indexer.parser.not_statements import is_generic

    assert is_generic(text) is generic


def test_a_time_clause_opening_the_measures_goes_with_them():
    assert split_at_cue("解读形式单一。 2022年，我区将丰富解读形式。") == ("解读形式单一。", " 2022年，我区将丰富解读形式。")
    assert split_at_cue("解读形式单一。在新的一年里，我们将丰富形式。") == ("解读形式单一。", "在新的一年里，我们将丰富形式。")
    # a year inside the problem's own sentence stays there
    assert split_at_cue("2021年解读形式单一，今后将丰富形式。") == ("2021年解读形式单一，", "今后将丰富形式。")


def test_sub_headings_run_into_their_text():
    text = "（一）存在的主要问题信息更新不够及时。解读形式单一。\n（二）下一步工作打算加强培训。"
    assert _extract(text) == (["信息更新不够及时", "解读形式单一"], ["加强培训"])


@pytest.mark.parametrize("tail", [
    "责任编辑：张三", "【字体：大 中 小】【打印本页】【关闭窗口】", "主办单位：某某镇人民政府 版权所有 ICP备12345678号",
    "网站地图 | 联系我们 | 网站声明", "相关文章\n某某镇召开政务公开工作会议", "上一篇：某某镇2014年工作总结\n下一篇：关于做好某某工作的通知",
    "【我要纠错】", "特此报告。", "联系电话：0551-1234567",
])
def test_a_saved_pages_chrome_after_the_last_part_is_neither_problem_nor_measure(tail):
    text = "一是公开内容不够全面；二是解读形式单一。下一步，我镇将建立信息发布纠错机制。\n" + tail
    assert _extract(text) == (["公开内容不够全面", "解读形式单一"], ["下一步，我镇将建立信息发布纠错机制"])


# --- one sentence of prose, one statement (README, "Granularity"; issue 12, sixth session) ---

def test_a_sentence_of_comma_joined_shortcomings_is_one_statement_and_semicolons_split():
    text = ("在看到成绩的同时，我局主要存在着以下问题和不足：网站建设有待加强，总体信息量还不够大，信息更新还不够及时；"
            "部分科室对信息公开还不够重视，习惯于埋头干活，信息上报不够及时；制度建设有待加强，监督检查力度不够。")
    assert _extract(text, "工作中存在的不足")[0] == [
        "网站建设有待加强，总体信息量还不够大，信息更新还不够及时",
        "部分科室对信息公开还不够重视，习惯于埋头干活，信息上报不够及时",
        "制度建设有待加强，监督检查力度不够"]


def test_examples_replace_what_the_sentence_said_before_them():
    text = "2022年我局工作得到有效落实，但政务公开工作仍有待进一步完善和规范，如公开的深度和广度仍需提升、公众号推广力度仍有待加强等。"
    assert prose_statements(text) == ["公开的深度和广度仍需提升、公众号推广力度仍有待加强"]
    text = "虽然取得了一定成效，但离群众的要求还有一定的差距，主要存在信息公开内容不够全面、发布审核不够仔细等问题。"
    assert prose_statements(text) == ["信息公开内容不够全面、发布审核不够仔细"]


def test_a_semicolon_list_keeps_the_commas_of_its_last_item():
    text = "但同时也存在一些不足，如部分栏目内容不够丰富；信息更新还不够及时；政务公开还不够深入，队伍建设还需加强等。"
    assert prose_statements(text) == ["部分栏目内容不够丰富", "信息更新还不够及时", "政务公开还不够深入，队伍建设还需加强"]


def test_a_comma_list_closed_by_deng_is_one_statement():
    assert prose_statements("宣传力度还不够到位，各项制度、机制还不够完善，工作流程不够规范等。") == [
        "宣传力度还不够到位，各项制度、机制还不够完善，工作流程不够规范"]
    # a clause naming no shortcoming of its own keeps the sentence whole
    assert prose_statements("主要表现在注重对办事程序的公布，对公开办事的结果重视不够，等等。") == [
        "注重对办事程序的公布，对公开办事的结果重视不够"]
    # after 如：, the examples are the statement, one sentence
    assert prose_statements("但还存在一些不足，如：因人事变动，信息公开经办人员业务不熟，监督保障机制欠缺等。") == [
        "因人事变动，信息公开经办人员业务不熟，监督保障机制欠缺"]


def test_what_was_not_done_after_a_semicolon_is_a_statement_of_its_own():
    text = "（一）存在的主要问题：政策解读质量不高，解读内容仅包括编制背景等信息；未运用动画、音频等形式开展解读。\n（二）改进措施：一是强化组织领导。"
    assert _extract(text) == (["政策解读质量不高，解读内容仅包括编制背景等信息", "未运用动画、音频等形式开展解读"], ["强化组织领导"])


def test_a_sentence_opening_with_wei_jin_yi_bu_starts_the_measures():
    text = "信息公开内容不够全面。在网站公开的内容不多。为了进一步做好我局信息公开工作，我局要不断加大工作力度。"
    assert _extract(text) == (["信息公开内容不够全面", "在网站公开的内容不多"], ["为了进一步做好我局信息公开工作，我局要不断加大工作力度"])


def test_a_lead_owning_up_to_some_shortcomings_before_the_items_is_dropped():
    text = "我们也清醒地认识到我局工作中存在的一些不足和问题,主要表现在:一是公开意识需要进一步强化。二是公开形式还不够丰富。"
    assert _extract(text, "存在问题和不足")[0] == ["公开意识需要进一步强化", "公开形式还不够丰富"]


def test_a_problems_sub_heading_worded_gong_zuo_zhong_runs_into_its_text():
    text = ("（一）工作中存在的主要问题2019年，我局工作取得了新的进展，但同时也存在一些不足，如栏目内容不够丰富；信息更新还不够及时等。\n"
            "（二）改进情况加强队伍建设，提升业务素质。")
    assert _extract(text) == (["栏目内容不够丰富", "信息更新还不够及时"], ["加强队伍建设，提升业务素质"])


def test_a_problems_sub_heading_with_its_year_is_found_where_the_part_heading_was_lost():
    from indexer.parser.problems import announced_problems

    text = ("（一）2024 年工作中存在问题的改进情况\n一是进一步提升政策公开质效。\n"
            "（二）2025 年工作中存在的主要问题\n政策信息分散于多个平台，社会公众获取政策仍不够便利。\n"
            "原有栏目结构无法满足信息发布需要。\n（三）2026 年工作打算\n一是加强培训。")
    problems, _ = announced_problems(text)
    assert [p.text for p in problems] == ["政策信息分散于多个平台，社会公众获取政策仍不够便利", "原有栏目结构无法满足信息发布需要"]


def test_what_was_done_about_last_years_problems_is_neither_problem_nor_measure():
    # the part opens by recounting last year's answers (针对上年度报告中提到的
    # 问题…，我局着力…): this year's shortcoming follows it, the plan after that
    text = ("针对2022年度工作报告中提到的问题与不足，2023年，我局着力在热点舆情回应上下功夫，重要政策解读力度持续加强。"
            "虽然取得一定成效，但对照国家和省有关要求，还存在依申请公开答复有待进一步规范，办理质效还有待进一步提升等问题。"
            "2024年，我局将认真落实《条例》，进一步做好政府信息公开工作。")
    assert _extract(text) == (["依申请公开答复有待进一步规范，办理质效还有待进一步提升"],
                              ["2024年，我局将认真落实《条例》，进一步做好政府信息公开工作"])
    # 针对 what was just stated still opens the measures
    assert _extract("公开形式单一。针对上述问题，我局将丰富公开形式。") == (["公开形式单一"], ["针对上述问题，我局将丰富公开形式"])


def test_an_aspect_clause_in_shang_is_the_subject_of_the_shortcoming_after_it():
    text = "主要是部分栏目更新不及时；在政务公开内容的深度上、政务公开形式的多样化上，还未能满足公众需求。"
    assert prose_statements(text) == ["部分栏目更新不及时", "在政务公开内容的深度上、政务公开形式的多样化上，还未能满足公众需求"]


def test_a_named_gap_to_the_publics_needs_is_a_statement_a_bare_one_is_not():
    text = "由于成立时间不久，主动公开的政府信息与公众的需求还存在一些差距；局各部门业务技能还需进一步提升。"
    assert _extract(text)[0] == ["主动公开的政府信息与公众的需求还存在一些差距", "局各部门业务技能还需进一步提升"]
    # the work in general against the public's needs only sums up what follows
    text = "我局政务公开工作与群众的需求还存在一些差距；局各部门业务技能还需进一步提升。"
    assert _extract(text)[0] == ["局各部门业务技能还需进一步提升"]


def test_the_organ_and_its_frame_before_the_shortcoming_are_no_part_of_it():
    text = "2020年，我局存在个别干部对政务公开不熟悉、不重视，对政务公开目录还很模糊的问题。下一步，我局将加强培训。"
    assert _extract(text)[0] == ["个别干部对政务公开不熟悉、不重视，对政务公开目录还很模糊"]
