"""indexer.identity: one id per organ over the whole archive, as the build resolves it."""
from __future__ import annotations

from pathlib import Path

from indexer import identity
from indexer.build import build_index
from indexer.parser import parse_report
from indexer.search import Archive


def _report(agency: str, year: int, body: str = "本单位认真贯彻落实《条例》。") -> str:
    return f"""{agency}{year}年政府信息公开工作年度报告
一、总体情况
{body}
五、存在的主要问题及改进情况
信息公开形式比较单一。
{agency}
{year + 1}年1月20日
"""


def _record(report_id: str, text: str) -> identity.OrganRecord:
    return identity.record_of(report_id, parse_report(text))


def test_spellings_and_years_of_one_organ_share_an_id_and_a_name():
    records = [
        _record("wusong-2019", _report("吴淞街道", 2019)),
        _record("wusong-2021", _report("上海市宝山区吴淞街道办事处", 2021)),
        _record("haitang-2020", _report("海棠区", 2020)),
        _record("haitang-2021", _report("海棠区人民政府", 2021)),
    ]
    resolved = identity.resolve(records)
    assert resolved == {
        "wusong-2019": identity.Identity("310113007:街道办事处", "上海市宝山区吴淞街道办事处"),
        "wusong-2021": identity.Identity("310113007:街道办事处", "上海市宝山区吴淞街道办事处"),
        "haitang-2020": identity.Identity("460202:人民政府", "三亚市海棠区人民政府"),
        "haitang-2021": identity.Identity("460202:人民政府", "三亚市海棠区人民政府"),
    }


def test_same_short_name_in_two_provinces_stays_two_organs():
    fujian = _record("anren-2010", _report("安仁乡人民政府", 2010, "福建省三明市将乐县安仁乡认真贯彻《条例》。"))
    sichuan = _record("anren-2022", _report("安仁乡人民政府", 2022, "四川省达州市达川区安仁乡认真贯彻《条例》。"))
    resolved = identity.resolve([fujian, sichuan])
    assert (resolved["anren-2010"].agency_id, resolved["anren-2022"].agency_id) == ("350428204:人民政府", "511703203:人民政府")
    assert (resolved["anren-2010"].agency, resolved["anren-2022"].agency) == ("三明市将乐县安仁乡人民政府", "达州市达川区安仁乡人民政府")


def test_placeless_generic_names_are_never_merged_and_are_flagged():
    a = _record("a", _report("审计局", 2020))
    b = _record("b", _report("审计局", 2021))
    resolved = identity.resolve([a, b])
    assert resolved == {
        "a": identity.Identity("地点未知:审计局:a", "审计局", place_unknown=True),
        "b": identity.Identity("地点未知:审计局:b", "审计局", place_unknown=True),
    }


def test_a_report_without_an_organ_has_no_id():
    assert identity.resolve([identity.OrganRecord("x", "")]) == {"x": identity.Identity("", "")}


def _write(corpus: Path, name: str, text: str) -> None:
    corpus.mkdir(exist_ok=True)
    (corpus / name).write_text(text, encoding="utf-8")


