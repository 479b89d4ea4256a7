"""`python -m indexer parse`, run as a real subprocess on real corpus files."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"id", "title", "agency", "region", "level", "year", "published", "format", "sections", "problems",
        "measures", "tables", "checks", "warnings", "source", "source_url"}


def run_parse(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "indexer", "parse", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_json_lines_in_argument_order_with_an_error_line(corpus_dir, tmp_path):
    empty = tmp_path / "空 文件.txt"
    empty.write_bytes(b"")
    paths = [str(corpus_dir / "songbei-qu-2020.txt"), str(empty), str(corpus_dir / "shuyang-fagaiju-2023.html"),
             str(corpus_dir / "huaian-hongze-qu-2023.pdf")]
    done = run_parse(*paths, "--json")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1
    assert [r["source"] for r in records] == paths
    empty_id = "report-" + hashlib.sha1("空 文件.txt".encode()).hexdigest()[:8]
    assert [r["id"] for r in records] == ["songbei-qu-2020", empty_id, "shuyang-fagaiju-2023", "huaian-hongze-qu-2023"]
    assert records[1] == {"source": str(empty), "id": empty_id, "error": "空文件 empty file (0 bytes)"}
    assert [set(r) >= KEYS for r in (records[0], records[2], records[3])] == [True, True, True]
    assert [(r["year"], r["format"]) for r in (records[0], records[2], records[3])] == [(2020, "2019"), (2023, "2021"), (2023, "2021")]
    assert records[2]["source_url"] == ""  # the saved page has no canonical link; the manifest is not used here
    assert [sorted({k for s in r["sections"] for k in s}) for r in (records[0],)] == [
        ["canonical_title", "number", "text", "title"]]
    assert "空文件" in done.stdout  # ensure_ascii=False: Chinese stays readable
    assert done.stderr == f"error: {empty}: 空文件 empty file (0 bytes)\n"


def test_all_good_files_exit_zero_and_human_summary(corpus_dir):
    done = run_parse(str(corpus_dir / "xianfenglu-jiedao-2019.txt"), str(corpus_dir / "jiamusi-gangwan-jiedao-2020.md"))
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [str(corpus_dir / "xianfenglu-jiedao-2019.txt"),
                                                          str(corpus_dir / "jiamusi-gangwan-jiedao-2020.md")]
    assert all(" · sections " in line for line in lines)


def test_bad_files_give_one_stderr_line_each_and_no_traceback(tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "a.xls").write_bytes(b"x")
    names = [str(tmp_path / n) for n in ("binary.txt", "broken.docx", "a.xls", "missing.pdf")]
    done = run_parse(*names)
    assert done.returncode == 1
    assert done.stdout == ""
    assert [line.split(": ", 2)[1] for line in done.stderr.splitlines()] == names
    assert "Traceback" not in done.stderr


def test_no_paths_is_a_usage_error():
    done = run_parse()
    assert done.returncode == 2 and "PATH" in done.stderr
