"""The split of a result by kind on Sphinx (报告 · 章节 · 存在问题), counted by searchd.

The rule is the embedded index's (`indexer.search.narrowing.kind_totals`): a
report counts under 章节 ("section") when the part of it holding the most of
the query's needles (then the most occurrences; ties to the earlier part) is
one of the six standard sections, otherwise under 报告 ("report"); without a
query every report is a 报告. Sphinx scores each report's parts with an
expression ranker: field weights number the parts (s0 = 1 … s6 = 7), `top()`
over the parts that match keeps the best as (needles, hits, 8 - part), the
part in the low four bits; one GROUP BY statement then counts the documents
by kind and by whether that part is a section.

Differs (said in tests/scale/test_contract.py): Sphinx counts what a part
matched in query keywords (`word_count`), and a needle of n characters is
n - 1 pair tokens (`matching`); one character, one keyword. So for a query
of one needle, or of needles of the same length, the parts are ordered
exactly as in the embedded index; with needles of different lengths a part
holding one long needle can outrank a part holding two short ones, and a
report may then fall on the other side of the split.
"""
from __future__ import annotations

from indexer.search.sphinx.conf import EVERY_FIELD, SEARCH_INDEX
from indexer.search.sphinx.rows import KIND_CODES

_PARTS = 7  # s0 .. s6
#: Parts numbered by weight; the problem field (empty in a report) and `EVERY_FIELD` weigh above them and are skipped.
WEIGHTS = "field_weights=(" + ", ".join([f"s{n}={n + 1}" for n in range(_PARTS)] + [f"problem=100", f"{EVERY_FIELD}=100"]) + ")"
RANKER = (f"ranker=expr('top(if(user_weight > {_PARTS}, 0, "
          f"(word_count * 65536 + min(hit_count, 65535)) * 16 + {_PARTS + 1} - user_weight))')")
#: kind * 2 + (best part is a section): report 2 / 3 (章节), problem 4.
#: (A part n is packed as 7 - n: sections 1-6 are 6 … 1, s0 is 7, no part at all 0.) `%%`: the statement has parameters.
_SPLIT = (f"kind * 2 + IF(kind = {KIND_CODES['report']}, "
          f"IN(WEIGHT() %% 16, {', '.join(str(_PARTS - n) for n in range(1, _PARTS))}), 0)")


def split_statement(where: str) -> str:
    """Counts of the documents matching `where` (with a MATCH) by kind and 报告 / 章节 split."""
    return (f"SELECT {_SPLIT} AS split, COUNT(*) FROM {SEARCH_INDEX} {where} GROUP BY split "
            f"LIMIT 10 OPTION max_matches=10, {RANKER}, {WEIGHTS}")


def totals(groups, by_kind: dict[str, int] | None = None) -> dict[str, int]:
    """{"report", "section", "problem"} from `split_statement`'s groups (summed over several);
    `by_kind` ({kind: count}, from the kind facet) when there is no query to split by."""
    out = {"report": 0, "section": 0, "problem": 0}
    if by_kind is not None:
        out["report"], out["problem"] = by_kind.get("report", 0), by_kind.get("problem", 0)
        return out
    for split, count in groups:
        kind, in_section = divmod(int(split), 2)
        if kind == KIND_CODES["problem"]:
            out["problem"] += int(count)
        elif kind == KIND_CODES["report"]:
            out["section" if in_section else "report"] += int(count)
    return out
