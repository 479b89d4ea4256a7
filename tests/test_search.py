"""Search behaviour on a real on-disk index built from corpus/ plus one crafted report."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.corpus import load_report, scan_corpus
from indexer.errors import IndexUnavailableError, NotFoundError, QueryError
from indexer.search import Archive, build_index
from indexer.search.documents import section_texts
from indexer.search.exact import fold

REPO = Path(__file__).resolve().parent.parent
EXTRA = """测试区人民政府2022年政府信息公开工作年度报告

一、总体情况
2022年，测试区推进城市更新项目信息公开，<script>alert("x")</script>深入做好政务公开工作。

二、主动公开政府信息情况
本年主动公开政府信息120条。

三、收到和处理政府信息公开申请情况
本年收到依申请公开3件。市场监督管理局文化分局答复２０２０年申请1件，已在政务ＡＰＰ公布。

四、政府信息公开行政复议、行政诉讼情况
无。

五、存在的主要问题及改进情况
（一）存在问题
1.政府信息公开工作机制还不够健全，勾稽关系核对不细。
2.政策解读形式较为单一。
（二）改进情况
加强培训。

六、其他需要报告的事项
无。
"""


TRAP = """陷阱县人民政府2021年政府信息公开工作年度报告

一、总体情况
2021年，陷阱县深化政务公开标准化规范化建设，公安分局、税务分局按时报送信息。依法申请公开的事项全部办结。

