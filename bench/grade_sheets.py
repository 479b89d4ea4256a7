"""Reading sheets graded by hand for the development judged sets: one line an
item, `id grade [note]`; the first grade of an item stands."""
from __future__ import annotations

from pathlib import Path


def read_sheet(path: Path) -> dict[str, tuple[int, str]]:
    grades = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc_id, grade, *note = line.split(maxsplit=2)
            grades.setdefault(doc_id, (int(grade), note[0] if note else ""))
    return grades
