"""indexer.places: the divisions table, an organ's place chain, rank and type,
with the exact values for every example issue 11 names."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.places import describe, display_name, divisions, own_key
from indexer.places.divisions import Division


def _where(agency, context=""):
    organ = describe(agency, context)
    return organ.names(), organ.level, organ.organ_type, organ.place_unknown


def test_the_table_is_complete_down_to_townships_and_loaded_once():
    table = divisions()
    assert table is divisions()
    ranks = [d.rank for d in table.by_code.values() if d.first_year is None]
    assert (ranks.count("province"), ranks.count("township") > 38000) == (31, True)
    assert [d.name for d in table.chain("310113007")] == ["上海市", "宝山区", "吴淞街道"]
    assert [d.name for d in table.chain("441900")] == ["广东省", "东莞市"]  # a city with no county level


@pytest.mark.parametrize("agency, context, expected", [
    # provincial organs in the province only, never its capital
    ("四川省人民政府", "地址：成都市锦江区督院街30号", ({"province": "四川省", "city": "", "county": "", "township": ""}, "省级", "人民政府")),
    ("广西壮族自治区人民政府办公厅", "", ({"province": "广西壮族自治区", "city": "", "county": "", "township": ""}, "省级", "政府办公厅(室)")),
    # city organs in the city, not its seat district
    ("哈尔滨市发展和改革委员会", "地址：哈尔滨市松北区世纪大道1号", ({"province": "黑龙江省", "city": "哈尔滨市", "county": "", "township": ""}, "市级", "政府部门")),
    ("成都市人民政府", "锦江区", ({"province": "四川省", "city": "成都市", "county": "", "township": ""}, "市级", "人民政府")),
    # national organs: 全国
    ("教育部", "北京市西城区西单大木仓胡同37号", ({"province": "全国", "city": "", "county": "", "township": ""}, "国家级", "政府部门")),
    ("国务院办公厅", "北京市海淀区", ({"province": "全国", "city": "", "county": "", "township": ""}, "国家级", "政府办公厅(室)")),
    # rank and type apart: a county department is 县级 + 政府部门
    ("临泽县审计局", "", ({"province": "甘肃省", "city": "张掖市", "county": "临泽县", "township": ""}, "县级", "政府部门")),
    # zones under what administers them, at the rank of the government that runs them (README "Zones")
    ("石家庄高新技术产业开发区管理委员会", "", ({"province": "河北省", "city": "石家庄市", "county": "石家庄高新技术产业开发区", "township": ""}, "市级", "开发区管委会")),
    ("嘉兴科技城", "", ({"province": "浙江省", "city": "嘉兴市", "county": "", "township": ""}, "市级", "开发区管委会")),
    ("天津市滨海新区人民政府", "", ({"province": "天津市", "city": "", "county": "滨海新区", "township": ""}, "县级", "人民政府")),
    # renamed and abolished divisions
    ("梅县人民政府", "", ({"province": "广东省", "city": "梅州市", "county": "梅县区", "township": ""}, "县级", "人民政府")),
    ("杭州市江干区人民政府", "", ({"province": "浙江省", "city": "杭州市", "county": "江干区", "township": ""}, "县级", "人民政府")),
    ("南薰乡人民政府", "", ({"province": "四川省", "city": "资阳市", "county": "安岳县", "township": "南薰镇"}, "乡镇街道", "人民政府")),
    # the full chain down to the township
    ("吴淞街道", "", ({"province": "上海市", "city": "", "county": "宝山区", "township": "吴淞街道"}, "乡镇街道", "街道办事处")),
    ("北京市东城区人民政府东华门街道办事处", "", ({"province": "北京市", "city": "", "county": "东城区", "township": "东华门街道"}, "乡镇街道", "街道办事处")),
    ("哈日诺尔苏木", "", ({"province": "内蒙古自治区", "city": "兴安盟", "county": "科尔沁右翼中旗", "township": "哈日诺尔苏木"}, "乡镇街道", "人民政府")),
    ("峨山县人民政府", "", ({"province": "云南省", "city": "玉溪市", "county": "峨山彝族自治县", "township": ""}, "县级", "人民政府")),
])
def test_place_rank_and_type(agency, context, expected):
    assert _where(agency, context)[:3] == expected


@pytest.mark.parametrize("junk", ["考核推动全市", "自治区", "城市", "拖市", "经开区"])
def test_a_value_that_is_not_a_place_never_appears(junk):
    assert _where(junk) == ({"province": "", "city": "", "county": "", "township": ""}, "", "其他", True)


@pytest.mark.parametrize("agency, context, expected", [
    ("审计局", "湖北省十堰市郧阳区审计局，地址：郧阳区城关镇", ({"province": "湖北省", "city": "十堰市", "county": "郧阳区", "township": ""}, "县级", "政府部门", False)),
    ("区教育局", "十堰市郧阳区", ({"province": "湖北省", "city": "十堰市", "county": "郧阳区", "township": ""}, "县级", "政府部门", False)),
    ("市政府办公室", "浙江省温州市人民政府 温州市 瓯海区", ({"province": "浙江省", "city": "温州市", "county": "", "township": ""}, "市级", "政府办公厅(室)", False)),
    ("审计局", "本局认真贯彻落实《条例》", ({"province": "", "city": "", "county": "", "township": ""}, "", "政府部门", True)),
    ("政务服务中心", "", ({"province": "", "city": "", "county": "", "township": ""}, "", "事业单位", True)),
    ("区教育局", "", ({"province": "", "city": "", "county": "", "township": ""}, "县级", "政府部门", True)),
])
def test_a_name_with_no_place_takes_it_from_the_text_or_is_flagged(agency, context, expected):
    assert _where(agency, context) == expected


def test_same_short_name_in_different_places_is_told_apart_by_the_text():
    fujian = describe("安仁乡人民政府", "福建省三明市将乐县安仁乡")
    sichuan = describe("安仁乡人民政府", "四川省达州市达川区")
    assert (fujian.names()["county"], sichuan.names()["county"]) == ("将乐县", "达川区")
    assert (own_key(fujian), own_key(sichuan)) == ("350428204:人民政府", "511703203:人民政府")
    unsaid = describe("安仁乡人民政府", "本乡认真贯彻《条例》")
    assert (unsaid.place_unknown, unsaid.level, own_key(unsaid)) == (True, "乡镇街道", "")
    assert sorted(unsaid.candidates) == ["350428204", "511703203"]


@pytest.mark.parametrize("spellings, key, shown", [
    (["吴淞街道", "上海市宝山区吴淞街道办事处"], "310113007:街道办事处", "上海市宝山区吴淞街道办事处"),
    (["东华门街道办事处", "北京市东城区人民政府东华门街道办事处"], "110101001:街道办事处", "北京市东城区东华门街道办事处"),
    (["海棠区", "海棠区人民政府", "三亚市海棠区人民政府"], "460202:人民政府", "三亚市海棠区人民政府"),
    (["哈日诺尔苏木", "科尔沁右翼中旗哈日诺尔苏木人民政府"], "152222202:人民政府", "兴安盟科尔沁右翼中旗哈日诺尔苏木人民政府"),
    (["江苏省人民政府办公厅", "江苏省政府办公厅"], "32:人民政府办公室", "江苏省人民政府办公厅"),
])
def test_one_organ_one_key_and_one_name_across_spellings(spellings, key, shown):
    organs = [describe(s) for s in spellings]
    assert {own_key(o) for o in organs} == {key}
    assert {display_name(o, s) for o, s in zip(organs, spellings)} == {shown}


def test_former_division_keeps_its_years_and_successor():
    [meixian] = [d for d in divisions().named("梅县") if d.rank == "county"]
    assert meixian == Division("441421", "梅县", "county", "4414", meixian.first_year, 2012, "441403")


@pytest.mark.parametrize("agency, level, organ_type", [
    ("黑龙江省人民政府", "省级", "人民政府"),
    ("北京市人民政府", "省级", "人民政府"),
    ("淮安市人民政府", "市级", "人民政府"),
    ("哈尔滨市松北区人民政府", "县级", "人民政府"),
    ("桦甸市人民政府", "县级", "人民政府"),  # a county-level city, not a zone (code 220282)
    ("平房区友协街道办事处", "乡镇街道", "街道办事处"),
    ("五河县临北回族乡人民政府", "乡镇街道", "人民政府"),
    ("佳木斯市前进区港湾街道", "乡镇街道", "街道办事处"),
    ("沭阳县发展和改革局", "县级", "政府部门"),
    ("哈尔滨市松北区人民政府办公室", "县级", "政府办公厅(室)"),
    # a zone with no place: its type, but no rank guessed from its 区
    ("某经济技术开发区管委会", "", "开发区管委会"),
    ("某高新技术产业开发区管理委员会", "", "开发区管委会"),
    # an organ's staff body is of the organ's type; CAS is national
    ("中国科学院石桥分院机关", "国家级", "事业单位"),
    ("江淮理工大学", "", "事业单位"),
    ("临江市第一人民医院", "县级", "事业单位"),
    ("乌兰苏木人民政府", "乡镇街道", "人民政府"),
    ("中共临泽县委", "县级", "其他"),
    ("临泽县自来水公司", "县级", "国有企业"),
    ("", "", ""),
])
def test_level_is_the_rank_and_organ_type_what_it_is(agency, level, organ_type):
    organ = describe(agency)
    assert (organ.level, organ.organ_type) == (level, organ_type)


def test_a_national_organs_local_branch_is_placed_where_it_is():
    branch = describe("国家税务总局杭州市税务局")
    assert (branch.names()["city"], branch.level, branch.organ_type, branch.national) == ("杭州市", "市级", "政府部门", False)
    assert display_name(branch, "国家税务总局杭州市税务局") == "国家税务总局杭州市税务局"
    assert describe("杭州市城市管理委员会").organ_type == "政府部门"  # a 管理委员会 that is no zone's


@pytest.mark.parametrize("agency, level", [
    ("保定市宝口县金岗乡人民政府", "乡镇街道"),  # a township the table lacks: its rank, not the city's
    ("卢氏县住房和城乡建设局", "县级"),  # 城乡 is no township
    ("哈尔滨市市场监督管理局", "市级"),
])
def test_rank_words_after_the_known_places(agency, level):
    assert describe(agency).level == level


def test_places_of_one_name_told_apart_by_a_county_written_short():
    organ = describe("大兴乡人民政府", "大兴乡认真贯彻落实耿马自治县政务公开工作要点")
    assert organ.names() == {"province": "云南省", "city": "临沧市", "county": "耿马傣族佤族自治县", "township": "大兴乡"}
    assert describe("黄村镇", "泾县黄村镇政府信息公开").names()["county"] == "泾县"  # a two-character 县 counts


def test_a_county_written_short_counts_only_when_a_place_inside_it_follows():
    assert describe("大安长虹街道办事处").names() == {"province": "吉林省", "city": "白城市", "county": "大安市", "township": "长虹街道"}
    assert describe("公安局").place_unknown  # 公安 is 公安县's stem, but nothing of 公安县 follows


@pytest.mark.parametrize("agency, names, level, organ_type", [
    # zones under what administers them, a township inside one placed where it is
    ("广东从化经济开发区管理委员会", ("广东省", "广州市", "从化区", ""), "县级", "开发区管委会"),
    ("重庆黔江高新技术产业开发区管理委员会", ("重庆市", "", "黔江区", ""), "县级", "开发区管委会"),
    ("南宁经济技术开发区管理委员会", ("广西壮族自治区", "南宁市", "", ""), "市级", "开发区管委会"),
    ("南京市河西新城区开发建设管委会", ("江苏省", "南京市", "", ""), "市级", "开发区管委会"),
    ("青岛西海岸新区海青镇", ("山东省", "青岛市", "黄岛区", "海青镇"), "乡镇街道", "人民政府"),
    ("大连长兴岛经济技术开发区长兴岛街道", ("辽宁省", "大连市", "瓦房店市", "长兴岛街道"), "乡镇街道", "街道办事处"),
    ("江苏省淮安市气象部门", ("江苏省", "淮安市", "", ""), "市级", "政府部门"),
    # the rank of the government that runs the zone: a city, a district, a municipality
    ("福州高新技术产业开发区管理委员会", ("福建省", "福州市", "", ""), "市级", "开发区管委会"),
    ("长春经济技术开发区财政局", ("吉林省", "长春市", "长春经济技术开发区", ""), "市级", "政府部门"),
    ("番禺经济技术开发区管理委员会", ("广东省", "广州市", "番禺区", ""), "县级", "开发区管委会"),
    ("重庆两江新区管理委员会办公室", ("重庆市", "", "", ""), "省级", "开发区管委会"),
    # zones of data/zones.tsv: placed and ranked as the data says, their departments too
    ("平潭综合实验区管理委员会", ("福建省", "福州市", "平潭县", ""), "市级", "开发区管委会"),
    ("福建省平潭综合实验区财政金融局", ("福建省", "福州市", "平潭县", ""), "市级", "政府部门"),
    ("天津东疆综合保税区管理委员会", ("天津市", "", "滨海新区", ""), "县级", "开发区管委会"),
])
def test_zones_are_placed_under_what_runs_them_and_take_its_rank(agency, names, level, organ_type):
    organ = describe(agency)
    assert (tuple(organ.names().values()), organ.level, organ.organ_type) == (names, level, organ_type)


@pytest.mark.parametrize("agency, names, level, organ_type, shown", [
    # a national organ's local office: the place right after the prefix, even written short
    ("国家统计局湖北调查总队", ("湖北省", "", "", ""), "省级", "政府部门", "国家统计局湖北调查总队"),
    ("国家统计局天门调查队", ("湖北省", "", "天门市", ""), "县级", "政府部门", "国家统计局天门调查队"),
    ("国家统计局宁波调查队", ("浙江省", "宁波市", "", ""), "市级", "政府部门", "国家统计局宁波调查队"),
    ("中华人民共和国杭州海关", ("浙江省", "杭州市", "", ""), "市级", "政府部门", "中华人民共和国杭州海关"),
    ("中国人民银行武汉分行", ("湖北省", "武汉市", "", ""), "市级", "政府部门", "中国人民银行武汉分行"),
    # the national organs themselves stay national
    ("国家统计局", ("全国", "", "", ""), "国家级", "政府部门", "国家统计局"),
    ("中华人民共和国审计署", ("全国", "", "", ""), "国家级", "政府部门", "中华人民共和国审计署"),
])
def test_vertical_organs_local_offices_from_the_data_table(agency, names, level, organ_type, shown):
    place = describe(agency)
    assert (tuple(place.names().values()), place.level, place.organ_type) == (names, level, organ_type)
    assert display_name(place, agency) == shown


@pytest.mark.parametrize("agency, names, level, organ_type, shown", [
    # a zone's own company takes the rank of the city that runs the zone
    ("枣庄高新区建设集团", ("山东省", "枣庄市", "", ""), "市级", "国有企业", "枣庄市高新区建设集团"),
    # a city written inside a zone's name, after words that are no place
    ("中意宁波生态园管理委员会", ("浙江省", "宁波市", "", ""), "市级", "开发区管委会", "中意宁波生态园管理委员会"),
    # no place anywhere: nothing guessed
    ("陈炉古镇景区管委会", ("", "", "", ""), "", "开发区管委会", "陈炉古镇景区管委会"),
    # 苏木 are townships, their governments 人民政府
    ("阿拉善盟额济纳旗温图高勒苏木人民政府", ("内蒙古自治区", "阿拉善盟", "额济纳旗", "温图高勒苏木"), "乡镇街道", "人民政府",
     "阿拉善盟额济纳旗温图高勒苏木人民政府"),
    ("晋城市妇幼保健院", ("山西省", "晋城市", "", ""), "市级", "事业单位", "晋城市妇幼保健院"),
])
def test_enterprises_zones_and_institutions(agency, names, level, organ_type, shown):
    place = describe(agency)
    assert (tuple(place.names().values()), place.level, place.organ_type) == (names, level, organ_type)
    assert display_name(place, agency) == shown


def _places(**given):
    return {"province": "", "city": "", "county": "", "township": "", **given}


@pytest.mark.parametrize("agency, context, expected", [
    # meteorological and seismological bureaus and river-basin commissions are public institutions
    ("杭州市气象局", "", (_places(province="浙江省", city="杭州市"), "市级", "事业单位")),
    ("中国地震局", "", (_places(province="全国"), "国家级", "事业单位")),
    ("水利部长江水利委员会", "", (_places(province="全国"), "国家级", "事业单位")),
    ("公安部第三研究所", "", (_places(province="全国"), "国家级", "事业单位")),
    # an organ being set up is of its organ's type
    ("北京市顺义区空港街道办事处筹备处", "", (_places(province="北京市", county="顺义区", township="空港街道"), "乡镇街道", "街道办事处")),
    # a street the table lacks, under a county it does hold: as written
    ("杭州市西湖区云栖街道办事处", "", (_places(province="浙江省", city="杭州市", county="西湖区", township="云栖街道"), "乡镇街道", "街道办事处")),
    # a zone named after its county or district written short
    ("松阳工业园区管理委员会", "", (_places(province="浙江省", city="丽水市", county="松阳县"), "县级", "开发区管委会")),
    ("大连金州经济开发区管理委员会", "", (_places(province="辽宁省", city="大连市", county="金州区"), "县级", "开发区管委会")),
    # autonomous areas by their short names
    ("黔东南州人民政府", "", (_places(province="贵州省", city="黔东南苗族侗族自治州"), "市级", "人民政府")),
    ("城步自治县人民政府", "", (_places(province="湖南省", city="邵阳市", county="城步苗族自治县"), "县级", "人民政府")),
    ("莫力达瓦旗人民政府", "", (_places(province="内蒙古自治区", city="呼伦贝尔市", county="莫力达瓦达斡尔族自治旗"), "县级", "人民政府")),
    # a short name that is both a former county and an autonomous county written short: the text decides
    ("东乡县民政局", "甘肃省临夏回族自治州", (_places(province="甘肃省", city="临夏回族自治州", county="东乡族自治县"), "县级", "政府部门")),
    ("东乡县民政局", "江西省抚州市", (_places(province="江西省", city="抚州市", county="东乡区"), "县级", "政府部门")),
])
def test_shapes_of_organ_place_rank_and_type(agency, context, expected):
    assert _where(agency, context)[:3] == expected


def test_a_ministry_sector_is_no_ministry():
    assert describe("财政部门").national is False


def test_a_township_several_places_share_keeps_its_name_and_stays_unknown():
    # 安仁乡 is in Fujian and in Sichuan: the chain holds only what the name writes
    assert _where("安仁乡人民政府") == (_places(township="安仁乡"), "乡镇街道", "人民政府", True)
    assert _where("东乡县民政局") == (_places(), "县级", "政府部门", True)


@pytest.mark.parametrize("agency", ["经济开发区管委会", "高新技术开发区管委会", "工业园区管委会"])
def test_a_generic_zone_is_no_place(agency):
    assert _where(agency) == (_places(), "", "开发区管委会", True)


def test_a_zone_unit_named_after_its_county_lends_no_bare_zone_word():
    # the code table writes 西青区开发区, 东丽区经济技术开发区: no spelling 开发区 / 经济技术开发区 comes of them
    table = divisions()
    assert [table.named(n) for n in ("开发区", "经济技术开发区", "经济开发区管委会")] == [[], [], []]
    # TEDA itself is placed by data/zones.tsv: under 滨海新区, which runs it
    assert describe("天津经济技术开发区管理委员会").names() == _places(province="天津市", county="滨海新区")


def test_a_township_whose_namesake_lies_elsewhere_is_placed_in_the_county_the_text_is_about():
    # 高良乡 is not in the 2023 table; 高良镇 is 德庆县's. The text writes 师宗县 twice.
    context = "请与师宗县高良乡人民政府党政办联系。高良乡充分利用师宗县人民政府网站公开信息。"
    assert _where("高良乡人民政府", context) == (
        _places(province="云南省", city="曲靖市", county="师宗县", township="高良乡"), "乡镇街道", "人民政府", False)


def test_a_new_district_zone_is_not_its_namesake_county():
    # 南湖新区 (岳阳) is no 南湖区 (嘉兴); a zone after a county written short needs a text that does not contradict it
    where = _where("南湖新区管委会办公室", "岳阳市南湖新区")
    assert (where[0], where[2]) == (_places(province="湖南省", city="岳阳市"), "开发区管委会")
    assert _where("来凤经济开发区管理委员会", "江苏省南京市")[0]["county"] == ""


def test_a_government_office_is_typed_so_even_where_the_table_lacks_its_place():
    assert _where("某某县人民政府办公室")[1:3] == ("县级", "政府办公厅(室)")
    assert _where("某某县人民政府外事办公室")[2] == "政府部门"


def test_a_power_grid_bureau_is_an_enterprise_and_a_hydrology_bureau_a_public_institution():
    assert [describe(n).organ_type for n in ("广州供电局", "深圳市水文局", "广州市水务局")] == ["国有企业", "事业单位", "政府部门"]


def test_a_known_zone_keeps_its_written_name_and_a_wrong_province_is_not_its():
    organ = describe("平潭综合实验区管委会")
    assert display_name(organ, "平潭综合实验区管委会") == "平潭综合实验区管委会"
    # a province the zone does not lie in, glued in front: the zone is not read as that province's
    assert describe("安徽省平潭综合实验区管委会").names()["province"] == "安徽省"


@pytest.mark.parametrize("written, shown, key", [
    # a short form and its full form are one organ, shown in full
    ("保山市卫生健康委", "保山市卫生健康委员会", "5305:卫生健康委员会"),
    ("保山市卫生健康委员会", "保山市卫生健康委员会", "5305:卫生健康委员会"),
    ("漳州市国资委", "漳州市国有资产监督管理委员会", "3506:国有资产监督管理委员会"),
    ("重庆市人防办", "重庆市人民防空办公室", "50:人民防空办公室"),
    # a name many organs hold officially is not expanded
    ("临泽县交通局", "张掖市临泽县交通局", "620723:交通局"),
])
def test_organ_short_forms_are_one_organ_with_the_full_name(written, shown, key):
    organ = describe(written)
    assert (display_name(organ, written), own_key(organ)) == (shown, key)


def test_namesake_townships_are_placed_at_the_chain_they_share_when_the_area_code_dials_inside_it():
    # two 牛街乡, in 巍山县 and 洱源县, both 大理白族自治州; 0872 is 大理's code
    organ = describe("牛街乡人民政府", "获取本报告联系方式:0872-6343096。")
    assert (organ.names(), organ.level, organ.place_unknown) == (
        _places(province="云南省", city="大理白族自治州", township="牛街乡"), "乡镇街道", True)
    # another city's code: nothing shared is placed
    assert describe("牛街乡人民政府", "联系电话:0871-6343096。").names() == _places(township="牛街乡")


@pytest.mark.parametrize("agency, context, level", [
    # a municipality's own 市 is of provincial rank
    ("市外办", "天津市人民政府外事办公室。地址：天津市", "省级"),
    ("市人民防空办", "重庆市人民防空办公室 重庆市", "省级"),
    # a province's text: its 市 is a city's
    ("市教育局", "湖北省教育厅转发。湖北省", "市级"),
])
def test_a_placeless_city_word_in_a_municipality_is_provincial(agency, context, level):
    assert describe(agency, context).level == level


def test_a_known_zone_written_alone_or_with_a_government_is_its_committee():
    # 平潭综合实验区 has no 人民政府: a name the text gives it so is its 管委会's
    assert [(describe(n).organ_type, describe(n).level) for n in ("平潭综合实验区", "平潭综合实验区人民政府")] == [
        ("开发区管委会", "市级"), ("开发区管委会", "市级")]


def test_pair_positions_finds_every_start_a_plain_scan_finds():
    from indexer.places.mentions import pair_positions, pair_table

    starts = {"临泽", "张掖", "泾县", "县城", "x"}  # "x": not two characters, never a start
    table = pair_table(starts)
    for text in ("", "临", "临泽县审计局在张掖市临泽县", "泾县城关\U0001F600临泽\ud800张掖", "abc临泽临泽", "县城县城"):
        assert pair_positions(text, table) == [i for i in range(len(text) - 1) if text[i:i + 2] in starts]
    assert pair_positions("临泽", pair_table(set())) == []


def test_remembered_answers_are_handed_out_as_copies():
    from indexer.places.locate import places_in_name

    readings, rest = places_in_name("临泽县审计局")
    assert ([[d.name for d in r] for r in readings], rest) == ([["临泽县"]], "审计局")  # as written
    readings[0].clear()
    assert [[d.name for d in r] for r in places_in_name("临泽县审计局")[0]] == [["临泽县"]]
    chain = divisions().chain("310113007")
    chain.clear()
    assert [d.name for d in divisions().chain("310113007")] == ["上海市", "宝山区", "吴淞街道"]
    organ = describe("临泽县审计局")
    organ.chain.clear()
    organ.level = "changed"
    again = describe("临泽县审计局")
    assert ([d.name for d in again.chain], again.level) == (["甘肃省", "张掖市", "临泽县"], "县级")


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(st.sampled_from(list("临泽张掖泾县城\uffff\U00010000\U0001F600\ud800a")) | st.characters(), max_size=60),
       st.sets(st.text(st.sampled_from(list("临泽张掖泾县城\uffffa\U00010000")), min_size=1, max_size=3), max_size=8))
def test_pair_positions_is_the_plain_scan_on_any_text(text, starts):
    # the flat lookup (every code point below U+10000 one place, the rest one
    # more) against the plain scan, with pairs beyond the BMP too (the full tables)
    from indexer.places.mentions import pair_positions, pair_table

    wanted = {s for s in starts if len(s) == 2}
    assert pair_positions(text, pair_table(starts)) == [i for i in range(len(text) - 1) if text[i:i + 2] in wanted]


def test_a_described_name_is_handed_out_as_a_copy_of_its_own():
    import dataclasses

    from indexer.places.organs import OrganPlace, describe

    known = describe("福建省安仁乡人民政府")
    known.township_written, known.national, known.rest = "安仁乡", True, "人民政府"
    for organ in (known, OrganPlace(), describe("四川省人民政府")):
        copy = organ.copy()
        assert copy == dataclasses.replace(organ, chain=list(organ.chain), candidates=list(organ.candidates))
        assert copy.chain is not organ.chain and copy.candidates is not organ.candidates
    # every field is carried over: a field added later must be added to copy() too
    assert len(dataclasses.fields(OrganPlace)) == 8
    again = describe("四川省人民政府")
    again.chain.append(None)
    assert None not in describe("四川省人民政府").chain
