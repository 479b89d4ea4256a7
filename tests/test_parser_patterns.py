"""The parser's steps rewritten for speed (branches e10q, e10t) give what their first forms gave.

Each rewritten pattern, substring test, memo or skip is checked against the
form it replaced, kept here, on hostile input that hypothesis makes (text
from the characters the patterns turn on mixed with any others; table rows
of ints, floats, -0.0, nan, bools and blanks): the same matches (spans,
groups, keys) and the same checks, not just the same answers on the corpus.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.model import ConsistencyCheck
from indexer.parser import active_table, checks, metadata, normalize, table_tokens
from indexer.parser.table_format import (ACTIVE_COLUMN_RE, ACTIVE_COLUMNS, ACTIVE_ITEM_RE, ACTIVE_ITEMS,
                                         NamedAlternatives, item_rows)

_SETTINGS = settings(max_examples=400, deadline=None, database=None)


def _text(characters: str, max_size: int = 80):
    """Text mostly of `characters`, with any other character now and then."""
    return st.text(st.sampled_from(list(characters)) | st.characters(blacklist_categories=("Cs",)),
                   max_size=max_size)


_NUMBER_TEXT = _text("-—–－第页共 \t\n\u30000123456789１，,/")
_ACTIVE_TEXT = _text("".join(sorted({c for _, p in ACTIVE_ITEMS + ACTIVE_COLUMNS for c in p if c not in "\\s*()|?:"}))
                     + " /\t\n|信息内容")


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in pattern.finditer(text)]


@_SETTINGS
@given(_NUMBER_TEXT)
def test_page_number_core_finds_what_the_alternation_found(text):
    before = re.compile(r"[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页")
    now = normalize._PAGE_NUMBER_CORE
    assert [m.span() for m in now.finditer(text)] == [m.span() for m in before.finditer(text)]
    assert (now.search(text) is None) == (before.search(text) is None)


@_SETTINGS
@given(_NUMBER_TEXT)
def test_footer_core_finds_what_the_alternation_found(text):
    before = re.compile(r"[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页")
    now = table_tokens._FOOTER_CORE
    assert [m.span() for m in now.finditer(text)] == [m.span() for m in before.finditer(text)]


def test_the_cores_open_with_a_character_class():
    # what makes them fast: the engine's first-character scan (a charset
    # prefix), which an alternation of a class and a literal does not get
    for pattern in (normalize._PAGE_NUMBER_CORE, table_tokens._FOOTER_CORE):
        assert pattern.pattern.startswith("[")
    assert normalize._PAGE_NUMBER_CORE.search("正文 - 12 - 正文").group() == "- 12 -"
    assert table_tokens._FOOTER_CORE.search("第 3 页").group() == "第 3 页"
    assert normalize._PAGE_NUMBER_CORE.search("第一页 -x-") is None


@_SETTINGS
@given(_ACTIVE_TEXT)
def test_named_alternatives_match_as_the_named_alternation(text):
    for pattern, keyed in ((ACTIVE_ITEM_RE, ACTIVE_ITEMS), (ACTIVE_COLUMN_RE, ACTIVE_COLUMNS)):
        before = re.compile("|".join(f"(?P<{k}>{p})" for k, p in keyed))
        got = [(m.span(), m.lastgroup) for m in pattern.finditer(text)]
        assert got == [(m.span(), m.lastgroup) for m in before.finditer(text)]


def test_named_alternatives_keep_the_order_of_their_patterns():
    # 上一年项目数量 is previous_year (tried first), not count
    found = NamedAlternatives(ACTIVE_COLUMNS).finditer("信息内容 上一年项目数量 项目数量 增 / 减 金额")
    assert [m.lastgroup for m in found] == ["previous_year", "count", "change", "amount"]
    overlapping = NamedAlternatives((("short", "ab"), ("long", "abc"), ("other", "bc")))
    assert [(m.group(), m.lastgroup) for m in overlapping.finditer("abcabc xbc")] == [
        ("ab", "short"), ("ab", "short"), ("bc", "other")]


@_SETTINGS
@given(_text("第二十条信息内容复议后起诉未经行政诉讼", 30))
def test_table_starts_are_the_alternations(label):
    assert active_table._starts_active(label) == bool(re.search(r"第二十条|信息内容", label))


@_SETTINGS
@given(_text("|｜ \t\n\u3000标题年度报告", 200))
def test_title_lines_are_the_first_twelve_with_their_rules_cut(preamble):
    before = [metadata._TRAILING_RULES.sub("", l.strip()) for l in preamble.split("\n") if l.strip()][:12]
    assert metadata._first_lines(preamble) == before


_CELL = st.one_of(st.none(), st.integers(-3, 3), st.integers(), st.sampled_from([0.0, -0.0, 1.0, 2.5, 1e16, float("nan")]),
                  st.booleans(), st.just("3"))


@_SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["received", "disclosed", "result_total", "odd"]),
                          st.dictionaries(st.sampled_from(list(checks.APPLICATION_COLUMNS)), _CELL, max_size=7)),
                max_size=6))
def test_remembered_row_checks_are_the_checks_made_afresh(rows):
    # twice over, so the second pass answers from the memo; each check
    # against the one made from the row itself (-0.0 and 0, 1.0 and 1 print apart)
    for key, row in rows:
        applications = {"rows": {key: row}}
        fresh = repr([ConsistencyCheck(*checks._row_total(key, row))] if row else [])  # repr: nan, -0.0
        assert repr(checks._row_totals(applications)) == fresh
        assert repr(checks._row_totals(applications)) == fresh


def test_a_row_of_minus_zero_is_not_answered_as_a_row_of_zeros():
    zeros = {c: 0 for c in checks.APPLICATION_COLUMNS}
    minus = dict(zeros, natural_person=-0.0, total=-0.0)
    first = checks._row_totals({"rows": {"received": zeros}})[0]
    second = checks._row_totals({"rows": {"received": minus}})[0]
    assert "总计 -0" in second.message and "总计 -0" not in first.message


def _quoted_numbers_before(active, text):
    """checks._quoted_numbers as it was: the prose made first, every pattern searched."""
    prose = "\n".join(line for line in text.splitlines() if "\t" not in line and "|" not in line)
    out = []
    for pattern, item, column, what in checks.QUOTED_NUMBERS:
        table_value = (active.get(item) or {}).get(column)
        if not isinstance(table_value, (int, float)):
            continue
        m = re.search(pattern, prose)
        if not m:
            continue
        quoted = int(m.group(1).replace(",", ""))
        passed = checks._equal(quoted, table_value)
        message = (f"正文称{what} {quoted}（“{m.group(0).strip()}”），表二为 {checks._fmt(table_value)}"
                   + ("，一致" if passed else "，不一致"))
        out.append(ConsistencyCheck("text.quoted_numbers", passed, message, "active", item, column,
                                    table_value, quoted))
    return out


_ACTIVE = {"procurement": {"count": 12}, "licensing": {"decisions": 3}, "punishment": {"decisions": 0},
           "coercion": {"decisions": 7}}


@_SETTINGS
@given(_text("采购项目数量为共行政许可处罚强制处理决定量 12,3037件条项个\t|\n\r\u2028", 120))
def test_quoted_numbers_as_before(text):
    assert checks._quoted_numbers(_ACTIVE, text) == _quoted_numbers_before(_ACTIVE, text)


def test_quoted_numbers_still_read():
    text = "本年度行政许可处理决定为 3 件，采购项目数量 11 个。\n表格\t采购项目数量\t12"
    found = checks._quoted_numbers(_ACTIVE, text)
    assert [(c.row, c.passed) for c in found] == [("procurement", False), ("licensing", True)]


_INLINE_MARK_BEFORE = re.compile(
    r"(?:^|(?<=[。；;：:，,\s])|(?<=问题)|(?<=不足)|(?<=如下)|(?<=以下)|(?<=方面)|(?<=短板)|(?<=差距)|(?<=主要有))"
    r"(?:([一二三四五六七八九十])是|其([一二三四五六七八九十])[，,、]|第([一二三四五六七八九十])[，,、])|([①-⑩])"
)


@settings(max_examples=1500, deadline=None, database=None)
@given(_text("一二三十是其第，,、。；;：: \n\t①⑤⑩⑪问题不足如下以下方面短板差距主要有", 40))
def test_inline_mark_finds_what_the_lookbehinds_first_form_found(text):
    from indexer.parser.problem_items import _INLINE_MARK

    assert _spans(_INLINE_MARK, text) == _spans(_INLINE_MARK_BEFORE, text)
    assert [m.regs for m in _INLINE_MARK.finditer(text)] == [m.regs for m in _INLINE_MARK_BEFORE.finditer(text)]
    found, before = _INLINE_MARK.search(text), _INLINE_MARK_BEFORE.search(text)
    assert (found and (found.span(), found.groups())) == (before and (before.span(), before.groups()))


def test_inline_marks_of_a_problems_paragraph():
    from indexer.parser.problem_items import _INLINE_MARK

    text = "一是公开不及时；二是内容不全，其三、解读少。存在的问题①②主要有三是，第二，x一是"
    assert _spans(_INLINE_MARK, text) == _spans(_INLINE_MARK_BEFORE, text)
    assert [m.group() for m in _INLINE_MARK.finditer(text)] == ["一是", "二是", "其三、", "①", "②", "三是", "第二，"]


@_SETTINGS
@given(_text(" \u3000一二十、\n情况a", 40))
def test_a_numeral_after_a_space_is_found_where_it_was(text):
    from indexer.parser.sections import _SPACE_BEFORE_NUMERAL

    before = re.compile("[ \u3000][一二三四五六七八九十]")
    assert [m.start() - 1 for m in _SPACE_BEFORE_NUMERAL.finditer(text)] == [m.start() for m in before.finditer(text)]
    assert (_SPACE_BEFORE_NUMERAL.search(text) is None) == (before.search(text) is None)


@settings(max_examples=1000, deadline=None, database=None)
@given(_text("１２３ａＺ，。、—•→“”〈】\uff5e\uff5f\u2e80ⅻ㎡x9 ", 30))
def test_nfkc_is_unicodedatas(text):
    import unicodedata

    assert table_tokens.nfkc(text) == unicodedata.normalize("NFKC", text)


def _result_totals_before(applications):
    """checks._result_totals as it was, every column's check made afresh."""
    rows = applications["rows"]
    items = checks._item_rows(rows, applications.get("layout", ""))
    if items is None or not isinstance(rows.get("result_total"), dict):
        return []
    out = []
    item_cells = [checks._cells(rows[k], checks.APPLICATION_COLUMNS) for k in items]
    total_cells = checks._cells(rows["result_total"], checks.APPLICATION_COLUMNS)
    for j, column in enumerate(checks.APPLICATION_COLUMNS):
        cells = [row[j] for row in item_cells]
        expected = sum(v for v, _ in cells)
        actual, actual_blank = total_cells[j]
        passed = checks._equal(expected, actual)
        blank = actual_blank or any(b for _, b in cells)
        message = (f"表三 {checks.COLUMN_NAMES[column]} 列：（一）至（六）各项之和 {checks._fmt(expected)} "
                   f"{'=' if passed else '≠'} （七）总计 {checks._fmt(actual)}" + (checks.BLANK_NOTE if blank else ""))
        out.append(ConsistencyCheck("applications.result_total", passed, message, "applications",
                                    "result_total", column, expected, actual))
    return out


