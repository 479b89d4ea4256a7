"""The project's own exceptions. Code inside `indexer` raises these; the
edges (CLI, web app, build summary) translate them into messages."""


class NianbaoError(Exception):
    """Base of every error this project raises on purpose."""


class ReadError(NianbaoError):
    """A file could not be turned into text (empty, binary, corrupt, too big,
    scanned PDF without a text layer, unsupported type...)."""


class ParseError(NianbaoError):
    """Text was read but is not recognisable as an annual report."""


class QueryError(NianbaoError):
    """A search query (or its filters / paging) cannot be run as given."""


class IndexBusyError(NianbaoError):
    """Another build holds the index lock."""


class IndexUnavailableError(NianbaoError):
    """There is no usable index at the configured place (missing, unwritable,
    corrupt)."""


class NotFoundError(NianbaoError):
    """An id (report, problem) that the archive does not hold."""


class IndexDamagedError(IndexUnavailableError):
    """The index's files are not what the last build wrote (truncated,
    missing, overwritten): `python -m indexer build` repairs it."""


class FileTooCostlyError(ReadError):
    """Reading and parsing one file went over its time or memory limit."""
