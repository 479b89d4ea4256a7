"""The search page `/`, `/api/search` and the CSV/JSON export, against a real index."""
from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from app import create_app

pytest_plugins = ["app_fixtures"]

HIT_KEYS = {"id", "kind", "report_id", "agency", "year", "section", "section_title", "snippet", "score", "url", "match"}


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
    assert {s["data-facet"] for s in soup.select("section.facet")} == {"agency", "year", "category", "region", "level",
                                                                     "organ_type"}


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
    assert set(body) == {"query", "filters", "exclude", "kind", "sort", "total", "page", "per_page", "hits", "facets"}
    assert (body["query"], body["filters"], body["exclude"], body["page"], body["per_page"]) == ("公开", {"agency": ["哈尔滨市松北区人民政府"]}, {}, 1, 3)
    assert len(body["hits"]) == 3 and all(set(h) == HIT_KEYS for h in body["hits"])
    assert set(body["facets"]) == {"agency", "year", "category", "region", "level", "organ_type"}
    # the agency facet counts organs: a filter by name selects the organ's id, labelled with its name
    selected = [v for v in body["facets"]["agency"] if v["selected"]]
    assert [(v["value"], v["label"], v["count"]) for v in selected] == [("230109:人民政府", "哈尔滨市松北区人民政府", body["total"])]


def test_export_csv_and_json_follow_filters(client):
    api = client.get("/api/search?q=公开&year=2023&per_page=100").get_json()
    response = client.get("/export.csv?q=公开&year=2023")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [h["id"] for h in api["hits"]]
    assert {r["year"] for r in rows} == {"2023"}
    assert response.headers["X-Export-Truncated"] == "false"
    # absolute only with NIANBAO_PUBLIC_URL (tests/test_hosts_and_names.py); never from the Host header
    assert all(r["url"].startswith(("/reports/", "/problems/")) and "<mark>" not in r["snippet"] for r in rows)

    body = client.get("/export.json?q=公开&year=2023").get_json()
    assert (body["total"], body["exported"], body["truncated"]) == (api["total"], len(rows), False)
    assert [h["id"] for h in body["hits"]] == [r["id"] for r in rows]


def test_export_is_capped_and_says_so(archive_dirs):
    app = create_app({"TESTING": True, "CORPUS_DIR": str(archive_dirs["corpus"]), "INDEX_DIR": str(archive_dirs["index"]), "EXPORT_MAX_ROWS": 3})
    client = app.test_client()
    body = client.get("/export.json?q=公开").get_json()
    assert (body["exported"], body["cap"], body["truncated"]) == (3, 3, True) and body["total"] > 3
    response = client.get("/export.csv?q=公开")
    assert len(list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))) == 4
    assert response.headers["X-Export-Truncated"] == "true"
    assert "最多 3 条" in client.get("/?q=公开").data.decode()


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
