"""Exports (/export.csv, .jsonl, .json) and the Atom feed, against the real index:
every matching row, whole texts, the full column list, and bad input as a 400."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from app.exports import COLUMNS

pytest_plugins = ["app_fixtures"]


def csv_rows(response) -> list[dict]:
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")  # the BOM, for Excel
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_every_document_is_exported_without_a_cap(client, archive):
    stats = archive.stats()
    response = client.get("/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=nianbao-search.csv"
    rows = csv_rows(response)
    assert len(rows) == int(response.headers["X-Total-Count"]) == stats["documents"]
    assert list(rows[0]) == list(COLUMNS)
    assert sum(r["kind"] == "problem" for r in rows) == stats["problems"]
    lines = client.get("/export.jsonl").data.decode("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in rows]
    body = client.get("/export.json").get_json()
    assert body["total"] == len(body["hits"]) == len(rows)


def test_problem_rows_hold_the_whole_statement_and_its_organ(client, archive):
    from app.archive import category_names

    with client.application.app_context():
        names = category_names()
    problem = archive.problem("songbei-qu-2020-p6")
    assert len(problem.text) == 249
    rows = {r["id"]: r for r in csv_rows(client.get("/export.csv?kind=problem&agency=哈尔滨市松北区人民政府"))}
    row = rows["songbei-qu-2020-p6"]
    assert row == {
        "id": "songbei-qu-2020-p6", "kind": "problem", "report_id": "songbei-qu-2020", "agency_id": row["agency_id"],
        "agency": "哈尔滨市松北区人民政府", "province": "黑龙江省", "city": "哈尔滨市", "county": "松北区", "level": "县级",
        "organ_type": "人民政府", "year": "2020", "section": "5", "categories": ";".join(problem.categories), "text": problem.text,
        "snippet": row["snippet"], "source_url": "", "original_url": "/reports/songbei-qu-2020/original",
        "url": "/problems/songbei-qu-2020-p6", "category_names": ";".join(names[c] for c in problem.categories)}
    assert row["category_names"] and not re.search("[A-Za-z]", row["category_names"])  # the page's names, not ids
    assert set(rows) == set(archive.report("songbei-qu-2020").problem_ids)
    api = client.get("/api/search?kind=problem&agency=哈尔滨市松北区人民政府&per_page=1").get_json()["hits"][0]
    assert row["agency_id"] == api["agency_id"] and row["agency_id"].endswith(":人民政府")


def test_report_rows_hold_the_matched_section_or_the_whole_report(client, archive):
    from indexer.search.documents import section_texts

    report = archive.report("songbei-qu-2020").report
    parts = section_texts(report)
    whole = client.get("/export.jsonl?kind=report&agency=哈尔滨市松北区人民政府").data.decode().splitlines()
    row = json.loads(whole[0])
    assert (row["kind"], row["text"]) == ("report", "\n".join(parts.values()))
    matched = [json.loads(x) for x in client.get("/export.jsonl?q=政策解读&kind=report").data.decode().splitlines()]
    api = client.get("/api/search?q=政策解读&kind=report&per_page=100").get_json()
    assert [r["id"] for r in matched] == [h["id"] for h in api["hits"]]
    songbei = next(r for r in matched if r["id"] == "songbei-qu-2020")
    assert songbei["kind"] == "section" and songbei["text"] == parts[songbei["section"]]


def test_exports_follow_every_search_parameter(client):
    url = "q=公开&year_from=2020&year_to=2023&exclude_level=县级&sort=year_asc&failed_check=no"
    api = client.get(f"/api/search?{url}&per_page=100").get_json()
    assert 0 < api["total"] <= 100
    want = [h["id"] for h in api["hits"]]
    assert [r["id"] for r in csv_rows(client.get(f"/export.csv?{url}"))] == want
    assert [h["id"] for h in client.get(f"/export.json?{url}").get_json()["hits"]] == want
    body = client.get(f"/export.json?{url}").get_json()
    assert (body["year_from"], body["year_to"], body["exclude"]) == (2020, 2023, {"level": ["县级"]})


def test_hostile_text_stays_data(client):
    from app_fixtures import HOSTILE_ID

    rows = [r for r in csv_rows(client.get("/export.csv?q=恶意测试")) if r["report_id"] == HOSTILE_ID]
    assert rows and all(r["source_url"] == "" for r in rows)  # javascript: is not a link
    assert any("<script>alert(1)</script>" in r["text"] for r in rows)  # text as written; a CSV is not a page
    assert all(not r[c].startswith(("=", "+", "-", "@")) for r in rows for c in COLUMNS)


@pytest.mark.parametrize("url", ["/export.csv?year_from=2024&year_to=2020", "/export.jsonl?q=(公开",
                                 "/export.json?per_page=abc&year=20x", "/feed.atom?q=%22公开", "/feed.atom?kind=all"])
def test_bad_input_is_a_400_before_anything_is_sent(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "请求有误" in response.data.decode()


def test_the_feed_is_valid_atom_of_the_newest_matches(client):
    import feedparser

    response = client.get("/feed.atom?q=政策解读&region=江苏省")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and "政策解读" in feed.feed.title and "江苏省" in feed.feed.title
    api = client.get("/api/search?q=政策解读&region=江苏省&sort=year&per_page=50").get_json()
    # no PUBLIC_URL here: links stay paths, ids are tag URIs (never from the Host header)
    assert [e.id for e in feed.entries] == ["tag:nianbao.archive,2026:" + h["url"] for h in api["hits"]]
    assert [e.link for e in feed.entries] == [h["url"] for h in api["hits"]]
    years = [e.updated_parsed.tm_year for e in feed.entries]
    assert years == sorted(years, reverse=True) and len(years) > 1
    problem = next(e for e in feed.entries if "/problems/" in e.link)
    assert problem.title.startswith(problem.author) and "存在问题：" in problem.title
    assert {t.term for t in problem.tags}


def test_every_search_page_links_its_feed(client):
    from app_fixtures import soup_of

    soup = soup_of(client, "/?q=公开&year=2020")
    alternate = soup.select_one("link[rel=alternate][type='application/atom+xml']")["href"]
    assert alternate == soup.select_one("a.feed-link")["href"] == "/feed.atom?q=%E5%85%AC%E5%BC%80&year=2020"


def test_with_a_public_url_every_link_is_absolute(archive_dirs):
    import feedparser

    from app import create_app

    app = create_app({"TESTING": True, "CORPUS_DIR": str(archive_dirs["corpus"]), "INDEX_DIR": str(archive_dirs["index"]),
                      "PUBLIC_URL": "https://nianbao.example.org"})
    client = app.test_client()
    rows = csv_rows(client.get("/export.csv?q=政策解读"))
    assert rows and all(r["url"].startswith("https://nianbao.example.org/") and
                        r["original_url"].startswith("https://nianbao.example.org/reports/") for r in rows)
    feed = feedparser.parse(client.get("/feed.atom?q=政策解读").data)
    assert not feed.bozo and all(e.id == e.link and e.link.startswith("https://nianbao.example.org/") for e in feed.entries)
