"""searchd configuration: one real-time index per shard node, one distributed index on the aggregator.

Written for Debian's Sphinx 2.2.11 in the subset Manticore also reads (see
docs/deploy.md for what a Manticore deployment changes). The client writes
text as pair tokens of [0-9a-z] (`matching.index_text`), so the tokenizer
needs no script ranges and no ngrams: only those characters are word
characters, and `dict = keywords` with `min_prefix_len` lets a one-character
query be a prefix of the pairs.
"""
from __future__ import annotations

from indexer.search.results import FACET_FIELDS

#: Each shard node's real-time index, and the aggregator's distributed index over them.
SHARD_INDEX = "nianbao_shard"
SEARCH_INDEX = "nianbao"
#: Per shard: facet value id -> (field, value), written with the documents; searched through VALUES_SEARCH.
VALUES_INDEX = "nianbao_values_shard"
VALUES_SEARCH = "nianbao_values"
#: The pair tokens' alphabet (`matching`): every other character separates tokens.
CHARSET = ("0..9", "a..z")
#: Report parts (0-6) a document has text in (a problem statement: 5), for a section filter without a query.
PARTS_ATTRIBUTE = "parts"

#: Report text by standard part (s0 = title and unnumbered parts) and the problem statement.
TEXT_FIELDS = tuple(f"s{n}" for n in range(7)) + ("problem",)
#: A field holding one token in every document (`matching.EVERY`): what NOT inside OR subtracts from.
EVERY_FIELD = "every"


def facet_attribute(field: str) -> str:
    """The multi-valued attribute holding the hashes of `field`'s values."""
    return f"{field}_ids"


#: Attributes of every document (the same for report and problem documents).
#: Strings: the document's own id, its report's id, and the record (a report
#: as compressed JSON, a problem's text and cues) that Sphinx itself cannot store.
#: `facts`: what a hit shows (region, level, organ type, agency_id, categories) as JSON;
#: `organ`: a report's `identity.OrganRecord`, so the identity step reruns without parsing.
#: `manifest_hash`: the fingerprint of the report's manifest.csv line (`corpus.ManifestEntry.fingerprint`).
STRING_ATTRIBUTES = ("doc_key", "report_key", "agency", "file", "content_hash", "file_stat", "manifest_hash", "organ", "facts",
                     "record")
#: `stating`: the report states at least one problem (on its problem documents too): has_problems.
UINT_ATTRIBUTES = ("kind", "year", "number", "indexed_at", "stating")
BIGINT_ATTRIBUTES = ("report_hash",)


_TOKENIZER = [
    "    dict = keywords",
    f"    charset_table = {', '.join(CHARSET)}",
    "    min_prefix_len = 4",  # one unit of a pair token: a one-character query
]


def shard_config(data_dir: str, sql_port: int, api_port: int) -> str:
    """The searchd configuration of one shard node (SphinxQL for writes, the agent port for the aggregator)."""
    lines = [f"index {SHARD_INDEX}", "{", "    type = rt", f"    path = {data_dir}/{SHARD_INDEX}"]
    lines += [f"    rt_field = {name}" for name in TEXT_FIELDS + (EVERY_FIELD,)]
    lines += [f"    rt_attr_uint = {name}" for name in UINT_ATTRIBUTES]
    lines += [f"    rt_attr_bigint = {name}" for name in BIGINT_ATTRIBUTES]
    lines += [f"    rt_attr_multi_64 = {facet_attribute(name)}" for name in FACET_FIELDS]
    lines += [f"    rt_attr_multi = {PARTS_ATTRIBUTE}"]
    lines += [f"    rt_attr_string = {name}" for name in STRING_ATTRIBUTES]
    lines += ["    rt_mem_limit = 256M"] + _TOKENIZER + [
        "}",
        f"index {VALUES_INDEX}",
        "{",
        "    type = rt",
        f"    path = {data_dir}/{VALUES_INDEX}",
        "    rt_field = text",  # unused: a real-time index needs one
        "    rt_attr_string = field",
        "    rt_attr_string = value",
        "    rt_attr_string = label",  # what to show for the value (an organ's name for its agency_id)
        "    rt_attr_bigint = label_hash",  # hash63(label): a filter by an organ's name finds its ids
        "}",
    ]
    return "\n".join(lines) + "\n" + _searchd(data_dir, [f"127.0.0.1:{sql_port}:mysql41", f"127.0.0.1:{api_port}"])


def aggregator_config(data_dir: str, sql_port: int, agents: list[str], connect_ms: int = 300, query_ms: int = 10_000) -> str:
    """The aggregator's configuration: a distributed index over `agents` ("host:api_port" each).

    An agent may list mirrors ("host:port|host:port"): a replica set of one shard.
    """
    lines = []
    for name, shard_index in ((SEARCH_INDEX, SHARD_INDEX), (VALUES_SEARCH, VALUES_INDEX)):
        lines += [f"index {name}", "{", "    type = distributed"]
        lines += [f"    agent = {address}:{shard_index}" for address in agents]
        lines += [f"    agent_connect_timeout = {connect_ms}", f"    agent_query_timeout = {query_ms}", "}"]
    return "\n".join(lines) + "\n" + _searchd(data_dir, [f"127.0.0.1:{sql_port}:mysql41"])


def _searchd(data_dir: str, listen: list[str]) -> str:
    lines = ["searchd", "{"]
    lines += [f"    listen = {address}" for address in listen]
    lines += [
        f"    log = {data_dir}/searchd.log",
        f"    query_log = {data_dir}/query.log",
        f"    pid_file = {data_dir}/searchd.pid",
        f"    binlog_path = {data_dir}",
        "    workers = threads",
        "    max_packet_size = 32M",
        "    read_timeout = 5",
        "    client_timeout = 300",
        "}",
    ]
    return "\n".join(lines) + "\n"
