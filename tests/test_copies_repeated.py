"""`repeated_from_last_year` of a report whose text names no organ (我镇 only), on a real index:
the build's identity step ties it to the organ whose column of a government site published it
(`indexer.columns`), so its repeat of that organ's previous report is the organ's own, and only
against the immediately preceding (or following) report."""
from __future__ import annotations

import csv

import pytest

STATEMENT = "部分村委会对政府信息公开工作重视不够，信息更新不够及时，公开内容不够全面"
OTHER = "政府信息公开形式不够丰富，解读材料质量不高"

NAMED = ("{organ}{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，我镇认真贯彻落实《条例》，我镇领导高度重视。\n"
         "五、存在的主要问题及改进情况\n一是{problem}。\n六、其他需要报告的事项\n无。\n")
#: the same town's report that names itself only 我镇 (bench/judged-dev13's unnamed reports)
UNNAMED = ("{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，我镇认真贯彻落实《条例》，我镇领导高度重视。\n"
           "五、存在的主要问题及改进情况\n一是{problem}。\n六、其他需要报告的事项\n无。\n")

SITE = "http://qionghai.hainan.gov.cn/zfxxgkzl"
REPORTS = {
    # 阳江镇's column, three years: the middle one unnamed
    "yjz-2019": (NAMED, "琼海市阳江镇人民政府", STATEMENT, f"{SITE}/xz/yjz/gknb/202001/t20200120_1.html"),
    "yjz-2020": (UNNAMED, "", STATEMENT, f"{SITE}/xz/yjz/gknb/202101/t20210120_2.html"),
    "yjz-2021": (NAMED, "琼海市阳江镇人民政府", STATEMENT, f"{SITE}/xz/yjz/gknb/202201/t20220120_3.html"),
    # another town's column: its same statement is another organ's copy
    "dlz-2020": (NAMED, "琼海市大路镇人民政府", STATEMENT, f"{SITE}/xz/dlz/gknb/202101/t20210120_4.html"),
    # a listing of several towns' reports: the unnamed one in it is nobody's
    "hsz-2019": (NAMED, "琼海市会山镇人民政府", OTHER, f"{SITE}/nb/202001/t20200120_5.html"),
    "tyz-2018": (NAMED, "琼海市塔洋镇人民政府", OTHER, f"{SITE}/nb/201901/t20190120_6.html"),
    "anon-2020": (UNNAMED, "", STATEMENT, f"{SITE}/nb/202101/t20210120_7.html"),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    from indexer.build import build_index
    from indexer.search import Archive

    root = tmp_path_factory.mktemp("repeated")
    corpus = root / "corpus"
    corpus.mkdir()
    with open(corpus / "manifest.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["file", "source_url", "agency", "year", "note"])
        for name, (layout, organ, problem, url) in REPORTS.items():
            year = int(name.rsplit("-", 1)[1])
            (corpus / f"{name}.txt").write_text(layout.format(organ=organ, year=year, problem=problem), encoding="utf-8")
            out.writerow([f"{name}.txt", url, "", "", ""])
    build_index(corpus, root / "index", procs=1, progress=False)
    return Archive(root / "index")


def _flags(archive, seed: str) -> dict[str, tuple[bool, bool, bool]]:
    """The similar list of report `seed`'s statement: {report: (near_duplicate, stock_phrase, repeated)}."""
    from indexer.similar import similar_to_problem

    assert archive.problem(f"{seed}-p1").text.rstrip("。") == STATEMENT
    return {s.report_id: (s.near_duplicate, s.stock_phrase, s.repeated_from_last_year)
            for s in similar_to_problem(archive, f"{seed}-p1").similar}


def test_the_identity_step_names_the_unnamed_report_by_its_column(archive):
    tied = archive.report("yjz-2020").report
    assert (tied.agency_id, tied.agency, tied.agency_written) == ("469002105:人民政府", "琼海市阳江镇人民政府", "")
    # in a column holding several towns' reports it stays nobody's
    loose = archive.report("anon-2020").report
    assert (loose.agency_id, loose.agency) == ("", "")


def test_an_unnamed_report_repeating_its_organs_previous_report_is_repeated(archive):
    found = _flags(archive, "yjz-2020")
    assert {r: found[r] for r in ("yjz-2019", "yjz-2021", "dlz-2020", "anon-2020")} == {
        "yjz-2019": (False, False, True),  # its organ's preceding report
        "yjz-2021": (False, False, True),  # and its following one
        "dlz-2020": (True, False, False),  # another town's copy
        "anon-2020": (True, False, False),  # nobody's
    }


def test_only_the_immediately_preceding_report_is_repeated(archive):
    found = _flags(archive, "yjz-2021")
    assert found["yjz-2020"] == (False, False, True)  # the unnamed report just before
    assert found["yjz-2019"] == (False, False, False)  # two years back, a report between: the organ's own, no flag
    assert found["dlz-2020"] == (True, False, False)
