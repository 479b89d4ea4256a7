"""Agency, year, dates, region, level and format from report text."""
from __future__ import annotations

import pytest

from indexer.parser import agency as organs
from indexer.parser import metadata


def test_signature_with_arabic_date_is_split_off():
    text = "六、其他需要报告的事项\n无。\n平房区友协街道办事处\n2021年1月19日\n"
    assert organs.split_signature(text) == ("六、其他需要报告的事项\n无。", "平房区友协街道办事处", "2021-01-19")


def test_signature_with_chinese_numeral_date_and_page_number():
    text = "无。\nXX县民政局\n二〇一三年三月二十日\n- 5 -"
    assert organs.split_signature(text) == ("无。", "XX县民政局", "2013-03-20")


def test_signature_on_one_line_and_missing_signature():
    assert organs.split_signature("无。\n某某局 2020年1月13日") == ("无。", "某某局", "2020-01-13")
    assert organs.split_signature("无。\n1") == ("无。", "", "")


def test_published_from_page_field_when_unsigned():
    assert metadata.find_published("发布日期：2019-03-29 正文", "") == "2019-03-29"
    assert metadata.find_published("正文", "") == ""
    assert metadata.find_published("发布日期：2019-03-29", "2019-03-30") == "2019-03-30"


@pytest.mark.parametrize("page, expected", [
    ("• 公文生成日期:2012-03-31\n标题", "2012-03-31"),
    ("成文日期：2021年2月5日\n正文", "2021-02-05"),
    ("信阳市人民政府门户网站 时间:2014-03-30 来源:市政府办\n本年度报告", "2014-03-30"),
    ("文号: | 公开日期: | 2023-01-04 15:20 |", "2023-01-04"),  # a page's field table
    ("索引号: | 00/2019-105500 | 成文日期: | 2019-03-29 |", "2019-03-29"),
    ("统计时间：2020年1月1日至2020年12月31日", ""),  # a period, not a page date
])
def test_page_dates_give_the_publication_date_when_the_report_signs_none(page, expected):
    assert metadata.find_published(page, "") == expected


@pytest.mark.parametrize("preamble, title", [
    ("平房区友协街道办事处\n2020年政府信息公开工作年度报告\n本年度报告所列数据……", "平房区友协街道办事处2020年政府信息公开工作年度报告"),
    ("哈尔滨市松北区2020年政府信息公开\n工作年度报告\n\n本年度报告根据……", "哈尔滨市松北区2020年政府信息公开工作年度报告"),
    ("索 引 号 | 0025 | 公开分类 | |\n发布单位 | 某镇 | 发布日期 | 2019-03-29 |\n2018年政府信息公开工作年度报告\n根据", "2018年政府信息公开工作年度报告"),
    ("根据《条例》要求，现将我乡2014年政府信息公开工作报告公开如下。", ""),
    ("", ""),
    # a line of site controls above the title is page chrome
    ("关怀版 无障碍 无障碍\n石桥县卫生健康委2023年政府信息公开工作年度报告\n一、总体情况", "石桥县卫生健康委2023年政府信息公开工作年度报告"),
])
def test_find_title(preamble, title):
    assert metadata.find_title(preamble) == title


def test_year_is_the_covered_year_not_the_publication_year():
    assert metadata.find_year("某局2020年政府信息公开工作年度报告", "……", "2021-02-05") == (2020, False)
    assert metadata.find_year("", "本年度报告所列数据统计期限为2019年1月1日至2019年12月31日。", "2020-01-13") == (2019, False)
    assert metadata.find_year("二〇一二年度政府信息公开工作年度报告", "", "") == (2012, False)
    assert metadata.find_year("", "无年份的正文。", "2016-02-20") == (2015, True)
    assert metadata.find_year("", "无年份的正文。", "") == (None, False)


