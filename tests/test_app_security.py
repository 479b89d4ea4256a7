"""Web security: headers, CSP-clean pages, escaping of echoed input, the
original-file endpoint refusing anything but archive files, no writes over
HTTP, no debug. Runs against the real index of `app_fixtures`."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.reports import archive_file
from app.security import CSP, safe_http_url
from app.serve import server_options
from indexer.errors import NotFoundError

pytest_plugins = ["app_fixtures"]

PAGES = ["/", "/?q=公开&agency=哈尔滨市松北区人民政府&more=agency", "/reports/songbei-qu-2020", "/reports/hostile-jiedao-2021",
         "/problems/songbei-qu-2020-p1", "/trends", "/similar?text=政策解读", "/?q=%22", "/reports/none", "/no/such/page"]
XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("url", PAGES + ["/api/search?q=公开", "/api/reports/songbei-qu-2020", "/static/style.css"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    assert headers["Content-Security-Policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "script-src 'self'" in CSP and "'unsafe-inline'" not in CSP
    assert (headers["X-Content-Type-Options"], headers["X-Frame-Options"], headers["Referrer-Policy"]) == ("nosniff", "DENY", "same-origin")


@pytest.mark.parametrize("url", PAGES)
def test_pages_satisfy_the_csp(client, url):
    soup = BeautifulSoup(client.get(url).data, "html.parser")
    assert [s.get("src") for s in soup.find_all("script")] == ["/static/facets.js"]
    assert not soup.find_all("style")
    for tag in soup.find_all(True):
        assert "style" not in tag.attrs, tag
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        for attr in ("href", "src", "action"):
            value = tag.get(attr)
            if value:
                assert value.startswith(("/", "#", "http://", "https://")), tag
                assert not value.startswith("//")


@pytest.mark.parametrize(
    "url",
    ["/?q=" + XSS, "/?agency=" + XSS, "/?exclude_region=" + XSS, "/?q=公开&category=" + XSS, "/trends?q=" + XSS + "&level=" + XSS,
     "/similar?text=" + XSS, "/?q=" + XSS + "&year=x"],
)
def test_echoed_parameters_are_escaped(client, url):
    html = client.get(url).data.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_api_snippets_carry_only_mark_tags(client):
    body = client.get("/api/search?q=解读&per_page=100").get_json()
    hostile = [h for h in body["hits"] if h["report_id"].startswith("hostile-")]
    assert hostile
    for hit in body["hits"]:
        stripped = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped and ">" not in stripped


@pytest.mark.parametrize(
    "url, expected",
    [("https://www.gov.cn/a?b=1", "https://www.gov.cn/a?b=1"), ("http://x.gov.cn", "http://x.gov.cn"),
     ("javascript:alert(1)", None), ("JAVASCRIPT:alert(1)", None), (" javascript:alert(1)", None), ("data:text/html,<script>", None),
     ("//evil.example/x", None), ("/reports/x", None), ("http:///nohost", None), ("https://a.b/\nx", None), ("vbscript:x", None), ("", None), (None, None)],
)
def test_only_http_urls_are_links(url, expected):
    assert safe_http_url(url) == expected


@pytest.mark.parametrize(
    "url",
    ["/reports/..%2F..%2Fetc%2Fpasswd/original", "/reports/%2e%2e/original", "/reports/%2e%2e%2f%2e%2e%2fetc%2fpasswd/original",
     "/reports//etc/passwd/original", "/reports/..%5c..%5cwindows/original", "/reports/songbei-qu-2020%00/original",
     "/reports/%252e%252e%252fmanifest.csv/original", "/reports/manifest.csv/original", "/reports/songbei-qu-2020.txt/original"],
)
def test_original_refuses_paths(client, url):
    assert client.get(url).status_code == 404


def test_archive_file_refuses_everything_outside_the_corpus(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "secret.txt"
    corpus.mkdir()
    outside.write_text("secret")
    (corpus / "ok.txt").write_text("报告")
    (corpus / "sub").mkdir()
    os.symlink(outside, corpus / "out-link.txt")
    os.symlink(corpus / "ok.txt", corpus / "in-link.txt")
    os.symlink(tmp_path, corpus / "dir-link")
    app = create_app({"TESTING": True, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(tmp_path / "index")})
    with app.app_context():
        assert archive_file("ok.txt") == (corpus / "ok.txt").resolve()
        for relpath in ("../secret.txt", str(outside), "out-link.txt", "in-link.txt", "dir-link/secret.txt", "sub", "missing.txt",
                        "sub/../../secret.txt", "", "ok.txt\x00", "..\\secret.txt"):
            with pytest.raises(NotFoundError):
                archive_file(relpath)


def test_nothing_changes_the_archive_over_http(app, client):
    methods = {m for rule in app.url_map.iter_rules() for m in rule.methods}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    for url in ("/", "/api/search", "/reports/songbei-qu-2020", "/reports/songbei-qu-2020/original", "/trends", "/export.csv"):
        for method in ("post", "put", "delete", "patch"):
            assert getattr(client, method)(url).status_code == 405


def test_no_debug_and_no_secret(monkeypatch):
    for name in ("NIANBAO_HOST", "NIANBAO_PORT", "NIANBAO_WORKERS", "NIANBAO_THREADS", "NIANBAO_TIMEOUT", "NIANBAO_ACCESS_LOG",
                 "NIANBAO_WORKER_CLASS", "NIANBAO_KEEPALIVE", "NIANBAO_WORKER_CONNECTIONS"):
        monkeypatch.delenv(name, raising=False)
    app = create_app()
    assert (app.debug, app.testing, app.config["SECRET_KEY"]) == (False, False, None)
    assert server_options() == {"bind": "127.0.0.1:8000", "workers": 4, "threads": 1, "worker_class": "app.worker.NianbaoWorker",
                                "worker_connections": 1000, "timeout": 30, "keepalive": 5,
                                "accesslog": None, "errorlog": "-", "loglevel": "warning", "reload": False}
    monkeypatch.setenv("NIANBAO_PORT", "9123")
    monkeypatch.setenv("NIANBAO_THREADS", "4")
    assert (server_options()["bind"], server_options()["worker_class"]) == ("127.0.0.1:9123", "gthread")
    monkeypatch.setenv("NIANBAO_WORKERS", "lots")
    with pytest.raises(SystemExit):
        server_options()


def test_errors_never_show_a_traceback(archive_dirs, monkeypatch):
    app = create_app({"CORPUS_DIR": str(archive_dirs["corpus"]), "INDEX_DIR": str(archive_dirs["index"])})
    import app.search as search_module

    def boom(*args, **kwargs):
        raise RuntimeError("internal detail /secret/path")

    monkeypatch.setattr(search_module, "run_search", boom)
    client = app.test_client()
    page = client.get("/?q=公开")
    assert page.status_code == 500 and b"Traceback" not in page.data and b"/secret/path" not in page.data
    api = client.get("/api/search?q=公开")
    assert api.get_json() == {"error": "服务器内部错误", "message": "服务器出错了，请稍后再试。", "status": 500}


@pytest.mark.parametrize("q", ["NOT NOT 公开", "公开 AND NOT NOT 年报", "NOT NOT NOT 公开"])
def test_doubled_not_is_a_clean_chinese_400(client, q):
    api = client.get("/api/search", query_string={"q": q})
    assert api.status_code == 400
    message = api.get_json()["message"]
    assert "NOT" in message and "index out of range" not in message and "Error" not in message
    page = client.get("/", query_string={"q": q})
    assert page.status_code == 400 and "index out of range" not in page.get_data(as_text=True)


def test_the_documented_limits_are_the_real_ones(client):
    # README: q ≤ 200 characters; /similar takes a pasted statement of up to 2,000
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "≤ 200 characters" in readme and "up to 2,000" in readme
    assert client.get("/api/search", query_string={"q": "公" * 200}).status_code == 200
    too_long = client.get("/api/search", query_string={"q": "公" * 201})
    assert too_long.status_code == 400 and "200" in too_long.get_json()["message"]
    statement = ("部分政府信息公开不及时，政策解读形式单一，依申请公开答复不够规范。" * 70)[:2000]
    assert client.get("/similar", query_string={"text": statement}).status_code == 200
    assert client.get("/similar", query_string={"text": statement + "多"}).status_code == 400
