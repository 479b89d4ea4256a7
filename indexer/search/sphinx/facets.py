"""Facet counts on the cluster, shaped exactly as the embedded index shapes them.

A facet field is a multi-valued attribute of value hashes (`rows.value_id`);
Sphinx counts the hashes (FACET / GROUP BY) and `ValueDictionary` turns them
back into values, and the agency facet's organ ids into the names shown.
`facet` then orders, cuts and labels them like `indexer.search.Archive`:
the most frequent first (ties by value), the 未识别 bucket (documents holding
the field's `unknown_id`) after them, chosen values always shown.
"""
from __future__ import annotations

import threading
import time

from indexer.search.results import UNKNOWN, Facet, FacetValue
from indexer.search.sphinx.conf import VALUES_SEARCH
from indexer.search.sphinx.rows import COUNTED_ON, KIND_CODES, hash63, unknown_id, value_id

#: Facet groups read per field at least. Sphinx caps groups at max_matches
#: (default 1000) without saying so, and a large max_matches costs the
#: statement (a 20,000-slot sorter is 2.5x the match): so each facet is read
#: with room for the values the value dictionary knows of its field
#: (`ValueDictionary.sizes`, never fewer than the field can count), once.
#: Should a read still fill up (values written after the sizes were read), it
#: is read again with ten times the room, up to FACET_GROUPS_MAX.
FACET_GROUPS = 1000
FACET_GROUPS_MAX = 10_000_000


def sql_list(values) -> str:
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


class ValueDictionary:
    """Value hash -> (field, value, label), read from the cluster's value dictionary and kept.

    A hash never changes its value; a label (an organ's canonical name) may
    change when the identity step renames an organ, so what is kept is
    forgotten every `ttl` seconds.
    """

    def __init__(self, run, ttl: float = 300.0):
        self._run = run  # SphinxArchive._run
        self._known: dict[int, tuple[str, str, str]] = {}
        self._sizes: dict[str, int] | None = None
        self._ttl, self._since = ttl, time.monotonic()
        self._lock = threading.Lock()

    def _fresh(self) -> None:
        with self._lock:
            if time.monotonic() - self._since > self._ttl:
                self._known, self._sizes, self._since = {}, None, time.monotonic()

    def sizes(self) -> dict[str, int]:
        """{field: entries the value dictionary holds for it}, one cheap GROUP BY over it.

        No search counts more groups of a field than this: every value a
        document holds (its 未识别 id included) is written to the dictionary
        of the document's shard with it, and never removed; an entry on both
        shards counts twice. So a facet read with this much room is complete.
        """
        self._fresh()
        sizes = self._sizes
        if sizes is None:
            sets, _ = self._run(f"SELECT field, COUNT(*) FROM {VALUES_SEARCH} GROUP BY field LIMIT 1000 OPTION max_matches=1000")
            sizes = self._sizes = {name: int(count) for name, count in sets[0]}
        return sizes

    def groups(self, field: str) -> int:
        """How many groups to read of `field`'s facet so that one read holds them all (and one more:
        a read that comes back short of its room is known to be complete)."""
        return max(FACET_GROUPS, self.sizes().get(field, 0) + 1)

    def lookup(self, ids) -> dict[int, tuple[str, str, str]]:
        self._fresh()
        with self._lock:
            known = self._known
        missing = [i for i in dict.fromkeys(ids) if i not in known]
        for begin in range(0, len(missing), 1000):
            chunk = missing[begin:begin + 1000]
            sets, _ = self._run(f"SELECT id, field, value, label FROM {VALUES_SEARCH} WHERE id IN {sql_list(chunk)} "
                                f"LIMIT {len(chunk) * 2} OPTION max_matches={len(chunk) * 2}")
            known.update({row[0]: (row[1], row[2], row[3]) for row in sets[0]})
        return {i: known[i] for i in ids if i in known}

    def labels(self, field: str, values) -> dict[str, str]:
        """What to show for these values of `field` ({} but for the agency facet: organ names)."""
        if field not in COUNTED_ON:
            return {}
        found = self.lookup([value_id(field, v) for v in values])
        return {entry[1]: entry[2] for entry in found.values() if entry[0] == field and entry[2]}

    def canonical(self, field: str, values: list[str]) -> list[str]:
        """`values` of a filter as the facet counts them (`indexer.search.facets.DocTable.canonical`):
        for the agency facet a value is an organ's id or its name, and a name
        stands for every id shown under it."""
        if field not in COUNTED_ON:
            return values
        known = self.lookup([value_id(field, v) for v in values])
        names = [v for v in values if v != UNKNOWN and value_id(field, v) not in known]
        named: dict[str, list[str]] = {}
        if names:
            sets, _ = self._run(f"SELECT id, field, value, label FROM {VALUES_SEARCH} WHERE label_hash IN "
                                f"{sql_list(hash63(n) for n in names)} LIMIT 10000 OPTION max_matches=10000")
            for _, found_field, value, label in sets[0]:
                if found_field == field and label in names:
                    named.setdefault(label, []).append(value)
        out = [x for v in values for x in (sorted(set(named[v])) if v in named else [v])]
        return list(dict.fromkeys(out))


def value_ids(field: str, values: list[str]) -> list[int]:
    """The hashes a filter on `field` by these (canonical) values selects; UNKNOWN: the 未识别 bucket."""
    return [unknown_id(field) if v == UNKNOWN else value_id(field, v) for v in values]


def counted(dictionary: ValueDictionary, name: str, tally) -> tuple[dict[str, int], int, dict[str, str]]:
    """({value: count}, 未识别 count, {value: label}) of one facet's (hash, count) groups."""
    if name == "kind":
        names = {value_id("kind", k): k for k in KIND_CODES}
        return {names[g]: c for g, c in tally if g in names}, 0, {}
    entries = dictionary.lookup([g for g, _ in tally])
    counts, labels, unknown = {}, {}, 0
    for group, count in tally:
        if group == unknown_id(name):
            unknown = count
            continue
        entry = entries.get(group)
        if entry is not None and entry[0] == name:
            counts[entry[1]] = count
            if name in COUNTED_ON and entry[2]:
                labels[entry[1]] = entry[2]
    return counts, unknown, labels


def facet(name: str, counts: dict[str, int], unknown: int, labels: dict[str, str], selected, excluded, limit) -> Facet:
    """One facet as `indexer.search.Archive` gives it."""
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    if unknown:
        top.append((UNKNOWN, unknown))
    shown = {value for value, _ in top}
    for value in list(selected) + list(excluded):  # chosen values are always shown
        if value not in shown:
            top.append((value, counts.get(value, 0)))
            shown.add(value)
    values = [FacetValue(v, c, selected=v in selected, excluded=v in excluded, label=labels.get(v, "")) for v, c in top]
    return Facet(name=name, values=values, truncated=len(counts) > limit, value_count=len(counts) + bool(unknown))


def every_value(counts: dict[str, int], unknown: int, labels: dict[str, str]) -> list[FacetValue]:
    """Every value, most frequent first, 未识别 last (`Archive.facet_values`)."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [FacetValue(v, c, label=labels.get(v, "")) for v, c in ordered] + ([FacetValue(UNKNOWN, unknown)] if unknown else [])
