"""Shared fixtures: the repository's real corpus, read-only, and a scratch copy."""
from __future__ import annotations

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
