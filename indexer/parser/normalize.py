"""Text clean-up before parsing: one canonical shape for messy report text.

Everything the parser returns (section texts, problem statements) is a
substring of `normalize_text(raw)`, so the clean-up decides what "exactly as
written" means: web and word-processor debris is removed, traditional script
becomes simplified, and a report flattened onto one line gets its line breaks
back before headings and numbered items.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from indexer.simplified import unchanged_by_t2s

#: Conditional comments and other HTML comment remnants left by Word exports.
_COMMENT = re.compile(r"<!--.*?-->|<!\[(?:if|endif)[^\]]*\]>", re.S)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
#: HTML markup left in a text file (a page's source, a script string
#: holding it): cells become TABs, rows and blocks line breaks, the rest goes.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")
_MARKUP_TAGS = {"p", "td", "th", "tr", "table", "tbody", "thead", "div", "span", "br", "strong", "b", "font",
                "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "em", "u", "i"}
_CELL_TAGS = {"td", "th"}
_BLOCK_TAGS = {"p", "tr", "table", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article"}
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]*", re.M)
_BREADCRUMB_START = re.compile(r"(?:您?当前(?:的)?位置|您的位置|所在位置)\s*[:：]")
_BREADCRUMB_SEP = re.compile(r"\s*(?:>|＞|»|›|→|/|\\)\s*")
#: Pinyin glosses that some mirror sites print after every character they
#: converted to traditional script: 當(dāng)前位置, 下管鎮(zhèn). Tone marks
#: tell such a text; then unmarked glosses (de) go too.
_TONE_MARK = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}[)）]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_DIGIT = re.compile("[０-９]")
#: PDF text sometimes carries Kangxi radicals (⼀ U+2F00, ⼯ U+2F2F) or CJK
#: radical supplements for the characters they look like; each maps to one
#: unified character, so offsets into the text stay valid.
_RADICALS = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6))
    if len(unicodedata.normalize("NFKC", chr(code))) == 1
    and unicodedata.normalize("NFKC", chr(code)) != chr(code)
}
_RADICAL = re.compile("[\u2e80-\u2ef3\u2f00-\u2fd5]")
#: What _TONE_MARK, _FULLWIDTH_DIGIT or _RADICAL finds.
_ODD_CHARACTER = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ０-９\u2e80-\u2ef3\u2f00-\u2fd5]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Characters printed half-width (see `_line_widths`).
_NARROW = re.compile(r"[\x00-\u2e80]")
_TAB_SPACES = re.compile(r" *\t *")
_LINE_END_SPACES = re.compile(r" *\n *")
_SPACED_DATE = re.compile(r"(?<=\d) +(?=[年月日号])|(?<=[年月]) +(?=\d)")
_DATE_GAPS = (" 年", " 月", " 日", " 号", "年 ", "月 ")  # one must occur for a match
# Runs of blank lines become one (runs of two newlines are that already).
_BLANK_LINES = re.compile(r"\n{3,}")
_WHITESPACE = re.compile(r"\s")
_PAGE_NUMBER = re.compile(r"^[ \t]*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)[ \t]*$", re.M)
#: What every _PAGE_NUMBER line holds (-3- or 第3页), written to open with
#: a character class so that the engine skips to its first characters.
_PAGE_NUMBER_CORE = re.compile(r"[-—–第](?:(?<=[-—–])\s*\d{1,3}\s*[-—–]|(?<=第)\s*\d{1,3}\s*页)")
#: A bulleted page field run on after another (…2012-03-31• 标题:…): one a line.
_BULLET_FIELD = re.compile(r"(?<=\S)[ \t]*(?=[•·●▪][ \t]*[\u4e00-\u9fa5][\u4e00-\u9fa5 ]{0,7}[:：])")
_BULLETS = ("•", "·", "●", "▪")
_SENTENCE_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":")

# Re-splitting a flattened report: a break goes before a top-level heading
# (一、 二、 …), a parenthesised item ((一) (1)) and an Arabic-numbered item,
# but only after a sentence end or whitespace, so "第（一）项" and "2.5万元"
# stay whole.
_CN = "一二三四五六七八九十"
_FLAT_BREAK = re.compile(
    rf"(?<=[。；;：:！!？?\s])\s*(?="
    rf"[{_CN}]{{1,2}}、"
    rf"|[（(][{_CN}\d]{{1,2}}[)）]"
    rf"|\d{{1,2}}[、．.](?!\d)"
    rf")"
)
# A standard part heading glued to what comes before it, in a page that lost
# its line breaks: after table digits (…收费18651.06三、收到和处理…), after a
# table's last label, after prose. Only the opening words of the six
# standard titles are taken, so table rows (四、结转下年度继续办理) and items
# stay where they are; a listing of the titles (一、总体情况，二、…) is no heading.
_HEADING_AHEAD = (
    rf"[{_CN[:8]}]、(?:政府信息公开|政务公开)?(?:工作)?中?的?(?:当前|目前)?"
    r"(?:总体情况|概述|基本情况|主动公开|收到和处理|依申请公开(?:政府信息)?(?:工作)?的?情况"
    r"|(?:因政府信息公开(?:申请)?(?:引起|引发|提起)?的?)?(?:政府信息公开)?行政复议|存在的?主要问题"
    r"|存在(?:的)?(?:问题|不足|困难)|主要问题|(?:问题|不足|困难)(?:与|和|及)(?:问题|不足|困难|改进|整改)"
    r"|下一步的?(?:工作)?(?:打算|计划|思路|安排)|其他需要报告|其他需要说明)"
    rf"(?![^\n，,；;。]{{0,30}}[，,；;、][{_CN[:8]}]、)"
)
_GLUED_HEADING = re.compile(rf"(?<=[^\n])(?={_HEADING_AHEAD})")
#: Where a _GLUED_HEADING can be: before one of these (一、 … 八、).
_NUMBERED = re.compile(rf"[{_CN[:8]}]、")
_HEADING_AT = re.compile(_HEADING_AHEAD)
_LISTED = re.compile(rf"[{_CN[:8]}]、[^\n]{{2,40}}[，,；;、]$")


def _break_glued_headings(line: str) -> str:
    """A line break before each glued standard heading, except where the
    heading is an entry of a listing (一、总体情况，二、…，三、…)."""
    # what _GLUED_HEADING.sub would do, looking only where a heading's 一、 … 八、 is
    parts: list[str] = []
    done = 0
    for m in _NUMBERED.finditer(line):
        at = m.start()
        if not at or line[at - 1] == "\n" or not _HEADING_AT.match(line, at):
            continue
        if not _LISTED.search(line[max(0, at - 42):at]):
            parts += (line[done:at], "\n")
            done = at
    return "".join(parts) + line[done:] if parts else line


# Signature date at the very end of a flattened text.
_FLAT_DATE = re.compile(r"(?<=[。\s])\s*(?=\S{2,30}\s*(?:\d{4}|[〇零○一二][〇零○一二三四五六七八九]{3})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日\s*$)")


@lru_cache(maxsize=1)
def _t2s():
    # Loaded once per process; OpenCC reads its dictionaries on construction.
    import opencc

    return opencc.OpenCC("t2s")


def is_traditional(text: str) -> bool:
    """True when enough of the Chinese characters change under t2s to say the
    text is written in traditional script (a few shared characters such as
    著/乾 change in simplified text too, hence a ratio, not any change)."""
    if len(text) <= 8000 and unchanged_by_t2s(text):
        return False  # the sample below is drawn from these characters: none would change
    # The first 4000 CJK characters: usually all within the first 8000
    # characters, so long texts are not scanned to the end.
    sample = "".join(_CJK_RUN.findall(text[:8000]))
    if len(sample) < 4000 and len(text) > 8000:
        sample = "".join(_CJK_RUN.findall(text))
    sample = sample[:4000]
    if len(sample) < 10 or unchanged_by_t2s(sample):
        return False
    converted = _t2s().convert(sample)
    if converted == sample:
        return False  # the common case: simplified text, nothing changed
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return changed >= 3 and changed / len(sample) > 0.03


def fold_characters(text: str) -> str:
    """`text` without pinyin glosses, its Kangxi radicals as the unified
    characters and in simplified script: the character-level part of
    `normalize_text`, for a single statement (the category classifier)."""
    if _TONE_MARK.search(text):
        text = _PINYIN_GLOSS.sub("", text)
    if _RADICAL.search(text):
        text = text.translate(_RADICALS)
    return to_simplified(text)


def to_simplified(text: str) -> str:
    """The text in simplified script, if it is detected as traditional;
    otherwise the text unchanged."""
    return _t2s().convert(text) if is_traditional(text) else text


def _drop_breadcrumbs(text: str) -> str:
    if "位置" not in text or not _BREADCRUMB_START.search(text):
        return text  # no trail on any line (most texts): skip the line loop
    out = []
    for line in text.split("\n"):
        m = _BREADCRUMB_START.search(line)
        if not m or m.start() > 20:
            out.append(line)
            continue
        rest = line[m.end():]
        seps = list(_BREADCRUMB_SEP.finditer(rest[:120]))
        if not seps:
            continue  # "当前位置：首页" alone
        tail = rest[seps[-1].end():]
        if len(tail) <= 30:
            continue  # the whole line is the trail
        # A flattened page: keep what follows the last crumb's first word.
        cut = _WHITESPACE.search(tail)
        out.append(line[:m.start()] + (tail[cut.end():] if cut else tail))
    return "\n".join(out)


def _without_markup(text: str) -> str:
    """`text` with its HTML tags turned into layout, when it holds at least
    three (a text file saved from a page's source or a script string): an
    opening <td>/<th> is a TAB, a block tag a line break, any other tag
    nothing; entities are decoded and script escapes (\\" \\/) undone."""
    tags = [m for m in _TAG.finditer(text) if m.group(2).lower() in _MARKUP_TAGS]
    if len(tags) < 3:
        return text
    if '\\"' in text or "\\/" in text:
        text = text.replace('\\"', '"').replace("\\/", "/")

    def layout(m: re.Match) -> str:
        name = m.group(2).lower()
        if name not in _MARKUP_TAGS:
            return m.group()
        if name in _CELL_TAGS:
            return "" if m.group(1) else "\t"
        return "\n" if name in _BLOCK_TAGS else ""

    return html.unescape(_TAG.sub(layout, text))


def _tidy_spaces(text: str) -> str:
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\u200b", "")
    # Spaces (never tabs: they separate table cells) at the line ends and
    # beside tabs are layout, not content.
    # (The substitutions are skipped where they could not match.)
    if " \t" in text or "\t " in text:
        text = _TAB_SPACES.sub("\t", text)
    if " \n" in text or "\n " in text:
        text = _LINE_END_SPACES.sub("\n", text)
    return text.strip(" ")


_TOP_HEADING = re.compile(rf"(?:^|(?<=[。；;：:！!？?\s]))[{_CN}]{{1,2}}、")
# Two _TOP_HEADING matches on one line need at least this.
_TWO_NUMBERED = re.compile(rf"[{_CN}]、[^\n]*[{_CN}]、")


def is_flattened(line: str) -> bool:
    """A line holding several top-level headings: a report (or part of one)
    squeezed onto one line when copied from a web page."""
    return len(_TOP_HEADING.findall(line)) + len(_GLUED_HEADING.findall(line)) >= 2


def resplit(line: str) -> str:
    """Line breaks before headings and numbered items of a flattened line."""
    line = _break_glued_headings(line)
    line = _FLAT_BREAK.sub("\n", line)
    line = _FLAT_DATE.sub("\n", line)
    return "\n".join(l.strip(" ") for l in line.split("\n"))


def _line_widths(text: str) -> list[float]:
    """The printed width of every line of text in CJK characters (Latin
    letters and digits are half), in one pass over the text."""
    # Characters above U+2E80 count 1, the rest 0.5: a line's width is its
    # length less half its narrow characters (all of them in an ASCII line).
    narrow = _NARROW.findall
    return [len(line) / 2 if line.isascii() else len(line) - len(narrow(line)) / 2 for line in text.split("\n")]


# A line starting a heading or numbered item is never the rest of the line before.
_ITEM_START = re.compile(rf"[ \t]*(?:[{_CN}]{{1,2}}、|[（(][{_CN}\d]{{1,2}}[)）]|\d{{1,2}}[、．.](?!\d)|第[{_CN}]{{1,3}}[章部分条节])")
# A top-level heading title (no clause punctuation): the next line is not its rest.
_HEADING_LINE = re.compile(rf"[ \t]*(?:[{_CN}]{{1,2}}、|[（(][{_CN}]{{1,2}}[)）])[^，,。；;：:]*$")


def unwrap(text: str) -> str:
    """Join the hard-wrapped lines of PDF text back into paragraphs.

    A text is hard-wrapped when many prose lines share one printed width;
    a line of that full width that does not end a sentence continues on the
    next line. Table rows (tabs) are never joined."""
    lines = text.split("\n")
    # Only lines of 12 characters or more can be 12 wide: measure just those.
    prose = [l for l in lines if len(l) >= 12 and "\t" not in l]
    if len(prose) < 6:
        return text
    # The lines of full width below are at least 17 wide (a mode of 20 or
    # more, less 3), so at least 17 long, and end no sentence: fewer than 6
    # such lines never make a wrapped text.
    if sum(1 for l in prose if len(l) >= 17 and not l.rstrip().endswith(_SENTENCE_END)) < 6:
        return text
    prose_widths = _line_widths("\n".join(prose))
    widths = [round(w) for w in prose_widths if w >= 12]
    if len(widths) < 6:
        return text
    # The full width: the width with most lines at or up to 3 below it (a
    # justified page varies by a character or two with narrow commas), the
    # wider one on a tie; a plain mode may settle on a width just below it.
    counts = Counter(widths)
    mode = max(counts, key=lambda c: (counts[c] + counts[c - 1] + counts[c - 2] + counts[c - 3], c))
    # A page is at least 20 characters wide; short headings of one width
    # must not pass for a wrapped text.
    if mode < 20:
        return text
    full = [
        l for l, w in zip(prose, prose_widths)
        if mode - 3 <= w <= mode + 0.5 and not l.rstrip().endswith(_SENTENCE_END)
    ]
    if len(full) < max(6, 0.3 * len(widths)):
        return text
    line_widths = _line_widths(text)
    out: list[str] = []
    joining = False
    for line, width in zip(lines, line_widths):
        if joining and not line.strip():
            continue  # a page break inside a paragraph
        if joining and "\t" not in line and not _ITEM_START.match(line):
            out[-1] += line
        else:
            out.append(line)
        last = out[-1]
        joining = (
            "\t" not in last
            and width >= mode - 3
            and not last.rstrip().endswith(_SENTENCE_END)
            and not _HEADING_LINE.match(last)
            and last.count(" ") < 3  # a table row printed with spaces
        )
    return "\n".join(out)


def _one_blank_line(text: str) -> str:
    return _BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text


def normalize_text(text: str) -> str:
    """The canonical form of report text that the parser works on.

    Removes BOM, comment and bookmark remnants, pinyin glosses, Markdown heading and bold
    markers, breadcrumb trails; converts traditional script to simplified
    full-width digits to ASCII and Kangxi radicals to the unified characters; trims spaces; re-splits flattened text.
    Never raises.
    """
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    # Each step is skipped when a plain substring test shows it has nothing
    # to do: most texts carry none of this debris.
    if "<!" in text:
        text = _COMMENT.sub("", text)
    if "<" in text and ">" in text:
        text = _without_markup(text)
    if "[bookmark:" in text:
        text = _BOOKMARK.sub("", text)
    # one scan for the characters of the next three steps (none, in most
    # texts); the steps between them only take characters out
    odd = _ODD_CHARACTER.search(text) is not None
    if odd and _TONE_MARK.search(text):
        text = _PINYIN_GLOSS.sub("", text)
    text = text.replace("**", "")
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    if odd and _FULLWIDTH_DIGIT.search(text):
        text = text.translate(_FULLWIDTH_DIGITS)
    if odd and _RADICAL.search(text):
        text = text.translate(_RADICALS)
    text = _drop_breadcrumbs(text)
    text = to_simplified(text)
    text = _tidy_spaces(text)
    if _PAGE_NUMBER_CORE.search(text):  # else no line is a page number
        text = _PAGE_NUMBER.sub("", text)
    if any(bullet in text for bullet in _BULLETS):
        text = _BULLET_FIELD.sub("\n", text)
    # PDF text spaces digits off from 年/月/日 ("2023 年 1 月"); dates and
    # years are easier to read back without.
    if any(gap in text for gap in _DATE_GAPS):
        text = _SPACED_DATE.sub("", text)
    text = unwrap(_one_blank_line(text))
    if _TWO_NUMBERED.search(text):  # else no line can be flattened
        text = "\n".join(resplit(l) if is_flattened(l) else l for l in text.split("\n"))
    if "、" in text:  # a heading glued on in a line that is otherwise whole
        text = _break_glued_headings(text)
    text = _one_blank_line(text)
    return text.strip()