五、存在的主要问题及改进情况
政务公开标准化水平还需提高。
"""


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    (corpus / "test-chengshi-2022.txt").write_text(EXTRA, encoding="utf-8")
    # a precision trap: 化 and 分局 both occur, 化分局 does not
    (corpus / "test-trap-2021.txt").write_text(TRAP, encoding="utf-8")
    summary = build_index(corpus, root / "index", progress=False)
    assert summary.skipped == [] and len(summary.added) == 19
    entries, _ = scan_corpus(corpus)
    reports = {e.report_id: load_report(e).report for e in entries}
    return root, reports


@pytest.fixture(scope="session")
def archive(built):
    return Archive(built[0] / "index")


def _texts(reports, needle):
    """Independent truth: ids of reports and problems whose indexed text holds `needle`
    (a substring scan of the prose each report indexes, folded like the index)."""
    needle = fold(needle)
    ids = set()
    for rid, report in reports.items():
        if any(needle in fold(p) for p in section_texts(report).values()):
            ids.add(rid)
        ids.update(f"{rid}-p{p.number}" for p in report.problems if needle in fold(p.text))
    return ids


def _all_ids(archive, query, **kw):
    result = archive.search(query, per_page=100, **kw)
    assert result.total == len(result.hits)
    return {h.id for h in result.hits}, result


@pytest.mark.parametrize("query, needle", [
    ("依申请", "依申请"),          # 依/申请 to jieba
    ("勾稽", "勾稽"),              # inside 勾稽关系
    ("化分局", "化分局"),          # 文化/分局: a run across a word boundary
    ('"中华人民共和"', "中华人民共和"),  # a quoted run cut inside a word
    ("２０２０", "2020"),          # full width folds to half width, both ways
    ("2020", "2020"),
    ("政务APP", "政务app"),        # mixed Han and Latin, case folded
    ("12345热线", "12345热线"),
])
def test_a_run_finds_exactly_the_documents_that_contain_it(archive, built, query, needle):
    _, reports = built
    expected = _texts(reports, needle)
    ids, result = _all_ids(archive, query) if len(expected) <= 100 else (None, None)
    if ids is None:
        result = archive.search(query, per_page=100)
        assert result.total == len(expected)
    else:
        assert ids == expected
    assert all(h.match == "exact" for h in result.hits)


def test_exact_examples_have_the_documents_they_should(archive):
    assert {"test-chengshi-2022", "test-chengshi-2022-p1"} <= _all_ids(archive, "勾稽")[0]
    ids, result = _all_ids(archive, "化分局")
    assert ids == {"test-chengshi-2022"}  # not the trap report with 化 … 分局
    assert "<mark>化分局</mark>" in result.hits[0].snippet
    assert _all_ids(archive, "２０２０")[0] >= {"test-chengshi-2022"}
    hit = _all_ids(archive, "政务app")[1].hits[0]
    assert hit.id == "test-chengshi-2022" and "<mark>政务ＡＰＰ</mark>" in hit.snippet
    assert _all_ids(archive, "依申请")[0] >= {"test-chengshi-2022"}
    assert "test-trap-2021" not in _all_ids(archive, "依申请")[0]  # 依法申请 is not 依申请


def test_a_phrase_may_have_any_punctuation_between_its_runs_but_no_word(archive, built):
    _, reports = built
    ids, result = _all_ids(archive, '"公安分局 税务分局"')
    assert ids == {"test-trap-2021"}
    assert "<mark>公安分局、税务分局</mark>" in result.hits[0].snippet
    result = archive.search('"公安 税务"', per_page=100)
    assert result.exact_total == 0 and all(h.match == "words" for h in result.hits)


def test_word_inside_longer_word_is_found(archive):
    ids, result = _all_ids(archive, "城市")
    assert "test-chengshi-2022" in ids
    hit = next(h for h in result.hits if h.id == "test-chengshi-2022")
    assert (hit.kind, hit.section, hit.section_title) == ("section", 1, "总体情况")
    assert "<mark>城市</mark>更新" in hit.snippet


def test_gongkai_finds_zhengfu_xinxi_gongkai(archive, built):
    _, reports = built
    ids, _ = _all_ids(archive, "公开", kind="problem")
    only_long = {pid for pid in _texts(reports, "政府信息公开") if "-p" in pid}
    assert only_long and only_long <= ids


def test_phrase_query_matches_exactly_the_phrase(archive, built):
    _, reports = built
    ids, result = _all_ids(archive, '"政府信息公开工作机制"')
    assert ids == _texts(reports, "政府信息公开工作机制")
    assert "test-chengshi-2022-p1" in ids
    assert all("<mark>政府信息公开工作机制</mark>" in h.snippet for h in result.hits if h.kind == "problem")


def test_phrase_in_wrong_order_does_not_match(archive, built):
    _, reports = built
    assert _texts(reports, "机制工作信息公开") == set()
    assert archive.search('"工作机制 政府信息公开"').total == 0


def test_snippet_escapes_report_text(archive):
    result = archive.search("城市更新")
    hit = next(h for h in result.hits if h.id == "test-chengshi-2022")
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>") >= 1


@pytest.mark.parametrize("query, message", [
    ('"未闭合', "引号没有闭合"),
    ("AND OR", "AND 前面缺少检索词"),
    ("公开 AND", "AND 后面缺少检索词"),
    ("（公开", "括号不配对"),
    ("，。！？", "没有可以检索的字词"),
    ("……", "没有可以检索的字词"),
    ("NOT 公开", "只有 NOT"),
    ("公开" * 101, "查询太长"),
])
def test_bad_queries_raise_query_error_with_message(archive, query, message):
    with pytest.raises(QueryError, match=message):
        archive.search(query)


def test_field_switching_is_not_offered(archive):
    # "agency:..." is searched as text, never as a field name
    ids, _ = _all_ids(archive, "agency:公开")
    assert ids == _all_ids(archive, "agency 公开")[0]


def test_traditional_query_finds_simplified_text(archive, built):
    trad, _ = _all_ids(archive, "政務公開")
    simp, _ = _all_ids(archive, "政务公开")
    assert trad == simp and "test-chengshi-2022" in trad


def test_and_or_not(archive):
    a, _ = _all_ids(archive, "培训")
    b, _ = _all_ids(archive, "政策解读")
    assert _all_ids(archive, "培训 OR 政策解读")[0] == a | b
    assert _all_ids(archive, "培训 AND 政策解读")[0] == a & b
    assert _all_ids(archive, "培训 NOT 政策解读")[0] == a - b


def test_section_filter_targets_problems_section(archive):
    ids, result = _all_ids(archive, "机制", filters={"section": ["5"]})
    assert ids and all(h.section == 5 for h in result.hits)
    assert ids <= _all_ids(archive, "机制")[0]


def test_filters_or_within_field_and_across_fields(archive, built):
    _, reports = built
    result = archive.search("", filters={"year": ["2020", "2023"], "kind": ["report"]}, per_page=100)
    expected = {rid for rid, r in reports.items() if r.year in (2020, 2023)}
    assert {h.id for h in result.hits} == expected and result.total == len(expected)
    result = archive.search("", filters={"year": ["2020", "2023"]}, exclude={"level": ["乡镇街道"]}, kind="report", per_page=100)
    assert {h.id for h in result.hits} == {rid for rid in expected if reports[rid].level != "乡镇街道"}


def test_sort_by_year_and_paging(archive, built):
    _, reports = built
    first = archive.search("", sort="year", kind="report", per_page=5)
    second = archive.search("", sort="year", kind="report", per_page=5, page=2)
    everything = archive.search("", sort="year", kind="report", per_page=100)
    assert [h.id for h in first.hits + second.hits] == [h.id for h in everything.hits][:10]
    years = [h.year or 0 for h in everything.hits]
    assert years == sorted(years, reverse=True)
    assert everything.total == len(reports)
    oldest = archive.search("", sort="year_asc", kind="report", per_page=1).hits[0]
    assert oldest.year == min(r.year for r in reports.values() if r.year)


def test_empty_query_browses_everything(archive, built):
    _, reports = built
    result = archive.search("")
    assert result.total == len(reports) + sum(len(r.problems) for r in reports.values())
    assert len(result.hits) == 20 and set(result.facets) == {"agency", "year", "category", "region", "level", "organ_type",
                                                             "kind", "format", "failed_check"}


def test_records(archive, built):
    _, reports = built
    stored = archive.report("test-chengshi-2022")
    # as parsed, plus what the build's identity step adds: a placeless organ, its name as written
    expected = reports["test-chengshi-2022"]
    expected.agency_written, expected.agency_id = expected.agency, "地点未知:测试区人民政府"
    assert stored.report == expected
    assert stored.problem_ids == ["test-chengshi-2022-p1", "test-chengshi-2022-p2"]
    problem = archive.problem("test-chengshi-2022-p2")
    assert (problem.text, problem.year, problem.agency) == ("政策解读形式较为单一", 2022, "测试区人民政府")
    with pytest.raises(NotFoundError):
        archive.report("no-such-report")
    with pytest.raises(NotFoundError):
        archive.problem("test-chengshi-2022")  # a report id is not a problem id
    assert [p.id for p in archive.agency_reports("测试区人民政府")] == ["test-chengshi-2022"]
    assert archive.stats()["reports"] == len(reports)
    assert len(list(archive.all_problems())) == sum(len(r.problems) for r in reports.values())


def test_problem_candidates(archive):
    found = archive.problem_candidates("政府信息公开工作机制不健全", limit=5)
    assert found and found[0].score >= found[-1].score > 0
    assert "test-chengshi-2022-p1" in [p.id for p in found]
    others = archive.problem_candidates("政府信息公开工作机制不健全", exclude_report="test-chengshi-2022")
    assert all(p.report_id != "test-chengshi-2022" for p in others)
    assert archive.problem_candidates("，。") == []


def test_missing_index_is_unavailable(tmp_path):
    with pytest.raises(IndexUnavailableError):
        Archive(tmp_path / "nothing")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "indexer", "search", *args], capture_output=True, text=True, cwd=REPO)


def test_cli_json(built):
    index = str(built[0] / "index")
    done = _cli("城市", "--index", index, "--json", "--kind", "report")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert (data["query"], data["total"], data["hits"][0]["id"]) == ("城市", 1, "test-chengshi-2022")
    assert set(data["hits"][0]) >= {"id", "kind", "report_id", "agency", "year", "section", "snippet"}
    assert data["facets"]["kind"] == [{"value": "report", "count": 1, "selected": True, "excluded": False, "label": ""}]
    bad = _cli('"未闭合', "--index", index, "--json")
    assert bad.returncode != 0 and "引号没有闭合" in json.loads(bad.stdout)["error"]
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("query", ["政策解读", "公开 培训", "行政复议 OR 保密审查", "政府信息公开 NOT 培训"])
def test_ranking_is_best_first_over_every_match(archive, query):
    result = archive.search(query, per_page=100)
    scores = [h.score for h in result.hits]
    assert result.total == len(result.hits) > 0
    assert all(s > 0 for s in scores) and scores == sorted(scores, reverse=True)


def test_a_statement_about_the_query_ranks_above_a_passing_mention(archive):
    result = archive.search("工作机制", per_page=100)
    ids = [h.id for h in result.hits]
    # the short statement that is about 工作机制 comes before the reports that mention it
    assert ids.index("test-chengshi-2022-p1") < ids.index("test-chengshi-2022")


def test_facets_and_highlights_can_be_left_out(archive):
    full = archive.search("政策解读", per_page=10)
    bare = archive.search("政策解读", per_page=10, facets=False, highlight=False)
    assert (bare.total, [h.id for h in bare.hits], [h.score for h in bare.hits]) == (
        full.total, [h.id for h in full.hits], [h.score for h in full.hits])
    assert bare.facets == {} and all(h.snippet == "" for h in bare.hits)
    assert {h.kind for h in bare.hits} <= {"report", "problem"}
    assert set(archive.search("政策解读", highlight=False).facets) == set(full.facets)


def test_table_cells_are_not_indexed_but_prose_is(archive, built):
    from indexer.search.documents import prose, section_texts

    _, reports = built
    text = "本年度无申请。\n\t信息内容\n\t本年新收\n\t0\n\n社会\n公益\n组织\n\t总计\n说明：本年新收申请为零。"
    assert prose(text) == "本年度无申请。\n说明：本年新收申请为零。"
    # 本年新收 is a 表三 row heading: only reports that also write it in prose match
    in_prose = {rid for rid, r in reports.items() if any("本年新收" in t for t in section_texts(r).values())}
    in_tables = {rid for rid, r in reports.items() if any("本年新收" in s.text for s in r.sections)}
    assert in_tables - in_prose, "the corpus should have reports with 本年新收 only in a table"
    ids, _ = _all_ids(archive, "本年新收", kind="report")
    assert ids == in_prose


def test_equal_scores_rank_by_document_id_not_by_segment_layout():
    import numpy as np

    from indexer.search.bm25 import top

    total = np.array([1.0, 2.0, 2.0, 2.0, 3.0], dtype=np.float32)
    ids = ["e", "c", "a", "b", "z"]  # document ids by document number
    order = np.empty(5, dtype=np.int64)
    order[sorted(range(5), key=ids.__getitem__)] = np.arange(5)
    everything = np.ones(5, dtype=bool)
    assert top(total, everything, 4, order=order) == [(4, 3.0), (2, 2.0), (3, 2.0), (1, 2.0)]
    assert top(total, everything, 2, order=order) == [(4, 3.0), (2, 2.0)]  # ties at the cut too
    assert top(total, everything, 2) == [(4, 3.0), (1, 2.0)]  # without an order: document number


def test_id_order_follows_the_ids_of_a_real_index(archive):
    table = archive._state().table
    searcher = table.searcher
    ids = [searcher.stored_fields(d)["id"] for d in range(table.size)]
    assert sorted(range(table.size), key=table.id_order.__getitem__) == sorted(range(table.size), key=ids.__getitem__)


def test_a_problem_phrased_query_gets_best_matches_after_its_exact_hits(archive):
    result = archive.search("政策解读形式单一", per_page=100)
    ids = [h.id for h in result.hits]
    assert result.exact_total == 0 < result.total == len(ids)
    assert "test-chengshi-2022-p2" in ids  # 政策解读形式较为单一: every word, not verbatim
    assert all(h.match == "words" for h in result.hits)
    hit = next(h for h in result.hits if h.id == "test-chengshi-2022-p2")
    assert "<mark>形式</mark>" in hit.snippet and "<mark>单一</mark>" in hit.snippet
    # exact hits always come first and are all there
    mixed = archive.search("工作机制还不够健全", per_page=100)
    exact = [h for h in mixed.hits if h.match == "exact"]
    assert [h.id for h in exact] == ["test-chengshi-2022-p1", "test-chengshi-2022"][:len(exact)]
    assert exact and mixed.hits[:len(exact)] == exact and mixed.exact_total == len(exact)


def test_two_terms_of_which_jieba_keeps_one_word_still_get_best_matches(archive):
    """便民性 不强 (bench/judged-dev2 e103) returned nothing: no statement says 不强,
    and jieba makes no word of it, so the query had one content word and no
    best matches. Typed as two terms, it gets statements holding the one word."""
    from indexer.search.bestmatch import content_words
    from indexer.search.query import needles, parse_query

    assert content_words(needles(parse_query("解读 不畅"))) == ["解读"]
    result = archive.search("解读 不畅", kind="problem", per_page=100)
    assert result.exact_total == 0 < result.total
    hit = next(h for h in result.hits if h.id == "test-chengshi-2022-p2")  # 政策解读形式较为单一
    assert hit.match == "words" and all(h.match == "words" for h in result.hits)
    # one term typed (a word and a shortcoming tail, `bestmatch.subject_word`): the statements
    # holding its subject 解读 follow its exact hits (none)
    tailed = archive.search("解读不畅", per_page=100)
    assert tailed.exact_total == 0 and {h.match for h in tailed.hits} == {"words"}
    assert {h.kind for h in tailed.hits} <= {"problem", "section"} and "test-chengshi-2022-p2" in {h.id for h in tailed.hits}


def test_no_best_matches_for_quoted_or_short_queries(archive):
    assert archive.search('"政策解读形式单一"').total == 0
    assert archive.search("栏目").exact_total == archive.search("栏目").total  # one content word
    # unless it has curated equivalents (`bestmatch.grouped`: 不够丰富 for 单一): then, after every
    # exact hit, the problem statements and sections 五 holding one of them
    result = archive.search("单一", per_page=100)
    assert result.exact_total < result.total
    assert all(h.match == "exact" for h in result.hits[:result.exact_total])
    assert all(h.match == "words" and h.section == 5 and "单一" not in h.snippet
               for h in result.hits[result.exact_total:])


def test_a_query_that_seeks_problems_ranks_statements_first(archive):
    from indexer.search.bestmatch import problem_lift
    from indexer.search.exact import needle

    table = archive._state().table
    assert problem_lift(table, [needle("不够健全")]) > 2.0 > problem_lift(table, [needle("主动公开")])
    hits = archive.search("不够健全", per_page=5).hits
    assert hits[0].kind == "problem"


def test_best_matches_keep_the_year_range(archive):
    # a narrowing (year range) applies to the best matches as to the exact hits
    from indexer.search.narrowing import Narrowing

    everything = archive.search("政策解读形式单一", per_page=100)
    years = {h.year for h in everything.hits}
    assert everything.exact_total == 0 and everything.total > 0 and years
    cut = min(years)
    kept = archive.search("政策解读形式单一", per_page=100, narrowing=Narrowing(year_from=cut + 1))
    assert all(h.year and h.year > cut for h in kept.hits)
    assert kept.total == sum(1 for h in everything.hits if h.year and h.year > cut)
