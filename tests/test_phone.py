"""indexer.places.phone: the division a text's landline area code serves."""
from indexer.places import describe
from indexer.places.phone import area_division


def test_the_area_code_written_most_tells_the_city():
    assert area_division("联系电话:0818-6559003").name == "达州市"
    assert area_division("电话:(0577)65123456;传真:0577-65123457;0571-87654321").name == "温州市"
    assert area_division("北京:010-12345678").name == "北京市"


def test_no_number_a_tie_or_a_shared_code_tells_nothing():
    assert area_division("索引号 11330723736009120E/2021-242240 2021-01-01") is None
    assert area_division("0577-65123456 0571-87654321") is None
    assert area_division("0898-66123456") is None  # 海口 and 三亚 share it


def test_namesakes_told_apart_by_the_area_code_only():
    assert describe("朝阳乡人民政府", "联系电话:0818-6559003").names() == {
        "province": "四川省", "city": "达州市", "county": "大竹县", "township": "朝阳乡"}
    assert describe("朝阳乡人民政府", "联系电话:0591-87654321").place_unknown is True
