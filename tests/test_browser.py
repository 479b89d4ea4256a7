"""Real headless Chromium (Debian /usr/bin/chromium, driven by Playwright)
against the app served by gunicorn (`python -m app.serve`) on a loopback port.

Screenshots go to $NIANBAO_TEST_OUTPUT/screenshots (else a tmp dir); the path
is printed. Never writes into the working tree.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

pytest_plugins = ["app_fixtures"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent

# No skip: `make test` installs Debian chromium (the Makefile's `browser` target),
# and a browser test that silently skipped would hide a broken web UI.
if not Path(CHROMIUM).exists():
    raise RuntimeError("Debian chromium is not installed: run `make browser` (make test does it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(corpus, index, threads: int = 4) -> Iterator[str]:
    """`python -m app.serve` on a free loopback port over `corpus` and `index`; yields its URL.

    Fails the test when the server does not start, does not print its URL, or logs a traceback.
    """
    port = _free_port()
    env = dict(os.environ, NIANBAO_HOST="127.0.0.1", NIANBAO_PORT=str(port), NIANBAO_WORKERS="1",
               NIANBAO_THREADS=str(threads), NIANBAO_CORPUS_DIR=str(corpus), NIANBAO_INDEX_DIR=str(index),
               PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "app.serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("server exited: " + proc.stdout.read())
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not start within 30 s")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        output, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
    assert f"serving on http://127.0.0.1:{port}/" in output  # `python -m app.serve` prints its URL
    assert "Traceback" not in output


@pytest.fixture(scope="module")
def server(archive_dirs):
    with serving(archive_dirs["corpus"], archive_dirs["index"]) as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    base = os.environ.get("NIANBAO_TEST_OUTPUT")
    path = Path(base) / "screenshots" if base else tmp_path_factory.mktemp("test-output") / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {path}")
    return path


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        pg = context.new_page()
        pg.problems = []  # CSP violations, page errors, dialogs (an XSS would open one)
        pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" or "Content Security Policy" in m.text else None)
        pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
        pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
        yield pg
        browser.close()


@pytest.fixture
def browser_context_factory():
    """`make(width, height)`: a page in a fresh browser context of that viewport size."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])

        def make(width: int, height: int):
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                          device_scale_factor=2, is_mobile=True, has_touch=True)
            pg = context.new_page()
            pg.problems = []
            pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
            pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
            return pg

        yield make
        browser.close()


def _total(pg) -> int:
    return int(pg.locator(".total strong").inner_text())


def test_search_facet_report_similar_source(server, page, shots, archive_dirs):
    page.goto(server + "/")
    page.fill("input[name=q]", "公开")
    page.click("form.searchbox button")
    page.wait_for_url("**/?q=*")
    before = _total(page)
    assert before > 0

    category = page.locator("section.facet[data-facet=category] a.facet-toggle").first
    category_label = category.locator(".facet-label").inner_text()
    category.click()
    page.wait_for_url("**category=*")
    after = _total(page)
    assert 0 < after < before
    assert page.locator(".chips .chip").first.inner_text().find(category_label) >= 0
    page.screenshot(path=str(shots / "search.png"), full_page=True)

    page.click("nav.kinds a[data-kind=report]")
    page.wait_for_url("**kind=report*")
    page.locator("a.hit-title").first.click()
    page.wait_for_url("**/reports/**")
    assert page.locator("h1").inner_text()
    assert page.locator("#checks").count() == 1
    page.screenshot(path=str(shots / "report-first-hit.png"), full_page=True)
    report_url = page.url.split("#")[0]
    search_url = page.evaluate("document.referrer")
    back = page.locator("a.crumb-search")  # the crumb goes back to this search, not to an empty one
    assert back.inner_text() == "检索“公开”"
    back.click()
    page.wait_for_url("**kind=report*")
    assert page.url == search_url and _total(page) > 0
    page.go_back()
    page.wait_for_url("**/reports/**")

    href = page.locator("a.source-view").get_attribute("href")
    relpath = page.locator(".sources code").first.inner_text()
    response = page.request.get(server + href)
    assert response.status == 200
    assert response.body() == (archive_dirs["corpus"] / relpath).read_bytes()
    assert response.headers["x-content-type-options"] == "nosniff"

    page.locator("a.similar-link").first.click()
    page.wait_for_url("**/problems/**")
    assert page.locator("h1").inner_text().startswith("存在的主要问题")
    assert page.locator("blockquote.statement").inner_text()
    assert page.locator("ol.similar > li").count() > 0
    page.screenshot(path=str(shots / "problem.png"), full_page=True)

    page.goto(report_url)
    assert page.problems == []


def test_report_with_failed_checks(server, page, shots, archive_dirs):
    from indexer.search import Archive

    failing = next(r for r in Archive(archive_dirs["index"]).reports() if r.report.failed_checks)
    page.goto(f"{server}/reports/{failing.id}")
    alert = page.locator("#checks .alert-error")
    assert alert.is_visible()
    assert alert.locator("li").count() == len(failing.report.failed_checks)
    assert page.locator("#table-applications table.stats").is_visible()
    page.screenshot(path=str(shots / "report.png"), full_page=True)
    assert page.problems == []