@_SETTINGS
@given(st.sampled_from(["2019", "2021", ""]), st.lists(st.dictionaries(
    st.sampled_from(list(checks.APPLICATION_COLUMNS)), _CELL, max_size=7), min_size=8, max_size=8))
def test_remembered_column_checks_are_the_checks_made_afresh(layout, cells):
    keys = item_rows("2021" if layout == "2021" else "2019") + ["result_total"]
    applications = {"layout": layout, "rows": dict(zip(keys, cells))}
    want = repr(_result_totals_before(applications))
    assert repr(checks._result_totals(applications)) == want
    assert repr(checks._result_totals(applications)) == want  # from the memo


def _balances_before(applications):
    """checks._balances as it was (e10q), every column's check made afresh."""
    rows = applications["rows"]
    needed = ("received", "carried_over", "result_total", "carried_forward")
    if not all(isinstance(rows.get(k), dict) for k in needed):
        return []
    out = []
    for column in checks.APPLICATION_COLUMNS:
        (new, b1), (old, b2), (done, b3), (left, b4) = (checks._cell(rows[k], column) for k in needed)
        passed = checks._equal(new + old, done + left)
        message = (f"表三 {checks.COLUMN_NAMES[column]} 列：一 本年新收 {checks._fmt(new)} + 二 上年结转 "
                   f"{checks._fmt(old)} = {checks._fmt(new + old)} {'=' if passed else '≠'} 三（七）总计 "
                   f"{checks._fmt(done)} + 四 结转下年度 {checks._fmt(left)} = {checks._fmt(done + left)}"
                   + (checks.BLANK_NOTE if (b1 or b2 or b3 or b4) else ""))
        out.append(ConsistencyCheck("applications.balance", passed, message, "applications",
                                    "", column, new + old, done + left))
    return out


