"""bench.place_eval: the place scorer on a small set written in the held-out GOLD.tsv format."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bench.place_eval import chain_of, evaluate_dir

REPO = Path(__file__).resolve().parent.parent
COLUMNS = "file agency year province city county township level organ_type published problems agency_also notes".split()


def _gold(folder: Path, rows: list[list[str]]) -> None:
    lines = ["\t".join(COLUMNS)] + ["\t".join(r) for r in rows]
    (folder / "GOLD.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_scores_each_figure_as_k_of_n(tmp_path):
    for name in ("songbei-qu-2020.txt", "huaibei-xiangshan-waiziban-2013.txt", "tongling-jiaoqu-xiang-2017.txt"):
        shutil.copy2(REPO / "corpus" / name, tmp_path / name)
    _gold(tmp_path, [
        ["songbei-qu-2020.txt", "哈尔滨市松北区人民政府", "2020", "黑龙江省", "哈尔滨市", "松北区", "", "县级", "人民政府", "2021-02-05", "?", "", ""],
        # wrong on purpose: another city and type, a date to the month
        ["huaibei-xiangshan-waiziban-2013.txt", "相山区外资办", "2013", "安徽省", "宿州市", "相山区", "", "县级", "事业单位", "2016-02", "?", "", ""],
        ["tongling-jiaoqu-xiang-2017.txt", "", "2017", "?", "?", "?", "?", "?", "?", "", "?", "", "text names no organ"],
    ])
    tally = evaluate_dir(tmp_path)
    assert (tally.right, tally.judged) == (
        {"organ": 3, "province": 2, "chain": 1, "level": 2, "organ_type": 1, "published": 2},
        {"organ": 3, "province": 2, "chain": 2, "level": 2, "organ_type": 2, "published": 2},
    )
    done = subprocess.run([sys.executable, "-m", "bench.place_eval", "--dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0 and "chain       1/2" in done.stdout


def test_places_compare_in_one_spelling():
    assert chain_of({"province": "北京市", "city": "北京市", "county": "东城区"}) == ("北京市", "东城区")
    assert chain_of({"province": "广东", "city": "梅州市", "county": "梅县"}) == ("广东省", "梅州市", "梅县区")
    assert chain_of({"province": "湖北省", "city": "潜江市", "township": "渔洋镇"}) == chain_of(
        {"province": "湖北省", "county": "潜江市", "township": "渔洋镇"})
