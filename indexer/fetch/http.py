"""A polite, guarded HTTP client for official portals.

`PoliteClient.get(url)` downloads one resource and promises:
- only http and https, on every hop;
- robots.txt of each host obeyed (fetched once per host; a Crawl-delay
  longer than ours is honoured);
- one request at a time per host, at least `delay` seconds apart;
- 5xx, 429, time-outs and dropped connections retried with exponential
  backoff, at most `retries` times;
- at most `max_bytes` per body and `timeout` seconds per request;
- redirects followed by hand, at most `max_redirects`, a loop refused; the
  host of every hop must resolve to public addresses only, and every socket's
  peer is checked again right after connecting, before a byte is sent (no
  DNS rebinding). Loopback is allowed only with `allow_loopback` (for a
  test's own server).
Every refusal raises `FetchError` with a reason for people.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from indexer.errors import NianbaoError

USER_AGENT = "nianbao-archive/1.0 (annual-report archive; polite crawler)"


class FetchError(NianbaoError):
    """A resource could not or must not be fetched; the message says why and
    `kind` names the reason in a word (for the counts: "HTTP 500", "timed
    out", "redirect loop", "robots.txt", "address", "too large", ...)."""

    def __init__(self, message: str, kind: str = "network"):
        super().__init__(message)
        self.kind = kind


@dataclass
class FetchPolicy:
    """How politely and how carefully to fetch. Times are seconds."""

    delay: float = 1.0  # between two requests to the same host
    retries: int = 3
    backoff: float = 2.0  # first retry waits this long, then twice as long ...
    timeout: float = 30.0  # whole request, headers and body
    max_bytes: int = 50_000_000
    max_redirects: int = 5
    allow_loopback: bool = False  # tests only: their fixture server is on 127.0.0.1
    user_agent: str = USER_AGENT


@dataclass
class Response:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)


