"""The parser's version: recorded beside the index; a changed parser re-reads every file."""
from __future__ import annotations

import shutil
from pathlib import Path

from indexer import build as build_module
from indexer.build import build_index
from indexer.commands import build as build_command
from indexer.parserversion import PACKAGE, PARSER_FILE, PARTS, code_digest, parser_version, recorded_version
from indexer.search import Archive

REPO = Path(__file__).resolve().parent.parent
FILES = ["songbei-qu-2020.txt", "pingfang-youxie-jiedao-2020.txt", "tongling-jiaoqu-xiang-2017.txt"]


def _corpus(path: Path) -> Path:
    path.mkdir()
    for name in FILES:
        shutil.copy2(REPO / "corpus" / name, path / name)
    return path


def test_the_digest_follows_every_code_and_data_file_of_the_reading(tmp_path):
    root = tmp_path / "indexer"
    for part in PARTS:
        source = PACKAGE / part
        (root / part).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / part)
    assert code_digest(root) == parser_version()
    (root / "parser" / "__pycache__").mkdir(exist_ok=True)
    (root / "parser" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    assert code_digest(root) == parser_version()  # compiled files are not the code
    table = next(p for p in sorted((root / "places").rglob("*.tsv")))
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed_data = code_digest(root)
    assert changed_data != parser_version()
    rule = root / "parser" / "problems.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# a new rule\n", encoding="utf-8")
    assert code_digest(root) not in (parser_version(), changed_data)


def test_a_changed_parser_reads_every_file_again_and_says_so(tmp_path, monkeypatch, capsys):
    corpus, index = _corpus(tmp_path / "corpus"), tmp_path / "index"
    first = build_index(corpus, index, progress=False)
    assert (first.added, first.parser, first.parser_change) == (sorted(FILES), [], "")
    assert recorded_version(index) == parser_version()
    again = build_index(corpus, index, progress=False)
    assert (again.updated, again.unchanged, again.parser, again.parser_change) == ([], sorted(FILES), [], "")

    monkeypatch.setattr(build_module, "parser_version", lambda: "0123456789abcdef")
    changed = build_index(corpus, index, progress=False)
    assert (changed.added, changed.updated, changed.unchanged) == ([], sorted(FILES), [])
    assert changed.parser == sorted(FILES)
    assert changed.parser_change == f"{parser_version()} → 0123456789abcdef"
    assert (index / PARSER_FILE).read_text(encoding="utf-8") == "0123456789abcdef\n"
    assert (changed.reports, changed.problems) == (first.reports, first.problems)
    assert Archive(index).stats()["reports"] == 3
    assert build_index(corpus, index, progress=False).unchanged == sorted(FILES)  # once, not every build

    monkeypatch.setattr(build_module, "parser_version", parser_version)
    code = build_command.run(build_command.add_parser(_subparsers()).parse_args(
        ["--corpus", str(corpus), "--index", str(index), "--quiet"]))
    out = capsys.readouterr().out
    assert code == 0
    assert f"parser changed since the last build (0123456789abcdef → {parser_version()}): 3 files read again" in out
    assert all(f"updated: {name} (parser changed)" in out for name in FILES)


def test_an_index_from_before_parser_versions_is_read_again_once(tmp_path):
    corpus, index = _corpus(tmp_path / "corpus"), tmp_path / "index"
    build_index(corpus, index, progress=False)
    (index / PARSER_FILE).unlink()
    summary = build_index(corpus, index, progress=False)
    assert (summary.parser, summary.parser_change) == (sorted(FILES), f"unrecorded → {parser_version()}")
    assert build_index(corpus, index, progress=False).parser == []


def test_an_empty_index_records_the_version_without_reading_anything_twice(tmp_path):
    corpus, index = _corpus(tmp_path / "corpus"), tmp_path / "index"
    (index).mkdir()
    (index / PARSER_FILE).write_text("an old version\n", encoding="utf-8")
    summary = build_index(corpus, index, progress=False)  # nothing indexed yet: nothing to read again
    assert (summary.added, summary.parser, summary.parser_change) == (sorted(FILES), [], "")
    assert recorded_version(index) == parser_version()


def _subparsers():
    import argparse

    return argparse.ArgumentParser().add_subparsers()
