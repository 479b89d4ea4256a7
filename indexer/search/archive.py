"""`Archive`: the read side of the index (search, reports, problems, facets).

Cheap to construct and safe to share in a process. Each call checks the
index generation (one directory listing) and moves to a new searcher only
when a build has committed, so readers keep serving the last committed state.

Whoosh's file readers are not safe to use from several threads at once
(under a threaded server they returned corrupt postings: bench/LOAD.md), so
every public call holds the Archive's read lock. The work is CPU-bound
Python anyway; the server gets its concurrency from processes.
"""
from __future__ import annotations

import functools
import threading
import time
from datetime import datetime, timezone
from typing import Iterator

import numpy as np
from whoosh import query as wq

from indexer.errors import IndexDamagedError, IndexUnavailableError, NianbaoError, NotFoundError, QueryError
from indexer.search.analysis import query_words
from indexer.search.bestmatch import (FEW, PROBLEM_TEXT, content_words, equivalents, grouped, names_subject, one_word,
                                      problem_lift, runs, says_and, shortcoming_alternatives, shortcoming_tail,
                                      statement_counts, subject_alternatives, subject_word, tail_word, word_matches,
                                      words_lift, worded)
from indexer.search import everyday, problemterms, subjectpairs
from indexer.search.choices import SORTS, check_paging, filter_values
from indexer.search.exact import PROBLEM_PART, needle
from indexer.search.generation import Generation
from indexer.search.hits import export_records, hit_of, stored_problem, stored_report
from indexer.search.narrowing import (HAS_PROBLEMS, Narrowing, facet_counts, kind_split, matching_values, problem_counts,
                                      section_presence, without_choice)
from indexer.search.passages import seeks_problems
from indexer.search.query import needles, normalise, parse_query
from indexer.search.ranking import best_statements, rank, rank_words
from indexer.search.results import (FACET_FIELDS, UNKNOWN, Facet, FacetValue, HitRecord, SearchResult, StoredProblem,
                                    StoredReport)
from indexer.search.schema import PROBLEM_FIELD, SECTION_FIELDS, TEXT_FIELDS
from indexer.search.store import ensure_intact, open_index


def _has_or(query) -> bool:
    return isinstance(query, wq.Or) or any(_has_or(child) for child in query.children())


def _serialized(method):
    """Run `method` holding the Archive's read lock (see the module docstring).

    An unexpected error from Whoosh is checked against the index's recorded
    checksums (hashing every file, so at most once a minute): damaged files
    raise IndexDamagedError instead.
    """
    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._read_lock:
            try:
                return method(self, *args, **kwargs)
            except NianbaoError:
                raise
            except Exception as exc:
                if time.monotonic() - self._last_verified > 60:
                    self._last_verified = time.monotonic()
                    ensure_intact(self.index_dir, quick=False)  # raises IndexDamagedError
                else:
                    ensure_intact(self.index_dir)  # sizes only
                raise exc
    return locked


