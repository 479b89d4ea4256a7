"""The OpenAPI 3.1 description of every route, served at `/api/openapi.json`.

Written by hand as data, next to the views it describes; tests validate real
responses of every route against it (tests/test_app_openapi.py), so the two
cannot drift apart unnoticed.
"""
from __future__ import annotations

from flask import Blueprint, jsonify

from app.exports import COLUMNS
from app.params import CHOICES, HAS_PROBLEMS, KINDS, SECTIONS, SORTS, USER_FIELDS

bp = Blueprint("api", __name__)

_NULLABLE_INT = {"type": ["integer", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: dict, optional: dict | None = None, closed: bool = False) -> dict:
    out = {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}
    if closed:
        out["additionalProperties"] = False
    return out


def _param(name: str, schema: dict, description: str, where: str = "query", **extra) -> dict:
    return {"name": name, "in": where, "required": where == "path", "schema": schema, "description": description, **extra}


def _search_params(query_name: str = "q") -> list[dict]:
    values = {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 200}}
    params = [_param(query_name, {"type": "string", "maxLength": 500},
                     "检索词（词与词同时出现；\"…\" 为整句；支持 OR、NOT、括号）")]
    for name in USER_FIELDS:
        schema = dict(values)
        if name == "year":
            schema = {**values, "items": {"type": "string", "pattern": "^[0-9]{4}$"}}
        elif name in CHOICES:
            schema = {**values, "items": {"type": "string", "enum": list(CHOICES[name])}}
        params.append(_param(name, schema, f"筛选值（同一字段多个值为“或”）：{name}", style="form", explode=True))
        params.append(_param(f"exclude_{name}", schema, f"排除这些值：{name}", style="form", explode=True))
    params += [
        _param("kind", {"type": "string", "enum": list(KINDS)}, "只看报告或只看问题陈述（默认两者）"),
        _param("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "排序"),
        _param("year_from", {"type": "string", "pattern": "^[0-9]{4}$"}, "起始年度（含）；晚于 year_to 为 400"),
        _param("year_to", {"type": "string", "pattern": "^[0-9]{4}$"}, "截止年度（含）"),
        _param("has_problems", {"type": "string", "enum": list(HAS_PROBLEMS)}, "报告是否写明了存在的问题"),
        _param("section", {"type": "string", "enum": list(SECTIONS)}, "只在报告的第几部分中检索（5 含问题陈述）"),
    ]
    return params


_PAGING = [
    _param("page", {"type": "string", "pattern": "^[0-9]{1,6}$", "default": "1"}, "页码；page × per_page ≤ 10000"),
    _param("per_page", {"type": "string", "pattern": "^[0-9]{1,6}$", "default": "20"}, "每页条数，1–100"),
]


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int, html: bool = False) -> dict:
    texts = {400: "参数有误（中文说明在 message 中）", 404: "没有这个编号", 503: "索引尚未建立或暂不可读"}
    if html:
        return {str(s): {"description": texts[s], "content": {"text/html": {}}} for s in statuses}
    return {str(s): _json(_ref("Error"), texts[s]) for s in statuses}


def _html(description: str, *errors: int) -> dict:
    return {"responses": {"200": {"description": description, "content": {"text/html": {}}},
                          **_errors(*errors, html=True)}}


_ECHO = {
    "query": {"type": "string"}, "filters": {"type": "object", "additionalProperties": _STRINGS},
    "exclude": {"type": "object", "additionalProperties": _STRINGS},
    "kind": {"type": ["string", "null"], "enum": [*KINDS, None]}, "sort": {"type": "string", "enum": list(SORTS)},
    "year_from": _NULLABLE_INT, "year_to": _NULLABLE_INT,
    "has_problems": {"type": ["string", "null"], "enum": [*HAS_PROBLEMS, None]},
    "section": {"type": ["integer", "null"], "minimum": 1, "maximum": 6},
}

_FACET_VALUE = _obj({"value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
                     "selected": {"type": "boolean"}, "excluded": {"type": "boolean"},
                     "toggle_url": {"type": "string"}, "exclude_url": {"type": "string"}})

_HIT = _obj(
    {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["report", "section", "problem"]},
     "report_id": {"type": "string"}, "agency": {"type": "string"}, "agency_id": {"type": ["string", "null"]},
     "year": _NULLABLE_INT, "region": {**_STRINGS, "description": "省、市、县（由大到小）"}, "level": {"type": "string"},
     "organ_type": {"type": "string"}, "categories": {**_STRINGS, "description": "问题类别编号"},
     "section": {"type": ["integer", "null"]}, "section_title": {"type": "string"},
     "snippet": {"type": "string", "description": "HTML：报告文字已转义，命中词在 <mark> 中，别无其他标签"},
     "score": {"type": "number"}, "url": {"type": "string"}},
    {"match": {"type": "string", "enum": ["exact", "words"]}},
)

