"""Library errors and HTTP errors become pages (or JSON under /api/).

QueryError -> 400, NotFoundError -> 404, IndexUnavailableError -> 503 with a
page that says how to build the index. Never a traceback.
"""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import IndexBusyError, IndexUnavailableError, NotFoundError, QueryError

_TITLES = {400: "请求有误", 404: "未找到", 405: "不支持的请求方法", 500: "服务器内部错误", 503: "索引不可用"}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str, template: str = "error.html"):
    """JSON under /api/, else an HTML page; both carry `status`."""
    if wants_json():
        return jsonify({"error": _TITLES.get(status, "错误"), "message": message, "status": status}), status
    return render_template(template, status=status, title=_TITLES.get(status, "错误"), message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(QueryError)
    def _query_error(exc):
        return error_response(400, str(exc) or "查询无法执行")

    @app.errorhandler(NotFoundError)
    def _not_found(exc):
        return error_response(404, str(exc) or "没有这个编号")

    @app.errorhandler(IndexUnavailableError)
    def _no_index(exc):
        return error_response(503, str(exc) or "索引尚未建立", template="no_index.html")

    @app.errorhandler(IndexBusyError)
    def _busy(exc):
        return error_response(503, str(exc) or "索引正忙，请稍后再试")

    @app.errorhandler(HTTPException)
    def _http(exc):
        messages = {404: "没有这个页面。", 405: "这个地址不接受该请求方法。"}
        return error_response(exc.code or 500, messages.get(exc.code, exc.description or ""))

    @app.errorhandler(Exception)
    def _unexpected(exc):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, "服务器出错了，请稍后再试。")
