"""GroupedSegmentWriter writes the segments Whoosh's own SegmentWriter writes:
the same files byte for byte, except that a posting block's data is pickled
with a newer protocol (`termwriter.BLOCK_PROTOCOL`), so the postings file and
the term table's pointers into it are compared as what they decode to: every
term's statistics, and every block's info and data, in order."""
from __future__ import annotations

import hashlib
import io
import pickle
import zlib
from pathlib import Path

import pytest
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import unpack_int
from whoosh.writing import SegmentWriter

from indexer.build import _clean, _prepare
from indexer.corpus import scan_corpus
from indexer.search import Archive
from indexer.search.analysis import postings
from indexer.search.wordnumbers import indexed_words
from indexer.search.exact import gram_terms
from indexer.search import deflate
from indexer.search.segments import GroupedSegmentWriter
from indexer.search.termwriter import RAW_BELOW
from indexer.search.store import open_or_create, without_length_stats


def _segment_files(index_dir: Path, docs: list[dict], writer_class, levels: list | None = None) -> dict[str, object]:
    """Write `docs` into one uncompounded segment; its files' digests by
    extension, the postings file, term table and stored fields as what they decode to
    (each block's compression level and decompressed length into `levels`)."""
    ix = open_or_create(index_dir)
    writer = without_length_stats(writer_class(ix, _lk=False, compound=False))
    for doc in docs:
        writer.add_document(**_clean(doc))
    segment = writer._finalize_segment()
    files = {p.name.split(segment.segid, 1)[1]: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in index_dir.iterdir() if segment.segid in p.name}
    del files[".pst"], files[".trm"], files["._stored.col"]
    files["postings"] = _decoded_postings(ix, segment, [] if levels is None else levels)
    # each document's stored fields are a zlib stream: compared as what they decode to
    stored = segment.codec().per_document_reader(ix.storage, segment)
    try:
        files["stored"] = [stored.stored_fields(docnum) for docnum in range(segment.doc_count_all())]
    finally:
        stored.close()
    return files


def _decoded_postings(ix, segment, levels: list) -> list:
    """Every term of `segment` in the term table's order: its statistics, and
    each posting block's info and (decompressed, unpickled) data."""
    terms = segment.codec().terms_reader(ix.storage, segment)
    rows = []
    try:
        for (fieldname, tbytes), info in terms.items():
            assert not info.is_inlined()
            stats = (info._weight, info._df, info._minlength, info._maxlength, info._maxweight, info._minid, info._maxid)
            length = info._length[0] if isinstance(info._length, tuple) else info._length  # Whoosh keeps unpack's tuple
            raw = terms._postfile.get(info._offset, length)
            assert raw[:4] == WHOOSH3_HEADER_MAGIC
            blocks, position, last = [], 4, False
            while not last:
                length = unpack_int(raw[position:position + 4])[0]
                last, length = length < 0, abs(length)
                body = io.BytesIO(raw[position + 4:position + 4 + length])
                block_info = pickle.load(body)
                data = body.read()
                data = zlib.decompress(data) if block_info[3] else data
                # the info without its compression level: short blocks are written uncompressed
                # (`termwriter.RAW_BELOW`); what the block decodes to is compared
                blocks.append((block_info[:3] + block_info[4:], pickle.loads(data)))
                levels.append((block_info[3], len(data)))
                position += 4 + length
            assert position == len(raw)
            rows.append((fieldname, tbytes, stats, blocks))
    finally:
        terms.close()
    return rows


def _corpus_documents(corpus_dir: Path) -> list[dict]:
    entries, _ = scan_corpus(corpus_dir)
    docs = []
    for entry in entries:
        outcome = _prepare((entry, "2026-01-01T00:00:00+00:00"))
        if outcome[0] == "ok":
            docs.extend(outcome[4])
    return docs


