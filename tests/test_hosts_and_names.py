"""Hostile Host headers and hostile file names, on a real server (issue 13, items 4 and 5).

A Host outside the configured ones gets a clean 400 page with the security
headers (never gunicorn's bare 500, never a template error); absolute URLs
come only from NIANBAO_PUBLIC_URL. A corpus file whose name holds CR/LF is
built (its name printed escaped) and served safely; a file named only in
Chinese downloads in Chromium under its own name and extension.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import HOST, free_port, get, stop_server, wait_ready

ROOT = Path(__file__).resolve().parent.parent
CRLF_NAME = "松北区年报\r\n2020\x1b[31m.txt"
CHINESE_NAME = "政府信息公开工作年度报告.pdf"
PUBLIC_URL = "https://nianbao.example.org"


@pytest.fixture(scope="module")
def corpus_and_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("names")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "songbei-qu-2020.txt", corpus / CRLF_NAME)
    shutil.copy(ROOT / "corpus" / "huaian-hongze-qu-2023.pdf", corpus / CHINESE_NAME)
    shutil.copy(ROOT / "corpus" / "xianfenglu-jiedao-2019.txt", corpus / "xianfenglu-jiedao-2019.txt")
    index = root / "index"
    build = subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index), "--quiet"],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    return corpus, index, build


@pytest.fixture(scope="module")
def server(corpus_and_index):
    corpus, index, _ = corpus_and_index
    port = free_port()
    env = dict(os.environ, NIANBAO_HOST=HOST, NIANBAO_PORT=str(port), NIANBAO_INDEX_DIR=str(index), NIANBAO_CORPUS_DIR=str(corpus),
               NIANBAO_WORKERS="1", NIANBAO_PUBLIC_URL=PUBLIC_URL, PYTHONPATH=str(ROOT))
    env.pop("NIANBAO_TRUSTED_HOSTS", None)
    env.pop("NIANBAO_THREADS", None)
    proc = subprocess.Popen([sys.executable, "-m", "app.serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_ready(proc, port)
        yield port
    finally:
        stop_server(proc)


def raw(port: int, request: bytes) -> tuple[str, dict[str, str], bytes]:
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    if headers.get("transfer-encoding") == "chunked":  # streamed answers (exports)
        body = _unchunked(body)
    return lines[0], headers, body


def _unchunked(body: bytes) -> bytes:
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        length = int(size.split(b";")[0], 16)
        if length == 0:
            break
        out += rest[:length]
        body = rest[length + 2:]
    return out


def test_the_build_prints_a_crlf_name_escaped(corpus_and_index):
    _, _, build = corpus_and_index
    assert build.returncode == 0, build.stderr
    assert "added: 松北区年报\\r\\n2020\\x1b[31m.txt" in build.stdout
    assert "\r" not in build.stdout and "\x1b" not in build.stdout


@pytest.mark.parametrize("host", [b"evil.example", b"evil.example:8000", b"a b", b"x" * 300, b"127.0.0.1:99999", b"nianbao.example.org.evil"])
def test_a_host_not_configured_gets_a_clean_400_with_security_headers(server, host):
    for path in (b"/", b"/api/search?q=x", b"/export.csv", b"/favicon.ico", b"/no-such-page"):
        status, headers, body = raw(server, b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        assert status.startswith("HTTP/1.1 400"), (host, path, status)
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        text = body.decode("utf-8")
        assert "evil" not in text and "Traceback" not in text and "location" not in headers
        if not path.startswith(b"/api/"):
            assert "400 · 请求有误" in text and "主机名" in text


def test_configured_hosts_are_served_and_absolute_urls_come_from_the_public_url(server):
    for host in (b"127.0.0.1", b"localhost:8000", b"nianbao.example.org"):
        status, headers, body = raw(server, b"GET /export.json?q=%E5%85%AC%E5%BC%80 HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        assert status.startswith("HTTP/1.1 200")
        hits = json.loads(body)["hits"]
        assert hits and all(h["url"].startswith((PUBLIC_URL + "/reports/", PUBLIC_URL + "/problems/")) for h in hits)
    status, headers, _ = raw(server, b"GET /favicon.ico HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert status.startswith("HTTP/1.1 301") and headers["location"].startswith("/static/")


def test_a_method_not_allowed_says_which_are(server):
    status, headers, _ = raw(server, b"POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    assert status.startswith("HTTP/1.1 405")
    assert set(headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def _report_id(port: int, file_name: str) -> str:
    for hit in json.loads(get(port, "/api/search?per_page=50")[1])["hits"]:
        report = json.loads(get(port, f"/api/reports/{hit['report_id']}")[1])
        if report["file"] == file_name:
            return report["id"]
    raise AssertionError(f"{file_name!r} not indexed")


def test_a_crlf_name_is_served_safely(server):
    report_id = _report_id(server, CRLF_NAME)
    for query in ("", "?download=1"):
        status, headers, body = raw(server, f"GET /reports/{report_id}/original{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        assert status.startswith("HTTP/1.1 200")
        assert body.decode("utf-8") == (ROOT / "corpus" / "songbei-qu-2020.txt").read_text(encoding="utf-8")
        disposition = headers["content-disposition"]
        assert disposition.startswith("attachment;" if query else "inline;")
        assert f'filename="{report_id}.txt"' in disposition
        assert "filename*=UTF-8''%E6%9D%BE%E5%8C%97%E5%8C%BA%E5%B9%B4%E6%8A%A52020%5B31m.txt" in disposition
    assert get(server, f"/reports/{report_id}")[0] == 200


def test_a_file_named_only_in_chinese_downloads_with_its_name_and_extension(server, tmp_path):
    from playwright.sync_api import sync_playwright

    report_id = _report_id(server, CHINESE_NAME)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_context(accept_downloads=True).new_page()
            page.goto(f"http://{HOST}:{server}/reports/{report_id}")
            with page.expect_download(timeout=30_000) as info:
                page.evaluate(f"() => {{ const a = document.createElement('a'); a.href = '/reports/{report_id}/original?download=1'; document.body.appendChild(a); a.click(); }}")
            download = info.value
            assert download.suggested_filename == CHINESE_NAME
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            assert saved.read_bytes() == (ROOT / "corpus" / "huaian-hongze-qu-2023.pdf").read_bytes()
        finally:
            browser.close()