@pytest.mark.parametrize("title, agency", [
    ("平房区友协街道办事处2020年政府信息公开工作年度报告", "平房区友协街道办事处"),
    ("哈尔滨市松北区2020年政府信息公开工作年度报告", "哈尔滨市松北区人民政府"),
    ("2019年度咸丰路街道办事处信息公开工作年度报告", "咸丰路街道办事处"),
    ("沭阳县发展和改革局2023年政府信息公开年度报告", "沭阳县发展和改革局"),
    ("南薰乡2014年政府信息公开工作年度报告", "南薰乡人民政府"),
    ("某经济技术开发区2020年政府信息公开工作年度报告", "某经济技术开发区"),
    ("2018年政府信息公开工作年度报告", ""),
    ("", ""),
    # a county under a province-level name: the county's government
    ("重庆市石柱县2010年政府信息公开工作年度报告", "石柱县人民政府"),
    ("浙江省临江市2012年政府信息公开工作年度报告", "临江市人民政府"),
    ("重庆市2012年政府信息公开工作年度报告", "重庆市人民政府"),
    # a letter-spaced title line
    ("琼 安 市人 民 政 府 2011年政府信息公开年度报告", "琼安市人民政府"),
])
def test_agency_from_title(title, agency):
    assert organs.agency_from_title(title) == agency


@pytest.mark.parametrize("text, agency", [
    ("2020年佳木斯市前进区港湾街道严格贯彻落实《条例》", "佳木斯市前进区港湾街道"),
    ("本年报是依据锡山区司法局2010年政府信息公开工作情况编制。", "锡山区司法局"),
    ("五河县临北回族乡依据《中华人民共和国政府信息公开条例》要求", "五河县临北回族乡人民政府"),
    ("2014年,南薰乡未收取任何政府信息公开费用。", "南薰乡人民政府"),
    ("2017年我乡进一步加强对政府信息公开的重视。我局完善组织。", ""),
])
def test_agency_from_text(text, agency):
    assert organs.agency_from_text(text) == agency


def test_agency_from_page_header():
    assert organs.agency_from_page("发布单位 | 嘉兴科技城(大桥镇) | 发布日期 | 2019-03-29 |") == "嘉兴科技城(大桥镇)"
    assert organs.agency_from_page("浏览次数:信息来源: 相山区外资办发布时间:2016-02-20") == "相山区外资办"
    assert organs.agency_from_page("正文") == ""


def test_find_format():
    assert metadata.find_format(2023, "") == "2021"
    assert metadata.find_format(2020, "本年制发件数") == "2021"
    assert metadata.find_format(2020, "本年新制作数量") == "2019"
    assert metadata.find_format(2019, "") == "2019"
    assert metadata.find_format(2015, "") == "pre2019"
    assert metadata.find_format(None, "第二十条第（一）项") == "2019"
    assert metadata.find_format(None, "") == ""


@pytest.mark.parametrize("agency, text, fuller", [
    # the county government and a county department get the city the text
    # writes right before the county (in the lead-in or the contact address)
    ("洪泽区人民政府", "本报告由淮安市洪泽区人民政府办公室编制", "淮安市洪泽区人民政府"),
    ("锡山区司法局", "（地址：无锡市锡山区锡州中路1号）", "无锡市锡山区司法局"),
    ("相山区外资办", "联系地址：淮北市\n相山区人民路", "淮北市相山区外资办"),  # a wrapped line
    # a province-level municipality is a province: never put in front
    ("朝阳区人民政府", "北京市朝阳区", "朝阳区人民政府"),
    ("桦甸市人民政府", "吉林省吉林市桦甸市", "吉林市桦甸市人民政府"),  # a county-level city
    # never a city the text does not write before the county
    ("相山区外资办", "在区政府领导下，相山区外资办全年公开信息153条。", "相山区外资办"),
    ("沭阳县发展和改革局", "沭阳县地处江苏北部，与宿迁市相邻。", "沭阳县发展和改革局"),
    ("沭阳县发展和改革局", "江苏省沭阳县", "沭阳县发展和改革局"),  # a province is not a city
    # already opening with the city, or not a county-level name
    ("淮安市洪泽区人民政府", "淮安市洪泽区", "淮安市洪泽区人民政府"),
    ("淮安市人民政府", "江苏省淮安市", "淮安市人民政府"),
    ("南薰乡人民政府", "资阳市南薰乡", "南薰乡人民政府"),
    # 乡镇街道 keep the name as written
    ("平房区友协街道办事处", "哈尔滨市平房区友协街道", "平房区友协街道办事处"),
    ("", "淮安市洪泽区", ""),
])
def test_with_city_adds_only_the_city_the_text_writes(agency, text, fuller):
    assert organs.with_city(agency, text) == fuller