@_SETTINGS
@given(st.lists(st.one_of(st.none(), st.dictionaries(st.sampled_from(list(checks.APPLICATION_COLUMNS)), _CELL,
                                                     max_size=7)), min_size=4, max_size=4))
def test_remembered_balances_are_the_balances_made_afresh(cells):
    rows = {k: v for k, v in zip(("received", "carried_over", "result_total", "carried_forward"), cells)
            if v is not None}
    want = repr(_balances_before({"rows": rows}))
    assert repr(checks._balances({"rows": rows})) == want
    assert repr(checks._balances({"rows": rows})) == want  # from the memo


def _review_totals_before(reviews):
    """checks._review_totals as it was (e10q), every group's check made afresh."""
    out = []
    for group in checks.REVIEW_GROUPS:
        cells = reviews.get(group)
        if not isinstance(cells, dict) or not cells:
            continue
        parts = [(c, *checks._cell(cells, c)) for c in checks.REVIEW_CELLS[:4]]
        total, total_blank = checks._cell(cells, "total")
        expected = sum(v for _, v, _ in parts)
        passed = checks._equal(expected, total)
        shown = " + ".join(f"{checks.REVIEW_CELL_NAMES[c]} {checks._fmt(v)}" for c, v, _ in parts)
        blank = total_blank or any(b for _, _, b in parts)
        message = (f"表四 {checks.REVIEW_GROUP_NAMES[group]}：{shown} = {checks._fmt(expected)} "
                   f"{'=' if passed else '≠'} 总计 {checks._fmt(total)}" + (checks.BLANK_NOTE if blank else ""))
        out.append(ConsistencyCheck("reviews.total", passed, message, "reviews", group, "total",
                                    expected, total))
    return out


