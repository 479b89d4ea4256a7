"""HTML pages: the article body of a government web page, without navigation,
breadcrumbs, share bars or footers, plus the page's title, publish date and
canonical URL. Tables become TAB-joined rows (`common.grid_lines`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ReadError
from indexer.readers.common import CJK, CJK_RE, MAX_COLUMNS, Document, grid_lines, join_cell
from indexer.readers.text import checked_text

_SOFT_BREAK = "\x01"  # a line break inside HTML source text, resolved per line

_JUNK_TAGS = ["script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "svg",
              "canvas", "template", "audio", "video", "button", "select", "input", "textarea",
              "meta", "link", "title", "head"]
_JUNK_ATTR = re.compile(r"nav|menu|bread|crumb|position|location|dqwz|share|fenxiang|bshare|jiathis|"
                        r"footer|foot|header|toolbar|print|close|sidebar|related|copyright|search", re.I)
_CONTENT_ATTR = re.compile(r"content|article|zoom|trs_?editor|detail|zhengwen|\bzw|main|text|\bcon|"
                           r"body|news|view|wenzhang|xxgk|union", re.I)
#: names sites give the article body itself, as opposed to page wrappers
_BODY_ATTR = re.compile(r"zoom|trs_?editor|article[-_]?(content|con|body|text)|artcon|(^|\s)content($|\s)|zhengwen|"
                        r"detail[-_]?(content|con|text)|wenzhang|con[-_]?text|news[-_]?(content|text)|ucap", re.I)
_BLOCKS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
           "h4", "h5", "h6", "blockquote", "pre", "address", "center", "figure", "figcaption", "caption",
           "hr", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "form", "header", "footer", "aside"}
_DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date",
              "dcterms.issued", "dc.date.issued", "publish_time", "releasedate")
_DATE_LABEL = re.compile(r"(?:发布日期|公开日期|发布时间|发文日期|成文日期|印发日期)\s*[:：]?\s*"
                         r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_ISO_DATE = re.compile(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})")


def read_html(data: bytes, path: Path) -> Document:
    """An HTML page's article as a `Document` with title, publish date and
    canonical URL; raises `ReadError` for binary data or a page without
    article text."""
    from bs4 import BeautifulSoup

    head = data[:4096].decode("ascii", "ignore")
    m = re.search(r"""charset\s*=\s*["']?([\w-]+)""", head, re.I)
    text, enc = checked_text(data, m.group(1) if m else "")
    soup = BeautifulSoup(text, "lxml")
    title, published, canonical = _page_title(soup), _page_date(soup), _canonical(soup)
    for tag in soup.find_all(_JUNK_TAGS):
        tag.decompose()
    for tag in soup.find_all(["nav", "aside"]):
        tag.decompose()
    weights = _text_weights(soup)
    for tag in soup.find_all(["header", "footer", "div", "ul", "ol", "span", "p", "table", "section", "a"],
                             limit=50_000):
        if tag.__dict__.get("_decomposed"):  # inside a removed block (the .decomposed property is O(n) here)
            continue
        attrs = " ".join([tag.get("id") or ""] + list(tag.get("class") or []))
        if tag.name in ("header", "footer") or (attrs.strip() and _JUNK_ATTR.search(attrs)):
            if weights[id(tag)].total < 200:
                tag.decompose()
    weights = _text_weights(soup)
    body = _article_root(soup, weights)
    lines = _block_lines(body, _tables_holding_tables(body))
    if sum(len(re.findall(r"\w", line)) for line in lines) < 20:
        raise ReadError("网页中没有正文 no article text in the HTML page")
    if title and title not in "\n".join(lines[:5]):
        lines.insert(0, title)  # the article heading sits outside the body block on most sites
    return Document(text="\n".join(lines) + "\n", kind="", encoding=enc, title=title,
                    published=published, canonical_url=canonical)


def _cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


@dataclass
class _Weight:
    total: int  # Chinese characters inside the element
    plain: int  # of which outside links
    depth: int


def _text_weights(soup) -> dict[int, _Weight]:
    """Chinese-character counts for every element (by id()), in one pass, so
    scoring candidates stays linear even on hostile, deeply nested pages."""
    from bs4 import Tag
    from bs4.element import Comment

    order, stack = [], [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        order.append((node, depth))
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))
    weights: dict[int, _Weight] = {}
    for node, depth in reversed(order):  # every element after all of its descendants
        total = plain = 0
        for child in node.contents:
            if isinstance(child, Tag):
                total += weights[id(child)].total
                plain += weights[id(child)].plain
            elif not isinstance(child, Comment):
                n = _cjk_count(child)
                total, plain = total + n, plain + n
        weights[id(node)] = _Weight(total, 0 if node.name == "a" else plain, depth)
    return weights


