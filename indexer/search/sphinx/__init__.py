"""The distributed backend: the archive on Sphinx 2.2.11 / Manticore shards behind an aggregator.

`SphinxArchive` reads (same interface as `indexer.search.Archive`),
`ShardWriter` and `build_sphinx` write, `migrate` copies an embedded
index into the cluster, `LocalCluster` starts searchd
processes on loopback for tests and benchmarks. See docs/deploy.md.
"""
from indexer.search.sphinx.archive import SphinxArchive
from indexer.search.sphinx.feed import ShardWriter, build_sphinx
from indexer.search.sphinx.migrate import migrate
from indexer.search.sphinx.nodes import LocalCluster

__all__ = ["SphinxArchive", "ShardWriter", "build_sphinx", "migrate", "LocalCluster"]
