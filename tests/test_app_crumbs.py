"""The crumb of a report, statement or organ page leads back to the search it was opened from."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytest.register_assert_rewrite("app_fixtures")
from app_fixtures import HOSTILE_ID, SCRIPT

pytest_plugins = ["app_fixtures"]

SEARCH = "http://localhost/?q=依申请&year=2020&kind=problem&page=2&exclude_level=省级"


def _crumb(client, url, referrer=None):
    response = client.get(url, headers={"Referer": referrer} if referrer is not None else {})
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    link = BeautifulSoup(response.data, "html.parser").select_one("p.crumbs a.crumb-search")
    return link["href"], link.text


@pytest.mark.parametrize("page", [f"/reports/{HOSTILE_ID}", f"/problems/{HOSTILE_ID}-p1"])
def test_crumb_returns_to_the_search_with_its_filters_tab_and_page(client, page):
    href, label = _crumb(client, page, SEARCH)
    assert label == "检索“依申请”"
    parts = urlsplit(href)
    assert parts.path == "/" and not parts.netloc  # a link inside the site, rebuilt, not the Referer echoed
    assert parse_qs(parts.query) == {"q": ["依申请"], "year": ["2020"], "kind": ["problem"], "page": ["2"],
                                     "exclude_level": ["省级"]}


def test_crumb_of_an_organ_page(client, archive_dirs):
    from urllib.parse import quote

    from indexer.copystore import CopyStore

    with CopyStore(archive_dirs["index"]) as store:
        organ = store.report(HOSTILE_ID)["organ"]
    href, label = _crumb(client, f"/agencies/{quote(organ)}", "http://localhost/?year=2021")
    assert (href, label) == ("/?year=2021", "检索结果")


def test_long_query_is_shortened_in_the_label_only(client):
    query = "政府信息公开工作年度报告" * 3
    href, label = _crumb(client, f"/reports/{HOSTILE_ID}", f"http://localhost/?q={query}")
    assert label == f"检索“{query[:16]}…”"
    assert parse_qs(urlsplit(href).query)["q"] == [query]


@pytest.mark.parametrize("referrer", [
    None,  # typed or bookmarked
    "",
    "http://localhost/",  # the empty search page
    "http://evil.example/?q=依申请",  # another site
    "https://localhost.evil.example/?q=公开",
    "javascript:alert(1)//localhost/?q=公开",
    "http://localhost/trends?q=公开",  # another page of this site
    f"http://localhost/reports/{HOSTILE_ID}?q=公开",
    "http://localhost/?q=公开&year_from=2023&year_to=2020",  # a search that fails
    "http://localhost/?q=公开&kind=bogus",
    "http://localhost/?q=" + "长" * 5000,
    "http://[::1/?q=公开",  # not a URL
])
def test_anything_else_gives_the_plain_search_link(client, referrer):
    assert _crumb(client, f"/reports/{HOSTILE_ID}", referrer) == ("/", "检索")


def test_hostile_query_in_the_referer_is_escaped(client):
    response = client.get(f"/reports/{HOSTILE_ID}", headers={"Referer": f"http://localhost/?q={SCRIPT}"})
    assert SCRIPT.encode() not in response.data
    href, label = _crumb(client, f"/reports/{HOSTILE_ID}", f"http://localhost/?q={SCRIPT}")
    assert label == f"检索“{SCRIPT[:16]}…”"
    assert parse_qs(urlsplit(href).query)["q"] == [SCRIPT]
