"""indexer.parser.agency, names, own_name: the organ a report names (as written; the build's identity step
gives the canonical name), on the page shapes of bench/dev5."""
from __future__ import annotations

import pytest

from indexer.parser import parse_report
from indexer.parser.agency import split_signature
from indexer.parser.own_name import agency_from_repeated_name

_BODY = "\n一、总体情况\n2021年,我单位认真贯彻落实《条例》。\n五、存在的主要问题及改进情况\n信息公开形式比较单一。\n"


def _organ(text: str) -> tuple:
    r = parse_report(text)
    return r.agency, r.region.province, r.region.city, r.region.county, r.region.township, r.level, r.organ_type


@pytest.mark.parametrize("text, expected", [
    # a title cell followed by a table's empty rules
    ("中意宁波生态园管理委员会2021年政务公开工作年度报告 | ||||||||\n本年报根据《条例》要求编制。" + _BODY,
     ("中意宁波生态园管理委员会", "浙江省", "宁波市", "", "", "市级", "开发区管委会")),
    # no title: 由XX(以下简称…)按…编制
    ("本年报根据《条例》要求,由中意宁波生态园管理委员会(以下简称中意宁波生态园管委会)按2021年度政府信息公开工作实际编制而成。" + _BODY,
     ("中意宁波生态园管理委员会", "浙江省", "宁波市", "", "", "市级", "开发区管委会")),
    # no title: 现公开XX2022年…报告
    ("根据《条例》规定,现公开钢花村街道办事处2022年政府信息公开工作年度报告。" + _BODY,
     ("钢花村街道办事处", "湖北省", "武汉市", "青山区", "钢花村街道", "乡镇街道", "街道办事处")),
    # a national organ's provincial team
    ("国家统计局湖北调查总队2018年度政府信息公开工作报告\n根据《条例》有关规定,现公布报告。" + _BODY,
     ("国家统计局湖北调查总队", "湖北省", "", "", "", "省级", "政府部门")),
    # an enterprise's title
    ("点击接收年报语音朗读\n枣庄高新区建设集团2022年政府信息公开工作年度报告\n本年度报告根据《条例》编制。" + _BODY,
     ("枣庄高新区建设集团", "山东省", "枣庄市", "", "", "市级", "国有企业")),
    # a 苏木 title split over two lines
    ("九原区阿嘎如泰苏木\n2025年政府信息公开工作年度报告\n本年度报告根据《条例》制作。" + _BODY,
     ("九原区阿嘎如泰苏木人民政府", "内蒙古自治区", "包头市", "九原区", "阿嘎如泰苏木", "乡镇街道", "人民政府")),
    # a school by its number; its county from the address
    ("怀远二中2021年政府信息公开工作年度报告\n本报告由怀远二中编制。(机构地址:怀远县荆山镇禹王西路999号)" + _BODY,
     ("怀远二中", "安徽省", "蚌埠市", "怀远县", "", "县级", "事业单位")),
    # a site's junk cut from the title leaves a placeless name; the quoted title writes it with its places
    ("沙巴体育_官网平台:第三中学2022年政府信息公开工作年度报告\n现发布《安徽省涡阳第三中学2022年政府信息公开工作年度报告》。" + _BODY,
     ("安徽省涡阳第三中学", "安徽省", "", "", "", "省级", "事业单位")),
    # a national organ's city team, the year before it in the title
    ("2018年国家统计局中山调查队政府信息公开工作报告\n来源: 发布时间:2019-03-20 09:51:00 浏览次数:\n【字号:\n打印】\n分享至:\n"
     "根据《条例》规定,现公布报告。" + _BODY,
     ("国家统计局中山调查队", "广东省", "中山市", "", "", "市级", "政府部门")),
])
def test_organ_place_rank_and_type_of_each_new_shape(text, expected):
    assert _organ(text) == expected


def test_organ_named_only_with_its_place_in_passing():
    text = ("根据《条例》规定编制本报告。\n一、总体情况\n及时修订《朝阳市司法局政府网站专栏信息发布审核制度》《市司法局主动公开目录》,"
            "完善《朝阳市司法局政府信息公开制度》。全力配合市政府办推进朝阳市人民政府网站群升级。\n")
    assert agency_from_repeated_name(text) == "朝阳市司法局"
    assert _organ(text + "五、存在的主要问题及改进情况\n公开形式单一。\n") == (
        "朝阳市司法局", "辽宁省", "朝阳市", "", "", "市级", "政府部门")


@pytest.mark.parametrize("text", [
    "我局认真贯彻《条例》。朝阳市司法局召开会议。",  # once only
    "朝阳市司法局、朝阳市财政局、朝阳市司法局、朝阳市财政局联合开展。",  # a tie
    "朝阳市人民政府网站、朝阳市人民政府门户、朝阳市人民政府办公室。",  # governments oversee; never the issuer by count
])
def test_repeated_name_needs_a_clear_winner_that_is_no_government(text):
    assert agency_from_repeated_name(text) == ""


def test_own_group_after_a_verb_names_the_organ():
    text = ("依据《条例》编制本报告。\n一、总体情况\n2023年,我局严格按照《条例》要求开展工作。年初,及时完善调整补充了甘南州自然资源局信息公开领导小组成员。\n"
            "五、存在的主要问题及改进情况\n公开形式单一。\n")
    assert _organ(text) == ("甘南州自然资源局", "甘肃省", "甘南藏族自治州", "", "", "市级", "政府部门")


def test_signature_before_a_pages_print_and_close_controls():
    text = "正文。\n宁海县审计局\n2022年1月20日\n【打印本页】【关闭窗口】\n扫一扫在手机打开当前页"
    assert split_signature(text) == ("正文。", "宁海县审计局", "2022-01-20")


def test_a_text_that_only_says_our_bureau_names_no_organ():
    text = "正文复制\n\n2023年,我局在区委、区政府的正确领导下,不断规范政府信息公开内容。\n一、主动公开政府信息情况\n我局把政府信息公开工作列入重要工作范畴。\n"
    assert _organ(text)[0] == ""


def test_a_government_s_information_centre_compiles_the_government_s_report():
    from indexer.parser import parse_report

    report = parse_report("2009年政府信息公开工作年度报告\n本报告由东丰县政府信息中心根据《条例》编制。\n"
                          "一、概述\n2009年,全县认真贯彻《条例》。\n")
    assert (report.agency, report.level, report.organ_type) == ("东丰县人民政府", "县级", "人民政府")


def test_an_experimental_zone_written_alone_gets_no_government():
    from indexer.parser.agency import with_government

    assert [with_government(n) for n in ("平潭综合实验区", "南薰乡")] == ["平潭综合实验区", "南薰乡人民政府"]