_CATEGORY = _obj({"id": {"type": "string"}, "name": {"type": "string"}, "cues": _STRINGS})

_PROBLEM = _obj({"id": {"type": "string"}, "number": {"type": "integer"}, "text": {"type": "string"},
                 "agency": {"type": "string"}, "year": _NULLABLE_INT, "region": {"type": "string"},
                 "level": {"type": "string"}, "report_id": {"type": "string"},
                 "categories": {"type": "array", "items": _CATEGORY}, "url": {"type": "string"},
                 "report_url": {"type": "string"}},
                {"similar_url": {"type": "string"},
                 "items": {"type": "array", "description": "本条列出的几项问题（两项以上时；仅相似陈述接口给出），各附只与该项相似的陈述的地址",
                           "items": _obj({"number": {"type": "integer"}, "text": {"type": "string"},
                                          "similar_url": {"type": "string"}, "api_similar_url": {"type": "string"}})},
                 "statement_url": {"type": "string", "description": "报告页中这一条的位置"},
                 "original_url": {"type": "string", "description": "本档案保存的原始文件"},
                 "source_url": {"type": ["string", "null"], "description": "官方页面（仅 http/https，未记录为 null）"}})

_SIMILAR = {"type": "array", "items": _obj(
    {"id": {"type": "string"}, "text": {"type": "string"}, "agency": {"type": "string"}, "year": _NULLABLE_INT,
     "report_id": {"type": "string"}, "score": {"type": "number", "minimum": 0, "maximum": 1},
     "near_duplicate": {"type": "boolean"}, "repeated_from_last_year": {"type": "boolean"},
     "stock_phrase": {"type": "boolean", "description": "文字相同，但属许多机关都写的套话（非抄袭）"},
     "holds_seed": {"type": "boolean", "description": "此条整段包含所查陈述，另有自己的文字"},
     "in_seed": {"type": "boolean", "description": "此条整段见于所查陈述（所查陈述另有文字）"},
     "seed_items": {"type": "array", "items": {"type": "integer"},
                    "description": "此条陈述了所查陈述的第几项（所查陈述列出两项以上时，编号见 items）"},
     "url": {"type": "string"}, "report_url": {"type": "string"},
     "same_text": {"type": "array", "description": "其他报告中文字完全相同的陈述（并入此条，不另占一位）",
                   "items": _obj({"id": {"type": "string"}, "agency": {"type": "string"}, "year": _NULLABLE_INT,
                                  "report_id": {"type": "string"}, "url": {"type": "string"},
                                  "report_url": {"type": "string"}})}})}

_REPORT = _obj(
    {"id": {"type": "string"}, "title": {"type": "string"}, "agency": {"type": "string"},
     "region": _obj({"province": {"type": "string"}, "city": {"type": "string"}, "county": {"type": "string"}}),
     "level": {"type": "string"}, "year": _NULLABLE_INT, "published": {"type": "string"}, "format": {"type": "string"},
     "sections": {"type": "array", "items": _obj({"number": _NULLABLE_INT, "title": {"type": "string"},
                                                   "canonical_title": {"type": "string"}, "text": {"type": "string"}})},
     "measures": {"type": "array", "items": _obj({"text": {"type": "string"}, "number": {"type": "integer"}})},
     "tables": {"type": "object"},
     "checks": {"type": "array", "items": _obj({"rule": {"type": "string"}, "passed": {"type": "boolean"},
                                                 "message": {"type": "string"}})},
     "warnings": _STRINGS, "file": {"type": "string"}, "content_hash": {"type": "string"},
     "indexed_at": {"type": "string"}, "categories": _STRINGS,
     "problems": {"type": "array", "items": _obj({"id": {"type": "string"}, "number": {"type": "integer"},
                                                   "text": {"type": "string"}, "categories": _STRINGS})},
     "source_url": {"type": ["string", "null"], "description": "官方页面（仅 http/https）"},
     "original_url": {"type": "string"}, "url": {"type": "string"},
     "other_years": {"type": "array", "items": _obj({"id": {"type": "string"}, "year": _NULLABLE_INT, "url": {"type": "string"}})}})

