"""The OpenAPI description at /api/openapi.json: a valid OpenAPI 3.1 document
that names every route, and every route's real responses (success and error)
validate against it (openapi-core, on the Flask test client's real responses)."""
from __future__ import annotations

import re

import pytest

pytest_plugins = ["app_fixtures"]

#: (URL, expected status): at least one real request per documented operation.
CASES = [
    ("/agencies/230109:人民政府", 200), ("/agencies/230109:人民政府/compare", 404), ("/agencies/nobody", 404),
    ("/copies?unit=paragraph", 200), ("/copies/para-nope", 404), ("/api/copies/para-nope", 404),
    ("/export/statistics.csv?year=2020", 200), ("/export/statistics.jsonl?year=2020", 200), ("/api/statistics?year=2020", 200),
    ("/export/checks.csv?year=2020", 200), ("/export/checks.jsonl?year=2020", 200), ("/api/checks?year=2020", 200),
    ("/api/search?q=公开&year=2020&kind=problem&per_page=5", 200),
    ("/api/search?q=公开&year_from=2019&year_to=2021&failed_check=yes&format=2019&has_problems=yes&section=5", 200),
    ("/api/search?exclude_level=县级&sort=year_asc&page=2&per_page=3", 200),
    ("/api/search?year_from=2022&year_to=2020", 400),
    ("/api/search?q=%22unclosed", 400),
    ("/api/facets/agency?q=街道&query=公开&year=2020", 200),
    ("/api/facets/category?q=解读", 200),
    ("/api/facets/format", 200),
    ("/api/facets/agency?year_from=abcd", 400),
    ("/api/facets/nonsense", 404),
    ("/api/reports/songbei-qu-2020", 200),
    ("/api/reports/hostile-jiedao-2021", 200),
    ("/api/reports/no-such-report", 404),
    ("/api/problems/songbei-qu-2020-p6", 200),
    ("/api/problems/songbei-qu-2020-p999", 404),
    ("/api/problems/songbei-qu-2020-p2/similar", 200),
    ("/api/problems/nope/similar", 404),
    ("/api/similar?text=政策解读形式单一", 200),
    ("/api/similar?text=", 400),
    ("/api/trends?year_from=2020", 200),
    ("/api/trends?has_problems=maybe", 400),
    ("/api/openapi.json", 200),
    ("/export.csv?q=公开&kind=problem", 200),
    ("/export.csv?year_to=20", 400),
    ("/export.jsonl?year=2020", 200),
    ("/export.jsonl?sort=sideways", 400),
    ("/export.json?q=公开&sort=year", 200),
    ("/export.json?q=(公开", 400),
    ("/feed.atom?q=政策解读&region=江苏省", 200),
    ("/feed.atom?q=%22bad", 400),
    ("/reports/songbei-qu-2020/original", 200),
    ("/reports/shuyang-fagaiju-2023/original?download=1", 200),
    ("/reports/no-such-report/original", 404),
    ("/?q=公开&year_from=2020", 200),
    ("/?year_from=2021&year_to=2019", 400),
    ("/reports/songbei-qu-2020", 200),
    ("/reports/no-such-report", 404),
    ("/problems/songbei-qu-2020-p6", 200),
    ("/problems/songbei-qu-2020-p999", 404),
    ("/similar?text=政策解读", 200),
    ("/similar?text=" + "长" * 2001, 400),
    ("/trends?year_from=2020&section=5", 200),
    ("/trends?section=9", 400),
]


@pytest.fixture(scope="module")
def spec(archive_dirs):
    from app import create_app

    app = create_app({"TESTING": True, "CORPUS_DIR": str(archive_dirs["corpus"]), "INDEX_DIR": str(archive_dirs["index"])})
    return app.test_client().get("/api/openapi.json").get_json()


@pytest.fixture(scope="module")
def openapi(spec):
    from openapi_core import OpenAPI

    return OpenAPI.from_dict(spec)


def test_the_description_is_valid_openapi_3_1(spec):
    from openapi_spec_validator import validate

    validate(spec)
    assert spec["openapi"] == "3.1.0"


def test_every_route_is_described_and_tried(app, spec):
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()}
    routes -= {"/static/{filename}", "/favicon.ico"}
    assert routes == set(spec["paths"])
    tried = set()
    for url, _ in CASES:
        path = url.split("?")[0]
        tried |= {p for p in spec["paths"] if re.fullmatch(re.sub(r"\{\w+\}", r"[^/]+", p), path)}
    assert tried == set(spec["paths"])


@pytest.mark.parametrize("url,status", CASES)
def test_real_responses_validate(client, openapi, url, status):
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    request = WerkzeugOpenAPIRequest(response.request)
    if status == 200:
        openapi.validate_request(request)
    openapi.validate_response(request, WerkzeugOpenAPIResponse(response))


def test_footer_links_the_description(client):
    from app_fixtures import soup_of

    soup = soup_of(client, "/")
    assert soup.select_one("footer a[href='/api/openapi.json']") is not None
