"""The same text, as copy detection sees it: statements compared as written.

`normalise` drops numbering, punctuation and spaces and folds traditional
characters; `core` also drops the topic words, hedges, a report's names for
itself and the fillers an agency adds when it takes a sentence over, so
"我街道信息公开面对社会宣传力度不够" and "本镇信息公开面对社会宣传力度还不够" have the
same core. Two statements are the same text (`shared_text`) when the whole
statements, or one statement and one sentence of the other, are nearly the
same bigrams or character sequence, or one contains the other covering at
least half of it (`is_copy`); or their cores are nearly the same bigrams, or
their stock forms (`stock_form`: 信息更新还不够及时 / 政府信息更新不够及时); or
one is an edited copy of the other, most of its core in long shared runs
(`rewritten`).
A shared text is long enough to be a copy rather than a stock phrase
(`long_enough`) from MIN_COPY_CHARS characters, MIN_COPY_CORE in its core.
Used by `indexer.similar` (flags) and `indexer.compare` (changed sentences).
"""
from __future__ import annotations

import functools
import re
from difflib import SequenceMatcher

from indexer.search.analysis import to_simplified

#: "Essentially the same text": either measure on the normalised statements.
SAME_BIGRAM_JACCARD = 0.8
SAME_SEQUENCE_RATIO = 0.85
#: Or: this share of the shorter statement's 4-character shingles is in the longer.
SAME_CONTAINMENT = 0.9
#: ... when the shorter is at least this share of the longer.
CONTAINED_SHARE = 0.5
SHINGLE = 4
#: A statement held whole in a longer one, of any length, is a copy from this
#: many characters (`held_in`; shorter ones are stock clauses).
HELD_CHARS = 14
#: Shorter statements (after normalising) are stock phrases that many
#: agencies write independently ("信息发布不够及时"), not copies.
MIN_COPY_CHARS = 10
#: An edited copy (`rewritten`): the shorter statement's core shares runs of at
#: least REWRITE_RUN characters with the longer's, REWRITE_CHARS in all and
#: REWRITE_SHARE of it. (On bench/judged-dev2's archive: the two edited copies
#: share 20/25 and 24/34 of their cores; the closest pair of different
#: statements 19/33, then 13/24.)
REWRITE_RUN = 4
REWRITE_CHARS = 16
REWRITE_SHARE = 0.65
#: Identical statements at least this long are flagged as shared (stock phrases below MIN_COPY_CHARS).
MIN_SHARED_CHARS = 4
#: A copy also keeps this much once the topic words, hedges and self-references
#: are gone (`core`); "信息公开的内容有待进一步规范" keeps 内容规范 and is a stock phrase.
MIN_COPY_CORE = 8

# Leading enumeration: 一是 / （一） / 1. / 1、/ 一、/ 第一， / 一方面 / 另一方面 / 其一
_CN_NUM = "一二三四五六七八九十"
_NUMBERING = re.compile(
    rf"(?:(?<=^)|(?<=[。；;，,\s]))\s*(?:[{_CN_NUM}]+是|[（(][{_CN_NUM}\d]+[)）]|\d+\s*[.．、)]"
    rf"|[{_CN_NUM}]+、|第[{_CN_NUM}]+[，,、]?|另?一方面|其[{_CN_NUM}])"
)
NON_WORD = re.compile(r"[\W_]+")
#: The topic of every statement and the usual hedges; kept out of the wording
#: measure so that two statements are not "alike" merely because both say
#: 政府信息公开 … 有待进一步.
TOPIC = re.compile(r"政府信息公开|政务信息公开|政务公开|信息公开|政府信息|政务信息"
                   r"|进一步|有待|还需要|还需|仍需|尚需|需要|还要")
