"""One contract, two backends: the embedded Whoosh index and the Sphinx cluster answer alike.

Every test runs against both on the same fixture archive (conftest.py). The
truth for matching is computed from the stored texts themselves: a Han term
matches exactly the documents holding it as a contiguous string (after
width, script and case folding). Where a backend cannot match that
exactly, the test says so by name (`DIFFERS`), not by loosening the check.
"""
from __future__ import annotations

import re

import pytest

from indexer import similar
from indexer.errors import NotFoundError, QueryError
from indexer.search.documents import section_texts
from indexer.search.results import FACET_FIELDS, UNKNOWN
from indexer.search.sphinx.matching import fold



def texts(archive) -> dict[str, list[str]]:
    """Every document id -> the texts it is searched by (a report's parts, a problem's statement)."""
    out = {r.id: list(section_texts(r.report).values()) for r in archive.reports()}
    out.update({p.id: [p.text] for p in archive.all_problems()})
    return out


@pytest.fixture(scope="module")
def truth(whoosh_archive):
    return texts(whoosh_archive)


def holding(truth, *runs: str) -> set[str]:
    """Documents holding the runs contiguously, one after the other with only separators between."""
    pattern = re.compile(r"[\W_]+".join(re.escape(fold(run)) for run in runs))
    return {doc for doc, parts in truth.items() if any(pattern.search(fold(part)) for part in parts)}


def all_ids(archive, query="", **kwargs) -> list[str]:
    """Ids of every exact hit (match == "exact"), over all pages.

    The embedded index may add best matches on words after the exact ones
    (match == "words") when few documents hold a query exactly; the contract
    is about the exact ones, which `exact_total` counts.
    """
    ids, exact, page = [], [], 1
    while True:
        result = archive.search(query, page=page, per_page=100, facets=False, highlight=False, **kwargs)
        ids += [h.id for h in result.hits]
        exact += [h.id for h in result.hits if h.match == "exact"]
        if page * 100 >= result.total:
            assert len(ids) == result.total and len(exact) == result.exact_total
            return exact
        page += 1


#: DIFFERS (issue 11, merged at the end of issue 17): the embedded index counts the
#: agency facet by organ id (its label the organ's name) and adds a 未识别 bucket
#: for documents a field says nothing about; the Sphinx backend still counts
#: agencies by name and has no 未识别 bucket. Every other facet and count agrees.
NOT_YET_IN_SPHINX = ("agency",)


def comparable(facets) -> dict:
    """Facets as both backends count them today: without the agency facet and the 未识别 buckets."""
    out = {}
    for name, facet in facets.items():
        if name in NOT_YET_IN_SPHINX:
            continue
        values = [v for v in facet.values if v.value != UNKNOWN]
        out[name] = (values, facet.truncated)
    return out


def test_differs_issue_11_facets_are_not_yet_counted_by_organ_in_sphinx(whoosh_archive, sphinx_archive):
    embedded, cluster = whoosh_archive.search("", facet_limit=1000), sphinx_archive.search("", facet_limit=1000)
    assert any(v.label for v in embedded.facets["agency"].values) and not any(v.label for v in cluster.facets["agency"].values)
    assert any(v.value == UNKNOWN for f in embedded.facets.values() for v in f.values)
    assert not any(v.value == UNKNOWN for f in cluster.facets.values() for v in f.values)
    assert sum(v.count for v in cluster.facets["agency"].values) == sum(v.count for v in embedded.facets["agency"].values
                                                                        if v.value != UNKNOWN)


@pytest.mark.parametrize("term", ["政务公开", "信息公开", "依申请", "息公", "务公", "12345热线", "12345", "政务APP",
                                  "政务ＡＰＰ", "網站建設", "2020年", "规范化"])
def test_a_term_matches_exactly_the_documents_holding_it(backend, truth, term):
    name, archive = backend
    wanted = holding(truth, term)
    assert wanted, f"fixture holds no {term!r}"
    assert set(all_ids(archive, term)) == wanted


def test_punctuation_and_space_break_a_han_run(backend, truth):
    name, archive = backend
    # 测试区 writes 政务。公开 and 测试镇 writes 12345 热线: neither holds the run
    assert "ceshi-qu-2022" not in all_ids(archive, "政务公开")
    if name == "sphinx":
        assert "ceshi-zhen-2021" not in all_ids(archive, "12345热线")
        assert "ceshi-qu-2022" in all_ids(archive, "12345热线")


def test_differs_sphinx_matches_latin_and_digit_runs_as_whole_words(sphinx_archive, whoosh_archive, truth):
    """DIFFERS: Sphinx indexes a Latin or digit run as one word, so `APP` inside `WebAPP`
    and `2345` inside `12345` are found by the embedded index only."""
    assert set(all_ids(whoosh_archive, "APP")) == holding(truth, "app")
    assert set(all_ids(whoosh_archive, "2345")) == holding(truth, "2345") != set()
    whole_word = {doc for doc, parts in truth.items() if any(re.search(r"(?<![0-9a-z])app(?![0-9a-z])", fold(p)) for p in parts)}
    assert set(all_ids(sphinx_archive, "APP")) == whole_word != holding(truth, "app")
    assert set(all_ids(sphinx_archive, "2345")) == set()


