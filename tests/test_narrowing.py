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


@pytest.mark.parametrize("query, kind", [("", None), ("公开", None), ("公开", "problem"), ("信息公开", "report"),
                                         ("信息更新不及时，时效性差", "problem")])
def test_has_problems_counts_are_each_choice_s_total_counted_without_the_choice(archive, query, kind):
    """The 问题陈述 choices show counts as a facet's values do: each the total that choosing it
    gives, whichever choice (or none) is made; the two add up to the search without it."""
    plain = archive.search(query, kind=kind)
    counts = plain.problem_counts
    assert counts["yes"] + counts["no"] == plain.total and counts["yes"] > 0
    for chosen in ("yes", "no"):
        narrowed = archive.search(query, kind=kind, narrowing=Narrowing(has_problems=chosen))
        assert narrowed.total == counts[chosen]
        assert narrowed.problem_counts == counts  # counted without the choice itself
    with_year = archive.search(query, kind=kind, narrowing=Narrowing(year_from=2020, has_problems="yes"))
    years_only = archive.search(query, kind=kind, narrowing=Narrowing(year_from=2020))
    assert with_year.problem_counts == years_only.problem_counts and with_year.total == years_only.problem_counts["yes"]
    assert with_year.problem_counts["yes"] + with_year.problem_counts["no"] == years_only.total < plain.total


def test_has_problems_counts_follow_the_other_filters_and_need_facets(archive):
    plain = archive.search("公开")
    agency = next(v.value for v in plain.facets["agency"].values if v.value != "未识别")
    within = archive.search("公开", filters={"agency": [agency]})
    assert sum(within.problem_counts.values()) == within.total < plain.total
    assert archive.search("公开", facets=False).problem_counts == {}
    assert set(plain.to_dict()["has_problems_counts"]) == {"yes", "no"}


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