def test_brackets_in_agency_names_are_full_width():
    assert organs.full_width_brackets("嘉兴科技城(大桥镇)") == "嘉兴科技城（大桥镇）"
    assert organs.full_width_brackets("嘉兴科技城（大桥镇）") == "嘉兴科技城（大桥镇）"


def test_title_after_bulleted_page_fields():
    preamble = (
        "• 索 引 号:AB123-0400-2013-00002\n• 发布机构:青石镇人民政府\n• 公文生成日期:2013-02-01\n"
        "• 标题:青石镇人民政府2012年政府信息公开工作年度报告\n青石镇人民政府2012年政府信息公开工作年度报告\n"
        "时间:2013-01-10 09:00\n根据《条例》要求"
    )
    assert metadata.find_title(preamble) == "青石镇人民政府2012年政府信息公开工作年度报告"
    # the 标题: field serves only when no title line follows it
    assert metadata.find_title("• 发布机构:青石镇人民政府\n• 标题:青石镇2012年政府信息公开年度报告\n根据") == "青石镇2012年政府信息公开年度报告"


@pytest.mark.parametrize("title, agency, year", [
    # the year written bare before the report words
    ("白沙区统计局2019政务信息公开年报", "白沙区统计局", 2019),
    ("石桥县水利局2020信息公开工作年度报告", "石桥县水利局", 2020),
    # the full organ of the title, topic words after it stripped
    ("中国农业科学院茶叶研究所信息公开工作2017年度报告", "中国农业科学院茶叶研究所", 2017),
    # 人民政府 before the report words keeps its 政府
    ("2010年青石镇人民政府信息公开工作年度报告", "青石镇人民政府", 2010),
    ("2010年青石镇政府信息公开工作年度报告", "青石镇人民政府", 2010),
])
def test_agency_and_year_from_more_title_shapes(title, agency, year):
    assert (organs.agency_from_title(title), metadata.find_year(title, "", "")) == (agency, (year, False))


def test_agency_from_page_header_row_by_column():
    header = "索引号 | 公开方式 | 发布机构 |\n62010/2011-00031 | 主动公开 | 古浪县青石镇人民政府 |\n正文"
    assert organs.agency_from_page(header) == "古浪县青石镇人民政府"
    # the label closing a row never takes the next row's first cell
    assert organs.agency_from_page("索引号 | 发布机构 |\n62010/2011-00031 |\n正文") == ""
    assert organs.agency_from_page("• 发布机构:青石镇人民政府• 公文生成日期:2013-02-01") == "青石镇人民政府"


@pytest.mark.parametrize("name, ok", [
    ("古浪县青石镇人民政府", True),
    ("嘉兴科技城（大桥镇）", True),
    ("中国农业科学院茶叶研究所", True),
    ("62010/2011-00031", False),
    ("2013-02-01", False),
    ("• 公文生成日期:2013-02-01• 标题:青石镇人民政府", False),
    ("政府信息公开", False),
    ("我镇", False),
])
def test_is_organ_name(name, ok):
    assert organs.is_organ_name(name) is ok


@pytest.mark.parametrize("text, agency", [
    # a bare town after the year, before the report words
    ("根据《条例》规定，现公布2013年石门镇政府信息公开工作年度报告。", "石门镇人民政府"),
    ("现公布2013年度石门街道信息公开工作年度报告。", "石门街道"),
    # 年度 is not part of a name
    ("现公布2016年度镇政府信息公开工作报告。", ""),
])
def test_agency_from_text_after_the_year(text, agency):
    assert organs.agency_from_text(text) == agency


@pytest.mark.parametrize("agency, text, fuller", [
    ("桃源路街道", "本报告由临江区桃源路街道办事处编制。", "临江区桃源路街道办事处"),
    ("桃源路街道", "桃源路街道办事处负责。", "桃源路街道办事处"),
    ("青石镇人民政府", "信息来源: 古浪县青石镇人民政府 发布日期", "古浪县青石镇人民政府"),
    ("苍山所", "苍山所按照要求", "苍山所"),
    # a prefecture is never put in front, nor anything before a county
    ("红星街道办事处", "哈尔滨市红星街道办事处", "红星街道办事处"),
    ("道外区红星街道办事处", "哈尔滨市道外区红星街道办事处", "道外区红星街道办事处"),
    ("审计局", "按照市审计局要求", "审计局"),
])
def test_fuller_name_the_text_writes(agency, text, fuller):
    assert organs.fuller_name(agency, text) == fuller


