"""Constructed reports in the standard six-part layout, indexed for real: the
archive the ranking tests search (tests/test_ranking.py, tests/test_ranking_problems.py).

Each test module keeps its own LAYOUT and REPORTS (what they say is what its
tests are about); this module writes them into a corpus, builds a real Whoosh
index from it and names the hits.
"""
from __future__ import annotations

from pathlib import Path


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
