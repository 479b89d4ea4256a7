"""indexer.places.name_shapes: the organ-name shapes read from their data file."""
import re

import pytest

from indexer.places import name_shapes


def test_each_shape_is_read_in_file_order_and_compiles():
    assert name_shapes.words("organ_suffix")[:3] == ("人民政府办公室", "人民政府办公厅", "人民政府")
    assert name_shapes.words("short_word") == ("监管局=监督管理局",)
    for shape in ("organ_suffix", "generic", "page_junk", "lead_words", "verb_start", "site_end"):
        assert re.compile(name_shapes.pattern(shape))


def test_an_entry_keeps_its_lookarounds():
    suffix = re.compile(name_shapes.pattern("organ_suffix") + "$")
    assert [bool(suffix.search(n)) for n in ("某某县商务部", "全部", "某某产业园", "某某公园", "怀远二中")] == [
        True, False, True, False, True]


def test_an_unknown_shape_is_a_key_error():
    with pytest.raises(KeyError):
        name_shapes.words("no_such_shape")
