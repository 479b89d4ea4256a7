"""The statistics exports: tidy 表二/三/四 cells and checks, streamed, no cap (app.statistics)."""
from __future__ import annotations

import csv
import io
import json

import pytest

pytest.register_assert_rewrite("workbench_fixtures")

pytest_plugins = ["workbench_fixtures"]

SONGBEI = {"report_id": "songbei-qu-2020", "agency_id": "230109:人民政府", "agency": "哈尔滨市松北区人民政府",
           "province": "黑龙江省", "city": "哈尔滨市", "county": "松北区", "level": "县级", "organ_type": "人民政府",
           "year": 2020, "format": "2019"}
COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other", "total"]
#: 表三 of songbei-qu-2020.txt, row by row as the report prints it (its 予以公开 row does not add up: 91 vs 92).
TABLE_3 = {
    "received": [140, 1, 0, 0, 0, 0, 141], "carried_over": [0, 0, 0, 0, 0, 0, 0],
    "disclosed": [91, 0, 0, 0, 0, 0, 92], "partly_disclosed": [33, 0, 0, 0, 0, 0, 33],
    "withheld_state_secret": [0] * 7, "withheld_law_prohibited": [1, 0, 0, 0, 0, 0, 1],
    "withheld_security_stability": [0] * 7, "withheld_third_party": [3, 0, 0, 0, 0, 0, 3],
    "withheld_internal_affairs": [1, 0, 0, 0, 0, 0, 1], "withheld_process_info": [1, 0, 0, 0, 0, 0, 1],
    "withheld_enforcement_file": [0] * 7, "withheld_inquiry": [0] * 7,
    "unable_not_held": [1, 1, 0, 0, 0, 0, 1], "unable_needs_creation": [0] * 7, "unable_unclear": [0] * 7,
    "not_processed_petition": [0] * 7, "not_processed_repeated": [4, 0, 0, 0, 0, 0, 4],
    "not_processed_publication": [0] * 7, "not_processed_excessive": [0] * 7, "not_processed_confirmation": [0] * 7,
    "other_processing": [5, 0, 0, 0, 0, 0, 5], "result_total": [140, 1, 0, 0, 0, 0, 141],
    "carried_forward": [0] * 7,
}


def _jsonl(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.is_streamed
    return [json.loads(line) for line in response.data.decode("utf-8").splitlines()]


def test_the_exact_tidy_rows_of_one_reports_table_3(workbench_client):
    rows = _jsonl(workbench_client, "/export/statistics.jsonl?agency=哈尔滨市松北区人民政府")
    assert [r for r in rows if r["table"] == "表三"] == [
        SONGBEI | {"table": "表三", "row": row, "column": column, "value": value}
        for row, values in TABLE_3.items() for column, value in zip(COLUMNS, values)]
    assert {r["table"] for r in rows} == {"表二", "表三", "表四"}
    assert {"table": "表四", "row": "review", "column": "corrected", "value": 4} in [
        {k: r[k] for k in ("table", "row", "column", "value")} for r in rows]


def test_csv_and_api_give_the_same_rows_and_follow_the_filters(workbench_client):
    lines = _jsonl(workbench_client, "/export/statistics.jsonl?year=2020")
    response = workbench_client.get("/export/statistics.csv?year=2020")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(table) == len(lines) == 23 * 7 + len([r for r in lines if r["table"] != "表三"])
    assert table[0] == {k: str(v) for k, v in lines[0].items()}
    body = workbench_client.get("/api/statistics?year=2020").get_json()
    assert body["rows"] == lines and body["columns"][-4:] == ["table", "row", "column", "value"]
    # of 2022, only 示例县财政局 has tables (甲镇 and 乙镇 are prose only)
    assert {r["report_id"] for r in _jsonl(workbench_client, "/export/statistics.jsonl?year=2022")} == {"shili-caizhengju-2022"}


def test_checks_export(workbench_client):
    rows = _jsonl(workbench_client, "/export/checks.jsonl?agency=哈尔滨市松北区人民政府")
    assert rows and all(set(r) == set(SONGBEI) | {"rule", "passed", "message"} for r in rows)
    failed = [r for r in rows if not r["passed"]]
    assert failed and all(r["rule"].startswith(("applications.", "reviews.", "text.")) for r in failed)
    assert workbench_client.get("/export/checks.csv?year=abc").status_code == 400