#: How a report names its own organ (我街道, 本镇, 我局 …) and the fillers an
#: agency adds when it takes over a sentence (还, 仍, 的): gone from `core`.
_SELF = re.compile(r"[我本](?:街道|单位|部门|局|镇|乡|委|办|区|县|市|中心|所|院|厅|署|处|科|站|馆)")
_FILLER = re.compile(r"[还仍尚也的]")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
#: What else a stock phrase varies in when agencies write it independently: the
#: subject words left in the core (政府, 信息, 公开: 公开内容不全面 / 内容公开不够全面)
#: and 不够 for 不. Gone from `stock_form`.
_STOCK_VARIANTS = re.compile(r"政府|信息|公开|(?<=不)够")


def normalise(text: str) -> str:
    """The statement as written, without numbering, punctuation or spaces,
    in simplified characters: what copy detection compares."""
    if text and len(text) <= _REMEMBERED:
        return _normalised(text)
    simple = to_simplified(text or "")
    return NON_WORD.sub("", _NUMBERING.sub("", simple))


#: Statements and paragraphs up to this long are normalised once per process:
#: shared boilerplate recurs across reports (a build worker meets each again).
_REMEMBERED = 400


@functools.lru_cache(maxsize=4096)  # ~4 MB of text at most
def _normalised(text: str) -> str:
    return NON_WORD.sub("", _NUMBERING.sub("", to_simplified(text)))


def core(written: str) -> str:
    """A normalised statement without the topic words, hedges, self-references
    and fillers: "我街道信息公开面对社会宣传力度不够" and "本镇信息公开面对社会宣传力度还不够"
    are both 面对社会宣传力度不够. Copy detection compares this as well as the text."""
    return _FILLER.sub("", TOPIC.sub("", _SELF.sub("", written)))


def stock_form(written: str) -> str:
    """A normalised statement's core without the words a stock phrase varies in:
    "政府信息更新不够及时" and "信息更新还不够及时" are both 更新不及时,
    "政府信息公开内容不够全面" and "内容公开不够全面" both 内容不全面."""
    return _STOCK_VARIANTS.sub("", core(written))


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def copy_similarity(a: str, b: str) -> float:
    """How close two normalised statements are to being the same text, 0–1:
    the larger of char-bigram Jaccard and difflib's sequence ratio."""
    if not a or not b:
        return 0.0
    ga, gb = bigrams(a), bigrams(b)
    jaccard = len(ga & gb) / len(ga | gb)
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    return max(jaccard, ratio)


def containment(a: str, b: str) -> float:
    """Share of the shorter text's SHINGLE-character shingles found in the longer one."""
    short, long_ = sorted((a, b), key=len)
    shingles = shingle_set(short)
    if not shingles:
        return 0.0
    return len(shingles & shingle_set(long_)) / len(shingles)


def is_copy(a: str, b: str, min_chars: int = MIN_COPY_CHARS) -> bool:
    """True when normalised statements `a` and `b` are essentially the same text:
    nearly the same bigrams or character sequence, or one
    contained in the other with a sentence added (the shorter at least
    CONTAINED_SHARE of the longer: a stock clause inside a long statement is
    not that statement). Statements shorter than `min_chars` are never copies."""
    if min(len(a), len(b)) < min_chars:
        return False
    ga, gb = bigrams(a), bigrams(b)
    if len(ga & gb) / len(ga | gb) >= SAME_BIGRAM_JACCARD:
        return True
    if min(len(a), len(b)) >= CONTAINED_SHARE * max(len(a), len(b)) and containment(a, b) >= SAME_CONTAINMENT:
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_SEQUENCE_RATIO


def pieces(text: str) -> list[str]:
    """The normalised statement, then each of its sentences when it has several."""
    sentences = [piece for piece in map(normalise, _SENTENCE_END.split(text or "")) if piece]
    return [normalise(text), *(sentences if len(sentences) > 1 else [])]


def same_text(a: str, b: str) -> bool:
    """The same text as written, or nearly the same bigrams once the hedges are
    gone (`core`) or once the words a stock phrase varies in are (`stock_form`).
    (The cores are short: their sequence ratio would call 意识不强 / 意识加强 the same,
    and containment would find 宣传力度不够 in 对《条例》学习宣传力度不够.)"""
    if is_copy(a, b, MIN_SHARED_CHARS):
        return True
    ca, cb = core(a), core(b)
    return _same_bigrams(ca, cb) or _same_bigrams(_STOCK_VARIANTS.sub("", ca), _STOCK_VARIANTS.sub("", cb))


