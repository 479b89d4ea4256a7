"""Organ-name rules, on short made-up texts: where a name starts (a known
place), organ endings (社, 馆), the organ named only as owner of its own
rules, a declared full name, the national prefix, menu lines, and a
存在…等问题 list kept whole."""
import pytest

from indexer.parser import parse_report
from indexer.parser.names import (
    from_known_place,
    is_organ_name,
    with_full_words,
    without_alias,
    without_lead_words,
    without_page_junk,
)
from indexer.parser.own_name import agency_from_own_documents, declared_full_name
from indexer.parser.problems import prose_statements


def test_name_is_cut_at_the_first_known_place():
    assert [without_lead_words(n) for n in ("商请东丰县水务局", "配合灵宝市文化广电和旅游局", "现发布省市场监管局")] == [
        "东丰县水务局", "灵宝市文化广电和旅游局", "省市场监管局"]


def test_name_under_a_national_organ_or_a_short_city_is_not_cut():
    assert [from_known_place(n) for n in ("国家税务总局东丰县税务局", "大连金州区教育局", "灵宝市水利局")] == [
        "国家税务总局东丰县税务局", "大连金州区教育局", "灵宝市水利局"]


def test_cooperative_and_museum_are_organs():
    assert [is_organ_name(n) for n in ("某某区供销合作社", "某某区供销联社", "某某市博物馆", "某某区2019")] == [
        True, True, True, False]


def test_organ_named_only_as_owner_of_its_own_rules():
    text = ("我局高度重视,成立了由局长任组长的东丰县水务局政府信息公开工作领导小组。"
            "印发了《东丰县人民政府办公室关于做好年报工作的通知》。")
    assert agency_from_own_documents(text) == "东丰县水务局"
    assert agency_from_own_documents("我街制定了《某某街道信息公开工作考核办法》。") == "某某街道"
    # no self-reference: nothing is guessed
    assert agency_from_own_documents("制定了《东丰县水务局信息公开制度》。") == ""


def test_declared_full_name_wins_over_its_short_form():
    text = "本报告由某某省沿海经济区规划建设管理办公室(以下简称省沿海办)编制。请与省沿海办联系。"
    assert declared_full_name("省沿海办", text) == "某某省沿海经济区规划建设管理办公室"
    assert declared_full_name("省林业局", text) == "省林业局"


def test_report_of_a_national_ministry_written_in_full():
    text = ("- 政策解读\n- 发展报告\n农业部2010年政府信息公开工作年度报告\n"
            "根据《条例》要求,现公开中华人民共和国农业部2010年政府信息公开工作年度报告。\n"
            "一、概述\n2010年,农业部认真贯彻《条例》。\n")
    report = parse_report(text)
    assert (report.title, report.agency) == ("农业部2010年政府信息公开工作年度报告", "中华人民共和国农业部")


def test_contact_name_with_a_verb_in_front_is_cut_at_its_county():
    text = ("水务局2021年政府信息公开工作年度报告\n本报告根据《条例》编制。如有疑问,请联系东丰县水务局办公室。\n"
            "一、总体情况\n2021年,东丰县水务局认真贯彻《条例》。\n")
    assert parse_report(text).agency == "东丰县水务局"


def test_listed_shortcomings_in_one_frame_stay_one_statement():
    assert prose_statements("工作取得成效,但还存在公开内容不够全面、更新不够及时、解读不够深入等问题。") == [
        "公开内容不够全面、更新不够及时、解读不够深入"]


def test_subject_before_cunzai_is_not_part_of_the_statement():
    assert prose_statements("我局信息公开工作还存在宣传力度不够,公开形式单一等问题。") == [
        "宣传力度不够,公开形式单一"]


def test_conjunction_before_a_bare_county_organ_is_no_place():
    text = ("公安局2019年政府信息公开年度工作报告\n一、总体情况\n"
            "2019年白水县公安局在县委、县政府及县公安局的领导下,扎实开展政府信息公开工作。")
    assert parse_report(text).agency == "白水县公安局"
    assert is_organ_name("及县公安局") is False


def test_bare_jie_place_is_kept_as_written():
    text = "海滨街2021年政府信息公开工作年度报告\n一、总体情况\n2021年以来,海滨街政府信息公开工作扎实开展。"
    assert parse_report(text).agency == "海滨街"
    assert is_organ_name("步行街") is False


@pytest.mark.parametrize("glued, name", [
    ("目录青石街道", "青石街道"),
    ("报_统计局", "统计局"),
    ("【打印】【关闭】柳河县林业局", "柳河县林业局"),
    ("字号大中小视力保护色石门镇人民政府", "石门镇人民政府"),
    ("分享收藏松岭区水利局", "松岭区水利局"),
])
def test_page_chrome_glued_before_a_name_is_cut(glued, name):
    assert without_page_junk(glued) == name
    assert is_organ_name(glued) is False


