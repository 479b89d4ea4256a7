"""Turn a parsed report into index documents (one report doc, one per problem).

Runs in build worker processes: the text fields are segmented here, straight
into their words and gram terms (`wordnumbers.indexed_words`, `exact.gram_terms`). The statistics tables (表二/三/四,
one cell per TAB line) are left out of the indexed text: they are stored as
numbers in `Report.tables`, they are about 40% of a 2019+ report's words, and
their headings (行政复议, 不予公开 …) would make every report match those words.
"""
from __future__ import annotations

import functools
import json
import re
import zlib
from pathlib import Path
from typing import Any, Callable

from indexer.memo import ShortKeyMemo
from indexer.model import Report
from indexer.search import deflate
from indexer.search.wordnumbers import Words, indexed_words
from indexer.search.exact import PROBLEM_PART, GramTerms, gram_terms
from indexer.search.schema import GRAM_FIELD, PROBLEM_FIELD, SECTION_FIELDS

#: classify(text) -> list of objects with .id and .cues (indexer.categories.CategoryMatch)
Classifier = Callable[[str], list]


def problem_id(report_id: str, number: int) -> str:
    return f"{report_id}-p{number}"


def _plain(report: Report) -> dict[str, Any]:
    """`report.to_dict()` without `dataclasses.asdict`'s deep copy (4x faster).

    Only the record lists are dataclasses; `tables` is plain JSON data already.
    """
    out = dict(vars(report))
    out["region"] = dict(vars(report.region))
    for name in ("sections", "problems", "measures", "checks"):
        out[name] = [dict(vars(item)) for item in out[name]]
    return out


def pack_report(report: Report) -> bytes:
    """The report as compressed JSON (read back by `unpack_report`)."""
    return deflate.compressed_json(_plain(report))


def unpack_report(blob: bytes) -> Report:
    return Report.from_dict(json.loads(zlib.decompress(blob).decode("utf-8")))


#: A line this short right after a table cell is the rest of a wrapped cell
#: (社会\n公益\n组织, 结\n果\n维\n持), not prose.
_CELL_TAIL = 8
_LABELS_FILE = Path(__file__).resolve().parent.parent / "data" / "table_labels.txt"
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*%?")
#: Numbering marks, brackets and punctuation that table rows carry around their labels
_NOISE_CHARS = r"\s\d一二三四五六七八九十（）()、.．:：|｜\-—_/，,；;。"
_ROW_NOISE = re.compile(f"[{_NOISE_CHARS}]+")


