"""searchd configuration: one real-time index per shard node, one distributed index on the aggregator.

Written for Debian's Sphinx 2.2.11 in the subset Manticore also reads (see
docs/deploy.md for what a Manticore deployment changes). Han text is indexed
one character per token (`ngram_len = 1` over the CJK ranges), so a Han
run searched as a phrase matches exactly where it occurs as a contiguous
string; Latin letters and digits are whole words.
"""
from __future__ import annotations

from indexer.search.results import FACET_FIELDS

#: Each shard node's real-time index, and the aggregator's distributed index over them.
SHARD_INDEX = "nianbao_shard"
SEARCH_INDEX = "nianbao"
#: Per shard: facet value id -> (field, value), written with the documents; searched through VALUES_SEARCH.
VALUES_INDEX = "nianbao_values_shard"
VALUES_SEARCH = "nianbao_values"
#: On the aggregator: an always-empty index with the shards' tokenizer, for CALL SNIPPETS
#: (which needs a local index to know how to split the text it is sent).
TOKENIZER_INDEX = "nianbao_tokenizer"

#: Han ideographs: unified, extension A, compatibility, extensions B-F and supplement.
#: 2.2.11 has no `cjk` alias: without explicit ranges searchd refuses the config.
HAN_RANGES = ("U+3400..U+4DBF", "U+4E00..U+9FFF", "U+F900..U+FAFF", "U+20000..U+2FA1F")
#: Latin letters and digits are words; everything else separates tokens. "_" is
#: the token `matching.index_text` writes for a run of separators.
CHARSET = ("0..9", "A..Z->a..z", "a..z", "_") + HAN_RANGES

#: Report text by standard part (s0 = title and unnumbered parts) and the problem statement.
TEXT_FIELDS = tuple(f"s{n}" for n in range(7)) + ("problem",)


def facet_attribute(field: str) -> str:
    """The multi-valued attribute holding the hashes of `field`'s values."""
    return f"{field}_ids"


#: Attributes of every document (the same for report and problem documents).
#: Strings: the document's own id, its report's id, and the record (a report
#: as compressed JSON, a problem's text and cues) that Sphinx itself cannot store.
STRING_ATTRIBUTES = ("doc_key", "report_key", "agency", "file", "content_hash", "file_stat", "record")
UINT_ATTRIBUTES = ("kind", "year", "number", "indexed_at")
BIGINT_ATTRIBUTES = ("report_hash",)


_TOKENIZER = [
    "    dict = keywords",
    f"    charset_table = {', '.join(CHARSET)}",
    "    ngram_len = 1",
    f"    ngram_chars = {', '.join(HAN_RANGES)}",
]


def shard_config(data_dir: str, sql_port: int, api_port: int) -> str:
    """The searchd configuration of one shard node (SphinxQL for writes, the agent port for the aggregator)."""
    lines = [f"index {SHARD_INDEX}", "{", "    type = rt", f"    path = {data_dir}/{SHARD_INDEX}"]
    lines += [f"    rt_field = {name}" for name in TEXT_FIELDS]
    lines += [f"    rt_attr_uint = {name}" for name in UINT_ATTRIBUTES]
    lines += [f"    rt_attr_bigint = {name}" for name in BIGINT_ATTRIBUTES]
    lines += [f"    rt_attr_multi_64 = {facet_attribute(name)}" for name in FACET_FIELDS]
    lines += [f"    rt_attr_string = {name}" for name in STRING_ATTRIBUTES]
    lines += ["    rt_mem_limit = 256M"] + _TOKENIZER + [
        "}",
        f"index {VALUES_INDEX}",
        "{",
        "    type = rt",
        f"    path = {data_dir}/{VALUES_INDEX}",
        "    rt_field = label",
        "    rt_attr_string = field",
        "    rt_attr_string = value",
        "}",
    ]
    return "\n".join(lines) + "\n" + _searchd(data_dir, [f"127.0.0.1:{sql_port}:mysql41", f"127.0.0.1:{api_port}"])


def aggregator_config(data_dir: str, sql_port: int, agents: list[str], connect_ms: int = 300, query_ms: int = 10_000) -> str:
    """The aggregator's configuration: a distributed index over `agents` ("host:api_port" each).

    An agent may list mirrors ("host:port|host:port"): a replica set of one shard.
    """
    lines = [f"index {TOKENIZER_INDEX}", "{", "    type = rt", f"    path = {data_dir}/{TOKENIZER_INDEX}",
             "    rt_field = text", "    rt_attr_uint = unused"] + _TOKENIZER + ["}"]
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
