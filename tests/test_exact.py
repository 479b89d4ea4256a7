"""Exact matching: folding, needles, gram postings, and table text kept out of prose."""
from __future__ import annotations

import pytest

from indexer.errors import QueryError
from indexer.search.documents import is_table_line, prose
from indexer.search.exact import PART_SPAN, SEPARATOR, fold, gram_postings, gram_terms, needle, occurrences, term_bytes
from indexer.search.query import MAX_TERMS, needles, parse_query


def test_fold_keeps_length_and_folds_width_script_and_case():
    for text in ["２０２０年政务ＡＰＰ", "政務公開", "⼈⺠政府", "ＡＢＣabc"]:
        assert len(fold(text)) == len(text)
    assert fold("２０２０年政务ＡＰＰ") == "2020年政务app"
    assert fold("政務公開") == "政务公开"
    assert fold("⼈") == "人"  # a Kangxi radical, as PDFs give it


def test_needle_terms_cover_a_run_with_pairs_and_check_junctions():
    assert needle("依申请").terms == (("依申", 0), ("申请", 1))
    assert needle("中华人民共和").terms == (("中华", 0), ("人民", 2), ("共和", 4))
    assert needle("政").terms == (("政", 0),)
    assert needle("行政复议，诉讼").runs == ("行政复议", "诉讼")
    assert ("议" + SEPARATOR + "诉", 3) in needle("行政复议，诉讼").terms
    assert needle("，。！") is None


def _positions(value: bytes) -> list[int]:
    return [int.from_bytes(value[i:i + 4], "little") for i in range(0, len(value), 4)]


def test_every_character_starts_exactly_one_term():
    made = {t.decode("utf-8"): (freq, _positions(value)) for t, freq, _, value in gram_postings("公开，公开")}
    # the separator takes position 2; the part's last character stands alone
    assert made == {"公开": (2, [0, 3]), "开" + SEPARATOR + "公": (1, [1]), "开": (1, [4])}
    parts = {t.decode("utf-8"): _positions(value) for t, _, _, value in gram_postings({5: "问题", 1: "ab"})}
    assert parts == {"问题": [5 * PART_SPAN], "题": [5 * PART_SPAN + 1], "ab": [PART_SPAN], "b": [PART_SPAN + 1]}
    assert gram_postings({0: "，。"}) == ()


def test_a_part_longer_than_its_span_is_cut_and_its_last_kept_character_stands_alone(monkeypatch):
    from indexer.search import exact

    monkeypatch.setattr(exact, "PART_SPAN", 6)
    made = {t.decode("utf-8"): _positions(value) for t, _, _, value in gram_postings({2: "ab", 0: "公开，政府信息"})}
    assert made == {"公开": [0], "开" + SEPARATOR + "政": [1], "政府": [3], "府信": [4], "信": [5], "ab": [12], "b": [13]}
    alone = {t.decode("utf-8"): _positions(value) for t, _, _, value in gram_postings("公开，政府信息")}
    assert alone == {"公开": [0], "开" + SEPARATOR + "政": [1], "政府": [3], "府信": [4], "信": [5]}


def test_gram_keys_sort_as_their_terms_bytes():
    # a segment's terms are written in byte order; its gram terms are sorted as keys
    made = gram_terms({0: "a公开，公 开a1 ab 𠀀公", 3: "Z9zé𠀁ｚ"})
    keys = sorted(set(made.keys.tolist()))
    assert [term_bytes(k) for k in keys] == sorted(term_bytes(k) for k in keys)
    assert {term_bytes(k) for k in keys} == {t for t, _, _, _ in gram_postings({0: "a公开，公 开a1 ab 𠀀公", 3: "Z9zé𠀁ｚ"})}
    assert len(made) == sum(freq for _, freq, _, _ in made.postings())


def test_occurrences_are_exact_and_merged_only_when_they_overlap():
    assert occurrences("做好依申请公开", [needle("依申请")]) == [(2, 5)]
    assert occurrences("公开公开", [needle("公开")]) == [(0, 2), (2, 4)]
    assert occurrences("政府信息公开", [needle("信息"), needle("息公")]) == [(2, 5)]
    assert occurrences("行政复议及行政诉讼", [needle('行政复议 行政诉讼')]) == []


