"""A segment's buffered postings are grouped by term as their first forms grouped them (branch e10w)."""
from array import array

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search import wordnumbers
from indexer.search.termbuffer import WordBuffer, _distinct, _run_starts
from indexer.search.wordnumbers import Words, spelling


def _first_grouped(docnums: list[int], numbers: list[array]):
    """`WordBuffer.grouped` as first written (e10o): every occurrence's key sorted by `np.sort`."""
    lengths = np.fromiter(map(len, numbers), dtype=np.int64, count=len(numbers))
    flat = np.frombuffer(b"".join(map(bytes, numbers)), dtype=np.int32)
    words, which = _distinct(flat)
    spelled = [spelling(n) for n in words.tolist()]
    order = sorted(range(len(spelled)), key=spelled.__getitem__)
    rank = np.empty(len(words), dtype=np.int64)
    rank[order] = np.arange(len(words))
    docs = np.repeat(np.asarray(docnums, dtype=np.int64), lengths)
    span = int(docs[-1]) + 1
    keys = np.sort(rank[which.reshape(-1)] * span + docs)
    starts = np.flatnonzero(_run_starts(keys))
    counts = np.diff(np.append(starts, len(keys)))
    posting_keys = keys[starts]
    terms = posting_keys // span
    term_starts = np.flatnonzero(_run_starts(terms))
    return [spelled[order[r]] for r in terms[term_starts].tolist()], term_starts, posting_keys % span, counts


def _numbers(words: list[str]) -> array:
    return array("i", wordnumbers._numbered(words))


_WORDS = st.lists(st.text(st.sampled_from("年报公开政府信息申请ab1"), min_size=1, max_size=3), max_size=40)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.tuples(st.integers(0, 3), _WORDS), min_size=1, max_size=12))
def test_words_are_grouped_as_the_first_form_grouped_them(documents):
    # documents in order with gaps between their numbers, some without words, words repeated within and across
    docnums, numbers, docnum = [], [], 0
    buffer = WordBuffer()
    for gap, words in documents:
        docnum += gap
        buffer.add(docnum, Words(_numbers(words)))
        if words:
            docnums.append(docnum)
            numbers.append(_numbers(words))
        docnum += 1
    if not numbers:
        assert buffer.grouped()[0] == []
        return
    spelled, term_starts, docs, counts = buffer.grouped()
    first = _first_grouped(docnums, numbers)
    assert spelled == first[0]
    for got, expected in zip((term_starts, docs, counts), first[1:]):
        assert got.tolist() == expected.tolist()


def test_a_field_of_more_than_65536_distinct_words_is_grouped_by_the_full_sort():
    words = [f"w{k}" for k in range(70_000)]
    buffer, docnums, numbers = WordBuffer(), [], []
    for docnum, part in enumerate((words[:40_000], words[30_000:] + words[:10], words[5:9])):
        buffer.add(docnum, Words(_numbers(part)))
        docnums.append(docnum)
        numbers.append(_numbers(part))
    spelled, term_starts, docs, counts = buffer.grouped()
    first = _first_grouped(docnums, numbers)
    assert len(spelled) == 70_000 and spelled == first[0]
    for got, expected in zip((term_starts, docs, counts), first[1:]):
        assert got.tolist() == expected.tolist()