@pytest.mark.parametrize("query, combine", [
    ("政务公开 依申请", lambda h: h("政务公开") & h("依申请")),
    ("政务公开 OR 依申请", lambda h: h("政务公开") | h("依申请")),
    ("依申请 NOT 政务公开", lambda h: h("依申请") - h("政务公开")),
    ("(政务公开 OR 网站) 依申请", lambda h: (h("政务公开") | h("网站")) & h("依申请")),
    ('"政策解读"', lambda h: h("政策解读")),
    ('"政策 解读"', lambda h: h("政策", "解读")),  # a space in a phrase: separators between the runs
    ("政务，公开", lambda h: h("政务", "公开")),  # a term typed with punctuation: the same
])
def test_words_and_or_not_and_phrases(backend, truth, query, combine):
    name, archive = backend
    assert set(all_ids(archive, query)) == combine(lambda *runs: holding(truth, *runs))


@pytest.mark.parametrize("query", ['"政务', "NOT 政务", "，。！", "(政务", "政务)", "OR 政务"])
def test_the_same_queries_are_refused(backend, query):
    with pytest.raises(QueryError):
        backend[1].search(query)


SEARCHES = [
    dict(query=""),
    dict(query="信息公开"),
    dict(query="政务公开", kind="report"),
    dict(query="", filters={"year": ["2020", "2023"]}),
    dict(query="信息公开", filters={"region": ["黑龙江省"], "kind": ["problem"]}),
    dict(query="", filters={"category": ["timeliness"]}, exclude={"year": ["2021"]}),
    dict(query="信息公开", exclude={"kind": ["problem"], "agency": ["测试区人民政府"]}),
    dict(query="", filters={"failed_check": ["yes"], "level": ["县级"]}),
]


@pytest.mark.parametrize("search", SEARCHES, ids=[str(i) for i in range(len(SEARCHES))])
def test_filters_exclusions_and_every_facets_exact_counts_agree(whoosh_archive, sphinx_archive, search):
    answers = [a.search(**search, facet_limit=1000, per_page=100) for a in (whoosh_archive, sphinx_archive)]
    embedded, cluster = answers
    assert cluster.total == embedded.total
    assert set(all_ids(sphinx_archive, **search)) == set(all_ids(whoosh_archive, **search))
    assert list(cluster.facets) == list(embedded.facets) == list(FACET_FIELDS)
    assert comparable(cluster.facets) == comparable(embedded.facets)
    assert not cluster.partial


def test_facets_stay_exact_when_a_field_has_more_values_than_the_first_read(whoosh_archive, sphinx_archive, monkeypatch):
    from indexer.search.sphinx import archive as cluster_archive

    monkeypatch.setattr(cluster_archive, "FACET_GROUPS", 3)  # Sphinx caps groups at max_matches silently
    for search in SEARCHES[:3]:
        assert comparable(sphinx_archive.search(**search, facet_limit=1000).facets) == \
            comparable(whoosh_archive.search(**search, facet_limit=1000).facets)
    assert sphinx_archive.facet_values("region") == [v for v in whoosh_archive.facet_values("region") if v.value != UNKNOWN]


@pytest.mark.parametrize("search", SEARCHES[3:6], ids=["3", "4", "5"])
def test_a_short_facet_list_is_cut_and_ordered_the_same_way(whoosh_archive, sphinx_archive, search):
    embedded = whoosh_archive.search(**search, facet_limit=2)
    cluster = sphinx_archive.search(**search, facet_limit=2)
    assert comparable(cluster.facets) == comparable(embedded.facets)


@pytest.mark.parametrize("sort", ["year", "year_asc"])
def test_sort_by_year_and_paging(backend, sort):
    archive = backend[1]
    full = archive.search("", sort=sort, per_page=100, facets=False, highlight=False)
    keys = [(h.year or 0, h.kind == "problem") for h in full.hits]
    assert keys == sorted(keys, key=lambda k: ((k[0] if sort == "year_asc" else -k[0]), k[1]))
    paged = [h.id for p in range(1, 9) for h in archive.search("", sort=sort, page=p, per_page=9, facets=False, highlight=False).hits]
    assert paged == [h.id for h in full.hits][:len(paged)] and len(paged) == min(72, full.total)


def test_sort_by_year_orders_the_same_years_and_kinds(whoosh_archive, sphinx_archive):
    def order(archive):
        return [(h.year, h.kind) for h in archive.search("", sort="year", per_page=100, facets=False, highlight=False).hits]
    assert order(sphinx_archive) == order(whoosh_archive)


