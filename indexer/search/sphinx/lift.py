"""What searchd counts for reading a query (issue 18): the problem lift and the statements holding a word.

The embedded index reads whether a query seeks problems from its own table
(`bestmatch.problem_lift`: how much more often a needle occurs in problem
statements than the statements' share of all report text gives); here the
same arithmetic (`indexer.search.readings`) runs on searchd's counts. One
batch of GROUP BY statements counts, for each needle, the documents of each
kind holding it and its occurrences in them (an expression ranker's
`sum(hit_count)`, summed per kind). A needle of n characters is n - 1 pair
tokens (`matching`), so its occurrences count n - 1 times in statements and
reports alike: the lift, a ratio, is the same.

Differs: Sphinx keeps no field lengths (the configuration leaves
`index_field_lengths` off), so the statements' share of the report text is
estimated from a sample, once an hour per archive (`SHARE_SECONDS`): the first `SAMPLE_STATEMENTS`
statements and `SAMPLE_REPORTS` reports by id (an id is a hash of the
document's key, so that is a random sample), their units
(`matching.units`, the tokens searchd holds) scaled by how many documents
of each kind there are. On a small archive the sample is every document.
Each needle's counts are kept as long (`KEPT_COUNTS` needles at most): a
query's words cost searchd a count the first time in the hour only.
"""
from __future__ import annotations

import time

from indexer.search.exact import Needle
from indexer.search.sphinx.conf import SEARCH_INDEX, TEXT_FIELDS
from indexer.search.sphinx.matching import needle_expression, units
from indexer.search.sphinx.rows import KIND_CODES, unpack

SAMPLE_STATEMENTS = 2000
SAMPLE_REPORTS = 500
#: How long an estimated share, or a needle's counts, is kept (`Statistics.share`, `count`): a
#: build adds reports meanwhile.
SHARE_SECONDS = 3600
#: How many needles' counts an archive keeps between searches; past it they are all let go.
KEPT_COUNTS = 50_000
_COUNT = (f"SELECT kind, COUNT(*), SUM(WEIGHT()) FROM {SEARCH_INDEX} WHERE MATCH(%s) GROUP BY kind "
          "LIMIT 10 OPTION max_matches=10, ranker=expr('sum(hit_count)')")


class Statistics:
    """searchd's counts for one search; `run` is `SphinxArchive._run`, `kept` the archive's dict
    where the estimated share is kept between searches."""

    def __init__(self, run, kept: dict | None = None):
        self._run = run
        self._kept = {} if kept is None else kept
        self._counts: dict[str, dict[int, tuple[int, int]]] = {}

    def count(self, items) -> None:
        """Count every needle of `items` not counted yet, in one batch; a needle the archive
        counted less than SHARE_SECONDS ago is taken from what it kept (the words of problem
        queries recur: 不及时, 不够, 公开)."""
        kept, now = self._kept.setdefault("counts", {}), time.monotonic()
        todo = []
        for text in dict.fromkeys(i.text for i in items if i is not None and i.text not in self._counts):
            found = kept.get(text)
            if found is not None and now - found[0] <= SHARE_SECONDS:
                self._counts[text] = found[1]
            else:
                todo.append(text)
        if not todo:
            return
        by_text = {i.text: i for i in items if i is not None}
        matches = [f"@({','.join(TEXT_FIELDS)}) {needle_expression(by_text[t])}" for t in todo]
        sets, _ = self._run("; ".join([_COUNT] * len(todo)), matches)
        if len(kept) + len(todo) > KEPT_COUNTS:
            kept.clear()
        for text, rows in zip(todo, sets):
            self._counts[text] = {int(kind): (int(docs), int(hits or 0)) for kind, docs, hits in rows}
            kept[text] = (now, self._counts[text])

    def _of(self, item: Needle, kind: str) -> tuple[int, int]:
        self.count([item])
        return self._counts[item.text].get(KIND_CODES[kind], (0, 0))

    def statements_holding(self, item: Needle | None) -> int:
        """How many problem statements hold `item`."""
        return self._of(item, "problem")[0] if item is not None else 0

    def held(self, item: Needle) -> bool:
        """Whether any document holds `item`."""
        return bool(self._of(item, "problem")[0] or self._of(item, "report")[0])

    def lift(self, item: Needle) -> float | None:
        """One needle's problem lift (`bestmatch._needle_lift`), None when no report holds it."""
        share = self.share()[0]
        in_reports = self._of(item, "report")[1]
        return self._of(item, "problem")[1] / in_reports / share if in_reports and share else None

    def share(self) -> tuple[float, int]:
        """(the statements' share of all report text, estimated: see the module; how many statements)."""
        found = self._kept.get("share")
        if found is None or time.monotonic() - found[0] > SHARE_SECONDS:
            sets, _ = self._run(f"SELECT kind, COUNT(*) FROM {SEARCH_INDEX} GROUP BY kind LIMIT 10 OPTION max_matches=10")
            numbers = {int(kind): int(n) for kind, n in sets[0]}
            statements, reports = numbers.get(KIND_CODES["problem"], 0), numbers.get(KIND_CODES["report"], 0)
            said = self._mean_units("problem", SAMPLE_STATEMENTS)
            written = self._mean_units("report", SAMPLE_REPORTS)
            share = said * statements / (written * reports) if written and reports else 0.0
            found = self._kept["share"] = (time.monotonic(), (share, statements))
        return found[1]

    def _mean_units(self, kind: str, limit: int) -> float:
        from indexer.model import Report
        from indexer.search.documents import section_texts

        sets, _ = self._run(f"SELECT record FROM {SEARCH_INDEX} WHERE kind = {KIND_CODES[kind]} ORDER BY id ASC "
                            f"LIMIT {limit} OPTION max_matches={limit}, ranker=none")
        sizes = []
        for (record,) in sets[0]:
            data = unpack(record)
            texts = [data["text"]] if kind == "problem" else section_texts(Report.from_dict(data["report"])).values()
            sizes.append(sum(len(units(t)) for t in texts))
        return sum(sizes) / len(sizes) if sizes else 0.0
