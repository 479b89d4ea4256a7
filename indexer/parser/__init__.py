"""`parse_report(text) -> Report`: the pure report parser.

No file I/O (the packaged gazetteer and OpenCC dictionaries are loaded once
per process). Everything it cannot find is said in `Report.warnings`.
"""
from __future__ import annotations

import re

from indexer.errors import ParseError
from indexer import places
from indexer.model import Region, Report, Section
from indexer.parser import agency as organs
from indexer.parser import metadata, organ_choice, own_name
from indexer.parser.checks import check_tables
from indexer.parser.normalize import normalize_text
from indexer.parser.problems import announced_problems, extract_problems
from indexer.parser.sections import preamble_section, split_sections
from indexer.parser.tables import extract_tables, table_warnings

__all__ = ["parse_report", "normalize_text"]

_REPORT_WORDS = re.compile(r"信息公开|政务公开|年度报告|年报")


def parse_report(text: str) -> Report:
    """Turn the text of one annual report into a `Report`.

    Raises ParseError when the text is empty or is not recognisably a
    report (no year, no section headings and no mention of 信息公开).
    """
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty text: nothing to parse")
    clean = normalize_text(text)
    if not clean:
        raise ParseError("empty text: nothing to parse")

    body, signer, signed = organs.split_signature(clean)
    preamble, sections = split_sections(body)
    report = Report(sections=list(sections))
    warnings = report.warnings

    report.title = metadata.find_title(preamble if sections else body)
    report.published = metadata.find_published(clean, signed)
    report.year, inferred = metadata.find_year(report.title, body, report.published)
    if report.year is None and not sections and not _REPORT_WORDS.search(clean):
        raise ParseError("not an annual report: no year, no section headings, no mention of 信息公开")

    # The title's organ, else the rules' proposals and the opening's
    # organ-shaped spans ranked by a small learned model (organ_choice).
    # Chrome and a lead clause are cut off every proposal, and a government a
    # page names on a text that calls itself a street or bureau is none.
    agency, source_no = organ_choice.choose(report.title, clean, body, signer)
    report.agency = organ_choice.finished(agency, source_no, clean)
    organ = places.describe(report.agency or signer, metadata.place_context(report.title, clean))
    report.region = Region(**organ.names())
    report.level, report.organ_type = organ.level, organ.organ_type
    if not report.agency and not signer:
        # no organ named: its rank and type as far as what the text calls itself tells (我街, 我局)
        report.level, report.organ_type = own_name.self_described(body)
    report.place_unknown = bool(report.agency) and organ.place_unknown
    report.format = metadata.find_format(report.year, clean)
    # The lead-in (statistics period, contact address) is indexed too; in a
    # text without headings it is the whole body, so nothing goes unindexed.
    lead_in = preamble_section(preamble, report.title)
    problem_sections = sections
    if not sections and lead_in and _PROBLEMS_TITLE.search(report.title):
        # a page holding only the problems part, titled with it
        # (重庆市政府2012年…年度报告存在的主要问题和改进措施)
        problem_sections = [Section(number=5, title=report.title, canonical_title=report.title, text=lead_in.text)]
    report.problems, report.measures = extract_problems(problem_sections)
    if not report.problems and not any(s.number == 5 for s in problem_sections):
        # no problems heading: a sentence may announce the list (还存在一些不足:一是…)
        report.problems, report.measures = announced_problems(body, prose=not sections)
    if lead_in:
        report.sections.insert(0, lead_in)
    report.tables, report.checks = _tables_and_checks(clean, report.format, warnings)

    if not report.title:
        warnings.append("no title line")
    if not report.agency:
        warnings.append("agency not named in text")
    if report.year is None:
        warnings.append("no year found")
    elif inferred:
        warnings.append(f"year inferred from the publication date ({report.published})")
    if not report.published:
        warnings.append("no publication date")
    if not sections:
        warnings.append("no section headings recognised")
    if not report.format:
        warnings.append("report format could not be told")
    if not any(s.number == 5 for s in sections):
        warnings.append("no problems section (存在的主要问题)")
    elif not report.problems:
        warnings.append("problems section holds no recognisable problem statements")
    return report


_PROBLEMS_TITLE = re.compile(r"(?:存在的?(?:主要)?问题|主要问题)(?:和|及|与)?(?:改进|整改)?(?:情况|措施)?$")


def _tables_and_checks(text: str, report_format: str, warnings: list[str]):
    tables = extract_tables(text, report_format)
    if not set(tables) - {"unreadable"}:
        warnings.append("no statistics tables found")
    warnings += table_warnings(tables)
    return tables, check_tables(tables, text)
