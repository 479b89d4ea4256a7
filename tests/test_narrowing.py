"""indexer.search.narrowing and Archive.export / facet_search on the real index
(built once by app_fixtures from the corpus plus two hostile reports)."""
from __future__ import annotations

import pytest

from indexer.errors import QueryError
from indexer.search.narrowing import Narrowing

pytest_plugins = ["app_fixtures"]


@pytest.mark.parametrize("narrowing", [Narrowing(2023, 2020), Narrowing(year_from=20), Narrowing(has_problems="maybe")])
def test_bad_narrowing_is_a_query_error(archive, narrowing):
    with pytest.raises(QueryError):
        archive.search("", narrowing=narrowing)


def test_year_range_leaves_out_unknown_years(archive):
    every = archive.search("", per_page=100, kind="report")
    ranged = archive.search("", per_page=100, kind="report", narrowing=Narrowing(1000, 9999))
    assert ranged.total == sum(1 for r in archive.reports() if r.report.year)
    assert ranged.total <= every.total
    assert archive.search("", narrowing=Narrowing(2020, 2020)).total == archive.search("", filters={"year": ["2020"]}).total


def test_has_problems_splits_reports_and_keeps_their_statements(archive):
    stating = archive.search("", per_page=100, narrowing=Narrowing(has_problems="yes"))
    silent = archive.search("", per_page=100, narrowing=Narrowing(has_problems="no"))
    stats = archive.stats()
    assert stating.total + silent.total == stats["documents"]
    assert {h.kind for h in silent.hits} == {"report"}
    assert stating.kind_totals["problem"] == stats["problems"]


def test_export_yields_every_match_in_search_order_across_batches(archive):
    result = archive.search("公开", per_page=100)
    total, records = archive.export("公开", batch=7)
    records = list(records)
    assert total == result.total == len(records)
    assert [r.hit.id for r in records] == [h.id for h in result.hits]
    problem = next(r for r in records if r.hit.kind == "problem")
    assert problem.text == archive.problem(problem.hit.id).text
    with pytest.raises(QueryError):
        archive.export('"公开')  # raised at the call, before any row


def test_facet_search_counts_within_the_search_and_marks_chosen_values(archive):
    facet = archive.facet_search("agency", "街道", query="公开", filters={"year": ["2020"]})
    direct = archive.search("公开", filters={"year": ["2020"]}, facet_limit=1000).facets["agency"]
    assert [(v.value, v.count) for v in facet.values] == [(v.value, v.count) for v in direct.values if "街道" in v.value]
    chosen = facet.values[0].value
    again = archive.facet_search("agency", "街道", query="公开", filters={"year": ["2020"], "agency": [chosen]})
    assert [v.value for v in again.values if v.selected] == [chosen]
    assert [(v.value, v.count) for v in again.values] == [(v.value, v.count) for v in facet.values]
    cut = archive.facet_search("agency", "", limit=2)
    assert len(cut.values) == 2 and cut.truncated and cut.value_count == archive.search("", facet_limit=2).facets["agency"].value_count
    with pytest.raises(QueryError):
        archive.facet_search("content_hash", "")