@pytest.mark.parametrize("text, agency", [
    # the office inside the organ is dropped
    ("如对本报告有任何疑问，请与石桥县林业局政府信息公开工作领导小组办公室联系。", "石桥县林业局"),
    ("请与东湖街道党政综合办公室联系（地址：临江市东湖街道湖心村综合楼）", "东湖街道"),
    # a town named after its district's government
    ("如对报告有任何疑问，请与临江区人民政府东湖镇办公室联系，联系电话：0000-1234567。", "东湖镇"),
    # a bare 乡/镇 gets 人民政府 only where the text writes it so
    ("请与青山镇政府信息公开领导小组办公室联系。（地址：河口县青山镇人民政府；邮编：000000）", "青山镇人民政府"),
    ("请与白塔乡人民政府联系（地址：石桥县白塔乡政府驻地）", "白塔乡人民政府"),
    # an address that is the organ itself
    ("联系地址：河口县青山镇人民政府；邮编：000000", "河口县青山镇人民政府"),
    # no organ named: only a unit, a self-reference, a street address
    ("请与党政办公室联系。", ""),
    ("请与我局办公室联系。", ""),
    ("联系地址：河口县青山镇湖心村12号", ""),
])
def test_agency_from_contact(text, agency):
    assert organs.agency_from_contact(text) == agency


@pytest.mark.parametrize("text, agency", [
    ("本报告由石桥县民政局根据《中华人民共和国政府信息公开条例》规定编制，内容包括概述。", "石桥县民政局"),
    ("本年报是根据临江区有关要求,由临江区东湖镇人民政府编制的2018年度政府信息公开年度报告。", "临江区东湖镇人民政府"),
    ("根据县政府信息公开工作要求,白塔乡编制了2013年政府信息公开工作年度报告。", "白塔乡人民政府"),
    # compiled by a place's office: the place's government
    ("根据上级要求，临江区政务公开领导小组办公室编制了2019年度报告。", "临江区人民政府"),
    ("根据《条例》，由临江市人民政府信息公开办编制本报告。", "临江市人民政府"),
    ("本报告由党政办公室编制。", ""),
    ("现将我局编制的年度报告公布如下。", ""),
])
def test_agency_from_compiler(text, agency):
    assert organs.agency_from_compiler(text) == agency


@pytest.mark.parametrize("agency, text, fuller", [
    # an address going on to a village or building is a location, not a name
    ("东湖街道", "请与东湖街道党政综合办公室联系（地址：临江市东湖街道湖心村综合楼；邮编：000000）", "东湖街道"),
    # an address that is the organ itself names it
    ("青山镇人民政府", "（地址：河口县青山镇人民政府；邮编：000000）", "河口县青山镇人民政府"),
    # 请与 before a county is not part of its name
    ("白塔乡人民政府", "如有疑问,请与石桥县白塔乡人民政府联系", "石桥县白塔乡人民政府"),
])
def test_fuller_name_skips_addresses_and_contact_words(agency, text, fuller):
    assert organs.fuller_name(agency, text) == fuller


def test_year_from_a_dashed_statistics_period():
    assert metadata.find_year("", "本报告中所列数据的统计期限自2015-1-1起至2015-12-31止。", "") == (2015, False)


