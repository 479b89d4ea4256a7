"""A build worker's segment is written once: only its compound file reaches the disk."""
from __future__ import annotations

from pathlib import Path

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage

from indexer.build import _clean, _prepare
from indexer.corpus import scan_corpus
from indexer.search.segments import GroupedSegmentWriter
from indexer.search.store import (INDEX_NAME, build_writer, commit_segments, finish_segment, open_index,
                                  open_or_create, segment_writer, without_length_stats)


def _documents(corpus_dir: Path) -> list[dict]:
    entries, _ = scan_corpus(corpus_dir)
    docs = []
    for entry in entries[:6]:
        outcome = _prepare((entry, "2026-01-01T00:00:00+00:00"))
        if outcome[0] == "ok":
            docs.extend(outcome[4])
    return docs


def _parts(index_dir: Path, segment) -> dict[str, bytes]:
    """The parts inside a segment's compound file, by extension."""
    storage = FileStorage(str(index_dir))
    compound = CompoundStorage(storage.open_file(segment.make_filename(".seg")), use_mmap=False)
    try:
        return {name.split(segment.segid, 1)[1]: compound.open_file(name).read() for name in compound.list()}
    finally:
        compound.close()  # and its file


def test_a_workers_segment_writes_its_compound_file_only(tmp_path, corpus_dir, monkeypatch):
    docs = _documents(corpus_dir)
    assert len(docs) > 6
    ours = tmp_path / "ours"
    open_or_create(ours)
    before = set(p.name for p in ours.iterdir())
    created = []
    real_open = open

    def watching_open(file, mode="r", *args, **kwargs):  # every file opened for writing under `ours`
        if any(c in mode for c in "wax+") and str(file).startswith(str(ours)):
            created.append(Path(file).name)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watching_open)
    writer = segment_writer(ours)
    for doc in docs:
        writer.add_document(**_clean(doc))
    segment = finish_segment(writer)
    monkeypatch.undo()
    seg_name = segment.make_filename(".seg")
    assert created == [seg_name]
    assert set(p.name for p in ours.iterdir()) - before == {seg_name}

    # the same parts as Whoosh's own way (parts written as files, then copied into the .seg)
    theirs = tmp_path / "theirs"
    writer = without_length_stats(GroupedSegmentWriter(open_or_create(theirs), _lk=False))
    for doc in docs:
        writer.add_document(**_clean(doc))
    their_segment = writer._finalize_segment()
    assert _parts(ours, segment) == _parts(theirs, their_segment)
    assert not [p.name for p in theirs.iterdir() if p.name.startswith(f"{INDEX_NAME}_") and p.suffix != ".seg"]

    # and it commits and reads back
    commit_segments(build_writer(open_or_create(ours)), [segment])
    ix = open_index(ours)
    assert ix.doc_count() == len(docs)
    with ix.searcher() as searcher:
        assert sorted(f["id"] for f in searcher.all_stored_fields()) == sorted(d["id"] for d in docs)
