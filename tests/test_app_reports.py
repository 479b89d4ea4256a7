"""Report pages, `/api/reports/<id>` and `/reports/<id>/original`, against a real index."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytest.register_assert_rewrite("app_fixtures")
from app_fixtures import HOSTILE_AGENCY, HOSTILE_ID, NEXT_YEAR_ID, soup_of

pytest_plugins = ["app_fixtures"]


def test_report_page_shows_metadata_sections_tables_checks_problems(client, archive):
    stored = archive.report("songbei-qu-2020")
    rep = stored.report
    soup = soup_of(client, "/reports/songbei-qu-2020")
    assert soup.h1.text == rep.title
    meta = dict(zip([d.text for d in soup.select("dl.meta dt")], [d.text.strip() for d in soup.select("dl.meta dd")]))
    assert (meta["机关"], meta["年度"], meta["层级"]) == (rep.agency, str(rep.year), rep.level)
    assert [s["id"] for s in soup.select("section.report-section")] == [f"s{s.number}" if s.number else f"x{i}" for i, s in enumerate(rep.sections, 1)]

    table3 = soup.select_one("#table-applications table")
    assert [th.text for th in table3.select("thead th")] == ["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    rows = {tr.th.text: [td.text for td in tr.select("td")] for tr in table3.select("tbody tr")}
    received = rep.tables["applications"]["rows"]["received"]
    assert rows["一、本年新收政府信息公开申请数量"][-1] == str(received["total"])
    assert soup.select_one("#table-reviews caption").text.startswith("表四")

    failed = [li.strong.text for li in soup.select("#checks .alert-error li")]
    assert failed == [c.message for c in rep.failed_checks] and failed
    assert soup.select("#table-applications td.bad")  # the failing cells are marked

    problems = soup.select("ol.problems > li")
    assert [li["id"] for li in problems] == stored.problem_ids
    assert [li.select_one("a.similar-link")["href"] for li in problems] == [f"/problems/{pid}" for pid in stored.problem_ids]
    assert all(li.select(".cat") for li in problems)
    assert [li.text for li in soup.select("ol.measures li")] == [m.text for m in rep.measures]


def test_report_page_links_to_sources(client, archive):
    soup = soup_of(client, "/reports/shuyang-fagaiju-2023")
    assert soup.select_one("a.source-view")["href"] == "/reports/shuyang-fagaiju-2023/original"
    assert soup.select_one("a.source-download")["href"] == "/reports/shuyang-fagaiju-2023/original?download=1"
    official = soup.select_one("a.official")
    assert official["href"] == archive.report("shuyang-fagaiju-2023").report.source_url
    assert set(official["rel"]) == {"noopener", "noreferrer", "nofollow"}
    unknown = soup_of(client, "/reports/songbei-qu-2020")
    assert unknown.select_one("a.official") is None and "未记录" in unknown.select_one(".sources").text


def test_other_years_of_the_same_agency_are_linked(client):
    soup = soup_of(client, f"/reports/{HOSTILE_ID}")
    assert [(a["href"], a.text) for a in soup.select(".other-years a")] == [(f"/reports/{NEXT_YEAR_ID}", "2022")]


def test_api_report_shape(client, archive):
    stored = archive.report("songbei-qu-2020")
    body = client.get("/api/reports/songbei-qu-2020").get_json()
    expected_keys = set(stored.report.to_dict()) - {"source"} | {"id", "file", "content_hash", "indexed_at", "categories", "problems", "original_url", "url", "other_years", "provenance"}
    assert set(body) == expected_keys
    assert body["provenance"] is None  # a bundled file, not fetched
    assert (body["id"], body["file"], body["original_url"], body["source_url"]) == ("songbei-qu-2020", "songbei-qu-2020.txt", "/reports/songbei-qu-2020/original", None)
    assert body["tables"] == stored.report.tables
    assert [(p["id"], p["text"]) for p in body["problems"]] == [(pid, archive.problem(pid).text) for pid in stored.problem_ids]
    assert [p["categories"] for p in body["problems"]] == [archive.problem(pid).categories for pid in stored.problem_ids]
    assert client.get("/api/reports/shuyang-fagaiju-2023").get_json()["source_url"].startswith("http://www.shuyang.gov.cn/")


@pytest.mark.parametrize("url", ["/reports/no-such-report", "/reports/SONGBEI-QU-2020", "/reports/songbei-qu-2020.txt", "/reports/" + "a" * 300])
def test_unknown_report_is_404(client, url):
    soup = soup_of(client, url, status=404)
    assert "未找到" in soup.h1.text


def test_unknown_report_api_is_json_404(client):
    response = client.get("/api/reports/no-such-report")
    assert response.status_code == 404
    assert response.get_json() == {"error": "未找到", "message": "没有编号为 no-such-report 的报告", "status": 404}
    page = soup_of(client, "/reports/no-such-report", status=404)
    assert page.select_one(".alert-error p").get_text() == "没有编号为 no-such-report 的报告"  # no Python quoting


@pytest.mark.parametrize(
    "report_id, view_type, download_type",
    [
        ("songbei-qu-2020", "text/plain; charset=utf-8", "text/plain; charset=utf-8"),
        ("jiamusi-gangwan-jiedao-2020", "text/plain; charset=utf-8", "text/markdown; charset=utf-8"),
        ("shuyang-fagaiju-2023", "text/plain; charset=utf-8", "text/html; charset=utf-8"),
        ("huaian-shi-2024", "application/pdf", "application/pdf"),
    ],
)
def test_original_file_is_served_with_a_safe_type(client, archive, archive_dirs, report_id, view_type, download_type):
    stored = archive.report(report_id)
    data = (archive_dirs["corpus"] / stored.file).read_bytes()
    view = client.get(f"/reports/{report_id}/original")
    if download_type.startswith("text/html"):  # a web page is shown as its text (test below)
        data = view.data
    assert (view.status_code, view.headers["Content-Type"], view.data) == (200, view_type, data)
    assert view.headers["Content-Disposition"].startswith("inline")
    assert view.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in view.headers["Content-Security-Policy"]
    download = client.get(f"/reports/{report_id}/original?download=1")
    assert (download.headers["Content-Type"], download.data) == (download_type, (archive_dirs["corpus"] / stored.file).read_bytes())
    # an ASCII name for every browser, the real one as RFC 5987 filename*
    assert download.headers["Content-Disposition"] == f"attachment; filename=\"{stored.file}\"; filename*=UTF-8''{stored.file}"


def test_hostile_report_is_escaped_everywhere(client):
    html = client.get(f"/reports/{HOSTILE_ID}").data.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("dl.meta dd a").text == HOSTILE_AGENCY
    assert "<script>alert(1)</script>" in soup.select_one("ol.problems li p").text
    assert [s.get("src") for s in soup.select("script")] == ["/static/facets.js"]
    assert not soup.select("img")


def test_attribute_breaking_source_url_stays_inside_its_attribute(client):
    soup = soup_of(client, f"/reports/{NEXT_YEAR_ID}")
    official = soup.select_one("a.official")
    assert official["href"] == 'https://example.org/a?b=1&c="><script>alert(1)</script>'
    assert [s.get("src") for s in soup.select("script")] == ["/static/facets.js"]
    body = client.get(f"/api/reports/{HOSTILE_ID}").get_json()
    assert (body["source_url"], body["agency"]) == (None, HOSTILE_AGENCY)


def test_html_original_is_shown_as_readable_text_and_downloads_as_it_is(client, archive, archive_dirs):
    stored = archive.report("shuyang-fagaiju-2023")
    raw = (archive_dirs["corpus"] / stored.file).read_bytes()
    assert b"<div" in raw or b"<p" in raw
    view = client.get("/reports/shuyang-fagaiju-2023/original")
    text = view.data.decode("utf-8")
    assert view.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "sandbox" in view.headers["Content-Security-Policy"]
    assert "<div" not in text and "<p>" not in text and "<script" not in text
    assert "沭阳县发展和改革局2023年政府信息公开年度报告" in text and "一、总体情况" in text
    assert "/reports/shuyang-fagaiju-2023/original?download=1" in text.splitlines()[0]
    assert client.get("/reports/shuyang-fagaiju-2023/original?download=1").data == raw


def test_parse_warnings_are_shown_in_chinese(client, archive):
    from app.labels import warning_text

    for r in archive.reports():
        soup = BeautifulSoup(client.get(f"/reports/{r.id}").data, "html.parser")
        shown = [li.text for li in soup.select("section.warnings li")]
        assert shown == [warning_text(w) for w in r.report.warnings]
        assert not any(s.startswith("其他提示") for s in shown), shown
        assert not any(re.search(r"[a-z]{4,}", s.replace("manifest.csv", "").replace(r.report.agency, "")) for s in shown), shown


def test_a_report_without_a_title_line_is_headed_by_its_organ_and_year(client, archive):
    untitled = [s for s in archive.reports() if not s.report.title]
    assert untitled
    for stored in untitled:
        rep = stored.report
        soup = soup_of(client, f"/reports/{stored.id}")
        organ = rep.agency or "（机关未识别）"
        year = f"{rep.year}年" if rep.year else ""
        assert soup.h1.text == f"{organ}{year}政府信息公开工作年度报告"
        assert soup.title.text.startswith(soup.h1.text)


def test_a_failed_check_links_to_the_table_it_names(client, archive):
    rep = archive.report("songbei-qu-2020").report
    soup = soup_of(client, "/reports/songbei-qu-2020")
    places = soup.select("#checks .failed-checks li a.check-place")
    assert len(places) == len(rep.failed_checks)
    tables = {"active": "表二", "applications": "表三", "reviews": "表四"}
    for link, check in zip(places, rep.failed_checks):
        assert link["href"] == f"#table-{check.table}"
        assert soup.select_one(link["href"]).caption.text.startswith(tables[check.table])


def test_report_format_is_named_as_the_facet_names_it_and_filters_by_it(client, archive):
    for report_id in ("songbei-qu-2020", "pingfang-xinjiang-jiedao-2023", "huadian-xinhua-jiedao-2012"):
        rep = archive.report(report_id).report
        cell = soup_of(client, f"/reports/{report_id}").select_one("dd.report-format")
        search = BeautifulSoup(client.get(cell.a["href"]).data, "html.parser")
        facet = {li.select_one(".facet-label").text: "selected" in li.get("class", [])
                 for li in search.select("section.facet[data-facet=format] li")}
        assert facet[cell.a.text] is True  # the link selects the value the page names
        assert cell.a["href"] == f"/?format={rep.format}"