@pytest.mark.parametrize("preamble, title", [
    # search box and slogan lines above a title line that names its organ
    ("搜索\n真正让“石桥速度”成为“石桥品牌”\n石桥县政府办公室2020年政府信息公开工作年度报告\n根据", "石桥县政府办公室2020年政府信息公开工作年度报告"),
    # the site's name and column above it
    ("石桥县横山乡\n政府信息公开\n石桥县横山乡人民政府2017年政府信息公开工作年度报告\n根据", "石桥县横山乡人民政府2017年政府信息公开工作年度报告"),
    # breadcrumbs and a column name are page chrome
    ("当前位置 : 首页\n> 信息公开 > 信息公开年度报告 > 2022\n石桥县青山乡2022年政府信息公开年度报告\n根据", "石桥县青山乡2022年政府信息公开年度报告"),
    ("首页 >> 信息公开 >> 信息公开年度报告\n信息公开年度报告\n中国科学院石桥分院信息公开工作2021年度报告\n根据", "中国科学院石桥分院信息公开工作2021年度报告"),
    # page fields with letter-spaced labels, the title in a 标 题 cell
    ("文       号: 关键字: 白沙区2010年政府信息公开工作年度报告\n白沙区2010年政府信息公开工作年度报告\n本报告", "白沙区2010年政府信息公开工作年度报告"),
    ("标 题 | 石桥自治区2014年政府信息公开工作年度报告 | ||\n索引号 | 0001/2015-00339 |\n本报告根据", "石桥自治区2014年政府信息公开工作年度报告"),
    # a title wrapped after its organ stays one title
    ("石桥县人民政府\n2014年政府信息公开工作年度报告\n根据", "石桥县人民政府2014年政府信息公开工作年度报告"),
])
def test_find_title_skips_page_chrome(preamble, title):
    assert metadata.find_title(preamble) == title


@pytest.mark.parametrize("name, cleaned", [
    ("搜索真正让“石桥速度”成为“石桥品牌”石桥县政府办公室", "石桥县政府办公室"),
    ("石桥县教育和体育局政府信息公开石桥县教育局", "石桥县教育局"),
    ("石桥县横山乡政府信息公开石桥县横山乡人民政府", "石桥县横山乡人民政府"),
    ("石桥县人民政府", "石桥县人民政府"),  # no junk: unchanged
    ("搜索“石桥品牌”", ""),  # nothing after the junk
])
def test_without_page_junk(name, cleaned):
    assert organs.without_page_junk(name) == cleaned


@pytest.mark.parametrize("title, agency", [
    ("搜索真正让“石桥速度”成为“石桥品牌”石桥县政府办公室2020年政府信息公开工作年度报告", "石桥县政府办公室"),
    ("农业和林业部政府信息公开工作2011年度报告", "农业和林业部"),
    ("国家石桥总局2011年政府信息公开工作年度报告", "国家石桥总局"),
    ("中国科学院石桥分院机关信息公开工作2021年度报告", "中国科学院石桥分院机关"),
    ("石桥自治区2014年政府信息公开工作年度报告", "石桥自治区人民政府"),
])
def test_agency_from_title_national_organs_and_page_junk(title, agency):
    assert organs.agency_from_title(title) == agency


@pytest.mark.parametrize("name, ok", [
    ("真正让“石桥效率”成为“石桥品牌”石桥县政府办公室", False),
    ("搜索石桥县政府办公室", False),
    ("农业和林业部", True),
    ("中国科学院石桥分院机关", True),
])
def test_is_organ_name_rejects_page_junk(name, ok):
    assert organs.is_organ_name(name) is ok


def test_agency_from_quoted_title():
    assert organs.agency_from_quoted_title("现发布《农业和林业部政府信息公开工作2011年度报告》。") == "农业和林业部"
    # a quoted notice is not the report's title
    assert organs.agency_from_quoted_title("按照《国务院办公厅关于做好年度报告工作的通知》要求。") == ""


@pytest.mark.parametrize("agency, text, official", [
    ("海西州人民政府", "海西蒙古族藏族自治州人民政府\n由海西州人民政府编制", "海西蒙古族藏族自治州人民政府"),
    # a header line that is another organ, or not the same ending
    ("海西州人民政府", "海东市人民政府\n由海西州人民政府编制", "海西州人民政府"),
    ("石桥县教育局", "石桥县教育和体育局\n正文", "石桥县教育和体育局"),
    ("石桥县教育局", "石桥县人民政府\n正文", "石桥县教育局"),
])
def test_official_form_of_a_short_name(agency, text, official):
    assert organs.official_form(agency, text) == official


# -- dev4 shapes: universities, hospitals, zones, 苏木, vertical offices ------