def test_trends_page_follows_filters(server, page, shots):
    page.goto(server + "/trends")
    all_reports = int(page.locator("p.muted strong").first.inner_text())
    assert page.locator("svg.chart").count() == 7
    page.screenshot(path=str(shots / "trends.png"), full_page=True)
    page.goto(server + "/trends?q=依申请")
    assert 0 < int(page.locator("p.muted strong").first.inner_text()) < all_reports
    assert page.problems == []


def test_hostile_report_runs_no_script(server, page, shots):
    from app_fixtures import HOSTILE_ID

    page.goto(f"{server}/reports/{HOSTILE_ID}")
    assert "<script>alert(1)</script>" in page.locator("#s1").inner_text()
    assert page.locator("img[src=x]").count() == 0
    page.goto(server + "/?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    page.goto(server + "/?agency=" + "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E")
    assert page.locator("img[src=x]").count() == 0
    page.screenshot(path=str(shots / "hostile-report.png"), full_page=False)
    assert page.problems == []


def test_facet_filter_box_narrows_long_lists(server, page):
    page.goto(server + "/?more=agency")
    box = page.locator("section.facet[data-facet=agency] input.facet-filter")
    assert box.count() == 1
    total = page.locator("section.facet[data-facet=agency] li").count()
    box.fill("街道")
    visible = page.locator("section.facet[data-facet=agency] li:not(.hidden)").count()
    assert 0 < visible < total
    assert page.problems == []


def test_facet_filter_box_finds_values_beyond_those_shown(server, page):
    import json
    from urllib.request import urlopen

    every = json.load(urlopen(server + "/api/facets/agency"))["values"]
    page.goto(server + "/")
    facet = page.locator("section.facet[data-facet=agency]")
    shown = facet.locator(".facet-label").all_inner_texts()
    hidden = [v for v in every if v["label"] not in shown]
    assert len(shown) >= 10 and hidden  # 10 listed (and 未识别), more exist
    wanted = hidden[-1]
    facet.locator("input.facet-filter").fill(wanted["label"][-6:])
    found = facet.locator("li a.facet-toggle", has_text=wanted["label"])
    found.wait_for()
    assert "匹配" in facet.locator(".facet-found").inner_text()
    found.click()
    page.wait_for_url("**agency=*")
    assert _total(page) == wanted["count"]
    assert wanted["label"] in page.locator(".chips").inner_text()
    assert page.problems == []


def test_year_range_form_and_its_errors(server, page):
    import json
    from urllib.request import urlopen

    page.goto(server + "/?q=公开")
    form = page.locator("form.year-range")
    form.locator("input[name=year_from]").fill("2020")
    form.locator("input[name=year_to]").fill("2023")
    form.locator("button").click()
    page.wait_for_url("**year_from=2020*")
    expected = json.load(urlopen(server + "/api/search?q=%E5%85%AC%E5%BC%80&year_from=2020&year_to=2023"))["total"]
    assert _total(page) == expected > 0
    assert "2020—2023" in page.locator(".chips").inner_text()
    assert page.locator("form.searchbox input[name=q]").input_value() == "公开"
    response = page.goto(server + "/?q=公开&year_from=2023&year_to=2020")
    assert response.status == 400
    assert "起始年度 2023 晚于截止年度 2020" in page.locator(".alert-error").inner_text()
    assert [p for p in page.problems if "status of 400" not in p] == []  # the 400 itself is logged


def test_phone_layout_puts_results_first(server, browser_context_factory, shots):
    pg = browser_context_factory(390, 844)
    pg.goto(server + "/?q=公开")
    first_hit = pg.locator("li.hit").first.bounding_box()
    assert first_hit["y"] < 500  # above the fold, not below every facet
    assert not pg.locator("aside.facets").is_visible()
    header = pg.locator("header.site")
    for link in header.locator("a").all():  # one line each: never split mid-word
        box = link.bounding_box()
        assert box["height"] < 40 and box["x"] + box["width"] <= 390, link.inner_text()
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    pg.screenshot(path=str(shots / "phone-390.png"), full_page=False)
    pg.click("label.filters-button")
    assert pg.locator("aside.facets").is_visible()
    assert pg.locator("section.facet[data-facet=agency]").bounding_box()["y"] < first_hit["y"] + 200
    pg.screenshot(path=str(shots / "phone-390-filters.png"), full_page=False)
    assert pg.problems == []


def test_search_page_links_a_feed_that_parses(server, page):
    import feedparser

    page.goto(server + "/?q=政策解读&region=江苏省")
    href = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    assert href == page.locator("a.feed-link").get_attribute("href")
    response = page.request.get(server + href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10" and feed.entries
    assert all(e.link.startswith(("/reports/", "/problems/")) for e in feed.entries)
    assert page.request.get(server + "/feed.atom?q=%22bad").status == 400