def test_relevance_pages_partition_the_matches(backend):
    archive = backend[1]
    total = archive.search("信息公开", facets=False).total
    seen = [h.id for p in range(1, total // 7 + 2) for h in archive.search("信息公开", page=p, per_page=7, facets=False, highlight=False).hits]
    assert len(seen) == len(set(seen)) == total


MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.mark.parametrize("query, term", [("政务公开", "政务公开"), ("政務公開", "政务公开"), ("依申请 NOT 网站", "依申请")])
def test_highlights_mark_the_terms_and_escape_the_rest(backend, query, term):
    result = backend[1].search(query, per_page=50)
    assert result.hits
    for hit in result.hits:
        marked = MARK.findall(hit.snippet)
        assert marked, hit
        assert all(fold(term) in fold(re.sub(r"\W", "", m)) for m in marked), (hit.id, marked)
        assert "网站" not in "".join(marked)
        assert "<" not in MARK.sub("", hit.snippet), hit.snippet
        if hit.kind == "section":
            part = section_texts(backend[1].report(hit.report_id).report)[hit.section]
            assert fold(term) in fold(part)


def test_highlights_escape_hostile_text(backend):
    hit = next(h for h in backend[1].search("12345热线", per_page=50).hits if h.report_id == "ceshi-qu-2022")
    assert "<script>" not in hit.snippet and "<mark>12345热线</mark>" in hit.snippet


#: DIFFERS (issue 11): the embedded build's archive-wide identity step gives each
#: report its organ (id, name as written, place); build_sphinx does not run that
#: step yet, so the records agree on what the parser and classifier made.
def parsed(report) -> tuple:
    return (report.title, report.year, report.sections, report.problems, report.measures, report.tables, report.checks)


def test_records_are_the_same(whoosh_archive, sphinx_archive):
    assert any(r.report.agency_id for r in whoosh_archive.reports())
    assert not any(r.report.agency_id for r in sphinx_archive.reports())  # the difference above
    for stored in whoosh_archive.reports():
        other = sphinx_archive.report(stored.id)
        assert (parsed(other.report), other.categories, other.problem_ids, other.content_hash, other.file) == \
            (parsed(stored.report), stored.categories, stored.problem_ids, stored.content_hash, stored.file)
        for problem_id in stored.problem_ids:
            a, b = whoosh_archive.problem(problem_id), sphinx_archive.problem(problem_id)
            assert (a.text, a.number, a.report_id, a.year, a.categories, a.cues) == (b.text, b.number, b.report_id, b.year, b.categories, b.cues)
    for archive in (whoosh_archive, sphinx_archive):
        with pytest.raises(NotFoundError):
            archive.report("no-such-report")
        with pytest.raises(NotFoundError):
            archive.problem("ceshi-qu-2022")  # a report id is not a problem id
    assert sorted(p.id for p in sphinx_archive.all_problems()) == sorted(p.id for p in whoosh_archive.all_problems())


def test_stats_facet_values_and_report_lists_agree(whoosh_archive, sphinx_archive):
    a, b = whoosh_archive.stats(), sphinx_archive.stats()
    assert (a["reports"], a["problems"], a["documents"]) == (b["reports"], b["problems"], b["documents"])
    for name in FACET_FIELDS:
        if name not in NOT_YET_IN_SPHINX:
            assert sphinx_archive.facet_values(name) == [v for v in whoosh_archive.facet_values(name) if v.value != UNKNOWN], name
    for kwargs in (dict(), dict(query="信息公开", filters={"year": ["2022", "2023"]}), dict(filters={"agency": ["测试镇人民政府"]})):
        one, two = whoosh_archive.reports(**kwargs), sphinx_archive.reports(**kwargs)
        assert sorted(r.id for r in one) == sorted(r.id for r in two)
        assert [r.report.year or 0 for r in two] == sorted(r.report.year or 0 for r in two)


def test_similar_statement_candidates(backend):
    archive = backend[1]
    source = next(p for p in archive.all_problems() if p.report_id == "ceshi-qu-2022" and "新媒体" in p.text)
    pool = archive.problem_candidates(source.text, limit=10, exclude_report=source.report_id)
    assert pool and all(p.report_id != source.report_id for p in pool)
    assert {"ceshi-zhen-2021", "yanshi-ju-2023"} <= {p.report_id for p in pool[:3]}
    assert all(p.score > 0 for p in pool) and [p.score for p in pool] == sorted((p.score for p in pool), reverse=True)
    found = similar.similar_to_problem(archive, source.id, limit=5).similar
    assert {s.report_id for s in found[:2]} == {"ceshi-zhen-2021", "yanshi-ju-2023"}
    assert all(s.near_duplicate for s in found[:2])


def test_similar_statements_agree(whoosh_archive, sphinx_archive):
    source = next(p for p in whoosh_archive.all_problems() if p.report_id == "ceshi-qu-2022" and "新媒体" in p.text)
    def top(archive):
        return [(s.id, s.score, s.near_duplicate) for s in similar.similar_to_problem(archive, source.id, limit=2).similar]
    assert top(sphinx_archive) == top(whoosh_archive)
