"""Report pages, the report API and the stored original file."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Response, current_app, jsonify, render_template, request, send_file, url_for

from app import labels, tables_view
from app.archive import category_names, get_archive
from app.copies import report_copies
from app.params import CHOICES
from app.security import ORIGINAL_CSP, absolute_url, safe_http_url
from indexer.corpus import original_path, report_id_for
from indexer.errors import NianbaoError, NotFoundError
from indexer.model import STANDARD_SECTIONS
from indexer.provenance import read_provenance, versions
from indexer.readers.ocr import OCR_WARNING

bp = Blueprint("reports", __name__)

#: Report ids are slugs (see indexer.corpus.report_id_for); never paths.
REPORT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,150}")

#: suffix -> (content type when viewed in the browser, when downloaded)
_TYPES = {
    ".txt": ("text/plain", "text/plain"),
    ".md": ("text/plain", "text/markdown"),
    ".html": ("text/plain", "text/html"),  # shown as its text (`_page_text`): never run stored HTML in our origin
    ".htm": ("text/plain", "text/html"),
    ".pdf": ("application/pdf", "application/pdf"),
    ".docx": (None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".doc": (None, "application/msword"),
    ".wps": (None, "application/vnd.ms-works"),
}


def _stored_report(report_id: str):
    if not REPORT_ID.fullmatch(report_id):
        raise NotFoundError(f"没有编号为 {report_id} 的报告")
    try:
        return get_archive().report(report_id)
    except NotFoundError:  # the library's message quotes the id Python-style
        raise NotFoundError(f"没有编号为 {report_id} 的报告") from None


def _problem_rows(stored) -> list[dict]:
    names = category_names()
    archive = get_archive()
    rows = []
    for pid in stored.problem_ids:
        try:
            p = archive.problem(pid)
        except NotFoundError:
            continue
        rows.append(
            {
                "id": p.id,
                "number": p.number,
                "text": p.text,
                "categories": [{"id": c, "name": names.get(c, c)} for c in p.categories],
                "similar_url": url_for("problems.problem", problem_id=p.id),
            }
        )
    return rows


def _other_years(stored) -> list:
    agency = stored.report.agency_id or stored.report.agency
    if not agency:
        return []
    return [r for r in get_archive().agency_reports(agency) if r.id != stored.id]


def _provenance(stored) -> dict | None:
    """Where a fetched report came from and its other versions (plain data),
    or None for a file that was not fetched."""
    records = read_provenance(current_app.config["CORPUS_DIR"])
    record = records.get(stored.file)
    if record is None:
        return None
    rows = []
    for r in versions(records, record.page_url):
        rows.append({"version": r.version, "fetched_at": r.fetched_at, "content_hash": r.content_hash,
                     "file": r.file, "current": r.file == stored.file, "url": _report_url_for(r.file)})
    return {"page_url": safe_http_url(record.page_url), "attachment_url": safe_http_url(record.attachment_url),
            "fetched_at": record.fetched_at, "page_published": record.page_published,
            "page_source": record.page_source, "content_hash": record.content_hash, "version": record.version,
            "ocr": OCR_WARNING in stored.report.warnings,  # the indexed text was recognised from images
            "versions": rows}


def _report_url_for(relpath: str) -> str | None:
    """The report page of another stored file, when the archive holds it."""
    report_id = report_id_for(relpath)
    try:
        if get_archive().report(report_id).file == relpath:
            return url_for("reports.report", report_id=report_id)
    except NianbaoError:
        pass
    return None


def heading(rep) -> str:
    """The report's own title, or (when it has no title line) one made of its organ and year."""
    if rep.title:
        return rep.title
    year = f"{rep.year}年" if rep.year else ""
    return f"{rep.agency or '（机关未识别）'}{year}政府信息公开工作年度报告"


@bp.get("/reports/<report_id>")
def report(report_id: str):
    stored = _stored_report(report_id)
    rep = stored.report
    sections = [
        {"anchor": f"s{s.number}" if s.number else f"x{i}", "number": s.number, "title": s.title or s.canonical_title, "canonical_title": s.canonical_title, "text": s.text}
        for i, s in enumerate(rep.sections, 1)
    ]
    tables = tables_view.tables(rep.tables, rep.checks)
    return render_template(
        "report.html",
        stored=stored,
        report=rep,
        heading=heading(rep),
        format_label=CHOICES["format"].get(rep.format),  # as the 报告格式 facet names it
        sections=sections,
        standard_sections=STANDARD_SECTIONS,
        present_numbers={s.number for s in rep.sections if s.number},
        tables=tables,
        checks=tables_view.checks(rep.checks, shown=tuple(t["name"] for t in tables)),
        problems=_problem_rows(stored),
        categories=[{"id": c, "name": category_names().get(c, c)} for c in stored.categories],
        official_url=safe_http_url(rep.source_url),
        other_years=_other_years(stored),
        warnings=[labels.warning_text(w) for w in rep.warnings],
        provenance=_provenance(stored),
        copies=report_copies(stored.id),
    )


