"""Organ identity over the whole archive: the build's step after parsing.

Each report yields an `OrganRecord` from what its own text says (through
`indexer.places`). `resolve` then looks at all of them at once:

- a record whose place is known is keyed by its deepest division's code and
  its own words (`620723:审计局`): the same organ under any spelling or year
  (吴淞街道 = 上海市宝山区吴淞街道办事处), different organs with the same short
  name in different places (安仁乡 in Fujian, in Sichuan) apart;
- a record whose name fits several places (安仁乡人民政府 with no county in its
  text) joins the one organ of the archive that is in one of those places,
  when there is exactly one: a later report completes an earlier one;
- a record with no place at all is flagged 地点未知. A bare 审计局 is one
  organ with another 审计局 only when something outside the text ties them:
  both were published on the same government website (the same host of
  their source URL, a `.gov.cn` site). A government's portal publishes one
  organ of each name (a county's site has one 审计局), so same host and
  same written name is the same organ; nothing else ties them. Not the
  corpus folder (collectors group files by year or by hand, not by organ),
  not a host of any kind (a document-sharing site holds everyone's
  reports), and not a name that opens with a rank below the city (区教育局,
  镇政府办: a city's portal carries several districts' and towns' reports).
- a record naming no organ (我镇 only), or a placeless one, joins the organ
  whose column of a government site it was published in, when the archive
  shows the column is that one organ's (`indexer.columns`: its named reports
  all that organ, one report a year, the same organ type and level, or the
  same own words): its repeat of last year is then the organ's own.

The canonical name shown is the one built from the organ's places and own
words (`indexer.places.display_name`).
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from indexer import columns, places
from indexer.model import Report
from indexer.places.locate import places_in_name

#: the agency_id prefix of an organ whose place is unknown
UNPLACED = "地点未知"


@dataclass(frozen=True)
class OrganRecord:
    """What one report says about its organ (stored in the index, so the
    identity step can run again without parsing)."""

    report_id: str
    written: str  # the agency as the text (or manifest) writes it
    key: str = ""  # places.own_key: '' when the place is unknown
    display: str = ""  # the canonical name from this report alone
    own_words: str = ""  # the organ's normalised words after its places
    candidates: tuple[str, ...] = ()  # division codes an ambiguous name may be in
    site: str = ""  # host of the report's government website (source URL), '' when none
    # where a government site published it (`indexer.columns`), and what the tie by its column compares;
    # kept only for a report with a column (a record stored before them reads as without)
    column: str = ""
    year: int | None = None
    organ_type: str = ""
    level: str = ""

    def to_json(self) -> str:
        fields = asdict(self)
        if not self.column:
            for name in _PUBLISHED:
                del fields[name]
        return json.dumps(fields, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "OrganRecord":
        d = json.loads(text)
        d["candidates"] = tuple(d.get("candidates") or ())
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


#: the fields a record has only when published in a government site's column
_PUBLISHED = ("column", "year", "organ_type", "level")


@dataclass(frozen=True)
class Identity:
    """Who a report is from, as the archive knows it."""

    agency_id: str  # '' when the report names no organ
    agency: str  # canonical name to display
    place_unknown: bool = False


def record_of(report_id: str, report: Report) -> OrganRecord:
    """The organ record of one parsed report (its region, level and type
    were filled by the parser, or set by the manifest)."""
    written = report.agency_written or report.agency
    column = columns.column_of(report.source_url)
    published = {"column": column, "year": report.year, "organ_type": report.organ_type, "level": report.level} \
        if column else {}
    if not written:
        return OrganRecord(report_id, "", **published)
    organ = place_of(report)
    rest = places.normalised(organ.rest)
    candidates: tuple[str, ...] = ()
    if organ.place_unknown:
        readings, _ = places_in_name(_clean(written))
        candidates = tuple(dict.fromkeys(r[-1].code for r in readings if r))
    return OrganRecord(report_id, written, places.own_key(organ), places.display_name(organ, written),
                       rest or organ.organ_type, candidates, government_site(report.source_url), **published)


#: a government website's host (www.hz.gov.cn, xxgk.jl.gov.cn)
_GOVERNMENT_HOST = re.compile(r"^https?://(?:[^/@]*@)?(?P<host>[a-z0-9.-]+\.gov\.cn)(?::\d+)?(?:[/?#]|$)", re.I)


def government_site(url: str) -> str:
    """The host of a `.gov.cn` source URL, without a leading www.; '' for
    any other URL or none."""
    m = _GOVERNMENT_HOST.match((url or "").strip())
    return re.sub(r"^www\.", "", m.group("host").lower()) if m else ""


def place_of(report: Report) -> places.OrganPlace:
    """The report's organ as `indexer.places` sees it, from its region as stored
    (so a manifest's place applies) and the words of its name after the places."""
    written = _clean(report.agency_written or report.agency)
    national = report.region.province == places.NATIONAL
    chain = [] if national else places.divisions().find_chain(
        report.region.province, report.region.city, report.region.county, report.region.township)
    _, rest = places_in_name(written)
    unknown = not national and (report.place_unknown or not chain)
    return places.OrganPlace(chain, report.level, report.organ_type, national, unknown, rest if not national else written)


def _clean(name: str) -> str:
    return re.sub(r"[\s\u3000]+", "", re.sub(r"[（(][^）)]*[）)]$", "", name or ""))


#: a placeless name that still names one organ: a proper name before a rank
#: word (测试区人民政府, 某某街道办事处), unlike 审计局, 区教育局, 政务服务中心
_PROPER = re.compile(r"^[\u4e00-\u9fa5]{2,}?(?:省|市|区|县|旗|州|盟|街道|乡|镇|苏木|村|社区)")


def alone(record: OrganRecord) -> Identity:
    """The identity one report gives itself, before the archive is seen.

    A placeless name is one organ across reports when it has a proper name
    (测试区人民政府); a generic one (审计局) is one organ across the reports
    of one government website, else an organ of its own report."""
    if not record.written:
        return Identity("", "")
    if record.key:
        return Identity(record.key, record.display)
    name = _clean(record.written)
    if _PROPER.match(name):
        return Identity(f"{UNPLACED}:{name}", record.written, place_unknown=True)
    if record.site and not _BELOW_CITY.match(name):
        # tied by the government website that published it (see the module's note)
        return Identity(f"{UNPLACED}:{name}@{record.site}", record.written, place_unknown=True)
    return Identity(f"{UNPLACED}:{name}:{record.report_id}", record.written, place_unknown=True)


#: a placeless name under a rank below the city (区教育局, 县政府办, 镇财政所)
_BELOW_CITY = re.compile(r"^(?:区|县|旗|乡|镇|街道|苏木)")


def resolve(records: list[OrganRecord]) -> dict[str, Identity]:
    """Every report's identity (by report id), over the whole archive."""
    groups: dict[str, list[OrganRecord]] = defaultdict(list)
    for r in records:
        if r.key:
            groups[r.key].append(r)
    names = {key: _canonical(members) for key, members in groups.items()}
    out: dict[str, Identity] = {}
    for r in records:
        if r.key:
            out[r.report_id] = Identity(r.key, names[r.key])
            continue
        joined = [f"{code}:{r.own_words}" for code in r.candidates if f"{code}:{r.own_words}" in groups]
        if len(joined) == 1:
            out[r.report_id] = Identity(joined[0], names[joined[0]])
        else:
            out[r.report_id] = alone(r)
    # a report naming no organ, or a placeless one, published in the column of one organ of the archive
    for report_id, organ in columns.ties(records, out).items():
        out[report_id] = Identity(organ, names.get(organ) or out[report_id].agency)
    return out


def _canonical(members: list[OrganRecord]) -> str:
    """The display name most members give (the longest on a tie)."""
    counts = Counter(m.display for m in members if m.display)
    if not counts:
        return members[0].written
    return max(counts, key=lambda n: (counts[n], len(n), n))


def apply(report: Report, identity: Identity) -> None:
    """Put `identity` on the report: its id, canonical name and 地点未知 flag;
    the name as written is kept in `agency_written`."""
    if not report.agency_written:
        report.agency_written = report.agency
    report.agency_id = identity.agency_id
    if identity.agency:
        report.agency = identity.agency
    report.place_unknown = identity.place_unknown
