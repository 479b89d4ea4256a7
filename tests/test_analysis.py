"""The jieba tokenizer: sequential positions, sub-words, simplified text, pre-tokenized values."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search import analysis, wordnumbers
from indexer.search.analysis import JiebaTokenizer, Postings, Term, postings, query_words, terms, to_simplified
from indexer.search.wordnumbers import indexed_words


def test_words_get_sequential_positions_and_subwords_their_parents_position():
    assert terms("推进城市更新") == [
        Term("推进", 0, 0, 2), Term("城市更新", 1, 2, 6), Term("城市", 1, 2, 4), Term("更新", 1, 4, 6),
    ]


def test_domain_dictionary_words_are_kept_whole():
    assert query_words("依申请公开办理时限") == ["依申请公开", "办理时限"]
    assert query_words("政府信息公开工作机制") == ["政府信息公开", "工作机制"]
    assert query_words("勾稽关系和政务新媒体") == ["勾稽关系", "和", "政务新媒体"]
    inner = {t.text for t in terms("政府信息公开") if t.pos == 0}
    assert {"政府信息公开", "政府信息", "信息公开", "政府", "信息", "公开"} == inner


def test_punctuation_yields_nothing_and_latin_is_lower_case():
    assert terms("，。！？（）") == []
    assert [(t.text, t.pos) for t in terms("PDF文件，2023年")] == [("pdf", 0), ("文件", 1), ("2023", 2), ("年", 3)]


def test_traditional_text_is_simplified_with_the_same_length():
    text = "政務公開工作機制，資訊"
    simplified = to_simplified(text)
    assert simplified == "政务公开工作机制，资讯" and len(simplified) == len(text)
    assert query_words("政務公開") == query_words("政务公开")
    # offsets point into the original (traditional) text
    assert [text[t.start:t.end] for t in terms(text, subwords=False)] == ["政務公開", "工作機制", "資訊"]


def test_tokenizer_gives_terms_and_query_mode_leaves_out_subwords():
    text = "推进政府信息公开工作机制建设"
    tokenizer = JiebaTokenizer()
    assert [(t.text, t.pos) for t in tokenizer(text, positions=True)] == [(t.text, t.pos) for t in terms(text)]
    assert [t.text for t in tokenizer(text, mode="query")] == ["推进", "政府信息公开", "工作机制", "建设"]


def test_postings_are_what_the_word_field_makes_of_the_raw_text():
    from indexer.search.schema import WordCounts

    text = "推进政府信息公开工作机制建设。政府信息公开，依申请公开；PDF 2023年\n城市更新"
    field_made = WordCounts().word_values(text, JiebaTokenizer(), mode="index")
    made = postings(text)
    assert isinstance(made, Postings)
    assert sorted(made) == sorted((w.encode("utf-8"), freq, weight, value) for w, freq, weight, value in field_made)
    counts = {w.decode(): n for w, n, _, _ in made}
    assert counts["政府信息公开"] == 2 and counts["公开"] == 3  # 公开 also inside both 政府信息公开
    assert all(value == b"" and weight == n for _, n, weight, value in made)  # counts only, no positions
    assert postings("") == () and postings("，。") == ()


def test_char_offsets_when_asked():
    spans = [(t.text, t.startchar, t.endchar) for t in JiebaTokenizer()("一、城市更新", chars=True, mode="query")]
    assert spans == [("一", 0, 1), ("城市更新", 2, 6)]


def test_cache_dir_is_configurable(monkeypatch, tmp_path):
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path))
    assert analysis.cache_dir() == tmp_path
    monkeypatch.delenv("NIANBAO_CACHE_DIR")
    assert analysis.cache_dir().parts[-2:] == (".cache", "nianbao")


def _uncached_terms(text: str) -> list[Term]:
    """The definition of `terms`: jieba's cut of the whole text, word by word."""
    out, pos, start = [], 0, 0
    for word in analysis._segmenter().cut(text, HMM=analysis.HMM):
        end = start + len(word)
        if analysis._WORD_CHAR.search(word):
            out.append(Term(word, pos, start, end))
            if len(word) > 2 and analysis._CJK.match(word):
                out += [Term(inner, pos, start + i, start + i + len(inner)) for inner, i in analysis._subwords(word)]
            pos += 1
        start = end
    return out


def test_cached_segmentation_equals_jieba_on_whole_reports():
    from pathlib import Path

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    # word characters jieba does not group (①, ², é, CJK extension A) between runs
    odd = "第①项 x² café政府\u3400\u4dbf信息 a b\r\n\tc-d 100%"
    for text in [odd] + [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))[:6]]:
        text = to_simplified(text).lower()
        assert terms(text) == _uncached_terms(text)
        assert terms(text) == _uncached_terms(text)  # and again, now from the caches


def test_subwords_are_dictionary_words_inside_the_word():
    assert analysis._subwords("政府信息公开") == (
        ("政府信息", 0), ("信息公开", 2), ("政府", 0), ("信息", 2), ("公开", 4))


