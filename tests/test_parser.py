"""parse_report end to end: the five sample reports with hand-checked values,
and synthetic texts for each kind of mess real pages bring."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.model import Region, Section
from indexer.parser import normalize_text, organ_choice, parse_report

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _sample(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def _summary(report):
    return {
        "title": report.title,
        "agency": report.agency,
        "region": report.region,
        "level": report.level,
        "year": report.year,
        "published": report.published,
        "format": report.format,
        "sections": [s.number for s in report.sections],
    }


def test_jiamusi_no_title_agency_from_text():
    report = parse_report(_sample("jiamusi-gangwan-jiedao-2020.md"))
    assert _summary(report) == {
        "title": "",
        "agency": "佳木斯市前进区港湾街道",
        "region": Region("黑龙江省", "佳木斯市", "前进区", "港湾街道"),
        "level": "乡镇街道",
        "year": 2020,
        "published": "",
        "format": "2019",
        "sections": [1, 2, 3, 4, 5, 6],
    }
    assert [p.text for p in report.problems] == [
        "进制度不够健全，办事处政府信息和政务公开工作机制还不够完善，公开形式还比较单一",
        "信息公开质量有待提高",
    ]
    assert [m.text for m in report.measures] == [
        "下一步完善和规范政务公开工作机制，积极建立和完善政府公共信息平台，加大网上公开的力度，"
        "增加服务内容，为人民群众提供公开、快捷、透明、高效的公用服务",
        "接下来将进一步提高公开信息的质量和水平，建立较高标准的居务公开栏，以点带面，全面推进政府信息公开工作上新台阶",
    ]
    assert report.warnings == ["no title line", "no publication date"]
    # Markdown heading markers and **bold** are gone from the text.
    assert report.section(1).text.startswith("2020年佳木斯市前进区港湾街道严格贯彻落实")
    assert "**" not in report.section(1).text


def test_pingfang_xinjiang_2023_format_2021():
    report = parse_report(_sample("pingfang-xinjiang-jiedao-2023.txt"))
    assert _summary(report) == {
        "title": "平房区新疆街道办事处2023年政府信息公开工作年度报告",
        "agency": "平房区新疆街道办事处",
        "region": Region("黑龙江省", "哈尔滨市", "平房区", "新疆街道"),
        "level": "乡镇街道",
        "year": 2023,
        "published": "",
        "format": "2021",
        "sections": [None, 1, 2, 3, 4, 5, 6],
    }
    assert [p.text for p in report.problems] == [
        "政府信息公开内容不全面，公开形式不够丰富",
        "政务信息公开时效性还需进一步加强",
        "政府信息公开内容、格式规范还需要进一步加强",
    ]
    assert [m.text for m in report.measures] == [
        "加强各科室的沟通协调。对于各科室、各社区发文予以审核，重点关注各科室、各社区工作事务的发文情况，"
        "保证信息公开内容的多样性、全面性",
        "加大主动公开力度。加强政务信息公开工作的管理，及时做好政策发布解读，对社会关注的热点问题及时予以回应",
        "加强业务培训。加强对相关工作人员的培训，增强工作人员政务公开意识，提高政府信息采集、编辑能力，"
        "既要在公开数量上有所提升，更要在公开质量上有所优化，努力提高政府信息公开水平",
    ]
    assert report.section(6).title == "其它需要报告的事项"
    assert report.section(6).canonical_title == "其他需要报告的事项"
    # the [bookmark: _GoBack] and the trailing page number are gone
    assert report.section(6).text == "本年度无信息处理费情况。"


def test_pingfang_youxie_2020_wrong_numerals_and_signature():
    report = parse_report(_sample("pingfang-youxie-jiedao-2020.txt"))
    assert _summary(report) == {
        "title": "平房区友协街道办事处2020年政府信息公开工作年度报告",
        "agency": "平房区友协街道办事处",
        "region": Region("黑龙江省", "哈尔滨市", "平房区", "友协街道"),
        "level": "乡镇街道",
        "year": 2020,
        "published": "2021-01-19",
        "format": "2019",
        "sections": [None, 1, 2, 3, 4, 5, 6],
    }
    assert [(s.number, s.title) for s in report.sections][2:5] == [
        (2, "主动公开政府信息情况"),
        (3, "收到和处理政府信息公开申请情况"),
        (4, "政府信息公开行政复议、行政诉讼情况"),
    ]
    assert [p.text for p in report.problems] == [
        "政府信息公开工作机制不够完善",
        "政府信息公开内容不够全面",
        "从事政府信息公开工作人员为兼职人员，变动频繁，难以保证工作的专业性和准确性",
    ]
    assert len(report.measures) == 3
    # the lead-in (statistics period, address) is kept, without the title line
    assert report.sections[0] == Section(
        None, "", "前言",
        "本年度报告所列数据统计期限为2020年1月1日至2020年12月31日。本年度报告的电子版，可以通过哈尔滨市平房区"
        "政府门户网站→政务公开栏目→政府信息公开年报专栏查阅，其网址是www.hrbpf.gov.cn。如对本报告有疑问，请联系"
        "哈尔滨市平房区友协街道办事处办公室，联系地址：哈尔滨市平房区新银街13号，邮编：150060，联系电话：0451-86591365。",
    )
    assert report.section(6).text == "无。"  # the signature is not part of the section
    assert report.warnings == []


def test_songbei_interleaved_problems_and_measures():
    report = parse_report(_sample("songbei-qu-2020.txt"))
    assert _summary(report) == {
        "title": "哈尔滨市松北区2020年政府信息公开工作年度报告",
        "agency": "哈尔滨市松北区人民政府",
        "region": Region("黑龙江省", "哈尔滨市", "松北区"),
        "level": "县级",
        "year": 2020,
        "published": "2021-02-05",
        "format": "2019",
        "sections": [None, 1, 2, 3, 4, 5, 6],
    }
    assert [p.text for p in report.problems] == [
        "对政策性文件把握不够准确、公开属性把关不够严",
        "政策解读还存在短板，解读的方式方法比较单一",
        "对各部门政府信息公开工作指导、监督不够到位",
        "各部门和街道办事处处理依申请公开事项时不够专业，答复质量不高",
        "部分职能部门和街道办事处在实体场所公开办事信息较多，在网站公开信息较少",
        "现松北区（哈尔滨新区）政务公开办与政府办合署办公，实际上只有一名工作人员兼职此项工作（借调人员）。"
        "随着松北区五区叠加工作的深入开展，利民开发区从呼兰区托管到松北区管理，自贸区哈尔滨片区的成立，"
        "松北区（哈尔滨新区）政务公开工作无论是从主动公开件数还是依申请公开件数都逐年呈递增形势。"
        "从事政务公开工作的同志为非法律专业、非专职、流动性大，给政务公开工作的创新和发展造成了工作瓶颈。"
        "各部门、各街镇也没有专职政务公开工作人员，区政务公开办为街镇信息员轮训一次还没结束，"
        "刚轮训完的工作人员有的就换岗或者离职了",
    ]
    assert [p.number for p in report.problems] == [1, 2, 3, 4, 5, 6]
    assert [m.text for m in report.measures] == [
        "今年采取的措施主要是加强指导，一些部门的同志经过个案指导业务能力有所提升，"
        "今后应继续加强对相关工作人员的业务培训，使其能够按《条例》作出准确的答复",
        "政府办在发现这个问题后已经督促相关部门要多渠道公开信息。"
        "今后要加强全区政府信息公开标准化、规范化建设，使社会公众在办事之前就能掌握相关办事信息",
    ]
    assert report.section(6).title == "需要说明的其他事项"


def test_xianfenglu_2019_five_sections_lead_in_dropped():
    report = parse_report(_sample("xianfenglu-jiedao-2019.txt"))
    assert _summary(report) == {
        "title": "2019年度咸丰路街道办事处信息公开工作年度报告",
        "agency": "咸丰路街道办事处",
        "region": Region("陕西省", "铜川市", "耀州区", "咸丰路街道"),  # the one 咸丰路街道 of the divisions table
        "level": "乡镇街道",
        "year": 2019,
        "published": "2020-01-13",
        "format": "2019",
        "sections": [1, 2, 3, 4, 5],
    }
    assert [p.text for p in report.problems] == [
        "对《条例》和管委会信息公开工作规定的学习、掌握还不够好",
        "公开政府信息不够及时",
        "信息公开的内容和形式比较单一",
    ]
    assert [m.text[:8] for m in report.measures] == ["强化意识，规范程", "加大政务公开宣传", "深入实施政府信息"]
    # the signature does not become a fourth measure
    assert report.section(5).text.endswith("正确引导舆论。")


@pytest.mark.parametrize("name", [
    "jiamusi-gangwan-jiedao-2020.md", "pingfang-xinjiang-jiedao-2023.txt",
    "pingfang-youxie-jiedao-2020.txt", "songbei-qu-2020.txt", "xianfenglu-jiedao-2019.txt",
])
def test_statements_are_written_text(name):
    raw = _sample(name)
    report = parse_report(raw)
    clean = normalize_text(raw)
    for statement in report.problems + report.measures:
        assert statement.text in clean
    for section in report.sections:
        assert section.text in clean


def test_songbei_tables_and_failing_checks_are_wired():
    report = parse_report(_sample("songbei-qu-2020.txt"))
    assert report.tables["applications"]["rows"]["disclosed"]["total"] == 92
    assert any(not c.passed and c.row == "disclosed" for c in report.checks)


OLD_FORMAT = """XX县民政局2012年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》要求，特向社会公布2012年度本局政府信息公开年度报告。
一、概述
2012年，我局认真贯彻落实《条例》，加强组织领导。
二、主动公开政府信息情况
全年主动公开政府信息120条。
三、依申请公开政府信息情况
全年未收到政府信息公开申请。
四、政府信息公开的收费及减免情况
本年度未收取任何费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
无。
六、政府信息公开工作存在的主要问题和改进措施
我局政府信息公开工作虽然取得了一定成效，但也存在一些问题：一是公开内容不够全面；二是信息更新不够及时。下一步，我局将进一步加强培训，提高公开质量。
七、其他需要报告的事项
无。
XX县民政局
二〇一三年三月二十日"""
OLD_FORMAT_LEAD_IN = "根据《中华人民共和国政府信息公开条例》要求，特向社会公布2012年度本局政府信息公开年度报告。"


def test_old_format_report():
    report = parse_report(OLD_FORMAT)
    assert _summary(report) == {
        "title": "XX县民政局2012年政府信息公开工作年度报告",
        "agency": "XX县民政局",
        "region": Region(),
        "level": "县级",  # the rank of its government; its type is 政府部门
        "year": 2012,
        "published": "2013-03-20",
        "format": "pre2019",
        "sections": [None, 1, 2, 3, None, 4, 5, 6],
    }
    assert report.sections[0] == Section(None, "", "前言", OLD_FORMAT_LEAD_IN)
    assert [(s.number, s.canonical_title) for s in report.sections][4] == (None, "政府信息公开的收费及减免情况")
    assert [p.text for p in report.problems] == ["公开内容不够全面", "信息更新不够及时"]
    assert [m.text for m in report.measures] == ["下一步，我局将进一步加强培训，提高公开质量"]
    assert report.section(6).text == "无。"


def test_report_flattened_onto_one_line():
    flat = OLD_FORMAT.replace("\n", " ")
    report = parse_report(flat)
    assert [s.number for s in report.sections] == [None, 1, 2, 3, None, 4, 5, 6]
    assert report.sections[0] == Section(None, "", "前言", OLD_FORMAT_LEAD_IN)
    assert report.title == "XX县民政局2012年政府信息公开工作年度报告"
    assert report.published == "2013-03-20"
    assert [p.text for p in report.problems] == ["公开内容不够全面", "信息更新不够及时"]
    assert report.section(6).text == "无。"


def test_breadcrumbs_comments_bookmarks_and_fullwidth_spaces_are_removed():
    messy = (
        "当前位置：首页 > 政务公开 > 政府信息公开年报\n"
        "您当前的位置: 首页 > 年报\n"
        + OLD_FORMAT.replace("一、概述", "<!--[if !supportLists]-->一、<!--[endif]-->概述")
        .replace("无。\nXX", "[bookmark: _GoBack]无。\nXX")
        .replace("2012年，我局", "\u3000\u30002012年，我局")
    )
    report = parse_report(messy)
    assert report.title == "XX县民政局2012年政府信息公开工作年度报告"
    assert [s.number for s in report.sections] == [None, 1, 2, 3, None, 4, 5, 6]
    # the breadcrumbs before the title are not part of the lead-in
    assert report.sections[0] == Section(None, "", "前言", OLD_FORMAT_LEAD_IN)
    assert report.section(1).text == "2012年，我局认真贯彻落实《条例》，加强组织领导。"
    assert report.section(6).text == "无。"
    assert "位置" not in normalize_text(messy)


TRADITIONAL = """某縣2015年政府信息公開工作年度報告
一、概述
2015年，我縣認真貫徹落實《條例》。
二、主動公開政府信息情況
全年主動公開信息100條。
五、存在的主要問題及改進措施
一是公開內容不夠全面；二是更新不夠及時。
六、其他需要報告的事項
無。"""


def test_traditional_script_is_converted():
    report = parse_report(TRADITIONAL)
    assert report.title == "某县2015年政府信息公开工作年度报告"
    assert [(s.number, s.title) for s in report.sections] == [
        (1, "概述"), (2, "主动公开政府信息情况"), (5, "存在的主要问题及改进措施"), (6, "其他需要报告的事项"),
    ]
    assert [p.text for p in report.problems] == ["公开内容不够全面", "更新不够及时"]
    assert report.agency == "某县人民政府"


def test_pinyin_glosses_of_a_mirror_copy_are_dropped():
    glossed = (TRADITIONAL.replace("縣", "縣(xiàn)").replace("報告", "報(bào)告").replace("條例", "條(tiáo)例")
               .replace("無。", "無(wú)。"))
    report = parse_report(glossed)
    assert report.title == "某县2015年政府信息公开工作年度报告"
    assert report.agency == "某县人民政府"
    assert [p.text for p in report.problems] == ["公开内容不够全面", "更新不够及时"]
    assert report.section(6).text == "无。"
    # brackets in an ordinary text are left alone
    assert normalize_text("依申请公开(含转办)2件") == "依申请公开(含转办)2件"


def test_missing_title_and_year_differs_from_publication():
    text = """一、总体情况