def test_the_build_lets_a_later_report_complete_an_earlier_one(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    _write(corpus, "anren-2010.txt", _report("安仁乡人民政府", 2010))
    first = build_index(corpus, index, progress=False)
    assert first.identity == []
    alone = Archive(index).report("anren-2010").report
    assert (alone.agency_id, alone.place_unknown) == ("地点未知:安仁乡人民政府", True)

    # a later report of Sichuan's 安仁乡 writes its county: the earlier one joins it
    _write(corpus, "anren-2022.txt", _report("达川区安仁乡人民政府", 2022))
    second = build_index(corpus, index, progress=False)
    assert (second.added, second.identity) == (["anren-2022.txt"], ["anren-2010.txt"])
    archive = Archive(index)
    joined = archive.report("anren-2010").report
    assert (joined.agency, joined.agency_id, joined.agency_written, joined.place_unknown) == (
        "达州市达川区安仁乡人民政府", "511703203:人民政府", "安仁乡人民政府", False)
    assert [r.id for r in archive.agency_reports("511703203:人民政府")] == ["anren-2010", "anren-2022"]

    # Fujian's 安仁乡 arrives: the unplaced report can no longer tell, and says so
    _write(corpus, "anren-fujian-2012.txt", _report("将乐县安仁乡人民政府", 2012))
    third = build_index(corpus, index, progress=False)
    assert third.identity == ["anren-2010.txt"]
    archive = Archive(index)
    assert archive.report("anren-2010").report.agency_id == "地点未知:安仁乡人民政府"
    assert [r.id for r in archive.agency_reports("511703203:人民政府")] == ["anren-2022"]
    assert [r.id for r in archive.agency_reports("350428204:人民政府")] == ["anren-fujian-2012"]
    assert build_index(corpus, index, progress=False).identity == []  # settled: nothing more to do


def _on_site(report_id: str, agency: str, year: int, url: str) -> identity.OrganRecord:
    report = parse_report(_report(agency, year))
    report.source_url = url
    return identity.record_of(report_id, report)


def test_placeless_generic_names_are_one_organ_only_on_one_government_site():
    records = [
        _on_site("a-2020", "审计局", 2020, "http://www.example.gov.cn/xxgk/2021/a.html"),
        _on_site("a-2021", "审计局", 2021, "https://example.gov.cn/xxgk/2022/b.html"),
        _on_site("b-2021", "审计局", 2021, "http://www.other.gov.cn/2022/c.html"),
        # a document-sharing site holds everybody's reports: no tie
        _on_site("c-2020", "审计局", 2020, "https://www.doc88.com/p-1.html"),
        _on_site("c-2021", "审计局", 2021, "https://www.doc88.com/p-2.html"),
        # a city's portal carries several districts' reports: 区教育局 is not tied
        _on_site("d-2020", "区教育局", 2020, "http://www.example.gov.cn/d1.html"),
        _on_site("d-2021", "区教育局", 2021, "http://www.example.gov.cn/d2.html"),
    ]
    assert [r.site for r in records] == ["example.gov.cn"] * 2 + ["other.gov.cn", "", "", "example.gov.cn", "example.gov.cn"]
    ids = {rid: ident.agency_id for rid, ident in identity.resolve(records).items()}
    assert ids == {
        "a-2020": "地点未知:审计局@example.gov.cn",
        "a-2021": "地点未知:审计局@example.gov.cn",
        "b-2021": "地点未知:审计局@other.gov.cn",
        "c-2020": "地点未知:审计局:c-2020",
        "c-2021": "地点未知:审计局:c-2021",
        "d-2020": "地点未知:区教育局:d-2020",
        "d-2021": "地点未知:区教育局:d-2021",
    }
    assert all(ident.place_unknown for ident in identity.resolve(records).values())


def test_a_record_stored_before_the_site_field_still_reads():
    old = '{"report_id": "x", "written": "审计局", "key": "", "display": "", "own_words": "审计局", "candidates": []}'
    assert identity.OrganRecord.from_json(old) == identity.OrganRecord("x", "审计局", own_words="审计局")


def test_a_townships_reports_of_two_years_and_shapes_are_one_organ():
    """bench/dev5: 阿嘎如泰苏木 2022 (title split after the year) and 2025 (place on the title's first line)."""
    dev5 = Path(__file__).resolve().parent.parent / "bench" / "dev5"
    records = [_record(name, (dev5 / f"{name}.txt").read_text(encoding="utf-8"))
               for name in ("neimenggu-jiuyuan-agarutai-sumu-2022", "neimenggu-jiuyuan-agarutai-sumu-2025")]
    assert set(identity.resolve(records).values()) == {identity.Identity("150207202:人民政府", "包头市九原区阿嘎如泰苏木人民政府")}
