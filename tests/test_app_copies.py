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


def test_a_statement_held_in_a_longer_one_shows_which_holds_which(tmp_path):
    """The report page and the cluster page say which statement holds the other
    (a short statement of one organ copied into a longer one of another)."""
    from app import create_app
    from indexer.build import build_index

    short = "未运用动画、音频、视频、H5等形式开展解读"
    long_ = ("政策文件解读形式单一，缺乏多样性。政策解读的形式还不够丰富，未运用动画、音频、视频、H5等形式开展解读，"
             "解读材料的质量还不够高，缺少多个角度多种形式的解读")
    layout = ("{year}年平潭综合实验区{organ}政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻落实《条例》。\n"
              "五、存在的主要问题及改进情况\n一是{problem}。\n六、其他需要报告的事项\n无。\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, organ, year, problem in (("shenpi-2022", "行政审批局", 2022, short), ("shijian-2023", "市场监督管理局", 2023, long_)):
        (corpus / f"{name}.txt").write_text(layout.format(year=year, organ=organ, problem=problem), encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    client = create_app({"TESTING": True, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(tmp_path / "index")}).test_client()
    flags = {rid: [f.get_text(strip=True) for f in _soup(client, f"/reports/{rid}").select("ol.problems .flag")]
             for rid in ("shenpi-2022", "shijian-2023")}
    assert flags == {"shenpi-2022": ["与1个机关雷同"], "shijian-2023": ["整段包含1个机关的陈述"]}
    link = _soup(client, "/copies").select_one("a.cluster-link")
    cluster = _soup(client, link["href"])
    assert cluster.select_one("blockquote").get_text() == short
    assert [(tr.select("td")[1].get_text(strip=True), [f.get_text() for f in tr.select(".flag-holds")])
            for tr in cluster.select("table.members tbody tr")] == [
        ("平潭综合实验区行政审批局", []), ("平潭综合实验区市场监督管理局", ["整段包含上述文字，另有增补"])]


def test_removing_a_condition_keeps_the_unit_and_the_order(workbench_client):
    page = _soup(workbench_client, "/copies?unit=paragraph&order=organs&year=2022&q=%E6%94%BF%E5%8A%A1%E6%96%B0%E5%AA%92%E4%BD%93")
    chip = page.select_one(".chips a.chip")
    assert parse_qs(urlsplit(chip["href"]).query) == {"q": ["政务新媒体"], "unit": ["paragraph"], "order": ["organs"]}
    after = _soup(workbench_client, chip["href"])
    assert [s.get_text() for s in after.select("nav.toc strong")] == ["报告段落", "按机关数"]
    assert after.select_one(".copies-total").get_text() == "1"


def test_no_cluster_found_offers_every_cluster_and_the_search(workbench_client):
    page = _soup(workbench_client, "/copies?unit=paragraph&order=organs&q=%E9%80%82%E8%80%81%E5%8C%96")
    assert page.select_one(".copies-total").get_text() == "0"
    empty = page.select_one(".empty")
    everything = empty.select_one("a.copies-all")["href"]
    assert parse_qs(urlsplit(everything).query) == {"unit": ["paragraph"], "order": ["organs"]}
    assert _soup(workbench_client, everything).select_one(".copies-total").get_text() == "1"
    search = empty.select_one("a.search-text")["href"]
    assert parse_qs(urlsplit(search).query) == {"q": ["适老化"]}
    assert workbench_client.get("/api/search?" + urlsplit(search).query).get_json()["total"] > 0


def test_repeated_share_names_the_year_it_is_measured_against(workbench_client):
    share = _soup(workbench_client, "/reports/shili-caizhengju-2023").select_one(".repeated-share")
    assert share.a.get_text() == "上一份报告（2022 年）"
    assert share.a["href"] == "/reports/shili-caizhengju-2022"


def test_copies_page_explains_its_method_in_chinese(workbench_client):
    import re

    note = _soup(workbench_client, "/copies").select_one("p.muted").get_text()
    assert "几乎相同" in note and not re.search(r"[A-Za-z]{3,}", note)
