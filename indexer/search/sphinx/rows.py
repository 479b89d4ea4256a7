"""One report as a plain record, and the record as Sphinx rows (a report row, one per problem).

A record is JSON data: the parsed report (its organ identity applied), its
problem statements with their categories and cues, its organ record for the
build's identity step, and where it came from. `prepare` makes one from a
corpus entry (locally or on a Dask worker); `report_rows` turns it into rows
for the shard that `shard_of` chooses. Facet values come from the same
`FACET_FIELDS` as the embedded index, each stored as a 63-bit hash of
(field, value) in a multi-valued attribute, with the value (and what to show
for it: an organ's name for its agency_id) written once into the shard's
value dictionary (`conf.VALUES_INDEX`). A document a field says nothing
about holds that field's `unknown_id`: the 未识别 bucket is a value like any other.
"""
from __future__ import annotations

import base64
import hashlib
import json
import zlib
from datetime import datetime
from pathlib import Path

from indexer.corpus import file_stat
from indexer.errors import ParseError, ReadError
from indexer.model import Report
from indexer.search.documents import pack_report, problem_id, section_texts
from indexer.search.results import FACET_FIELDS
from indexer.search.sphinx.conf import EVERY_FIELD, PARTS_ATTRIBUTE, SHARD_INDEX, TEXT_FIELDS, VALUES_INDEX, facet_attribute
from indexer.search.sphinx.matching import EVERY, index_text

KIND_CODES = {"report": 1, "problem": 2}
KIND_NAMES = {code: name for name, code in KIND_CODES.items()}
#: A facet counted on another field than its name, as in the embedded index
#: (`indexer.search.facets.COUNTED_ON`): the agency facet counts organs, by agency_id.
COUNTED_ON = {"agency": "agency_id"}


def hash63(text: str) -> int:
    """A stable, non-zero 63-bit number for `text` (document ids, value ids, routing)."""
    return (int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big") >> 1) or 1


def shard_of(report_id: str, shards: int) -> int:
    """The shard holding a report and its problem statements: a stable hash of the report id."""
    return hash63(report_id) % shards


def value_id(field: str, value: str) -> int:
    return hash63(f"{field}\x1f{value}")


def unknown_id(field: str) -> int:
    """The value a document holds in `field` when the field says nothing about it (未识别)."""
    return value_id(field, "")


def record_hash(record: dict) -> str:
    """sha256 of a record's canonical JSON, without the time it was indexed."""
    body = {k: v for k, v in record.items() if k not in ("indexed_at", "file_stat")}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def make_record(report_id: str, report: Report, relpath: str, content_hash: str, indexed_at: str, classify,
                organ: str = "") -> dict:
    problems, categories = [], {}
    for statement in report.problems:
        matches = classify(statement.text)
        ids = [m.id for m in matches]
        categories.update(dict.fromkeys(ids))
        problems.append({"id": problem_id(report_id, statement.number), "number": statement.number, "text": statement.text,
                         "categories": ids, "cues": {m.id: list(m.cues) for m in matches}})
    return {"report_id": report_id, "file": relpath, "content_hash": content_hash, "indexed_at": indexed_at,
            "report": json.loads(zlib.decompress(pack_report(report))), "categories": list(categories), "problems": problems,
            "organ": organ}


def prepare(task: tuple) -> tuple:
    """Read, parse, classify one corpus entry and give it its organ identity, as the embedded build does:
    ("ok", relpath, report_id, content_hash, record) or ("skip", relpath, reason).

    `task` is (entry, indexed_at) or (entry, indexed_at, identity): an `indexer.identity.Identity`
    the archive-wide step settled; without one the report identifies itself (`identity.alone`).
    """
    from indexer import identity
    from indexer.build import FILE_MEMORY, FILE_SECONDS, cap_problems, file_limits
    from indexer.categories import classify
    from indexer.corpus import load_report

    entry, indexed_at = task[:2]
    settled = task[2] if len(task) > 2 else None
    try:
        with file_limits(FILE_SECONDS, FILE_MEMORY):
            loaded = load_report(entry)
            cap_problems(loaded.report)
            organ = identity.record_of(loaded.report_id, loaded.report)
            identity.apply(loaded.report, settled or identity.alone(organ))
            record = make_record(loaded.report_id, loaded.report, loaded.relpath, loaded.content_hash, indexed_at, classify,
                                 organ.to_json())
    except (ReadError, ParseError) as exc:
        return ("skip", entry.relpath, str(exc) or exc.__class__.__name__)
    except Exception as exc:  # a parser bug costs one file, not the build
        return ("skip", entry.relpath, f"unexpected {exc.__class__.__name__}: {exc}")
    record["file_stat"] = file_stat(Path(entry.path))
    record["manifest_hash"] = entry.manifest.fingerprint() if entry.manifest else ""  # a changed line: read again
    return ("ok", loaded.relpath, loaded.report_id, loaded.content_hash, record)


def facet_values(report: Report, categories: list[str], kind: str) -> dict[str, list[str]]:
    """Each facet field's values for one document, as the embedded index files them
    (`indexer.search.documents.report_documents`); the agency facet by agency_id."""
    known = {
        "agency": [report.agency_id or ""],
        "year": [str(report.year) if report.year else ""],
        "category": categories,
        "region": list(dict.fromkeys(report.region.names())),
        "level": [report.level or ""],
        "organ_type": [report.organ_type or ""],
        "kind": [kind],
        "format": [report.format or ""],
        "failed_check": ["yes" if report.failed_checks else "no"],
    }
    out = {}
    for name in FACET_FIELDS:
        values = known.get(name)
        if values is None:  # a facet added later: read it off the report (or its region)
            value = getattr(report, name, None) if hasattr(report, name) else getattr(report.region, name, "")
            values = value if isinstance(value, list) else [value]
        out[name] = [str(v) for v in values if v not in ("", None)]
    return out


def pack(data: dict) -> str:
    return base64.b64encode(zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 3)).decode("ascii")