@pytest.mark.parametrize("title, agency", [
    ("江淮理工大学2020年度信息公开工作年度报告", "江淮理工大学"),
    ("临江职业技术学院2020年信息公开工作年度报告", "临江职业技术学院"),
    ("临江市第一人民医院2022年政府信息公开工作年度报告", "临江市第一人民医院"),
    # a bracketed second name of the organ after its name is dropped
    ("临江市妇幼保健服务中心(市妇幼保健院)2021年政府信息公开年度报告", "临江市妇幼保健服务中心"),
    # a bracket inside a zone's name stays (full width)
    ("北湖高新区(科技城)管委会2019年政府信息公开工作年度报告", "北湖高新区（科技城）管委会"),
    ("石桥旗乌兰苏木2025年政府信息公开工作年度报告", "石桥旗乌兰苏木人民政府"),
    ("巴彦嘎查2020年政务公开工作年度报告", "巴彦嘎查"),
    # a province's sector (气象部门) as the title writes it
    ("浙江省临江市气象部门2021年政府信息公开工作年度报告", "浙江省临江市气象部门"),
    ("临江市各部门2021年政府信息公开工作年度报告", ""),
])
def test_agency_from_title_universities_hospitals_zones(title, agency):
    assert organs.agency_from_title(title) == agency


@pytest.mark.parametrize("name, cleaned", [
    ("按县政府办要求对石桥县医疗保障局", "石桥县医疗保障局"),
    ("包括石桥旗乌兰苏木人民政府", "石桥旗乌兰苏木人民政府"),
    ("根据上级要求由临江区教育局", "临江区教育局"),
    # the same characters inside a real name stay
    ("将乐县教育局", "将乐县教育局"),
    ("向阳区人民政府", "向阳区人民政府"),
    ("临江市商务和对外经济合作局", "临江市商务和对外经济合作局"),
    ("临江经济技术开发区管委会", "临江经济技术开发区管委会"),
    ("临江镇为民服务中心", "临江镇为民服务中心"),
])
def test_without_lead_words(name, cleaned):
    assert organs.without_lead_words(name) == cleaned


@pytest.mark.parametrize("text, agency", [
    # 本报告由X根据…: the clause after the organ holds commas
    ("本报告由临江市人民政府信息公开工作领导小组办公室根据《条例》(以下简称《条例》)要求,汇总各县(市、区)情况编制而成。",
     "临江市人民政府"),
    # a verb phrase before the organ is not part of it
    ("二是按县政府办要求对石桥县医疗保障局政务公开标准规范清单进行重新编制。", "石桥县医疗保障局"),
])
def test_agency_from_compiler_more_shapes(text, agency):
    assert organs.agency_from_compiler(text) == agency


@pytest.mark.parametrize("text, agency", [
    ("2019-2020学年，江淮理工大学以习近平新时代中国特色社会主义思想为指导", "江淮理工大学"),
    ("2019年,北湖高新区(科技城)管委会办公室政务公开工作按照年初下发的要点推进", "北湖高新区(科技城)管委会办公室"),
    ("2025年，乌兰苏木人民政府坚持以人民为中心", "乌兰苏木人民政府"),
    # parts of an organ are not the organ
    ("2020年，二级学院认真落实公开要求", ""),
    ("2020年，学校各学院认真落实公开要求", ""),
])
def test_agency_from_text_universities_zones_sumu(text, agency):
    assert organs.agency_from_text(text) == agency


@pytest.mark.parametrize("text, agency", [
    ("2020年度信息公开工作年度报告\n江淮理工大学\n(2020年10月30日)\n按照要求，现将我校情况总结如下：", "江淮理工大学"),
    ("临江市人民政府信息公开\n2020年度报告\n按照要求", ""),  # a column name, not a name line
    ("正文\n我校认真落实", ""),
])
def test_agency_from_name_line(text, agency):
    assert organs.agency_from_name_line(text) == agency


@pytest.mark.parametrize("agency, text, fuller", [
    # a vertical office's national prefix, where the text writes it
    ("临江市税务局", "国家税务总局临江市税务局向社会公布本单位报告。2020年，临江市税务局深入贯彻", "国家税务总局临江市税务局"),
    ("临江市税务局", "2020年，临江市税务局深入贯彻", "临江市税务局"),
    # a verb before the banner is not part of its name
    ("乌兰苏木人民政府", "全文包括石桥旗乌兰苏木人民政府信息公开总体情况", "石桥旗乌兰苏木人民政府"),
])
def test_fuller_name_vertical_prefix_and_lead_words(agency, text, fuller):
    assert organs.fuller_name(agency, text) == fuller


