"""Problem categories: taxonomy + multi-label classifier. (Being written.)"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CategoryMatch:
    id: str
    name: str
    cues: list[str] = field(default_factory=list)


def classify(text: str) -> list[CategoryMatch]:
    """Categories of one problem statement; never empty (`other` at least)."""
    raise NotImplementedError
