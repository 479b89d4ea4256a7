"""Shared fixtures: the repository's real corpus, read-only, and a scratch copy."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture
def corpus_dir() -> Path:
    """The committed corpus. Read it; never write into it."""
    return CORPUS


@pytest.fixture
def copy_corpus(tmp_path):
    """`copy_corpus(*names)` copies the corpus (or only the named files) into a
    fresh folder under tmp_path, writable, and returns that folder."""

    def copy(*names: str) -> Path:
        target = tmp_path / "corpus"
        target.mkdir(exist_ok=True)
        for path in sorted(CORPUS.iterdir()):
            if path.is_file() and (not names or path.name in names):
                shutil.copyfile(path, target / path.name)
        return target

    return copy


@pytest.fixture
def curated_groups(tmp_path, monkeypatch):
    """`curated_groups(data)` makes the archive's curated equivalences
    (`indexer.equivalents`) those of `data` (the JSON layout of
    indexer/data/equivalents.json) for this test, so that a test does not
    depend on the real file's groups; the cached groups are dropped before
    and after."""
    from indexer import equivalents, problem_pairs
    from indexer.search import everyday

    def clear():
        for cached in (equivalents.curated, equivalents._groups, equivalents._concepts, equivalents._aspects,
                       equivalents._shortcomings, everyday._pairs, problem_pairs._members, problem_pairs._hedge):
            cached.cache_clear()

    def use(data):
        path = tmp_path / "equivalents.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        monkeypatch.setattr(equivalents, "DATA", path)
        clear()

    yield use
    clear()
