"""How like a statement each candidate is: `rank`, the score of `indexer.similar`, 0–1.

Candidates come from the archive's term search (BM25, unbounded, `indexer.candidates`),
so they are re-scored here on the statements themselves:

* `terms`: cosine of jieba word counts (sub-words included, so 兼职人员
  meets 兼职), weighted by inverse document frequency among the statements
  compared, after dropping words every statement shares (政府, 信息, 公开,
  不够 …) that would make any two statements alike; for a candidate of
  several clauses, its best clause's cosine at CLAUSE_WEIGHT when higher
  (a statement listing three shortcomings states the seed's in one clause); words of one group of
  the curated domain equivalences (`indexer.equivalents`: 平台/渠道/载体,
  形式单一/不够丰富) count as the same word, and each group a statement
  mentions is one more term;
* `wording`: how much of the actual wording is shared: the mean of the
  character-sequence ratio (difflib) and the character-bigram Dice overlap;
* `topic`: the two statements' problem categories in common: the mean of
  their overlap (Jaccard) and the share of the statement's categories the
  candidate names (a candidate naming the statement's shortcoming beside two
  others states it, as the judged sets grade it, but the overlap alone gives
  it a third), so two ways of saying "staff are part-time and keep changing"
  meet even when they share few words; in full only from a term cosine of
  TOPIC_GATE on (a broad category shared without a word in common says little).

* `items`: for a statement listing several shortcomings
  (`indexer.statement_items`), each listed item is compared with the
  candidate's clauses: each candidate says which items it states (term
  cosine of ITEM_MATCH or more with one of its clauses: `seed_items`), and
  the statement's items are `SimilarResult.items`, so a page offers
  "statements like item 3" (that item's own list). They do not change the
  score (a bonus per stated item lost on the held-out seeds: ITEM_MATCH);

* `vector`: cosine of the two statements' IDF-weighted mean word vectors,
  learned from the archive by the build (`indexer.vectors`), so 渠道比较窄
  meets 平台建设滞后 through words the archive uses alike.

`lexical = 0.45 * terms + 0.35 * wording + 0.20 * topic * min(1, terms / TOPIC_GATE)`; with word vectors
`score = 0.75 * lexical + 0.25 * vector`, without them (an archive too small
to learn from) `score = lexical`; for a statement of one shortcoming, plus
PAIR_BONUS times how well the candidate states it of the same subject
(`indexer.problem_pairs`: 栏目内容更新较慢 for 网站栏目信息更新不及时); for one listing
several, plus ITEMS_PAIR_BONUS for stating two of its items' pairs or more. A copy
scores at least its copy similarity.

Flags (`near_duplicate`, `stock_phrase`, `repeated_from_last_year`, and a flagged
copy's direction `holds_seed` / `in_seed`) are `indexer.copyflags`'s, which says
when each holds; "the same text" (`shared_text`) is `indexer.sametext`'s.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any, Iterable

from indexer.categories import OTHER, category_ids
from indexer.copyflags import flags as copy_flags
from indexer.copyflags import make_seed
from indexer.equivalents import same_aspect
from indexer.problem_pairs import asked, items_beyond_one, pair_similarity
from indexer.problem_pairs import read as read_pairs
from indexer.sametext import MIN_COPY_CHARS, TOPIC, bigrams, copy_similarity, core, normalise, pieces, shared_text
from indexer.statement_items import best_clause as _best_clause
from indexer.statement_items import clause_bags as _clause_bags
from indexer.statement_items import content_words as _content_words
from indexer.statement_items import cosine as _cosine
from indexer.statement_items import idf as _idf
from indexer.statement_items import item_cosines, items as statement_items, unit

TERM_WEIGHT = 0.45
WORDING_WEIGHT = 0.35
TOPIC_WEIGHT = 0.20
#: The shared categories count in full only when the term cosine reaches this
#: (below, in proportion): one broad category (quality, coverage) shared by two
#: statements with no word in common put 内容规范 beside 质量水平.
TOPIC_GATE = 0.1
#: A candidate whose problem categories share none of the statement's (nor an
#: aspect listed with them, `equivalents.same_aspect`) names another
#: shortcoming, whatever words it shares (队伍建设 beside 平台建设), or none
#: (还存在些不足): its score counts this much. (bench/judged-dev: of the judged
#: candidates sharing no category 74 were graded 0, 12 1 and 7 2; sharing one:
#: 5, 111, 78; with no category: 5, 1, 0.)
OTHER_ASPECT = 0.7
#: Weight of the word-vector cosine when the archive has vectors.
VECTOR_WEIGHT = 0.25
#: A statement often lists several shortcomings; a candidate naming the
#: seed's in one clause (split at ，；。) states the same shortcoming, although
#: its other clauses dilute the whole statement's cosine: its best clause's
#: term cosine counts at this weight (bench/judged-dev: 0.7-0.9 tried, P@5
#: 0.567 -> 0.611 at 0.8; the clauses' wording too was no better).
CLAUSE_WEIGHT = 0.8
#: A candidate states an item of a statement listing several shortcomings
#: (`statement_items.items`) when one of its clauses meets that item with a term
#: cosine of this much (`item_cosines`); one sharing generic words spread over
#: several items meets none. Said, not scored: adding 0.2 x the cosine of each
#: stated item to the term score (for statements of three items or more) was
#: within ±0.04 of P@5 on the in-sample dev seeds (bench/judged-dev, -dev2,
#: -dev6) and lost on the held-out ones (bench/judged similar P@5 0.539 ->
#: 0.522, s07 0.8 -> 0.4; bench/judged-fresh2 0.280 -> 0.267, t01 0.2 -> 0.0),
#: so the user narrows by an item's own list instead.
ITEM_MATCH = 0.5
#: For a statement that states one shortcoming (no `items`, one shortcoming read by
#: `problem_pairs`), a candidate stating it of the same subject (栏目内容更新较慢 for
#: 网站栏目信息更新不及时, not 网站栏目信息分类不够清晰 nor 培训不够及时) gains this much times
#: how well it does (`pair_similarity`, 0–1). bench/README.md: e18v chose 0.2 (0.1–0.3 alike);
#: with 公开 read as 发布 (e18x) 0.3 ranks two publishing seeds better, 0.4 falls on one set; for
#: seeds naming two shortcomings (内容的及时性、全面性) or listing several, the bonus favoured
#: candidates stating one (graded 1), so they have none.
PAIR_BONUS = 0.3
#: For a statement listing several: this much times the share of its items' pairs a candidate
#: states beyond one (`problem_pairs.items_beyond_one`; bench/README.md, e18x: 0.1–0.3 alike, 0.4 worse).
ITEMS_PAIR_BONUS = 0.3


@dataclass
class SimilarStatement:
    id: str
    text: str
    agency: str
    year: int | None
    report_id: str
    score: float  # 0–1
    near_duplicate: bool = False
    stock_phrase: bool = False  # the same text, but a phrase many agencies write
    repeated_from_last_year: bool = False
    #: a flagged copy's direction: this statement holds the one asked about whole, with
    #: words of its own (`holds_seed`), or is held whole in it (`in_seed`)
    holds_seed: bool = False
    in_seed: bool = False
    terms: float = 0.0  # term cosine, 0–1
    wording: float = 0.0  # shared wording, 0–1
    topic: float = 0.0  # shared problem categories (overlap and the statement's share named), 0–1
    copy_similarity: float = 0.0  # max(bigram Jaccard, sequence ratio) on the text as written
    vector: float = 0.0  # word-vector cosine, 0–1 (0 without vectors)
    #: other reports' statements of this very text, folded into this one's slot
    #: (`one_slot_per_text`): [{id, agency, year, report_id}], best first
    same_text: list = field(default_factory=list)
    #: the items of the statement asked about (`SimilarResult.items`, numbered from 1) that this
    #: statement states (term cosine ≥ ITEM_MATCH with one of its clauses); [] when that lists one thing
    seed_items: list = field(default_factory=list)
    #: what the score was computed from (`FEATURES`; `rank(signals=True)` only), for bench/rerank_features; not in to_dict
    features: dict = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["features"]
        return out


def _wording(a: str, b: str) -> float:
    a, b = TOPIC.sub("", a), TOPIC.sub("", b)
    if not a or not b:
        return 0.0
    ga, gb = bigrams(a), bigrams(b)
    dice = 2 * len(ga & gb) / (len(ga) + len(gb))
    return (dice + SequenceMatcher(None, a, b, autojunk=False).ratio()) / 2


def problem_categories(text: str, stored=None) -> set[str]:
    """The statement's problem categories: those the build stored (StoredProblem.categories)
    when given, else classified here (a statement not from the index)."""
    return set(stored if isinstance(stored, list) else category_ids(text)) - {OTHER}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _covered(mine: set, theirs: set) -> float:
    """The share of the statement's categories `mine` that the candidate's `theirs` name."""
    return len(mine & theirs) / len(mine) if mine and theirs else 0.0


def _weights(bag: Counter, idf: dict[str, float]) -> dict[str, float]:
    """A statement's words for its mean vector: counts times IDF, group markers left out."""
    return {w: n * idf.get(w, 1.0) for w, n in bag.items() if not w.startswith("≈")}


