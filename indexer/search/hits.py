"""A document of the index as the read side hands it out.

A search hit (`Hit`, with its snippet and the facts a result line shows), a
stored report or problem statement read back whole, and the records of a full
export. Each reads one index generation (`Generation`): the `Archive` chooses
it and holds its read lock around these calls.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Iterator

from indexer.model import STANDARD_SECTIONS
from indexer.search.documents import section_texts, unpack_report
from indexer.search.highlight import report_hit, snippet
from indexer.search.results import Hit, HitRecord, StoredProblem, StoredReport, hit_facts, organ_facts

#: organ facts of this many reports are remembered during one export, so the
#: statements that follow their report (year order) need not unpack it again
EXPORT_FACTS = 8192


def year_of(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


def hit_of(state, docnum, score, wanted, sections, highlight=True, match="exact") -> Hit:
    """The hit for document `docnum`: its snippet around the `wanted` needles,
    taken from `sections` when the search was limited to some; none without `highlight`."""
    stored = state.searcher.stored_fields(docnum)
    common = dict(report_id=stored["report_id"], agency=stored.get("agency", ""), year=year_of(stored.get("year", "")),
                  score=score, match=match)
    common.update(hit_facts(stored))
    if not highlight:
        problem = stored["kind"] == "problem"
        return Hit(id=stored["id"], kind=stored["kind"], section=5 if problem else None,
                   section_title=STANDARD_SECTIONS[5] if problem else "", snippet="", **common)
    if stored["kind"] == "problem":
        text, _ = snippet(stored["problem_data"]["text"], wanted)
        return Hit(id=stored["id"], kind="problem", section=5, section_title=STANDARD_SECTIONS[5], snippet=text, **common)
    return report_hit(stored["id"], state.report(docnum).title, state.report_parts(docnum), wanted, sections, common)


def stored_report(state, docnum) -> StoredReport:
    stored = state.searcher.stored_fields(docnum)
    return StoredReport(
        id=stored["id"], report=unpack_report(state.blob(docnum)), file=stored.get("file", ""),
        content_hash=stored.get("content_hash", ""), categories=[c for c in stored.get("category", "").split(",") if c],
        problem_ids=list(stored.get("problem_ids") or []), indexed_at=stored.get("indexed_at", ""))


def stored_problem(stored, score=0.0) -> StoredProblem:
    data = stored.get("problem_data") or {}
    return StoredProblem(
        id=stored["id"], report_id=stored["report_id"], number=stored.get("number", 0), text=data.get("text", ""),
        agency=stored.get("agency", ""), year=year_of(stored.get("year", "")),
        region=" ".join(r for r in stored.get("region", "").split(",") if r), level=stored.get("level", ""),
        categories=[c for c in stored.get("category", "").split(",") if c], cues=data.get("cues") or {}, score=score)


class KnownOrgans:
    """The organ facts (province, city, county, source page) of the last EXPORT_FACTS
    reports an export met, by report id: the statements that follow their report need
    not unpack it again."""

    def __init__(self, size: int = EXPORT_FACTS):
        self.size = size
        self._facts: OrderedDict[str, tuple[str, str, str, str]] = OrderedDict()

    def __contains__(self, report_id: str) -> bool:
        return report_id in self._facts

    def get(self, report_id: str) -> tuple[str, str, str, str] | None:
        return self._facts.get(report_id)

    def keep(self, report_id: str, known: tuple[str, str, str, str]) -> None:
        self._facts[report_id] = known
        self._facts.move_to_end(report_id)
        if len(self._facts) > self.size:
            self._facts.popitem(last=False)


def hit_text(hit: Hit, report) -> str:
    """What an export writes as a report or section hit's text: the section's, or the whole report's."""
    parts = section_texts(report)
    return parts.get(hit.section, "") if hit.kind == "section" else "\n".join(parts.values())


def export_records(state, order, words, sections, batch, lock) -> Iterator[HitRecord]:
    """The documents of `order` as records, read `batch` at a time, each batch under `lock`."""
    facts = KnownOrgans()
    for start in range(0, len(order), batch):
        with lock:
            records = [_record(state, int(d), words, sections, facts) for d in order[start:start + batch]]
        yield from records


def _record(state, docnum, words, sections, facts) -> HitRecord:
    hit = hit_of(state, docnum, 0.0, words, sections)
    stored = state.searcher.stored_fields(docnum)
    known = facts.get(hit.report_id)
    if hit.kind == "problem":
        text = (stored.get("problem_data") or {}).get("text", "")
        if known is None:
            parent = state.searcher.document_number(id=hit.report_id, kind="report")
            report = state.report(parent) if parent is not None else None
            known = organ_facts(report)
    else:
        report = state.report(docnum)
        text = hit_text(hit, report)
        known = organ_facts(report)
    facts.keep(hit.report_id, known)
    province, city, county, source_url = known
    return HitRecord(hit=hit, text=text, province=stored.get("province") or province, city=stored.get("city") or city,
                     county=stored.get("county") or county, source_url=source_url)