def _same_bigrams(a: str, b: str) -> bool:
    if min(len(a), len(b)) < MIN_SHARED_CHARS:
        return False
    ga, gb = bigrams(a), bigrams(b)
    return len(ga & gb) / len(ga | gb) >= SAME_BIGRAM_JACCARD


def shared_text(mine: list[str], theirs: list[str]) -> tuple[str, str] | None:
    """The two normalised texts that are the same text, from two statements'
    `pieces`: the statements themselves, or one statement and one sentence of
    the other (a sentence written before or after it), or one whole statement
    held in the other (`held_in`: a clause added before or after it with a
    comma, not a full stop), or one an edited copy of the other (`rewritten`);
    None when none of these."""
    pairs = [(mine[0], theirs[0]), *((mine[0], t) for t in theirs[1:]), *((m, theirs[0]) for m in mine[1:])]
    found = next(((a, b) for a, b in pairs if same_text(a, b)), None)
    if found is None and held_in(mine[0], theirs[0]):
        short = min(mine[0], theirs[0], key=len)
        found = (short, short)
    if found is None and rewritten(mine[0], theirs[0]):
        found = (mine[0], theirs[0])
    return found


def rewritten(a: str, b: str) -> bool:
    """Whether one normalised statement is an edited copy of the other: their
    cores (`core`) share runs of REWRITE_RUN characters or more that make up
    REWRITE_CHARS characters and REWRITE_SHARE of the shorter core. An agency
    taking a statement over reorders a clause, adds one or swaps a word
    ("公开内容的及时性、全面性、便民性等都还需要在今后的工作中加以改进" /
    "…公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进"), so
    neither the whole-text measures nor containment see it; two statements
    of the same shortcoming share a stock clause or two, not most of their
    wording."""
    short, long_ = sorted((core(a), core(b)), key=len)
    if len(short) < REWRITE_CHARS:
        return False
    blocks = SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks()
    shared = sum(block.size for block in blocks if block.size >= REWRITE_RUN)
    return shared >= REWRITE_CHARS and shared >= REWRITE_SHARE * len(short)


def held_in(a: str, b: str) -> bool:
    """Whether the shorter of two normalised statements is held whole in the
    longer, whatever the longer adds around it: SAME_CONTAINMENT of its
    shingles are in the longer, and it is HELD_CHARS long and long enough to be
    a copy (`long_enough`): a stock clause (内容有待进一步规范, 与公众的需求还存在差距)
    inside a long statement is not that statement."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < HELD_CHARS or len(long_) == len(short) or not long_enough((short, short)):
        return False
    return shingles_held(shingle_set(short), long_)


def shingles_held(shingles: set[str], long_: str) -> bool:
    """Whether SAME_CONTAINMENT of a shorter text's `shingles` (`shingle_set`)
    occur in `long_` (False for a text too short to have one)."""
    return bool(shingles) and sum(s in long_ for s in shingles) >= SAME_CONTAINMENT * len(shingles)


def long_enough(pair: tuple[str, str]) -> bool:
    """Whether a shared text is long enough to be a copy rather than a stock phrase:
    MIN_COPY_CHARS on both sides, and MIN_COPY_CORE without the hedges."""
    return (min(len(pair[0]), len(pair[1])) >= MIN_COPY_CHARS
            and min(len(core(pair[0])), len(core(pair[1]))) >= MIN_COPY_CORE)


#: `holder`: the longer statement adds at least this many characters of its own
#: (once the hedges and self-references are gone: a clause, not 我街道 or 还).
HOLDS_EXTRA = 4


def holder(a: str, b: str) -> str:
    """Which of two normalised statements holds the other whole with words of
    its own: "a", "b", or "" (neither, or the same text). Compared without
    hedges and self-references (`core`, when that is long enough to be a copy),
    by SAME_CONTAINMENT of the shorter one's shingles."""
    ca, cb = core(a), core(b)
    if min(len(ca), len(cb)) < MIN_COPY_CORE:
        ca, cb = a, b
    if abs(len(ca) - len(cb)) < HOLDS_EXTRA:
        return ""
    short, long_ = sorted((ca, cb), key=len)
    if not shingles_held(shingle_set(short), long_):
        return ""
    return "a" if long_ is ca else "b"


