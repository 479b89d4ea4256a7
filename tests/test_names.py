"""Organ-name rules, on short made-up texts: where a name starts (a known
place), organ endings (社, 馆), the organ named only as owner of its own
rules, a declared full name, the national prefix, menu lines, and a
存在…等问题 list kept whole."""
from indexer.parser import parse_report
from indexer.parser.names import from_known_place, is_organ_name, without_lead_words
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
        "宣传力度不够", "公开形式单一"]


def test_conjunction_before_a_bare_county_organ_is_no_place():
    text = ("公安局2019年政府信息公开年度工作报告\n一、总体情况\n"
            "2019年白水县公安局在县委、县政府及县公安局的领导下,扎实开展政府信息公开工作。")
    assert parse_report(text).agency == "白水县公安局"
    assert is_organ_name("及县公安局") is False


def test_bare_jie_place_is_kept_as_written():
    text = "海滨街2021年政府信息公开工作年度报告\n一、总体情况\n2021年以来,海滨街政府信息公开工作扎实开展。"
    assert parse_report(text).agency == "海滨街"
    assert is_organ_name("步行街") is False
