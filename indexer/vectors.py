"""Related words learned from the archive: word vectors trained by the build.

Reports say the same shortcoming in many words (渠道比较窄 / 平台建设滞后 /
载体有待完善). The curated equivalences (`indexer.equivalents`) hold the
groups a person wrote down; this module learns the rest from the archive
itself. After the index commit, the build's vector step (`run_vector_pass`)
segments every problem statement and the prose of every section 五 (then
the other sections' prose, up to a cap; `indexer.vectortext`, the first
part made by the build's workers) with the index's own jieba analyser, trains gensim Word2Vec (skip-gram) on them and
saves the word vectors beside the index (`vectors.kv`, with `vectors.json`
recording what they were trained on). Training is skipped when no report
was indexed or removed since (a digest of the reports' ids and indexing
times is recorded), so a build that changed nothing reads and trains nothing.

Too little text (a new archive, a test corpus) gives no model, never a
failed build: `vectors.json` says why, the old model file is removed, and
similar statements fall back to their lexical score.

`RelatedWords.for_index(index_dir)` loads the model once per process (again
only when the build replaced the file) and offers `neighbours(word)` for
candidate search and `similarity(a, b)`, the cosine of two statements'
IDF-weighted mean vectors.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np

MODEL_FILE = "vectors.kv"
STAMP_FILE = "vectors.json"
#: Below this many words of training text (or this many distinct words seen
#: at least MIN_COUNT times) vectors are noise: no model, lexical fallback.
MIN_WORDS = 20_000
MIN_VOCABULARY = 300
MIN_COUNT = 2
#: Training text is capped: beyond a few million words the vectors gain little
#: and the build would pay segmentation and training for all of it.
MAX_WORDS = 2_000_000
DIMENSIONS = 100
WINDOW = 5
SEED = 20261206
#: Version of the training recipe; a change retrains even on the same input.
RECIPE = 1

log = logging.getLogger(__name__)


def _words(text: str, stopwords: frozenset) -> list[str]:
    from indexer.search.analysis import query_words

    return [w for w in query_words(text) if len(w) > 1 and any(c.isalnum() for c in w) and w not in stopwords]


@functools.lru_cache(maxsize=100_000)
def _clause_words(clause: str, stopwords: frozenset) -> tuple[str, ...]:
    # boilerplate clauses recur across reports (half the text of the synthetic archive): each is
    # segmented once; each word is one string however often it occurs (2M words, a few thousand distinct)
    return tuple([_VOCABULARY.setdefault(w, w) for w in _words(clause, stopwords)])


_VOCABULARY: dict[str, str] = {}


_CLAUSE = re.compile(r"[。；;！!？?\n]+")


def training_sentences(texts: Iterable[str], stopwords: frozenset = frozenset()) -> Iterator[list[str]]:
    """Each text segmented into jieba words (no sub-words, no punctuation,
    no single characters, no `stopwords`), one sentence per clause, so
    the context window never spans two statements."""
    for text in texts:
        for clause in _CLAUSE.split(text or ""):
            words = _clause_words(clause, stopwords)
            if len(words) > 1:
                yield list(words)


def archive_texts(searcher, index_dir=None) -> Iterator[str]:
    """The training text of the committed index (`indexer.vectortext.TrainingTexts`):
    first the problem statements and the section 五 prose of every report,
    then the prose of its other sections (tables left out, as in the index).

    Section 五 alone is too little text to learn from at corpus scale (about
    5,000 words in 568 reports); the other sections use the same words for
    channels, staff and timeliness, so they come after it, up to MAX_WORDS.
    """
    from indexer.vectortext import TrainingTexts

    return iter(TrainingTexts(searcher, index_dir))


def corpus_sentences(searcher, stopwords: frozenset = frozenset(), limit: int | None = None,
                     texts: Iterable[str] | None = None) -> list[list[str]]:
    """`training_sentences` of `texts` (by default `archive_texts`), at most `limit` words (MAX_WORDS)."""
    limit = MAX_WORDS if limit is None else limit
    out, words = [], 0
    for sentence in training_sentences(archive_texts(searcher) if texts is None else texts, stopwords):
        if words + len(sentence) > limit:
            break
        out.append(sentence)
        words += len(sentence)
    return out


def train(sentences: list[list[str]], workers: int = 1):
    """Word2Vec vectors (gensim KeyedVectors) for `sentences`, or None with
    too little text. The same sentences give the same vectors (one worker,
    fixed seed)."""
    words = sum(len(s) for s in sentences)
    if words < MIN_WORDS:
        return None
    from gensim.models import Word2Vec

    # small archives need more passes over their text to settle
    epochs = int(max(5, min(40, 2_000_000 // max(words, 1))))
    model = Word2Vec(vector_size=DIMENSIONS, window=WINDOW, min_count=MIN_COUNT, sg=1, negative=5,
                     sample=1e-3, seed=SEED, workers=workers)
    model.build_vocab(sentences)
    if len(model.wv) < MIN_VOCABULARY:
        return None
    model.train(sentences, total_examples=len(sentences), epochs=epochs)
    vectors = model.wv
    vectors.fill_norms()
    return vectors


def input_digest(searcher, reports: list | None = None) -> str:
    """What the training text is made of, without reading it: every report's
    id and the time it was indexed (a report read again, even unchanged, counts
    as new input: the parser may have changed), and the recipe. `reports`:
    the index's reports with their stored fields, when already read
    (`reportfields.read_reports`)."""
    from indexer.reportfields import read_reports

    h = hashlib.sha256(f"recipe {RECIPE} {DIMENSIONS} {WINDOW} {MIN_COUNT} {SEED} {MIN_WORDS} {MAX_WORDS}\n".encode())
    reports = read_reports(searcher).reports if reports is None else reports
    for report_id, indexed_at in sorted((r.report_id, r.indexed_at) for r in reports):
        h.update(f"{report_id}\t{indexed_at}\n".encode("utf-8"))
    return h.hexdigest()


def read_stamp(index_dir) -> dict:
    """What the last vector step recorded (`{}` when none ran)."""
    try:
        return json.loads((Path(index_dir) / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def run_vector_pass(ix, index_dir, workers: int = 1, before_training: Callable[[], None] | None = None,
                    reports=None) -> dict:
    """Train the archive's word vectors after a build, unless the input is unchanged.

    `before_training` is called once the text is read and segmented (and
    the segmentation caches emptied), before the model is trained.
    `reports`: the index's reports with their stored fields, when the build
    has read them (`reportfields.IndexedReports`; read here otherwise).
    Returns the step's figures: `trained` (bool), `reason` when no model
    was trained or the step was skipped, `words`, `vocabulary`, `seconds`
    (wall), `cpu_seconds`, `bytes` (model size). Never raises for too little text; OSError when
    the model cannot be written (the caller reports it).
    """
    from indexer.search import analysis
    from indexer.similar import STOPWORDS
    from indexer.reportfields import rows_for
    from indexer.vectortext import TrainingTexts

    started, cpu = time.monotonic(), time.process_time()
    index_dir = Path(index_dir)
    model_path = index_dir / MODEL_FILE
    previous = read_stamp(index_dir)
    with ix.searcher() as searcher:
        reports = rows_for(searcher, reports)  # read once, for the digest and the text
        digest = input_digest(searcher, reports)
        if previous.get("digest") == digest and (model_path.is_file() or not previous.get("trained")):
            return dict(previous, skipped=True, reason="input unchanged", seconds=round(time.monotonic() - started, 3))
        analysis.share_routes()  # jieba's routes in compiled code, as the build's workers cut (the same words)
        texts, reports = TrainingTexts(searcher, index_dir, reports), None  # held by it until read
        sentences = corpus_sentences(searcher, STOPWORDS, texts=texts)
    texts.save()
    read, read_cpu = time.monotonic() - started, time.process_time() - cpu
    _forget_segmentation()
    if before_training is not None:
        before_training()
    words = sum(len(s) for s in sentences)
    try:
        vectors = train(sentences, workers)
    except (MemoryError, RuntimeError, ValueError) as exc:  # a model is optional: fall back to lexical
        log.warning("word vectors not trained: %s", exc)
        vectors = None
    stamp = {"digest": digest, "words": words, "sentences": len(sentences), "trained": vectors is not None,
             "read_seconds": round(read, 3), "read_cpu_seconds": round(read_cpu, 3), "first_texts": {"cached": texts.cached, "read_back": texts.read_back}}
    if vectors is None:
        model_path.unlink(missing_ok=True)
        stamp["reason"] = f"too little text ({words} words; {MIN_WORDS} needed)"
    else:
        tmp = index_dir / (MODEL_FILE + ".tmp")
        vectors.save(str(tmp), separately=[])  # one file, so one os.replace publishes it
        os.replace(tmp, model_path)
        stamp["vocabulary"] = len(vectors)
        stamp["bytes"] = model_path.stat().st_size
    stamp["seconds"] = round(time.monotonic() - started, 3)
    stamp["cpu_seconds"] = round(time.process_time() - cpu, 3)
    _write_json(index_dir / STAMP_FILE, stamp)
    return stamp


class RelatedWords:
    """Word vectors of one archive, loaded from `vectors.kv`."""

    def __init__(self, vectors):
        self.vectors = vectors
        self._unit = vectors.get_normed_vectors()

    _cache: dict[str, tuple[tuple, "RelatedWords | None"]] = {}
    _lock = threading.Lock()

    @classmethod
    def for_index(cls, index_dir) -> "RelatedWords | None":
        """The archive's vectors, loaded once per process and again only when the
        build replaced the file; None when the build trained none (or it is unreadable)."""
        path = Path(index_dir) / MODEL_FILE
        try:
            st = path.stat()
            key = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            return None
        with cls._lock:
            cached = cls._cache.get(str(path))
            if cached and cached[0] == key:
                return cached[1]
            try:
                from gensim.models import KeyedVectors

                loaded = cls(KeyedVectors.load(str(path)))
            except Exception as exc:  # a damaged or foreign file: lexical fallback, said in the log
                log.warning("word vectors at %s unreadable: %s", path, exc)
                loaded = None
            cls._cache[str(path)] = (key, loaded)
            return loaded

    def __contains__(self, word: str) -> bool:
        return word in self.vectors.key_to_index

    def neighbours(self, word: str, n: int = 3, threshold: float = 0.6) -> list[str]:
        """Up to `n` words nearest to `word` with cosine at least `threshold`."""
        index = self.vectors.key_to_index.get(word)
        if index is None:
            return []
        sims = self._unit @ self._unit[index]
        k = min(n + 1, len(sims))
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best])]
        keys = self.vectors.index_to_key
        return [keys[i] for i in best if i != index and sims[i] >= threshold][:n]

    def mean(self, weights: dict[str, float]) -> np.ndarray | None:
        """The weighted mean of the unit vectors of the known words in `weights`."""
        known = [(self.vectors.key_to_index[w], x) for w, x in weights.items() if w in self.vectors.key_to_index]
        if not known:
            return None
        rows = np.array([i for i, _ in known])
        total = (self._unit[rows] * np.array([x for _, x in known], dtype=np.float32)[:, None]).sum(axis=0)
        norm = float(np.linalg.norm(total))
        return total / norm if norm else None

    def similarity(self, a: dict[str, float], b: dict[str, float]) -> float:
        """Cosine (clipped to 0–1) of the weighted mean vectors of two bags of words; 0 when either has none known."""
        va, vb = self.mean(a), self.mean(b)
        if va is None or vb is None:
            return 0.0
        return max(0.0, min(1.0, float(va @ vb)))


def _forget_segmentation() -> None:
    """Empty the caches the training text filled (the words of its clauses and
    pieces) and give their memory back: the model trains without them."""
    from indexer.forked import trim_heap
    from indexer.search import analysis

    _clause_words.cache_clear()
    _VOCABULARY.clear()
    analysis._piece_plain_words.cache_clear()
    analysis.release_routes()
    trim_heap()


def _train_or_explain(ix, index_dir, before_training: Callable[[], None] | None = None, reports=None) -> dict:
    """`run_vector_pass`, with a model that cannot be written reported, never raised."""
    try:
        return run_vector_pass(ix, index_dir, before_training=before_training, reports=reports)
    except OSError as exc:
        return {"trained": False, "reason": f"not written ({exc.strerror or exc})"}


def _vector_child(index_dir: str, lock_fd: int, sender, go, wait_to_train: bool, first: Callable[[], None] | None,
                  reports=None) -> None:
    from indexer.forked import detach_from_build, trim_heap
    from indexer.search.store import open_or_create

    detach_from_build(lock_fd)
    try:
        if first is not None:
            try:
                first()
            except Exception as exc:  # only work done ahead for the build: it does it itself
                log.warning("work ahead of the vectors failed: %s", exc)
            trim_heap()
        sender.send(_train_or_explain(open_or_create(index_dir), index_dir, go.wait if wait_to_train else None, reports))
    except BaseException as exc:  # the parent trains in-process instead
        sender.send({"failed": f"{exc.__class__.__name__}: {exc}"})
    finally:
        sender.close()


class VectorStep:
    """The build's vector step: `run_vector_pass` in a second process, or in
    the parent (`result`) when the build runs on one core or that process dies.
    Both read only the committed index; a model that cannot be trained or
    written never fails the build.

    The process is forked by `start()` (right after the commit, while the
    parent is small), beside the copy pass, each on one core. It first does
    `first` (other work that needs only the committed index), then reads and
    segments its text. With `wait_to_train` (a large archive) it lets go of
    the segmentation caches and trains only after `go()`: the build gives it
    once the copy pass has grouped its texts, the pass's largest moment, so
    the two never hold their peaks at once. Otherwise it trains at once: the
    vector step costs about the same at any size (its text is capped), so at
    20k reports it is the longer of the two.
    """

    def __init__(self, index_dir, lock_fd: int, beside: bool, wait_to_train: bool = False,
                 first: Callable[[], None] | None = None, reports=None):
        self.index_dir, self.lock_fd, self.beside = str(index_dir), lock_fd, beside
        self.wait_to_train, self.first = wait_to_train, first
        self.reports = reports  # the index's reports with their stored fields, when the build read them
        self.process, self.receiver, self._go = None, None, None

    def start(self) -> None:
        """Fork the second process (when `beside`); with `wait_to_train` it trains after `go()`."""
        if self.beside and self.process is None:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            self._go = context.Event()
            self.process = context.Process(target=_vector_child, daemon=True,
                                           args=(self.index_dir, self.lock_fd, sender, self._go, self.wait_to_train,
                                                 self.first, self.reports))
            self.process.start()
            sender.close()

    def go(self) -> None:
        """Let the second process train (again: nothing)."""
        if self._go is not None:
            self._go.set()

    def result(self, ix) -> dict:
        """The step's figures (`run_vector_pass`): from the second process, else trained here."""
        if self.process is not None:
            self.go()
            try:
                figures = self.receiver.recv()
            except (EOFError, OSError):  # the process died: train here
                figures = {"failed": "vector process ended without an answer"}
            self.process.join()
            if "failed" not in figures:
                return figures
        return _train_or_explain(ix, self.index_dir, reports=self.reports)

    def stop(self) -> None:
        """End the second process if it still runs (the build failed)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        if self.receiver is not None:
            self.receiver.close()
