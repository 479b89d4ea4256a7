"""The build's per-report work on a Dask cluster: `outcomes(tasks, "tcp://host:port", prepare)`.

Reading, parsing, classifying (and for the embedded index, segmenting) one
report needs nothing but its file, so each batch of reports is one Dask task.
The outcomes come back to the process that writes the index, in corpus
order (all batches run at once; results are taken in turn): the same tuples `prepare` gives locally, so the records are the
same whichever runs them (tests/test_distributed.py compares their hashes).
Workers must run the same code and reach the same corpus path (docs/deploy.md).
"""
from __future__ import annotations

from typing import Callable, Iterator

from indexer.errors import IndexUnavailableError

#: Reports per Dask task: large enough that scheduling costs little per report.
TASK_REPORTS = 16


def _prepare_batch(prepare: Callable, batch: list) -> list:
    return [prepare(task) for task in batch]


def outcomes(tasks: list, address: str, prepare: Callable, batch: int = TASK_REPORTS) -> Iterator[tuple]:
    """Run `prepare` over `tasks` on the scheduler at `address`; yield the outcomes in the order of `tasks`.

    Raises IndexUnavailableError when the scheduler cannot be reached.
    """
    if not tasks:
        return
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - pinned in requirements.txt
        raise IndexUnavailableError("dask[distributed] is not installed") from exc
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise IndexUnavailableError(f"no Dask scheduler answers at {address}: {exc}") from exc
    try:
        batches = [tasks[i:i + batch] for i in range(0, len(tasks), batch)]
        futures = client.map(_prepare_batch, [prepare] * len(batches), batches, pure=False)
        for future in futures:  # in submission order: the same order as a local run
            yield from future.result()
            future.release()
    finally:
        client.close()
