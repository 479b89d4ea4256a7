"""A build that cannot write its index fails clearly and loses nothing.

Issue 6: "A full disk or unwritable index directory gives a clear error and
leaves the previous index intact." Tests (and CI) run as root, where
`chmod 0o500` does not stop a single write, so each failure is made real:

- index path is a regular file: no privileges needed, always runs;
- full disk, portable: the build runs under `RLIMIT_FSIZE` (a file-size
  limit the kernel enforces for root too: writes fail with EFBIG, and
  Python ignores SIGXFSZ), always runs;
- full disk, real: a tiny tmpfs, mounted when `mount` is permitted (root
  with CAP_SYS_ADMIN, as on our machines), filled to the last byte: ENOSPC;
- unwritable, real: the same tmpfs remounted read-only: EROFS;
- unwritable by permissions: `chmod 0o500`, only when not root.

Each case checks the library (`build_index` raises `IndexUnavailableError`),
the CLI (non-zero exit, an `error:` line, no traceback), and that the
previous index still opens with the same reports and problems.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from indexer.errors import IndexUnavailableError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEXT_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))


def make_corpus(dest: Path, files: list[Path]) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for p in files:
        shutil.copyfile(p, dest / p.name)
    return dest


def contents(index: Path) -> tuple[list[str], int, int]:
    """(report ids, problem count, hits for 公开) through the public API."""
    from indexer.search import Archive

    archive = Archive(index)
    ids = sorted(r.id for r in archive.reports())
    return ids, sum(1 for _ in archive.all_problems()), archive.search("公开").total


def cli_build(corpus: Path, index: Path, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index", str(index)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=preexec,
    )


def assert_clear_cli_failure(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "error:" in proc.stderr, proc.stderr


@pytest.fixture(scope="module")
def previous_index(tmp_path_factory):
    """A committed index of three reports, and its contents."""
    base = tmp_path_factory.mktemp("previous")
    from indexer.build import build_index

    corpus = make_corpus(base / "corpus", TEXT_FILES[:3])
    build_index(corpus, base / "index", procs=1, progress=False)
    return base / "index", contents(base / "index")


@pytest.fixture
def grown_corpus(tmp_path):
    """The next state of the corpus: three more reports to write."""
    return make_corpus(tmp_path / "corpus", TEXT_FILES[:6])


def test_index_path_is_a_regular_file(tmp_path, grown_corpus):
    from indexer.build import build_index

    index = tmp_path / "index"
    index.write_bytes(b"not an index")
    with pytest.raises(IndexUnavailableError):
        build_index(grown_corpus, index, procs=1, progress=False)
    assert_clear_cli_failure(cli_build(grown_corpus, index))
    assert index.read_bytes() == b"not an index"


def test_index_parent_is_a_regular_file(tmp_path, grown_corpus):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    assert_clear_cli_failure(cli_build(grown_corpus, blocker / "index"))


def _limit_file_size(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_file_size_limit_fails_clearly_and_keeps_previous_index(tmp_path, grown_corpus, previous_index):
    source, before = previous_index
    index = tmp_path / "index"
    shutil.copytree(source, index)

    proc = cli_build(grown_corpus, index, preexec=_limit_file_size(2048))

    assert contents(index) == before
    assert_clear_cli_failure(proc)
    # Room again: the same build now completes.
    assert cli_build(grown_corpus, index).returncode == 0
    assert len(contents(index)[0]) == 6


@contextmanager
def tiny_tmpfs(where: Path, size_kb: int):
    where.mkdir()
    name = f"nianbao-test-{uuid.uuid4().hex[:8]}"
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", name, str(where)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); the RLIMIT_FSIZE test covers a full disk")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _tree_kb(path: Path) -> int:
    """Space the tree takes on a tmpfs, in KiB (whole 4 KiB pages per file)."""
    return sum(-(-p.stat().st_size // 4096) * 4 for p in path.rglob("*") if p.is_file())


def _fill(directory: Path) -> None:
    """Write until the filesystem says it is full."""
    with open(directory / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass


def test_full_disk_fails_clearly_and_keeps_previous_index(tmp_path, grown_corpus, previous_index):
    from indexer.build import build_index

    source, before = previous_index
    with tiny_tmpfs(tmp_path / "fs", _tree_kb(source) * 3 + 1024) as fs:
        index = fs / "index"
        shutil.copytree(source, index)
        _fill(fs)

        with pytest.raises(IndexUnavailableError):
            build_index(grown_corpus, index, procs=1, progress=False)
        assert contents(index) == before
        proc = cli_build(grown_corpus, index)
        assert contents(index) == before
        assert_clear_cli_failure(proc)

        (fs / "filler").unlink()
        build_index(grown_corpus, index, procs=1, progress=False)
        assert len(contents(index)[0]) == 6


def test_read_only_index_fails_clearly_and_still_serves(tmp_path, grown_corpus, previous_index):
    from indexer.build import build_index

    source, before = previous_index
    with tiny_tmpfs(tmp_path / "fs", _tree_kb(source) * 3 + 1024) as fs:
        index = fs / "index"
        shutil.copytree(source, index)
        remount = subprocess.run(["mount", "-o", "remount,ro", str(fs)], capture_output=True, text=True)
        assert remount.returncode == 0, remount.stderr

        with pytest.raises(IndexUnavailableError):
            build_index(grown_corpus, index, procs=1, progress=False)
        assert_clear_cli_failure(cli_build(grown_corpus, index))
        # Readers need no write access: the web app keeps serving.
        assert contents(index) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits; the tmpfs and RLIMIT tests cover this as root")
def test_unwritable_directory_by_permissions(tmp_path, grown_corpus, previous_index):
    source, before = previous_index
    index = tmp_path / "index"
    shutil.copytree(source, index)
    index.chmod(0o500)
    try:
        assert_clear_cli_failure(cli_build(grown_corpus, index))
        assert contents(index) == before
    finally:
        index.chmod(0o700)