#: `restates`: an organ's statement is last year's when this share of the
#: shorter one's shingles is in the other, the shorter is at least
#: CONTAINED_SHARE of the longer (a stock clause inside a long statement is not
#: that statement) and they share RESTATED_MIN_SHINGLES shingles or more.
#: (八万镇 2021 / 2024, one clause dropped and one reworded: 43 of the shorter's 51, 0.84.)
RESTATED_SHINGLES = 0.8
RESTATED_MIN_SHINGLES = 12
#: Or, with fewer shingles shared (at least this share of the shorter's), an
#: edited copy of it (`rewritten`): 受人员编制所限…人员少而工作量大 / 受限于人员编制情况…人员少工作量大.
RESTATED_EDITED = 0.5


def shingle_set(written: str) -> set[str]:
    """The SHINGLE-character shingles of a text."""
    return {written[i:i + SHINGLE] for i in range(len(written) - SHINGLE + 1)}


#: Where a statement's clauses end, as written (the copy pass compares texts without punctuation).
_CLAUSE = re.compile(r"[，,、；;。！？!?：:\s]+")


def keeps_clause(a: str, b: str) -> bool:
    """Whether one of two statements, as written, is one clause or a run of clauses
    of the other once both are without hedges (`core`), MIN_COPY_CORE characters
    or more: an organ keeping a clause of its last statement (宣传力度还不够到位、
    还需要进一步提高信息报送时效 / 需要进一步提高信息报送时效), or adding one to it.
    Even a short or common clause: one organ writing its own words again is a
    repeat. A clause must be whole: 依申请公开答复工作机制不够健全 does not keep
    工作机制不够健全 (another mechanism), nor does a statement that only shares it."""
    ca, cb = core(normalise(a)), core(normalise(b))
    short, longer = (ca, b) if len(ca) <= len(cb) else (cb, a)
    if len(short) < MIN_COPY_CORE or ca == cb:
        return False
    parts = [core(normalise(x)) for x in _CLAUSE.split(longer) if x.strip()]
    for i in range(len(parts)):
        run = ""
        for part in parts[i:]:
            run += part
            if run == short:
                return True
            if len(run) >= len(short):
                break
    return False


def restates(written: str, earlier: list[str], shingled: list[set[str]] | None = None) -> bool:
    """Whether normalised statement `written` restates one of the normalised
    `earlier` statements by shingle containment: an organ writing last year's
    statement again with a clause dropped, added or reworded, which whole-text
    measures miss; or, sharing half of the shorter's shingles, as an edited copy
    (`rewritten`). Set operations first: the copy pass asks it of every
    statement that has a previous report, and compares sequences only for
    pairs sharing that much. `shingled`: each earlier statement's
    `shingle_set`, when already made (the copy pass asks it of each statement
    of a report against the same earlier ones)."""
    mine = shingle_set(written)
    for k, other in enumerate(earlier):
        theirs = shingled[k] if shingled is not None else shingle_set(other)
        short, long_ = sorted((len(mine), len(theirs)))
        shared = len(mine & theirs)
        if short >= CONTAINED_SHARE * long_ and shared >= RESTATED_MIN_SHINGLES and shared >= RESTATED_SHINGLES * short:
            return True
        # reworded more than that: most of the shorter core still in long runs (`rewritten`),
        # also when the longer adds sentences of its own (市场监督管理局 2021 / 2022: two of
        # three clauses kept inside a statement twice as long)
        if shared >= RESTATED_EDITED * short and rewritten(written, other):
            return True
    return False


