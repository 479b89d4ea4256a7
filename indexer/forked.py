"""The build's processes: what each one it forks does first, work on numpy
arrays shared with a second process (once: `side_by_side`; call after call:
`Beside`), and giving memory back."""
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


class Beside:
    """A forked second process answering calls of pure functions on numpy
    arrays (`split(name, *arrays)` sends a share of the work there while
    this process does the rest), for a step that holds its state here
    between calls (the copy pass's exact checks: union-find here, each
    chunk's pairs checked on both cores).

    The functions (by name) must be pure and see only what existed at the
    fork (the second process has this process's memory as it was then).
    When the second process cannot be started or fails, every call is done
    here: the same results. Use as a context manager (`close` ends it).
    """

    def __init__(self, **functions: Callable[..., np.ndarray]):
        self.functions = functions
        self._process = self._pipe = None
        if multiprocessing.current_process().daemon:  # a daemon process may not fork one
            return
        context = multiprocessing.get_context("fork")
        here, there = context.Pipe(duplex=True)
        try:
            self._process = context.Process(target=_answer, args=(functions, there), daemon=True)
            self._process.start()
        except OSError as exc:
            log.warning("second process not started (%s): its share done here", exc)
            here.close()
            self._process = None
        else:
            self._pipe = here
        finally:
            there.close()

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def split(self, name: str, *arrays: np.ndarray) -> np.ndarray:
        """The function `name` of arrays of one length (its result one row
        per element), the second half worked out in the second process
        while this one does the first."""
        function = self.functions[name]
        if self._pipe is None or len(arrays[0]) < 2:
            return function(*arrays)
        half = len(arrays[0]) // 2
        try:
            self._pipe.send(name)
            _send_arrays(self._pipe, tuple(a[half:] for a in arrays))
        except (OSError, ValueError) as exc:
            self._lost(exc)
            return function(*arrays)
        mine = function(*(a[:half] for a in arrays))
        try:
            header = self._pipe.recv()
            if isinstance(header, str):
                raise RuntimeError(header)
            (theirs,) = _receive_arrays(header, self._pipe)
        except (EOFError, OSError, RuntimeError) as exc:
            self._lost(exc)
            theirs = function(*(a[half:] for a in arrays))
        return np.concatenate([mine, theirs])

    def _lost(self, exc: BaseException) -> None:
        log.warning("second process failed (%s): its share done here", exc)
        self.close()

    def close(self) -> None:
        if self._pipe is not None:
            try:
                self._pipe.send(None)  # the end
            except OSError:
                pass
            self._pipe.close()
            self._pipe = None
        if self._process is not None:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
            self._process = None


def _answer(functions: dict, pipe) -> None:
    die_with_parent()
    while True:
        try:
            name = pipe.recv()
        except (EOFError, OSError):
            return
        if name is None:
            return
        try:
            arrays = _receive_arrays(pipe.recv(), pipe)
            result = functions[name](*arrays)
        except BaseException as exc:  # the parent does it itself
            pipe.send(f"{exc.__class__.__name__}: {exc}")
            return
        _send_arrays(pipe, (result,))


def trim_heap() -> None:
    """Give the heap's free memory back to the system (glibc's malloc_trim):
    after a step that built and dropped large structures, before another
    process grows beside this one. Nothing where there is no glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except Exception:
        pass
