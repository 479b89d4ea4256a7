"""The split of a result by kind on Sphinx (报告 · 章节 · 存在问题), counted by searchd.

The rule is the embedded index's (`indexer.search.narrowing.kind_totals`): a
report counts under 章节 ("section") when the part of it holding the most of
the query's needles (then the most occurrences; ties to the earlier part) is
one of the six standard sections, otherwise under 报告 ("report"); without a
query every report is a 报告. Sphinx scores each report's parts with an
expression ranker: field weights number the parts (s0 = 1 … s6 = 7), `top()`
over the parts that match keeps the best as (needles, hits, 8 - part), the
part in the low four bits; one GROUP BY statement then counts the reports
by whether that part is a section (the problem statements are the kind
facet's count).

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
WEIGHTS = "field_weights=(" + ", ".join([f"s{n}={n + 1}" for n in range(_PARTS)] + ["problem=100", f"{EVERY_FIELD}=100"]) + ")"
RANKER = (f"ranker=expr('top(if(user_weight > {_PARTS}, 0, "
          f"(word_count * 65536 + min(hit_count, 65535)) * 16 + {_PARTS + 1} - user_weight))')")
#: 1 when a report's best part is a section (a part n is packed as 7 - n: sections 1-6 are 6 … 1, s0 is 7,
#: no part at all 0). `%%`: the statement has parameters.
_IN_SECTION = f"IN(WEIGHT() %% 16, {', '.join(str(_PARTS - n) for n in range(1, _PARTS))})"


def split_statement(where: str) -> str:
    """Counts of the reports matching `where` (with a MATCH): [(0, 报告), (1, 章节)]. Only reports are
    ranked: the problem statements' count is the kind facet's."""
    return (f"SELECT {_IN_SECTION} AS in_section, COUNT(*) FROM {SEARCH_INDEX} {where} AND kind = {KIND_CODES['report']} "
            f"GROUP BY in_section LIMIT 10 OPTION max_matches=10, {RANKER}, {WEIGHTS}")


def totals(groups, by_kind: dict[str, int]) -> dict[str, int]:
    """{"report", "section", "problem"}: `split_statement`'s groups (summed over several) and the
    kind facet's counts `by_kind` ({kind: count}); without a query (no groups) every report is a 报告."""
    out = {"report": by_kind.get("report", 0), "section": 0, "problem": by_kind.get("problem", 0)}
    if groups:
        out["report"] = out["section"] = 0
        for in_section, count in groups:
            out["section" if int(in_section) else "report"] += int(count)
    return out
