"""Turn search results into plain data the templates only loop over.

Facets follow Datasette's shape: each value carries its label, count and the
URLs that toggle or exclude it. Snippets are re-sanitised so that only <mark>
survives, whatever the search layer produced.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlencode

from flask import url_for
from markupsafe import Markup, escape

from app.archive import category_names
from app.params import CHOICES, FIELD_LABELS, HAS_PROBLEMS, KINDS, SECTIONS, USER_FIELDS, SearchState
from indexer.search.results import UNKNOWN

FACET_SHOWN = 10
FACET_ALL = 500  # values listed by 显示全部; the filter box asks the server for the rest
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


def value_labels(name: str) -> dict[str, str]:
    """Value -> label for fields whose values are codes (category ids, yes/no …)."""
    if name == "category":
        return category_names()
    return CHOICES.get(name, {})


def value_label(name: str, value: str) -> str:
    return value_labels(name).get(value, value)


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


#: The region facet's depths, as the page names them.
DEPTH_LABELS = {"province": "省", "city": "市", "county": "县", "township": "乡镇街道"}


def _value_view(name: str, fv, state: SearchState, endpoint: str) -> dict:
    """One facet value as the page lists it, with its toggle and exclude links."""
    return {
        "value": fv.value,
        "label": fv.label or value_label(name, fv.value),
        "count": fv.count,
        "selected": fv.selected or fv.value in state.filters.get(name, []),
        "excluded": fv.excluded or fv.value in state.exclude.get(name, []),
        "toggle_url": search_url(state.toggled(name, fv.value), endpoint),
        "exclude_url": search_url(state.toggled(name, fv.value, exclude=True), endpoint),
    }


def _depth_values(name: str, found, state: SearchState, endpoint: str, expanded: bool) -> list[dict]:
    """One depth of the region facet as the page lists it (its 未识别 always kept)."""
    values = [_value_view(name, fv, state, endpoint) for fv in found]
    if expanded:
        return values
    return [v for i, v in enumerate(values) if i < FACET_SHOWN or v["value"] == UNKNOWN or v["selected"] or v["excluded"]]


def facets_view(result, state: SearchState, endpoint: str = "search.index") -> list[dict]:
    """[{name, label, values: [{value, label, count, selected, excluded, toggle_url, exclude_url}],
    truncated, value_count, cut_note, api_url, more_url, less_url}]"""
    panels = []
    for name in USER_FIELDS:
        facet = result.facets.get(name)
        if facet is None:
            continue
        values = [_value_view(name, fv, state, endpoint) for fv in facet.values]
        expanded = state.more == name
        # the 未识别 bucket stays in sight, so the records to fix can be found
        shown = values if expanded else values[:FACET_SHOWN] + [v for v in values[FACET_SHOWN:] if v["value"] == UNKNOWN]
        truncated = not expanded and (len(values) > FACET_SHOWN or facet.truncated)
        depths = [{"label": DEPTH_LABELS[rank], "rank": rank,
                   "open": rank == "province" or any(v.selected or v.excluded for v in found),
                   "values": _depth_values(name, found, state, endpoint, expanded)}
                  for rank, found in facet.depths.items() if found]
        panels.append(
            {
                "depths": depths,
                "name": name,
                "label": FIELD_LABELS[name],
                "values": shown,
                "truncated": truncated,
                "value_count": facet.value_count,
                "filterable": len(shown) > 8 or facet.value_count > len(shown),
                # 显示全部 lists FACET_ALL values at most: say so, the filter box finds the rest
                "cut_note": f"共 {facet.value_count} 个值，此处列出前 {len(values)} 个；用上面的查找框可找到其余的值" if expanded and facet.truncated else "",
                "api_url": facet_api_url(name, state),
                "more_url": search_url(state.replace(more=name, page=state.page), endpoint) if truncated else None,
                "less_url": search_url(state.replace(more=None, page=state.page), endpoint) if expanded else None,
            }
        )
    return panels


def chips(state: SearchState, endpoint: str = "search.index", labels: dict | None = None,
          keep: dict | None = None) -> list[dict]:
    """Selected and excluded values, each with the URL that removes it;
    `labels` (facet_labels) names values that are ids; `keep` are the page's own
    parameters (the copies page's unit and order) that every such URL keeps."""
    labels = labels or {}

    def url(changed: SearchState) -> str:
        found = search_url(changed, endpoint)
        return found + ("&" if "?" in found else "?") + urlencode(keep) if keep else found

    out = []
    for excluded, source in ((False, state.filters), (True, state.exclude)):
        for name in USER_FIELDS:
            for value in source.get(name, []):
                out.append(
                    {
                        "field": FIELD_LABELS[name],
                        "label": labels.get(name, {}).get(value) or value_label(name, value),
                        "excluded": excluded,
                        "remove_url": url(state.toggled(name, value, exclude=excluded)),
                    }
                )
    if state.kind:
        out.append({"field": "类型", "label": KINDS[state.kind], "excluded": False, "remove_url": url(state.replace(kind=None))})
    if state.year_from is not None or state.year_to is not None:
        span = f"{state.year_from or '…'}—{state.year_to or '…'}"
        out.append({"field": "年度范围", "label": span, "excluded": False, "remove_url": url(state.replace(year_from=None, year_to=None))})
    if state.has_problems:
        out.append({"field": "问题陈述", "label": HAS_PROBLEMS[state.has_problems], "excluded": False, "remove_url": url(state.replace(has_problems=None))})
    if state.section:
        out.append({"field": "只查", "label": SECTIONS[state.section], "excluded": False, "remove_url": url(state.replace(section=None))})
    return out


def facet_api_url(name: str, state: SearchState) -> str:
    """`/api/facets/<name>` for this search (its text as `query`), without a value text yet."""
    pairs = [("query" if k == "q" else k, v) for k, v in state.replace(more=None).pairs(page=False)]
    qs = urlencode(pairs)
    return url_for("search.api_facets", field=name) + ("?" + qs if qs else "")


def facet_value_json(name: str, fv, state: SearchState) -> dict:
    """One facet value for the API, with the search page URLs that toggle or exclude it."""
    return _value_view(name, fv, state.replace(more=None), "search.index")


def controls_view(state: SearchState, endpoint: str = "search.index", problem_counts: dict | None = None) -> dict:
    """The filters that are not facet lists: year range, has_problems, section.

    `keep` is the rest of the state as hidden form fields, so the year range and
    section forms change only their own parameters. `problem_counts` (a search's
    `problem_counts`) gives has_problems' choices their counts, as a facet's values.
    """
    def link(**change):
        return search_url(state.replace(**change), endpoint)

    keep = [(k, v) for k, v in state.pairs(page=False) if k not in ("year_from", "year_to", "section", "more")]
    return {
        "year_from": state.year_from or "",
        "year_to": state.year_to or "",
        "keep": keep,
        "has_problems": [{"value": v, "label": label, "current": state.has_problems == v,
                          "count": (problem_counts or {}).get(v),
                          "url": link(has_problems=None if state.has_problems == v else v)} for v, label in HAS_PROBLEMS.items()],
        "section": state.section or "",
        "sections": list(SECTIONS.items()),
    }


def kind_switch(result, state: SearchState) -> dict:
    """Counts by kind (报告 · 章节 · 存在问题) and the links that switch `kind`."""
    totals = result.kind_totals or {}
    reports = totals.get("report", 0) + totals.get("section", 0)
    counts = {None: reports + totals.get("problem", 0), "report": reports, "problem": totals.get("problem", 0)}
    labels = {None: "全部", **KINDS}
    return {
        "split": [(BADGES[k], totals.get(k, 0)) for k in ("report", "section", "problem")],
        "links": [{"kind": k or "all", "label": labels[k], "count": counts[k], "current": state.kind == k,
                   "url": search_url(state.replace(kind=k)),
                   "export_url": search_url(state.replace(kind=k, more=None), "exports.export_csv")} for k in (None, *KINDS)],
    }


_PREFIX = re.compile(r"\b(agency|year|category|region|level|kind|format|failed_check|section):(\S+)")


def prefix_hint(state: SearchState) -> dict | None:
    """When the query holds `field:value` (searched as plain words), the same search with that filter set."""
    found = list(_PREFIX.finditer(state.q))
    if not found:
        return None
    rest = " ".join(_PREFIX.sub(" ", state.q).split())
    filters = {k: list(v) for k, v in state.filters.items()}
    fixed = state.replace(q=rest)
    for m in found:
        name, value = m.group(1), m.group(2)
        if name in USER_FIELDS and value not in filters.get(name, []):
            filters.setdefault(name, []).append(value)
        elif name == "kind" and value in KINDS:
            fixed.kind = value
        elif name == "section" and value in SECTIONS:
            fixed.section = value
    fixed.filters = filters
    return {"prefixes": [m.group(0) for m in found], "url": search_url(fixed)}


def hit_json(hit) -> dict:
    """A hit as the API and the exports give it (`snippet` is HTML with only <mark>)."""
    return {
        "id": hit.id,
        "kind": hit.kind,
        "report_id": hit.report_id,
        "agency": hit.agency,
        "agency_id": hit.agency_id or None,
        "year": hit.year,
        "region": list(hit.region),
        "level": hit.level,
        "organ_type": hit.organ_type,
        "categories": list(hit.categories),
        "section": hit.section,
        "section_title": hit.section_title,
        "snippet": str(safe_snippet(hit.snippet)),
        "score": hit.score,
        "match": hit.match,
        "url": hit_url(hit),
    }


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
            "match": h.match,
        }
        for h in result.hits
    ]


