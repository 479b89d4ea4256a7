"""One organ's report against its earlier one: what was added, dropped, kept.

Pure: two `Report`s in, plain dataclasses out (for `/agencies/<id>/compare`).

* Sections are compared part by part (standard numbers 1–6, then the rest)
  as lists of sentences (cut after 。！？； and at line ends, table text left
  out); a sentence is "same" when its normalised text (`similar.normalise`)
  occurs in the other report's part, else added (later) or removed (earlier).
* Problem statements are kept (the later one is a copy of an earlier one,
  `similar.is_copy`), new, or dropped.
* Table cells (表二/三/四) of either report, with the change.
* `identical_share`: the share of the later report's prose characters in
  sentences found word for word (normalised) anywhere in the earlier report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.model import STANDARD_SECTIONS, Report
from indexer.search.documents import prose
from indexer.similar import is_copy, normalise
from indexer.statistics import TABLE_NAMES, cells

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


@dataclass
class Sentence:
    text: str
    status: str  # "same" | "added" | "removed"


@dataclass
class SectionPair:
    number: int | None
    title: str
    earlier: list[Sentence] = field(default_factory=list)
    later: list[Sentence] = field(default_factory=list)


@dataclass
class CellChange:
    table: str  # 表二 / 表三 / 表四
    row: str
    column: str
    earlier: float | str | None
    later: float | str | None

    @property
    def change(self) -> float | None:
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (self.earlier, self.later))
        return self.later - self.earlier if numeric else None


@dataclass
class Comparison:
    sections: list[SectionPair]
    kept: list[tuple[str, str]]  # (earlier statement, later statement)
    new: list[str]
    dropped: list[str]
    cells: list[CellChange]
    identical_share: float | None  # None when the later report has no prose
    added: int = 0  # sentences
    removed: int = 0


def sentences(text: str) -> list[str]:
    """The sentences of `text`'s prose, stripped, in order."""
    return [s.strip() for s in _SENTENCE.findall(prose(text or "")) if normalise(s)]


def _parts(report: Report) -> dict[int | None, tuple[str, list[str]]]:
    out: dict[int | None, tuple[str, list[str]]] = {}
    for s in report.sections:
        key = s.number if s.number in STANDARD_SECTIONS else None
        title, found = out.get(key, (STANDARD_SECTIONS.get(key) or s.title or "其他", []))
        out[key] = (title, found + sentences(s.text))
    return out


def _marked(items: list[str], other: set[str], missing: str) -> list[Sentence]:
    return [Sentence(s, "same" if normalise(s) in other else missing) for s in items]


def compare_reports(earlier: Report, later: Report) -> Comparison:
    """How `later` differs from `earlier` (normally the same organ's preceding report)."""
    a, b = _parts(earlier), _parts(later)
    pairs = []
    for key in [n for n in STANDARD_SECTIONS if n in a or n in b] + ([None] if None in a or None in b else []):
        title = (b.get(key) or a.get(key))[0]
        left, right = (a.get(key) or ("", []))[1], (b.get(key) or ("", []))[1]
        pairs.append(SectionPair(key, title, _marked(left, {normalise(s) for s in right}, "removed"),
                                 _marked(right, {normalise(s) for s in left}, "added")))
    everything_before = {normalise(s) for _, found in a.values() for s in found}
    later_chars = [(len(normalise(s)), normalise(s) in everything_before) for _, found in b.values() for s in found]
    total = sum(n for n, _ in later_chars)
    share = sum(n for n, same in later_chars if same) / total if total else None
    before = [(p.text, normalise(p.text)) for p in earlier.problems]
    kept, new, matched = [], [], set()
    for p in later.problems:
        written = normalise(p.text)
        twin = next((i for i, (_, w) in enumerate(before) if i not in matched and (w == written or is_copy(w, written))), None)
        if twin is None:
            new.append(p.text)
        else:
            matched.add(twin)
            kept.append((before[twin][0], p.text))
    dropped = [text for i, (text, _) in enumerate(before) if i not in matched]
    old_cells = {(t, r, c): v for t, r, c, v in cells(earlier.tables)}
    new_cells = {(t, r, c): v for t, r, c, v in cells(later.tables)}
    changes = [CellChange(t, r, c, old_cells.get((t, r, c)), new_cells.get((t, r, c)))
               for t, r, c in list(old_cells) + [k for k in new_cells if k not in old_cells]]
    changes.sort(key=lambda x: list(TABLE_NAMES.values()).index(x.table) if x.table in TABLE_NAMES.values() else 9)
    return Comparison(pairs, kept, new, dropped, changes, share,
                      added=sum(1 for p in pairs for s in p.later if s.status == "added"),
                      removed=sum(1 for p in pairs for s in p.earlier if s.status == "removed"))
