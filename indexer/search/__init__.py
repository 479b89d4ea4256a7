"""The search layer: the only code that opens the Whoosh index."""
from indexer.search.archive import Archive, StoredProblem, StoredReport
from indexer.search.backends import open_archive


def build_index(corpus_dir, index_dir, procs=None, progress=True, dask=None):
    """Build or update the index; see `indexer.build.build_index`."""
    from indexer.build import build_index as build

    return build(corpus_dir, index_dir, procs=procs, progress=progress, dask=dask)


__all__ = ["Archive", "StoredReport", "StoredProblem", "build_index", "open_archive"]