_EXPORT_ROW = _obj({c: {"type": "string"} for c in COLUMNS} | {
    "year": _NULLABLE_INT, "section": _NULLABLE_INT, "categories": _STRINGS, "category_names": _STRINGS,
    "kind": {"type": "string", "enum": ["report", "section", "problem"]},
    "text": {"type": "string", "description": "问题陈述全文，或命中章节（无检索词时为整份报告）的全文"}}, closed=True)

#: what /reports/{id}/original may send: text as read, or the stored file as it is
ORIGINAL_TYPES = ("text/plain", "text/markdown", "text/html", "application/pdf",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/octet-stream")

_SERIES = {"type": "array", "items": {"type": ["number", "null"]}}


def spec() -> dict:
    """The OpenAPI document."""
    search = _search_params()
    export_note = ("与检索页相同的参数；不分页、不设上限，逐行流式输出。列："
                   + "、".join(COLUMNS) + "。kind=report 为按报告导出，kind=problem 为按问题陈述导出。")
    paths = {
        "/api/search": {"get": {
            "summary": "检索报告与问题陈述", "operationId": "search", "parameters": search + _PAGING,
            "responses": {"200": _json(_ref("SearchResult"), "一页结果、按类型的计数与分面"), **_errors(400, 503)}}},
        "/api/facets/{field}": {"get": {
            "summary": "在一个分面的全部取值中查找", "operationId": "facetValues",
            "description": "q 为要在取值（或其中文名）中查找的文字；检索词用 query，其余参数同检索。",
            "parameters": [_param("field", {"type": "string", "enum": list(USER_FIELDS)}, "分面字段", "path"),
                           _param("q", {"type": "string", "maxLength": 100}, "要查找的取值文字")]
                          + [p for p in _search_params("query")],
            "responses": {"200": _json(_ref("FacetValues"), "匹配的取值，按数量排序"), **_errors(400, 404, 503)}}},
        "/api/reports/{report_id}": {"get": {
            "summary": "一份报告的结构化记录", "operationId": "report",
            "parameters": [_param("report_id", {"type": "string"}, "报告编号", "path")],
            "responses": {"200": _json(_ref("Report"), "报告"), **_errors(404, 503)}}},
        "/api/problems/{problem_id}": {"get": {
            "summary": "一条问题陈述", "operationId": "problem",
            "parameters": [_param("problem_id", {"type": "string"}, "问题编号（报告编号-p序号）", "path")],
            "responses": {"200": _json(_ref("Problem"), "问题陈述、类别及依据"), **_errors(404, 503)}}},
        "/api/problems/{problem_id}/similar": {"get": {
            "summary": "与一条问题陈述相似的陈述", "operationId": "similarToProblem",
            "parameters": [_param("problem_id", {"type": "string"}, "问题编号", "path")],
            "responses": {"200": _json(_obj({"problem": _ref("Problem"), "similar": _SIMILAR}), "最多 20 条，按相似度排序"),
                          **_errors(404, 503)}}},
        "/api/similar": {"get": {
            "summary": "与一段文字相似的问题陈述", "operationId": "similarToText",
            "parameters": [_param("text", {"type": "string", "maxLength": 2000}, "问题表述（1–2000 字）", required=True),
                           _param("problem", {"type": "string"}, "这段文字所出自的问题编号（其一项）；该报告不在结果中")],
            "responses": {"200": _json(_obj({"text": {"type": "string"}, "similar": _SIMILAR},
                                            {"problem": {"type": ["object", "null"]},
                                             "items": {"type": "array", "items": {"type": "object"}}}), "最多 20 条"),
                          **_errors(400, 404, 503)}}},
        "/api/trends": {"get": {
            "summary": "按年度的趋势数据", "operationId": "trends", "parameters": search,
            "responses": {"200": _json(_ref("Trends"), "趋势图背后的数字"), **_errors(400, 503)}}},
        "/api/openapi.json": {"get": {
            "summary": "本说明", "operationId": "openapi",
            "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1 文档")}}},
        "/export.csv": {"get": {
            "summary": "导出为 CSV（UTF-8，带 BOM）", "operationId": "exportCsv", "description": export_note, "parameters": search,
            "responses": {"200": {"description": "CSV；X-Total-Count 为行数",
                                  "headers": {"X-Total-Count": {"schema": {"type": "string"}}},
                                  "content": {"text/csv": {}}}, **_errors(400, 503, html=True)}}},
        "/export.jsonl": {"get": {
            "summary": "导出为 JSON Lines（每行一条）", "operationId": "exportJsonl", "description": export_note, "parameters": search,
            "responses": {"200": {"description": "每行一个 ExportRow",
                                  "headers": {"X-Total-Count": {"schema": {"type": "string"}}},
                                  "content": {"application/x-ndjson": {}}}, **_errors(400, 503, html=True)}}},
        "/export.json": {"get": {
            "summary": "导出为一个 JSON 文档", "operationId": "exportJson", "description": export_note, "parameters": search,
            "responses": {"200": _json(_ref("Export"), "全部结果"), **_errors(400, 503, html=True)}}},
        "/feed.atom": {"get": {
            "summary": "订阅检索：最新的 50 条匹配报告与问题陈述（Atom）", "operationId": "feed", "parameters": search,
            "responses": {"200": {"description": "Atom 1.0",
                                  "content": {"application/atom+xml": {}}}, **_errors(400, 503, html=True)}}},
        "/reports/{report_id}/original": {"get": {
            "summary": "原始文件", "operationId": "original",
            "description": "在浏览器中：txt/md 为纯文本，HTML 原件显示为提取出的可读文字（从不执行），PDF 原样；download=1 按原类型下载原件。",
            "parameters": [_param("report_id", {"type": "string"}, "报告编号", "path"),
                           _param("download", {"type": "string", "enum": ["1"]}, "下载原件")],
            "responses": {"200": {"description": "原始文件或其文字",
                                  "content": {t: {} for t in ORIGINAL_TYPES}},
                          **_errors(404, 503, html=True)}}},
        "/": {"get": {"summary": "检索页", "operationId": "searchPage", "parameters": search + _PAGING
                      + [_param("more", {"type": "string", "enum": list(USER_FIELDS)}, "列出该分面的全部取值")],
                      **_html("检索页", 400, 503)}},
        "/reports/{report_id}": {"get": {"summary": "报告页", "operationId": "reportPage",
                                         "parameters": [_param("report_id", {"type": "string"}, "报告编号", "path")], **_html("报告页", 404, 503)}},
        "/problems/{problem_id}": {"get": {"summary": "问题陈述页", "operationId": "problemPage",
                                           "parameters": [_param("problem_id", {"type": "string"}, "问题编号", "path")], **_html("问题陈述与相似陈述", 404, 503)}},
        "/similar": {"get": {"summary": "相似问题查找页", "operationId": "similarPage",
                             "parameters": [_param("text", {"type": "string", "maxLength": 2000}, "问题表述")], **_html("查找页", 400, 503)}},
        "/trends": {"get": {"summary": "趋势图页", "operationId": "trendsPage", "parameters": search, **_html("趋势图", 400, 503)}},
    }
    schemas = {
        "Error": _obj({"error": {"type": "string"}, "message": {"type": "string"}, "status": {"type": "integer"}}, closed=True),
        "Hit": _HIT,
        "FacetValue": _FACET_VALUE,
        "SearchResult": _obj(_ECHO | {
            "total": {"type": "integer", "minimum": 0},
            "kind_totals": _obj({k: {"type": "integer", "minimum": 0} for k in ("report", "section", "problem")}),
            "partial": {"type": "boolean", "description": "一个分片没有响应，结果不完整（分布式后端）"},
            "exact_total": {"type": "integer", "minimum": 0, "description": "逐字匹配的条数；其余为按词的最佳匹配（match: words）"},
            "read_as": {"type": ["string", "null"],
                        "description": "最佳匹配按报告常用说法理解的检索词（如“人手紧”理解为“人员不足”）；按原样检索时为 null"},
            "page": {"type": "integer"}, "per_page": {"type": "integer"},
            "hits": {"type": "array", "items": _ref("Hit")},
            "facets": {"type": "object", "additionalProperties": {"type": "array", "items": _ref("FacetValue")}},
            "facets_truncated": {"type": "object", "additionalProperties": {"type": "boolean"}},
            "facet_value_counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "has_problems_counts": _obj({k: {"type": "integer", "minimum": 0} for k in ("yes", "no")})
            | {"description": "“问题陈述”两个选项各自的文档数（写明/未写明存在的问题的报告及其问题陈述），按分面的算法：不计该选项本身"},
            "region_depths": _obj({}, {rank: {"type": "array", "items": _ref("FacetValue")}
                                       for rank in ("province", "city", "county", "township")})
            | {"description": "地区分面逐级（省、市、县、乡镇街道）列出，每级含“未识别”，各级计数之和等于检索到的文档数"}}),
        "FacetValues": _obj({"field": {"type": "string"}, "label": {"type": "string"}, "q": {"type": "string"},
                             "values": {"type": "array", "items": _ref("FacetValue")},
                             "value_count": {"type": "integer", "minimum": 0, "description": "匹配的取值个数"},
                             "truncated": {"type": "boolean", "description": "匹配的取值多于列出的"}}),
        "Report": _REPORT,
        "Problem": _PROBLEM,
        "Trends": _obj(_ECHO | {
            "total": {"type": "integer"}, "undated": {"type": "integer"},
            "years": {"type": "array", "items": {"type": "integer"}},
            "reports_per_year": {"type": "array", "items": {"type": "integer"}},
            "categories": {"type": "array", "items": _obj({"id": {"type": "string"}, "name": {"type": "string"}, "shares": _SERIES})},
            "received": _SERIES,
            "reports_with_applications_table": {"type": "array", "items": {"type": "integer"}},
            "outcomes": {"type": "array", "items": _obj({"name": {"type": "string"}, "totals": _SERIES})},
            "checks": {"type": "array", "items": _obj({"name": {"type": "string"}, "reports": {"type": "array", "items": {"type": "integer"}}})}},
            {"reports_with_problems_part": {"type": "array", "items": {"type": "integer"}, "description": "当年有“存在的主要问题”部分的报告数（categories 与 copied_share 的分母）"},
             "disclosed_share": _SERIES, "disclosed_n": {"type": "array", "items": {"type": "integer"}, "description": "予以公开与（七）总计都有的报告数"},
             "corrected_share": _SERIES, "corrected_n": {"type": "array", "items": {"type": "integer"}, "description": "有已审结复议、诉讼案件的报告数"},
             "copied_share": _SERIES}),
        "ExportRow": _EXPORT_ROW,
        "Export": _obj(_ECHO | {"total": {"type": "integer"}, "hits": {"type": "array", "items": _ref("ExportRow")}}),
    }
    paths.update(_workbench(search))
    return {
        "openapi": "3.1.0",
        "info": {"title": "年报检索 API", "version": "1",
                 "description": "政府信息公开工作年度报告的检索与数据导出。只读，全部为 GET。错误为 JSON：{error, message, status}（/api/ 下）。"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(spec())


def _workbench(search: list) -> dict:
    """The researcher's workbench (issue 14): organ pages, copies, statistics exports."""
    organ = [_param("agency_id", {"type": "string"}, "机关编号（agency_id）", "path")]
    cluster = [_param("cluster_id", {"type": "string"}, "雷同组编号", "path")]

    def get(summary, op, params, types, *errors, html=True):
        return {"get": {"summary": summary, "operationId": op, "parameters": params,
                        "responses": {"200": {"description": summary, "content": {t: {} for t in types}},
                                      **_errors(*errors, html=html)}}}

    years = [_param("from", {"type": "string"}, "较早年度"), _param("to", {"type": "string"}, "较晚年度")]
    copies = [_param("unit", {"type": "string", "enum": ["problem", "paragraph"]}, "问题陈述或段落"),
              _param("order", {"type": "string", "enum": ["size", "organs", "year"]}, "排序")]
    return {
        "/agencies/{agency_id}": get("机关历年报告与关键数字", "agency", organ, ["text/html"], 404, 503),
        "/agencies/{agency_id}/compare": get("同一机关两年报告比较", "compare", organ + years, ["text/html"], 400, 404, 503),
        "/copies": get("雷同文本（不同机关共有的文字）", "copies", search + copies, ["text/html"], 400, 404, 503),
        "/copies/{cluster_id}": get("一个雷同组", "cluster", cluster, ["text/html"], 404, 503),
        "/api/copies/{cluster_id}": get("一个雷同组（JSON）", "apiCluster", cluster, ["application/json"], 404, 503, html=False),
        "/export/statistics.csv": get("统计表单元格（整洁格式，CSV）", "statisticsCsv", search, ["text/csv"], 400, 503),
        "/export/statistics.jsonl": get("统计表单元格（JSON Lines）", "statisticsJsonl", search, ["application/x-ndjson"], 400, 503),
        "/api/statistics": get("统计表单元格（JSON）", "apiStatistics", search, ["application/json"], 400, 503, html=False),
        "/export/checks.csv": get("勾稽核对（CSV）", "checksCsv", search, ["text/csv"], 400, 503),
        "/export/checks.jsonl": get("勾稽核对（JSON Lines）", "checksJsonl", search, ["application/x-ndjson"], 400, 503),
        "/api/checks": get("勾稽核对（JSON）", "apiChecks", search, ["application/json"], 400, 503, html=False),
    }