2020年，某某区某某街道认真落实《条例》要求，推进政务公开。
二、主动公开政府信息情况
全年主动公开信息30条。
五、存在的主要问题及改进情况
信息公开形式比较单一。
六、其他需要报告的事项
无。
某某区某某街道办事处
2021年2月5日"""
    report = parse_report(text)
    assert (report.title, report.agency, report.year, report.published) == ("", "某某区某某街道办事处", 2020, "2021-02-05")
    assert report.level == "乡镇街道"
    assert [p.text for p in report.problems] == ["信息公开形式比较单一"]
    assert "no title line" in report.warnings


def test_pipe_table_rows_are_not_sections():
    text = """某街道办事处2021年政府信息公开工作年度报告
一、总体情况
2021年，某街道认真落实。
二、主动公开政府信息情况
| 信息内容 | 本年制发件数 | 本年废止件数 |
| 一、本年新收政府信息公开申请数量 | 0 | 0 |
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量
四、结转下年度继续办理
四、政府信息公开行政复议、行政诉讼情况
无。
五、存在的主要问题及改进情况
一是信息公开不及时；二是形式单一。
六、其他需要报告的事项
无。"""
    report = parse_report(text)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert [p.text for p in report.problems] == ["信息公开不及时", "形式单一"]
    assert report.format == "2021"


def test_warnings_say_what_is_missing():
    report = parse_report("某局政府信息公开工作情况：今年工作正常开展。")
    assert report.warnings == [
        "no statistics tables found",
        "no title line",
        "agency not named in text",
        "no year found",
        "no publication date",
        "no section headings recognised",
        "report format could not be told",
        "no problems section (存在的主要问题)",
    ]


@pytest.mark.parametrize("text", ["", "   \n\t ", "今天天气很好，我们去公园散步。", "\x00\x01\x02"])
def test_not_a_report_is_a_parse_error(text):
    with pytest.raises(ParseError):
        parse_report(text)


def test_parsing_is_fast_once_loaded():
    texts = [_sample(n) for n in ("songbei-qu-2020.txt", "pingfang-youxie-jiedao-2020.txt")]
    parse_report(texts[0])  # loads OpenCC and the gazetteer once
    started = time.perf_counter()
    for _ in range(5):
        for text in texts:
            parse_report(text)
    assert time.perf_counter() - started < 5.0


def test_text_without_headings_is_kept_as_its_lead_in():
    report = parse_report("某局政府信息公开工作情况：今年工作正常开展。")
    assert report.sections == [Section(None, "", "前言", "某局政府信息公开工作情况：今年工作正常开展。")]


COUNTY_REPORT = """洪泽区人民政府
2023年政府信息公开工作年度报告
本报告由淮安市洪
泽区人民政府办公室编制。如对本报告有疑问，请与区政府办公室联系。
一、总体情况
2023年，洪泽区人民政府坚持依法公开。
五、存在的主要问题及改进情况
一是政策解读形式单一；二是公开时效有待提升。"""


def test_county_agency_gets_the_city_its_text_writes():
    report = parse_report(COUNTY_REPORT)
    assert (report.title, report.agency, report.region, report.level) == (
        "洪泽区人民政府2023年政府信息公开工作年度报告",
        "淮安市洪泽区人民政府",
        Region("江苏省", "淮安市", "洪泽区"),
        "县级",
    )
    assert report.sections[0] == Section(
        None, "", "前言", "本报告由淮安市洪\n泽区人民政府办公室编制。如对本报告有疑问，请与区政府办公室联系。"
    )  # the wrapped line stays as written; the agency rule reads across it


def test_county_agency_without_its_city_in_the_text_stays_as_written():
    report = parse_report(COUNTY_REPORT.replace("淮安市洪\n泽区人民政府办公室", "区政府办公室"))
    assert (report.agency, report.region, report.level) == ("洪泽区人民政府", Region("江苏省", "淮安市", "洪泽区"), "县级")


def test_development_zone_brackets_full_width_placed_under_the_city_that_runs_it_at_its_rank():
    text = """发布单位 | 嘉兴科技城(大桥镇) | 发布日期 | 2019-03-29 |
