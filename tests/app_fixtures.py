"""Fixtures for the web app tests: one REAL index, built once per session with
`build_index` from a tmp copy of corpus/ plus a hostile report, and a fresh
app + client per test. Test modules load this with `pytest_plugins`.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from app import create_app
from indexer.search import build_index

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

SCRIPT = "<script>alert(1)</script>"
ATTR_BREAK = '"><img src=x onerror=alert(1)>'
HOSTILE_AGENCY = '恶意测试街道办事处"><img src=x onerror=alert(2)>'
HOSTILE_ID = "hostile-jiedao-2021"
HOSTILE_TEXT = f"""恶意测试街道办事处2021年政府信息公开工作年度报告{SCRIPT}

一、总体情况
2021年，本街道认真贯彻《条例》。{SCRIPT} 这一段落用于检验转义 {ATTR_BREAK} 以及 <b>粗体</b> 与 &amp; 实体。
二、主动公开政府信息情况
本年度主动公开政府信息120条。
三、收到和处理政府信息公开申请情况
本年度收到政府信息公开申请3件，均已按期答复。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议和行政诉讼。
五、存在的主要问题及改进情况
（一）存在的主要问题
1.政策解读形式单一，{SCRIPT}解读材料发布不及时。
2.依申请公开答复不够规范{ATTR_BREAK}，工作人员业务培训不足。
（二）改进情况
1.丰富政策解读形式，提高解读质量。
2.加强业务培训，规范依申请公开答复。
六、其他需要报告的事项
本年度无其他需要报告的事项。
"""


#: The same (hostile) agency a year later, repeating last year's first problem
#: word for word: gives "other years" links and a repeated-from-last-year pair.
NEXT_YEAR_ID = "hostile-jiedao-2022"
NEXT_YEAR_TEXT = HOSTILE_TEXT.replace("2021", "2022").replace(
    "2.依申请公开答复不够规范", "2.网站栏目更新不及时，部分信息发布滞后。\n3.依申请公开答复不够规范"
)


@pytest.fixture(scope="session")
def archive_dirs(tmp_path_factory) -> dict[str, Path]:
    """{"corpus": ..., "index": ...}: the real corpus + a hostile report, indexed."""
    root = tmp_path_factory.mktemp("nianbao-app")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / f"{HOSTILE_ID}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (corpus / f"{NEXT_YEAR_ID}.txt").write_text(NEXT_YEAR_TEXT, encoding="utf-8")
    with open(corpus / "manifest.csv", "a", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([f"{HOSTILE_ID}.txt", "javascript:alert(1)", HOSTILE_AGENCY, "2021", "hostile test report"])
        writer.writerow([f"{NEXT_YEAR_ID}.txt", "https://example.org/a?b=1&c=\"><script>alert(1)</script>", HOSTILE_AGENCY, "2022", "hostile test report, next year"])
    index = root / "index"
    summary = build_index(corpus, index, progress=False)
    assert {f"{HOSTILE_ID}.txt", f"{NEXT_YEAR_ID}.txt"} <= set(summary.added), summary.skipped
    return {"corpus": corpus, "index": index}


@pytest.fixture
def app(archive_dirs):
    return create_app({"TESTING": True, "CORPUS_DIR": str(archive_dirs["corpus"]), "INDEX_DIR": str(archive_dirs["index"])})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def archive(archive_dirs):
    """The read side of the session's index, as the app sees it."""
    from indexer.search import Archive

    return Archive(archive_dirs["index"])


def soup_of(client, url, status=200):
    """GET `url`, check its status, and parse the page."""
    from bs4 import BeautifulSoup

    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return BeautifulSoup(response.data, "html.parser")
