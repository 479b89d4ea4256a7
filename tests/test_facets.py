"""Facet counts from the index equal counts computed independently from the parsed reports."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from indexer import identity
from indexer.categories import classify
from indexer.corpus import load_report, scan_corpus
from indexer.search import Archive, build_index
from indexer.search.results import UNKNOWN

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def truth(tmp_path_factory):
    root = tmp_path_factory.mktemp("facets")
    shutil.copytree(REPO / "corpus", root / "corpus")
    build_index(root / "corpus", root / "index", progress=False)
    entries, _ = scan_corpus(root / "corpus")
    loaded = [load_report(e) for e in entries]
    # the identity step, run here on its own: the agency facet counts organs
    resolved = identity.resolve([identity.record_of(r.report_id, r.report) for r in loaded])
    for r in loaded:
        identity.apply(r.report, resolved[r.report_id])
    return Archive(root / "index"), [r.report for r in loaded]


def _documents(reports):
    """One (kind, metadata) row per index document, computed without the index."""
    rows = []
    for report in reports:
        meta = {
            "agency": [report.agency_id] if report.agency_id else [UNKNOWN],
            "year": [str(report.year)] if report.year else [UNKNOWN],
            "region": list(dict.fromkeys(report.region.names())) or [UNKNOWN],
            "level": [report.level] if report.level else [UNKNOWN],
            "organ_type": [report.organ_type] if report.organ_type else [UNKNOWN],
            "format": [report.format] if report.format else [UNKNOWN],
            "failed_check": ["yes" if report.failed_checks else "no"],
        }
        categories = [[m.id for m in classify(p.text)] for p in report.problems]
        rows.append({**meta, "kind": ["report"], "category": list(dict.fromkeys(c for cs in categories for c in cs)) or [UNKNOWN]})
        rows.extend({**meta, "kind": ["problem"], "category": cs or [UNKNOWN]} for cs in categories)
    return rows


def _true_counts(rows, field):
    return Counter(v for row in rows for v in row[field])


@pytest.mark.parametrize("field", ["agency", "year", "category", "region", "level", "organ_type", "kind", "format",
                                   "failed_check"])
def test_browse_counts_equal_true_counts(truth, field):
    archive, reports = truth
    facet = archive.search("", facet_limit=1000).facets[field]
    assert {v.value: v.count for v in facet.values} == dict(_true_counts(_documents(reports), field))
    assert facet.truncated is False


def test_counts_for_a_filtered_search(truth):
    archive, reports = truth
    rows = [r for r in _documents(reports) if set(r["year"]) & {"2020", "2023"} and "县级" not in r["level"]]
    result = archive.search("", filters={"year": ["2020", "2023"]}, exclude={"level": ["县级"]}, facet_limit=1000)
    assert result.total == len(rows)
    assert {v.value: v.count for v in result.facets["kind"].values} == dict(_true_counts(rows, "kind"))
    assert {v.value: v.count for v in result.facets["format"].values} == dict(_true_counts(rows, "format"))
    # the filtered field itself counts as if unfiltered (OR within a field), selected values flagged
    years = {v.value: (v.count, v.selected) for v in result.facets["year"].values}
    unfiltered = _true_counts([r for r in _documents(reports) if "县级" not in r["level"]], "year")
    assert years == {y: (c, y in ("2020", "2023")) for y, c in unfiltered.items()}
    levels = {v.value: (v.count, v.excluded) for v in result.facets["level"].values}
    assert levels["县级"] == (0, True)


def test_limit_truncates_and_keeps_selected_values(truth):
    archive, reports = truth
    rare = min(_true_counts(_documents(reports), "year").items(), key=lambda kv: (kv[1], kv[0]))[0]
    facet = archive.search("", filters={"year": [rare]}, facet_limit=2).facets["year"]
    assert facet.truncated is True
    assert len(facet.values) == 3 and facet.values[-1].value == rare and facet.values[-1].selected


def test_facet_values(truth):
    archive, reports = truth
    assert {v.value: v.count for v in archive.facet_values("year")} == dict(Counter(str(r.year) if r.year else UNKNOWN for r in reports))


@pytest.mark.parametrize("field", ["agency", "year", "level", "organ_type", "format"])
def test_single_valued_facet_counts_add_up_to_the_total(truth, field):
    archive, reports = truth
    result = archive.search("", kind="report", facet_limit=1000)
    assert result.total == len(reports) == 17
    assert sum(v.count for v in result.facets[field].values) == result.total


def test_the_unknown_bucket_finds_the_reports_without_a_value(truth):
    archive, reports = truth
    unnamed = sorted(r.source for r in reports if not r.agency)
    assert unnamed == ["tongling-jiaoqu-xiang-2017.txt", "tunchang-xghwyh-2015.txt"]
    result = archive.search("", filters={"agency": [UNKNOWN]}, kind="report")
    assert sorted(h.report_id for h in result.hits) == ["tongling-jiaoqu-xiang-2017", "tunchang-xghwyh-2015"]
    facet = {v.value: v for v in result.facets["agency"].values}
    assert facet[UNKNOWN].count == 2 and facet[UNKNOWN].selected


def test_agency_facet_counts_organs_and_shows_their_names(truth):
    archive, _ = truth
    values = {v.value: (v.label, v.count) for v in archive.search("", kind="report", facet_limit=1000).facets["agency"].values}
    assert values["320813:人民政府"] == ("淮安市洪泽区人民政府", 2)
    assert values["230109:人民政府"] == ("哈尔滨市松北区人民政府", 1)
    # a filter takes the organ's id or its name
    by_id = archive.search("", filters={"agency": ["320813:人民政府"]}, kind="report")
    by_name = archive.search("", filters={"agency": ["淮安市洪泽区人民政府"]}, kind="report")
    assert sorted(h.report_id for h in by_id.hits) == sorted(h.report_id for h in by_name.hits) == [
        "huaian-hongze-qu-2023", "huaian-hongze-qu-2024"]


def test_region_provinces_and_the_unknown_bucket_add_up_to_the_total(truth):
    archive, reports = truth
    result = archive.search("", kind="report", facet_limit=1000)
    provinces = {r.region.province for r in reports if r.region.province}
    counts = {v.value: v.count for v in result.facets["region"].values}
    assert sum(counts[p] for p in provinces) + counts["未识别"] == result.total
    # a report placed anywhere is found under its province (never a county without one)
    assert all(r.region.province for r in reports if r.region.names())


@pytest.mark.parametrize("share", [0.01, 0.5, 1.0])
def test_tally_by_document_equals_tally_by_pair(truth, share):
    # a single-valued column counts from its per-document array; the count
    # must be the one its (document, value) pairs give, for any set of documents
    import numpy as np

    archive, _ = truth
    table = archive._state().table
    within = np.random.default_rng(7).random(table.size) < share
    singles = 0
    for field in ("agency", "year", "category", "region", "level", "organ_type", "kind", "format", "failed_check"):
        column = table.column(field)
        by_pairs = np.bincount(column.value_ids[within[column.docs]], minlength=len(column.values))
        assert table.tally(field, within).tolist() == by_pairs.tolist(), field
        singles += column.single is not None
    assert singles >= 6  # every field but category and region holds one value a document


def test_a_segment_with_deletions_is_read_in_blocks_with_the_postings_whoosh_gives(tmp_path, monkeypatch):
    # Whoosh wraps such a segment's postings in a FilterMatcher that walks them one
    # at a time in Python; the table reads the blocks and drops the deleted documents
    import numpy as np
    from whoosh.matching.wrappers import FilterMatcher

    from indexer.search.postings import _segment_matcher, read_postings
    from indexer.search.schema import GRAM_FIELD

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ["songbei-qu-2020.txt", "pingfang-youxie-jiedao-2020.txt", "tongling-jiaoqu-xiang-2017.txt"]
    for name in names:
        shutil.copy2(Path(__file__).resolve().parent.parent / "corpus" / name, corpus / name)
    index = tmp_path / "index"
    build_index(corpus, index, procs=1, progress=False)
    changed = corpus / names[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n城市更新信息公开。\n", encoding="utf-8")
    monkeypatch.setattr("indexer.search.store.MERGE_BELOW", 0)  # keep the old segment, with its deletions
    monkeypatch.setattr("indexer.search.store.MERGE_DELETED_SHARE", 1.0)
    build_index(corpus, index, procs=1, progress=False)
    table = Archive(index)._state().table
    leaf = next(leaf for leaf, _ in table._leaves if leaf.has_deletions())
    assert isinstance(leaf.postings(GRAM_FIELD, "公开"), FilterMatcher)
    assert _segment_matcher(leaf, GRAM_FIELD, "公开")[1] is not None
    for field, text in ((GRAM_FIELD, "公开"), (GRAM_FIELD, "信息"), ("kind", "report"), ("kind", "problem")):
        whoosh = leaf.postings(field, text)
        expected = []
        while whoosh.is_active():
            expected.append((whoosh.id(), whoosh.weight(), whoosh.value() if field == GRAM_FIELD else None))
            whoosh.next()
        ids, weights, values = read_postings(leaf, field, text, values=field == GRAM_FIELD)
        got = list(zip(np.concatenate(ids).tolist(), np.concatenate(weights).tolist(),
                       values if field == GRAM_FIELD else [None] * sum(map(len, ids))))
        assert got == [(d, float(np.float32(w)), v) for d, w, v in expected] and expected
    assert all(not leaf.is_deleted(d) for d in np.concatenate(read_postings(leaf, "kind", "report")[0]).tolist())