def unpack(text: str) -> dict:
    return json.loads(zlib.decompress(base64.b64decode(text)))


def unpack_facts(facts: str) -> dict:
    """A row's `facts` as `Hit` fields (region, level, organ_type, agency_id, categories)."""
    try:
        data = json.loads(facts) if facts else {}
    except ValueError:
        data = {}
    return dict(region=list(data.get("region") or []), level=data.get("level") or "", organ_type=data.get("organ_type") or "",
                agency_id=data.get("agency_id") or "", categories=list(data.get("categories") or []))


def _epoch(iso: str) -> int:
    try:
        return int(datetime.fromisoformat(iso).timestamp())
    except (TypeError, ValueError):
        return 0


def report_rows(record: dict) -> tuple[list[dict], list[tuple]]:
    """(rows of the report and its problems, value dictionary entries (id, field, value, label))."""
    report = Report.from_dict(json.loads(json.dumps(record["report"])))
    report_id = record["report_id"]
    region = list(dict.fromkeys(report.region.names()))
    common = {"report_key": report_id, "report_hash": hash63(report_id), "agency": report.agency or "",
              "year": report.year or 0, "file": record["file"], "indexed_at": _epoch(record.get("indexed_at", "")),
              "stating": int(bool(record["problems"])), EVERY_FIELD: EVERY}
    values: dict[int, tuple] = {}

    def facets(categories, kind) -> dict[str, list[int]]:
        out = {}
        for name, found in facet_values(report, categories, kind).items():
            ids = [value_id(name, v) for v in found] or [unknown_id(name)]
            out[facet_attribute(name)] = ids
            label = (report.agency or "") if name in COUNTED_ON else ""
            values.update({value_id(name, v): (value_id(name, v), name, v, label, hash63(label)) for v in found})
            if not found:
                values[unknown_id(name)] = (unknown_id(name), name, "", "", hash63(""))
        return out

    def facts(categories) -> str:  # what a hit shows of its organ and content (`Hit`)
        return json.dumps({"region": region, "level": report.level or "", "organ_type": report.organ_type or "",
                           "agency_id": report.agency_id or "", "categories": list(categories)}, ensure_ascii=False)

    parts = section_texts(report)
    texts = {f"s{n}": index_text(text) for n, text in parts.items()}
    rows = [{**common, "id": hash63(report_id), "doc_key": report_id, "kind": KIND_CODES["report"], "number": 0,
             "content_hash": record["content_hash"], "file_stat": record.get("file_stat", ""),
             "manifest_hash": record.get("manifest_hash", ""), "organ": record.get("organ", ""),
             "facts": facts(record["categories"]),
             "record": pack({"report": record["report"], "categories": record["categories"], "indexed_at": record.get("indexed_at", ""),
                             "problem_ids": [p["id"] for p in record["problems"]]}),
             **{name: texts.get(name, "") for name in TEXT_FIELDS}, PARTS_ATTRIBUTE: sorted(parts),
             **facets(record["categories"], "report")}]
    for problem in record["problems"]:
        rows.append({**common, "id": hash63(problem["id"]), "doc_key": problem["id"], "kind": KIND_CODES["problem"],
                     "number": problem["number"], "content_hash": "", "file_stat": "", "manifest_hash": "", "organ": "",
                     "facts": facts(problem["categories"]),
                     "record": pack({"text": problem["text"], "cues": problem["cues"], "categories": problem["categories"],
                                     "region": " ".join(region), "level": report.level or ""}),
                     **{name: "" for name in TEXT_FIELDS}, "problem": index_text(problem["text"]), PARTS_ATTRIBUTE: [5],
                     **facets(problem["categories"], "problem")})
    return rows, list(values.values())


def insert_statements(rows: list[dict], values: list[tuple]) -> list[tuple[str, list]]:
    """REPLACE statements (SQL with %s placeholders, parameters) for one shard."""
    out = []
    if rows:
        columns = list(rows[0])
        out.append((_replace_sql(SHARD_INDEX, columns, rows), _flat(columns, rows)))
    if values:
        out.append((f"REPLACE INTO {VALUES_INDEX} (id, text, field, value, label, label_hash) VALUES "
                    + ", ".join(["(%s, '', %s, %s, %s, %s)"] * len(values)), [x for v in values for x in v]))
    return out


def _multi(column: str) -> bool:
    return column.endswith("_ids") or column == PARTS_ATTRIBUTE


def _replace_sql(index: str, columns: list[str], rows: list[dict]) -> str:
    groups = []
    for row in rows:
        cells = []
        for column in columns:
            if _multi(column):  # an MVA literal: (1, 2, 3), integers only
                cells.append("(" + ", ".join(str(int(v)) for v in row[column]) + ")")
            else:
                cells.append("%s")
        groups.append("(" + ", ".join(cells) + ")")
    return f"REPLACE INTO {index} ({', '.join(columns)}) VALUES " + ", ".join(groups)


def _flat(columns: list[str], rows: list[dict]) -> list:
    return [row[c] for row in rows for c in columns if not _multi(c)]
