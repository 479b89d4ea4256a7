"""indexer.simplified: the characters OpenCC's t2s can change, and the text it surely leaves alone."""
from __future__ import annotations

import opencc
import pytest

from indexer import simplified
from indexer.parser.normalize import is_traditional
from indexer.search.analysis import to_simplified


@pytest.fixture(scope="module")
def t2s():
    return opencc.OpenCC("t2s")


def _listed() -> set[str]:
    lines = simplified.CHANGING_FILE.read_text(encoding="utf-8").splitlines()
    return set("".join(line for line in lines if not line.startswith("#")))


def test_the_list_is_what_the_installed_dictionaries_change():
    dictionaries = simplified.installed_dictionaries()
    if dictionaries is None:
        pytest.skip("this opencc package ships no opencc_dict tool")
    assert set(dictionaries) == set(simplified.DICTIONARIES)
    assert all(dictionaries.values())
    assert simplified.changing_characters(dictionaries) == _listed()


def test_changing_characters_of_rows():
    rows = {"phrases": [("捏坏", "捏坯"), ("乾隆", "乾隆"), ("瞭望", "瞭望 了望"), ("這樣子", "这样")],
            "characters": [("長", "长"), ("阪", "阪 坂")]}
    # only the places where the first value differs; a key of another length whole
    assert simplified.changing_characters(rows) == {"坏", "這", "樣", "子", "長"}


def test_every_other_bmp_character_converts_to_itself(t2s):
    listed = _listed()
    kept = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000 and chr(code) not in listed]
    assert len(kept) > 55_000
    assert all(simplified.unchanged_by_t2s(c) for c in kept)
    assert [c for c in kept if t2s.convert(c) != c] == []
    # and runs of them (the phrases are made of listed characters or stay as they are)
    text = "".join(kept[i] for i in range(0, len(kept), 7))
    assert t2s.convert(text) == text


@pytest.mark.parametrize("text", [
    "打坏了",  # a phrase rule changes a character simplified text also uses
    "沈阳市人民政府", "行政复议答覆", "長沙", "豈",  # a CJK compatibility ideograph
    "政府信息公开\U00020000",  # beyond the BMP: always converted
])
def test_text_t2s_may_change_is_not_passed(text, t2s):
    assert not simplified.unchanged_by_t2s(text)
    assert to_simplified(text) == t2s.convert(text) or len(t2s.convert(text)) != len(text)


def test_lone_surrogate_goes_to_the_converter_as_before():
    assert not simplified.unchanged_by_t2s("信息\ud800公开")
    with pytest.raises(UnicodeEncodeError):
        to_simplified("信息\ud800公开")


def test_simplified_text_is_returned_as_it_is(t2s):
    text = "本机关2023年政府信息公开工作年度报告\n一、总体情况\t12\t0\n（一）主动公开"
    assert simplified.unchanged_by_t2s(text)
    assert to_simplified(text) == t2s.convert(text) == text
    assert to_simplified("打坏了") == "打坯了"  # OpenCC's own answer, kept


def test_is_traditional_unchanged():
    simple = "政府信息公开工作年度报告。" * 40
    traditional = "政府資訊公開工作年度報告。本機關依照條例規定，編製本報告。" * 20
    assert not is_traditional(simple)
    assert is_traditional(traditional)
    assert not is_traditional("沈阳市人民政府信息公开工作年度报告，显著成效。" * 10)  # changed, but too few