2018年政府信息公开工作年度报告
根据《条例》要求，嘉兴科技城不断健全组织机构。
一、年度政府信息公开的基本概况
我委不断完善信息公开工作制度。
五、存在的问题与改进思路
一是信息写作水平欠缺；二是公开形式不够丰富。"""
    report = parse_report(text)
    # a city-run zone is 市级 (README "Zones")
    assert (report.agency, report.level, report.region) == ("嘉兴科技城（大桥镇）", "市级", Region("浙江省", "嘉兴市"))
    assert report.organ_type == "开发区管委会"
    assert report.sections[0] == Section(None, "", "前言", "根据《条例》要求，嘉兴科技城不断健全组织机构。")


def test_bulleted_page_fields_run_together_are_split_one_a_line():
    assert normalize_text("• 发布机构:青石镇人民政府• 公文生成日期:2013-02-01 • 标题:某报告") == (
        "• 发布机构:青石镇人民政府\n• 公文生成日期:2013-02-01\n• 标题:某报告"
    )
    assert normalize_text("阿卜杜·热合曼同志任组长。") == "阿卜杜·热合曼同志任组长。"  # a name's dot is no field


_BODY = "\n一、概述\n我镇认真做好信息公开工作。\n二、存在的主要问题及改进措施\n一是公开形式不够丰富；二是栏目更新不及时。"


@pytest.mark.parametrize("head, agency", [
    # header row / value row: the value under 发布机构, not the index number
    ("索引号 | 公开方式 | 发布机构 |\n62010/2011-00031 | 主动公开 | 古浪县青石镇人民政府 |\n"
     "2012年青石镇人民政府信息公开工作年度报告\n根据《条例》要求，特公布本报告。", "古浪县青石镇人民政府"),
    # bulleted fields run together: the title line below them names the organ
    ("• 索 引 号:AB123-0400-2013-00002• 发布机构:青石镇人民政府• 公文生成日期:2013-02-01\n"
     "• 标题:青石镇人民政府2012年政府信息公开工作年度报告\n青石镇2012年政府信息公开年度报告\n根据《条例》要求。", "青石镇人民政府"),
    # only the bare town written, after the year
    ("根据《条例》规定，现公布2012年石门镇政府信息公开工作年度报告。如有疑问，请与石门镇党政办公室联系。", "石门镇人民政府"),
    # the title's full organ, not the short form the text uses
    ("中国农业科学院茶叶研究所信息公开工作2012年度报告\n2012年，茶叶所按照要求做好信息公开。", "中国农业科学院茶叶研究所"),
    # a bare 街道 in the title, its fuller name in the text
    ("2012年度桃源路街道信息公开工作报告\n本报告由临江区桃源路街道办事处编制。", "临江区桃源路街道办事处"),
    # the year written bare before 政务信息公开年报
    ("白沙区统计局2012政务信息公开年报\n发布时间:2013-03-01\n我局根据《条例》编制本报告。", "白沙区统计局"),
    # no title: the organ only in the contact sentence, with its office after it
    ("特向社会公布我局2012年度信息公开工作年度报告。如对本报告有任何疑问，请与石桥县林业局政府信息公开工作领导小组"
     "办公室联系。（地址：石桥县东湖街道交通路2号）", "石桥县林业局"),
    # no title: the town as the contact's district office and an address that is the organ
    ("本报告统计期限自2012年1月1日起至2012年12月31日止。如有疑问，请与青山镇政府信息公开领导小组办公室联系。"
     "（地址：河口县青山镇人民政府；邮编：000000）", "河口县青山镇人民政府"),
    # no title: who compiled it
    ("根据县政府信息公开工作要求,白塔乡编制了2012年政府信息公开工作年度报告。", "白塔乡人民政府"),
    # a county under a province-level city, the breadcrumb naming its government
    ("您当前的位置: 首页 > 政务公开 > 石柱县人民政府\n重庆市石柱县2012年政府信息公开工作年度报告\n"
     "根据《条例》，石柱县政府办公室编制了本报告。重庆市石柱县人民政府网站全年更新。", "石柱县人民政府"),
    # the title's bare 街道, not the address form of the contact line
    ("东湖街道2012年政府信息公开工作年度报告\n如有疑问，请与东湖街道党政综合办公室联系"
     "（地址：临江市东湖街道湖心村综合楼；邮编：000000）", "东湖街道"),
    # a site's search box and slogan above the title line are not its organ
    ("搜索\n真正让“石桥速度”成为“石桥品牌”\n石桥县政府办公室2012年政府信息公开工作年度报告\n根据《条例》编制。",
     "石桥县政府办公室"),
    # the site's name and column glued above the title
    ("石桥县教育和体育局\n政府信息公开\n石桥县教育局2012年政府信息公开工作年度报告\n发布时间:2013-01-02",
     "石桥县教育局"),
    # the township of the title, not the county government the lead-in names
    ("当前位置 : 首页\n> 信息公开 > 信息公开年度报告 > 2012\n石桥县青山乡2012年政府信息公开年度报告\n"
     "根据《条例》规定，现公布石桥县人民政府2012年政务公开工作年度报告。本报告由石桥县人民政府政务公开办公室编制。",
     "石桥县青山乡人民政府"),
    # a page field line holding the title is not the title; a bare district
    # as the publisher stands for its government
    ("文       号: 关键字: 白沙区2012年政府信息公开工作年度报告\n所属机构: 白沙区 发布机构: 白沙区\n"
     "白沙区2012年政府信息公开工作年度报告\n本报告根据《条例》编制。", "白沙区人民政府"),
    ("发布机构: 白沙区\n本报告根据《条例》编制，数据统计期限为2012年1月1日至2012年12月31日。", "白沙区人民政府"),
    # a ministry named only in the report title its lead-in quotes
    ("根据《条例》规定，现发布《农业和林业部政府信息公开工作2012年度报告》。", "农业和林业部"),
    # the column name and breadcrumb above an institute's title; its 机关 kept
    ("首页 >> 信息公开 >> 信息公开年度报告\n信息公开年度报告\n中国科学院石桥分院机关信息公开工作2012年度报告\n"
     "根据《条例》，现公布中国科学院石桥分院2012年度信息公开工作报告。", "中国科学院石桥分院机关"),
    # the short form the text uses, the full one its header line writes
    ("海西蒙古族藏族自治州人民政府\n本报告是依据《条例》要求，由海西州人民政府编制的2012年度政府信息公开工作年度报告。",
     "海西蒙古族藏族自治州人民政府"),
    # a region's report: the title's region, not the office the page lists
    ("标 题 | 石桥自治区2012年政府信息公开工作年度报告 | ||\n发布机构 | 自治区人民政府办公厅 | 发布日期 | 2013-03-30 |\n"
     "本报告根据《条例》编制。", "石桥自治区人民政府"),
])
def test_agency_from_real_page_shapes(head, agency):
    report = parse_report(head + _BODY)
    assert (report.agency, report.year) == (agency, 2012)
    assert [p.text for p in report.problems] == ["公开形式不够丰富", "栏目更新不及时"]


@pytest.mark.parametrize("head, agency, year", [
    # a university: the name on its own line under a title naming none, and
    # the academic year's end year, not the year the period starts in
    ("2012年度信息公开工作年度报告\n江淮理工大学\n(2012年10月30日)\n"
     "按照要求，现将我校2012年度(2011年9月1日-2012年8月31日)信息公开工作总结如下:", "江淮理工大学", 2012),
    ("为贯彻落实《条例》，按照通知要求，学校办公室编制发布本报告，统计期限为2011年9月1日—2012年8月31日。\n"
     "2011-2012学年，江淮理工大学以习近平新时代中国特色社会主义思想为指导，推进信息公开。", "江淮理工大学", 2012),
    # a hospital's title with its second name in brackets
    ("临江市妇幼保健服务中心(市妇幼保健院)2012年政府信息公开年度报告\n2012年，我院认真贯彻落实《条例》。",
     "临江市妇幼保健服务中心", 2012),
    # a city-wide report compiled by the government's disclosure office
    ("本报告由临江市人民政府信息公开工作领导小组办公室根据《条例》(以下简称《条例》)要求,汇总各县(市、区)情况编制而成。"
     "本报告中所列数据的统计时限自2012年1月1日至2012年12月31日。", "临江市人民政府", 2012),
    # a zone's office named in the opening sentence (brackets full width)
    ("本年报根据《条例》编制而成。\n2012年,北湖高新区(科技城)管委会办公室政务公开工作按照年初下发的要点推进。",
     "北湖高新区（科技城）管委会办公室", 2012),
    # a clause glued before the organ in a compiling sentence
    ("根据《条例》要求，现公布石桥县医疗保障局2012年政府信息公开工作年度报告。\n"
     "二是按县政府办要求对石桥县医疗保障局政务公开标准规范清单进行重新编制。", "石桥县医疗保障局", 2012),
    # 苏木: its banner in front, the verb before the banner dropped
    ("本年度报告根据《条例》制作。全文包括石桥旗乌兰苏木人民政府信息公开总体情况。"
     "所列数据统计期限为2012年1月1日至2012年12月31日。\n2012年，乌兰苏木人民政府坚持以人民为中心。",
     "石桥旗乌兰苏木人民政府", 2012),
    # a local tax office keeps the national prefix the text writes
    ("根据《条例》要求，国家税务总局临江市税务局向社会公布本单位2012年政府信息公开工作年度报告。"
     "\n2012年，临江市税务局深入贯彻党中央决策部署。", "国家税务总局临江市税务局", 2012),
    # a city's whole sector as its title names it
    ("浙江省临江市气象部门2012年政府信息公开工作年度报告\n本报告由临江市气象局编制。", "浙江省临江市气象部门", 2012),
])
def test_agency_of_universities_hospitals_zones_and_vertical_offices(head, agency, year):
    report = parse_report(head + _BODY)
    assert (report.agency, report.year) == (agency, year)
    assert [p.text for p in report.problems] == ["公开形式不够丰富", "栏目更新不及时"]


def test_page_titled_with_the_problems_part_alone():
    text = (
        "某县人民政府2012年政府信息公开工作年度报告存在的主要问题和改进措施\n"
        "2012年,我县公开工作取得了一定成绩,但离群众的要求还有一定的差距。"
        "一是栏目更新不够及时。二是公开平台相对单一。\n"
        "下一步,我县将加强培训。"
    )
    report = parse_report(text)
    assert [p.text for p in report.problems] == ["栏目更新不够及时", "公开平台相对单一"]


def test_kangxi_and_supplement_radicals_become_unified_characters():
    # ⼀ U+2F00, ⼯ U+2F2F, ⼒ U+2F12, ⾼ U+2F7C, ⾏ U+2F8F; ⺟ U+2E9F (CJK radicals supplement)
    raw = "五、存在的主要问题\n⼀是⼯作⼒度不够，执⾏⺟版不⾼。"
    clean = normalize_text(raw)
    assert clean == "五、存在的主要问题\n一是工作力度不够，执行母版不高。"
    assert len(clean) == len(raw)  # one character for one: offsets stay valid


def test_hard_wrapped_lines_join_inside_sentences_not_at_headings():
    width = "政府信息公开工作人员业务能力有待提高且"  # 19 wide + 8 below
    body = [
        "四、行政复议和行政诉讼情况",
        "行政复议 行政诉讼 结果 维持 纠正 其他",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "总结本年度工作，公开信息数量明显增加，形式更加规范，但",
        "仍存在以下问题：一是组织建设仍需改进。业务骨干以兼职",
        "为主，队伍建设整体不够稳定，专业人员配备明显不足，二是",
        "公开内容较少，不够丰富，与公众的需求还存在一定的差距",
        "。针对以上问题，我局将从以下几个方面着手，继续深入推",
        "进工作：一是加大培训力度，制定业务培训计划和考核办法",
        "，切实提高承办人员的综合素质和业务能力，二是出新招。",
        "1、加强培训。",
    ]
    assert len(width) < 20
    clean = normalize_text("\n".join(body))
    lines = clean.split("\n")
    assert lines[:3] == body[:3]  # a heading never takes the line after it
    assert lines[3].startswith("总结本年度") and "以兼职为主，队伍" in lines[3]
    assert lines[-1] == "1、加强培训。"


def test_report_without_problems_heading_reads_an_announced_list():
    text = ("某县水利局2021年政府信息公开工作年度报告\n"
            "2021年我局扎实推进政府信息公开工作，现报告如下。\n"
            "我局存在的问题：一是公开力度不够，部分信息未及时公开；二是动态信息公开还需要进一步加大。今后改进方向：\n"
            "一是提高认识。\n二是夯实责任。\n三是拓宽渠道。")
    report = parse_report(text)
    assert [p.text for p in report.problems] == ["公开力度不够，部分信息未及时公开", "动态信息公开还需要进一步加大"]
    assert [m.text for m in report.measures] == ["提高认识", "夯实责任", "拓宽渠道"]


def test_page_date_line_above_title_is_not_part_of_it():
    report = parse_report(
        "• 发布日期:\n• 2021年03月18日\n\n甲乙省邮政管理系统2020年政府信息公开年度报告\n"
        "一、总体情况\n2020年,甲乙省邮政管理局坚持公开。\n"
    )
    assert (report.title, report.year) == ("甲乙省邮政管理系统2020年政府信息公开年度报告", 2020)
    # a system's report is its head organ's, as the text writes it
    assert report.agency == "甲乙省邮政管理局"


def test_contact_section_of_an_office_that_calls_itself_wo_ban():
    text = (
        "本报告依据《条例》编制。数据统计期限自2013年1月1日起至12月31日止。"
        "如有疑问,请与丙丁市人民政府办公室文电科联系(电话:1234)。\n"
        "一、基本情况\n我办把政府信息公开工作列入日常工作,成立了本办政府信息公开工作领导小组。\n"
    )
    assert parse_report(text).agency == "丙丁市人民政府办公室"
    # without 我办 the office stands for the government it serves
    assert parse_report(text.replace("我办", "我们").replace("本办", "")).agency == "丙丁市人民政府"


def test_contact_sentence_with_ke_yu_names_the_organ():
    text = (
        "本报告中所列数据的统计时限自2021年1月1日至2021年12月31日。"
        "对本报告如有疑问,可与戊己县人力资源和社会保障局联系(电话:22982284)。\n"
        "一、总体情况\n我局深入贯彻落实《条例》。\n"
    )
    assert parse_report(text).agency == "戊己县人力资源和社会保障局"


def test_template_actor_loses_to_the_organ_the_text_names_most():
    text = (
        "根据《条例》规定,发布本年度报告。报告中所列数据统计期限为2024年1月1日至12月31日。\n"
        "一、总体情况\n2024年,庚辛县人民政府办公室认真落实决策部署。\n"
        "2024年,壬癸乡主动公开政务信息545条。壬癸乡依法公开预决算。"
        "通过壬癸乡人民政府公众号发布信息。\n"
    )
    assert parse_report(text).agency == "壬癸乡人民政府"


def test_own_budget_names_a_title_less_street_office(monkeypatch):
    text = (
        "依据《条例》第五十条之规定,制作本报告。\n一、总体情况\n"
        "结合街道职能,及时公开《2019年子丑市寅卯区人民政府辰巳街道办事处部门预算》,更新低保信息。\n"
    )
    assert parse_report(text).agency == "子丑市寅卯区人民政府辰巳街道办事处"
    # two organs' budgets quoted: the organ model (organ_choice) takes the likelier
    # of the two; the rules alone make no guess
    two = text.replace("》,", "》《2019年子丑市寅卯区教育局部门预算》,")
    assert parse_report(two).agency == "子丑市寅卯区人民政府辰巳街道办事处"
    monkeypatch.setattr(organ_choice, "model", lambda: None)
    assert parse_report(two).agency == ""


# --- a whole report flattened onto one line (issue 12) ----------------------

def test_flattened_2021_report_with_glued_table_digits():
    from flat_reports import PROBLEMS_2021, flattened_2021_report

    report = parse_report(flattened_2021_report())
    assert [(s.number, s.title) for s in report.sections] == [
        (1, "总体情况"), (2, "主动公开政府信息情况"), (3, "收到和处理政府信息公开申请情况"),
        (4, "政府信息公开行政复议、行政诉讼情况"), (5, "存在的主要问题及改进情况"), (6, "其他需要报告的事项")]
    assert report.section(5).text.startswith("2021年，我县政府信息公开工作取得了一定成效")
    assert report.section(6).text == "本年度未收取信息处理费。"
    assert [p.text for p in report.problems] == PROBLEMS_2021
    assert [m.text for m in report.measures] == ["下一步，我县将加强培训，丰富解读形式"]
    assert report.tables["applications"]["rows"]["received"]["total"] == 218
    assert report.tables["reviews"]["review"]["total"] == 3
    assert report.tables["active"]["fees"] == {"amount": 18651.06, "amount_unit": "万元"}
    assert report.failed_checks == [] and len(report.checks) > 20
    assert (report.agency, report.year, report.format) == ("某某县人民政府", 2021, "2021")
    assert not [w for w in report.warnings if "table" in w or "section" in w]


@pytest.mark.parametrize("glue", ["18651.06", "。", "的工作", "0000000"])
def test_a_heading_glued_after_digits_punctuation_or_text_starts_its_section(glue):
    text = ("某县2020年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息100条。行政事业性收费" + glue
            + "五、存在的主要问题及改进情况一是公开内容不够全面；二是解读不够及时。")
    report = parse_report(text)
    assert [s.number for s in report.sections if s.number] == [1, 5]
    assert [p.text for p in report.problems] == ["公开内容不够全面", "解读不够及时"]


def test_a_listing_of_the_titles_is_not_a_heading():
    text = ("某县2020年政府信息公开工作年度报告\n本报告包括一、总体情况，二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况等部分。\n"
            "一、总体情况\n全年主动公开信息100条。\n五、存在的主要问题及改进情况\n公开内容不够全面。")
    report = parse_report(text)
    assert [s.number for s in report.sections if s.number] == [1, 5]
    assert report.section(1).text == "全年主动公开信息100条。"


@pytest.mark.parametrize("part", [
    # sub-headings run into their first item
    "五、存在的主要问题及改进情况（一）存在的主要问题1.公开内容不够全面。2.解读形式单一。（二）改进情况1.加强培训。2.丰富解读形式。",
    # an announced 一是 list, the measures announced the same way
    "五、存在的主要问题及改进情况本年度我县政务公开工作还存在一些不足：一是公开内容不够全面；二是解读形式单一。"
    "下一步，我县将：一是加强培训；二是丰富解读形式。",
    # circled items on one line
    "五、存在的主要问题及改进情况存在的问题：①公开内容不够全面；②解读形式单一。改进措施：①加强培训；②丰富解读形式。",
    # 一是 without a lead, the measures under an inline sub-heading
    "五、存在的主要问题及改进情况一是公开内容不够全面。二是解读形式单一。改进措施：一是加强培训。二是丰富解读形式。",
])
def test_a_flattened_report_reads_its_problems_part_in_every_list_shape(part):
    from flat_reports import flattened_2021_report_with_problems

    report = parse_report(flattened_2021_report_with_problems(part))
    assert [p.text for p in report.problems] == ["公开内容不够全面", "解读形式单一"]
    assert [m.text for m in report.measures][-2:] == ["加强培训", "丰富解读形式"]
    assert report.section(6).text.startswith("本年度未收取信息处理费")


@pytest.mark.parametrize("heading", [
    "六、政府信息公开工作存在的主要问题及改进措施", "六、存在的不足和改进措施", "六、工作中存在的问题及下一步打算",
    "六、政府信息公开工作中存在的问题和改进措施", "六、主要问题和改进措施", "六、工作中存在的不足及改进措施",
    "六、存在问题及下一步工作打算", "六、问题与不足", "六、不足与改进", "六、工作存在的问题和今后努力方向", "六、存在的问题",
    "六、存在的困难和下一步工作计划", "六、当前存在的问题及改进措施", "六、工作中存在的困难和问题",
])
def test_an_old_format_problems_heading_glued_after_a_figure_and_into_its_text(heading):
    from flat_reports import FLAT_OLD_FORMAT

    report = parse_report(FLAT_OLD_FORMAT.replace("{H}", heading).replace(
        "{P}", "一是公开内容不够全面；二是解读形式单一。下一步，我镇将加强培训。"))
    assert [s.number for s in report.sections if s.number] == [1, 2, 3, 4, 5, 6]
    assert report.section(5).title == heading[2:]
    assert [p.text for p in report.problems] == ["公开内容不够全面", "解读形式单一"]
    assert [m.text for m in report.measures] == ["下一步，我镇将加强培训"]


def test_html_markup_left_in_a_text_file_becomes_layout():
    # a page's source saved as text, inside a script string (\" escapes)
    def tr(label, cells):
        return "<tr><td>" + label + "</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    source = ('<p style=\\"text-align:center\\">某市人民政府办公厅2019年政府信息公开工作年度报告</p><p>一、总体情况</p>'
              "<p>2019年，市政府办公厅深入推进政务公开。</p><p>三、收到和处理政府信息公开申请情况</p><table><tbody>"
              + tr("一、本年新收政府信息公开申请数量", [821, 35, "&nbsp;", "&nbsp;", 3, 0, 859])
              + tr("二、上年结转政府信息公开申请数量", [18, 0, 0, 0, 0, 0, 18])
              + "</tbody></table><p>五、存在的主要问题及改进情况</p><p>一是公开内容不够全面；二是解读形式&quot;单一&quot;。</p>"
              "<p>六、其他需要报告的事项</p><p>无。</p>")
    report = parse_report(source)
    assert report.title == "某市人民政府办公厅2019年政府信息公开工作年度报告"
    assert [s.number for s in report.sections if s.number] == [1, 3, 5, 6]
    assert [p.text for p in report.problems] == ["公开内容不够全面", '解读形式"单一"']
    rows = report.tables["applications"]["rows"]
    assert rows["received"] == {"natural_person": 821, "commercial": 35, "legal_services": 3, "other": 0, "total": 859}
    assert report.tables["applications"]["missing"] == ["received.research", "received.public_interest"]
    # two stray angle brackets are not markup
    assert normalize_text("文件<见附件>已公开。") == "文件<见附件>已公开。"


# Shapes of whole reports whose problems part read wrong (issue 12, third
# round): each case is (problems part as printed, statements, measures).
@pytest.mark.parametrize("part, problems, measures", [
    # a lead-in whose wording names no aspect (仍在 for 仍存在), before 如A；B；C等
    ("五、存在的主要问题及改进情况2021年我县政务公开工作取得一定成效，但在工作中仍在不足，如公开工作机制有待进一步完善；"
     "政策解读形式仍需创新；数字化手段运用还不够充分等。下一步将加强培训。",
     ["公开工作机制有待进一步完善", "政策解读形式仍需创新", "数字化手段运用还不够充分"], ["下一步将加强培训"]),
    # the problems sub-heading glued to a lead-in that announces the numbered list
    ("五、存在的主要问题及改进情况（一）存在问题虽然我县政府信息公开工作取得了一定成效，但主要还存在以下问题：1.工作人员多为兼职，"
     "流动性较大。2.部分单位公开内容不够深化。（二）改进措施：1.加强培训。",
     ["工作人员多为兼职，流动性较大", "部分单位公开内容不够深化"], ["加强培训"]),
    # sub-headings run into their text on a flattened page; 仍待 states a shortcoming
    ("五、存在的主要问题及改进情况（一）不足和薄弱环节个别部门对公开工作的主动性仍待提高。网站信息更新不够及时。"
     "（二）改进措施下一步将加强培训。",
     ["个别部门对公开工作的主动性仍待提高", "网站信息更新不够及时"], ["下一步将加强培训"]),
    # a subject before a bare 仍有不足 makes it a problem; 待进一步 without 有
    ("五、存在的主要问题及改进情况一是队伍建设有待进一步加强；二是答复质量待进一步提升；三是平台互动功能仍有不足。下一步将加强培训。",
     ["队伍建设有待进一步加强", "答复质量待进一步提升", "平台互动功能仍有不足"], ["下一步将加强培训"]),
    # next year's plan opening with the year: the year is no part of the last problem
    ("五、存在的主要问题及改进情况（一）存在的主要问题一是栏目设置不够合理；二是解读形式单一，缺少图解。 2022年，我县将继续完善栏目。",
     ["栏目设置不够合理", "解读形式单一，缺少图解"], ["2022年，我县将继续完善栏目"]),
    # two unnumbered sentences: a clause without a subject of its own stays with its sentence
    ("五、存在的主要问题及改进情况（一）存在的主要问题:政策解读的形式还比较单一，未能运用图解方式解读文件。"
     "网站栏目维护不够规范。（二）改进情况:下一步将丰富解读形式。",
     ["政策解读的形式还比较单一，未能运用图解方式解读文件", "网站栏目维护不够规范"], ["下一步将丰富解读形式"]),
])
def test_a_whole_flattened_report_keeps_only_the_shortcomings(part, problems, measures):
    from flat_reports import flattened_2021_report_with_problems

    report = parse_report(flattened_2021_report_with_problems(part))
    assert [p.text for p in report.problems] == problems
    assert [m.text for m in report.measures] == measures


def test_a_table_of_contents_at_the_top_is_no_sections():
    contents = ("某某委员会2024年政府信息公开工作年度报告\n目录\n一、总体情况 ........ 1\n（一）主动公开 ...... 1\n（二）依申请公开 .... 2\n"
                "二、主动公开政府信息情况 ........ 3\n"
                "三、收到和处理政府信息公开申请情况 ...... 4\n四、政府信息公开行政复议、行政诉讼情况 .... 5\n"
                "五、存在的主要问题及改进情况 ..... 6\n六、其他需要报告的事项 ..... 7\n")
    body = ("本报告根据《条例》编制。\n一、总体情况\n2024年，我委推进政务公开。\n二、主动公开政府信息情况\n全年主动公开信息300条。\n"
            "三、收到和处理政府信息公开申请情况\n收到申请20件。\n四、政府信息公开行政复议、行政诉讼情况\n无。\n"
            "五、存在的主要问题及改进情况\n一是栏目设置不够合理；二是信息查找不便。下一步将调整栏目。\n六、其他需要报告的事项\n无。")
    report = parse_report(contents + body)
    assert [(s.number, s.text.split("\n")[0]) for s in report.sections if s.number] == [
        (1, "2024年，我委推进政务公开。"), (2, "全年主动公开信息300条。"), (3, "收到申请20件。"), (4, "无。"),
        (5, "一是栏目设置不够合理；二是信息查找不便。下一步将调整栏目。"), (6, "无。")]
    assert [p.text for p in report.problems] == ["栏目设置不够合理", "信息查找不便"]


def test_problems_under_their_sub_heading_when_the_part_heading_was_lost():
    from flat_reports import flattened_2021_report

    report = flattened_2021_report()
    # a PDF extraction that dropped 五、…: only （一）存在的主要问题 is left
    lost = (report[:report.index("五、存在的主要问题")] + "\n（一）存在的主要问题\n1.政策信息分散于多个平台，获取政策仍不够便利。\n"
            "2.门户网站的用户体验有待进一步改善。\n（二）改进情况\n1.整合政策发布平台。\n" + report[report.index("六、其他需要报告的事项"):])
    parsed = parse_report(lost)
    # part 六 shares its line with the signature date: it stays a part (split_signature)
    assert [(s.number, s.title) for s in parsed.sections if s.number][-3:] == [(4, "政府信息公开行政复议、行政诉讼情况"),
                                                                             (5, "存在的主要问题"), (6, "其他需要报告的事项")]
    assert [p.text for p in parsed.problems] == ["政策信息分散于多个平台，获取政策仍不够便利", "门户网站的用户体验有待进一步改善"]
    assert [m.text for m in parsed.measures] == ["整合政策发布平台"]


def test_a_flattened_table_of_contents_is_no_sections():
    contents = ("某某委员会2024年政府信息公开工作年度报告 目录 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 "
                "四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项 ")
    body = ("一、总体情况2024年，我委推进政务公开。二、主动公开政府信息情况全年主动公开信息300条。三、收到和处理政府信息公开申请情况"
            "收到申请20件。四、政府信息公开行政复议、行政诉讼情况无。五、存在的主要问题及改进情况一是栏目设置不够合理；"
            "二是信息查找不便。下一步将调整栏目。六、其他需要报告的事项无。")
    report = parse_report(contents + body)
    assert [(s.number, s.text[:6]) for s in report.sections if s.number] == [
        (1, "2024年，"), (2, "全年主动公开"), (3, "收到申请20"), (4, "无。"), (5, "一是栏目设置"), (6, "无。")]
    assert [p.text for p in report.problems] == ["栏目设置不够合理", "信息查找不便"]


def test_a_report_without_headings_owns_up_to_its_shortcomings_in_prose():
    text = ("某某镇2013年信息公开年度报告\n我镇认真贯彻《条例》，现将2013年工作情况报告如下:\n"
            "全年共上传信息385条。2013年，本镇政府信息公开工作取得了进展，但主动公开的内容与公众的需求还存在一些差距，"
            "上传信息量偏少，上传不及时。公开形式便民性还需要进一步提高。结合工作中存在问题和不足，考虑从以下几个方面进一步改进:\n"
            "1、拓展政府信息公开形式。2、统一认识，努力规范工作流程。")
    report = parse_report(text)
    # one sentence, one statement (README, "Granularity"); the gap has its subject here
    assert [p.text for p in report.problems] == ["主动公开的内容与公众的需求还存在一些差距，上传信息量偏少，上传不及时",
                                                 "公开形式便民性还需要进一步提高"]
    # the sentence announcing the measures is a lead-in of theirs
    assert [m.text for m in report.measures] == ["拓展政府信息公开形式", "统一认识，努力规范工作流程"]