class PoliteClient:
    """See the module docstring. Not thread-safe: one client crawls sequentially."""

    def __init__(self, policy: FetchPolicy | None = None):
        import requests

        self.policy = policy or FetchPolicy()
        self._session = requests.Session()
        self._session.headers["User-Agent"] = self.policy.user_agent
        # a new connection per request: every socket passes _check_peer, and the
        # watchdog always knows which socket the current request uses
        self._session.headers["Connection"] = "close"
        self._session.trust_env = False  # no proxies or netrc from the environment
        adapter = _guarded_adapter(self._check_peer)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last_request: dict[str, float] = {}
        self._socket: socket.socket | None = None
        self._aborted = False
        self.requests_made = 0

    def close(self) -> None:
        self._session.close()

    def get(self, url: str) -> Response:
        """Download `url` (following redirects as above). Raises FetchError,
        with `kind` "robots.txt" when robots.txt forbids it; never anything
        from the HTTP library."""
        seen = []
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self._check_url(current)
            if not self._robots_allow(current):
                raise FetchError(f"robots.txt 禁止抓取 disallowed by robots.txt: {current}", "robots.txt")
            if current in seen:
                raise FetchError(f"重定向循环 redirect loop: {' → '.join(seen + [current])}", "redirect loop")
            seen.append(current)
            response = self._request(current)
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location", "")
                if not location:
                    raise FetchError(f"重定向没有目标 redirect without Location: {current}", "bad redirect")
                current = urljoin(current, location.strip())
                continue
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status}: {current}", f"HTTP {response.status}")
            return response
        raise FetchError(f"重定向过多 more than {self.policy.max_redirects} redirects from {url}", "too many redirects")

    # -- one hop -----------------------------------------------------------

    def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise FetchError(f"只抓取 http/https only http(s) URLs are fetched: {url[:200]}", "not http(s)")
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError:
            raise FetchError(f"端口无效 bad port in {url[:200]}", "bad URL") from None
        for address in _addresses(parts.hostname, port):
            self._check_address(address, url)

    def _check_address(self, address: str, url: str) -> None:
        ip = ipaddress.ip_address(address.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if ip.is_loopback and self.policy.allow_loopback:
            return
        if not ip.is_global or ip.is_multicast:
            raise FetchError(f"非公网地址 refused: {urlsplit(url).hostname} is at non-public address {ip}",
                             "non-public address")

    def _request(self, url: str) -> Response:
        import requests

        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                response = self._download(url)
            except (requests.Timeout, requests.ConnectionError, _Slow) as exc:
                slow = isinstance(exc, (requests.Timeout, _Slow))
                if attempt >= self.policy.retries:
                    reason = "超时 timed out" if slow else "连接失败 connection failed"
                    raise FetchError(f"{reason} after {attempt + 1} tries: {url}",
                                     "timed out" if slow else "connection failed") from None
            except requests.RequestException as exc:
                raise FetchError(f"请求失败 request failed: {type(exc).__name__}: {url}", "request failed") from None
            else:
                if response.status not in (429, 500, 502, 503, 504) or attempt >= self.policy.retries:
                    return response
            attempt += 1
            time.sleep(self.policy.backoff * 2 ** (attempt - 1))

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        wait = self._last_request.get(host, 0.0) + self._delay_for(url) - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _delay_for(self, url: str) -> float:
        robots = self._robots.get(_origin(url))
        crawl_delay = robots.crawl_delay(self.policy.user_agent) if robots else None
        return max(self.policy.delay, float(crawl_delay or 0))

    def _download(self, url: str) -> Response:
        """One GET. A watchdog shuts the request's socket down when the whole
        request (headers and body) outlasts `timeout`, so a server trickling
        bytes cannot hold the crawl; each wait for data is bounded too."""
        import requests

        deadline = time.monotonic() + self.policy.timeout
        host = urlsplit(url).netloc.lower()
        self.requests_made += 1
        self._socket, self._aborted = None, False
        watchdog = threading.Timer(self.policy.timeout, self._abort)
        watchdog.daemon = True
        watchdog.start()
        try:
            with self._session.get(url, stream=True, allow_redirects=False,
                                   timeout=(min(10.0, self.policy.timeout), self.policy.timeout)) as r:
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise FetchError(f"文件过大 {url}: {declared} bytes > limit {self.policy.max_bytes}", "too large")
                chunks, size = [], 0
                for chunk in r.iter_content(16384):
                    size += len(chunk)
                    if size > self.policy.max_bytes:
                        raise FetchError(f"文件过大 {url}: more than {self.policy.max_bytes} bytes", "too large")
                    if time.monotonic() > deadline:
                        raise _Slow()
                    chunks.append(chunk)
                if self._aborted:
                    raise _Slow()
                return Response(url=url, status=r.status_code, content_type=r.headers.get("content-type", ""),
                                body=b"".join(chunks), headers={k.lower(): v for k, v in r.headers.items()})
        except requests.RequestException:
            if self._aborted:
                raise _Slow() from None
            raise
        finally:
            watchdog.cancel()
            self._last_request[host] = time.monotonic()

    def _abort(self) -> None:
        self._aborted = True
        if self._socket is not None:
            try:
                self._socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _check_peer(self, sock: socket.socket, host: str) -> None:
        """The address a socket actually connected to passes the same test
        as the resolved ones (a host may answer DNS differently the second
        time): checked right after the TCP connect, before anything is sent.
        The socket is remembered for the watchdog."""
        self._check_address(sock.getpeername()[0], f"http://{host}/")
        self._socket = sock

    # -- robots.txt --------------------------------------------------------

    def _robots_allow(self, url: str) -> bool:
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        robots = self._robots[origin]
        return robots is None or robots.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """None (everything allowed) when the site has no robots.txt (4xx, or
        a redirect, which we do not chase for robots.txt); a parser denying
        everything when it cannot be read (5xx, network), as RFC 9309 asks."""
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            response = self._request(origin + "/robots.txt")
        except FetchError as exc:
            if exc.kind == "non-public address":
                raise  # a refusal of the host itself, not an unreadable robots.txt
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        if 300 <= response.status < 500:
            return None
        if response.status >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return parser


def _guarded_adapter(check_peer):
    """A requests adapter whose connections call `check_peer(socket, host)` on
    every new socket before any byte is sent (TLS handshake included)."""
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def new_conn(base):
        def _new_conn(self):
            sock = base._new_conn(self)
            try:
                check_peer(sock, self.host)
            except BaseException:
                sock.close()
                raise
            return sock
        return _new_conn

    guarded_http = type("GuardedHTTPConnection", (HTTPConnection,), {"_new_conn": new_conn(HTTPConnection)})
    guarded_https = type("GuardedHTTPSConnection", (HTTPSConnection,), {"_new_conn": new_conn(HTTPSConnection)})
    pools = {"http": type("GuardedPool", (HTTPConnectionPool,), {"ConnectionCls": guarded_http}),
             "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": guarded_https})}

    class GuardedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

    return GuardedAdapter()


class _Slow(Exception):
    """The body did not arrive within the request's time limit."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"无法解析主机 cannot resolve {host}: {exc}", "unresolvable host") from None
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise FetchError(f"无法解析主机 cannot resolve {host}", "unresolvable host")
    return addresses