#: what a facet count counts, by the tab shown
FACET_UNITS = {None: "以下数字为当前结果的条数：报告、章节与问题陈述合计；只数报告请选“报告”。",
               "report": "以下数字为当前结果中的报告数（一份报告算一条）。",
               "problem": "以下数字为当前结果中的问题陈述条数。"}


def facet_unit(state: SearchState) -> str:
    """What the facet counts on this tab count (they mix reports and statements on 全部)."""
    return FACET_UNITS[state.kind]


#: a query this long (its characters but spaces), or any query on the 问题 tab, is offered
#: the similar-statement search for its text (a pasted statement, a problem phrased as a sentence)
SIMILAR_OFFER_CHARS = 6


def similar_offer(state: SearchState) -> str | None:
    """The /similar page for the query's text, when the query reads like a statement
    or is asked of problem statements; None for a short query on another tab."""
    text = " ".join(state.q.split())
    if not text or (state.kind != "problem" and len(text.replace(" ", "")) < SIMILAR_OFFER_CHARS):
        return None
    return url_for("problems.like_text", text=text)


def other_kinds(switch: dict, result, state: SearchState) -> dict | None:
    """On a tab with no hits, the tab that has some: its link of `switch`
    (`kind_switch`'s, with its label, count and url)."""
    if result.total or state.kind is None:
        return None
    found = [k for k in switch["links"] if k["kind"] == "all" and k["count"]]
    return found[0] if found else None


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


def cut(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters (an ellipsis marks a cut)."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
