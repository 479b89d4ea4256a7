"""The build's processes: what each one it forks does first, and giving memory back."""
from __future__ import annotations

import ctypes
import os
import signal


def detach_from_build(lock_fd: int) -> None:
    """Close the forked copy of the build lock's descriptor and die with the parent.

    The build lock is an flock: a forked copy of its descriptor would keep it
    held if this process outlived a killed build.
    """
    try:
        os.close(lock_fd)
    except OSError:
        pass
    try:  # Linux: die with the parent instead of lingering as an orphan
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def trim_heap() -> None:
    """Give the heap's free memory back to the system (glibc's malloc_trim):
    after a step that built and dropped large structures, before another
    process grows beside this one. Nothing where there is no glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except Exception:
        pass
