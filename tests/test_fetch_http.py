"""`indexer.fetch.http.PoliteClient` against the loopback fixture portal:
schemes, addresses, robots.txt, delay, retries, limits and redirects."""
from __future__ import annotations

import time

import pytest

from fetch_portal import test_policy

from indexer.fetch.http import FetchError, PoliteClient

pytest_plugins = ["fetch_fixtures"]


def _error(client: PoliteClient, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        client.get(url)
    return caught.value


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "http:///nohost", "javascript:alert(1)"])
def test_only_http_and_https(url):
    assert _error(PoliteClient(test_policy()), url).kind == "not http(s)"


@pytest.mark.parametrize("address", ["10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                                     "0.0.0.0", "224.0.0.1", "fc00::1", "fe80::1", "::ffff:10.0.0.1"])
def test_non_public_addresses_are_refused_without_connecting(address):
    client = PoliteClient(test_policy())  # loopback allowed, but nothing else
    with pytest.raises(FetchError) as caught:
        client._check_address(address, "http://example.invalid/")
    assert caught.value.kind == "non-public address"


def test_loopback_needs_the_explicit_permission(portal):
    for address in ("127.0.0.1", "127.8.9.10", "::1"):
        with pytest.raises(FetchError):
            PoliteClient(test_policy(allow_loopback=False))._check_address(address, portal.base)
    assert _error(PoliteClient(test_policy(allow_loopback=False)), portal.url("/gknb/index.html")).kind == "non-public address"
    assert sum(portal.hits.values()) == 0
    assert PoliteClient(test_policy()).get(portal.url("/gknb/index.html")).status == 200


def test_a_redirect_to_a_non_public_address_is_not_followed(portal):
    port = portal.base.rsplit(":", 1)[1]
    portal.routes["/away.html"] = (302, {"Location": f"http://0.0.0.0:{port}/gknb/index.html"}, b"")
    error = _error(PoliteClient(test_policy()), portal.url("/away.html"))
    assert error.kind == "non-public address" and "0.0.0.0" in str(error)
    assert "/gknb/index.html" not in portal.hits


def test_a_redirect_to_another_scheme_is_not_followed(portal):
    portal.routes["/to-file.html"] = (301, {"Location": "file:///etc/passwd"}, b"")
    assert _error(PoliteClient(test_policy()), portal.url("/to-file.html")).kind == "not http(s)"


def test_redirects_are_followed_within_the_limit(portal):
    portal.routes["/r1.html"] = (301, {"Location": "/r2.html"}, b"")
    portal.routes["/r2.html"] = (307, {"Location": "/gknb/index.html"}, b"")
    response = PoliteClient(test_policy()).get(portal.url("/r1.html"))
    assert (response.status, response.url) == (200, portal.url("/gknb/index.html"))
    assert _error(PoliteClient(test_policy(max_redirects=1)), portal.url("/r1.html")).kind == "too many redirects"


def test_a_redirect_loop_is_refused(portal):
    error = _error(PoliteClient(test_policy()), portal.url("/gknb/loop.html"))
    assert error.kind == "redirect loop"
    assert (portal.hits["/gknb/loop.html"], portal.hits["/gknb/loop2.html"]) == (1, 1)


def test_robots_txt_is_read_once_and_obeyed(portal):
    client = PoliteClient(test_policy())
    assert _error(client, portal.url("/private/art_109.html")).kind == "robots.txt"
    client.get(portal.url("/gknb/index.html"))
    assert portal.hits["/robots.txt"] == 1 and "/private/art_109.html" not in portal.hits


def test_an_unreadable_robots_txt_forbids_everything(portal):
    portal.routes["/robots.txt"] = (503, {}, b"down")
    assert _error(PoliteClient(test_policy(retries=0)), portal.url("/gknb/index.html")).kind == "robots.txt"
    portal.routes["/robots.txt"] = (404, {}, b"none")
    assert PoliteClient(test_policy()).get(portal.url("/gknb/index.html")).status == 200


def test_requests_to_one_host_keep_the_delay(portal):
    client = PoliteClient(test_policy(delay=0.25))
    for name in ("index", "index_1", "index_2"):
        client.get(portal.url(f"/gknb/{name}.html"))
    times = [t for t, _ in portal.requests]
    assert len(times) == 4  # robots.txt + 3 pages
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.24


def test_a_500_is_retried_with_backoff_then_given_up(portal):
    started = time.monotonic()
    error = _error(PoliteClient(test_policy(retries=2, backoff=0.1)), portal.url("/gknb/broken.html"))
    assert error.kind == "HTTP 500"
    assert portal.hits["/gknb/broken.html"] == 3
    assert time.monotonic() - started >= 0.1 + 0.2  # waits 0.1 s, then 0.2 s


def test_a_slow_page_times_out(portal):
    started = time.monotonic()
    error = _error(PoliteClient(test_policy(timeout=0.3, retries=0)), portal.url("/gknb/slow.html"))
    assert error.kind == "timed out"
    assert time.monotonic() - started < 1.5


def test_a_body_over_the_size_limit_is_refused(portal):
    assert _error(PoliteClient(test_policy(max_bytes=1000)), portal.url("/files/nanxun-2014.docx")).kind == "too large"


def test_a_404_is_an_error_with_its_status(portal):
    assert _error(PoliteClient(test_policy()), portal.url("/nothing-here.html")).kind == "HTTP 404"


def test_a_host_that_resolves_public_but_connects_to_loopback_is_refused_before_sending(portal, monkeypatch):
    # DNS rebinding: the name passes the first look-up, the connection lands elsewhere
    from indexer.fetch import http

    monkeypatch.setattr(http, "_addresses", lambda host, port: ["93.184.216.34"])  # only compared, never contacted
    assert _error(PoliteClient(test_policy(allow_loopback=False)), portal.url("/gknb/index.html")).kind == "non-public address"
    assert sum(portal.hits.values()) == 0


def test_a_trickling_server_is_cut_at_the_request_time_limit(portal):
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle():
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            for _ in range(40):  # one byte every 0.1 s: never a long silence, 4 s in all
                if stop.is_set():
                    return
                try:
                    conn.sendall(b"x")
                except OSError:
                    return
                stop.wait(0.1)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    client = PoliteClient(test_policy(timeout=0.8, retries=0))
    client._robots[f"http://127.0.0.1:{listener.getsockname()[1]}"] = None  # this server has no robots.txt to ask for
    started = time.monotonic()
    error = _error(client, f"http://127.0.0.1:{listener.getsockname()[1]}/slowly")
    elapsed = time.monotonic() - started
    stop.set()
    thread.join(timeout=5)
    listener.close()
    assert error.kind == "timed out" and elapsed < 2.0


def test_a_longer_crawl_delay_in_robots_txt_wins(portal):
    portal.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n")
    client = PoliteClient(test_policy(delay=0.01))
    client.get(portal.url("/gknb/index.html"))
    client.get(portal.url("/gknb/index_1.html"))
    times = [t for t, _ in portal.requests]
    assert [p for _, p in portal.requests] == ["/robots.txt", "/gknb/index.html", "/gknb/index_1.html"]
    assert times[2] - times[1] >= 0.95