def rank(text: str, candidates: Iterable[Any], limit: int = 10, agency: str = "",
         year: int | None = None, report_id: str | None = None,
         previous_year: int | None = None, vectors=None,
         previous_report: str | None = None, categories: list[str] | None = None,
         next_report: str | None = None, organs: dict[str, str] | None = None,
         signals: bool = False) -> list[SimilarStatement]:
    """Score `candidates` (objects with id, text, agency, year, report_id, like
    StoredProblem) against statement `text`, best first, at most `limit`.

    Candidates from `report_id` itself are skipped. `agency`/`year` describe
    the statement asked about and decide the flags; `previous_year` is
    the year of that agency's immediately preceding report (default `year - 1`);
    `previous_report`, when the build's organ identity knows it, is that
    report's id (then the agency names need not match), and `next_report` the
    organ's following report (its statements repeat this one when the same).
    `vectors` are the
    archive's word vectors (`indexer.vectors.RelatedWords`), or None: lexical only.
    `categories` are the statement's stored categories (classified here without).
    `organs` maps report ids (the statement's and the candidates') to the
    build's organ keys: where both are known they decide whether a candidate
    is the statement's own organ (two organs may share a name: 审计局 of two
    unknown places); elsewhere the agency names do. `signals`: keep each
    candidate's signals (`FEATURES`) on it, for bench/rerank_features; a page
    has no use for them.
    """
    if previous_year is None and year is not None:
        previous_year = year - 1
    organs = organs or {}
    neighbours = {r for r in (previous_report, next_report) if r}
    words, written = _content_words(text), normalise(text)
    pool = [c for c in candidates if report_id is None or c.report_id != report_id]
    bags, clauses = zip(*[_clause_bags(c.text) for c in pool]) if pool else ((), ())
    idf = _idf([words, *bags])
    topics = problem_categories(text, categories)
    mine = _weights(words, idf) if vectors is not None else None
    written_by = [normalise(c.text) for c in pool]
    mine_pieces = pieces(text)
    matched = [shared_text(mine_pieces, pieces(c.text)) for c in pool]
    # the statement as its flags need it (many other agencies writing the same text make it a stock phrase)
    seed = make_seed(text, written, agency, organs.get(report_id or ""), previous_year, neighbours, pool, matched,
                     written_by)
    ranked = []
    mine_groups = {w for w in words if w.startswith("≈")}
    listing = statement_items(text)
    listed = [unit(bag, idf) for _, bag in listing]
    pairs, item_pairs = asked(text, [clause for clause, _ in listing])
    for c, bag, parts, other, pair in zip(pool, bags, clauses, written_by, matched):
        whole = terms = _cosine(words, bag, idf)
        wording = _wording(written, other)
        clause = _best_clause(words, parts, idf)
        terms = max(terms, CLAUSE_WEIGHT * clause)
        met = item_cosines(listed, [unit(part, idf) for part in parts or [bag]]) if listed else []
        same_text = pair is not None
        theirs = problem_categories(c.text, getattr(c, "categories", None))
        covered = _covered(topics, theirs)
        topic = (_jaccard(topics, theirs) + covered) / 2
        gate = min(1.0, terms / TOPIC_GATE) if TOPIC_GATE else 1.0
        score = TERM_WEIGHT * terms + WORDING_WEIGHT * wording + TOPIC_WEIGHT * topic * gate
        vector = vectors.similarity(mine, _weights(bag, idf)) if vectors is not None else 0.0
        if vectors is not None:
            score = (1 - VECTOR_WEIGHT) * score + VECTOR_WEIGHT * vector
        theirs_pairs = read_pairs(c.text) if pairs or item_pairs else []
        score += PAIR_BONUS * (pair_similarity(pairs, theirs_pairs, idf) if pairs else 0.0)
        score += ITEMS_PAIR_BONUS * items_beyond_one(item_pairs, theirs_pairs, idf)
        if topics and not same_aspect(topics, theirs):
            score *= OTHER_ASPECT
        written_alike = copy_similarity(written, other)
        floor = 0.0
        if same_text:  # the same text is the same text even when a few words differ
            floor = max(written_alike, copy_similarity(*pair), copy_similarity(core(pair[0]), core(pair[1])))
            score = max(score, floor)
        flag = copy_flags(seed, c, other, pair, organs.get(c.report_id))
        same = flag.same_organ
        ranked.append(SimilarStatement(
            id=c.id, text=c.text, agency=c.agency, year=c.year, report_id=c.report_id,
            score=round(min(score, 1.0), 4),
            near_duplicate=flag.near_duplicate, stock_phrase=flag.stock_phrase,
            repeated_from_last_year=flag.repeated_from_last_year, holds_seed=flag.holds_seed, in_seed=flag.in_seed,
            terms=round(terms, 4), wording=round(wording, 4), topic=round(topic, 4),
            copy_similarity=round(written_alike, 4), vector=round(vector, 4),
            seed_items=[i for i, cos in enumerate(met, 1) if cos >= ITEM_MATCH],
            features=_features(whole, clause, wording, topic, vector, topics, theirs, mine_groups, bag, written,
                               other, parts, written_alike, same, floor, covered) if signals else {},
        ))
    ranked.sort(key=lambda s: (-s.score, s.id))
    return ranked[:max(limit, 0)]


