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
            "seed_items": list(s.seed_items),
            "url": url_for("problems.problem", problem_id=s.id),
            "report_url": url_for("reports.report", report_id=s.report_id),
            "same_text": [{"id": o["id"], "agency": o["agency"], "year": o["year"], "report_id": o["report_id"],
                           "url": url_for("problems.problem", problem_id=o["id"]),
                           "report_url": url_for("reports.report", report_id=o["report_id"])}
                          for o in s.same_text],
        }
        for s in items
    ]


def _items_view(items: list[str], problem_id: str | None = None) -> list[dict]:
    """The items a statement lists, numbered from 1, each with the pages of the
    statements like that item alone (its own report left out when it is a problem's)."""
    extra = {"problem": problem_id} if problem_id else {}
    return [{"number": n, "text": item,
             "similar_url": url_for("problems.like_text", text=item, **extra),
             "api_similar_url": url_for("problems.api_like_text", text=item, **extra)}
            for n, item in enumerate(items, 1)]


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
                           source=_source(result.problem), items=_items_view(result.items, result.problem.id))


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
    body["items"] = _items_view(result.items, result.problem.id)
    return jsonify({"problem": body, "similar": _similar_view(result.similar)})


def _pasted_text() -> str:
    text = (request.args.get("text") or "").strip()
    if len(text) > MAX_TEXT_CHARS:
        raise QueryError(f"文本过长：最多 {MAX_TEXT_CHARS} 个字符")
    return text


def _source_problem():
    """The statement the text was taken from (parameter `problem`: one of its
    items), or None; its report is left out of the similar statements."""
    problem_id = (request.args.get("problem") or "").strip()
    if not problem_id:
        return None
    if not PROBLEM_ID.fullmatch(problem_id):
        raise NotFoundError(f"没有编号为 {problem_id} 的问题陈述")
    try:
        return get_archive().problem(problem_id)
    except NotFoundError:
        raise NotFoundError(f"没有编号为 {problem_id} 的问题陈述") from None


def _like(text: str, source=None):
    """(the similar statements' view, the text's items) for `text`."""
    limit = current_app.config["SIMILAR_LIMIT"]
    found = similar.similar_to_text(get_archive(), text, limit=2 * limit,
                                    exclude_report=source.report_id if source is not None else None)
    return _similar_view(similar.one_slot_per_text(found.similar, limit)), found.items


def _source_view(p) -> dict | None:
    if p is None:
        return None
    return {"id": p.id, "number": p.number, "agency": p.agency, "year": p.year, "text": p.text,
            "url": url_for("problems.problem", problem_id=p.id)}


@bp.get("/similar")
def like_text():
    """Statements like a pasted text (or, with `problem`, like one item of that
    statement, its own report left out). Empty text shows just the form."""
    text = _pasted_text()
    source = _source_problem()
    found, items = _like(text, source) if text else ([], [])
    return render_template("similar.html", text=text, similar=found, searched=bool(text),
                           items=_items_view(items, source.id if source is not None else None),
                           source=_source_view(source))


@bp.get("/api/similar")
def api_like_text():
    """Statements like `text` (1–2000 characters), best first; `problem`: the
    statement it was taken from, whose report is left out."""
    text = _pasted_text()
    if not text:
        raise QueryError("请用参数 text 给出要查找的问题表述")
    source = _source_problem()
    found, items = _like(text, source)
    return jsonify({"text": text, "problem": _source_view(source),
                    "items": _items_view(items, source.id if source is not None else None), "similar": found})