def test_same_files_as_whoosh_for_the_real_corpus(tmp_path, corpus_dir):
    docs = _corpus_documents(corpus_dir)
    assert len(docs) > 17
    levels = []
    ours = _segment_files(tmp_path / "ours", docs, GroupedSegmentWriter, levels)
    theirs = _segment_files(tmp_path / "theirs", docs, SegmentWriter)
    assert {"postings", "stored", "._s5_len.col"} <= set(theirs) and theirs["postings"] and theirs["stored"]
    assert ours == theirs
    # short blocks are stored as they are, the others compressed (`deflate`, at its level)
    assert {level for level, size in levels if size < RAW_BELOW} == {0}
    assert {level for level, size in levels if size >= RAW_BELOW} == {deflate.LEVEL}


@pytest.mark.parametrize("count", [1, 127, 128, 129, 256, 300])
def test_same_files_across_block_boundaries(tmp_path, count):
    # Whoosh writes a term's postings in blocks of 128 and inlines a lone posting:
    # terms here occur in 1, 127, 128, 129, 256 and 300 documents.
    docs = []
    for n in range(count):
        text = "政府信息公开工作" + ("依申请公开" * (n % 3 + 1)) + f"第{n}号"
        # word fields as a build worker gives them (Words), as counted postings,
        # and a field whose Words turn into per-term lists when Postings arrive
        docs.append({"id": f"r{n:04d}", "report_id": f"r{n:04d}", "kind": "report",
                     "year": str(2010 + n % 15), "category": "网站,培训" if n % 2 else "培训",
                     "s1": postings(text), "s5": text if n % 5 == 0 else None, "s2": indexed_words(text),
                     "problem": postings(text) if n % 7 == 3 else indexed_words(text[n % 4:]),
                     "grams": gram_terms({0: text, 5: "公开" * (n % 4)})})
    ours = _segment_files(tmp_path / "ours", docs, GroupedSegmentWriter)
    theirs = _segment_files(tmp_path / "theirs", docs, SegmentWriter)
    assert ours == theirs


def test_gram_terms_and_merged_postings_in_one_segment(tmp_path):
    # a segment writer that merges an old segment gets gram postings as tuples
    # after gram terms as arrays: the field's buffer turns into the flat one
    texts = ["政府信息公开工作", "依申请公开" * 3, "公开，公开。", "年度报告"]
    docs = [{"id": f"r{n}", "report_id": f"r{n}", "kind": "report", "grams": gram_terms(t)} for n, t in enumerate(texts)]
    ix = open_or_create(tmp_path)
    writer = without_length_stats(GroupedSegmentWriter(ix, _lk=False, compound=False))
    for n, doc in enumerate(docs):
        writer.add_document(**doc)
        if n == 1:
            for item in [("grams", t, 99, w, v) for t, _, w, v in gram_terms("公开年度").postings()]:
                writer.pool.add(item)
    assert "grams" in writer.pool.fields and not writer.pool.grams
    flat = writer.pool.fields["grams"]["公开".encode()]
    assert flat[0::3] == [0, 1, 99, 2]  # docs 0, 1 (arrays), 99 (merged), 2 (arrays, after)
    assert flat[1::3] == [1.0, 3.0, 1.0, 2.0]
    writer._finalize_segment()


def test_serial_and_parallel_builds_answer_alike(tmp_path, copy_corpus):
    from indexer.build import build_index

    corpus = copy_corpus()
    answers = []
    for procs in (1, 2):
        index = tmp_path / f"index{procs}"
        summary = build_index(corpus, index, procs=procs, progress=False)
        archive = Archive(index)
        answers.append([(summary.reports, summary.problems)] + [
            [(h.id, round(h.score, 4)) for h in archive.search(q, facets=False, highlight=False, per_page=100).hits]
            for q in ("行政复议", '"政府信息公开"', "网站 建设", "培训")])
    assert answers[0][0] == (17, answers[0][0][1]) and answers[0][0][1] > 17
    assert all(answers[0][1:])  # every query finds something
    assert answers[0] == answers[1]