#: The signals each candidate is scored on, as `rank` computes them (all 0–1).
FEATURES = ("terms", "clause", "wording", "topic", "topic_terms", "vector", "other_aspect", "no_topic",
            "shared_group", "length_ratio", "short", "clauses", "copy", "same_organ", "covered")


def _features(whole, clause, wording, topic, vector, topics, theirs, mine_groups, bag, written, other, parts,
              written_alike, same, floor, covered) -> dict[str, float]:
    """One candidate's signals (`FEATURES`), plus `floor`: its copy similarity
    when it is the same text (a copy ranks at least that high), else 0."""
    lengths = sorted((len(written), len(other)))
    return {
        "terms": whole, "clause": clause, "wording": wording, "topic": topic,
        "topic_terms": topic * max(whole, clause), "vector": vector,
        "other_aspect": float(bool(topics) and not same_aspect(topics, theirs)),
        "no_topic": float(not theirs),
        "shared_group": float(bool(mine_groups & {w for w in bag if w.startswith("≈")})),
        "length_ratio": lengths[0] / lengths[1] if lengths[1] else 0.0,
        "short": float(len(other) < MIN_COPY_CHARS),
        "clauses": 1.0 / max(1, len(parts)),
        "copy": written_alike, "same_organ": float(same), "covered": covered, "floor": floor,
    }
