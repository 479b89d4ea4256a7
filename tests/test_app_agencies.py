"""The organ page and the year-over-year comparison (app.agencies)."""
from __future__ import annotations

from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

pytest.register_assert_rewrite("workbench_fixtures")

from workbench_fixtures import page as _soup, FROM_LAST_YEAR, FROM_TWO_YEARS_BACK, ORGAN, organ_id  # noqa: E402

pytest_plugins = ["workbench_fixtures"]


def test_organ_page_lists_every_year_with_its_numbers(workbench_client, workbench_dirs):
    organ = quote(organ_id(workbench_dirs["index"], "shili-caizhengju-2023"))
    page = _soup(workbench_client, f"/agencies/{organ}")
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in page.select("table.agency-years tbody tr")]
    assert [r[0] for r in rows] == ["2021", "2022", "2023"]
    assert [r[-1] for r in rows] == ["—", "与上一份比较", "与上一份比较"]
    assert rows[0][6] == "—"  # no preceding report
    assert len(page.select(".small-charts svg")) == 4
    songbei = _soup(workbench_client, f"/agencies/{quote(organ_id(workbench_dirs['index'], 'songbei-qu-2020'))}")
    cells = [c.get_text(strip=True) for c in songbei.select("table.agency-years tbody tr")[0].select("th, td")]
    # 表三 新收 141, 予以公开 92 of 141, 表四 复议 14, 诉讼 2 + 4, failed checks
    assert cells[:5] == ["2020", "141", "65%", "14", "6"] and cells[5] != "0"
    assert workbench_client.get("/agencies/nobody").status_code == 404


def test_compare_marks_added_and_removed_sentences_and_statements(workbench_client, workbench_dirs):
    organ = quote(organ_id(workbench_dirs["index"], "shili-caizhengju-2023"))
    page = _soup(workbench_client, f"/agencies/{organ}/compare?from=2022&to=2023")
    part1 = page.select("section.side-by-side")[0]
    assert [d.get_text() for d in part1.select("del")] == ["2022年，本局持续推进财政资金直达基层信息公开，新增公开栏目两个。"]
    assert [i.get_text() for i in part1.select("ins")] == ["2023年，本局推进政府采购意向公开，全年发布采购意向一百余条。"]
    columns = page.select(".problem-diff section")
    assert [li.get_text(strip=True) for li in columns[0].select("li")] == [FROM_LAST_YEAR.rstrip("。")]
    assert FROM_TWO_YEARS_BACK.rstrip("。") in [li.get_text(strip=True) for li in columns[1].select("li")]
    assert [li.get_text(strip=True) for li in columns[2].select("li")] == ["依申请公开办理流程不够规范，答复文书格式有待统一"]
    figure = page.select_one(".compare-figure strong").get_text()
    assert figure.endswith("%") and 0 < int(figure[:-1]) < 100
    # default: the latest report against its preceding one
    assert _soup(workbench_client, f"/agencies/{organ}/compare").h1.get_text().startswith(f"{ORGAN}：2023 年报告与 2022 年")
    assert workbench_client.get(f"/agencies/{organ}/compare?from=2019&to=2023").status_code == 404
    assert workbench_client.get(f"/agencies/{organ}/compare?to=20x3").status_code == 400


def test_compare_without_a_pair_names_the_years_and_the_ways_forward(workbench_client, workbench_dirs):
    organ = organ_id(workbench_dirs["index"], "shili-caizhengju-2023")
    page = _soup(workbench_client, f"/agencies/{quote(organ)}/compare?from=2019&to=2023", status=404)
    message = page.select_one(".alert-error").get_text(" ", strip=True)
    assert "该机关没有 2019 年的报告（有报告的年度：2021、2022、2023）" in message
    assert "None" not in message and "from=" not in message
    links = {a.get_text(strip=True): unquote(a["href"]) for a in page.select(".alert-error a")}
    assert links["该机关历年报告"] == f"/agencies/{organ}"
    assert links["比较 2021 与 2022 年"] == f"/agencies/{organ}/compare?from=2021&to=2022"
    assert links["比较 2022 与 2023 年"] == f"/agencies/{organ}/compare?from=2022&to=2023"
    for text, says in (("from=2023&to=2023", "不能把 2023 年报告与它自己比较"), ("to=2030", "该机关没有 2030 年的报告"),
                       ("to=2021", "该机关没有早于 2021 年的报告")):
        assert says in _soup(workbench_client, f"/agencies/{quote(organ)}/compare?{text}", status=404).select_one(".alert-error p").get_text()
    single = organ_id(workbench_dirs["index"], "songbei-qu-2020")
    lonely = _soup(workbench_client, f"/agencies/{quote(single)}/compare", status=404)
    assert "只有 2020 年一份报告" in lonely.select_one(".alert-error p").get_text()
    assert unquote(lonely.select_one(".alert-error a")["href"]) == f"/agencies/{single}"


def test_organ_page_links_its_failed_checks_and_searches_the_organ_by_id(workbench_client, workbench_dirs):
    organ = organ_id(workbench_dirs["index"], "songbei-qu-2020")
    page = _soup(workbench_client, f"/agencies/{quote(organ)}")
    failed = page.select_one("table.agency-years tbody tr a.flag")
    assert failed["href"] == "/reports/songbei-qu-2020#checks"
    assert page.select_one("div.table-wrap > table.agency-years")  # scrolls on its own on a phone
    search = page.select_one("a.agency-search")["href"]
    assert parse_qs(urlsplit(search).query) == {"agency": [organ]}
    found = workbench_client.get("/api/search?" + urlsplit(search).query).get_json()
    assert found["total"] > 0 and {h["report_id"] for h in found["hits"]} == {"songbei-qu-2020"}



def test_compare_of_two_reports_without_statements_says_so(tmp_path):
    from app import create_app
    from indexer.build import build_index

    layout = ("示例县审计局{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，本局认真贯彻落实《条例》，{work}。\n"
              "二、主动公开政府信息情况\n本年度主动公开政府信息{n}条。\n六、其他需要报告的事项\n无。\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for year, work, n in ((2021, "完善公开目录", 30), (2022, "推进审计结果公告公开", 42)):
        (corpus / f"shenji-{year}.txt").write_text(layout.format(year=year, work=work, n=n), encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    client = create_app({"TESTING": True, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(tmp_path / "index")}).test_client()
    organ = organ_id(tmp_path / "index", "shenji-2022")
    page = _soup(client, f"/agencies/{quote(organ)}/compare")
    assert page.select_one("h1").get_text().endswith("2022 年报告与 2021 年报告比较")
    assert "两份报告都没有识别出问题陈述" in page.select_one("p.no-problems").get_text()
    assert page.select(".problem-diff") == []
    assert page.select("section.side-by-side")  # the parts are still compared
