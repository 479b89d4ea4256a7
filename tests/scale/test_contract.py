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
from indexer.search.narrowing import Narrowing
from indexer.search.results import FACET_FIELDS, UNKNOWN
from indexer.search.exact import fold



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


#: Single-valued facet fields: with their 未识别 bucket, a facet's counts add up to the total.
SINGLE_VALUED = ("agency", "year", "level", "organ_type", "kind", "format", "failed_check")


def test_the_agency_facet_counts_organs_and_every_single_valued_facet_adds_up(backend):
    name, archive = backend
    result = archive.search("", facet_limit=1000)
    agencies = result.facets["agency"].values
    assert agencies and all(v.label for v in agencies if v.value != UNKNOWN)  # an organ's id, shown by its name
    assert any(":" in v.value for v in agencies)  # agency_id from indexer.identity
    assert any(v.value == UNKNOWN for f in result.facets.values() for v in f.values)
    for field in SINGLE_VALUED:
        assert sum(v.count for v in result.facets[field].values) == result.total, field
    assert {v.value for v in result.facets["organ_type"].values} - {UNKNOWN}


@pytest.mark.parametrize("term", ["政务公开", "信息公开", "依申请", "息公", "务公", "12345热线", "12345", "政务APP",
                                  "政务ＡＰＰ", "網站建設", "2020年", "规范化", "APP", "app", "2345", "020年", "5热",
                                  "政", "年", "A", "2"])
def test_a_term_matches_exactly_the_documents_holding_it(backend, truth, term):
    name, archive = backend
    wanted = holding(truth, term)
    assert wanted, f"fixture holds no {term!r}"
    assert set(all_ids(archive, term)) == wanted


def test_punctuation_and_space_break_a_run(backend, truth):
    name, archive = backend
    # 测试区 writes 政务。公开 and 测试镇 writes 12345 热线: neither holds the run
    assert "ceshi-qu-2022" not in all_ids(archive, "政务公开")
    assert "ceshi-zhen-2021" not in all_ids(archive, "12345热线")
    assert "ceshi-qu-2022" in all_ids(archive, "12345热线")
    # Latin and digit runs match inside longer runs, as Han runs do: APP in WebAPP, 2345 in 12345
    assert "ceshi-zhen-2021" in all_ids(archive, "APP") and "ceshi-qu-2022" in all_ids(archive, "2345")


