"""What a build writes into the index is what the schema promises, term for term.

The build's workers make every field's postings on fast paths (cached
pieces, numpy, grouped writing). Here a real on-disk index of real reports,
built by the parallel build, is read back posting by posting and compared
with postings made the plain way, from the definitions:

* word fields (`s0`..`s6`, `problem`): jieba's precise words of the whole
  text (simplified, lower case), those holding a word character, plus the
  dictionary words inside each Han word longer than two characters, each
  with its count as the weight and no value;
* the gram field: the folded text's runs of word characters, every
  character one position and every separator between runs one position,
  part n starting at n * PART_SPAN; each pair of neighbours (across a
  separator joined by ``\\x00``) and each part's last character alone, with
  their positions (uint32) as the value and their count as the weight;
* stored fields: the report's record unpacks to the parsed report, a problem
  document stores its statement.

`bench/same_index.py` compares two whole builds (two code revisions) the
same way on bigger corpora.
"""
from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict

import pytest

from indexer import identity
from indexer.build import build_index
from indexer.corpus import load_report, scan_corpus
from indexer.search import analysis
from indexer.search.documents import section_texts, unpack_report
from indexer.search.exact import PART_SPAN, PROBLEM_PART, SEPARATOR, fold
from indexer.search.schema import GRAM_FIELD, PROBLEM_FIELD, SECTION_FIELDS, TEXT_FIELDS
from indexer.search.store import open_index

FILES = ("pingfang-xinjiang-jiedao-2023.txt", "huaibei-xiangshan-waiziban-2013.txt", "songbei-qu-2020.txt",
         "jiamusi-gangwan-jiedao-2020.md", "shuyang-fagaiju-2023.html", "tongling-jiaoqu-xiang-2017.txt",
         "xianfenglu-jiedao-2019.txt", "huaian-hongze-qu-2023.pdf")


def plain_word_counts(text: str) -> dict[bytes, tuple[float, bytes]]:
    folded = analysis.to_simplified(text).lower()
    freq = analysis._segmenter().FREQ
    counts: Counter = Counter()
    for word in analysis._segmenter().cut(folded, HMM=True):
        if not re.search(r"\w", word):
            continue
        for part in word.split():
            counts[part] += 1
        if len(word) > 2 and re.match(r"[\u3400-\u9fff\uf900-\ufaff]", word) and not word[0].isspace() \
                and not word[-1].isspace():
            for size in range(len(word) - 1, 1, -1):
                for i in range(len(word) - size + 1):
                    if freq.get(word[i:i + size]):
                        counts[word[i:i + size]] += 1
    return {w.encode("utf-8"): (float(n), b"") for w, n in counts.items()}


def plain_grams(parts: dict[int, str]) -> dict[bytes, tuple[float, bytes]]:
    positions: dict[str, list[int]] = defaultdict(list)
    for number, text in sorted(parts.items()):
        chars: list[tuple[str, int, int]] = []  # (character, position, run)
        position = number * PART_SPAN
        for run_number, run in enumerate(re.findall(r"[^\W_]+", fold(text))):
            for char in run:
                chars.append((char, position, run_number))
                position += 1
            position += 1  # the separator
        for (a, pos, run_a), (b, _, run_b) in zip(chars, chars[1:]):
            positions[a + b if run_a == run_b else a + SEPARATOR + b].append(pos)
        if chars:
            positions[chars[-1][0]].append(chars[-1][1])
    return {t.encode("utf-8"): (float(len(p)), array("I", sorted(p)).tobytes()) for t, p in positions.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import CORPUS
    import shutil

    corpus = tmp_path_factory.mktemp("corpus")
    for name in FILES:
        shutil.copyfile(CORPUS / name, corpus / name)
    index_dir = tmp_path_factory.mktemp("index")
    summary = build_index(corpus, index_dir, procs=2, progress=False)
    assert not summary.skipped and summary.reports == len(FILES)
    return corpus, index_dir


def _index_postings(index_dir) -> tuple[dict, dict]:
    """{doc id: {field: {term: (weight, value)}}} and {doc id: stored fields}."""
    found: dict = defaultdict(lambda: defaultdict(dict))
    with open_index(index_dir).reader() as reader:
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        stored = {fields["id"]: fields for _, fields in reader.iter_docs()}
        blobs = reader.column_reader("report_blob")
        for docnum, doc_id in ids.items():
            if stored[doc_id]["kind"] == "report":
                stored[doc_id]["report_blob"] = blobs[docnum]
        for name in TEXT_FIELDS + (GRAM_FIELD,):
            for term in reader.lexicon(name):
                matcher = reader.postings(name, term)
                while matcher.is_active():
                    found[ids[matcher.id()]][name][term] = (matcher.weight(), matcher.value() or b"")
                    matcher.next()
    return found, stored


def test_every_posting_is_the_plain_definitions(built):
    corpus, index_dir = built
    found, stored = _index_postings(index_dir)
    entries, _ = scan_corpus(corpus)
    checked = 0
    for entry in entries:
        report = load_report(entry).report
        parts = section_texts(report)
        expected = {SECTION_FIELDS[n]: plain_word_counts(text) for n, text in parts.items()}
        expected[GRAM_FIELD] = plain_grams(parts)
        assert dict(found[entry.report_id]) == expected, entry.relpath
        for statement in report.problems:
            doc_id = f"{entry.report_id}-p{statement.number}"
            assert dict(found[doc_id]) == {PROBLEM_FIELD: plain_word_counts(statement.text),
                                           GRAM_FIELD: plain_grams({PROBLEM_PART: statement.text})}, doc_id
            assert stored[doc_id]["problem_data"]["text"] == statement.text
            checked += 1
        record = identity.record_of(entry.report_id, report)
        identity.apply(report, identity.alone(record))
        assert unpack_report(stored[entry.report_id]["report_blob"]).to_dict() == report.to_dict()
    assert checked >= 10  # the real reports hold problem statements


def test_the_index_holds_only_those_documents(built):
    corpus, index_dir = built
    found, stored = _index_postings(index_dir)
    reports = {e.report_id: e for e in scan_corpus(corpus)[0]}
    for doc_id, fields in stored.items():
        assert fields["report_id"] in reports
        assert fields["kind"] == ("report" if doc_id == fields["report_id"] else "problem")
    assert set(found) <= set(stored)
