"""Each segment's facet pairs are read from its postings once and kept in
`facetcache/`; every table made afterwards, from the cache or without it,
holds the same columns, and a damaged, stale or unwritable cache is never
believed."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.search import Archive, build_index
from indexer.search import facetcache
from indexer.search.facets import DocTable

REPO = Path(__file__).resolve().parent.parent
NAMES = ["songbei-qu-2020.txt", "pingfang-youxie-jiedao-2020.txt", "tongling-jiaoqu-xiang-2017.txt",
         "huadian-xinhua-jiedao-2012.txt"]


def _columns(table):
    return {field: (c.values, c.docs.tolist(), c.value_ids.tolist(), c.total.tolist())
            for field, c in table.columns.items()}


def _table(index, cached=True):
    state = Archive(index)._state()
    return DocTable(state.searcher, index_dir=index if cached else None)


@pytest.fixture()
def index(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in NAMES:
        shutil.copy2(REPO / "corpus" / name, corpus / name)
    index = tmp_path / "index"
    build_index(corpus, index, procs=1, progress=False)
    return corpus, index


def _cache_files(index):
    folder = index / facetcache.CACHE_DIR
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_the_build_leaves_one_cache_file_per_segment_and_tables_read_it(index, monkeypatch):
    _, index = index
    state = Archive(index)._state()
    segments = sorted(leaf.segment().segment_id() for leaf, _ in state.table._leaves)
    assert _cache_files(index) == [f"{s}.facets.npz" for s in segments]
    uncached = _columns(_table(index, cached=False))
    assert uncached["kind"][0] == ["problem", "report"] and len(uncached["agency"][1]) > 0

    def refuse(*_):
        raise AssertionError("read from the postings although the cache is sound")
    monkeypatch.setattr("indexer.search.facets._segment_field_pairs", refuse)
    assert _columns(_table(index)) == uncached


def test_deletions_after_caching_are_dropped_by_the_live_mask(index, monkeypatch):
    corpus, index = index
    monkeypatch.setattr("indexer.search.store.MERGE_BELOW", 0)  # keep the old segment, with its deletions
    monkeypatch.setattr("indexer.search.store.MERGE_DELETED_SHARE", 1.0)
    before = _cache_files(index)
    (corpus / NAMES[0]).unlink()
    build_index(corpus, index, procs=1, progress=False)
    table = _table(index)
    assert any(leaf.has_deletions() for leaf, _ in table._leaves)
    assert set(before) <= set(_cache_files(index))  # the old segment's file was reused, not rewritten
    assert _columns(table) == _columns(_table(index, cached=False))
    assert int(table.columns["kind"].total[table.columns["kind"].index["report"]]) == len(NAMES) - 1


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other_count", "other_format"])
def test_a_damaged_or_stale_cache_file_is_read_again_from_the_postings(index, damage):
    _, index = index
    expected = _columns(_table(index, cached=False))
    path = index / facetcache.CACHE_DIR / _cache_files(index)[0]
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "garbage":
        path.write_bytes(b"not a numpy archive \x00\xff" * 50)
    else:
        with np.load(path) as data:
            arrays = dict(data)
        arrays["count" if damage == "other_count" else "format"] = np.array(999)
        with open(path, "wb") as fh:
            np.savez(fh, **arrays)
    assert _columns(_table(index)) == expected
    with np.load(path) as data:  # and rewritten sound
        assert int(data["format"]) == facetcache.FORMAT and int(data["count"]) != 999


def test_a_cache_that_cannot_be_written_is_no_error(index, monkeypatch):
    _, index = index
    expected = _columns(_table(index, cached=False))
    shutil.rmtree(index / facetcache.CACHE_DIR)
    (index / facetcache.CACHE_DIR).write_text("a file where the folder should be", encoding="utf-8")
    assert _columns(_table(index)) == expected


def test_files_of_segments_gone_from_disk_are_pruned(index):
    corpus, index = index
    stale = index / facetcache.CACHE_DIR / "nianbao_gone0000000000.facets.npz"
    shutil.copy(index / facetcache.CACHE_DIR / _cache_files(index)[0], stale)
    (index / facetcache.CACHE_DIR / "nianbao_x.facets.npz.tmp").write_bytes(b"half written")
    _table(index)
    assert not stale.exists() and "nianbao_x.facets.npz.tmp" not in _cache_files(index)
    assert len(_cache_files(index)) == len(Archive(index)._state().table._leaves)


def test_field_lengths_read_as_one_slice_equal_whooshs_per_document_lengths(index):
    _, index = index
    table = Archive(index)._state().table
    fields = [f for f in table.searcher.schema.names() if table.searcher.schema[f].scorable]
    assert fields
    for field in fields:
        lengths = table.lengths(field)
        expected = [leaf._perdoc.doc_field_length(d, field, 0) for leaf, _ in table._leaves for d in range(leaf.doc_count_all())]
        assert lengths.tolist() == [float(np.float32(x or 0)) for x in expected]  # Whoosh says None for 0
        assert field != fields[0] or lengths.any()


def test_a_column_outside_the_facets_is_cached_on_its_own_and_equals_the_postings(index, monkeypatch):
    _, index = index
    expected = _table(index, cached=False)._column("report_id")
    table = _table(index)
    got = table._column("report_id")
    assert (got.values, got.docs.tolist()) == (expected.values, expected.docs.tolist()) and len(got.values) == len(NAMES)
    names = _cache_files(index)
    assert sum(n.endswith(".report_id.npz") for n in names) == sum(n.endswith(".facets.npz") for n in names) >= 1

    def refuse(*_):
        raise AssertionError("read from the postings although the cache is sound")
    monkeypatch.setattr("indexer.search.facets._segment_field_pairs", refuse)
    again = _table(index)  # neither group's file clobbered the other's
    assert again._column("report_id").values == expected.values


def test_a_field_the_schema_lacks_is_recorded_absent_and_answered_from_the_file(index):
    _, index = index
    table = _table(index)
    assert table._column("no_such_field").values == []
    for leaf, _ in table._leaves:
        path = facetcache.cache_path(index, leaf.segment().segment_id(), "no_such_field")
        with np.load(path) as data:
            assert [str(f) for f in data["absent"]] == ["no_such_field"]
        # a sound answer (nothing), not a miss that would read and rewrite the file again
        assert facetcache._load(path, ["no_such_field"], leaf.doc_count_all()) == {}


def test_a_segments_terms_walked_in_order_give_the_pairs_of_one_lookup_per_term(index, monkeypatch):
    """The count step walks each field's terms in the terms file and reads each
    term's postings from its extent (`postings.field_postings`); the pairs are
    those of looking every term up on its own, deleted documents included,
    also for a term whose postings take several blocks."""
    from whoosh.codec.whoosh3 import W3Codec

    from indexer.search import facets
    from indexer.search.schema import FACET_TERM_FIELDS

    corpus, index = index
    monkeypatch.setattr("indexer.search.store.MERGE_BELOW", 0)  # keep the old segment, with its deletions
    monkeypatch.setattr("indexer.search.store.MERGE_DELETED_SHARE", 1.0)
    monkeypatch.setattr(W3Codec.__init__, "__defaults__", (2, 3, 1))  # the new segment's blocks: 2 postings
    (corpus / NAMES[0]).unlink()
    added = sorted(p for p in (REPO / "corpus").glob("*.txt") if p.name not in NAMES)[0]
    shutil.copy2(added, corpus / added.name)
    build_index(corpus, index, procs=1, progress=False)
    leaves = _table(index, cached=False)._leaves
    assert any(leaf.has_deletions() for leaf, _ in leaves)
    walked, blocks = {}, 0
    for leaf, offset in leaves:
        for field in (*FACET_TERM_FIELDS, "report_id"):
            if field in leaf.schema:
                assert facets.field_postings(leaf, field) is not None  # the walk, not the fallback
                blocks = max([blocks] + [len(ids) for _, ids in facets.field_postings(leaf, field)])
                walked[offset, field] = facets._segment_field_pairs(leaf, field)
    monkeypatch.setattr("indexer.search.facets.field_postings", lambda leaf, field: None)
    looked_up = {(offset, field): facets._segment_field_pairs(leaf, field)
                 for leaf, offset in leaves for field in (*FACET_TERM_FIELDS, "report_id") if field in leaf.schema}
    assert walked.keys() == looked_up.keys() and len(walked) > 10
    for key, (values, docs, ids) in looked_up.items():
        assert walked[key][0] == values and walked[key][1].tolist() == docs.tolist()
        assert walked[key][2].tolist() == ids.tolist()
    assert blocks > 1  # in the new segment, "kind" has more postings than a block holds
