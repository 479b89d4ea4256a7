"""Response headers that every page must satisfy, and URL checks.

The CSP forbids inline script and inline style: templates use only files from
/static and SVG presentation attributes, so the pages satisfy it as served.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

#: For stored originals shown in the browser: nothing may run, nothing may load.
ORIGINAL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def safe_http_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL with a host, else None."""
    if not url or any(c in url for c in "\r\n\t\x00 "):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url.strip()


#: Hosts always accepted in the Host header (the default bind is loopback).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def public_url(raw: str | None) -> str | None:
    """NIANBAO_PUBLIC_URL, checked: an http(s) URL with a host and no query,
    without its trailing slash. Raises ValueError for anything else."""
    if not raw or not raw.strip():
        return None
    url = safe_http_url(raw.strip())
    parts = urlsplit(url) if url else None
    if not parts or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"NIANBAO_PUBLIC_URL must be an http(s) URL such as https://nianbao.example.org, got {raw!r}")
    return url.rstrip("/")


def trusted_hosts(public: str | None, listed: str | None, bind_host: str | None) -> list[str]:
    """The host names a request's Host header may carry (Flask TRUSTED_HOSTS):
    NIANBAO_TRUSTED_HOSTS (comma-separated; ".example.org" allows subdomains)
    when set, else loopback, the public URL's host and the address served on."""
    if listed and listed.strip():
        return [h.strip().lower() for h in listed.split(",") if h.strip()]
    hosts = list(LOOPBACK_HOSTS)
    if public:
        hosts.append(urlsplit(public).hostname or "")
    if bind_host and bind_host.strip() not in ("", "0.0.0.0", "::") and ":" not in bind_host:
        hosts.append(bind_host.strip().lower())
    return list(dict.fromkeys(h for h in hosts if h))


def absolute_url(app_config, path: str) -> str:
    """`path` made absolute with PUBLIC_URL, the only source of absolute URLs
    (never the request's Host header); `path` itself when none is configured."""
    base = app_config.get("PUBLIC_URL")
    return base + path if base else path


def init_app(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
