"""What every process the build forks does first (segment workers, the vector process)."""
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