@pytest.mark.parametrize("text, message", [
    ("\ud800公开", "无效的字符"),
    ("公开\x07", "控制字符"),
    (" ".join(f"词{i}" for i in range(MAX_TERMS + 1)), "检索词太多"),
    ("公" * 201, "查询太长"),
    ("NOT NOT 公开", "NOT 不能连用"),
    ("!!! ，，，", "没有可以检索的字词"),
])
def test_bad_queries_get_a_clear_message(text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_twenty_terms_and_a_long_run_are_accepted():
    assert len(needles(parse_query(" ".join(f"词{i}" for i in range(MAX_TERMS))))) == MAX_TERMS
    run = "政府信息公开" * 30
    assert needles(parse_query(run))[0].runs == (run,)


def test_table_text_is_not_prose_however_it_arrived():
    assert is_table_line("结果维持 结果纠正 其他结果 尚未审结 总计")
    assert is_table_line("申请人情况 总计 一、 本年新收政府信息公开申请数量 0 0 0 0 0 0 0")
    assert is_table_line("一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
    assert is_table_line("三、本年度办理结果\t（一）予以公开\t\t50\t0")
    assert is_table_line("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0")
    assert not is_table_line("政府信息公开行政复议 351件，其中结果维持 72 件，结果纠正 64 件。")
    assert not is_table_line("四、政府信息公开行政复议、行政诉讼情况")
    text = "本年度受理申请3件。\n结果维持 结果纠正 其他结果 尚未审结 总计\n0 0 0 0 0\n均已按时答复。"
    assert prose(text) == "本年度受理申请3件。\n均已按时答复。"


def test_runs_of_a_sorted_array_equal_numpys_unique():
    import numpy as np

    from indexer.search.matching import _runs
    rng = np.random.default_rng(7)
    for size in (0, 1, 2, 17, 5000):
        values = np.sort(rng.integers(0, max(1, size // 3), size=size).astype(np.int64) << 32)
        got, counts = _runs(values)
        want, want_counts = np.unique(values, return_counts=True)
        assert got.tolist() == want.tolist() and counts.tolist() == want_counts.tolist()


def test_a_needle_within_some_parts_counts_exactly_its_occurrences_there(tmp_path):
    # one character (every term starting with it, merged), a pair and a longer run,
    # each within some report parts, against a count over each document's own text
    import shutil
    from pathlib import Path

    from indexer.search import Archive, build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("songbei-qu-2020.txt", "pingfang-youxie-jiedao-2020.txt", "huadian-xinhua-jiedao-2012.txt"):
        shutil.copy2(Path(__file__).resolve().parent.parent / "corpus" / name, corpus / name)
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    state = Archive(tmp_path / "index")._state()
    table = state.table
    texts = {d: state.text_of(d) for d in range(table.size)}
    for query in ("政", "公", "公开", "信息公开"):
        for parts in (frozenset({5}), frozenset({1, 2}), None):
            docs, counts = table.needle_hits(needle(query), parts)
            expected = {}
            for d, by_part in texts.items():
                n = sum(fold(t).count(fold(query)) for p, t in by_part.items() if parts is None or p in parts)
                if n:
                    expected[d] = n
            assert dict(zip(docs.tolist(), counts.tolist())) == expected, (query, parts)
            assert expected or query == "信息公开"


def test_a_needle_is_intersected_once_for_all_the_parts_a_page_asks_for(tmp_path, monkeypatch):
    # a result page asks for one needle by kind and by part; the cover terms'
    # positions are intersected once and the parts are cut from that
    import shutil
    from pathlib import Path

    from indexer.search import Archive, build_index, matching

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy2(Path(__file__).resolve().parent.parent / "corpus" / "songbei-qu-2020.txt", corpus)
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    table = Archive(tmp_path / "index")._state().table
    calls = []
    real = matching._needle_keys
    monkeypatch.setattr(matching, "_needle_keys", lambda *a: calls.append(a[1].runs) or real(*a))
    whole = table.needle_hits(needle("信息公开"), None)
    for parts in (frozenset({5}), frozenset({1, 2}), frozenset({3})):
        table.needle_hits(needle("信息公开"), parts)
    assert len(calls) == 1 and whole[1].sum() > 0


def _label_row_as_first_written(line: str) -> bool:
    # `is_table_line`'s labels test as first written, without the quick test of a character
    # outside every label and the noise (`documents._outside_labels`)
    from indexer.search.documents import _ROW_NOISE, _label_pattern

    stripped = line.strip()
    return bool(_label_pattern().findall(stripped)) and not _ROW_NOISE.sub("", _label_pattern().sub("", stripped))


def _label_rows():
    from hypothesis import strategies as st

    from indexer.search.documents import _labels

    piece = st.sampled_from(list(_labels()) + list("一二三四五六七八九十（）()、.．:：|｜-—_/，,；;。 0123456789甲x") + ["情况", "总计"])
    return st.lists(piece, min_size=1, max_size=8).flatmap(
        lambda parts: st.sampled_from(["", " "]).map(lambda sep: sep.join(parts)))


def test_a_row_of_labels_is_told_as_the_labels_test_first_told_it():
    from hypothesis import given, settings

    @settings(max_examples=500, deadline=None)
    @given(_label_rows())
    def check(line):
        from indexer.search.documents import _NUMBER, _outside_labels

        if _outside_labels().search(line.strip()):
            assert not _label_row_as_first_written(line)
        stripped = line.strip()
        tokens = stripped.split()
        numbers = sum(1 for t in tokens if _NUMBER.fullmatch(t))
        by_numbers = numbers >= 4 and numbers * 2 >= len(tokens)
        if stripped and "\t" not in line and stripped.count("|") + stripped.count("｜") < 2 and not by_numbers:
            assert is_table_line(line) == _label_row_as_first_written(line)

    check()