@_SETTINGS
@given(st.dictionaries(st.sampled_from(list(checks.REVIEW_GROUPS) + ["odd"]), st.one_of(
    st.dictionaries(st.sampled_from(list(checks.REVIEW_CELLS)), _CELL, max_size=5), _CELL), max_size=4))
def test_remembered_review_checks_are_the_checks_made_afresh(reviews):
    want = repr(_review_totals_before(reviews))
    assert repr(checks._review_totals(reviews)) == want
    assert repr(checks._review_totals(reviews)) == want  # from the memo


def _line_widths_before(text):
    """normalize._line_widths as it was: the runs of wide characters dropped, what is left counted."""
    narrow = re.sub(r"[^\x00-\u2e80]+", "", text).split("\n")
    return [len(line) - len(n) / 2 for line, n in zip(text.split("\n"), narrow)]


@settings(max_examples=1000, deadline=None, database=None)
@given(st.text(st.sampled_from(list("ab1 \t\n，。“”—\u2e80\u2e81⼀一\U00020000\ud800\udfff")) | st.characters(),
               max_size=60))
def test_line_widths_are_what_they_were(text):
    assert normalize._line_widths(text) == _line_widths_before(text)


@_SETTINGS
@given(st.integers(0, 3010), _text("我街局县乡镇长 ", 12), st.integers(0, 4))
def test_self_described_reads_what_it_read_with_or_without_a_me_in_its_window(at, words, repeats):
    from collections import Counter

    from indexer.parser import own_name
    from indexer.places.organs import organ_type_of

    text = "这" * at + words * repeats
    found = Counter(m.group("word") for m in own_name._SELF.finditer(text, 0, 3000))
    want = ("", "")
    if found and found.most_common(1)[0][1] >= 2 and found.most_common(1)[0][0] in own_name._SELF_AS_ENDING:
        word = found.most_common(1)[0][0]
        want = ("乡镇街道" if word in own_name._TOWNSHIP_SELF else "",
                organ_type_of(own_name._SELF_AS_ENDING[word], None))
    assert own_name.self_described(text) == want


