"""Writing a new index segment with postings grouped by term as they arrive.

Whoosh's `SegmentWriter` puts every posting into a sorting pool as a tuple,
sorts them all when the segment is finished, then hands them to the codec
one at a time. For a build that is a third of the worker's time, for ~450
postings per report. `GroupedSegmentWriter` writes the same segment files
in less time (byte for byte, but for the pickles and the compression of
the posting blocks' data: the blocks decode to the same postings):

* a document's postings are kept by field in the order documents arrive,
  which is document-number order (`indexer.search.termbuffer`): a build
  worker's word fields (`wordnumbers.Words`) and gram field (`exact.GramTerms`)
  as the arrays they came in, grouped by term with numpy once per segment
  (a report has ~425 word and ~650 gram postings, and a Python step per
  posting cost more than the rest of adding a document); other postings in
  per-term lists;
* a term's postings are written a block at a time instead of a posting at
  a time (`indexer.search.termwriter`), the blocks of a buffered field pickled with numpy
  (`indexer.search.blockpickles`);
* a posting block shorter than `RAW_BELOW` bytes is stored uncompressed, a
  longer one compressed by `indexer.search.deflate`.

Only the parts of Whoosh's writer that this project's schema uses are kept:
no field or document boosts, no spelling words, no term vectors. The codec
internals used here are those of the pinned whoosh-reloaded 2.7.5
(`tests/test_segments.py` compares the segments with Whoosh's own writer's).
"""
from __future__ import annotations

from operator import itemgetter

from whoosh.analysis import IDTokenizer
from whoosh.formats import Existence
from whoosh.writing import SegmentWriter

from indexer.search.analysis import Postings
from indexer.search.exact import GramTerms
from indexer.search.termbuffer import TermBuffer
from indexer.search.termwriter import TermWriter, deflated
from indexer.search.wordnumbers import Words

_frequency = itemgetter(1)
#: Bound on the (field, text) -> terms memo of exact fields.
_KNOWN_TERMS = 50_000


class GroupedSegmentWriter(SegmentWriter):
    """A Whoosh `SegmentWriter` that buffers postings by term (see the module text).

    Takes the same arguments as `SegmentWriter`. A text field's value may be a
    build worker's `Words`, `GramTerms` or `Postings`, which are used as they are.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool.cleanup()  # the sorting pool it made is never used
        self.pool = TermBuffer()
        self._known_terms: dict[tuple[str, str], tuple] = {}
        self._field_of = dict(self.schema.items())  # the schema's fields by name, asked for each field of each document
        # the fields whose value is one term, itself (ID): name -> the term's weight
        self._whole_value = {name: field.format.field_boost for name, field in self._field_of.items()
                             if type(getattr(field, "analyzer", None)) is IDTokenizer
                             and type(getattr(field, "format", None)) is Existence}
        # each document's stored fields are one zlib stream too (the codec's
        # `_stored` column): made by `deflate` (its reader's zlib reads it)
        stored = getattr(self.perdocwriter, "_colwriters", {}).get("_stored")
        if hasattr(getattr(stored, "_child", None), "_compress"):
            stored._child._compress = deflated

    def add_document(self, **fields) -> None:
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        field_of = self._field_of
        if field_of.keys() >= fields.keys():  # nearly always: no schema field's name begins with "_"
            names = sorted(fields)
        else:
            names = sorted(name for name in fields if not name.startswith("_"))
            if not field_of.keys() >= set(names):
                self._check_fields(schema, names)  # raises for the unknown one
        perdoc = self.perdocwriter
        buffer = self.pool
        whole_value = self._whole_value
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = field_of.get(name) or schema[name]
                length = 0
                if not field.indexed:
                    pass
                elif type(value) is str:  # most fields: a report's metadata
                    weight = whole_value.get(name)
                    if weight is not None:  # the value as one term (`_terms_of`)
                        buffer.add_one(name, value.encode("utf-8"), docnum, float(weight), b"")
                        length = 1
                    else:
                        for tbytes, freq, weight, vbytes in self._terms_of(name, field, value):
                            length += freq
                            buffer.add_one(name, tbytes, docnum, float(weight), vbytes)
                    if not field.scorable:
                        length = 0
                else:
                    if isinstance(value, Words):
                        buffer.add_words(name, docnum, value)
                        if field.scorable:
                            length = len(value)
                    elif isinstance(value, GramTerms):
                        buffer.add_grams(name, docnum, value)
                        if field.scorable:
                            length = len(value)
                    elif isinstance(value, Postings):
                        buffer.add_postings(name, docnum, value)
                        if field.scorable:
                            length = sum(map(_frequency, value))
                    else:
                        for tbytes, freq, weight, vbytes in self._terms_of(name, field, value):
                            if field.scorable:
                                length += freq
                            buffer.add((name, tbytes, docnum, float(weight), vbytes))
                perdoc.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _terms_of(self, name: str, field, value) -> tuple:
        """`field.index(value)`, once per segment for each (field, text): a
        report's metadata (agency, year, region …) recurs on each of its
        problem documents, and a year or level on thousands of reports."""
        if not isinstance(value, str):
            return tuple(field.index(value))
        weight = self._whole_value.get(name)
        if weight is not None:
            # what `field.index` gives for an ID field (the value as one term,
            # frequency 1), without its tokenizer's generators: ids and file
            # names are new with every report
            return ((value.encode("utf-8"), 1, weight, b""),)
        key = (name, value)
        found = self._known_terms.get(key)
        if found is None:
            if len(self._known_terms) >= _KNOWN_TERMS:
                self._known_terms.clear()
            found = self._known_terms[key] = tuple(field.index(value))
        return found

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        terms_out = TermWriter(self.codec, writer)
        for fieldname in self.pool.names():
            writer.start_field(fieldname, self.schema[fieldname])
            terms_out.field(writer._fieldid, self.schema[fieldname].format)
            if fieldname in self.pool.grams:
                terms_out.grams(self.pool.grams.pop(fieldname))
            elif fieldname in self.pool.words:
                terms_out.words(self.pool.words.pop(fieldname))
            else:
                terms = self.pool.fields[fieldname]
                for tbytes in sorted(terms):
                    terms_out.term(tbytes, terms[tbytes])
            terms_out.flush()
            writer.finish_field()
        writer.close()

