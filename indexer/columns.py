"""The column of a government website a report was published in, and the organ it ties
a report without an organ of its own to: part of the build's identity step (`indexer.identity.resolve`).

A report whose text names no organ (我镇, 我局 only) has no identity of its own, so its
repeat of last year's statement cannot be told from another organ's copy. Outside its
text, the archive may know where it was published: a government site files each organ's
annual reports under that organ's column (qionghai.hainan.gov.cn/zfxxgkzl/xz/yjz/gknb/
holds 阳江镇's reports of every year, `…/dlz/gknb/` 大路镇's). `column_of` is that
column: the source URL's `.gov.cn` host and its folders, without the date folders a
site files each year's page under (`202301`, `2015nb`, `art/2018/1/18`, `bm/2011n/content`),
and with the
query's parameters that name no document or year (`?area=…`, `?dept=…`).

An unnamed report joins an organ (`ties`) only when the archive shows its column
is that organ's: every named report published in the column is that one organ, and the
site files another single organ's reports in a sibling column (the same folders but
one, `…/xz/dlz/gknb` beside `…/xz/yjz/gknb`: the folder names the organ; a site filing
every department in one column, `…/html/CYSZF`, shows no such sibling); the
unnamed report is of the same organ type and level as they are (a town's 我镇 does not
join a bureau), and no report in the column is of another kind or other own words (else
the column is a listing of several organs and ties nothing); and no other report of the
column is of its year (an organ writes one
report a year: a column holding two of one year is a listing of several organs). A
column holding no named report ties nothing: nothing shows whose it is. A placeless
name (审计局, written with no place: 地点未知) joins the same way when its own
words are the organ's.
"""
from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import parse_qsl, urlsplit

#: a folder a site files each year's (or day's) pages under: 2015, 201301, t20230120, 2015nb, 2022n, 2018-03, 18
_DATED = re.compile(r"^(?:t?(?:19|20)\d{2}(?:\d{2}){0,2}(?:nb|n)?|(?:19|20)\d{2}-\d{1,2}(?:-\d{1,2})?|\d{1,2})$", re.I)
#: query parameters naming one document, page or year, not the organ's column
_DOCUMENT_PARAMS = re.compile(r"^(?:id|infoid|docid|articleid|fbtime|year|time|date|page|type|action|nav|title|ismobile)$",
                              re.I)
_GOVERNMENT_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*[a-z0-9-]+\.gov\.cn$")


def column_of(url: str) -> str:
    """`host/folders[?params]` of a `.gov.cn` source URL, without its dated folders and
    its document's own parameters; '' for any other URL or none."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not _GOVERNMENT_HOST.match(host):
        return ""
    folders = [f for f in parts.path.split("/")[:-1] if f and not _DATED.match(f)]
    kept = sorted((k.lower(), v) for k, v in parse_qsl(parts.query) if not _DOCUMENT_PARAMS.match(k))
    query = "&".join(f"{k}={v}" for k, v in kept)
    return re.sub(r"^www\.", "", host) + "/" + "/".join(folders) + (f"?{query}" if query else "")


def ties(records, identities: dict) -> dict:
    """report id -> the organ key (`Identity.agency_id`) a record without an organ of its
    own joins by its column (see the module's note): an unnamed record (no written name)
    or a placeless one (地点未知). `identities` are every record's identity as
    resolved without columns, by report id. Records without a column are not tied."""
    by_column = defaultdict(list)
    for r in records:
        if r.column and r.report_id in identities:
            by_column[r.column].append(r)
    # each column's records of an organ of the archive (its anchors) and those without one
    anchors = {column: [r for r in members if not _loose(identities[r.report_id])]
               for column, members in by_column.items()}
    anchored = {column: {identities[r.report_id].agency_id for r in named} for column, named in anchors.items()}
    kinds = {column: {(r.organ_type, r.level) for r in named} for column, named in anchors.items()}
    own = _organs_columns(anchored, kinds)
    out = {}
    for column, members in by_column.items():
        loose = [r for r in members if _loose(identities[r.report_id])]
        organs = anchored[column]
        if not loose or len(organs) != 1 or column not in own:
            continue
        (organ,) = organs
        words = {r.own_words for r in anchors[column]}
        years = defaultdict(int)
        for r in members:
            years[r.year] += 1
        fits = {r.report_id: _fits(r, kinds[column], words) for r in loose}
        if False in fits.values():
            continue  # another organ's report in it: the column is a listing of several
        for r in loose:
            if fits[r.report_id] and r.year and years[r.year] == 1:  # two of one year: several organs' listing
                out[r.report_id] = organ
    return out


def _organs_columns(anchored: dict[str, set], kinds: dict[str, set]) -> set[str]:
    """The columns the site shows to be one organ's: holding one organ's reports, beside a
    sibling column (the same folders but one, not the column's only folder) holding another
    single organ's of the same kind (organ type and level), and no column differing in that
    folder holding several organs' (then the folder is a kind of organ, 部门 / 街道, or a
    year, not one organ: a listing; a town's column beside a department's is such a kind)."""
    tokens = {column: _tokens(column) for column in anchored}
    siblings = defaultdict(list)  # (position, the column's tokens with that one blanked) -> columns
    for column, parts in tokens.items():
        for i in range(1, len(parts)):
            siblings[(i, parts[:i] + ("*",) + parts[i + 1:])].append(column)
    out = set()
    for column, parts in tokens.items():
        if len(anchored[column]) != 1:
            continue
        for i in range(1, len(parts)):
            if len(parts) == 3 and i == 1:
                continue  # a site's only folder (gov.cn/jdbsc, …/xzfgzbm): a section, not an organ
            group = siblings[(i, parts[:i] + ("*",) + parts[i + 1:])]
            if all(len(anchored[c]) <= 1 for c in group) and any(
                    anchored[c] and anchored[c] != anchored[column] and kinds[c] == kinds[column]
                    for c in group if c != column):
                out.add(column)
                break
    return out


def _tokens(column: str) -> tuple[str, ...]:
    """A column's host, folders and query, one token each."""
    path, _, query = column.partition("?")
    return (*path.split("/"), query)


def _fits(record, kinds: set, words: set) -> bool | None:
    """Whether a record without an organ of its own is of the column's organ: a placeless
    name by its own words, an unnamed report by its organ type and level; None when an
    unnamed report's type is unknown (it is not tied, nor does it show another organ)."""
    if record.written:
        return words == {record.own_words}
    if not record.organ_type:
        return None
    return kinds == {(record.organ_type, record.level)}


def _loose(identity) -> bool:
    """An identity that is no organ of the archive's: none, or a placeless name's (地点未知)."""
    return not identity.agency_id or identity.place_unknown
