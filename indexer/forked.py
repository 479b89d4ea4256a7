"""The build's processes: what each one it forks does first, work on numpy
arrays shared with a second process, and giving memory back."""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
from typing import Callable

import numpy as np

log = logging.getLogger(__name__)


def detach_from_build(lock_fd: int) -> None:
    """Close the forked copy of the build lock's descriptor and die with the parent.

    The build lock is an flock: a forked copy of its descriptor would keep it
    held if this process outlived a killed build.
    """
    try:
        os.close(lock_fd)
    except OSError:
        pass
    die_with_parent()


def die_with_parent() -> None:
    """Linux: end this forked process with its parent instead of lingering as an orphan."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


Arrays = tuple[np.ndarray, ...]


def _send_arrays(sender, arrays: Arrays) -> None:
    arrays = tuple(np.ascontiguousarray(a) for a in arrays)
    sender.send([(a.dtype.str, a.shape, a.nbytes) for a in arrays])
    for a in arrays:  # the buffers as they are: no pickled copy
        sender.send_bytes(memoryview(a.reshape(-1)).cast("B"))


def _receive_arrays(header: list, receiver) -> Arrays:
    out = []
    for dtype, shape, nbytes in header:
        buffer = bytearray(nbytes)  # writable, like the arrays computed here
        if nbytes:
            receiver.recv_bytes_into(buffer)
        else:
            receiver.recv_bytes()
        out.append(np.frombuffer(buffer, dtype=np.dtype(dtype)).reshape(shape))
    return tuple(out)


def _other_half(other: Callable[[], Arrays], sender) -> None:
    die_with_parent()
    try:
        arrays = other()
    except BaseException as exc:  # the parent does it itself
        sender.send(f"{exc.__class__.__name__}: {exc}")
        return
    _send_arrays(sender, arrays)


def side_by_side(work: Callable[[], Arrays], other: Callable[[], Arrays]) -> tuple[Arrays, Arrays]:
    """(work(), other()), each a tuple of numpy arrays: `other` in a forked
    process on the second core while this one does `work`. Both must be pure
    (they see this process's memory as it was at the fork and change nothing
    in it), so the outcome is the same as doing them one after the other;
    when the second process cannot be started or fails, `other` runs here.
    """
    if multiprocessing.current_process().daemon:  # a daemon process may not fork one
        return work(), other()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    try:
        process = context.Process(target=_other_half, args=(other, sender), daemon=True)
        process.start()
    except OSError as exc:
        log.warning("second process not started (%s): one after the other", exc)
        receiver.close()
        sender.close()
        return work(), other()
    sender.close()
    try:
        mine = work()
        try:
            header = receiver.recv()
            if isinstance(header, str):
                raise RuntimeError(header)
            theirs = _receive_arrays(header, receiver)
        except (EOFError, OSError, RuntimeError) as exc:
            log.warning("second process failed (%s): its half done here", exc)
            theirs = other()
    finally:
        receiver.close()
        process.join(timeout=10)
        if process.is_alive():
            process.terminate()
            process.join()
    return mine, theirs


def trim_heap() -> None:
    """Give the heap's free memory back to the system (glibc's malloc_trim):
    after a step that built and dropped large structures, before another
    process grows beside this one. Nothing where there is no glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except Exception:
        pass
