"""`indexer.memo.ShortKeyMemo`: a bounded memo of a pure function of short strings."""
from __future__ import annotations

from indexer.memo import ShortKeyMemo


def test_a_short_key_is_computed_once_and_a_long_one_every_time():
    calls = []
    memo = ShortKeyMemo(lambda key: calls.append(key) or len(key), longest=3)
    assert [memo["ab"], memo["ab"], memo["abcd"], memo["abcd"]] == [2, 2, 4, 4]
    assert calls == ["ab", "abcd", "abcd"] and dict(memo) == {"ab": 2}


def test_a_full_memo_is_emptied_before_it_grows():
    memo = ShortKeyMemo(len, longest=5, limit=2)
    for key in ("a", "bb", "ccc"):
        memo[key]
    assert dict(memo) == {"ccc": 3}
    assert memo.__getitem__("dd") == 2 and len(memo) == 2  # the bound method remembers too
