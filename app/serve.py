"""`python -m app.serve`: the production server (gunicorn), never debug mode.

Environment: NIANBAO_HOST (127.0.0.1), NIANBAO_PORT (8000), NIANBAO_WORKERS
(4), NIANBAO_WORKER_CLASS (gevent), NIANBAO_THREADS (1), NIANBAO_TIMEOUT
(30 s), NIANBAO_KEEPALIVE (5 s), plus the app's own NIANBAO_CORPUS_DIR /
NIANBAO_INDEX_DIR / NIANBAO_PUBLIC_URL / NIANBAO_TRUSTED_HOSTS.

Why 4 gevent workers: the work is CPU-bound Python, so processes use both
cores where threads only queue behind one another, and each worker keeps its
own Whoosh searcher (Whoosh's readers are not safe to share across threads).
gevent, not sync: a connection waits for its bytes in a greenlet, so slow or
idle clients cannot occupy the workers (`app.worker`, bench/slowclients.py).
Measured with bench/load.py (16 clients, 60 s): 4 processes gave the best
throughput and p95 (bench/LOAD.md).
"""
from __future__ import annotations

import os
import sys

from gunicorn.app.base import BaseApplication


def _int_env(name: str, default: int, low: int = 1, high: int = 256) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise SystemExit(f"error: {name} must be a whole number from {low} to {high}, got {raw!r}")
    return int(raw)


class NianbaoServer(BaseApplication):
    """gunicorn with our settings; the app is created in each worker."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from app import create_app

        app = create_app()
        warm_up(app)
        return app


def warm_up(app) -> None:
    """Load jieba's dictionary, the facet arrays and the word vectors before
    the first request, so no user pays for them. A missing index is not an error here: the pages
    say how to build it."""
    from indexer.errors import NianbaoError

    with app.app_context():
        from app.archive import get_archive

        try:
            get_archive().search("政府信息公开", per_page=1)
            from indexer.vectors import RelatedWords

            RelatedWords.for_index(app.config["INDEX_DIR"])  # gensim and the build's word vectors (2-8 s)
        except NianbaoError as exc:
            print(f"warning: warm-up skipped: {exc}", file=sys.stderr)
        except Exception as exc:  # a damaged index must not stop the worker from booting
            print(f"warning: warm-up failed ({type(exc).__name__}); pages will say what is wrong", file=sys.stderr)


#: NIANBAO_WORKER_CLASS values; sync and gthread are kept for measuring (bench/LOAD.md)
WORKER_CLASSES = {"gevent": "app.worker.NianbaoWorker", "sync": "sync", "gthread": "gthread"}


def worker_class(threads: int) -> str:
    """gunicorn's worker class: ours (gevent) unless NIANBAO_WORKER_CLASS says
    otherwise; NIANBAO_THREADS > 1 alone keeps meaning gthread."""
    name = os.environ.get("NIANBAO_WORKER_CLASS", "").strip() or ("gthread" if threads > 1 else "gevent")
    if name not in WORKER_CLASSES:
        raise SystemExit(f"error: NIANBAO_WORKER_CLASS must be one of {', '.join(WORKER_CLASSES)}, got {name!r}")
    return WORKER_CLASSES[name]


def server_options() -> dict:
    host = os.environ.get("NIANBAO_HOST", "").strip() or "127.0.0.1"
    port = _int_env("NIANBAO_PORT", 8000, 1, 65535)
    threads = _int_env("NIANBAO_THREADS", 1)
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": _int_env("NIANBAO_WORKERS", 4),
        "threads": threads,
        "worker_class": worker_class(threads),
        "worker_connections": _int_env("NIANBAO_WORKER_CONNECTIONS", 1000, 10, 100_000),
        "timeout": _int_env("NIANBAO_TIMEOUT", 30, 1, 3600),
        "keepalive": _int_env("NIANBAO_KEEPALIVE", 5, 1, 300),
        "accesslog": os.environ.get("NIANBAO_ACCESS_LOG") or None,
        "errorlog": "-",
        "loglevel": "warning",
        "reload": False,
    }


def main() -> int:
    options = server_options()
    from app.security import public_url

    try:
        public_url(os.environ.get("NIANBAO_PUBLIC_URL"))
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None
    index_dir = os.environ.get("NIANBAO_INDEX_DIR") or os.path.join("var", "index")
    if not os.path.isdir(index_dir):
        print(f"warning: no index at {index_dir} yet; run `make index` (python -m indexer build). Pages will say so until then.", file=sys.stderr)
    host, _, port = options["bind"].rpartition(":")
    kind = next((k for k, v in WORKER_CLASSES.items() if v == options["worker_class"]), options["worker_class"])
    print(f"年报检索 serving on http://{host}:{port}/  ({options['workers']} {kind} workers; Ctrl-C to stop)", flush=True)
    NianbaoServer(options).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
