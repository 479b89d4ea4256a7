"""indexer.vectortext: the word vectors' training text, made by the build's workers and kept beside the index."""
from __future__ import annotations

import shutil

import pytest

from indexer import vectors
from indexer.search.documents import prose, unpack_report
from indexer.search.store import open_or_create
from indexer.similar import STOPWORDS
from indexer.vectortext import FILE, TrainingTexts, first_text, pack, rest_text, text_cache


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(vectors, "MIN_WORDS", 1000)
    monkeypatch.setattr(vectors, "MIN_VOCABULARY", 50)


def _build(corpus_dir, tmp_path, procs=1, index="index"):
    from indexer.build import build_index

    corpus = tmp_path / "corpus"
    if not corpus.exists():
        corpus.mkdir()
        for path in corpus_dir.iterdir():
            if path.is_file() and path.suffix != ".csv":
                shutil.copy(path, corpus / path.name)
    return build_index(corpus, tmp_path / index, procs=procs, progress=False), tmp_path / index


def _texts_as_parts(index) -> list[str]:
    """The training text as the vector step read it before the workers made it:
    each report's parts one by one from its stored blob (section 五's prose,
    each statement outside it; then the other sections' prose)."""
    with open_or_create(index).searcher() as searcher:
        blobs = searcher.reader().column_reader("report_blob")
        docnums = sorted(searcher.document_numbers(kind="report"), key=lambda d: searcher.stored_fields(d)["report_id"])
        reports = [unpack_report(blobs[d]) for d in docnums]
    out = []
    for report in reports:
        fives = "\n".join(prose(s.text) for s in report.sections if s.number == 5)
        out += [fives] + [p.text for p in report.problems if p.text not in fives]
    for report in reports:
        out += [prose(s.text) for s in report.sections if s.number != 5]
    return out


def _sentences(index, texts=None):
    with open_or_create(index).searcher() as searcher:
        return vectors.corpus_sentences(searcher, STOPWORDS, limit=10**9,
                                        texts=TrainingTexts(searcher, index) if texts is None else texts)


@pytest.mark.parametrize("procs", [1, 2])
def test_the_workers_text_gives_the_sentences_of_the_stored_reports(corpus_dir, tmp_path, small_thresholds, procs):
    summary, index = _build(corpus_dir, tmp_path, procs)
    assert summary.reports >= 10
    # the vector step read every first text from what the workers made
    assert summary.vectors["first_texts"] == {"cached": summary.reports, "read_back": 0}
    cached = _sentences(index)
    assert cached == _sentences(index, texts=_texts_as_parts(index))
    assert sum(map(len, cached)) > 2000
    (index / FILE).unlink()  # read back from the index: the same
    with open_or_create(index).searcher() as searcher:
        texts = TrainingTexts(searcher, index)
        assert vectors.corpus_sentences(searcher, STOPWORDS, limit=10**9, texts=texts) == cached
        assert (texts.cached, texts.read_back) == (0, summary.reports)
        texts.save()  # and kept for the next reading
    with open_or_create(index).searcher() as searcher:
        texts = TrainingTexts(searcher, index)
        assert list(texts)[:summary.reports] == [first_text(unpack_report(searcher.reader().column_reader("report_blob")[d]))
                                                 for d in sorted(searcher.document_numbers(kind="report"),
                                                                 key=lambda d: searcher.stored_fields(d)["report_id"])]
        assert (texts.cached, texts.read_back) == (summary.reports, 0)


def test_joined_parts_are_the_same_sentences():
    parts = ["一是平台建设滞后。", "", "二是人员配备不足；三是培训较少", "四是宣传不够。\n"]
    assert list(vectors.training_sentences(["\n".join(parts)])) == list(vectors.training_sentences(parts))


def test_a_cache_of_another_content_or_damaged_is_read_back(corpus_dir, tmp_path, small_thresholds):
    summary, index = _build(corpus_dir, tmp_path)
    expected = _sentences(index)
    cache = text_cache(index)
    first = cache.db.execute("SELECT report_id FROM units ORDER BY report_id").fetchone()[0]
    cache.db.execute("UPDATE units SET blob=? WHERE report_id=?", (b"not zlib", first))
    second = cache.db.execute("SELECT report_id FROM units ORDER BY report_id LIMIT 1 OFFSET 1").fetchone()[0]
    cache.db.execute("UPDATE units SET content_hash='other' WHERE report_id=?", (second,))
    cache.db.execute("INSERT INTO units VALUES ('gone-report', 'h', ?)", (pack("不再索引的报告"),))
    cache.db.commit()
    cache.close()
    with open_or_create(index).searcher() as searcher:
        texts = TrainingTexts(searcher, index)
        assert vectors.corpus_sentences(searcher, STOPWORDS, limit=10**9, texts=texts) == expected
        assert texts.read_back == 2
        texts.save()
    cache = text_cache(index)
    assert "gone-report" not in {r for (r,) in cache.db.execute("SELECT report_id FROM units")}
    cache.close()
    (index / FILE).write_bytes(b"this is not a database" * 100)
    assert _sentences(index) == expected


def test_a_build_whose_text_cache_cannot_be_opened_reads_back(corpus_dir, tmp_path, small_thresholds, monkeypatch):
    from indexer import build

    monkeypatch.setattr(build, "text_cache", lambda index_dir: None)
    summary, index = _build(corpus_dir, tmp_path)
    assert summary.vectors["trained"] is True
    assert summary.vectors["first_texts"] == {"cached": 0, "read_back": summary.reports}


def test_rest_text_is_the_other_sections_prose(corpus_dir, tmp_path):
    from indexer.corpus import load_report, scan_corpus

    entries, _ = scan_corpus(corpus_dir)
    report = load_report(next(e for e in entries if e.relpath.endswith(".txt"))).report
    assert rest_text(report) == "\n".join(prose(s.text) for s in report.sections if s.number != 5)
    assert rest_text(report) and any(s.number == 5 for s in report.sections)
