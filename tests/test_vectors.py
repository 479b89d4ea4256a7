"""indexer.vectors: word vectors the build learns from the archive, and the lexical fallback."""
from __future__ import annotations

import json
import os
import random
import shutil

import numpy as np
import pytest

from indexer import vectors
from indexer.vectors import MODEL_FILE, STAMP_FILE, RelatedWords, read_stamp, train, training_sentences

#: words that name the same thing and are used in the same contexts
CHANNELS = ["平台", "渠道", "载体"]
STAFF = ["人员", "队伍", "力量"]


def _sentences(n: int = 1500, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    filler = [f"词{i}" for i in range(300)]
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            core = ["公开", rng.choice(CHANNELS), "建设", "滞后", "有待", "完善"]
        else:
            core = ["专职", rng.choice(STAFF), "配备", "不足", "变动", "频繁"]
        out.append(rng.sample(filler, 3) + core + rng.sample(filler, 3))
    return out


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(vectors, "MIN_WORDS", 1000)
    monkeypatch.setattr(vectors, "MIN_VOCABULARY", 50)


def test_training_sentences_are_clauses_of_content_words():
    text = "一是信息公开平台建设滞后；二是工作人员为兼职。\n政府信息公开"
    assert list(training_sentences([text], frozenset({"信息公开", "政府信息"}))) == [
        ["一是", "平台", "建设", "滞后"], ["二是", "工作人员", "兼职"]]


def test_words_used_alike_become_neighbours(small_thresholds):
    kv = train(_sentences())
    related = RelatedWords(kv)
    assert set(related.neighbours("平台", 2, 0.0)) == {"渠道", "载体"}
    assert set(related.neighbours("人员", 2, 0.0)) == {"队伍", "力量"}
    same = related.similarity({"平台": 1.0, "滞后": 1.0}, {"渠道": 1.0, "滞后": 1.0})
    other = related.similarity({"平台": 1.0, "滞后": 1.0}, {"队伍": 1.0, "频繁": 1.0})
    assert same > other
    assert related.similarity({"平台": 1.0}, {"没有的词": 1.0}) == 0.0


def test_the_same_text_trains_the_same_vectors(small_thresholds):
    a, b = train(_sentences()), train(_sentences())
    assert a.index_to_key == b.index_to_key
    assert np.allclose(a.vectors, b.vectors)


def test_too_little_text_trains_nothing():
    assert train(_sentences(50)) is None  # ~600 words, MIN_WORDS needed


def _build(corpus_dir, tmp_path, names=None):
    from indexer.build import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for path in corpus_dir.iterdir():
        if path.is_file() and path.suffix == ".txt" and (names is None or path.name in names):
            shutil.copy(path, corpus / path.name)
    return build_index(corpus, tmp_path / "index", procs=1, progress=False), tmp_path / "index"


def test_a_small_archive_builds_without_a_model_and_similar_falls_back(corpus_dir, tmp_path):
    from indexer import similar
    from indexer.search import Archive

    summary, index = _build(corpus_dir, tmp_path)
    assert summary.vectors["trained"] is False and "too little text" in summary.vectors["reason"]
    assert not (index / MODEL_FILE).exists()
    assert read_stamp(index)["trained"] is False
    archive = Archive(index)
    assert similar.archive_vectors(archive) is None
    problem = next(p for p in archive.all_problems() if "兼职" in p.text)
    result = similar.similar_to_problem(archive, problem.id)
    assert result.similar and all(s.vector == 0.0 for s in result.similar)


def test_the_build_trains_once_and_skips_an_unchanged_input(corpus_dir, tmp_path, small_thresholds):
    from indexer import similar
    from indexer.build import build_index
    from indexer.search import Archive

    summary, index = _build(corpus_dir, tmp_path)
    first = summary.vectors
    assert first["trained"] is True and first["vocabulary"] >= 50
    assert first["bytes"] == (index / MODEL_FILE).stat().st_size > 0
    assert json.loads((index / STAMP_FILE).read_text(encoding="utf-8"))["digest"] == first["digest"]
    mtime = (index / MODEL_FILE).stat().st_mtime_ns

    again = build_index(tmp_path / "corpus", index, procs=1, progress=False)
    assert again.vectors["skipped"] is True and again.vectors["reason"] == "input unchanged"
    assert (index / MODEL_FILE).stat().st_mtime_ns == mtime

    # loaded once per process: the same object until the build replaces the file
    archive = Archive(index)
    loaded = similar.archive_vectors(archive)
    assert loaded is not None and similar.archive_vectors(archive) is loaded
    problem = next(p for p in archive.all_problems() if "兼职" in p.text)
    result = similar.similar_to_problem(archive, problem.id)
    assert any(s.vector > 0 for s in result.similar)

    (tmp_path / "corpus" / "pingfang-youxie-jiedao-2020.txt").unlink()
    changed = build_index(tmp_path / "corpus", index, procs=1, progress=False)
    assert changed.vectors["trained"] is True and not changed.vectors.get("skipped")
    assert changed.vectors["digest"] != first["digest"]
    assert similar.archive_vectors(archive) is not loaded


def test_on_two_cores_the_vectors_train_beside_the_copy_pass_and_come_out_the_same(corpus_dir, tmp_path, small_thresholds,
                                                                                  monkeypatch):
    from gensim.models import KeyedVectors

    from indexer.build import build_index

    alone, index = _build(corpus_dir, tmp_path)
    corpus = tmp_path / "corpus"
    beside = build_index(corpus, tmp_path / "beside", procs=2, progress=False)
    assert beside.vectors["trained"] is True and beside.vectors["words"] == alone.vectors["words"]
    a, b = KeyedVectors.load(str(index / MODEL_FILE)), KeyedVectors.load(str(tmp_path / "beside" / MODEL_FILE))
    assert a.index_to_key == b.index_to_key and np.allclose(a.vectors, b.vectors)

    def dies(*args):  # the second process ends without a word: the parent trains instead
        import os

        os._exit(3)

    monkeypatch.setattr(vectors, "_vector_child", dies)
    fallback = build_index(corpus, tmp_path / "fallback", procs=2, progress=False)
    assert fallback.vectors["trained"] is True and fallback.vectors["words"] == alone.vectors["words"]
    assert fallback.copies["reports"] == beside.copies["reports"] > 0


def test_for_a_large_archive_the_second_process_counts_first_then_trains_after_the_grouping(corpus_dir, tmp_path,
                                                                                          small_thresholds, monkeypatch):
    from gensim.models import KeyedVectors

    from indexer import build, buildtail
    from indexer.search import facetcache
    from indexer.search.facets import DocTable
    from indexer.search.store import open_index

    alone, index = _build(corpus_dir, tmp_path)
    monkeypatch.setattr(build, "VECTORS_TRAIN_BESIDE", 0)  # every archive is "large"
    calls = tmp_path / "count-calls"
    count = buildtail.count

    def counting(index_dir, ix=None):  # noted in a file: the second process's memory is its own
        with open(calls, "a") as fh:
            fh.write(f"{os.getpid()} {ix is None}\n")
        return count(index_dir, ix)

    monkeypatch.setattr(buildtail, "count", counting)
    large = build.build_index(tmp_path / "corpus", tmp_path / "large", procs=2, progress=False)
    assert (large.reports, large.problems) == (alone.reports, alone.problems) > (0, 0)
    # counted twice: in the second process (which writes the facet cache), then in the build's
    lines = calls.read_text().splitlines()
    here = f"{os.getpid()} False"
    assert len(lines) == 2 and here in lines
    second = next(line for line in lines if line != here)
    assert second.endswith(" True") and not second.startswith(f"{os.getpid()} ")
    with open_index(tmp_path / "large").searcher() as searcher:
        segments = sorted(f"{leaf.segment().segment_id()}.facets.npz" for leaf, _ in searcher.reader().leaf_readers())
        assert sorted(p.name for p in (tmp_path / "large" / facetcache.CACHE_DIR).iterdir()) == segments
        assert DocTable(searcher, index_dir=None).columns["kind"].total.tolist() == \
            DocTable(searcher, index_dir=tmp_path / "large").columns["kind"].total.tolist()
    assert large.vectors["trained"] is True and large.vectors["words"] == alone.vectors["words"]
    a, b = KeyedVectors.load(str(index / MODEL_FILE)), KeyedVectors.load(str(tmp_path / "large" / MODEL_FILE))
    assert a.index_to_key == b.index_to_key and np.allclose(a.vectors, b.vectors)


def test_a_model_that_cannot_be_written_does_not_fail_the_build(corpus_dir, tmp_path, small_thresholds):
    index = tmp_path / "index"
    index.mkdir()
    (index / MODEL_FILE).mkdir()  # a directory where the model file goes: os.replace fails
    (index / MODEL_FILE / "x").write_text("x")
    summary, _ = _build(corpus_dir, tmp_path)
    assert summary.reports > 0 and summary.vectors["trained"] is False
    assert "not written" in summary.vectors["reason"]


def test_a_damaged_model_file_means_no_vectors(tmp_path):
    (tmp_path / MODEL_FILE).write_bytes(b"not a model")
    assert RelatedWords.for_index(tmp_path) is None
    assert RelatedWords.for_index(tmp_path / "missing") is None


def test_the_server_loads_the_vectors_before_the_first_request(corpus_dir, tmp_path, small_thresholds):
    # gensim's import and the model cost seconds: a worker pays them while it
    # boots (app.serve.warm_up), not on someone's first similar-statements page
    from app import create_app
    from app.serve import warm_up
    from indexer.vectors import RelatedWords

    _, index = _build(corpus_dir, tmp_path)
    RelatedWords._cache.pop(str(index / MODEL_FILE), None)
    warm_up(create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(tmp_path / "corpus")}))
    cached = RelatedWords._cache.get(str(index / MODEL_FILE))
    assert cached is not None and cached[1] is not None


def test_the_reports_read_for_the_tail_leave_no_segment_mapped(corpus_dir, tmp_path):
    from pathlib import Path

    from indexer import buildtail
    from indexer.search.store import open_index

    summary, index = _build(corpus_dir, tmp_path)
    ix = open_index(index)

    def mapped() -> list[str]:
        return [line for line in Path("/proc/self/maps").read_text().splitlines() if f"{index}/" in line]

    reports = buildtail._indexed_reports(ix)
    assert reports is not None and len(reports.reports) == summary.reports > 0
    assert mapped() == []
    # as it was read before: a searcher kept after its close keeps every segment it read mapped
    # (~190 MB at 100k reports, through the copy pass and in each process it forks)
    with ix.searcher() as searcher:
        buildtail.read_reports(searcher)
    assert mapped() != []
    del searcher
    assert mapped() == []
