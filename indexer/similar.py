"""Statements like this one: similar 存在问题 from other reports, ranked 0–1.

Candidates are searched with the statement's words and their equivalents,
then by its shortcoming (`indexer.candidates`), and scored on the statements
themselves by `indexer.similar_score.rank` (terms, wording, shared problem
categories, word vectors, the shortcoming-and-subject pairs); that module
says how. Flags (`near_duplicate`, `stock_phrase`, `repeated_from_last_year`,
and a flagged copy's direction `holds_seed` / `in_seed`) are
`indexer.copyflags`'s, "the same text" (`shared_text`) is `indexer.sametext`'s.
Here: the statement's organ and its neighbouring reports (from the build's
copy store), the result (`SimilarResult`), and a page's slots
(`one_slot_per_text`: a text shown once).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.candidates import find as find_candidates
from indexer.sametext import (  # noqa: F401  (normalise, is_copy, core: used by callers through this module)
    core, is_copy, normalise,
)
from indexer.similar_score import FEATURES, SimilarStatement, rank  # noqa: F401  (FEATURES: read by benches)
from indexer.similar_score import problem_categories
from indexer.statement_items import STOPWORDS  # noqa: F401  (indexer.vectors reads it here)
from indexer.statement_items import items as statement_items


@dataclass
class SimilarResult:
    text: str
    similar: list[SimilarStatement] = field(default_factory=list)
    problem: Any = None  # the StoredProblem asked about; None for free text
    #: the items the statement lists (its clauses with content words), [] when it states one thing
    items: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        problem = None
        if self.problem is not None:
            p = self.problem
            problem = {"id": p.id, "report_id": p.report_id, "agency": p.agency, "year": p.year, "text": p.text}
        return {"text": self.text, "problem": problem, "items": list(self.items),
                "similar": [s.to_dict() for s in self.similar]}


def one_slot_per_text(ranked: list[SimilarStatement], limit: int | None = None) -> list[SimilarStatement]:
    """`ranked` (best first) with each text in one slot, at most `limit` slots: a
    statement whose text, as written (numbering and punctuation aside), an
    earlier one already shows is folded into that one's `same_text`, so two
    reports writing the same sentence take one slot of a page, not two. A
    flagged copy of the statement asked about keeps its own slot: each report
    that copied it is a finding. The ranking itself (`rank`) keeps every
    statement in its place; this is how a page shows it."""
    shown: dict[str, SimilarStatement] = {}
    slots = []
    for s in ranked:
        key = normalise(s.text)
        first = shown.get(key)
        if first is not None and not (s.near_duplicate or s.stock_phrase or s.repeated_from_last_year):
            first.same_text.append({"id": s.id, "agency": s.agency, "year": s.year, "report_id": s.report_id})
            continue
        if limit is not None and len(slots) == limit:
            break
        shown.setdefault(key, s)
        slots.append(s)
    return slots


def archive_vectors(archive):
    """The archive's word vectors (loaded once per process), or None."""
    from indexer.vectors import RelatedWords

    index_dir = getattr(archive, "index_dir", None)
    return RelatedWords.for_index(index_dir) if index_dir else None


def similar_to_problem(archive, problem_id: str, limit: int = 10, candidates: int = 50) -> SimilarResult:
    """The statements of other reports most like problem `problem_id`.

    Raises NotFoundError for an unknown id (from the archive).
    """
    problem = archive.problem(problem_id)
    vectors = archive_vectors(archive)
    pool = find_candidates(archive, problem.text, problem.categories, vectors, limit=candidates,
                           exclude_report=problem.report_id, stopwords=STOPWORDS)
    previous, following, organs = _organ_neighbours(archive, problem, [c.report_id for c in pool])
    similar = rank(problem.text, pool, limit, agency=problem.agency, year=problem.year,
                   report_id=problem.report_id, previous_year=_previous_year(archive, problem),
                   vectors=vectors, previous_report=previous, next_report=following,
                   categories=problem.categories, organs=organs)
    return SimilarResult(problem.text, similar, problem, items=[item for item, _ in statement_items(problem.text)])


def _organ_neighbours(archive, problem, others=()) -> tuple[str | None, str | None, dict[str, str]]:
    """The organ's immediately preceding and following reports as the build's
    copy pass found them (by organ identity), and the organ keys of the
    problem's report and of the reports `others`; (None, None, {}) without a
    copy store."""
    import sqlite3

    from indexer.copystore import CopyStore
    from indexer.errors import NotFoundError

    index_dir = getattr(archive, "index_dir", None)
    if not index_dir:
        return None, None, {}
    try:
        with CopyStore(index_dir) as store:
            row = store.report(problem.report_id) or {}
            # reports without an organ share the empty one: they have no neighbours
            later = store.organ_reports(row["organ"]) if row.get("organ") else []
            organs = store.organs([problem.report_id, *others])
    except (NotFoundError, sqlite3.Error):  # no or unreadable store: the agency names decide
        return None, None, {}
    following = next((r["report_id"] for r in later if r and r.get("previous_id") == problem.report_id), None)
    return row.get("previous_id") or None, following, organs


def _previous_year(archive, problem) -> int | None:
    """The year of the agency's immediately preceding report, if it has one."""
    if problem.year is None:
        return None
    years = [r.report.year for r in archive.agency_reports(problem.agency) if r.report.year and r.report.year < problem.year]
    return max(years, default=None)


def similar_to_text(archive, text: str, limit: int = 10, candidates: int = 50,
                    exclude_report: str | None = None) -> SimilarResult:
    """Statements most like free `text` (a pasted sentence, or one item of a
    statement), from any report but `exclude_report` (the one the text was taken from)."""
    vectors = archive_vectors(archive)
    pool = find_candidates(archive, text, sorted(problem_categories(text)), vectors, limit=candidates,
                           exclude_report=exclude_report, stopwords=STOPWORDS)
    return SimilarResult(text, rank(text, pool, limit, vectors=vectors, report_id=exclude_report),
                         items=[item for item, _ in statement_items(text)])