def test_incremental_builds_merge_small_segments_without_losing_documents(tmp_path, copy_corpus):
    # Each build commits one more segment; Whoosh's merge policy folds small
    # segments into the next commit through the writer's term buffer.
    from whoosh.index import open_dir

    from indexer.build import build_index
    from indexer.search.store import INDEX_NAME

    source = copy_corpus()
    files = sorted(p.name for p in source.iterdir() if p.suffix in (".txt", ".md", ".html"))
    corpus, index = tmp_path / "growing", tmp_path / "index"
    corpus.mkdir()
    most_segments = 0
    for name in files:
        (corpus / name).write_bytes((source / name).read_bytes())
        build_index(corpus, index, procs=1, progress=False)
        most_segments = max(most_segments, len(open_dir(str(index), indexname=INDEX_NAME)._segments()))
    final_segments = len(open_dir(str(index), indexname=INDEX_NAME)._segments())
    assert len(files) >= 8 and final_segments < len(files)  # merged along the way

    fresh = tmp_path / "fresh"
    build_index(corpus, fresh, procs=1, progress=False)
    for query in ("行政复议", '"政府信息公开"', "网站 建设", "培训", "存在问题"):
        grown = Archive(index).search(query, facets=True, highlight=False, per_page=100)
        clean = Archive(fresh).search(query, facets=True, highlight=False, per_page=100)
        assert grown.total == clean.total > 0
        assert sorted(h.id for h in grown.hits) == sorted(h.id for h in clean.hits)
        assert grown.facets == clean.facets


@pytest.mark.parametrize("value", ["", "r-000123-p4", "北京市 人民政府", " x ", "A,B", "乡镇街道\t"])
def test_whole_value_fields_give_what_whoosh_indexes(tmp_path, value):
    """An ID field's terms are made directly (one term, the value): what its own `index` gives."""
    from indexer.search.schema import build_schema

    schema = build_schema()
    ix = open_or_create(str(tmp_path))
    writer = GroupedSegmentWriter(ix)
    try:
        assert {"id", "report_id", "file", "agency", "year"} <= set(writer._whole_value)
        for name in writer._whole_value:
            assert writer._terms_of(name, schema[name], value) == tuple(schema[name].index(value))
        # a field of several terms still goes through its analyzer
        assert writer._terms_of("region", schema["region"], "北京,海淀") == tuple(schema["region"].index("北京,海淀"))
    finally:
        writer.cancel()


def test_term_table_hash_tables_and_hashes_are_whooshs(tmp_path):
    """The term table's hash tables (written a bucket at a time) and its key
    hashes are those of Whoosh's `HashWriter`: the same bytes, collisions and
    empty buckets included."""
    import random

    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.filetables import OrderedHashWriter, md5_hash

    from indexer.search.termwriter import _md5_low_bits, _write_hash_tables

    rng = random.Random(7)
    keys = sorted({bytes(rng.randrange(256) for _ in range(rng.randrange(1, 20))) for _ in range(3000)})
    keys += [b"\x00", b"\xff" * 40, "政府信息公开".encode()]
    assert [_md5_low_bits(k) for k in keys] == [md5_hash(k) for k in keys]
    storage = FileStorage(str(tmp_path))
    written = []
    for name, ours in (("whoosh", False), ("ours", True)):
        writer = OrderedHashWriter(storage.create_file(name))
        if ours:
            writer._write_hashes = lambda w=writer: _write_hash_tables(w)
        for k in sorted(set(keys))[:2000]:
            writer.add(k, k[::-1])
        writer.buckets[3] = writer.buckets[3] + [(writer.buckets[3][0][0], 99)] if writer.buckets[3] else [(3, 99)]
        writer.buckets[200] = []
        writer.close()
        written.append((tmp_path / name).read_bytes())
    assert written[0] == written[1] and len(written[0]) > 2000 * 12


def test_a_field_outside_the_schema_is_refused_as_whoosh_refuses_it(tmp_path):
    # the writer takes the schema's names without filtering them when every name is the schema's;
    # an unknown name, or one that begins with "_", still goes Whoosh's way
    from whoosh.fields import UnknownFieldError

    ix = open_or_create(tmp_path)
    for writer_class in (SegmentWriter, GroupedSegmentWriter):
        writer = without_length_stats(writer_class(ix, _lk=False))
        with pytest.raises(UnknownFieldError):
            writer.add_document(id="r1", kind="report", unknown="x")
        writer.add_document(id="r1", kind="report", _unused="x")  # Whoosh leaves "_" names to its options
        writer.cancel()
