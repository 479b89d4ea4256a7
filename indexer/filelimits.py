"""Hard limits on what one corpus file may cost a build worker.

`file_limits(seconds, memory)` bounds the body by CPU time (an ITIMER_PROF
timer: user + system time of this process) and by memory (RLIMIT_AS set to
what the process already maps plus `memory`): the kernel refuses memory past
it (MemoryError) and the timer interrupts the work, either way the body is
stopped and `FileTooCostlyError` raised, so the build skips that file with its
reason and the worker goes on with the next. Both are enforced by the kernel,
not asked of the code that reads or parses. (The readers' own wall-clock
bound, SIGALRM, is separate and stays in force.)
"""
from __future__ import annotations

import os
import resource
import signal
import threading
from _signal import signal as _set_handler  # signal.signal less its Enum wrapping of each answer (~10 us a call, twice a file)
from contextlib import contextmanager

from indexer.errors import FileTooCostlyError

#: No file may cost more than this (issue 13): CPU seconds, and bytes of memory.
FILE_SECONDS = 10.0
FILE_MEMORY = 500_000_000


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that no `except Exception` in
    reading or parsing code swallows it."""


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def mapped_bytes() -> int:
    """The address space this process maps now (VmSize)."""
    # read raw, once a file: a text-mode file object costs more than the read
    fd = os.open("/proc/self/statm", os.O_RDONLY)
    try:
        return int(os.read(fd, 4096).split()[0]) * _PAGE_SIZE
    finally:
        os.close(fd)


@contextmanager
def file_limits(seconds: float = FILE_SECONDS, memory: int = FILE_MEMORY):
    """Run the body under the limits; raises FileTooCostlyError when it goes over.

    Only in the main thread of a process that may set its own limits (build
    workers); elsewhere the body runs unbounded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    armed = [True]

    def expire(signum, frame):
        if armed[0]:  # never once the body is over
            raise _Expired()

    old_soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped_bytes() + memory
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    previous = _set_handler(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    except _Expired:
        raise FileTooCostlyError(f"处理超时 took more than {seconds:g} s of CPU time — skipped") from None
    except MemoryError:
        raise FileTooCostlyError(f"内存超限 needed more than {memory // 1_000_000} MB — skipped") from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_PROF, 0)
        resource.setrlimit(resource.RLIMIT_AS, (old_soft, hard))
        _set_handler(signal.SIGPROF, previous)
