"""Fixtures for the researcher's workbench (copies, organs, comparison,
statistics): one REAL index built once per session with `build_index` from
fixture reports written into a tmp corpus, plus songbei-qu-2020.txt (a real
report with 表二/三/四). Load with `pytest_plugins = ["workbench_fixtures"]`.

The cases:
* 示例县财政局 writes three years. 2023 repeats one statement of 2022 (its
  immediately preceding report: 沿用上年表述) and one of 2021 that 2022 did
  not have (two years back: NOT 沿用上年表述).
* 甲镇 and 乙镇 (different organs, 2022) share one paragraph of part 1.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from app import create_app
from indexer.search import build_index

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

ORGAN = "示例县财政局"
FROM_LAST_YEAR = "部分政策文件解读材料发布滞后，解读形式较为单一，群众获取政策信息的渠道不够丰富。"
FROM_TWO_YEARS_BACK = "政府信息公开工作人员多为兼职，人员流动性较大，业务培训开展不够经常。"
SHARED_PARAGRAPH = "本年度严格落实政府信息公开条例要求，健全信息发布审查机制，依托门户网站和政务新媒体及时发布各类政务信息，切实保障人民群众的知情权参与权和监督权。"


def _tables(year: int) -> tuple[str, str]:
    """表三 and 表四 in the 2021 tab-per-cell layout, numbers drawn from a seeded generator."""
    import random

    from bench.synth_tables import applications_table, random_statistics, reviews_table

    stats = random_statistics("2021", "县级", random.Random(year))
    return applications_table("2021", stats), reviews_table(stats)


def report_text(agency: str, year: int, overview: str, problems: list[str], received: int = 5, tables: bool = False) -> str:
    numbered = "\n".join(f"{i}.{p}" for i, p in enumerate(problems, 1))
    applications, reviews = _tables(year) if tables else ("", "")
    return f"""{agency}{year}年政府信息公开工作年度报告

一、总体情况
{overview}
二、主动公开政府信息情况
本年度主动公开政府信息{year - 1900}条。
三、收到和处理政府信息公开申请情况
本年度收到政府信息公开申请{received}件，均已按期答复。
{applications}
四、政府信息公开行政复议、行政诉讼情况
本年度行政复议和行政诉讼情况如下。
{reviews}
五、存在的主要问题及改进情况
（一）存在的主要问题
{numbered}
（二）改进情况
1.加强业务培训，提高工作人员业务水平。
六、其他需要报告的事项
本年度无其他需要报告的事项。
"""


FIXTURES = {
    "shili-caizhengju-2021": (ORGAN, 2021, "2021年，本局围绕财政预算决算公开开展工作，全年召开专题会议三次。",
                              [FROM_TWO_YEARS_BACK, "财政预算公开的细化程度不够，部分项目支出说明过于简略。"]),
    "shili-caizhengju-2022": (ORGAN, 2022, "2022年，本局持续推进财政资金直达基层信息公开，新增公开栏目两个。",
                              [FROM_LAST_YEAR, "依申请公开办理流程不够规范，答复文书格式有待统一。"]),
    "shili-caizhengju-2023": (ORGAN, 2023, "2023年，本局推进政府采购意向公开，全年发布采购意向一百余条。",
                              [FROM_LAST_YEAR, FROM_TWO_YEARS_BACK, "网站无障碍改造进度较慢，适老化服务功能不足。"]),
    "jia-zhen-2022": ("示例县甲镇人民政府", 2022, SHARED_PARAGRAPH,
                      ["村务公开栏内容更新不及时，个别村公开内容不完整。"]),
    "yi-zhen-2022": ("示例县乙镇人民政府", 2022, SHARED_PARAGRAPH,
                     ["镇政府网站信息发布数量偏少，基层政务公开标准目录落实不到位。"]),
}


@pytest.fixture(scope="session")
def workbench_dirs(tmp_path_factory) -> dict[str, Path]:
    """{"corpus": ..., "index": ...}: the fixture reports + songbei-qu-2020.txt, indexed."""
    root = tmp_path_factory.mktemp("nianbao-workbench")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / "songbei-qu-2020.txt", corpus / "songbei-qu-2020.txt")
    with open(corpus / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "source_url", "agency", "year", "note"])
        for report_id, (agency, year, overview, problems) in FIXTURES.items():
            (corpus / f"{report_id}.txt").write_text(report_text(agency, year, overview, problems, received=year - 2015,
                                                                 tables=agency == ORGAN),
                                                     encoding="utf-8")
            writer.writerow([f"{report_id}.txt", "", agency, str(year), "workbench fixture"])
    index = root / "index"
    summary = build_index(corpus, index, procs=1, progress=False)
    assert not summary.skipped, summary.skipped
    return {"corpus": corpus, "index": index}


@pytest.fixture
def workbench_app(workbench_dirs):
    return create_app({"TESTING": True, "CORPUS_DIR": str(workbench_dirs["corpus"]),
                       "INDEX_DIR": str(workbench_dirs["index"])})


@pytest.fixture
def workbench_client(workbench_app):
    return workbench_app.test_client()


def organ_id(index_dir, report_id: str) -> str:
    """The organ key the build stored for `report_id` (its agency_id)."""
    from indexer.copystore import CopyStore

    with CopyStore(index_dir) as store:
        return store.report(report_id)["organ"]


def page(client, url, status=200):
    """The HTML at `url` of the workbench app, parsed, after checking its status."""
    from bs4 import BeautifulSoup

    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return BeautifulSoup(response.data, "html.parser")

