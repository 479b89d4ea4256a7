"""Bounds on the work one report file may cost: size, pages, inflation, time."""
from __future__ import annotations

import signal
import threading
from _signal import signal as _set_handler  # signal.signal less its Enum wrapping of each answer (~10 us a call, twice a file)
from contextlib import contextmanager

from indexer.errors import ReadError

MAX_BYTES = 50_000_000
#: a .docx may not inflate to more than this, in total (zip bomb guard)
MAX_DOCX_INFLATED = 200_000_000
MAX_PDF_PAGES = 500
#: wall-clock bound for one file, so a hostile file cannot hang a build
READ_TIMEOUT = 60.0


class Timeout(Exception):
    """Raised inside `time_limit` when the alarm fires; turned into `ReadError`
    at the `time_limit` boundary (extractors re-raise it untouched)."""


@contextmanager
def time_limit(seconds: float):
    """Raise ReadError when the body runs longer than `seconds`. Uses a timer
    signal, so it only applies in the main thread (build workers and the CLI);
    elsewhere the page and size limits are the bound."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise Timeout()

    previous = _set_handler(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Timeout:
        raise ReadError(f"读取超时 reading took longer than {seconds:g} s — refused") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _set_handler(signal.SIGALRM, previous)
