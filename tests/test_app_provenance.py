"""The provenance block of a fetched report's page and API (the fixture
portal fetched twice and built, see fetch_fixtures.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app import create_app

pytest_plugins = ["fetch_fixtures"]


@pytest.fixture
def client(fetched_portal):
    app = create_app({"TESTING": True, "CORPUS_DIR": str(fetched_portal.corpus), "INDEX_DIR": str(fetched_portal.index)})
    return app.test_client()


def _soup(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.data, "lxml")


def test_an_attachment_report_shows_page_attachment_fetch_time_and_date(client, fetched_portal):
    base = fetched_portal.base
    soup = _soup(client, "/reports/files-linbei-2018")
    assert soup.select_one("a.official")["href"] == f"{base}/gknb/2019/art_102.html"
    assert soup.select_one(".provenance a.attachment")["href"] == f"{base}/files/linbei-2018.doc"
    block = soup.select_one(".provenance").get_text(" ", strip=True)
    assert "页面发布日期 2019-01-15" in block and "页面来源 某某区人民政府办公室" in block
    assert soup.select_one(".provenance .fetched-at").text.endswith("+00:00")
    assert soup.select_one(".badge-ocr") is None
    assert [li.get_text(" ", strip=True)[:5] for li in soup.select(".provenance .versions li")] == ["第 1 版"]


def test_a_changed_page_lists_both_versions_linked_to_each_other(client):
    soup = _soup(client, "/reports/2019-art-107")
    items = soup.select(".provenance .versions li")
    assert [("current" in (li.get("class") or []), li.a["href"] if li.a else None) for li in items] == [
        (True, None), (False, "/reports/2019-art-107-v2")]
    soup = _soup(client, "/reports/2019-art-107-v2")
    assert [li.a["href"] if li.a else None for li in soup.select(".provenance .versions li")] == ["/reports/2019-art-107", None]


def test_an_ocr_report_is_marked_as_less_certain(client):
    soup = _soup(client, "/reports/files-tunchang-2015-scan")
    assert soup.select_one(".provenance .badge-ocr").text == "OCR"
    assert "OCR" in soup.select_one(".provenance .ocr-note").text
    assert soup.select_one("section.warnings li").text.startswith("正文由 OCR 识别")


def test_the_api_carries_the_provenance(client, fetched_portal):
    body = client.get("/api/reports/2019-art-107-v2").get_json()
    provenance = body["provenance"]
    assert (provenance["version"], provenance["attachment_url"], provenance["ocr"]) == (2, None, False)
    assert [v["version"] for v in provenance["versions"]] == [1, 2]


def test_a_bundled_report_has_no_provenance_block(tmp_path):
    from indexer.build import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "songbei-qu-2020.txt").write_bytes(_bundled("songbei-qu-2020.txt"))
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    app = create_app({"TESTING": True, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(tmp_path / "index")})
    soup = _soup(app.test_client(), "/reports/songbei-qu-2020")
    assert soup.select_one(".provenance") is None
    assert app.test_client().get("/api/reports/songbei-qu-2020").get_json()["provenance"] is None


def _bundled(name: str) -> bytes:
    return (Path(__file__).resolve().parent.parent / "corpus" / name).read_bytes()


def test_a_fetched_doc_original_downloads_as_word(client, fetched_portal):
    response = client.get("/reports/files-linbei-2018/original")
    assert response.status_code == 200 and response.mimetype == "application/msword"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.data == (fetched_portal.corpus / _folder(fetched_portal) / "files-linbei-2018.doc").read_bytes()


def _folder(fetched) -> str:
    return "fetched/" + fetched.base.removeprefix("http://").replace(":", "-")
