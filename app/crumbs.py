"""The way back to the search a reader came from.

A report, statement or organ page opened from a result list offers, in its
crumb line, the same search again (query, filters, tab and page), not an empty
search box. The page knows the search from the request's Referer, which the
browser sends for links inside this site (`Referrer-Policy: same-origin`, see
`app.security`). Nothing of the Referer is echoed as it came: it is used only
when it is this site's search page, and the link is rebuilt from the
parameters `params.parse_state` accepts, so a hand-made or hostile Referer
gives the plain 检索 link.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from app.params import SearchState, parse_state
from app.present import search_url
from indexer.errors import QueryError

#: The longest query shown in the crumb; the link keeps the whole query.
SHOWN = 16


def came_from_search() -> dict | None:
    """`{"url", "label"}` of the search this page was opened from, or None."""
    referrer = request.headers.get("Referer", "")
    if not referrer or len(referrer) > 8192:
        return None
    try:
        parts = urlsplit(referrer)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.netloc != request.host or parts.path != url_for("search.index"):
        return None
    try:
        state = parse_state(MultiDict(parse_qsl(parts.query, max_num_fields=200)))
    except (QueryError, ValueError):
        return None
    if not state.q and not state.has_filters:
        return None
    return {"url": search_url(state), "label": _label(state)}


def _label(state: SearchState) -> str:
    if not state.q:
        return "检索结果"
    shown = state.q if len(state.q) <= SHOWN else state.q[:SHOWN] + "…"
    return f"检索“{shown}”"
