"""年报检索 web front end: `create_app()` builds a Flask app over a built index.

Nothing is built at import time and no request ever builds the index; the
app only reads the archive that `python -m indexer build` wrote.
"""
from __future__ import annotations

import os

from flask import Flask, redirect, url_for

from indexer.search import query


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


def create_app(test_config: dict | None = None) -> Flask:
    """The application. Configuration: defaults, then environment variables
    (NIANBAO_CORPUS_DIR, NIANBAO_INDEX_DIR, NIANBAO_PORT), then `test_config`."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    app.config.from_mapping(
        CORPUS_DIR=os.environ.get("NIANBAO_CORPUS_DIR") or "corpus",
        INDEX_DIR=os.environ.get("NIANBAO_INDEX_DIR") or os.path.join("var", "index"),
        PORT=_env_int("NIANBAO_PORT", 8000),
        BACKEND=os.environ.get("NIANBAO_BACKEND") or "whoosh",  # or "sphinx": see indexer.search.backends
        SPHINX=os.environ.get("NIANBAO_SPHINX") or "",
        MAX_QUERY_CHARS=query.MAX_QUERY_CHARS,  # the library's own limit: one number, one message
        MAX_PER_PAGE=100,
        MAX_RESULT_WINDOW=10_000,  # page * per_page
        MAX_FILTER_VALUES=20,  # values per facet field in one request
        SIMILAR_LIMIT=20,
        JSON_AS_ASCII=False,
    )
    from app import archive, errors, security

    # Absolute URLs come only from NIANBAO_PUBLIC_URL; a Host header outside
    # TRUSTED_HOSTS gets a 400 (app.security).
    app.config["PUBLIC_URL"] = security.public_url(os.environ.get("NIANBAO_PUBLIC_URL"))
    app.config["TRUSTED_HOSTS"] = security.trusted_hosts(
        app.config["PUBLIC_URL"], os.environ.get("NIANBAO_TRUSTED_HOSTS"), os.environ.get("NIANBAO_HOST"))
    if test_config:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False

    security.init_app(app)
    errors.init_app(app)
    archive.init_app(app)

    from app import exports, openapi, problems, reports, search, trends

    for module in (search, exports, openapi, reports, problems, trends):
        app.register_blueprint(module.bp)

    from app import agencies, copies, statistics  # the researcher's workbench (issue 14)

    for module in (agencies, copies, statistics):
        app.register_blueprint(module.bp)

    from app.crumbs import came_from_search

    app.jinja_env.globals["came_from_search"] = came_from_search

    # browsers ask for /favicon.ico on non-HTML documents (originals) too
    app.add_url_rule("/favicon.ico", "favicon", lambda: redirect(url_for("static", filename="favicon.svg"), 301))
    return app