class Archive:
    def __init__(self, index_dir):
        """Open the index in `index_dir`; raises IndexUnavailableError if there is none."""
        self.index_dir = index_dir
        self._ix = open_index(index_dir)
        self._lock = threading.Lock()
        self._read_lock = threading.RLock()
        self._last_verified = float("-inf")
        self._current = Generation(self._ix, self.index_dir)

    # -- generation handling -------------------------------------------------
    def _state(self) -> Generation:
        try:
            latest = self._ix.latest_generation()
        except Exception as exc:
            raise IndexUnavailableError(f"index at {self.index_dir} cannot be read: {exc}") from exc
        if latest != self._current.generation and latest >= 0:
            with self._lock:
                if latest != self._current.generation:
                    try:
                        ensure_intact(self.index_dir)
                        self._current = Generation(self._ix, self.index_dir)
                    except IndexDamagedError:
                        raise
                    except Exception as exc:
                        raise IndexUnavailableError(f"index at {self.index_dir} cannot be read: {exc}") from exc
        current = self._current
        try:
            current.check_sizes()
        except IndexDamagedError:
            if self._ix.latest_generation() != current.generation:  # a build committed meanwhile
                return self._state()
            raise
        return current

    # -- search ----------------------------------------------------------------
    def _select(self, state, query, filters, exclude, kind, narrowing):
        """(parsed query, text fields, sections, filters, exclude, base mask, per-field masks,
        the year range's mask or None).

        `base` holds the query, exclusions and the `Narrowing`; each chosen
        field's values are a separate mask, so a facet can be counted without
        its own field's choice. Raises QueryError.
        """
        if kind not in (None, "report", "problem"):
            raise QueryError("kind 只能是 report 或 problem")
        table = state.table
        filters, exclude = filter_values(filters, "filters"), filter_values(exclude, "exclude")
        filters = {k: table.canonical(k, v) for k, v in filters.items()}
        exclude = {k: table.canonical(k, v) for k, v in exclude.items()}
        if kind:
            filters["kind"] = [kind]
        sections = filters.pop("section", None)
        exclude.pop("section", None)
        fields = self._fields(sections)
        parts = self._parts(sections)
        parsed = parse_query(query) if query and query.strip() else None
        base = table.match(parsed, parts) if parsed is not None else table.live.copy()
        if sections and parsed is None:
            base &= section_presence(table, sections)
        narrowing = narrowing or Narrowing()
        years = narrowing.year_mask(table)
        if years is not None:
            base &= years
        for name, values in exclude.items():
            base &= ~table.mask(name, values)
        field_masks = {name: table.mask(name, values) for name, values in filters.items()}
        stating = narrowing.problems_mask(table)
        if stating is not None:  # counted as a facet is, without its own choice (`problem_counts`)
            field_masks[HAS_PROBLEMS] = stating
        return parsed, fields, sections, filters, exclude, base, field_masks, years

    @_serialized
    def search(self, query="", filters=None, exclude=None, sort="relevance", page=1, per_page=20,
               kind=None, facet_limit=10, facets=True, highlight=True, narrowing=None) -> SearchResult:
        """Search reports and problem statements; see SearchResult. Raises QueryError.

        With `facets=False` no facet is counted (`SearchResult.facets` is empty);
        with `highlight=False` hits carry no snippet (and no best section).
        `narrowing` (a `Narrowing`) adds a year range and has_problems.
        """
        check_paging(sort, page, per_page)
        state = self._state()
        table = state.table
        parsed, fields, sections, filters, exclude, base, field_masks, years = self._select(
            state, query, filters, exclude, kind, narrowing)
        parts = self._parts(sections)
        final = base.copy()
        for mask in field_masks.values():
            final &= mask
        exact_total = int(np.count_nonzero(final))
        wanted = needles(parsed) if parsed is not None else []
        extra, words, alternatives, grouped_only, first, reading = None, [], None, False, None, None
        lift = problem_lift(table, wanted) if parsed is not None and sort == "relevance" else 1.0
        # best matches read an everyday query in the reports' words (`everyday`: 人手紧 as 人员不足)
        said_parsed, said, read_as = (self._restated(query) if parsed is not None and sort == "relevance"
                                      else (None, None, None))
        said_parsed, said = (said_parsed, said) if said else (parsed, wanted)  # what the best matches read
        # the shortcoming it asks for and of what (知晓率 不高: 不高 of 知晓率), to tell the statements saying
        # it of that subject from those saying it of another (答复质量不高)
        asked = subjectpairs.asked(table, said) if kind == "problem" and said and sort == "relevance" else None
        if (parsed is not None and sort == "relevance" and '"' not in normalise(query) and not says_and(query)
                and self._best_match_wanted(said_parsed, said, exact_total)):
            words = content_words(said)
            # the query's needles tell too: 公开 程序 不规范 seeks problems through 不规范, whose word is 规范
            typed = [r for item in said for r in item.runs]
            words_seek = max(lift if said is wanted else problem_lift(table, said), words_lift(table, words, typed))
            subject = subject_word(said, words, seeks_problems(words_seek))
            counts = statement_counts(table)
            subject = subject if subject is not None and names_subject(counts, words[subject]) else None
            # a term's shortcoming tail (低 of 点击率低) ranks by what it means (较低, 偏低), matching nothing
            tail = tail_word(shortcoming_tail(said, words)) if subject is not None else None
            matched = len(words)  # the tail ranks: what matches is the subject (and the other words)
            words = words + [tail] if tail and tail not in words else words
            # only a query seeking problems finds a statement in the words of another (审核 把关 不严: 审查不严)
            alternatives = equivalents(words, typed) if seeks_problems(words_seek) else None
            matching = alternatives
            if alternatives is not None and subject is not None:  # 点击 for 点击率; 不足 for 缺乏 ranks only
                matching = subject_alternatives(counts, said, words, subject, alternatives)
                alternatives = shortcoming_alternatives(words, subject, matching)
            # several terms or a clause: subjects and shortcomings (`problemterms`: 答复 质量 差)
            reading = (problemterms.read(table, said, words[:matched])
                       if alternatives is not None and subject is None else None)
            if reading is not None:
                matching = alternatives = problemterms.with_measures(table, words, reading, alternatives)
            by_words_only = worded(said)
            if by_words_only or grouped(said, alternatives) or subject is not None:
                # one word (`bestmatch.grouped`) or one word and a tail (时效性差): only where problems
                # are stated, statements and section 五
                grouped_only = not by_words_only
                within = tuple(f for f in fields if f in PROBLEM_TEXT) if grouped_only else fields
                extra = (word_matches(table, words[:matched], within, runs(said),
                                      matching[:matched] if matching else matching, subject) if within
                         else np.zeros(table.size, dtype=bool)) & ~base
                if reading is not None and PROBLEM_FIELD in within:
                    # a subject (or an equivalent) and its shortcoming match; said in the query's own
                    # words (or a measure's other word: 数量 for 信息量), they rank first
                    extra |= problemterms.stated(table, words, reading, matching) & ~base
                    first = problemterms.stated(table, words, reading, problemterms.with_measures(
                        table, words, reading, [[] for _ in words]), every=True) & ~base
                    first = first if first.any() else None
                if years is not None:  # the year range: best matches too
                    extra &= years
                for name, values in exclude.items():
                    extra &= ~table.mask(name, values)
                if subject is not None and kind == "problem":
                    # on the 问题 tab, the statements holding what a short term is about (解读 of 解读质量不高)
                    # first: one holding only its shortcoming words (答复质量不高) states another shortcoming
                    first = problemterms.held_first(table, words[:matched])
                    first = first & extra if first is not None and (first & extra).any() else None
                base = base | extra
                final = final | extra
                for mask in field_masks.values():
                    final &= mask
        counted = {}
        for name in FACET_FIELDS if facets else ():
            counted[name] = facet_counts(table, name, without_choice(base, field_masks, name), filters.get(name, []),
                                         exclude.get(name, []), facet_limit)
        stating_counts = problem_counts(table, without_choice(base, field_masks, HAS_PROBLEMS)) if facets else {}
        total = int(np.count_nonzero(final))
        start = (page - 1) * per_page
        if parsed is not None and sort == "relevance":
            exact = final if extra is None else final & ~extra
            ranked = rank(table, wanted, fields, exact, start + per_page, parts, lift, asked)
            if extra is not None and first is not None and len(ranked) < start + per_page:
                # a subject and its shortcoming stated (`problemterms.stated`) before the other best matches
                ranked += rank_words(table, words, fields, final & extra & first, start + per_page - len(ranked),
                                     words_seek, alternatives, asked)
            if extra is not None and len(ranked) < start + per_page:
                rest = final & extra if first is None else final & extra & ~first
                ranked += rank_words(table, words, fields, rest, start + per_page - len(ranked),
                                     words_seek, alternatives, asked)
            ranked = ranked[start:]
        else:
            ranked = [(d, 0.0) for d in self._by_year(table, final, sort == "year_asc")[start:start + per_page]]
        by_words = [needle(w) for w in words] + [n for group in alternatives or () for n in group]
        # a one-word query's best matches hold an equivalent in section 五 (`bestmatch.grouped`): shown there
        shown = [str(PROBLEM_PART)] if grouped_only else sections
        hits = [hit_of(state, docnum, score, by_words, shown, highlight, "words")
                if extra is not None and extra[docnum] else hit_of(state, docnum, score, wanted, sections, highlight)
                for docnum, score in ranked]
        by_kind = kind_split(table, base, field_masks, wanted, extra, by_words, sections) if facets else {}
        restated = said is not wanted and extra is not None and bool((final & extra).any())  # and best matches came
        return SearchResult(query=query, total=total, page=page, per_page=per_page, hits=hits, facets=counted,
                            sort=sort, exact_total=exact_total if parsed is not None else total, kind_totals=by_kind,
                            read_as=read_as if restated else None, problem_counts=stating_counts)

    @staticmethod
    def _restated(query: str):
        """(parsed query, needles, text) of `query` said in the reports' words (`everyday.restate`),
        or (None, None, None) when it holds no everyday wording, or when it writes OR, NOT, AND or
        quotes (it asks for exactly what it says)."""
        text = normalise(query)
        restated = everyday.restate(text) if '"' not in text and not says_and(query) else None
        if not restated:
            return None, None, None
        try:
            parsed = parse_query(restated)
        except QueryError:
            return None, None, None
        return parsed, needles(parsed), restated

    @staticmethod
    def _best_match_wanted(parsed, wanted, exact_total: int) -> bool:
        """Best matches follow when exact hits are few for a query of plain terms with the
        words for them (`bestmatch.worded`) or of one word, which may have curated equivalents
        (`bestmatch.grouped`, decided with the query's problem lift), or of one word and a
        shortcoming tail (`bestmatch.shortcoming_tail`: 时效性差, decided likewise); no OR, NOT, AND or
        quotes: those ask for exactly what they say."""
        return (exact_total < FEW
                and (worded(wanted) or one_word(wanted) or bool(shortcoming_tail(wanted, content_words(wanted))))
                and len(needles(parsed, positive_only=False)) == len(wanted) and not _has_or(parsed))

    @staticmethod
    def _fields(sections) -> tuple[str, ...]:
        if not sections:
            return TEXT_FIELDS
        chosen = []
        for value in sections:
            if not value.isdigit() or int(value) not in SECTION_FIELDS:
                raise QueryError(f"没有第 {value} 部分（section must be 0-6）")
            chosen.append(SECTION_FIELDS[int(value)])
            if int(value) == 5:
                chosen.append(PROBLEM_FIELD)
        return tuple(dict.fromkeys(chosen))

    @staticmethod
    def _parts(sections) -> frozenset[int] | None:
        """The report parts a search is limited to (validated by `_fields`), or None."""
        return frozenset(int(v) for v in sections) if sections else None

    @staticmethod
    def _by_year(table, final, ascending: bool) -> list[int]:
        docs = np.flatnonzero(final)
        years = table.year[docs].astype(np.int64)
        order = np.lexsort((docs, ~table.is_report[docs], years if ascending else -years))
        return docs[order].tolist()

    # -- records -------------------------------------------------------------------
    def _docnum(self, state, doc_id: str, kind: str) -> int:
        docnum = state.searcher.document_number(id=doc_id, kind=kind) if isinstance(doc_id, str) and doc_id else None
        if docnum is None:
            raise NotFoundError(f"没有这个{'报告' if kind == 'report' else '问题'}：{doc_id!r}")
        return docnum

    @_serialized
    def report(self, report_id) -> StoredReport:
        """The stored report with this id; raises NotFoundError."""
        state = self._state()
        return stored_report(state, self._docnum(state, report_id, "report"))

    @_serialized
    def problem(self, problem_id) -> StoredProblem:
        """The stored problem statement with this id; raises NotFoundError."""
        state = self._state()
        return stored_problem(state.searcher.stored_fields(self._docnum(state, problem_id, "problem")))

    @_serialized
    def problem_candidates(self, text, limit=50, exclude_report=None) -> list[StoredProblem]:
        """Problem statements sharing words with `text`, best BM25 first (score set)."""
        words = list(dict.fromkeys(w for w in query_words(text or "") if any(c.isalnum() for c in w)))
        if not words:
            return []
        state = self._state()
        exclude = list(state.searcher.document_numbers(report_id=exclude_report)) if exclude_report else []
        return [stored_problem(state.searcher.stored_fields(doc), score)
                for doc, score in best_statements(state.table, words, limit, exclude)]

    @_serialized
    def all_problems(self) -> Iterator[StoredProblem]:
        """Every problem statement in the index, in index order."""
        state = self._state()
        docnums = np.flatnonzero(state.table.is_problem).tolist()
        return iter([stored_problem(state.searcher.stored_fields(d)) for d in docnums])

    @_serialized
    def reports(self, query="", filters=None, exclude=None, narrowing=None) -> list[StoredReport]:
        """Every report matching, oldest year first (for trends and export). Raises QueryError."""
        state = self._state()
        table = state.table
        filters, exclude = filter_values(filters, "filters"), filter_values(exclude, "exclude")
        sections = filters.pop("section", None)
        mask = table.is_report & table.live
        if query and query.strip():
            self._fields(sections)  # validates the section numbers
            mask &= table.match(parse_query(query), self._parts(sections))
        elif sections:
            mask &= section_presence(table, sections)
        narrowed = (narrowing or Narrowing()).mask(table)
        if narrowed is not None:
            mask &= narrowed
        for name, values in filters.items():
            mask &= table.mask(name, values)
        for name, values in exclude.items():
            mask &= ~table.mask(name, values)
        return [stored_report(state, d) for d in self._by_year(table, mask, True)]

    def agency_reports(self, agency) -> list[StoredReport]:
        """Reports of this organ (its agency_id, or its name), all years, oldest first."""
        return self.reports(filters={"agency": [agency]}) if agency and agency != UNKNOWN else []

    @_serialized
    def facet_values(self, field) -> list[FacetValue]:
        """Every value of a facet field with its number of reports (kind: of documents)."""
        if field not in FACET_FIELDS:
            raise QueryError(f"unknown facet field {field!r}")
        table = self._state().table
        within = table.live if field == "kind" else table.is_report & table.live
        labels = table.labels(field)
        counted = [FacetValue(v, c, label=labels.get(v, "")) for v, c in table.counts(field, within)]
        unknown = table.unknown(field, within)
        return counted + ([FacetValue(UNKNOWN, unknown)] if unknown else [])

    @_serialized
    def stats(self) -> dict:
        """Counts of reports and problems, and when the index was last committed."""
        state = self._state()
        table = state.table
        built = datetime.fromtimestamp(self._ix.last_modified(), tz=timezone.utc).isoformat(timespec="seconds")
        return {"reports": int(np.count_nonzero(table.is_report & table.live)),
                "problems": int(np.count_nonzero(table.is_problem)),
                "documents": int(np.count_nonzero(table.live)), "last_build": built, "generation": state.generation}

    # -- facet value search and full exports ---------------------------------------
    @_serialized
    def facet_search(self, field, text="", query="", filters=None, exclude=None, kind=None, narrowing=None,
                     labels=None, limit=50) -> Facet:
        """Values of a facet field containing `text` (in the value or its label in
        `labels`), counted over the documents the search selects without its own
        field's choice; over ALL values of the field, not only the top ones.

        `Facet.value_count` says how many values matched; `truncated` whether
        more than `limit` did. Raises QueryError.
        """
        if field not in FACET_FIELDS:
            raise QueryError(f"没有这个分面：{field!r}")
        state = self._state()
        _, _, _, filters, exclude, base, field_masks, _ = self._select(state, query, filters, exclude, kind, narrowing)
        within = without_choice(base, field_masks, field)
        shown = state.table.labels(field)  # agency ids -> names
        found, count = matching_values(state.table, field, within, text, {**shown, **(labels or {})}, limit)
        unknown = state.table.unknown(field, within)
        if unknown and (text or "").strip() in UNKNOWN:  # the 未识别 bucket is a value too
            found, count = (found + [(UNKNOWN, unknown)])[:limit], count + 1
        chosen, left_out = filters.get(field, []), exclude.get(field, [])
        values = [FacetValue(v, c, selected=v in chosen, excluded=v in left_out, label=shown.get(v, ""))
                  for v, c in found]
        return Facet(name=field, values=values, truncated=count > len(values), value_count=count)

    def export(self, query="", filters=None, exclude=None, kind=None, sort="relevance", narrowing=None,
               batch=200) -> tuple[int, Iterator[HitRecord]]:
        """(total, every matching document as a HitRecord in search order).

        The query is checked and the order fixed now (QueryError is raised
        here, not while iterating); the records are then read `batch` at a
        time from the same index generation, so memory stays flat however
        many there are (the order itself is 8 bytes a document). Only exact
        matches are exported: the best matches on words that `search` adds
        after few exact hits (match="words") are not.
        """
        if sort not in SORTS:
            raise QueryError(f"未知的排序 {sort!r}（sort must be one of {', '.join(SORTS)}）")
        with self._read_lock:
            state = self._state()
            table = state.table
            parsed, fields, sections, _, _, final, field_masks, _ = self._select(state, query, filters, exclude, kind, narrowing)
            for mask in field_masks.values():
                final &= mask
            total = int(np.count_nonzero(final))
            wanted = needles(parsed) if parsed is not None else []
            if parsed is not None and sort == "relevance":
                ranked = rank(table, wanted, fields, final, total, self._parts(sections), problem_lift(table, wanted))
                order = np.fromiter((d for d, _ in ranked), dtype=np.int64, count=total)
            else:
                order = np.asarray(self._by_year(table, final, sort == "year_asc"), dtype=np.int64)
        return total, export_records(state, order, wanted, sections, batch, self._read_lock)
