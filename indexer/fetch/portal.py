"""Reading a portal's web pages: what a column list page or an article page
links to, and whether a title names an annual report on information
disclosure. Pure: bytes and a URL in, a `PortalPage` out.

The words it goes by (report titles, non-report words, paging link texts,
attachment types) are data, in `indexer/data/portal_words.json`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from indexer.readers import decode_bytes
from indexer.readers.common import CJK_RE

_WORDS = Path(__file__).resolve().parent.parent / "data" / "portal_words.json"
_DATE = re.compile(r"(?:发布日期|发布时间|公开日期|发文日期|日期|时间)\s*[:：]?\s*"
                   r"((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_SOURCE = re.compile(r"(?:信息)?来源\s*[:：]\s*([^\s|｜:：]{2,40})")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
#: the TRS page script most portals' column lists use: createPageHTML(pages, current, "index", "html")
_TRS_PAGING = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']")


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # absolute, without #fragment

    @property
    def suffix(self) -> str:
        """The file type: the URL path's extension, else one named in the
        query (download.jsp?filename=年报.pdf) or in the link text (年报.doc)."""
        parts = urlsplit(self.url)
        suffix = PurePosixPath(unquote(parts.path)).suffix.lower()
        if suffix in _file_types():
            return suffix
        for text in (unquote(parts.query), self.text):
            m = re.search(r"\.([A-Za-z0-9]{2,4})(?![A-Za-z0-9])", text or "")
            if m and f".{m.group(1).lower()}" in _file_types():
                return f".{m.group(1).lower()}"
        return suffix


@dataclass
class PortalPage:
    """What one HTML page of a portal says and links to."""

    url: str
    title: str = ""
    published: str = ""  # 发布日期 as YYYY-MM-DD, "" when the page states none
    source: str = ""  # 来源
    article_chars: int = 0  # Chinese characters outside links: a report body is long
    links: list[Link] = field(default_factory=list)  # every link, in page order
    next_pages: list[str] = field(default_factory=list)
    body: bytes = field(default=b"", repr=False)  # the page as downloaded

    @property
    def attachments(self) -> list[Link]:
        """Links to files (by type), readable ones first in preference order."""
        kept, other = portal_words()["kept_attachments"], portal_words()["other_attachments"]
        files = [link for link in self.links if link.suffix in kept or link.suffix in other]
        return sorted(files, key=lambda link: kept.index(link.suffix) if link.suffix in kept else len(kept))


@lru_cache(maxsize=1)
def portal_words() -> dict:
    return json.loads(_WORDS.read_text(encoding="utf-8"))


def _file_types() -> list[str]:
    return portal_words()["kept_attachments"] + portal_words()["other_attachments"]


def is_report_title(text: str) -> bool:
    """True when `text` names an annual report on information disclosure
    (and is not a notice, guide or template about such reports)."""
    text = re.sub(r"\s+", "", text or "")
    words = portal_words()
    return any(re.search(p, text) for p in words["report_titles"]) and not any(w in text for w in words["not_reports"])


def looks_like_report(text: str) -> bool:
    """True when `text` mentions an annual report at all (before excluding
    notices and guides): such links are counted when they are left out."""
    text = re.sub(r"\s+", "", text or "")
    return any(re.search(p, text) for p in portal_words()["report_titles"])


def report_year(title: str) -> int | None:
    """The report year a title names (the first 19xx/20xx 年), else None."""
    m = _YEAR.search(title or "")
    return int(m.group(1)) if m else None


def read_portal_page(body: bytes, url: str, content_type: str = "") -> PortalPage:
    """Parse an HTML page (any encoding: the HTTP charset, then the page's
    own, then detection) into a `PortalPage` with absolute links."""
    from bs4 import BeautifulSoup

    declared = _charset(content_type) or _charset(body[:4096].decode("ascii", "ignore"))
    text, _ = decode_bytes(body, declared)
    soup = BeautifulSoup(text, "lxml")
    base = url
    tag = soup.find("base", href=True)
    if tag:
        base = urljoin(url, tag["href"])
    for junk in soup.find_all(["script", "style", "noscript"]):
        junk.decompose()  # paging scripts are read from the raw text below
    page = PortalPage(url=url, title=_title(soup), body=body)
    plain = soup.get_text(" ")
    m = _DATE.search(plain)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        page.published = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = _SOURCE.search(plain)
    page.source = m.group(1) if m else ""
    link_chars = 0
    for a in soup.find_all("a", href=True):
        label = re.sub(r"\s+", " ", a.get_text(" ", strip=True) or a.get("title") or "").strip()
        link_chars += len(CJK_RE.findall(label))
        target = _absolute(base, a["href"])
        if target:
            page.links.append(Link(label, target))
            rel = a.get("rel") or []
            if label in portal_words()["next_page"] or "next" in rel:
                page.next_pages.append(target)
    page.article_chars = len(CJK_RE.findall(plain)) - link_chars
    paging = _TRS_PAGING.search(text)
    if paging:
        page.next_pages += _trs_pages(paging.group(0), base)
    page.next_pages = list(dict.fromkeys(p for p in page.next_pages if p != url))
    return page


def _title(soup) -> str:
    for name in ("ArticleTitle", "articletitle", "title"):
        meta = soup.find("meta", attrs={"name": name})
        if meta and meta.get("content", "").strip():
            return meta["content"].strip()
    for name in ("h1", "h2", "title"):  # the heading names the article; <title> adds the site
        for tag in soup.find_all(name, limit=5):
            text = re.sub(r"\s+", " ", tag.get_text(" ", strip=True))
            if is_report_title(text):
                return text
    tag = soup.find("h1") or soup.find("title")
    return re.sub(r"\s+", " ", tag.get_text(" ", strip=True)) if tag else ""


def _trs_pages(script: str, base: str) -> list[str]:
    """The next list page from a TRS createPageHTML(count, current, name, ext) call."""
    m = _TRS_PAGING.search(script or "")
    if not m:
        return []
    count, current, name, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
    if current + 1 >= count:
        return []
    return [urljoin(base, f"{name}_{current + 1}.{ext}")]


def _charset(text: str) -> str:
    m = re.search(r"""charset\s*=\s*["']?([\w-]+)""", text or "", re.I)
    return m.group(1) if m else ""


def _absolute(base: str, href: str) -> str:
    href = href.strip()
    if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
        return ""
    try:
        target, _ = urldefrag(urljoin(base, href))
    except ValueError:
        return ""
    return target if urlsplit(target).scheme in ("http", "https") else ""
