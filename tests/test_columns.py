"""indexer.columns: the government-site column a report was published in, and the organ it
ties a report without an organ of its own to (through `identity.resolve`)."""
from __future__ import annotations

from indexer import identity
from indexer.columns import column_of
from indexer.parser import parse_report


def test_a_column_is_the_site_and_its_folders_without_dates_or_the_documents_own_parameters():
    assert column_of("http://qionghai.hainan.gov.cn/zfxxgkzl/xz/yjz/gknb/202301/t20230120_3350373.html") == \
        "qionghai.hainan.gov.cn/zfxxgkzl/xz/yjz/gknb"
    assert column_of("http://www.dongyang.gov.cn/art/2018/1/18/art_1229326689_3485021.html") == "dongyang.gov.cn/art"
    assert column_of("http://xizang.gov.cn/zwgk/xxgk_424/xxgknb/2016nb/201902/t20190223_64814.html") == \
        "xizang.gov.cn/zwgk/xxgk_424/xxgknb"
    assert column_of("https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/bm/2011n/content/post_4437832.html") == \
        "gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/bm/content"
    # an organ's number in the folders or the query is its column
    assert column_of("http://www.bengbu.gov.cn/public/25461/45854211.html") == "bengbu.gov.cn/public/25461"
    assert column_of("http://www.tx.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=001008004005097&fbtime=2008") == \
        "tx.gov.cn/module/xxgk?area=001008004005097"
    assert column_of("http://gk.ziyang.gov.cn/year_details.aspx?dept=5&id=24305") == "gk.ziyang.gov.cn/?dept=5"
    # not a government site, or no URL: no column
    assert column_of("https://www.doc88.com/p-1.html") == column_of("") == column_of("ftp://a.gov.cn/x/y.html") == ""


def _report(agency: str, year: int, url: str, calls_itself: str = "我镇") -> identity.OrganRecord:
    text = (f"{agency}{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，{calls_itself}认真贯彻落实《条例》，"
            f"{calls_itself}领导高度重视。\n五、存在的主要问题及改进情况\n信息公开形式比较单一。\n")
    report = parse_report(text)
    report.source_url = url
    return identity.record_of(f"{agency or calls_itself}-{year}-{url[-6:]}", report)


SITE = "http://qionghai.hainan.gov.cn/zfxxgkzl"


def _ids(records) -> list[str]:
    resolved = identity.resolve(records)
    return [resolved[r.report_id].agency_id for r in records]


def _town(folder: str, year: int, name: str = "琼海市阳江镇人民政府", town: str = "yjz") -> identity.OrganRecord:
    return _report(name, year, f"{SITE}/{folder}/{town}/gknb/{year + 1}01/{town}{year}.html")


#: another town's column beside 阳江镇's (the folder names the town)
def _sibling(folder: str) -> identity.OrganRecord:
    return _town(folder, 2018, "琼海市大路镇人民政府", "dlz")


def test_an_unnamed_report_joins_the_one_organ_of_its_column():
    records = [_town("xz", 2019), _report("", 2020, f"{SITE}/xz/yjz/gknb/202101/a2.html"), _sibling("xz")]
    assert _ids(records) == ["469002105:人民政府", "469002105:人民政府", "469002110:人民政府"]
    assert identity.resolve(records)[records[1].report_id].agency == "琼海市阳江镇人民政府"


def test_no_tie_when_nothing_shows_the_column_is_one_organs():
    # no sibling column of another organ: a site may file every town in one column
    assert _ids([_town("a", 2019), _report("", 2020, f"{SITE}/a/yjz/gknb/202101/a2.html")])[1] == ""
    # the folder beside it holds several organs: a kind of organ (部门 / 街道), not one organ
    kinds = [_town("b", 2019), _report("", 2020, f"{SITE}/b/yjz/gknb/202101/b2.html"), _sibling("b"),
             _town("b", 2020, "琼海市会山镇人民政府", "dlz")]
    assert _ids(kinds)[1] == ""
    # the folder beside it holds another kind of organ: towns' and departments' sections, not organs
    section = [_town("g", 2019), _report("", 2020, f"{SITE}/g/yjz/gknb/202101/g2.html"),
               _report("琼海市财政局", 2019, f"{SITE}/g/czj/gknb/202001/g3.html", "我局")]
    assert _ids(section)[1] == ""
    # two towns in one column: a listing
    listing = [_report("琼海市会山镇人民政府", 2019, f"{SITE}/nb/202001/b1.html"),
               _report("琼海市塔洋镇人民政府", 2018, f"{SITE}/nb/201901/b2.html"),
               _report("", 2020, f"{SITE}/nb/202101/b3.html")]
    assert _ids(listing)[2] == ""
    # two reports of one year in the column: not one organ's
    same_year = [_town("c", 2020), _report("", 2020, f"{SITE}/c/yjz/gknb/202101/c2.html"), _sibling("c")]
    assert _ids(same_year)[1] == ""
    # no named report in the column: nothing shows whose it is
    nobody = [_report("", 2019, f"{SITE}/d/yjz/gknb/202001/d1.html"), _report("", 2020, f"{SITE}/d/yjz/gknb/202101/d2.html"),
              _sibling("d")]
    assert _ids(nobody)[:2] == ["", ""]
    # a bureau (我局) in a town's column
    bureau = [_town("e", 2019), _report("", 2020, f"{SITE}/e/yjz/gknb/202101/e2.html", calls_itself="我局"), _sibling("e")]
    assert _ids(bureau)[1] == ""
    # another site's column of the same path
    elsewhere = [_town("f", 2019), _report("", 2020, "http://other.gov.cn/zfxxgkzl/f/yjz/gknb/202101/f2.html"),
                 _sibling("f")]
    assert _ids(elsewhere)[1] == ""


def test_a_placeless_name_joins_its_columns_organ_with_the_same_own_words():
    column = "http://www.example.gov.cn/bm/sjj/ndbg"
    records = [_report("六安市舒城县审计局", 2021, f"{column}/202201/g1.html", "我局"),
               _report("审计局", 2022, f"{column}/202301/g2.html", "我局"),
               _report("六安市舒城县财政局", 2021, "http://www.example.gov.cn/bm/czj/ndbg/202201/g4.html", "我局")]
    assert _ids(records) == ["341523:审计局", "341523:审计局", "341523:财政局"]
    # another organ's words in the column: a listing of several, nothing is tied
    listing = records + [_report("统计局", 2020, f"{column}/202101/g3.html", "我局")]
    assert _ids(listing) == ["341523:审计局", "地点未知:审计局@example.gov.cn", "341523:财政局",
                             "地点未知:统计局@example.gov.cn"]


def test_a_record_without_a_column_is_stored_as_before():
    report = parse_report("审计局2020年政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻落实《条例》。\n")
    record = identity.record_of("x", report)
    assert "column" not in record.to_json() and "year" not in record.to_json()
    assert identity.OrganRecord.from_json(record.to_json()) == record
    report.source_url = "http://www.example.gov.cn/sjj/2021/a.html"
    published = identity.record_of("x", report)
    assert (published.column, published.year) == ("example.gov.cn/sjj", 2020)
    assert identity.OrganRecord.from_json(published.to_json()) == published