@functools.lru_cache(maxsize=1)
def _labels() -> tuple[str, ...]:
    """The tables' labels (`_LABELS_FILE`), longest first."""
    labels = [line.strip() for line in _LABELS_FILE.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    return tuple(sorted(set(labels), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(label) for label in _labels()))


@functools.lru_cache(maxsize=1)
def _outside_labels() -> re.Pattern:
    """A character that is in no label and is not `_ROW_NOISE`: a line
    holding one keeps it through both of `is_table_line`'s removals, so it
    is not a row of labels (prose lines, whose labels' scan was most of
    `prose`'s time, are told by one search)."""
    chars = sorted({c for label in _labels() for c in label})
    return re.compile("[^" + "".join(re.escape(c) for c in chars) + _NOISE_CHARS + "]")


def is_table_line(line: str) -> bool:
    """True for a line of statistics-table text, however the table arrived.

    A TAB-separated or pipe row; a flattened row that is mostly bare numbers
    (``… 申请数量 0 0 0 0 0 0 0 二、…``); a row of the tables' own labels with
    nothing else but numbers and numbering (结果维持 结果纠正 其他结果 …).
    """
    stripped = line.strip()
    if not stripped:
        return False
    if "\t" in line or stripped.count("|") + stripped.count("｜") >= 2:
        return True
    tokens = stripped.split()
    numbers = sum(1 for t in tokens if _NUMBER.fullmatch(t))
    if numbers >= 4 and numbers * 2 >= len(tokens):
        return True
    if _outside_labels().search(stripped):  # a character no label or noise removes: not a row of labels
        return False
    labels = _label_pattern().findall(stripped)
    if labels and not _ROW_NOISE.sub("", _label_pattern().sub("", stripped)):
        return True
    return False


#: line -> `is_table_line(line)`, remembered for the short lines (table rows
#: and labels, headings) that recur from report to report.
_TABLE_LINES: ShortKeyMemo[bool] = ShortKeyMemo(is_table_line, longest=64)


@functools.lru_cache(maxsize=256)
def prose(text: str) -> str:
    """`text` without its table text: table lines (`is_table_line`) and wrapped cell tails.

    Remembered for the last few texts: a build worker asks for each section's
    prose twice, for the index and for the copy pass's units."""
    kept = []
    in_table = False
    for line in text.split("\n"):
        if _TABLE_LINES[line]:
            in_table = True
            continue
        stripped = line.strip()
        if in_table and (not stripped or (len(stripped) <= _CELL_TAIL and "。" not in stripped)):
            continue
        in_table = False
        kept.append(line)
    return "\n".join(kept)


def section_texts(report: Report, limit: int | None = None) -> dict[int, str]:
    """Prose per standard number (0 = title and parts with no standard number).

    Table lines are left out (see `prose`); a part with nothing else is absent.
    With `limit`, only the first `limit` characters of each section are read
    (snippets of a huge report cost no more than those of a long one).
    """
    parts: dict[int, list[str]] = {n: [] for n in SECTION_FIELDS}
    if report.title:
        parts[0].append(report.title)
    for section in report.sections:
        number = section.number if section.number in SECTION_FIELDS else 0
        body = prose(section.text if limit is None else section.text[:limit]).strip("\n")
        parts[number].append(f"{section.title}\n{body}" if section.title else body)
    return {n: "\n".join(texts) for n, texts in parts.items() if any(t.strip() for t in texts)}


def _categories(text: str, classify: Classifier) -> tuple[list[str], dict[str, list[str]]]:
    ids, cues = _classified(text, classify)
    return list(ids), {k: list(v) for k, v in cues}


@functools.lru_cache(maxsize=20_000)
def _classified(text: str, classify: Classifier) -> tuple[tuple[str, ...], tuple]:
    # Statements recur verbatim across agencies (shared boilerplate): classify each text once
    matches = classify(text)
    return tuple(m.id for m in matches), tuple((m.id, tuple(m.cues)) for m in matches)


@functools.lru_cache(maxsize=8192)
def _statement_terms(text: str) -> tuple[Words, GramTerms]:
    """A problem statement's words and gram terms. Statements recur
    verbatim across reports (shared boilerplate), so a worker makes each
    text's once; both are only read after (a segment concatenates the gram
    arrays when it is written), and the arrays are made read-only."""
    grams = gram_terms({PROBLEM_PART: text})
    grams.keys.setflags(write=False)
    grams.positions.setflags(write=False)
    return indexed_words(text), grams


def report_documents(report_id: str, report: Report, relpath: str, content_hash: str,
                     indexed_at: str, classify: Classifier) -> list[dict[str, Any]]:
    """The Whoosh documents of one report: the report itself, then its problems."""
    meta = {
        "report_id": report_id,
        "file": relpath,
        "agency": report.agency or "",
        "agency_id": report.agency_id or "",
        "organ_type": report.organ_type or "",
        "year": str(report.year) if report.year else "",
        "region": ",".join(dict.fromkeys(report.region.names())),
        "level": report.level or "",
        "format": report.format or "",
        "failed_check": "yes" if report.failed_checks else "no",
        "title": report.title or "",
        "indexed_at": indexed_at,
    }
    problems = []
    all_categories: dict[str, None] = {}
    for statement in report.problems:
        ids, cues = _categories(statement.text, classify)
        all_categories.update(dict.fromkeys(ids))
        words, grams = _statement_terms(statement.text)
        problems.append({
            **meta,
            "id": problem_id(report_id, statement.number),
            "kind": "problem",
            "number": statement.number,
            "category": ",".join(ids),
            "problem_data": {"text": statement.text, "cues": cues},
            PROBLEM_FIELD: words,
            GRAM_FIELD: grams,
        })
    report_doc = {
        **meta,
        "id": report_id,
        "kind": "report",
        "content_hash": content_hash,
        "category": ",".join(all_categories),
        "problem_ids": [problem_id(report_id, s.number) for s in report.problems],
        "report_blob": pack_report(report),
    }
    parts = section_texts(report)
    for number, text in parts.items():
        report_doc[SECTION_FIELDS[number]] = indexed_words(text)
    if parts:
        report_doc[GRAM_FIELD] = gram_terms(parts)
    return [report_doc] + problems