def _unwrap_before(text):
    """normalize.unwrap as it was: the widths measured before any line count."""
    from collections import Counter

    lines = text.split("\n")
    prose = [l for l in lines if len(l) >= 12 and "\t" not in l]
    if len(prose) < 6:
        return text
    prose_widths = _line_widths_before("\n".join(prose))
    widths = [round(w) for w in prose_widths if w >= 12]
    if len(widths) < 6:
        return text
    counts = Counter(widths)
    mode = max(counts, key=lambda c: (counts[c] + counts[c - 1] + counts[c - 2] + counts[c - 3], c))
    if mode < 20:
        return text
    full = [l for l, w in zip(prose, prose_widths)
            if mode - 3 <= w <= mode + 0.5 and not l.rstrip().endswith(normalize._SENTENCE_END)]
    if len(full) < max(6, 0.3 * len(widths)):
        return text
    line_widths = _line_widths_before(text)
    out, joining = [], False
    for line, width in zip(lines, line_widths):
        if joining and not line.strip():
            continue
        if joining and "\t" not in line and not normalize._ITEM_START.match(line):
            out[-1] += line
        else:
            out.append(line)
        last = out[-1]
        joining = ("\t" not in last and width >= mode - 3 and not last.rstrip().endswith(normalize._SENTENCE_END)
                   and not normalize._HEADING_LINE.match(last) and last.count(" ") < 3)
    return "\n".join(out)


_PROSE_LINE = st.builds(lambda body, end, ascii_: body + ascii_ + end,
                        st.text(st.sampled_from(list("工作情况公开政府信息年一、（）")), min_size=8, max_size=26),
                        st.sampled_from(["", "。", "；", ":", " ", "，"]), st.text(st.sampled_from(list("ab12 \t")),
                                                                                 max_size=8))


def _page_lines(width: int):
    """Lines of about `width` characters (a hard-wrapped page), some ending a sentence, some not prose."""
    line = st.builds(lambda n, end, lead: lead + "情况公开工作a1“"[n % 7] * (width + n) + end,
                     st.integers(-5, 1), st.sampled_from(["", "", "", "。", "：", " ", "\t3"]),
                     st.sampled_from(["", "", "", "一、", "（二）", "1.", " "]))
    return st.lists(st.one_of(line, line, line, line, _PROSE_LINE, st.text(max_size=30)), min_size=6, max_size=30)


@settings(max_examples=1500, deadline=None, database=None)
@given(st.integers(8, 32).flatmap(_page_lines))
def test_unwrap_joins_what_it_joined(lines):
    text = "\n".join(lines)
    assert normalize.unwrap(text) == _unwrap_before(text)


@settings(max_examples=1000, deadline=None, database=None)
@given(st.text(st.sampled_from(list(" \t\n\u3000\xa0\x1c\x85\u2028a一")) | st.characters(), max_size=40),
       st.sampled_from([None, 2018, 2019, 2020, 2021, 2023]))
def test_formats_and_flat_text_are_what_the_patterns_gave(text, year):
    assert "".join(text.split()) == re.sub(r"\s+", "", text)
    for words in ("", "本年制发件数", "逾期未按收费通知", "第二十条第（一）项", "三安全一稳定"):
        before = ("2021" if re.search(r"本年制发件数|现行有效件数|逾期不补正|逾期未按收费通知", text + words)
                  or (year and year >= 2021) else
                  "2019" if (year and year >= 2019) or re.search(r"第二十条第（一）项|本年新制作数量|三安全一稳定",
                                                                  text + words) else "pre2019" if year else "")
        assert metadata.find_format(year, text + words) == before