def test_a_title_after_a_table_of_contents_link_names_the_organ():
    text = "目录\n青石街道政府信息公开工作年度报告\n一、总体情况\n2021年,青石街道认真贯彻《条例》。\n"
    assert parse_report(text).agency == "青石街道"


def test_a_flipbook_page_name_before_the_organ_is_cut():
    text = "Page 3 - 2020年报_统计局\n一、总体情况\n2020年,我局认真贯彻《条例》。\n"
    assert parse_report(text).agency == "统计局"


def test_a_bracketed_second_name_is_dropped_a_bracketed_place_stays():
    assert without_alias("某新区物流发展局（物流园区管委会）") == "某新区物流发展局"
    assert without_alias("某新区招商局（投资促进委员会）") == "某新区招商局"
    assert without_alias("滨湖科技城（青林镇）") == "滨湖科技城（青林镇）"
    text = "某新区物流发展局(物流园区管委会)2022年政府信息公开工作年度报告\n一、总体情况\n2022年,我局认真贯彻《条例》。\n"
    assert parse_report(text).agency == "某新区物流发展局"


def test_a_zone_committee_after_a_leadership_clause_names_itself():
    text = ("一、总体情况\n2022年,在区委区政府的正确领导下,青山经济开发区管理委员会认真贯彻执行《条例》。\n"
            "二、主动公开政府信息情况\n我委发布信息20篇。\n")
    assert parse_report(text).agency == "青山经济开发区管理委员会"


def test_government_glued_before_a_bureau_takes_the_place_the_text_writes():
    text = ("浑南区国资局\n根据《条例》要求,现公布区政府国资局2022年政府信息公开工作年度报告。\n"
            "一、总体情况\n2022年度区政府国资局主动公开政府信息4条。\n")
    assert parse_report(text).agency == "浑南区国资局"
    flat = "现公布区政府国资局2022年报告。"
    assert with_full_words("区政府国资局", flat) == "区政府国资局"  # no place written: unchanged
    assert with_full_words("县政府办公室", "白水县办公室") == "县政府办公室"  # an office keeps 政府


def test_a_self_named_bureau_is_named_by_its_own_website():
    text = ("一、概述\n2016年,我局按照市政府的要求完成了自查。\n"
            "我局在临川市水务局门户网站上设置信息公开专栏。\n")
    assert parse_report(text).agency == "临川市水务局"
    loose = "一、概述\n我局通过青河招商局门户网站公开信息。\n"
    assert parse_report(loose).agency == ""  # a site named without its place vouches for nothing


def test_a_clause_around_a_self_reference_is_no_name():
    assert [is_organ_name(n) for n in ("成立了本办", "制定本局", "本溪市教育局", "全椒县民政局", "某某市人民政府办公室")] == [
        False, False, True, True, True,
    ]
    text = "我办把信息公开列入日常工作。按照要求,成立了本办政府信息公开工作领导小组。"
    assert agency_from_own_documents(text) == ""


@pytest.mark.parametrize("clause, expected", [
    ("有效促进区", ""),  # 为有效促进区政府信息公开工作开展: no name at all
    ("监督全镇", ""),
    ("结合天津港保税区", "天津港保税区"),
    ("强化推进东城区水务局", "东城区水务局"),
])
def test_a_sentence_verb_never_starts_a_name(clause, expected):
    assert (is_organ_name(clause), without_lead_words(clause)) == (False, expected)


def test_a_site_word_never_ends_a_name():
    assert [is_organ_name(n) for n in ("渝中区大溪沟街道办事处子网站", "东城区门户网站", "东城区服务站")] == [False, False, True]


def test_body_sentences_name_no_organ_but_the_own_site_or_group_does():
    junk = "一、总体情况\n2021年,我区严格按照规定推进工作。为有效促进区政府信息公开工作开展,指导、监督全镇政府信息公开工作。\n"
    site = "一、总体情况\n2020年我街道通过东平区人民政府河西街道办事处子网站主动公开信息19条。\n"
    group = "一、总体情况\n根据有关规定,我苏木成立乌兰诺尔苏木政府信息公开领导小组,专人负责。\n"
    assert [parse_report(t).agency for t in (junk, site, group)] == ["", "东平区人民政府河西街道办事处", "乌兰诺尔苏木"]


def test_a_zone_found_in_the_body_gets_the_committee_the_text_writes():
    text = ("根据《条例》,结合滨江港保税区政府信息公开情况编制本年度报告。\n一、概述\n"
            "2018年滨江港保税区管理委员会政府信息公开工作稳步推进。\n")
    assert parse_report(text).agency == "滨江港保税区管理委员会"


def test_a_paragraph_may_open_with_the_organ_name():
    text = "一、总体情况\n吴家街道根据《条例》要求,编制本年度报告,2020年共公开信息12条。\n"
    assert parse_report(text).agency == "吴家街道"