@pytest.mark.parametrize("text, year", [
    # an academic-year period: the year it ends in
    ("统计期限为2019年9月1日—2020年10月31日。", 2020),
    ("现将我校2020年度(2019年9月1日-2020年8月31日)信息公开工作总结如下", 2020),
    ("2019-2020学年，学校认真贯彻", 2020),
    # a calendar year stays
    ("统计期限为2019年1月1日至2019年12月31日。", 2019),
])
def test_year_of_an_academic_year_report(text, year):
    assert metadata.find_year("", text, "") == (year, False)


@pytest.mark.parametrize("name", ["经纬街道办事处", "道里区经纬街道办事处", "在城镇人民政府"])
def test_lead_characters_of_a_place_name_stay(name):
    assert organs.without_lead_words(name) == name


# -- names the text glues, cuts or shortens (indexer/parser/names.py) ----------

def _agency(text: str) -> str:
    from indexer.parser import parse_report

    return parse_report(text).agency


@pytest.mark.parametrize("text, agency", [
    # the organ named only in the body, after 以来
    ("根据《条例》，现将2008年度政府信息公开工作情况报告如下：\n一、概述\n"
     "自2008年工作开展以来，东岗街道严格按照上级要求，成立领导小组。\n二、主动公开政府信息情况\n共公开12条。",
     "东岗街道"),
    # a bracketed place after the name belongs to it, ASCII or full-width
    ("根据《条例》，现公布新区(南湖街道)2009年政府信息公开工作年度报告。\n一、概述\n工作正常。", "新区（南湖街道）"),
    ("如有疑问，请与新区（南湖街道）联系（电话：1234）。\n一、概述\n2009年工作正常。", "新区（南湖街道）"),
    # a lead word glued in front (现发布, 特发布)
    ("根据有关规定，现发布省林草局2023年政府信息公开情况报告。\n一、总体情况\n工作正常。", "省林草局"),
    ("根据有关规定，特发布临江县水利局2023年政府信息公开工作年度报告。\n一、总体情况\n工作正常。", "临江县水利局"),
    # a name repeated by page chrome before the title
    ("临江县人民政府\n临江县人民政府\n临江县人民政府2021年度\n信息公开年度报告\n一、总体情况\n工作正常。", "临江县人民政府"),
    # a province-wide report titled by the province alone
    ("江南省2019年政府信息公开工作年度报告\n一、总体情况\n全省工作正常。", "江南省人民政府"),
    # the office that compiles the report is not its organ
    ("首页\n海事总署2010年海事信息公开工作年度报告\n如有疑问，请与海事总署办公厅政务公开处联系。\n一、主要工作概述\n工作正常。",
     "海事总署"),
    ("本年报依据有关规定编制。如有疑问，请与海事总署办公厅政务公开处联系。\n一、主要工作概述\n工作正常。", "海事总署"),
])
def test_agency_from_body_brackets_lead_words_repeats_and_offices(text, agency):
    assert _agency(text) == agency


@pytest.mark.parametrize("text, agency", [
    # a name holding 和 is not cut at 和
    ("本年报依据有关规定编制。我们修订了《江南省人力资源和社会保障厅2011年度政府信息公开指南》。\n"
     "一、概述\n工作正常。", "江南省人力资源和社会保障厅"),
    # the city the text itself writes in front of a bare 市…局
    ("如对本报告有疑问，请与池州市林业局办公室联系。\n一、总体情况\n2025年，市林业局认真贯彻落实《条例》。", "池州市林业局"),
    # 监督管理 for 监管, and both together, where the text writes them
    ("一、总体情况\n2023年，永靖县市场监管局认真贯彻《条例》，制定了《永靖县市场监督管理局政务公开实施方案》。",
     "永靖县市场监督管理局"),
    ("本报告电子版可在广元市市场监督管理局门户网站下载。\n一、总体情况\n2023年，市市场监管局认真贯彻《条例》。",
     "广元市市场监督管理局"),
    # nothing the text does not write is added
    ("一、总体情况\n2023年，省市场监管局认真贯彻《条例》。", "省市场监管局"),
])
def test_agency_in_the_fuller_form_the_text_writes(text, agency):
    assert _agency(text) == agency


