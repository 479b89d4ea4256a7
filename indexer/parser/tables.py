"""Statistics tables (表二/表三/表四) as numbers with stable keys. (Being written.)"""
from __future__ import annotations

from typing import Any


def extract_tables(text: str, report_format: str = "") -> dict[str, Any]:
    """Find the statistics tables in normalised report text."""
    raise NotImplementedError
