"""The parser's steps rewritten for speed in the eighteenth session (branch e10z) give what their first forms gave.

As in tests/test_parser_patterns.py: each rewritten step is checked against
the form it replaced, kept here, on hostile input that hypothesis makes.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.parser import name_scans, table_tokens
from indexer.parser.table_tokens import Token

_SETTINGS = settings(max_examples=400, deadline=None, database=None)


def _text(characters: str, max_size: int = 80):
    """Text mostly of `characters`, with any other character now and then."""
    return st.text(st.sampled_from(list(characters)) | st.characters(blacklist_categories=("Cs",)),
                   max_size=max_size)


def _tokenize_before(text: str) -> list[Token]:
    """table_tokens.tokenize as it was (e10t), without its memo of each line
    number's tokens (which only remembered what this makes)."""
    if "[bookmark:" in text:
        text = table_tokens._BOOKMARK.sub("", text)
    footers = table_tokens._FOOTER_CORE.search(text) is not None
    tokens = []
    for lineno, raw in enumerate(text.splitlines()):
        if footers and table_tokens._PAGE_FOOTER.match(raw):
            continue
        tabbed, pieces = table_tokens._line_pieces(raw)
        tokens += [Token(kind, value, lineno, tabbed, unit) for kind, value, unit in pieces]
    return tokens


_TABLE_TEXT = _text("本年新收总计其他 \t\n\r\x1c\u2028|｜-—－/第页0123456789１，,.万元件[bookmark:x]\u3000\xa0", 120)


@_SETTINGS
@given(_TABLE_TEXT)
def test_tokens_are_what_they_were(text):
    want = _tokenize_before(text)
    assert table_tokens.tokenize(text) == want
    assert table_tokens.tokenize(text) == want  # the lines' pieces from the memo


def test_tokens_carry_their_line_numbers():
    text = "本年新收\t1\t2\t\t3\n- 2 -\n总计 4 5 6\n" + "很长的一行文字" * 10 + "\t7\n本年新收\t1\t2\t\t3"
    assert [t.line for t in table_tokens.tokenize(text) if t.value == 1] == [0, 4]
    assert [t.line for t in table_tokens.tokenize("前言\n" + text) if t.value == 1] == [1, 5]
    many = "\n".join(["本年新收\t1\t2"] * 5003)
    assert [t.line for t in table_tokens.tokenize(many) if t.value == 1][-4:] == [4999, 5000, 5001, 5002]


def _spans_before(text: str) -> list[str]:
    """organ_choice.spans as it was (e10t): every end of a chunk tried after each start."""
    from bisect import bisect_left

    from indexer.parser import organ_choice as oc

    out: dict[str, None] = {}
    place_at = oc.pair_positions(text, oc._place_pairs())
    for chunk in oc._CHUNK.finditer(text):
        s, begin = chunk.group(), chunk.start()
        starts = {0} | {m.end() for m in oc._STARTS_AFTER.finditer(s)}
        first, last = bisect_left(place_at, begin), bisect_left(place_at, chunk.end() - 2)
        starts |= {p - begin for p in place_at[first:last]}
        ends = sorted({m.end() for m in oc._SUFFIX_END.finditer(s)})
        for a in sorted(starts):
            for b in ends:
                if 3 <= b - a <= 25 and oc.is_organ_name(s[a:b]):
                    out.setdefault(s[a:b])
                    if len(out) >= oc._MOST_SPANS:
                        return list(out)
    return list(out)


_ORGAN_TEXT = _text("杭州市西湖区临泽县人民政府办公室局委员会街道办事处镇乡财政教育由经在是关于根据本年度，。\n（）",
                    400)


@_SETTINGS
@given(_ORGAN_TEXT)
def test_organ_spans_are_what_they_were(text):
    from indexer.parser import organ_choice

    assert organ_choice.spans(text) == _spans_before(text)


def test_organ_spans_stop_at_the_most_spans_as_before():
    from indexer.parser import organ_choice

    text = "，".join(f"{place}{organ}" for place in ("杭州市", "西湖区", "临泽县", "张掖市", "宁波市", "鄞州区")
                    for organ in ("财政局", "教育局", "民政局", "人民政府办公室", "审计局", "统计局", "司法局",
                                  "林业局", "水利局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局",
                                  "交通运输局", "自然资源局", "住房和城乡建设局", "生态环境局", "市场监督管理局",
                                  "退役军人事务局", "医疗保障局", "农业农村局", "体育局", "档案局", "信访局",
                                  "人力资源和社会保障局", "发展和改革委员会"))
    found = organ_choice.spans(text)
    assert len(found) == organ_choice._MOST_SPANS and found == _spans_before(text)


@_SETTINGS
@given(st.one_of(st.integers(-10, 10 ** 7), st.floats(-1e7, 1e7, allow_nan=False)),
       st.sampled_from([(3, 5, 8, 12, 18), (0, 1, 3, 8), (40, 150, 500, 1500, 10 ** 5)]))
def test_feature_buckets_are_what_they_were(value, edges):
    from indexer.parser.organ_choice import _bucket

    assert _bucket(value, edges) == next((i for i, e in enumerate(edges) if value <= e), len(edges))


