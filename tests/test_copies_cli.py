"""`python -m indexer copies`: the copy pass's clusters on the command line,
on the index built from the workbench fixture reports."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.register_assert_rewrite("workbench_fixtures")
from indexer.cli import main  # noqa: E402
from indexer.search.store import build_lock  # noqa: E402

from workbench_fixtures import SHARED_PARAGRAPH  # noqa: E402

pytest_plugins = ["workbench_fixtures"]
ROOT = Path(__file__).resolve().parent.parent


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["copies", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_the_shared_paragraph_and_opens_its_cluster(workbench_dirs, capsys):
    index = str(workbench_dirs["index"])
    code, out, _ = _run(capsys, "--index", index, "--unit", "paragraph")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "1 组报告段落雷同（至少两个机关），显示第 1–1 组"
    assert lines[1].split() == ["2", "篇", "2", "个机关", "2022", "para-jia-zhen-2022-s1-1"]
    assert lines[2].strip() == SHARED_PARAGRAPH  # shorter than a line: whole
    code, out, _ = _run(capsys, "--index", index, "--unit", "paragraph", "--json")
    assert [json.loads(line) for line in out.splitlines()] == [
        {"cluster_id": "para-jia-zhen-2022-s1-1", "kind": "paragraph", "text": SHARED_PARAGRAPH, "size": 2, "organs": 2,
         "first_year": 2022, "last_year": 2022}]
    code, out, _ = _run(capsys, "--index", index, "para-jia-zhen-2022-s1-1")
    assert code == 0
    assert [line.split()[:3] for line in out.splitlines()[2::2]] == [
        ["2022", "示例县甲镇人民政府", "jia-zhen-2022-s1-1"], ["2022", "示例县乙镇人民政府", "yi-zhen-2022-s1-1"]]
    assert _run(capsys, "--index", index)[1].splitlines() == ["0 组问题陈述雷同（至少两个机关）"]


@pytest.mark.parametrize("args, total", [
    (["--q", "政務新媒體"], 1), (["--q", "政务新媒体 NOT 知情权"], 0), (["--year", "2022"], 1), (["--year", "2021"], 0),
    (["--agency", "示例县乙镇人民政府", "--q", "知情权"], 1), (["--agency", "示例县财政局"], 0),
])
def test_filters_like_the_copies_page(workbench_dirs, capsys, args, total):
    code, out, _ = _run(capsys, "--index", str(workbench_dirs["index"]), "--unit", "paragraph", *args)
    assert code == 0
    assert out.splitlines()[0].startswith(f"{total} 组报告段落雷同")


def test_bad_input_is_a_message_not_a_traceback(workbench_dirs, capsys, tmp_path):
    index = str(workbench_dirs["index"])
    assert _run(capsys, "--index", index, "--q", '"未闭合')[0:3:2] == (2, "error: 引号没有闭合：请补上另一个 \" 或去掉它（unclosed quote）\n")
    code, _, err = _run(capsys, "--index", index, "para-nope")
    assert (code, err) == (2, "error: 没有编号为 para-nope 的雷同组\n")
    assert _run(capsys, "--index", index, "--limit", "0")[0] == 2
    code, _, err = _run(capsys, "--index", str(tmp_path / "none"))
    assert code == 2 and "尚未运行雷同检测" in err
    code, _, err = _run(capsys, "--index", str(tmp_path / "none"), "--rerun")
    assert code == 2 and "no index at" in err and not (tmp_path / "none").exists()


def test_rerun_writes_the_pass_again_and_waits_for_no_build(workbench_dirs, capsys, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(workbench_dirs["index"], index)
    (index / "copies.sqlite").unlink()
    assert _run(capsys, "--index", str(index))[0] == 2  # nothing to list yet
    code, out, _ = _run(capsys, "--index", str(index), "--rerun", "--unit", "paragraph")
    assert code == 0
    assert out.splitlines()[:2] == ["copy pass: 1 clusters, " + out.splitlines()[0].split(", ")[1],
                                    "1 组报告段落雷同（至少两个机关），显示第 1–1 组"]
    with build_lock(index):  # a build is running
        code, _, err = _run(capsys, "--index", str(index), "--rerun")
    assert code == 2 and "index is busy" in err


def test_the_real_command_line(workbench_dirs):
    done = subprocess.run([sys.executable, "-m", "indexer", "copies", "--index", str(workbench_dirs["index"]),
                           "--unit", "paragraph", "--order", "organs"], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert (done.returncode, done.stderr) == (0, "")
    assert "para-jia-zhen-2022-s1-1" in done.stdout
