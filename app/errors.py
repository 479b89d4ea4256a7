"""Library errors and HTTP errors become pages (or JSON under /api/).

QueryError -> 400, NotFoundError -> 404, IndexUnavailableError -> 503 with a
page that says how to build the index, IndexDamagedError -> 503 saying how to
repair it. Never a traceback, and never an exception's own text on a 503
(it names server paths). If an error page cannot be rendered (a request so
broken that no URL can be built for it), a plain page is sent instead: an
error handler never raises.
"""
from __future__ import annotations

import re

from flask import Flask, Response, jsonify, render_template, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException, SecurityError

from indexer.errors import IndexBusyError, IndexDamagedError, IndexUnavailableError, NotFoundError, QueryError
from indexer.search.store import IndexFormatError

_TITLES = {400: "请求有误", 404: "未找到", 405: "不支持的请求方法", 500: "服务器内部错误", 503: "索引不可用"}

#: What the 503 pages say: fixed words, never the exception's text.
NO_INDEX_MESSAGE = "索引尚未建立：请运行 make run 或 python -m indexer build 建立索引。"
DAMAGED_TITLE = "索引损坏"
DAMAGED_MESSAGE = ("索引损坏，请运行 python -m indexer build 修复（完好的部分保留，其余从原始文件重建）；"
                   "python -m indexer check 可检查索引而不作改动。")


#: a parenthesised English gloss the library adds to its Chinese messages: `（unclosed quote）`
_ENGLISH_GLOSS = re.compile(r"（[^（）\u3400-\u9fff]*[A-Za-z][^（）\u3400-\u9fff]*）")


def user_message(exc: Exception, default: str = "查询无法执行") -> str:
    """A library error's message as the Chinese UI says it: without its English gloss."""
    text = _ENGLISH_GLOSS.sub("", str(exc)).strip()
    return text or default


def wants_json() -> bool:
    try:
        return request.path.startswith("/api/")
    except Exception:
        return False


def plain_page(status: int, title: str, message: str) -> Response:
    """A self-contained error page: no template, no URL building."""
    body = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{status} · {escape(title)}</title>'
            f'<link rel="stylesheet" href="/static/style.css"></head><body><main class="wrap">'
            f'<div class="alert alert-error" role="alert"><h1>{status} · {escape(title)}</h1><p>{escape(message)}</p>'
            f'<p><a href="/">返回检索首页</a></p></div></main></body></html>')
    return Response(body, status=status, content_type="text/html; charset=utf-8")


def error_response(status: int, message: str, template: str = "error.html", title: str | None = None,
                   links: list[dict] | None = None):
    """JSON under /api/, else an HTML page; both carry `status`. Never raises.

    `links` ([{label, url}]) are the page's ways forward besides the search page."""
    title = title or _TITLES.get(status, "错误")
    if wants_json():
        return jsonify({"error": title, "message": message, "status": status}), status
    try:
        return render_template(template, status=status, title=title, message=message, links=links or []), status
    except Exception:
        return plain_page(status, title, message)


def init_app(app: Flask) -> None:
    @app.errorhandler(QueryError)
    def _query_error(exc):
        return error_response(400, user_message(exc))

    @app.errorhandler(NotFoundError)
    def _not_found(exc):
        return error_response(404, str(exc) or "没有这个编号")

    @app.errorhandler(IndexUnavailableError)
    def _no_index(exc):
        app.logger.warning("index unavailable: %s", exc)
        return error_response(503, NO_INDEX_MESSAGE, template="no_index.html")

    @app.errorhandler(IndexFormatError)
    def _old_format(exc):  # its message names no path: the layouts and the command
        return error_response(503, str(exc), template="no_index.html")

    @app.errorhandler(IndexDamagedError)
    def _damaged(exc):
        app.logger.error("index damaged: %s", exc)
        return error_response(503, DAMAGED_MESSAGE, template="index_damaged.html", title=DAMAGED_TITLE)

    @app.errorhandler(IndexBusyError)
    def _busy(exc):
        return error_response(503, "索引正忙，请稍后再试")

    @app.errorhandler(HTTPException)
    def _http(exc):
        messages = {400: "请求有误。", 404: "没有这个页面。", 405: "这个地址不接受该请求方法。", 413: "请求过大。", 414: "请求地址过长。"}
        if isinstance(exc, SecurityError):  # a Host header outside TRUSTED_HOSTS
            message = "请求的主机名（Host）不被本站接受。"
        else:
            message = messages.get(exc.code, "请求无法处理。")
        response = error_response(exc.code or 500, message)
        if exc.code == 405:  # keep the Allow header werkzeug computed
            response = _with_headers(response, exc.get_headers())
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, "服务器出错了，请稍后再试。")


def _with_headers(response, headers):
    from flask import make_response

    response = make_response(response)
    for name, value in headers:
        if name.lower() == "allow":
            response.headers[name] = value
    return response
