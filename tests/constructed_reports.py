"""Constructed reports in the standard six-part layout, indexed for real: the
archive the ranking tests search (tests/test_ranking.py, tests/test_ranking_problems.py).

Each test module keeps its own REPORTS (what they say is what its tests are
about) and a layout: `SIX_PARTS`, or its own where the other sections matter;
this module writes them into a corpus, builds a real Whoosh index from it and
names the hits.
"""
from __future__ import annotations

from pathlib import Path

#: A report in the State Council's six parts, saying nothing of note outside its
#: overview (一) and its problems (五): {year} {agency} {overview} {problems} {n} {k}.
SIX_PARTS = """{year}年{agency}政府信息公开工作年度报告
一、总体情况
{overview}
二、主动公开政府信息情况
本年度主动公开政府信息{n}条，通过门户网站和公开栏同步发布。
三、收到和处理政府信息公开申请情况
本年度共收到政府信息公开申请{k}件，均按时答复。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生政府信息公开行政复议、行政诉讼。
五、存在的主要问题及改进情况
{problems}
六、其他需要报告的事项
无。
"""
#: an overview that holds none of the tests' query words
NEUTRAL = "我单位认真贯彻落实《条例》，由办公室统筹推进政务公开工作。"


def unrelated(count: int, overview: str = NEUTRAL) -> dict[str, dict]:
    """`count` town governments' reports (other-1.txt …) whose one statement, 公开栏更新较慢,
    holds none of the tests' query words: they make those words rare among statements."""
    return {f"other-{i}.txt": dict(agency=f"第{i}镇人民政府", overview=overview, problems="一是公开栏更新较慢。")
            for i in range(1, count + 1)}


def report_text(layout: str, number: int, fields: dict) -> str:
    """The `number`-th report (in file name order) of `layout`: year, counts
    and figures follow its number unless `fields` give them; `fields` fill the rest."""
    return layout.format(**{"year": 2020 + number % 4, "n": 100 + number, "m": 40 + number, "k": number, **fields})


def build_archive(root: Path, reports: dict[str, dict], layout: str, defaults: dict | None = None,
                  verbatim: dict[str, str] | None = None):
    """Write `reports` (file name -> fields, over `defaults`) and the `verbatim`
    texts (file name -> text) into `root`/corpus, build its index in
    `root`/index (one process) and return the Archive."""
    from indexer.build import build_index
    from indexer.search import Archive

    corpus = root / "corpus"
    corpus.mkdir()
    for number, (name, fields) in enumerate(sorted(reports.items())):
        (corpus / name).write_text(report_text(layout, number, {**(defaults or {}), **fields}), encoding="utf-8")
    for name, text in (verbatim or {}).items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_index(corpus, root / "index", procs=1, progress=False)
    return Archive(root / "index")


def report_file(hit) -> str:
    """The constructed report a hit comes from, by its file name's stem
    before the dash ("exact" for exact-1.txt)."""
    return hit.report_id.split("-")[0]


def hit_kind(hit) -> str:
    """problem, or report for a report hit (shown as its best section or whole)."""
    return "problem" if hit.kind == "problem" else "report"