@pytest.mark.parametrize("query, combine", [
    ("政务公开 依申请", lambda h: h("政务公开") & h("依申请")),
    ("政务公开 OR 依申请", lambda h: h("政务公开") | h("依申请")),
    ("依申请 NOT 政务公开", lambda h: h("依申请") - h("政务公开")),
    ("(政务公开 OR 网站) 依申请", lambda h: (h("政务公开") | h("网站")) & h("依申请")),
    ('"政策解读"', lambda h: h("政策解读")),
    ('"政策 解读"', lambda h: h("政策", "解读")),  # a space in a phrase: separators between the runs
    ("政务，公开", lambda h: h("政务", "公开")),  # a term typed with punctuation: the same
    ("政务APP 12345", lambda h: h("政务app") & h("12345")),
    ("(政务 OR 网站) NOT (依申请 OR 热线)", lambda h: (h("政务") | h("网站")) - h("依申请") - h("热线")),
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
    assert cluster.facets == embedded.facets
    assert not cluster.partial


def test_facets_stay_exact_when_a_read_fills_up(whoosh_archive, sphinx_archive, monkeypatch):
    """The safety net: values written after the value dictionary's sizes were read overflow the
    sized read, and Sphinx caps groups at max_matches silently; the facet is read again, exact."""
    from indexer.search.sphinx import facets as cluster_facets

    monkeypatch.setattr(cluster_facets, "FACET_GROUPS", 3)
    monkeypatch.setattr(sphinx_archive._values, "sizes", lambda: {})
    for search in SEARCHES[:3]:
        assert sphinx_archive.search(**search, facet_limit=1000).facets == whoosh_archive.search(**search, facet_limit=1000).facets
    assert sphinx_archive.facet_values("region") == whoosh_archive.facet_values("region")


@pytest.mark.parametrize("search", SEARCHES[3:6], ids=["3", "4", "5"])
def test_a_short_facet_list_is_cut_and_ordered_the_same_way(whoosh_archive, sphinx_archive, search):
    embedded = whoosh_archive.search(**search, facet_limit=2)
    cluster = sphinx_archive.search(**search, facet_limit=2)
    assert cluster.facets == embedded.facets


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


def test_records_are_the_same(whoosh_archive, sphinx_archive):
    """The same parse, classification and organ identity (the build's identity step) on both."""
    assert any(r.report.agency_id for r in sphinx_archive.reports())
    for stored in whoosh_archive.reports():
        other = sphinx_archive.report(stored.id)
        assert (other.report.to_dict(), other.categories, other.problem_ids, other.content_hash, other.file) == \
            (stored.report.to_dict(), stored.categories, stored.problem_ids, stored.content_hash, stored.file)
        for problem_id in stored.problem_ids:
            a, b = whoosh_archive.problem(problem_id), sphinx_archive.problem(problem_id)
            assert (a.text, a.number, a.report_id, a.year, a.categories, a.cues, a.agency, a.region, a.level) == \
                (b.text, b.number, b.report_id, b.year, b.categories, b.cues, b.agency, b.region, b.level)
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
        assert sphinx_archive.facet_values(name) == whoosh_archive.facet_values(name), name
    organ = next(v for v in whoosh_archive.facet_values("agency") if v.label == "测试镇人民政府")
    for kwargs in (dict(), dict(query="信息公开", filters={"year": ["2022", "2023"]}), dict(filters={"agency": ["测试镇人民政府"]}),
                   dict(filters={"agency": [organ.value]}), dict(filters={"section": ["5"]}),
                   dict(filters={"year": [UNKNOWN]}), dict(exclude={"organ_type": [UNKNOWN]})):
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


NARROWINGS = [
    dict(narrowing=Narrowing(year_from=2021)),
    dict(query="信息公开", narrowing=Narrowing(year_from=2020, year_to=2022)),
    dict(query="", narrowing=Narrowing(has_problems="yes"), kind="report"),
    dict(query="政务", narrowing=Narrowing(has_problems="no", year_to=2023)),
    dict(query="", filters={"section": ["5"]}),
    dict(query="", filters={"section": ["2", "6"], "kind": ["report"]}),
    dict(query="更新", filters={"section": ["5"], "year": [UNKNOWN, "2022"]}),
]


@pytest.mark.parametrize("search", NARROWINGS, ids=[str(i) for i in range(len(NARROWINGS))])
def test_year_ranges_has_problems_and_sections_without_a_query_agree(whoosh_archive, sphinx_archive, search):
    embedded = whoosh_archive.search(**search, facet_limit=1000)
    cluster = sphinx_archive.search(**search, facet_limit=1000)
    assert 0 < cluster.total == embedded.total
    assert set(all_ids(sphinx_archive, **search)) == set(all_ids(whoosh_archive, **search))
    assert cluster.facets == embedded.facets
    assert cluster.problem_counts == embedded.problem_counts and sum(cluster.problem_counts.values()) >= cluster.total
    reports = {k: v for k, v in search.items() if k in ("query", "filters", "narrowing")}
    assert sorted(r.id for r in sphinx_archive.reports(**reports)) == sorted(r.id for r in whoosh_archive.reports(**reports))


@pytest.mark.parametrize("narrowing", [Narrowing(year_from=2023, year_to=2020), Narrowing(has_problems="maybe"),
                                       Narrowing(year_from=99)])
def test_a_bad_narrowing_is_the_same_query_error(backend, narrowing):
    with pytest.raises(QueryError):
        backend[1].search("信息公开", narrowing=narrowing)


@pytest.mark.parametrize("query", ["政務公開", "12345热线", "依申请 NOT 网站", "政务 公开 规范化", "2020年"])
def test_hits_show_the_same_snippets_sections_and_facts(whoosh_archive, sphinx_archive, query):
    """Highlights are cut by the same code from the same text; the order of hits may differ (scores)."""
    def shown(archive):
        return {h.id: (h.kind, h.section, h.section_title, h.snippet, h.agency, h.year, h.region, h.level, h.organ_type,
                       h.agency_id, h.categories, h.match) for h in archive.search(query, per_page=100).hits}
    embedded, cluster = shown(whoosh_archive), shown(sphinx_archive)
    assert cluster == embedded and embedded


#: A statement pasted as a query: three reports and their statements hold it exactly, others some of its words.
PASTED = "政务新媒体账号更新不及时，部分栏目长期未更新"


def words_hits(archive, query, **kwargs) -> list[str]:
    result = archive.search(query, per_page=100, facets=False, **kwargs)
    assert [h.match for h in result.hits] == sorted((h.match for h in result.hits), key=lambda m: m != "exact")
    return [h.id for h in result.hits if h.match == "words"]


def test_best_matches_on_words_follow_few_exact_hits(whoosh_archive, sphinx_archive, truth):
    """DIFFERS, by design (indexer/search/sphinx/bestmatch.py): a word counts where it occurs as a
    string on Sphinx, where jieba made it a word in the embedded index; so Sphinx's best matches
    hold the embedded index's (and maybe more), ranked by Sphinx's own BM25. Exact hits are the same, first."""
    exact = holding(truth, PASTED)
    assert len(exact) == 6  # three reports and their statements
    for archive in (whoosh_archive, sphinx_archive):
        result = archive.search(PASTED, per_page=100, facets=False)
        assert result.exact_total == 6 and {h.id for h in result.hits[:6]} == exact
        assert result.total == len(result.hits) > 6
    embedded, cluster = words_hits(whoosh_archive, PASTED), words_hits(sphinx_archive, PASTED)
    assert embedded and set(embedded) <= set(cluster)
    assert not set(cluster) & exact
    # every best match holds at least 60 % of the content words, as strings; a statement a third
    from indexer.search.bestmatch import SHOULD_MATCH, STATEMENT_SHOULD, content_words
    from indexer.search.query import needles, parse_query
    words = content_words(needles(parse_query(PASTED)))
    for doc in cluster:
        share = STATEMENT_SHOULD if re.search(r"-p\d+$", doc) else SHOULD_MATCH
        assert sum(bool(holding(truth, w) & {doc}) for w in words) >= share * len(words)
    assert any(re.search(r"-p\d+$", doc) for doc in embedded)


def both_words_hits(whoosh_archive, sphinx_archive, query, **kwargs) -> list[str]:
    """The best matches (match == "words") of `query`, the same set on both backends, after the same exact hits."""
    embedded, cluster = (archive.search(query, per_page=100, facets=False, **kwargs) for archive in (whoosh_archive,
                                                                                                       sphinx_archive))
    assert cluster.exact_total == embedded.exact_total and cluster.total == embedded.total
    assert {h.id for h in cluster.hits if h.match == "exact"} == {h.id for h in embedded.hits if h.match == "exact"}
    words = words_hits(whoosh_archive, query, **kwargs)
    assert set(words_hits(sphinx_archive, query, **kwargs)) == set(words)
    return words


def test_two_terms_with_one_content_word_get_best_matches_on_both(whoosh_archive, sphinx_archive, truth):
    """The same rule on both backends (`bestmatch.worded`): 账号 不畅 has no exact hit and one
    jieba word (不畅 is none), typed as two terms: the documents holding 账号 follow, on
    Sphinx as a superset. Typed as one term, one word and a shortcoming tail, it names its
    subject (`bestmatch.subject_word`): where it seeks problems (its lift, from searchd's counts
    on Sphinx), the statements and sections 五 holding 账号 follow, the same on both."""
    assert not holding(truth, "不畅")
    embedded, cluster = words_hits(whoosh_archive, "账号 不畅"), words_hits(sphinx_archive, "账号 不畅")
    assert embedded and set(embedded) <= set(cluster) <= holding(truth, "账号")
    for archive in (whoosh_archive, sphinx_archive):
        tailed = archive.search("账号不畅", per_page=100, facets=False)
        assert tailed.exact_total == 0 and tailed.hits and {h.match for h in tailed.hits} <= {"words"}
        assert {h.id for h in tailed.hits} <= holding(truth, "账号")
        assert all(h.kind == "problem" or h.section == 5 for h in tailed.hits)
    assert set(words_hits(sphinx_archive, "账号不畅")) == set(words_hits(whoosh_archive, "账号不畅"))


def test_one_word_with_curated_equivalents_gets_the_same_statements_on_both(whoosh_archive, sphinx_archive, truth):
    """滞后 is one word that seeks problems; after its exact hits both backends list the problem
    statements and the sections 五 holding one of its curated equivalents (`bestmatch.grouped`:
    时效性, 不及时 …), shown in section 五. The exact hits are the same on both, first and complete."""
    from indexer.equivalents import related

    exact = holding(truth, "滞后")
    assert exact
    others = [m for m in related(["滞后"]) if m != "滞后"]
    for archive in (whoosh_archive, sphinx_archive):
        result = archive.search("滞后", per_page=100, facets=False)
        assert result.exact_total == len(exact) and {h.id for h in result.hits[:len(exact)]} == exact
        found = [h for h in result.hits if h.match == "words"]
        assert found and all(h.section == 5 for h in found)
        assert any(re.search(r"-p\d+$", h.id) for h in found)
        assert all(any(h.id in holding(truth, m) for m in others) for h in found)
    assert both_words_hits(whoosh_archive, sphinx_archive, "滞后")


def test_a_term_of_two_words_finds_its_subjects_statements_on_both(whoosh_archive, sphinx_archive, truth):
    """解读不够 is one typed term of two words that seeks problems; both backends also list the
    problem statements holding its first word, its subject (`bestmatch.subject_word`:
    政策解读形式较为单一). The exact hits are the same on both, first and complete."""
    both = holding(truth, "解读") & holding(truth, "不够")
    found = set(both_words_hits(whoosh_archive, sphinx_archive, "解读不够"))
    subject = {doc for doc in found - both if re.search(r"-p\d+$", doc)}
    assert subject and subject <= holding(truth, "解读")
    assert found - both == subject  # beyond both words: statements only, holding the subject


def test_a_measures_other_word_finds_the_statements_on_both(whoosh_archive, sphinx_archive, truth):
    """点击率低 is said nowhere: one word ending in a measure and a shortcoming tail. Both backends
    also count its stem, which few statements hold (`bestmatch.subject_alternatives`,
    `measure_variants`: 点击 for 点击率), so the statement saying 点击量偏低 is among its best
    matches, the same statements on both."""
    assert not holding(truth, "点击率")
    clicks = {doc for doc in holding(truth, "点击量偏低") if re.search(r"-p\d+$", doc)}
    assert clicks
    found = set(both_words_hits(whoosh_archive, sphinx_archive, "点击率低", kind="problem"))
    assert clicks <= found <= holding(truth, "点击")


def test_a_query_in_everyday_words_is_read_in_the_reports_words_on_both(whoosh_archive, sphinx_archive, truth):
    """人手紧 is said nowhere; both backends read it as 人员不足 (`indexer.search.everyday`) for
    their best matches, say so (`read_as`), and list the same statements, which hold 人员不足 or
    one of its curated equivalents."""
    from indexer.equivalents import related

    assert not holding(truth, "人手紧")
    found = both_words_hits(whoosh_archive, sphinx_archive, "人手紧", kind="problem")
    assert found and all(any(doc in holding(truth, m) for m in related(["人员不足"])) for doc in found)
    for archive in (whoosh_archive, sphinx_archive):
        assert archive.search("人手紧", per_page=10, facets=False).read_as == "人员不足"
        assert archive.search("人手紧 OR 人员", per_page=10, facets=False).read_as is None


def test_a_negated_word_seeks_problems_by_its_negation_on_both(whoosh_archive, sphinx_archive, truth):
    """信息公开不及时 seeks problems by 不及时 (`bestmatch.words_lift`), not by 及时, a stock
    word of the overviews: both backends count the curated equivalents of its words (which only a
    problem-seeking query gets), so a statement not holding both 信息公开 and 及时 is among its
    best matches, the same on both; written without the negation it has none of those."""
    both = holding(truth, "信息公开") & holding(truth, "及时")
    found = both_words_hits(whoosh_archive, sphinx_archive, "信息公开不及时", kind="problem")
    assert set(found) - both
    plain = both_words_hits(whoosh_archive, sphinx_archive, "信息公开及时", kind="problem")
    assert not set(plain) - both


def test_a_short_terms_statements_holding_what_it_is_about_come_first_on_both(whoosh_archive, sphinx_archive, truth):
    """On the 问题 tab, the best matches of 解读质量不高 holding what the term is about come before
    the others (`problemterms.held_first`): of its words stating no shortcoming (解读, 质量; not
    不高), the one the fewest statements hold; on both backends, and they are the same statements."""
    statements = {doc for doc in truth if re.search(r"-p\d+$", doc)}
    about = min(("解读", "质量"), key=lambda w: len(holding(truth, w) & statements))
    firsts = []
    for archive in (whoosh_archive, sphinx_archive):
        hits = [h.id for h in archive.search("解读质量不高", kind="problem", per_page=100, facets=False).hits]
        held = [doc in holding(truth, about) for doc in hits]
        assert any(held) and not all(held) and held == sorted(held, reverse=True)
        firsts.append({doc for doc, first in zip(hits, held) if first})
    assert firsts[0] == firsts[1]


def test_best_matches_count_in_the_facets_and_pages(sphinx_archive, whoosh_archive):
    for archive in (whoosh_archive, sphinx_archive):
        full = archive.search(PASTED, per_page=100, facet_limit=1000)
        assert sum(v.count for v in full.facets["kind"].values) == full.total
        paged = [h.id for p in range(1, full.total // 4 + 2) for h in archive.search(PASTED, page=p, per_page=4, facets=False).hits]
        assert paged == [h.id for h in full.hits]


@pytest.mark.parametrize("query", ['"政务新媒体账号更新不及时"', "政务新媒体 OR 账号更新不及时", "政务新媒体账号更新不及时 NOT 培训",
                                   "政务新媒体 AND 账号更新不及时"])
def test_no_best_matches_for_quotes_or_and_not(backend, query):
    assert words_hits(backend[1], query) == []


@pytest.mark.parametrize("field, text", [("agency", "测试"), ("agency", ""), ("region", "省"), ("year", UNKNOWN), ("category", "")])
def test_facet_value_search_agrees(whoosh_archive, sphinx_archive, field, text):
    for search in (dict(), dict(query="信息公开", filters={"year": ["2020", "2021"]}), dict(query="", filters={field: ["2022"]})):
        assert sphinx_archive.facet_search(field, text, limit=5, **search) == whoosh_archive.facet_search(field, text, limit=5, **search)


def test_not_inside_or_matches_every_document_but_the_negated(backend, truth):
    """Sphinx's syntax has no NOT on its own: it is written as every document (a token each holds)
    minus what it negates (indexer/search/sphinx/matching.py); the same documents on both."""
    everything = set(truth)

    def h(*runs):
        return holding(truth, *runs)
    for query, expected in [("政务 OR NOT 网站", h("政务") | (everything - h("网站"))),
                            ("(依申请 NOT 网站) OR NOT 政务", (h("依申请") - h("网站")) | (everything - h("政务"))),
                            ("热线 OR (NOT 政务 NOT 网站)", h("热线") | (everything - h("政务") - h("网站"))),
                            ("信息 (公开 OR NOT 政务)", h("信息") & (h("公开") | (everything - h("政务"))))]:
        assert set(all_ids(backend[1], query)) == expected, query


@pytest.mark.parametrize("search", [dict(query="政务 OR NOT 网站", filters={"section": ["5"]}),
                                    dict(query="热线 OR NOT 政务", filters={"section": ["1", "3"], "year": ["2022", "2021"]}),
                                    dict(query="政务 OR NOT 网站", kind="problem", exclude={"year": ["2021"]})])
def test_not_inside_or_within_sections_and_filters_agrees(whoosh_archive, sphinx_archive, search):
    embedded, cluster = whoosh_archive.search(**search, facet_limit=1000), sphinx_archive.search(**search, facet_limit=1000)
    assert 0 < cluster.total == embedded.total and cluster.facets == embedded.facets
    assert set(all_ids(sphinx_archive, **search)) == set(all_ids(whoosh_archive, **search))


#: One needle, or needles of one length: 报告 / 章节 split exactly as in the embedded index (sphinx/kinds.py).
SPLITS = [
    dict(query=""),
    dict(query="信息公开"),
    dict(query="政务公开", filters={"year": ["2022", "2023"]}),
    dict(query="12345热线"),
    dict(query="政"),
    dict(query="依申请 NOT 网站"),
    dict(query="政务 OR NOT 网站"),
    dict(query="公开 政务", kind="problem"),
    dict(query="信息公开", filters={"section": ["2", "0"]}),
    dict(query="信息公开", exclude={"kind": ["problem"]}),
    dict(query="", filters={"section": ["5"]}),
    dict(query=PASTED),  # few exact hits: best matches on words follow, split by their words
]


@pytest.mark.parametrize("search", SPLITS, ids=[str(i) for i in range(len(SPLITS))])
def test_the_split_by_kind_agrees(whoosh_archive, sphinx_archive, search):
    embedded, cluster = whoosh_archive.search(**search), sphinx_archive.search(**search)
    assert cluster.kind_totals == embedded.kind_totals
    assert sum(cluster.kind_totals.values()) >= cluster.total > 0 or not cluster.total
    assert sphinx_archive.search(**search, facets=False).kind_totals == {} == whoosh_archive.search(**search, facets=False).kind_totals


@pytest.mark.parametrize("query", ["政务公开 依申请", "信息公开 年度 报告", "政府信息公开 年"])
def test_the_split_by_kind_with_needles_of_different_lengths(whoosh_archive, sphinx_archive, query):
    """DIFFERS, by design (indexer/search/sphinx/kinds.py): Sphinx ranks a report's parts by the pair
    tokens they match, the embedded index by the needles; with needles of different lengths a
    report may fall on the other side of 报告 / 章节. The kinds and their sum are the same."""
    a, b = whoosh_archive.search(query).kind_totals, sphinx_archive.search(query).kind_totals
    assert (a["problem"], a["report"] + a["section"]) == (b["problem"], b["report"] + b["section"])


EXPORTS = [
    dict(query="信息公开"),
    dict(query="", sort="year"),
    dict(query="政务 OR NOT 网站", sort="year_asc", filters={"year": ["2022", "2020", UNKNOWN]}),
    dict(query="依申请", kind="problem"),
    dict(query="12345热线", filters={"section": ["1"]}),
    dict(query=PASTED),  # exact matches only: the best matches on words a page adds are not exported
    dict(query="政务", narrowing=Narrowing(year_from=2020, has_problems="yes"), sort="year"),
]


@pytest.mark.parametrize("search", EXPORTS, ids=[str(i) for i in range(len(EXPORTS))])
def test_full_exports_agree(whoosh_archive, sphinx_archive, search):
    """Every exact match, each record the same (text, organ facts, official page), in each
    backend's own search order: by year the same years and kinds; by relevance, Sphinx's pages."""
    total, records = whoosh_archive.export(**search)
    cluster_total, cluster_records = sphinx_archive.export(**search, batch=7)
    embedded, cluster = list(records), list(cluster_records)
    assert cluster_total == total == len(cluster) == len(embedded) > 0
    assert {r.hit.id: r for r in cluster} == {r.hit.id: r for r in embedded}
    if search is EXPORTS[1]:  # everything: the official pages from manifest.csv, on reports and their statements
        assert {"report", "problem"} <= {r.hit.kind for r in cluster if r.source_url}
    sort = search.get("sort", "relevance")
    if sort == "relevance":
        kwargs = {k: v for k, v in search.items() if k != "sort"}
        paged = [h.id for p in range(1, total // 50 + 2)
                 for h in sphinx_archive.search(**kwargs, page=p, per_page=50, facets=False, highlight=False).hits
                 if h.match == "exact"]
        assert [r.hit.id for r in cluster] == paged
    else:
        assert [(r.hit.year, r.hit.kind == "problem") for r in cluster] == [(r.hit.year, r.hit.kind == "problem") for r in embedded]


def test_exports_check_the_query_first(backend):
    for bad in (dict(query='"政务'), dict(query="信息公开", sort="wrong"), dict(query="信息", filters={"section": ["9"]})):
        with pytest.raises(QueryError):
            backend[1].export(**bad)
    total, records = backend[1].export(query="没有这样的字串ＸＹＺ")
    assert total == 0 and list(records) == []


def test_a_problem_querys_word_counts_are_kept_between_searches(sphinx_archive):
    """Reading a problem query on Sphinx counts its needles per kind (`lift.Statistics`); an
    archive keeps those counts, so the same words searched again cost searchd no count, and the
    page is the same; a new word is counted once."""
    from indexer.search.sphinx.archive import SphinxArchive

    archive = SphinxArchive(sphinx_archive.address)  # its own counts kept
    counted = []
    run = archive._run

    def recording(sql, params=None):
        counted.extend(p for p in (params or []) if "GROUP BY kind" in sql)
        return run(sql, params)

    archive._run = recording
    first = archive.search("信息公开不及时", kind="problem", per_page=20, facets=False)
    asked = len(counted)
    assert asked  # the first reading counts its needles
    again = archive.search("信息公开不及时", kind="problem", per_page=20, facets=False)
    assert len(counted) == asked
    assert [h.id for h in again.hits] == [h.id for h in first.hits] and again.total == first.total
    archive.search("解读质量不高", kind="problem", per_page=20, facets=False)
    assert len(counted) > asked
    assert len(counted) == len(set(counted))  # no needle counted twice
