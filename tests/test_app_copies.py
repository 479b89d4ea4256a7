"""`/copies`, `/copies/<id>` and the report page's copy flags (app.copies)."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("workbench_fixtures")
from urllib.parse import parse_qs, quote, urlencode, urlsplit  # noqa: E402


from workbench_fixtures import page as _soup, FROM_LAST_YEAR, FROM_TWO_YEARS_BACK, SHARED_PARAGRAPH  # noqa: E402

pytest_plugins = ["workbench_fixtures"]


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


@pytest.mark.parametrize("q, total", [
    ("政务新媒体", 1),  # in the shared paragraph
    ("政務新媒體", 1),  # traditional characters, folded as search folds them
    ('"信息发布审查机制"', 1),
    ("门户网站 AND 知情权", 1),
    ("门户网站 AND 适老化", 0),
    ("政务新媒体 NOT 知情权", 0),
    ("适老化 OR 监督权", 1),
    ("适老化", 0),  # a statement of one organ only: no cluster holds it
])
def test_copies_follow_the_search_text(workbench_client, q, total):
    page = _soup(workbench_client, "/copies?" + urlencode({"unit": "paragraph", "q": q}))
    assert page.select_one(".copies-total").get_text() == str(total)
    box = page.select_one("form.searchbox")
    assert box["action"] == "/copies"
    assert box.select_one("input[name=q]")["value"] == q
    assert {i["name"]: i["value"] for i in box.select("input[type=hidden]")} == {"unit": "paragraph", "order": "size"}
    # the kind and order links keep the search text
    assert all(parse_qs(urlsplit(a["href"]).query).get("q") == [q] for a in page.select("nav.toc a"))


def test_copies_search_text_with_filters_and_a_bad_query(workbench_client):
    assert _soup(workbench_client, "/copies?unit=paragraph&q=政务新媒体&year=2021").select_one(".copies-total").get_text() == "0"
    assert _soup(workbench_client, "/copies?unit=paragraph&q=政务新媒体&year=2022").select_one(".copies-total").get_text() == "1"
    page = _soup(workbench_client, "/copies?unit=paragraph&q=" + quote('"未闭合'), status=400)
    assert "引号" in page.get_text()