def test_own_wechat_account_names_the_organ_only_with_its_place():
    placed = "2021年,我区严格按照规定推进工作。截止12月31日,三亚市海棠区政务微信平台共发布信息634条。"
    loose = "2021年,我局严格按照规定推进工作。截止12月31日,舒城招商局政务微信平台共发布信息634条。"
    assert [agency_from_own_documents(placed), agency_from_own_documents(loose)] == ["三亚市海棠区", ""]


def test_shapes_from_the_data_file():
    # a zone named without its office, the organs under a government, a sentence's adverb and verb
    assert [is_organ_name(n) for n in ("临沭县滨海高科技产业园", "县直相关部门", "某某县城市公园")] == [True, False, False]
    assert without_lead_words("大力加强镇") == ""
    # a particle between a place and its government
    assert without_page_junk("青田县某某乡的政府") == "青田县某某乡政府"


def test_a_source_field_names_the_organ_only_when_the_text_calls_itself_so():
    from indexer.parser.own_name import agency_from_source_field

    page = "来源：东丰县交通运输局  发布时间：2017-03-01\n2016年,我局认真贯彻《条例》。"
    assert agency_from_source_field(page) == "东丰县交通运输局"
    assert agency_from_source_field(page.replace("交通运输局", "人民政府")) == ""  # the site's government
    assert agency_from_source_field(page.replace("我局", "全县")) == ""  # no self-reference to confirm it
    report = parse_report("政府信息公开工作年度报告\n" + page + "\n一、概述\n本局共主动公开信息20条。\n")
    assert (report.agency, report.region.county, report.level) == ("东丰县交通运输局", "东丰县", "县级")


def test_the_whole_prefecture_is_no_organ():
    report = parse_report("为做好2020年全州政府信息公开工作年度报告编制工作,现公布某某县生态移民局2020年政府信息公开工作年度报告。\n"
                          "一、总体情况\n2020年,我局认真贯彻《条例》。\n")
    assert report.agency == "某某县生态移民局"
    assert [is_organ_name(n) for n in ("全州人民政府", "全州县人民政府")] == [False, True]


def test_an_office_being_set_up_and_a_bureau_s_party_committee():
    report = parse_report("2014年政府信息公开工作年度报告\n现公布2014年北京市海淀区某某街道办事处筹备处政府信息公开工作年度报告。\n"
                          "一、概述\n2014年,本处认真贯彻《条例》。\n")
    assert (report.agency, report.region.township, report.organ_type) == ("北京市海淀区某某街道办事处筹备处", "某某街道", "街道办事处")
    assert [is_organ_name(n) for n in ("局党委", "某某风景区管理处", "好处")] == [False, True, False]


def test_a_text_naming_no_organ_is_typed_by_what_it_calls_itself():
    from indexer.parser.own_name import self_described

    assert self_described("2018年,我街认真贯彻《条例》,我街共公开信息20条。") == ("乡镇街道", "街道办事处")
    assert self_described("2011年,我局认真贯彻《条例》,我局共公开信息20条。") == ("", "政府部门")
    assert self_described("2011年,我县认真贯彻《条例》,我县共公开信息20条。") == ("", "")
    assert self_described("2011年,我局认真贯彻《条例》。") == ("", "")  # once is not enough
    # a province the page names is no street's organ
    report = parse_report("2018年政府信息公开工作年度报告\n天津市\n2018年,我街认真贯彻《条例》,我街共公开信息20条。\n一、概述\n我街高度重视。\n")
    assert (report.agency, report.level, report.organ_type) == ("", "乡镇街道", "街道办事处")


def test_a_site_header_joined_to_the_title_is_not_a_bureau_s_organ():
    report = parse_report("东丰县人民政府\n2020年政府信息公开工作年度报告\n一、总体情况\n2020年,我局认真贯彻《条例》,"
                          "成立了东丰县审计局政府信息公开工作领导小组。我局共公开信息20条。\n")
    assert (report.agency, report.level, report.organ_type) == ("东丰县审计局", "县级", "政府部门")
    # a government's own report that says 我县 keeps its government
    report = parse_report("东丰县人民政府\n2020年政府信息公开工作年度报告\n一、总体情况\n2020年,我县认真贯彻《条例》,我县共公开信息20条。\n")
    assert report.agency == "东丰县人民政府"


def test_a_district_in_brackets_after_a_zone_stays_in_the_name():
    # 区政合一: a zone and a district share one administration, the name writes both
    assert [from_known_place(n) for n in ("泰州医药高新区（高港区）市场监督管理局", "高新区(新市区)市场监督管理局")] == [
        "泰州医药高新区（高港区）市场监督管理局", "高新区(新市区)市场监督管理局"]


def test_a_release_sentence_before_a_name_is_cut():
    assert [without_lead_words(n) for n in ("编制本报告现向社会公开安乐乡人民政府", "特向社会各界公布临泽县审计局")] == [
        "安乐乡人民政府", "临泽县审计局"]