def test_name_cleaning_helpers():
    from indexer.parser import names

    assert names.without_repeats("临江县人民政府临江县人民政府") == "临江县人民政府"
    assert names.without_repeats("临江县人民政府") == "临江县人民政府"
    assert names.without_lead_words("现发布省林草局") == "省林草局"
    # two organs joined by 和 stay apart: the part before 和 is an organ itself
    assert names.with_and_compound("临江市民政局", "根据临江市政府和临江市民政局要求") == "临江市民政局"
    assert names.with_and_compound("海事总署", "通过召开论证会和海事总署沟通") == "海事总署"
    assert names.with_and_compound("城乡建设局", "“临江县住房和城乡建设局”网站") == "临江县住房和城乡建设局"
    assert names.with_full_words("市林业局", "2025年,市林业局未收到申请") == "市林业局"


def test_dated_title_wins_over_site_name_and_column_above_it():
    preamble = "石桥区人民政府\n政府信息公开年报\n石桥区人民防空办公室2020\n政府信息公开工作年度报告\n发布时间:2021-01-19"
    assert metadata.find_title(preamble) == "石桥区人民防空办公室2020政府信息公开工作年度报告"
    # an undated title alone is still the title
    assert metadata.find_title("石桥区人民政府\n政府信息公开年报\n本报告由石桥区编制。") == "石桥区人民政府政府信息公开年报"


def test_slash_breadcrumb_is_not_the_title():
    preamble = "首页/ 政府信息公开 / 政府信息公开年报 / 正文\n公安局2019年政府信息公开年度工作报告"
    assert metadata.find_title(preamble) == "公安局2019年政府信息公开年度工作报告"


def test_a_past_report_the_text_published_is_not_the_year():
    text = ("2020年,街道坚持公开为常态。二是更新了公开指南,发布2019年政府信息公开年度报告。\n"
            "制订2020年度政务公开工作计划,2020年共公开信息23条。\n")
    announced = "现发布2019年政府信息公开年度报告。2020年1月起施行新规定。"
    assert [metadata.find_year("", text, ""), metadata.find_year("", announced, "")] == [(2020, False), (2019, False)]


def test_a_page_date_written_before_its_publisher_label():
    from indexer.parser.metadata import find_published

    assert find_published("卓尼县人民政府2020年度报告 | |||\n2021-02-09 发布:卓尼县人民政府办公室 点击数:\n正文", "") == "2021-02-09"
    assert find_published("东街街道2023年度报告\n发表日期:2024-01-26 15:35:23 发布机构:政务服务管理局\n", "") == "2024-01-26"


def test_part_six_on_the_signature_line_of_a_flattened_page_stays_in_the_body():
    text = "五、存在的主要问题及改进情况\n解读不够及时。\n六、其他需要报告的事项 本机关无其他需要报告的事项。 某某县审计局 2022年1月20日"
    assert organs.split_signature(text) == (
        "五、存在的主要问题及改进情况\n解读不够及时。\n六、其他需要报告的事项 本机关无其他需要报告的事项。", "某某县审计局", "2022-01-20")
    # no organ before the date: the words are the report's, the date signs
    assert organs.split_signature("正文。\n六、其他需要报告的事项 无。 2022年1月20日") == (
        "正文。\n六、其他需要报告的事项 无。", "", "2022-01-20")


def test_part_six_sharing_the_signature_line_is_a_section_of_the_report():
    from indexer.parser import parse_report

    text = ("某某县审计局2021年政府信息公开工作年度报告\n一、总体情况\n本局认真落实《条例》。\n"
            "五、存在的主要问题及改进情况\n政策解读不够及时。\n"
            "六、其他需要报告的事项 本机关未收取信息处理费。 某某县审计局 2022年1月20日")
    report = parse_report(text)
    assert report.section(6) is not None and "未收取信息处理费" in report.section(6).text
    assert [p.text for p in report.problems] == ["政策解读不够及时"]