@bp.get("/api/reports/<report_id>")
def api_report(report_id: str):
    stored = _stored_report(report_id)
    body = stored.report.to_dict()
    body.pop("source", None)  # may be a server path; `file` is the archive's name for it
    body.update(
        {
            "id": stored.id,
            "file": stored.file,
            "content_hash": stored.content_hash,
            "indexed_at": str(stored.indexed_at),
            "categories": list(stored.categories),
            "problems": [{k: p[k] for k in ("id", "number", "text")} | {"categories": [c["id"] for c in p["categories"]]} for p in _problem_rows(stored)],
            "source_url": safe_http_url(stored.report.source_url),
            "original_url": url_for("reports.original", report_id=stored.id),
            "url": url_for("reports.report", report_id=stored.id),
            "other_years": [{"id": r.id, "year": r.report.year, "url": url_for("reports.report", report_id=r.id)} for r in _other_years(stored)],
            "provenance": _provenance(stored),
        }
    )
    return jsonify(body)


def archive_file(relpath: str) -> Path:
    """The stored file inside CORPUS_DIR; NotFoundError for anything else
    (outside the corpus, a symlink anywhere on the way, not a regular file)."""
    corpus = Path(current_app.config["CORPUS_DIR"]).resolve()
    try:
        resolved = Path(original_path(corpus, relpath))  # refuses '..', absolute, outside
    except NianbaoError as exc:
        raise NotFoundError("原始文件不在档案中") from exc
    # original_path follows links that stay inside; we serve no link at all,
    # so an archive file is exactly what its stored path names.
    probe = corpus
    for part in Path(relpath).parts:
        probe = probe / part
        if probe.is_symlink():
            raise NotFoundError("原始文件不在档案中")
    if probe != resolved or not resolved.is_file():
        raise NotFoundError("原始文件不在档案中")
    return resolved


@bp.get("/reports/<report_id>/original")
def original(report_id: str):
    stored = _stored_report(report_id)
    path = archive_file(stored.file)
    download = request.args.get("download") == "1"
    view_type, download_type = _TYPES.get(path.suffix.lower(), (None, "application/octet-stream"))
    if download or view_type is None:
        mimetype, attach = download_type, True
    else:
        mimetype, attach = view_type, False
    if not attach and download_type == "text/html":
        return _page_text(stored.id, path)
    # the stored name may hold CR/LF: werkzeug gets a slug, the header is ours
    response = send_file(path, mimetype=mimetype, as_attachment=attach, download_name=stored.id, conditional=True, max_age=0)
    response.headers["Content-Disposition"] = content_disposition("attachment" if attach else "inline", stored.id, path.name)
    if mimetype.startswith("text/"):
        response.headers["Content-Type"] = f"{mimetype}; charset={_charset(path)}"
    if not mimetype.startswith("application/pdf"):
        response.headers["Content-Security-Policy"] = ORIGINAL_CSP
    else:
        response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


def _page_text(report_id: str, path: Path) -> Response:
    """A stored web page as the text a reader sees (the article, tables as
    TAB-separated rows), as text/plain: its markup and scripts are never run."""
    from indexer.readers import read_document

    try:
        document = read_document(path)
        title = document.title if document.title and not document.text.startswith(document.title) else ""
        body = "\n\n".join(p for p in (title, document.text) if p)
    except NianbaoError:
        body = path.read_text(encoding=_charset(path), errors="replace")
    note = f"（原始网页 {path.name} 的文字内容；下载原件：{absolute_url(current_app.config, url_for('reports.original', report_id=report_id, download=1))}）"
    response = Response(note + "\n\n" + body + "\n", content_type="text/plain; charset=utf-8")
    response.headers["Content-Security-Policy"] = ORIGINAL_CSP
    response.headers["Content-Disposition"] = content_disposition("inline", report_id, path.name + ".txt")
    return response


def content_disposition(kind: str, report_id: str, file_name: str) -> str:
    """`attachment` / `inline` with both file names of RFC 6266: `filename`
    an ASCII stand-in (the report id, which is a slug, and the file's
    extension), `filename*` the real name as UTF-8 (RFC 5987), with control
    characters (a name may hold CR or LF) dropped. A name written only in
    Chinese thus keeps its extension in every browser."""
    name = "".join(c for c in file_name if unicodedata.category(c)[0] != "C").strip() or report_id
    suffix = Path(name).suffix.lower()
    ascii_suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    return f"{kind}; filename=\"{report_id}{ascii_suffix}\"; filename*=UTF-8''{quote(name, safe='')}"


def _charset(path: Path) -> str:
    """utf-8 when the file decodes as such, else gb18030 (the usual legacy
    encoding of Chinese government pages)."""
    data = path.read_bytes()[:1_000_000]
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte char cut by the 1 MB sample is still utf-8
        return "utf-8" if exc.start >= len(data) - 4 else "gb18030"