def test_compiled_routes_cut_the_corpus_as_jieba_does(corpus_dir):
    # jieba-next computes the route (indexer.search.routes); the words must be jieba's own
    import jieba

    from indexer.search.routes import Tokenizer

    plain, compiled = Tokenizer(), Tokenizer()
    for tokenizer in (plain, compiled):
        tokenizer.tmp_dir = str(analysis.cache_dir())
        tokenizer.load_userdict(str(analysis.USERDICT))
    assert compiled.compile_routes()
    pieces = {piece for path in sorted(corpus_dir.iterdir()) if path.suffix in (".txt", ".md")
              for piece, _ in analysis._split(to_simplified(path.read_text(encoding="utf-8")).lower())}
    assert len(pieces) > 1000
    differ = [p for p in sorted(pieces) if list(compiled.cut(p, HMM=True)) != list(plain.cut(p, HMM=True))]
    assert differ == []
    # and as jieba's own tokenizer, which the subclass leaves alone until routes are compiled
    reference = jieba.Tokenizer()
    reference.tmp_dir = str(analysis.cache_dir())
    reference.load_userdict(str(analysis.USERDICT))
    sample = sorted(pieces)[::20]
    assert [list(compiled.cut(p)) for p in sample] == [list(reference.cut(p)) for p in sample]


def test_compiled_routes_follow_a_changed_dictionary():
    from indexer.search.routes import Tokenizer

    tokenizer = Tokenizer()
    tokenizer.tmp_dir = str(analysis.cache_dir())
    assert tokenizer.compile_routes()
    before = list(tokenizer.cut("勾稽关系表格"))
    tokenizer.add_word("勾稽关系表格", 10_000_000)  # the compiled dictionary is dropped, jieba's route used
    assert before != ["勾稽关系表格"] and list(tokenizer.cut("勾稽关系表格")) == ["勾稽关系表格"]


def test_indexing_compiles_the_routes():
    # warming up does not compile them: only indexing (or the build's share_routes) does
    analysis.release_routes()
    analysis.warm_up()
    assert analysis._segmenter()._routes is None
    postings("政府信息公开工作年度报告")
    assert analysis._segmenter()._routes is not None


def test_routes_shared_before_forking_and_released_after():
    # the build's parent compiles the routes for its forked workers, then lets them go;
    # a text indexed afterwards compiles them again, with the same postings
    text = "政府信息公开工作年度报告存在的主要问题及改进情况"
    analysis.share_routes()
    assert analysis._segmenter()._routes is not None
    shared = postings(text)
    analysis.release_routes()
    assert analysis._segmenter()._routes is None
    assert postings(text) == shared and analysis._segmenter()._routes is not None


def test_indexed_words_count_into_the_postings_and_pickle_as_them():
    import pickle

    text = "政府信息公开工作年度报告：依申请公开，政府信息公开。APP 2020年"
    words = indexed_words(text)
    made = postings(text)
    assert words.postings() == made and len(words) == sum(n for _, n, _, _ in made)
    assert [t.decode() for t, _, _, _ in made][:3] == ["政府信息公开", "政府信息", "信息公开"]
    assert dict((t.decode(), n) for t, n, _, _ in made)["公开"] == 3
    # a word's number means nothing in another process: it travels as its postings
    assert pickle.loads(pickle.dumps(words)) == made
    assert isinstance(pickle.loads(pickle.dumps(words)), Postings)


def test_indexed_words_of_a_piece_are_those_of_its_terms(corpus_dir):
    # the build's words of a piece are made without positions; they must be `_piece_terms`' own
    analysis._indexing_segmenter()
    pieces = {piece for path in sorted(corpus_dir.iterdir()) if path.suffix in (".txt", ".md")
              for piece, _ in analysis._split(to_simplified(path.read_text(encoding="utf-8")).lower())}
    pieces |= {"第①项 x² café", "abc def", "ab\u3000cd", "-", "%%", "政府信息公开工作年度报告"}
    assert len(pieces) > 1000
    # the same words in the same order give the same numbers (a number stands for one word)
    assert [p for p in sorted(pieces) if wordnumbers._numbers_of(p) != wordnumbers._numbered(analysis._words_of(p))] == []


_MIXED = st.text(alphabet="的一是了在有政府信息公开申请年度报告及个条件乡镇街道共计东西0123456789abcXYZ.%-+#&_ ，。、（）",
                 min_size=1, max_size=30)


@settings(max_examples=400, deadline=None)
@given(_MIXED)
def test_the_hmm_words_of_a_run_are_finalsegs_block_by_block(run):
    # `_hmm_words` remembers each Han block's words: the run's must stay finalseg.cut's
    from jieba import finalseg

    from indexer.search import routes

    assert routes._hmm_words(run) == tuple(finalseg.cut(run))


@settings(max_examples=400, deadline=None)
@given(_MIXED)
def test_a_pieces_numbers_cut_from_its_route_are_those_of_its_words(text):
    # `_numbers_of` walks the compiled route itself: the words must be jieba's cut's, in order
    analysis._indexing_segmenter()
    for piece, _ in analysis._split(to_simplified(text).lower()):
        assert wordnumbers._numbers_of(piece) == wordnumbers._numbered(analysis._words_of(piece))
