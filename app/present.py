"""Turn search results into plain data the templates only loop over.

Facets follow Datasette's shape: each value carries its label, count and the
URLs that toggle or exclude it. Snippets are re-sanitised so that only <mark>
survives, whatever the search layer produced.
"""
from __future__ import annotations

import html
import re

from flask import url_for
from markupsafe import Markup, escape

from app.archive import category_names
from app.params import FIELD_LABELS, KINDS, USER_FIELDS, SearchState
from indexer.search.results import UNKNOWN

FACET_SHOWN = 10
BADGES = {"report": "报告", "section": "章节", "problem": "存在问题"}
_MARK = re.compile(r"(</?mark>)")


def safe_snippet(snippet: str) -> Markup:
    """Snippet HTML with only <mark></mark> kept; everything else escaped.

    Unescape-then-escape makes the result safe whether or not the input was
    already escaped.
    """
    out = []
    for piece in _MARK.split(snippet or ""):
        out.append(piece if piece in ("<mark>", "</mark>") else str(escape(html.unescape(piece))))
    text = "".join(out)
    # balance marks so a cut snippet cannot leave one open
    opened = text.count("<mark>") - text.count("</mark>")
    return Markup(text + "</mark>" * max(opened, 0))


def plain_snippet(snippet: str) -> str:
    return html.unescape(_MARK.sub("", snippet or ""))


def value_label(name: str, value: str) -> str:
    if name == "category":
        return category_names().get(value, value)
    return value


def facet_labels(result) -> dict[str, dict[str, str]]:
    """Facet field -> value -> label, where a facet labels its values (agency ids)."""
    return {name: {fv.value: fv.label for fv in facet.values if fv.label} for name, facet in result.facets.items()}


def search_url(state: SearchState, endpoint: str = "search.index") -> str:
    qs = state.query_string()
    return url_for(endpoint) + ("?" + qs if qs else "")


def hit_url(hit) -> str:
    if hit.kind == "problem":
        return url_for("problems.problem", problem_id=hit.id)
    url = url_for("reports.report", report_id=hit.report_id)
    return url + (f"#s{hit.section}" if hit.kind == "section" and hit.section else "")


def facets_view(result, state: SearchState, endpoint: str = "search.index") -> list[dict]:
    """[{name, label, values: [{value, label, count, selected, excluded, toggle_url, exclude_url}], truncated, more_url, less_url}]"""
    panels = []
    for name in USER_FIELDS:
        facet = result.facets.get(name)
        if facet is None:
            continue
        values = []
        for fv in facet.values:
            values.append(
                {
                    "value": fv.value,
                    "label": fv.label or value_label(name, fv.value),
                    "count": fv.count,
                    "selected": fv.selected or fv.value in state.filters.get(name, []),
                    "excluded": fv.excluded or fv.value in state.exclude.get(name, []),
                    "toggle_url": search_url(state.toggled(name, fv.value), endpoint),
                    "exclude_url": search_url(state.toggled(name, fv.value, exclude=True), endpoint),
                }
            )
        expanded = state.more == name
        # the 未识别 bucket stays in sight, so the records to fix can be found
        shown = values if expanded else values[:FACET_SHOWN] + [v for v in values[FACET_SHOWN:] if v["value"] == UNKNOWN]
        truncated = not expanded and (len(values) > FACET_SHOWN or facet.truncated)
        panels.append(
            {
                "name": name,
                "label": FIELD_LABELS[name],
                "values": shown,
                "truncated": truncated,
                "more_url": search_url(state.replace(more=name, page=state.page), endpoint) if truncated else None,
                "less_url": search_url(state.replace(more=None, page=state.page), endpoint) if expanded else None,
            }
        )
    return panels


def chips(state: SearchState, endpoint: str = "search.index", labels: dict | None = None) -> list[dict]:
    """Selected and excluded values, each with the URL that removes it;
    `labels` (facet_labels) names values that are ids."""
    labels = labels or {}
    out = []
    for excluded, source in ((False, state.filters), (True, state.exclude)):
        for name in USER_FIELDS:
            for value in source.get(name, []):
                out.append(
                    {
                        "field": FIELD_LABELS[name],
                        "label": labels.get(name, {}).get(value) or value_label(name, value),
                        "excluded": excluded,
                        "remove_url": search_url(state.toggled(name, value, exclude=excluded), endpoint),
                    }
                )
    if state.kind:
        out.append({"field": "类型", "label": KINDS[state.kind], "excluded": False, "remove_url": search_url(state.replace(kind=None), endpoint)})
    return out


def hits_view(result) -> list[dict]:
    return [
        {
            "id": h.id,
            "kind": h.kind,
            "badge": BADGES.get(h.kind, h.kind),
            "report_id": h.report_id,
            "agency": h.agency,
            "year": h.year,
            "section": h.section,
            "section_title": h.section_title,
            "snippet": safe_snippet(h.snippet),
            "url": hit_url(h),
        }
        for h in result.hits
    ]


def pages_view(result, state: SearchState, max_window: int) -> dict:
    """Pagination links: prev/next and a short window of page numbers."""
    last = max(1, -(-result.total // state.per_page))
    last = min(last, max(1, max_window // state.per_page))
    window = range(max(1, state.page - 3), min(last, state.page + 3) + 1)
    return {
        "page": state.page,
        "last": last,
        "prev_url": search_url(state.replace(page=state.page - 1)) if state.page > 1 else None,
        "next_url": search_url(state.replace(page=state.page + 1)) if state.page < last else None,
        "links": [{"number": n, "url": search_url(state.replace(page=n)), "current": n == state.page} for n in window],
    }
