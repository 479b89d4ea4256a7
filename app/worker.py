"""The gunicorn worker `python -m app.serve` runs: gevent, with our own error page.

Why gevent (issue 13): a sync worker is held by one connection from its first
byte to its last, so four clients sending their headers slowly stalled the
whole server. A gevent worker gives every connection a greenlet that waits
for the socket cooperatively; a slow or idle client costs a little memory,
never a worker. Requests themselves are CPU-bound and never yield inside the
Archive (Whoosh reads files, not sockets), so each worker still runs one
search at a time over its own Whoosh readers, as the sync workers did: the
Archive read lock (gevent-aware after monkey-patching) is never contended
across a yield.

Each connection carries one request (the response says `Connection: close`).
A kept-alive connection stays with the worker that accepted it, and a worker
serves its requests one after another, so a few busy kept-alive clients on
one worker queued behind each other while another worker idled (bench.load:
p95 1.45 s against 0.40 s for sync workers). A new connection per request is
accepted by whichever worker is free, as with sync workers. The request's
headers must still arrive within the keepalive time (gunicorn reads them
under that timeout), so a slowloris is disconnected after 5 s.

Requests gunicorn refuses before the app sees them (request line too long:
414, too many or too large headers: 431, malformed: 400) get a short Chinese
page with the same security headers as every app page, instead of gunicorn's
bare HTML.
"""
from __future__ import annotations

import html

from gunicorn import util
from gunicorn.workers.ggevent import GeventWorker

from app.security import CSP, HEADERS

_MESSAGES = {
    400: "请求格式有误。",
    403: "请求被拒绝。",
    414: "请求地址过长：请缩短查询或筛选条件。",
    417: "无法满足请求的期望条件。",
    431: "请求头过大或过多。",
    500: "服务器出错了，请稍后再试。",
    501: "不支持这种传输方式。",
}
_TITLES = {400: "请求有误", 403: "禁止访问", 414: "地址过长", 417: "请求有误", 431: "请求头过大", 500: "服务器内部错误", 501: "不支持"}


def error_bytes(status: int, reason: str) -> bytes:
    """A whole HTTP/1.1 response for a request refused before the app: a
    self-contained Chinese page, the security headers, `Connection: close`.
    gunicorn's own message (which may echo the request) is not shown."""
    title = _TITLES.get(status, "请求有误")
    body = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{status} · {html.escape(title)}</title></head><body>"
        f"<h1>{status} · {html.escape(title)}</h1><p>{html.escape(_MESSAGES.get(status, '请求有误。'))}</p>"
        '<p><a href="/">返回检索首页</a></p></body></html>'
    ).encode("utf-8")
    reason = "".join(c for c in reason if 32 <= ord(c) < 127) or "Error"
    lines = [f"HTTP/1.1 {status} {reason}", "Connection: close", "Content-Type: text/html; charset=utf-8",
             f"Content-Length: {len(body)}", f"Content-Security-Policy: {CSP}"]
    lines += [f"{name}: {value}" for name, value in HEADERS.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def write_error(sock, status_int, reason, mesg):
    """gunicorn's `util.write_error`, with our page (same signature)."""
    util.write_nonblock(sock, error_bytes(int(status_int), str(reason)))


class NianbaoWorker(GeventWorker):
    """gunicorn's gevent worker, answering refused requests with our page."""

    def handle_request(self, listener_name, req, sock, addr):
        req.must_close = True  # one request per connection: see the module text
        return super().handle_request(listener_name, req, sock, addr)

    def init_process(self):
        # gunicorn's handle_error looks up util.write_error when it answers;
        # one function with the same signature, replaced in this worker only.
        util.write_error = write_error
        super().init_process()
