"""`/copies`, `/copies/<id>` and the report page's copy flags (app.copies)."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("workbench_fixtures")
from bs4 import BeautifulSoup  # noqa: E402

from workbench_fixtures import FROM_LAST_YEAR, FROM_TWO_YEARS_BACK, SHARED_PARAGRAPH  # noqa: E402

pytest_plugins = ["workbench_fixtures"]


def _soup(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return BeautifulSoup(response.data, "html.parser")


def test_report_page_flags_only_the_statement_of_the_preceding_report(workbench_client, workbench_dirs):
    from indexer.copystore import CopyStore

    with CopyStore(workbench_dirs["index"]) as store:
        expected = f"{store.report('shili-caizhengju-2023')['share'] * 100:.0f}% 的段落文字"
    page = _soup(workbench_client, "/reports/shili-caizhengju-2023")
    flagged = {li.p.get_text(strip=True): [f.get_text(strip=True) for f in li.select(".flag")] for li in page.select("ol.problems > li")}
    assert flagged == {FROM_LAST_YEAR.rstrip("。"): ["沿用上年表述"], FROM_TWO_YEARS_BACK.rstrip("。"): [],
                       "网站无障碍改造进度较慢，适老化服务功能不足": []}
    share = page.select_one(".repeated-share")
    assert share.get_text().startswith(expected)
    assert share.a["href"] == "/reports/shili-caizhengju-2022"
    assert page.select_one("a.agency-page")["href"].startswith("/agencies/")


def test_copies_lists_clusters_by_kind_and_filters(workbench_client):
    page = _soup(workbench_client, "/copies?unit=paragraph")
    assert page.select_one(".copies-total").get_text() == "1"
    link = page.select_one("a.cluster-link")
    assert link.get_text() == SHARED_PARAGRAPH
    assert _soup(workbench_client, "/copies").select_one(".copies-total").get_text() == "0"
    assert _soup(workbench_client, "/copies?unit=paragraph&year=2021").select_one(".copies-total").get_text() == "0"
    assert _soup(workbench_client, "/copies?unit=paragraph&exclude_year=2021").select_one(".copies-total").get_text() == "1"
    assert workbench_client.get("/copies?unit=other").status_code == 400
    cluster = _soup(workbench_client, link["href"])
    assert cluster.select_one("blockquote").get_text() == SHARED_PARAGRAPH
    assert [[td.get_text(strip=True) for td in tr.select("td")][:2] for tr in cluster.select("table.members tbody tr")] == [
        ["2022", "示例县甲镇人民政府"], ["2022", "示例县乙镇人民政府"]]
    api = workbench_client.get("/api" + link["href"]).get_json()
    assert (api["size"], api["organs"], [m["report_id"] for m in api["members"]]) == (2, 2, ["jia-zhen-2022", "yi-zhen-2022"])
    assert workbench_client.get("/copies/para-nope").status_code == 404
    assert workbench_client.get("/copies/../etc").status_code == 404
