"""Text of a problems part that is not a problem statement, whatever the
item walk makes of it: a copy's unfinished last sentence, a summary the
page repeats, the heading of a part the section finder did not know,
an attachment printed after the report (附件1：…统计表), generic lead-ins
and closings, list words, page chrome (data:
indexer/data/page_chrome.txt) and excerpt fragments (政府信息公, 2019年政)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from indexer.parser.problem_items import CN, MEASURE_WORD, TRIM, numeral_value
from indexer.parser.problems_prose import _SHORTCOMING, named_gap, only_generic_words

_SENTENCE_END = "。；;！!？?）)”"


def without_cut_tail(text: str) -> str:
    """The text without an unfinished last sentence (a copy cut mid-way:
    "1.公开内容需要进一步深化。政府机关主动公开的政府信息"): the last
    paragraph is cut back to its last sentence end, when it has one."""
    body = text.rstrip()
    if not body or body[-1] in _SENTENCE_END:
        return text
    head, _, last = body.rpartition("\n")
    cut = max(last.rfind(c) for c in _SENTENCE_END)
    if cut < 0:
        return text
    return (head + "\n" if head else "") + last[: cut + 1]


#: A statement ending in a generic shortcoming (…还存在一些薄弱环节,
#: 离…要求还有很大的差距, 结合工作中存在的问题和不足) or closing the list
#: (均有待今后予以高度重视并加以解决).
_GENERIC_END = re.compile(
    r"(?:还|仍然?|也|依然|尚)?(?:有|存在|存)着?(?P<some>的?(?:一些|一定的?|不少|很大的?|较大的?|诸多|许多|明显的?)|的)?"
    r"(?:差距|问题|不足|困难|薄弱环节|短板|距离|不足之处)(?:和|与|及)?(?:问题|不足|差距|短板|困难)?$"
)
_CLOSING = re.compile(r"^(?:以上|上述|这些)?(?:问题|不足)?(?:均|都|皆).{0,20}(?:解决|改进|整改|重视)$")
#: Words that introduce the list, kept at a statement's start by mistake.
_LEAD_WORDS = re.compile(
    r"^(?:(?:存在的?)?(?:一些)?(?:问题|不足)(?:主要)?(?=如|例如|比如|包括|是|有|表现))?"
    r"(?:如(?!何|实|期|果)|例如|比如|主要是|主要包括|包括|主要表现[在为]|具体表现[在为]|表现[在为])[：:，,]?"
)


#: Where an attachment printed after the report begins (附件1：…统计表,
#: 附表：…, 附件下载): the old-format statistics table that follows the last
#: part, whose numbered rows (其中：1.网站公开 条 418 1509) are no statements.
_APPENDIX = re.compile(r"(?:^|(?<=[\s。；;！!？?）)]))(?:附件\s*[0-9一二三四五六七八九十]*\s*[：:]|附表\s*[0-9一二三四五六七八九十]*\s*[：:]|附件下载)")
#: The report's signature date standing before an attachment (二○一二年二月二十日 附件1：…)
_SIGNED_DATE = re.compile(r"(?:^|\s)(?:[二〇○零一三四五六七八九]{4}|20\d\d)年[一二三四五六七八九十\d]{1,2}月[一二三四五六七八九十\d]{1,3}日\s*$")


#: A saved page's links after the article (相关文章, 上一篇：…): the
#: report has ended.
_RELATED_LINKS = re.compile(r"(?m)^[ \t]*(?:相关(?:文章|阅读|新闻|链接|信息|文件)|上一篇|下一篇)[ \t]*(?:[:：]|$)")


def without_appendix(text: str) -> str:
    """`text` up to an attachment printed after it (`_APPENDIX`) or a saved
    page's related links, and without the signature date right before an
    attachment."""
    related = _RELATED_LINKS.search(text)
    if related:
        text = text[:related.start()]
    m = _APPENDIX.search(text)
    if not m:
        return text
    head = text[:m.start()]
    return _SIGNED_DATE.sub("", head).rstrip()


#: The gap to what is expected (离上级要求还有很大的差距): no aspect either.
_EXPECTATION = re.compile(r"^[^，,；;]{0,4}(?:与|离|同|距离?|对照)[^，,；;]{0,16}(?:要求|需求|期望|期待|标准|目标)")


@lru_cache(maxsize=4096)
def is_generic(statement: str) -> bool:
    """A lead-in or summary that names no aspect (还存在一些薄弱环节, 离…要求
    还有很大的差距, 在工作中仍在不足) or a closing line; a subject before a
    bare shortcoming (平台互动功能仍有不足) makes it concrete. Remembered, as
    `is_page_chrome`: statements recur from report to report."""
    if _CLOSING.match(statement) or only_generic_words(statement):
        return True
    if named_gap(statement):
        return False
    m = _GENERIC_END.search(statement)
    head = statement[: m.start()] if m else ""
    return bool(m) and not _SHORTCOMING.search(head) and (
        bool(m.group("some")) or only_generic_words(head) or head.endswith(("工作", "方面")) or bool(_EXPECTATION.match(head)))


def without_lead_words(statement: str) -> str:
    m = _LEAD_WORDS.match(statement)
    rest = statement[m.end():].strip(TRIM) if m and m.end() else statement
    return rest if len(rest) >= 4 else statement


_SUMMARY_LABEL = re.compile(r"^(?:导读|摘要|内容提要|提要|导语)[:：]\s*")


def without_repeated_summary(text: str) -> str:
    """The text without a page's summary paragraph (导读:…) that a later
    paragraph repeats in full: its list would be read twice."""
    paras = text.split("\n")
    if len(paras) < 2:
        return text
    kept = []
    for i, para in enumerate(paras):
        m = _SUMMARY_LABEL.match(para.strip())
        head = para.strip()[m.end():].rstrip(TRIM) if m else ""
        if len(head) >= 20 and any(p.strip().startswith(head) for p in paras[i + 1:]):
            continue
        kept.append(para)
    return "\n".join(kept)


CHROME_PATH = Path(__file__).resolve().parent.parent / "data" / "page_chrome.txt"


@lru_cache(maxsize=1)
def _chrome() -> re.Pattern:
    lines = CHROME_PATH.read_text(encoding="utf-8").splitlines()
    patterns = [line for line in lines if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=4096)
def is_page_chrome(text: str) -> bool:
    """Whether `text` is page chrome as a whole (a file name, 打印/关闭, a lone
    |, the report's own title): see indexer/data/page_chrome.txt. Remembered:
    statements recur from report to report (the patterns' bounded runs
    backtrack over the whole of a long statement)."""
    return bool(_chrome().fullmatch(text.strip()))


def is_fragment(statement: str, text: str) -> bool:
    """A few characters of a copy cut mid-word (政府信息公, 2019年政): short,
    naming no shortcoming, and running into the end of a line of `text`
    without any punctuation."""
    if len(statement) >= 8 or _SHORTCOMING.search(statement):
        return False
    at = text.find(statement)
    return at >= 0 and text[at + len(statement):at + len(statement) + 1] in ("", "\n")


#: A top-level heading of the next part, which the report's own numbering
#: does not lead up to (1.…2.… then 六、工作亮点): where the part ends.
_NEXT_PART = re.compile(rf"^(?P<n>[{CN}]{{1,2}})、[^。；;，,：:！!？?]{{2,20}}[：:]?$")
_CN_ITEM = re.compile(rf"^(?P<n>[{CN}]{{1,2}})、")


def next_part(text: str) -> tuple[str, str]:
    """(text before, text after) a heading of another part that the section
    finder did not know (六、年度工作亮点, 七、2013年重点工作安排): its title
    is not a statement. ("", "") after means no such heading."""
    seen = {0}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        line = line.strip()
        m = _NEXT_PART.match(line)
        ordinal = numeral_value(m.group("n")) if m else 0
        if ordinal >= 2 and ordinal - 1 not in seen:
            after = "\n".join(lines[i + 1:])
            # a plan for next year holds measures; anything else is no concern here
            return "\n".join(lines[:i]), (after if MEASURE_WORD.search(line) or "安排" in line else "")
        item = _CN_ITEM.match(line)
        if item:
            seen.add(numeral_value(item.group("n")))
    return text, ""
