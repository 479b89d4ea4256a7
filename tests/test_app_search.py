"""The search page `/`, `/api/search` and the CSV/JSON export, against a real index."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from app import create_app

pytest_plugins = ["app_fixtures"]

HIT_KEYS = {"id", "kind", "report_id", "agency", "agency_id", "year", "region", "level", "organ_type", "categories",
            "section", "section_title", "snippet", "score", "match", "url"}


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    return BeautifulSoup(response.data, "html.parser")


def total(soup) -> int:
    return int(soup.select_one(".total strong").text)


def facet_values(soup, name) -> dict[str, dict]:
    out = {}
    for li in soup.select(f"section.facet[data-facet={name}] li"):
        out[li.select_one(".facet-label").text] = {
            "count": int(li.select_one(".count").text),
            "toggle": li.select_one("a.facet-toggle")["href"],
            "exclude": li.select_one("a.facet-exclude")["href"],
            "selected": "selected" in li.get("class", []),
        }
    return out


def test_landing_page_has_query_box_examples_and_all_documents(client, archive_dirs):
    soup = page(client, "/")
    assert soup.select_one("form.searchbox input[name=q]")["value"] == ""
    assert [a.text for a in soup.select(".examples a")][0] == "依申请公开 答复 超期"
    api = client.get("/api/search").get_json()
    assert total(soup) == api["total"] > 0
    assert {s["data-facet"] for s in soup.select("section.facet[data-facet]")} == {"agency", "year", "category", "region", "level",
                                                                                 "organ_type", "format", "failed_check"}
    assert {s["data-control"] for s in soup.select("section.facet[data-control]")} == {"year-range", "section", "has-problems"}


def test_hits_have_badges_escaped_snippets_and_links_to_sections_and_problems(client):
    soup = page(client, "/?q=公开&per_page=100")
    hits = soup.select("li.hit")
    assert len(hits) == min(total(soup), 100)
    badges = {h.select_one(".badge").text for h in hits}
    assert badges <= {"报告", "章节", "存在问题"} and {"章节", "存在问题"} <= badges
    for h in hits:
        href = h.select_one("a.hit-title")["href"]
        kind = h.select_one(".badge").text
        if kind == "存在问题":
            assert href.startswith("/problems/") and "-p" in href
        elif kind == "章节":
            assert href.startswith("/reports/") and "#s" in href
        assert h.select_one(".snippet mark") is not None
        assert all(child.name in (None, "mark") for child in h.select_one(".snippet").children)


def test_facet_toggle_select_several_exclude_and_remove_chip(client):
    base = page(client, "/?q=公开")
    agencies = facet_values(base, "agency")
    (a, av), (b, bv) = list(agencies.items())[:2]

    one = page(client, av["toggle"])
    assert total(one) == av["count"]
    assert facet_values(one, "agency")[a]["selected"]
    chip = one.select_one(".chips a.chip")
    assert a in chip.text and "机关" in chip.text

    both = page(client, facet_values(one, "agency")[b]["toggle"])  # OR within a field
    assert total(both) == av["count"] + bv["count"]
    ids = parse_qs(urlsplit(facet_values(one, "agency")[b]["toggle"]).query)["agency"]
    assert len(ids) == 2 and all(":" in i for i in ids)  # organs' ids, shown by name

    removed = page(client, chip["href"])
    assert total(removed) == total(base)

    excluded = page(client, av["exclude"])
    assert total(excluded) == total(base) - av["count"]
    assert "chip-excluded" in excluded.select_one(".chips a.chip")["class"]


def test_filters_combine_across_fields_as_and(client):
    year = client.get("/api/search?q=公开&year=2020").get_json()
    both = client.get("/api/search?q=公开&year=2020&kind=problem").get_json()
    assert 0 < both["total"] < year["total"]
    assert {h["year"] for h in both["hits"]} == {2020} and {h["kind"] for h in both["hits"]} == {"problem"}


def test_sort_by_year_and_pagination(client):
    newest = client.get("/api/search?q=公开&sort=year&per_page=100").get_json()
    years = [h["year"] for h in newest["hits"] if h["year"]]
    assert years == sorted(years, reverse=True)
    oldest = client.get("/api/search?q=公开&sort=year_asc&per_page=100").get_json()
    assert [h["year"] for h in oldest["hits"] if h["year"]] == sorted(years)

    p1 = client.get("/api/search?q=公开&per_page=5").get_json()
    p2 = client.get("/api/search?q=公开&per_page=5&page=2").get_json()
    assert not {h["id"] for h in p1["hits"]} & {h["id"] for h in p2["hits"]}
    soup = page(client, "/?q=公开&per_page=5&page=2")
    assert soup.select_one(".pager .current").text == "2"
    assert "page=3" in soup.select_one(".pager a[rel=next]")["href"]


def test_facet_list_expands_without_js(client):
    short = page(client, "/")
    more = short.select_one("section.facet[data-facet=agency] a.facet-more")
    assert more is not None and "more=agency" in more["href"]
    full = page(client, more["href"])
    # ten organs, plus the 未识别 bucket that always stays in sight
    assert len(facet_values(full, "agency")) > len(facet_values(short, "agency")) == 11


def test_empty_result_offers_suggestions(client):
    soup = page(client, "/?q=量子纠缠超导体&year=2020")
    assert total(soup) == 0
    empty = soup.select_one(".empty")
    assert "没有找到匹配的结果" in empty.text
    assert empty.select_one("a")["href"] == "/?q=%E9%87%8F%E5%AD%90%E7%BA%A0%E7%BC%A0%E8%B6%85%E5%AF%BC%E4%BD%93"


def test_an_empty_tab_points_to_the_tab_that_has_hits_and_to_similar_statements(client):
    # 未发生行政复议和行政诉讼 is in sections 四 only: no statement holds it or its words
    soup = page(client, "/?q=未发生行政复议和行政诉讼&kind=problem")
    assert total(soup) == 0
    items = {li.text.split("：")[0]: li.select_one("a") for li in soup.select(".empty li")}
    everywhere = page(client, "/?q=未发生行政复议和行政诉讼")
    assert items[f"全部结果中有 {total(everywhere)} 条"]["href"] == "/?q=%E6%9C%AA%E5%8F%91%E7%94%9F%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E5%92%8C%E8%A1%8C%E6%94%BF%E8%AF%89%E8%AE%BC"
    assert total(everywhere) > 0
    offer = urlsplit(items["按意思查找相近的问题陈述"]["href"])
    assert offer.path == "/similar" and parse_qs(offer.query) == {"text": ["未发生行政复议和行政诉讼"]}
    # the all-kinds page is not empty, so it has no such list; it offers the similar search above the hits
    assert not everywhere.select(".empty") and everywhere.select_one(".similar-offer a")["href"] == items["按意思查找相近的问题陈述"]["href"]


def test_word_matches_are_marked_and_follow_a_divider_after_the_exact_hits(client):
    soup = page(client, "/?q=未发生行政复议和行政诉讼&per_page=50")
    body = client.get("/api/search?q=未发生行政复议和行政诉讼&per_page=50").get_json()
    matches = [h["match"] for h in body["hits"]]
    exact = matches.count("exact")
    assert exact == body["exact_total"] and 0 < exact < len(matches) and matches == ["exact"] * exact + ["words"] * (len(matches) - exact)
    rows = soup.select("ol.hits > li")
    dividers = [i for i, li in enumerate(rows) if "words-divider" in li.get("class", [])]
    assert dividers == [exact], dividers  # one divider, right after the exact hits
    assert f"含完整检索词的 {exact} 条在前" in rows[exact].text
    hits = soup.select("ol.hits > li.hit")
    assert [bool(li.select_one(".match-words")) for li in hits] == [m == "words" for m in matches]
    # a short query on the all-kinds tab is not offered the similar search; on the 问题 tab it is
    assert not page(client, "/?q=公开").select(".similar-offer")
    assert page(client, "/?q=公开&kind=problem").select_one(".similar-offer a")["href"] == "/similar?text=%E5%85%AC%E5%BC%80"


@pytest.mark.parametrize(
    "query",
    ["q=%22主动公开", "q=(", "q=AND", "q=" + "公" * 501, "per_page=101", "per_page=0", "page=abc",
     "page=101&per_page=100", "year=20x0", "sort=random", "kind=secret"],
)
def test_malformed_requests_are_400_with_a_message(client, query):
    api = client.get("/api/search?" + query)
    assert api.status_code == 400
    body = api.get_json()
    assert set(body) == {"error", "message", "status"} and body["status"] == 400 and body["message"]
    soup = page(client, "/?" + query, status=400)
    assert "无法执行这次检索" in soup.select_one(".alert-error").text


def test_unknown_parameters_are_ignored_and_query_text_cannot_switch_fields(client):
    plain = client.get("/api/search?q=公开").get_json()
    probing = client.get("/api/search?q=公开&content=x&id=y&filters=z&exclude_content=w&facet_limit=99999").get_json()
    assert probing["total"] == plain["total"] and probing["hits"] == plain["hits"]
    assert client.get("/api/search?q=year:2020").get_json()["total"] != client.get("/api/search?year=2020").get_json()["total"]
    assert client.get("/api/search?q=kind:problem").get_json()["total"] != client.get("/api/search?kind=problem").get_json()["total"]


def test_api_search_shape(client):
    body = client.get("/api/search?q=公开&agency=哈尔滨市松北区人民政府&per_page=3").get_json()
    assert set(body) == {"query", "filters", "exclude", "kind", "sort", "year_from", "year_to", "has_problems", "section",
                         "total", "exact_total", "kind_totals", "partial", "read_as", "page", "per_page", "hits", "facets", "facets_truncated", "facet_value_counts",
                         "has_problems_counts", "region_depths"}
    assert body["partial"] is False  # the embedded index is never partial (a Sphinx shard may be down: tests/scale)
    assert (body["query"], body["filters"], body["exclude"], body["page"], body["per_page"]) == ("公开", {"agency": ["哈尔滨市松北区人民政府"]}, {}, 1, 3)
    assert len(body["hits"]) == 3 and all(set(h) == HIT_KEYS for h in body["hits"])
    assert set(body["facets"]) == {"agency", "year", "category", "region", "level", "organ_type", "format", "failed_check"}
    # the agency facet counts organs: a filter by name selects the organ's id, labelled with its name
    selected = [v for v in body["facets"]["agency"] if v["selected"]]
    assert [(v["value"], v["label"], v["count"]) for v in selected] == [("230109:人民政府", "哈尔滨市松北区人民政府", body["total"])]


def test_missing_index_gives_build_instructions(tmp_path):
    app = create_app({"TESTING": True, "CORPUS_DIR": str(tmp_path), "INDEX_DIR": str(tmp_path / "no-index")})
    client = app.test_client()
    soup = page(client, "/", status=503)
    assert "索引尚未建立" in soup.h1.text and "python -m indexer build" in soup.text and "make run" in soup.text
    api = client.get("/api/search?q=公开")
    assert api.status_code == 503 and api.get_json()["status"] == 503
    assert not (tmp_path / "no-index").exists()  # a request never builds the index


def test_the_unknown_bucket_is_always_in_sight(client):
    # more organs than a facet shows at first, yet 未识别 is listed and finds the unnamed reports
    soup = page(client, "/?kind=report")
    agencies = facet_values(soup, "agency")
    assert "未识别" in agencies
    unknown = page(client, agencies["未识别"]["toggle"])
    assert total(unknown) == agencies["未识别"]["count"] > 0


# -- filters beyond facet values, counts by kind, facet value search ------------------------------


def api(client, url, status=200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return response.get_json()


def ids(client, url) -> set[str]:
    return {h["id"] for h in api(client, url + "&per_page=100")["hits"]}


def test_year_range_is_the_union_of_its_years(client):
    by_year = {v["value"]: v["count"] for v in api(client, "/api/search?q=公开")["facets"]["year"]}
    wanted = sum(c for y, c in by_year.items() if 2020 <= int(y) <= 2023)
    body = api(client, "/api/search?q=公开&year_from=2020&year_to=2023&per_page=100")
    assert body["total"] == wanted and (body["year_from"], body["year_to"]) == (2020, 2023)
    assert {h["year"] for h in body["hits"]} <= {2020, 2021, 2022, 2023}
    later = api(client, "/api/search?q=公开&year_from=2021")
    assert later["total"] == sum(c for y, c in by_year.items() if int(y) >= 2021)
    assert ids(client, "/api/search?q=公开&year_from=2020&year_to=2020") == ids(client, "/api/search?q=公开&year=2020")


@pytest.mark.parametrize("url,message", [
    ("/api/search?year_from=2023&year_to=2020", "起始年度 2023 晚于截止年度 2020"),
    ("/api/search?year_from=20", "起始年度必须是四位数字"),
    ("/api/search?failed_check=maybe", "勾稽核对只能是"),
    ("/api/search?format=1999", "报告格式只能是"),
    ("/api/search?has_problems=1", "has_problems 只能是 yes 或 no"),
    ("/api/search?section=7", "section 只能是 1 到 6"),
])
def test_bad_new_parameters_are_a_chinese_400(client, url, message):
    body = api(client, url, 400)
    assert message in body["message"] and body["status"] == 400
    page_400 = client.get(url.replace("/api/search", "/"))
    assert page_400.status_code == 400 and message in page_400.data.decode()


def test_failed_check_format_and_has_problems_filter(client, archive):
    reports = archive.reports()
    failing = {r.id for r in reports if r.report.failed_checks}
    assert failing and ids(client, "/api/search?kind=report&failed_check=yes") == failing
    assert ids(client, "/api/search?kind=report&failed_check=no") == {r.id for r in reports} - failing
    new_format = {r.id for r in reports if r.report.format == "2021"}
    assert ids(client, "/api/search?kind=report&format=2021") == new_format
    without = {r.id for r in reports if not r.problem_ids}
    assert without and ids(client, "/api/search?kind=report&has_problems=no") == without
    assert ids(client, "/api/search?has_problems=no&kind=problem") == set()
    soup = page(client, "/?failed_check=yes")
    assert [c.text.strip() for c in soup.select(".chips .chip")] == ["勾稽核对有核对未通过×"]


def test_has_problems_choices_show_the_totals_choosing_them_gives(client, archive):
    """The 问题陈述 control counts like a facet: each choice shows the total that choosing
    it gives (page and API alike), and keeps showing both while one is chosen."""
    reports = archive.reports()
    stating = sum(1 for r in reports if r.problem_ids)
    for url in ("/?kind=report", "/?kind=report&has_problems=no", "/?kind=report&has_problems=yes"):
        soup = page(client, url)
        shown = {li.select_one(".facet-label").text: int(li.select_one(".count").text)
                 for li in soup.select("section[data-control=has-problems] li")}
        assert shown == {"写明了存在的问题": stating, "未写明存在的问题": len(reports) - stating}
    body = client.get("/api/search?q=公开&kind=report&has_problems=yes").get_json()
    assert body["total"] == body["has_problems_counts"]["yes"]
    assert client.get("/api/search?q=公开&kind=report&has_problems=no").get_json()["total"] == body["has_problems_counts"]["no"]


def test_section_limits_the_search_to_one_part(client):
    everywhere = api(client, "/api/search?q=政策解读&kind=report&per_page=100")
    fifth = api(client, "/api/search?q=政策解读&kind=report&section=5&per_page=100")
    assert 0 < fifth["total"] < everywhere["total"] and fifth["section"] == 5
    assert {h["section"] for h in fifth["hits"]} == {5}
    soup = page(client, "/?q=公开&section=5")
    assert soup.select_one("select[name=section] option[selected]")["value"] == "5"


def test_counts_are_split_by_kind_and_match_the_hits(client):
    body = api(client, "/api/search?q=公开&per_page=100")
    split = body["kind_totals"]
    assert sum(split.values()) == body["total"] <= 100
    assert split == {k: sum(1 for h in body["hits"] if h["kind"] == k) for k in ("report", "section", "problem")}
    only_problems = api(client, "/api/search?q=公开&kind=problem")
    assert only_problems["total"] == split["problem"] and only_problems["kind_totals"] == split
    soup = page(client, "/?q=公开")
    assert [s.text for s in soup.select(".split b")] == [str(split[k]) for k in ("report", "section", "problem")]
    switch = {a["data-kind"]: int(a.select_one(".count").text) for a in soup.select("nav.kinds a")}
    assert switch == {"all": body["total"], "report": split["report"] + split["section"], "problem": split["problem"]}


def test_hits_carry_region_level_and_categories(client, archive):
    hit = next(h for h in api(client, "/api/search?q=政策解读&kind=problem&agency=哈尔滨市松北区人民政府")["hits"])
    problem = archive.problem(hit["id"])
    assert (hit["region"], hit["level"], hit["categories"]) == (["黑龙江省", "哈尔滨市", "松北区"], "县级", problem.categories)
    assert hit["categories"] and hit["organ_type"] == "人民政府" and hit["agency_id"].endswith(":人民政府")


def test_facet_value_search_covers_all_values(client, archive):
    whole = api(client, "/api/search?per_page=1")
    every = {v.value: v.label for v in archive.search("", facet_limit=1000).facets["agency"].values}
    shown = whole["facets"]["agency"]
    body = api(client, "/api/facets/agency?q=街道")
    assert {v["value"] for v in body["values"]} == {a for a, label in every.items() if "街道" in label or "街道" in a}
    assert all(v["label"] == every[v["value"]] for v in body["values"])
    assert body["value_count"] == len(body["values"]) and body["truncated"] is False
    assert all(v["toggle_url"].startswith("/?") for v in body["values"])
    few = client.application.test_client()
    one = api(few, "/api/facets/agency?q=&per_page=1")
    assert one["value_count"] == len(every) == whole["facet_value_counts"]["agency"] >= len(shown)
    within = api(client, "/api/facets/agency?q=街道&query=政策解读")
    assert {v["value"] for v in within["values"]} <= {v["value"] for v in body["values"]}
    named = api(client, "/api/facets/category?q=解读")  # labels are searched too
    assert [v["value"] for v in named["values"]] == ["interpretation"]
    assert api(client, "/api/facets/agency?q=" + "长" * 101, 400)["status"] == 400
    assert client.get("/api/facets/content_hash").status_code == 404


def test_truncated_facets_say_so_with_the_count(client, monkeypatch):
    import app.search as search_view

    monkeypatch.setattr(search_view.present, "FACET_ALL", 3)
    soup = page(client, "/?more=agency")
    note = soup.select_one("section.facet[data-facet=agency] .facet-note").text
    count = api(client, "/api/search")["facet_value_counts"]["agency"]
    assert f"共 {count} 个值" in note and "此处列出前" in note
    assert "filterable" in soup.select_one("section.facet[data-facet=agency] ul")["class"]


def test_field_prefix_in_the_query_gets_a_hint(client):
    soup = page(client, "/?q=year:2020 公开")
    hint = soup.select_one(".alert-warn")
    assert "year:2020" in hint.text
    fixed = parse_qs(urlsplit(hint.select_one("a")["href"]).query)
    assert fixed == {"q": ["公开"], "year": ["2020"]}
    assert page(client, "/?q=公开").select_one(".alert-warn") is None


def test_region_facet_offers_show_all_once(client):
    soup = page(client, "/?q=%E5%85%AC%E5%BC%80")
    region = soup.select_one("section.facet[data-facet=region]")
    assert [a.get_text() for a in region.select("a.facet-more")] == ["显示全部…"]
    expanded = page(client, region.select_one("a.facet-more")["href"])
    assert [a.get_text() for a in expanded.select("section.facet[data-facet=region] a.facet-more")] == ["收起"]


def test_a_search_of_word_matches_says_what_its_export_holds(client):
    from urllib.parse import quote

    q = quote("信息更新不及时，时效性差")
    body = client.get(f"/api/search?q={q}").get_json()
    assert body["total"] > body["exact_total"]  # the page lists best matches the export leaves out
    note = page(client, f"/?q={q}").select_one(".exports .export-note")
    assert note is not None
    assert note.strong.get_text() == str(body["exact_total"])
    assert f"{body['total'] - body['exact_total']} 条不在导出文件中" in note.get_text()
    assert client.get(f"/export.csv?q={q}").headers["X-Total-Count"] == str(body["exact_total"])
    exact = page(client, "/?q=%E5%85%AC%E5%BC%80")  # every hit exact: nothing to say
    assert exact.select_one(".exports .export-note") is None


def test_a_hit_of_an_unrecognised_organ_is_not_titled_by_its_id(client):
    body = client.get("/api/search?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A&kind=report&per_page=100").get_json()
    nameless = [h for h in body["hits"] if not h["agency"]]
    assert nameless
    soup = page(client, "/?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A&kind=report&per_page=100")
    titles = {a["href"]: a for a in soup.select("a.hit-title")}
    for hit in nameless:
        title = titles[hit["url"]]
        assert title.get_text(" ", strip=True).startswith("机关未识别")
        assert title.select_one(".report-id").get_text() == hit["report_id"]


def test_a_bad_parameter_offers_the_search_without_it(client):
    soup = page(client, "/?q=%E5%85%AC%E5%BC%80&year=abcd&level=%E5%8E%BF%E7%BA%A7", status=400)
    alert = soup.select_one(".alert-error")
    assert "年度必须是四位数字" in alert.get_text()
    assert "引号" not in alert.get_text()  # the advice fits the error
    retry = alert.select_one("a.retry")
    assert retry.get_text() == "去掉出错的条件（年度）再检索"
    assert parse_qs(urlsplit(retry["href"]).query) == {"q": ["公开"], "level": ["县级"]}  # the good filter is kept
    assert total(page(client, retry["href"])) > 0
    kept = {(i["name"], i["value"]) for i in soup.select("form.searchbox input[type=hidden]")}
    assert ("level", "县级") in kept  # correcting the text keeps the filter too
    two_bad = page(client, "/?q=%E5%85%AC%E5%BC%80&year=abcd&kind=nope", status=400).select_one(".alert-error a.retry")
    assert two_bad["href"] == "/?q=%E5%85%AC%E5%BC%80"  # no single parameter to blame: the text alone
    quote_error = page(client, "/?q=%22%E5%85%AC%E5%BC%80&level=%E5%8E%BF%E7%BA%A7", status=400)
    assert quote_error.select_one(".alert-error a.retry") is None  # the text is wrong: nothing to drop
    assert ("level", "县级") in {(i["name"], i["value"]) for i in quote_error.select("form.searchbox input[type=hidden]")}


@pytest.mark.parametrize("kind, says", [("", "报告、章节与问题陈述合计"), ("report", "报告数"), ("problem", "问题陈述条数")])
def test_facets_say_what_their_counts_count(client, kind, says):
    url = "/?q=%E5%85%AC%E5%BC%80" + (f"&kind={kind}" if kind else "")
    soup = page(client, url)
    assert says in soup.select_one("aside.facets .facet-unit").get_text()
    body = client.get("/api/search?q=%E5%85%AC%E5%BC%80" + (f"&kind={kind}" if kind else "")).get_json()
    counted = sum(v["count"] for v in body["facets"]["level"])  # a single-valued facet adds up to the hits
    kinds = body["kind_totals"]
    assert counted == {"": sum(kinds.values()), "report": kinds["report"] + kinds["section"], "problem": kinds["problem"]}[kind]


@pytest.mark.parametrize("q, says", [('"未闭合', "引号没有闭合"), ("(公开", "括号不配对"), ("公开 NOT NOT 解读", "NOT 不能连用"),
                                     ("公开 OR", "后面缺少检索词"), ("，。", "没有可以检索的字词")])
def test_a_malformed_query_is_explained_in_chinese_only(client, q, says):
    from urllib.parse import quote

    for url in (f"/?q={quote(q)}", f"/trends?q={quote(q)}"):
        alert = page(client, url, status=400).select_one(".alert-error").get_text()
        assert says in alert and not re.search(r"[A-Za-z]{3,}", alert.replace("NOT", "")), alert
    message = client.get(f"/api/search?q={quote(q)}").get_json()["message"]
    assert says in message and not re.search(r"[A-Za-z]{3,}", message.replace("NOT", "")), message


def test_a_search_without_hits_offers_its_feed_not_empty_exports(client):
    soup = page(client, "/?q=%E9%87%8F%E5%AD%90%E7%BA%A0%E7%BC%A0")
    assert total(soup) == 0
    exports = soup.select_one(".exports")
    assert [a["href"].split("?")[0] for a in exports.select("a")] == ["/feed.atom"]
    assert client.get(exports.a["href"]).status_code == 200
    assert page(client, "/?q=%E5%85%AC%E5%BC%80").select_one(".exports a[href^='/export.csv']")  # with hits: exports