# Query-side only (`indexer.copyflags`): the build's copy pass calls none of what follows.

#: `held_edited`: the shorter text's characters are in the longer, in order, in runs of two
#: or more, this share of them ...
HELD_EDITED_SHARE = 0.9
#: ... within a stretch of the longer at most this many times the shorter's length: a few
#: words put in (与公众的需求还存在差距 / …与公众的需求还存在一些差距 / …还存在一定的差距).
HELD_EDITED_SPAN = 1.3
#: `clause_runs`: a clause of one statement may be two of another's (split at 、 or not).
CLAUSE_RUN = 2


def clause_texts(text: str) -> list[str]:
    """A statement's clauses (split at ，、；。：), normalised, MIN_SHARED_CHARS long or more."""
    return [c for c in (normalise(x) for x in _CLAUSE.split(text or "")) if len(c) >= MIN_SHARED_CHARS]


def clause_runs(clauses: list[str]) -> list[str]:
    """Each clause, and each run of up to CLAUSE_RUN consecutive clauses joined."""
    return [''.join(clauses[i:i + n]) for n in range(1, CLAUSE_RUN + 1) for i in range(len(clauses) - n + 1)]


def clauses_in(mine: list[str], theirs: list[str]) -> list[str] | None:
    """The runs of `theirs` (`clause_runs` of a statement's `clause_texts`) that are the
    same text (`same_text`) as each clause of `mine`, in any order: a statement's every
    clause found in the other, as written or in a stock variant (内容公开不够全面 /
    信息公开内容不够全面); None when a clause of `mine` is not there (or `mine` has none).
    Runs sharing under half of a clause's bigrams are not compared."""
    if not mine:
        return None
    runs = [(run, bigrams(run)) for run in clause_runs(theirs)]
    found = []
    for clause in mine:
        grams = bigrams(clause)
        match = next((run for run, theirs_grams in runs
                      if 2 * len(grams & theirs_grams) >= len(grams) and same_text(clause, run)), None)
        if match is None:
            return None
        found.append(match)
    return found


def held_edited(short: str, long_: str) -> bool:
    """Whether normalised `short` (MIN_COPY_CHARS or more) is in the longer `long_` with a
    few words put in: HELD_EDITED_SHARE of its characters matched in order, in runs of two
    or more, within HELD_EDITED_SPAN times its length of the longer."""
    if len(short) < MIN_COPY_CHARS or len(long_) <= len(short):
        return False
    blocks = [b for b in SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks() if b.size >= 2]
    if not blocks or sum(b.size for b in blocks) < HELD_EDITED_SHARE * len(short):
        return False
    return blocks[-1].b + blocks[-1].size - blocks[0].b <= HELD_EDITED_SPAN * len(short)


#: `swapped_words`: texts this long or longer (normalised) ...
SWAPPED_CHARS = 20
#: ... that differ only in replaced, put-in or dropped words of at most this many characters each ...
SWAPPED_WORD = 4
#: ... keeping this share of the longer as it is.
SWAPPED_SHARE = 0.8


def swapped_words(a: str, b: str) -> bool:
    """Whether normalised statements `a` and `b` are one text with a few words swapped:
    both SWAPPED_CHARS long or more, every difference SWAPPED_WORD characters or fewer on
    either side, and SWAPPED_SHARE of the longer unchanged. A county's statement taken over
    by its town with the names changed (洪泽区部分单位… / 三河镇部分村…; 全区…部门和乡镇 /
    全镇…村和站所), which the whole-text ratio puts just under SAME_SEQUENCE_RATIO."""
    if min(len(a), len(b)) < SWAPPED_CHARS or min(len(a), len(b)) < SWAPPED_SHARE * max(len(a), len(b)):
        return False  # (the kept characters are at most the shorter's)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal" and max(i2 - i1, j2 - j1) > SWAPPED_WORD:
            return False
    kept = sum(block.size for block in matcher.get_matching_blocks())
    return kept >= SWAPPED_SHARE * max(len(a), len(b))