def _article_root(soup, weights: dict[int, _Weight]):
    """The element holding the article. Among content-like containers scored
    by their non-link Chinese text: the deepest one with a typical article-body
    name (zoom, TRS_Editor, article-content...) keeping >= 60% of the best
    score, else the deepest one keeping >= 85%; the body when none qualifies."""
    scored = []
    for el in soup.find_all(True, limit=50_000):
        attrs = " ".join([el.get("id") or ""] + list(el.get("class") or []))
        if el.name in ("article", "main") or (attrs.strip() and _CONTENT_ATTR.search(attrs)):
            scored.append((weights[id(el)].plain, bool(_BODY_ATTR.search(attrs)), el))
    best = max((s for s, _, _ in scored), default=0)
    if best < 20:
        return soup.body or soup
    near = [el for s, strong, el in scored if strong and s >= 0.6 * best] or \
        [el for s, _, el in scored if s >= 0.85 * best]
    return max(near, key=lambda el: weights[id(el)].depth)


def _tables_holding_tables(root) -> set[int]:
    """ids of the tables that contain another table (layout tables, walked as
    blocks rather than laid out as a grid)."""
    holders = set()
    for table in root.find_all("table"):
        parent = table.parent
        while parent is not None and parent.name != "table":
            parent = parent.parent
        if parent is not None:
            holders.add(id(parent))
    return holders


def _page_title(soup) -> str:
    found = []
    for name in ("articletitle", "og:title"):
        tag = soup.find("meta", attrs={"name": re.compile(f"^{name}$", re.I)}) or \
            soup.find("meta", attrs={"property": re.compile(f"^{name}$", re.I)})
        if tag and tag.get("content"):
            found.append(tag["content"])
    found += [h.get_text(" ", strip=True) for h in soup.find_all(["h1", "h2"], limit=10)]
    found += [t.get_text(" ", strip=True) for t in soup.find_all("title", limit=3)]
    found = [re.sub(r"\s+", " ", t).strip() for t in found if t and t.strip()]
    for t in found:
        if "报告" in t or "年报" in t:
            return t
    return found[0] if found else ""


def _page_date(soup) -> str:
    for tag in soup.find_all("meta", limit=200):
        key = (tag.get("name") or tag.get("property") or "").lower()
        if key in _DATE_META:
            m = _ISO_DATE.search(tag.get("content") or "")
            if m and _valid_date(*m.groups()):
                return _iso(*m.groups())
    page = soup.get_text(" ")
    for m in _DATE_LABEL.finditer(page):
        if _valid_date(*m.groups()):
            return _iso(*m.groups())
    return ""


def _valid_date(y: str, mo: str, d: str) -> bool:
    return 1990 <= int(y) <= 2100 and 1 <= int(mo) <= 12 and 1 <= int(d) <= 31


def _iso(y: str, mo: str, d: str) -> str:
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


def _canonical(soup) -> str:
    for tag in soup.find_all("link", limit=200):
        rel = tag.get("rel") or []
        rel = rel if isinstance(rel, list) else [rel]
        if "canonical" in [r.lower() for r in rel] and tag.get("href"):
            return tag["href"].strip()
    tag = soup.find("meta", attrs={"property": "og:url"})
    return (tag.get("content") or "").strip() if tag else ""


def _block_lines(root, layout_tables: set[int]) -> list[str]:
    """Text of an element as lines: block elements and <br> break lines, tables
    (without nested tables) become TAB-joined rows. Iterative, so deeply nested
    hostile markup cannot exhaust the stack."""
    from bs4 import NavigableString
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    lines: list[str] = []
    buf: list[str] = []

    def flush():
        if buf:
            line = _join_soft("".join(buf))
            buf.clear()
            if line:
                lines.append(line)

    stack = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
                buf.append(re.sub(r"\s*[\r\n]\s*", _SOFT_BREAK, str(node)))
            continue
        if closing:
            flush()
            continue
        if node.name == "br":
            flush()
            continue
        if node.name == "table" and id(node) not in layout_tables:
            flush()
            lines.extend(_html_table_lines(node, layout_tables))
            continue
        if node.name in _BLOCKS:
            flush()
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return lines


def _join_soft(line: str) -> str:
    """Resolve source line breaks (none between Chinese characters, else a space)
    and tidy spaces; full-width indentation is stripped at the line ends."""
    line = re.sub(f"(?<=[{CJK}]){_SOFT_BREAK}+(?=[{CJK}])", "", line)
    line = line.replace(_SOFT_BREAK, " ").replace("\xa0", " ").replace("\t", " ")
    return re.sub(r" {2,}", " ", line).strip(" \u3000")


def _html_table_lines(table, layout_tables: set[int]) -> list[str]:
    rows = []
    for tr in table.find_all("tr"):
        rows.append([(join_cell(_block_lines(td, layout_tables)), _span(td.get("rowspan"), 10_000),
                      _span(td.get("colspan"), MAX_COLUMNS))
                     for td in tr.find_all(["td", "th"], recursive=False)])
    return grid_lines(rows)


def _span(value, limit: int) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), limit))
    except (TypeError, ValueError):
        return 1
