"""Problem statements: their page, similar statements (page and API), and a
free-text "find statements like this" page."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, render_template, request, url_for

from app import present
from app.archive import category_names, get_archive
from indexer import similar
from indexer.errors import NotFoundError, QueryError

bp = Blueprint("problems", __name__)

#: f"{report_id}-p{number}"
PROBLEM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,150}-p\d{1,5}")
MAX_TEXT_CHARS = 2000


def _similar(problem_id: str):
    if not PROBLEM_ID.fullmatch(problem_id):
        raise NotFoundError(f"没有编号为 {problem_id} 的问题陈述")
    limit = current_app.config["SIMILAR_LIMIT"]
    # twice the slots ranked: a text several reports wrote takes one slot (`one_slot_per_text`)
    try:
        result = similar.similar_to_problem(get_archive(), problem_id, limit=2 * limit)
    except NotFoundError:  # the library's message quotes the id Python-style
        raise NotFoundError(f"没有编号为 {problem_id} 的问题陈述") from None
    result.similar = similar.one_slot_per_text(result.similar, limit)
    return result


def _problem_view(p) -> dict:
    names = category_names()
    return {
        "id": p.id,
        "number": p.number,
        "text": p.text,
        "agency": p.agency,
        "year": p.year,
        "region": p.region,
        "level": p.level,
        "report_id": p.report_id,
        "report_url": url_for("reports.report", report_id=p.report_id) + "#s5",
        "title": present.cut(p.text, 30),
        "categories": [{"id": c, "name": names.get(c, c), "cues": list((p.cues or {}).get(c, []))} for c in p.categories],
    }


def _similar_view(items) -> list[dict]:
    return [
        {
            "id": s.id,
            "text": s.text,
            "agency": s.agency,
            "year": s.year,
            "report_id": s.report_id,
            "score": s.score,
            "near_duplicate": s.near_duplicate,
            "stock_phrase": s.stock_phrase,
            "repeated_from_last_year": s.repeated_from_last_year,
            "holds_seed": s.holds_seed,
            "in_seed": s.in_seed,
            "url": url_for("problems.problem", problem_id=s.id),
            "report_url": url_for("reports.report", report_id=s.report_id),
            "same_text": [{"id": o["id"], "agency": o["agency"], "year": o["year"], "report_id": o["report_id"],
                           "url": url_for("problems.problem", problem_id=o["id"]),
                           "report_url": url_for("reports.report", report_id=o["report_id"])}
                          for o in s.same_text],
        }
        for s in items
    ]


def _source(p) -> dict:
    """Where the statement is written: its place in the report page, the stored
    original, the official page (when recorded) and the organ's page."""
    from app.copies import report_copies
    from app.security import safe_http_url

    stored = get_archive().report(p.report_id)
    return {
        "statement_url": url_for("reports.report", report_id=p.report_id) + f"#{p.id}",
        "file": stored.file,
        "original_url": url_for("reports.original", report_id=p.report_id),
        "download_url": url_for("reports.original", report_id=p.report_id, download=1),
        "official_url": safe_http_url(stored.report.source_url),
        "agency_url": report_copies(p.report_id)["agency_url"],
    }


def _source_fields(p) -> dict:
    """What the API adds to a statement so a script can get back to the source."""
    source = _source(p)
    return {"statement_url": source["statement_url"], "original_url": source["original_url"],
            "source_url": source["official_url"]}


@bp.get("/problems/<problem_id>")
def problem(problem_id: str):
    result = _similar(problem_id)
    return render_template("problem.html", problem=_problem_view(result.problem), similar=_similar_view(result.similar),
                           source=_source(result.problem))


@bp.get("/api/problems/<problem_id>")
def api_problem(problem_id: str):
    """One problem statement: its text, organ, categories with their cues, and links."""
    if not PROBLEM_ID.fullmatch(problem_id):
        raise NotFoundError(f"没有编号为 {problem_id} 的问题陈述")
    try:
        problem = get_archive().problem(problem_id)
    except NotFoundError:
        raise NotFoundError(f"没有编号为 {problem_id} 的问题陈述") from None
    body = _problem_view(problem) | _source_fields(problem)
    del body["title"]
    body["url"] = url_for("problems.problem", problem_id=problem_id)
    body["similar_url"] = url_for("problems.api_similar", problem_id=problem_id)
    return jsonify(body)


@bp.get("/api/problems/<problem_id>/similar")
def api_similar(problem_id: str):
    result = _similar(problem_id)
    body = _problem_view(result.problem) | _source_fields(result.problem)
    del body["title"]
    body["url"] = url_for("problems.problem", problem_id=result.problem.id)
    return jsonify({"problem": body, "similar": _similar_view(result.similar)})


def _pasted_text() -> str:
    text = (request.args.get("text") or "").strip()
    if len(text) > MAX_TEXT_CHARS:
        raise QueryError(f"文本过长：最多 {MAX_TEXT_CHARS} 个字符")
    return text


def _like(text: str) -> list[dict]:
    limit = current_app.config["SIMILAR_LIMIT"]
    found = similar.similar_to_text(get_archive(), text, limit=2 * limit)
    return _similar_view(similar.one_slot_per_text(found.similar if hasattr(found, "similar") else found, limit))


@bp.get("/similar")
def like_text():
    """Statements like a pasted text. Empty text shows just the form."""
    text = _pasted_text()
    return render_template("similar.html", text=text, similar=_like(text) if text else [], searched=bool(text))


@bp.get("/api/similar")
def api_like_text():
    """Statements like `text` (1–2000 characters), best first."""
    text = _pasted_text()
    if not text:
        raise QueryError("请用参数 text 给出要查找的问题表述")
    return jsonify({"text": text, "similar": _like(text)})
