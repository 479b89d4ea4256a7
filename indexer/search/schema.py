"""The one index schema: report documents and problem-statement documents.

A report's text is split over `s0` (title, preamble and parts with no
standard number) and `s1`..`s6` (the six standard parts), so a search can be
limited to 存在的主要问题 (`s5`) while a plain search covers all of them
without indexing the text twice. A problem document holds its statement in
`problem`. Those jieba words rank; matching uses the gram field `grams`
(`indexer.search.exact`), one per document, with each part at its own
offset. Facet fields are exact terms (ID / KEYWORD), never analysed.

`FORMAT` names this layout. It is written beside a new index
(`indexer.search.store`); an index without it, or with another, was built
by other code and is refused with a message to rebuild, never misread.
"""
from __future__ import annotations

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from array import array

from whoosh.formats import Format, Positions

from indexer.search.analysis import Postings, analyzer
from indexer.search.exact import GramTerms, encode_positions, gram_postings
from indexer.search.wordnumbers import Words

#: Text fields of a report, by standard section number (0 = everything else).
SECTION_FIELDS = {n: f"s{n}" for n in range(7)}
PROBLEM_FIELD = "problem"
TEXT_FIELDS = tuple(SECTION_FIELDS.values()) + (PROBLEM_FIELD,)
#: The exact-match field of every document (see `indexer.search.exact`).
GRAM_FIELD = "grams"
#: The index layout; change it whenever the schema or a field's content changes.
FORMAT = "nianbao-5-grams-counts-idcolumn"
#: Exact fields that facets and filters read (values as stored terms).
FACET_TERM_FIELDS = ("agency", "agency_id", "year", "category", "region", "level", "organ_type", "kind", "format",
                     "failed_check")
MULTI_VALUED = {"category", "region"}


class WordCounts(Format):
    """Each word's count in the field and nothing else: the posting's weight
    is the count, and no value is stored (positions are the gram field's).

    Import path pickled into the schema: keep it.
    """

    posting_size = 0

    def __init__(self, field_boost=1.0, **options):
        self.field_boost = field_boost
        self.options = options

    def word_values(self, value, analyzer, **kwargs):
        counts: dict[str, int] = {}
        for token in analyzer(value, **kwargs):
            counts[token.text] = counts.get(token.text, 0) + 1
        return ((word, n, float(n) * self.field_boost, b"") for word, n in counts.items())


class SegmentedText(TEXT):
    """A TEXT field of word counts (`WordCounts`) that also takes a build
    worker's `analysis.Postings` as they are, and its `wordnumbers.Words`.

    Its import path is pickled into the index schema: keep it stable.
    """

    def __init__(self, analyzer):
        super().__init__(analyzer=analyzer, phrase=False, stored=False)
        self.format = WordCounts()

    def index(self, value, **kwargs):
        if isinstance(value, Postings):
            return value
        if isinstance(value, Words):
            return value.postings()
        return super().index(value, **kwargs)


class GramPositions(Positions):
    """Positions as little-endian uint32 (numpy reads them without unpickling).

    Import path pickled into the schema: keep it.
    """

    def encode(self, poslist):
        return encode_positions(poslist)

    def decode_positions(self, valuestring):
        return array("I", valuestring[:len(valuestring) // 4 * 4]).tolist()

    def decode_frequency(self, valuestring):
        return len(valuestring) // 4


class GramText(TEXT):
    """The gram field: values are `exact.gram_terms` (or text, made into them).

    Its import path is pickled into the index schema: keep it stable.
    """

    def __init__(self):
        super().__init__(analyzer=analyzer(), phrase=True, stored=False)
        self.format = GramPositions(field_boost=1.0)

    def index(self, value, **kwargs):
        if isinstance(value, GramTerms):
            return value.postings()
        return value if isinstance(value, Postings) else gram_postings(value)


def build_schema() -> Schema:
    """The index schema. Changing it means rebuilding the index."""
    fields = {
        "id": ID(stored=True, unique=True, sortable=True),  # the column orders tied scores (DocTable.id_order)
        "report_id": ID(stored=True),
        "file": ID(stored=True),
        "content_hash": STORED(),
        "file_stat": STORED(),
        "indexed_at": STORED(),
        "title": STORED(),
        "number": STORED(),
        "problem_ids": STORED(),
        # problem statements: {"text", "cues"}; the whole report: zlib JSON column
        "problem_data": STORED(),
        "report_blob": COLUMN(columns.VarBytesColumn()),
        "agency": ID(stored=True),  # the canonical name shown
        "agency_id": ID(stored=True),  # the organ's key (indexer.identity): the agency facet counts these
        "organ_type": ID(stored=True),
        "organ": STORED(),  # identity.OrganRecord as JSON: the identity step reruns without parsing
        "manifest_hash": STORED(),  # what manifest.csv said when the report was indexed
        "year": ID(stored=True),
        "category": KEYWORD(stored=True, commas=True, scorable=False),
        "region": KEYWORD(stored=True, commas=True, scorable=False),
        "level": ID(stored=True),
        "kind": ID(stored=True),
        "format": ID(stored=True),
        "failed_check": ID(stored=True),
    }
    for name in TEXT_FIELDS:
        fields[name] = SegmentedText(analyzer())
    fields[GRAM_FIELD] = GramText()
    return Schema(**fields)
