"""The trends page and the SVG chart helpers."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from app import charts
from app.trends import application_series, category_shares, check_series, copied_series, rate_series

pytest_plugins = ["app_fixtures"]
SVG = "{http://www.w3.org/2000/svg}"


def test_trends_page_has_its_charts_over_all_reports(client, archive):
    reports = archive.reports()
    soup = BeautifulSoup(client.get("/trends").data, "html.parser")
    assert [s["id"] for s in soup.select("section.chart-block")] == [
        "categories", "received", "disclosed", "corrections", "copied", "outcomes", "checks"]
    for block in soup.select("section.chart-block"):  # every bar (heatmap column) carries its n
        assert "n=" in block.select_one("svg").get_text()
    assert int(soup.select_one("p.muted strong").text) == len(reports)
    years = sorted({str(r.report.year) for r in reports if r.report.year})
    for block in soup.select("section.chart-block"):
        assert [th.text for th in block.select("details thead th")][1:] == years
        ET.fromstring(str(block.select_one("svg")))  # well-formed SVG


def test_trends_follow_the_current_filters(client, archive):
    reports = archive.reports(query="公开", filters={"year": ["2020", "2023"]})
    assert len(reports) < len(archive.reports(query="公开"))
    soup = BeautifulSoup(client.get("/trends?q=公开&year=2020&year=2023").data, "html.parser")
    assert int(soup.select_one("p.muted strong").text) == len(reports) > 0
    assert [th.text for th in soup.select("#checks details thead th")][1:] == ["2020", "2023"]
    failed_2020 = sum(bool(r.report.failed_checks) for r in reports if r.report.year == 2020)
    assert soup.select("#checks details tbody tr")[0].select("td")[0].text == str(failed_2020)
    assert [c.text.replace("×", "").strip() for c in soup.select(".chips a.chip")] == ["年度2020", "年度2023"]
    assert soup.select_one("form.searchbox input[name=q]")["value"] == "公开"
    empty = BeautifulSoup(client.get("/trends?q=量子纠缠超导体").data, "html.parser")
    assert "没有可作图的报告" in empty.select_one(".empty").text


def test_trends_series_are_computed_from_the_reports(archive):
    reports = [r for r in archive.reports() if r.report.year]
    years = sorted({r.report.year for r in reports})
    in_2020 = [r for r in reports if r.report.year == 2020]
    shares = {cid: values for cid, _, values in category_shares(reports, years)}
    some = next(iter(shares))
    # the denominator is the year's reports with a problems part, not all its reports
    part = {y: [r for r in reports if r.report.year == y and (r.report.problems or r.report.section(5))] for y in years}
    for y in years:
        expected = sum(some in r.categories for r in part[y]) / len(part[y]) if part[y] else None
        assert shares[some][years.index(y)] == expected
    received, outcomes, with_table = application_series(reports, years)
    tabled = [r for r in in_2020 if "applications" in r.report.tables]
    assert received[years.index(2020)] == sum(r.report.tables["applications"]["rows"]["received"]["total"] for r in tabled)
    assert with_table[years.index(2020)] == len(tabled)
    assert received[years.index(2010)] is None  # no 表三 that year: no bar, not a zero
    failed = dict(check_series(reports, years))["有核对失败"]
    assert failed[years.index(2020)] == sum(bool(r.report.failed_checks) for r in in_2020)


def test_chart_labels_are_escaped():
    svg = charts.bar_chart("<script>x</script>", ['"><b>年</b>', "2021"], [3, None])
    root = ET.fromstring(str(svg))
    assert root.find(f"{SVG}title").text == "<script>x</script>"
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert '"><b>年</b>' in labels and "无数据" in labels
    assert "<b>" not in str(svg) and "<script>" not in str(svg)


def test_chart_axes_and_stacks():
    svg = ET.fromstring(str(charts.stacked_chart("t", ["2020", "2021"], [("a", [1, 0]), ("b", [3, 0])], percent=True)))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [r.find(f"{SVG}title").text for r in bars] == ["2020 a：1（25%）", "2020 b：3（75%）", "2021 a：0（0%）", "2021 b：0（0%）"]
    assert charts._axis(3214) == (4000, 1000)
    assert charts._axis(3) == (3, 1)
    assert charts._axis(0) == (1.0, 1.0)
    heat = ET.fromstring(str(charts.heatmap("h", ["公开及时性"], ["2020", "2021"], [[0.5, None]])))
    assert [t.text for t in heat.iter(f"{SVG}text")] == ["2020", "2021", "公开及时性", "50%"]


def test_malformed_trends_query_is_400_with_the_query_kept(client):
    response = client.get('/trends?q="主动公开')
    assert response.status_code == 400
    soup = BeautifulSoup(response.data, "html.parser")
    assert "无法按这个条件作图" in soup.select_one(".alert-error").text
    assert soup.select_one("form.searchbox input[name=q]")["value"] == '"主动公开'


def test_rates_and_copied_shares_by_year(archive):
    reports = [r for r in archive.reports() if r.report.year]
    years = sorted({r.report.year for r in reports})
    disclosed, disclosed_n, corrected, corrected_n = rate_series(reports, years)
    songbei = next(r for r in reports if r.id == "songbei-qu-2020")
    tabled_2020 = [r for r in reports if r.report.year == 2020 and "applications" in r.report.tables]
    rows = [r.report.tables["applications"]["rows"] for r in tabled_2020]
    assert disclosed[years.index(2020)] == sum(x["disclosed"]["total"] for x in rows) / sum(x["result_total"]["total"] for x in rows)
    assert disclosed_n[years.index(2020)] == sum(1 for x in rows if x["result_total"]["total"])  # reports with results
    assert disclosed[years.index(2010)] is None
    assert songbei.report.tables["reviews"]["review"]["corrected"] == 4 and corrected_n[years.index(2020)] >= 1
    shares, n = copied_series(reports, years, {"songbei-qu-2020"})
    with_part = [r for r in reports if r.report.year == 2020 and (r.report.problems or r.report.section(5))]
    assert (shares[years.index(2020)], n[years.index(2020)]) == (1 / len(with_part), len(with_part))


def test_category_share_counts_only_reports_with_a_problems_part(app):
    from indexer.model import ProblemStatement, Report
    from indexer.search.archive import StoredReport

    def stored(rid, problems, categories):
        return StoredReport(rid, Report(year=2025, problems=[ProblemStatement(p, i) for i, p in enumerate(problems, 1)]),
                            f"{rid}.txt", "", categories=categories)

    reports = [stored("a", ["解读不够"], ["interpretation"]), stored("b", ["解读形式单一"], ["interpretation"])]
    reports += [stored(f"x{i}", [], []) for i in range(48)]  # no 存在的主要问题 part: no say about problems
    with app.app_context():
        assert [(cid, values) for cid, _, values in category_shares(reports, [2025])] == [("interpretation", [1.0])]
        assert copied_series(reports, [2025], {"a"}) == ([0.5], [2])


def test_api_trends_gives_the_figures_behind_the_charts(client, archive):
    body = client.get("/api/trends").get_json()
    reports = archive.reports()
    dated = [r for r in reports if r.report.year]
    assert body["total"] == len(reports) and body["undated"] == len(reports) - len(dated)
    assert body["years"] == sorted({r.report.year for r in dated})
    assert sum(body["reports_per_year"]) == len(dated)
    for series in body["checks"]:
        assert len(series["reports"]) == len(body["years"])
    assert [sum(x) for x in zip(*(s["reports"] for s in body["checks"]))] == body["reports_per_year"]
    ranged = client.get("/api/trends?year_from=2020&year_to=2023").get_json()
    assert ranged["years"] == [y for y in body["years"] if 2020 <= y <= 2023]
    page = client.get("/trends?year_from=2020&year_to=2023").data.decode()
    assert f"<strong>{ranged['total']}</strong> 份报告" in page
    bad = client.get("/api/trends?year_from=2023&year_to=2020")
    assert bad.status_code == 400 and "晚于" in bad.get_json()["message"]


def test_every_data_table_of_sums_says_over_how_many_reports_and_in_what_unit(client):
    soup = BeautifulSoup(client.get("/trends").data, "html.parser")
    figures = client.get("/api/trends").get_json()
    with_table = [str(n) for n in figures["reports_with_applications_table"]]
    assert sum(map(int, with_table)) > 0
    for chart in ("received", "outcomes"):
        rows = {tr.th.text: [td.text for td in tr.select("td")] for tr in soup.select(f"#{chart} details tbody tr")}
        assert rows["n（含表三的报告）"] == with_table
    outcome_rows = [tr.th.text for tr in soup.select("#outcomes details tbody tr")]
    assert outcome_rows == [f"{o['name']}（件）" for o in figures["outcomes"]] + ["n（含表三的报告）"]
    check_rows = [tr.th.text for tr in soup.select("#checks details tbody tr")]
    assert check_rows == [f"{c['name']}（份）" for c in figures["checks"]]


def test_api_trends_gives_every_chart_with_its_n(client):
    soup = BeautifulSoup(client.get("/trends").data, "html.parser")
    body = client.get("/api/trends").get_json()

    def table(chart):
        return [[td.text for td in tr.select("td")] for tr in soup.select(f"#{chart} details tbody tr")]

    def pct(values):
        return ["—" if v is None else f"{v * 100:.0f}%" for v in values]

    assert table("disclosed") == [pct(body["disclosed_share"]), [str(n) for n in body["disclosed_n"]]]
    assert table("corrections") == [pct(body["corrected_share"]), [str(n) for n in body["corrected_n"]]]
    assert table("copied") == [pct(body["copied_share"]), [str(n) for n in body["reports_with_problems_part"]]]
    assert table("categories")[0] == [str(n) for n in body["reports_with_problems_part"]]
    assert sum(body["disclosed_n"]) > 0 and sum(body["reports_with_problems_part"]) > 0


def test_a_bad_parameter_keeps_the_other_conditions_and_offers_the_charts_without_it(client):
    from urllib.parse import parse_qs, urlsplit

    response = client.get("/trends?q=%E5%85%AC%E5%BC%80&year=abcd&level=%E5%8E%BF%E7%BA%A7")
    assert response.status_code == 400
    soup = BeautifulSoup(response.data, "html.parser")
    retry = soup.select_one(".alert-error a.retry")
    assert retry.get_text() == "去掉出错的条件（年度）再作图"
    assert urlsplit(retry["href"]).path == "/trends"
    assert parse_qs(urlsplit(retry["href"]).query) == {"q": ["公开"], "level": ["县级"]}
    assert [c.get_text().replace("×", "").strip() for c in soup.select(".chips a.chip")] == ["层级县级"]
    assert client.get(retry["href"]).status_code == 200
