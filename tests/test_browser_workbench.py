"""The researcher's workbench in a real headless Chromium (Debian's, via
Playwright) against `python -m app.serve` over the workbench fixture index:
open an organ, compare two years and see the marks; open /copies and a cluster.

Screenshots go to $NIANBAO_TEST_OUTPUT/screenshots (else a tmp dir).
"""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("test_browser", "workbench_fixtures")
from test_browser import browser_context_factory, page, serving, shots  # noqa: E402,F401  (fixtures shared with the main browser test)

from workbench_fixtures import FROM_LAST_YEAR, ORGAN, SHARED_PARAGRAPH  # noqa: E402

pytest_plugins = ["workbench_fixtures"]


@pytest.fixture(scope="module")
def workbench_server(workbench_dirs):
    with serving(workbench_dirs["corpus"], workbench_dirs["index"], threads=2) as url:
        yield url


def test_organ_compare_copies_cluster(workbench_server, page, shots):  # noqa: F811
    page.goto(workbench_server + "/reports/shili-caizhengju-2023")
    flagged = page.locator("ol.problems li", has=page.locator(".flag-repeat"))
    assert flagged.count() == 1 and FROM_LAST_YEAR.rstrip("。") in flagged.inner_text()
    page.locator("#s5").screenshot(path=str(shots / "report-flags.png"))
    page.click("a.agency-page")
    page.wait_for_url("**/agencies/**")
    assert ORGAN in page.locator("h1").inner_text()
    assert page.locator("table.agency-years tbody tr").count() == 3
    assert page.locator(".small-charts svg").count() == 4
    page.screenshot(path=str(shots / "agency.png"), full_page=True)

    page.locator("a.compare-link").last.click()
    page.wait_for_url("**/compare?**")
    assert "2023 年报告与 2022 年报告比较" in page.locator("h1").inner_text()
    assert page.locator("section.side-by-side del").count() >= 1
    assert page.locator("section.side-by-side ins").count() >= 1
    assert page.locator(".problem-diff section").first.locator("li").inner_text() == FROM_LAST_YEAR.rstrip("。")
    # marks are visible: added sentences are drawn on a green ground
    assert page.locator("section.side-by-side ins").first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(227, 244, 232)"
    page.screenshot(path=str(shots / "compare.png"), full_page=True)

    page.goto(workbench_server + "/copies?unit=paragraph")
    assert page.locator(".copies-total").inner_text() == "1"
    page.screenshot(path=str(shots / "copies.png"), full_page=True)
    page.locator("a.cluster-link").first.click()
    page.wait_for_url("**/copies/para-*")
    assert page.locator("blockquote").inner_text() == SHARED_PARAGRAPH
    assert page.locator("table.members tbody tr").count() == 2
    page.screenshot(path=str(shots / "cluster.png"), full_page=True)
    assert page.problems == []


@pytest.mark.parametrize("path", ["/agencies/{organ}", "/agencies/{organ}/compare", "/reports/songbei-qu-2020", "/problems/songbei-qu-2020-p1",
                                  "/copies?unit=paragraph", "/trends"])
def test_workbench_pages_fit_a_phone(workbench_server, workbench_dirs, browser_context_factory, shots, path):  # noqa: F811
    from urllib.parse import quote

    from workbench_fixtures import organ_id

    pg = browser_context_factory(390, 844)
    pg.goto(workbench_server + path.format(organ=quote(organ_id(workbench_dirs["index"], "shili-caizhengju-2023"))))
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # wide tables scroll in their own box
    pg.screenshot(path=str(shots / f"phone-{path.strip('/').split('/')[0].split('?')[0]}.png"), full_page=False)
    assert pg.problems == []