def _further_inside_before(found):
    """places.locate._further_inside as it was (e10t): every length of name tried at every place."""
    from indexer.places import locate as lo

    table = lo.divisions()
    rest, outer = found.rest, found.deepest
    hits = []
    for i in range(len(rest)):
        for size in range(min(table.longest, len(rest) - i), 2, -1):
            named = table.by_name.get(rest[i:i + size])
            inside = [d for d in named if lo._inside(d, outer)] if named else named
            if inside and i:
                hits.append((i, size, inside))
                break
        else:
            for size in (4, 3, 2):
                stems = table.stems.get(rest[i:i + size])
                inside = [d for d in stems if lo._inside(d, outer)] if stems else stems
                if inside and lo._ZONE_AFTER.match(rest, i + size):
                    hits.append((i, size, inside))
                    break
    if len(hits) != 1 or len(hits[0][2]) != 1:
        return found
    i, size, [d] = hits[0]
    return lo.Located(table.chain(d.code), rest[i + size:], from_name=True)


@_SETTINGS
@given(st.sampled_from(["青岛市", "广州市", "杭州市", "浙江省", "广东省", "甘肃省"]),
       _text("青岛西海岸新区海青镇广东从化经济开发区工业园杭州西湖区留下街道临泽县沙河镇市区县", 30))
def test_places_further_inside_are_what_they_were(outer, rest):
    from indexer.places import locate as lo

    # as the locator calls it: inside a division it found (临泽县 alone, or no place, has no chain,
    # and both forms fail alike on a name inside none)
    chain = lo.divisions().find_chain(outer)
    assert chain
    found = lo.Located(chain, rest, from_name=True)
    assert repr(lo._further_inside(found)) == repr(_further_inside_before(found))


@_SETTINGS
@given(_text("国家税务总局中华人民共和国杭州市税务局海关", 40), _text("税务局海关杭州市", 8), st.integers(0, 45))
def test_vertical_prefix_before_a_name_is_what_it_was(flat, agency, start):
    from indexer.parser import names

    before = next((v for v in names._VERTICAL_PREFIXES if start >= len(v) and flat.startswith(v, start - len(v))
                   and not agency.startswith(v)), "")
    assert names._vertical_before(agency, flat, start) == before
    for v in names._VERTICAL_PREFIXES:  # each prefix written right before the name
        text = flat[:5] + v + agency
        want = next((w for w in names._VERTICAL_PREFIXES if len(text) - len(agency) >= len(w)
                     and text.startswith(w, len(text) - len(agency) - len(w)) and not agency.startswith(w)), "")
        assert names._vertical_before(agency, text, len(text) - len(agency)) == want


def _prefixes_before_regex(agency: str, flat: str) -> list[str]:
    """names._placed_form's prefixes as it found them (e10t): a pattern compiled for each agency."""
    import re

    return [m.group("prefix") for m in re.finditer(
        r"(?:^|[《“\"（(，,。；;：:\s])(?P<prefix>[\u4e00-\u9fa5]{2,10}?)" + re.escape(agency), flat, re.M)]


@settings(max_examples=1500, deadline=None, database=None)
@given(_text("《“\"（(，,。；;：: \n\t\u3000安徽省涡阳第三中学中学三第", 60), _text("第三中学中三", 5))
def test_prefixes_before_a_placeless_name_are_what_the_pattern_found(flat, agency):
    assert list(name_scans.prefixes_before(agency, flat)) == _prefixes_before_regex(agency, flat)


def test_prefixes_before_a_placeless_name_on_written_forms():
    for flat, agency in (("《安徽省涡阳第三中学2022年》", "第三中学"), ("第三中学", "第三中学"), ("安徽第三中学", "第三中学"),
                         ("涡阳第三中学，涡阳县第三中学第三中学", "第三中学"), ("\n县一二三四五六七八九十第三中学", "第三中学"),
                         ("。一二三四五六七八九十十第三中学", "第三中学"), ("(甲乙丙丙丙", "丙丙")):
        assert list(name_scans.prefixes_before(agency, flat)) == _prefixes_before_regex(agency, flat), (flat, agency)
    assert list(name_scans.prefixes_before("第三中学", "《安徽省涡阳第三中学")) == ["安徽省涡阳"]


@_SETTINGS
@given(st.text(max_size=2) | st.sampled_from(["\u4e00", "\u9fa5", "\u9fa6", "\u4dff", "年", "\n", "1", "１"]))
def test_character_classes_are_what_they_were(c):
    import re

    from indexer.parser.organ_choice import _char_class

    def before(c):
        if not c:
            return "edge"
        if c == "\n":
            return "line"
        if c.isdigit():
            return "digit"
        if re.match(r"[\u4e00-\u9fa5]", c):
            return c if c in "年由在是于的和及、与为对向" else "han"
        return "punct"

    assert _char_class(c) == before(c)


@settings(max_examples=1000, deadline=None, database=None)
@given(_text("中丁乡镇人民政府信息网", 30), _text("中丁乡镇", 4))
def test_a_name_written_with_its_government_is_found_as_the_pattern_found_it(flat, name):
    import re

    from indexer.parser.name_scans import written_with_government

    want = re.search(re.escape(name) + r"(?:人民政府|政府(?!信息|网))", flat) is not None
    assert written_with_government(name, flat) == want


@settings(max_examples=1500, deadline=None, database=None)
@given(_text("杭州市财政局州市局，。\n", 40), _text("市财政局州", 4))
def test_places_before_a_form_are_what_the_pattern_found(flat, form):
    import re

    want = [m.group("place") for m in re.finditer(r"(?P<place>[\u4e00-\u9fa5]{2,7})" + re.escape(form), flat)]
    assert list(name_scans.places_before(form, flat)) == want


def test_places_before_a_form_on_written_forms():
    assert list(name_scans.places_before("财政局", "杭州市财政局，宁波市财政局")) == ["杭州市", "宁波市"]
    assert list(name_scans.places_before("市财政局", "浙江省杭州市财政局")) == ["浙江省杭州"]
