"""The arithmetic rules (勾稽关系) over a report's tables. (Being written.)"""
from __future__ import annotations

from typing import Any

from indexer.model import ConsistencyCheck


def check_tables(tables: dict[str, Any], text: str = "") -> list[ConsistencyCheck]:
    """Apply every rule that the tables present allow; `text` is the report
    text, for numbers quoted in prose that contradict the tables."""
    raise NotImplementedError
