"""Turning a report file into faithful text: the only module that opens report files.

`read_document(path)` returns a `Document`: the text as written (newlines
normalised, nothing converted or re-worded; traditional->simplified and
breadcrumb/heading clean-up belong to the parser), plus what the file itself
says about the page (title, publish date, canonical URL) and the sha256 of the
bytes read. Tables from HTML, .docx and PDF come out as one line per row with
the cells joined by a TAB (see `_grid_lines`). Anything that cannot be read
raises `ReadError` with a reason a person can act on.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import signal
import threading
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ReadError

MAX_BYTES = 50_000_000
#: a .docx may not inflate to more than this, in total (zip bomb guard)
MAX_DOCX_INFLATED = 200_000_000
MAX_PDF_PAGES = 500
#: wall-clock bound for one file, so a hostile file cannot hang a build
READ_TIMEOUT = 60.0

KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
         ".shtml": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf"}
SUPPORTED_SUFFIXES = frozenset(KINDS)

_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_RE = re.compile(f"[{_CJK}]")
_SOFT_BREAK = "\x01"  # a line break inside HTML source text, resolved per line


@dataclass
class Document:
    """What one report file says. `encoding` only for text-like files."""

    text: str
    kind: str
    encoding: str = ""
    title: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) stated by the page, else ""
    canonical_url: str = ""  # <link rel=canonical> / og:url as written, else ""
    content_hash: str = ""  # sha256 hex of the file's bytes


def kind_of(path: str | Path) -> str | None:
    """The document kind for a file name, or None when we cannot read that type."""
    return KINDS.get(Path(path).suffix.lower())


def read_document(path: str | Path, max_bytes: int = MAX_BYTES, timeout: float = READ_TIMEOUT) -> Document:
    """Read one report file into a `Document`.

    Raises `ReadError` for: unsupported type, missing/unreadable file, 0 bytes,
    more than `max_bytes`, binary data, corrupt or zip-bomb .docx, malformed PDF,
    PDF without a text layer, a page without article text, or work exceeding
    `timeout` seconds.
    """
    path = Path(path)
    kind = kind_of(path)
    if kind is None:
        hint = " (old Word .doc: save it as .docx)" if path.suffix.lower() == ".doc" else ""
        raise ReadError(f"不支持的文件类型 unsupported file type '{path.suffix or path.name}'{hint}")
    try:
        if not path.is_file():
            raise ReadError("不是普通文件 not a regular file (missing, folder or device)")
        size = path.stat().st_size
        if size == 0:
            raise ReadError("空文件 empty file (0 bytes)")
        if size > max_bytes:
            raise ReadError(f"文件过大 file too large: {size} bytes > limit {max_bytes}")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取 cannot read file: {exc.strerror or exc}") from None
    with _time_limit(timeout):
        doc = _EXTRACTORS[kind](data, path)
    doc.kind = kind
    doc.content_hash = hashlib.sha256(data).hexdigest()
    return doc


# --- plain text -----------------------------------------------------------

def decode_bytes(data: bytes, declared: str = "") -> tuple[str, str]:
    """Decode report bytes, never failing: returns (text, encoding used).

    Order: BOM; strict UTF-8; UTF-8 with a few damaged bytes; the declared
    charset (GB2312/GBK widened to GB18030); strict GB18030; charset-normalizer.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a handful of bad bytes would decode "successfully" as
    # GB18030 mojibake, so accept nearly-clean UTF-8 first.
    lenient = data.decode("utf-8", "replace")
    if lenient.count("\ufffd") <= max(8, len(lenient) // 100) and _CJK_RE.search(lenient):
        return lenient, "utf-8"
    for enc in (_widen(declared), "gb18030"):
        if not enc:
            continue
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    import charset_normalizer  # slow import; only needed for odd files

    best = charset_normalizer.from_bytes(data).best()
    enc = best.encoding if best else "gb18030"
    return data.decode(enc, "replace"), enc


def _widen(charset: str) -> str:
    charset = charset.strip().lower()
    return "gb18030" if charset in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936") else charset


def _checked_text(data: bytes, declared: str = "") -> tuple[str, str]:
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("二进制数据 binary data, not text (NUL bytes)")
    text, enc = decode_bytes(data, declared)
    sample = text[:200_000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"))
    if sample and bad / len(sample) > 0.05:
        raise ReadError(f"二进制数据 binary data, not text ({bad} control/undecodable characters)")
    return _clean(text), enc


def _clean(text: str) -> str:
    """Normalise newlines and drop control characters (keeping TAB and newline)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\ufeff", "")
    return re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "", text)


def _read_text(data: bytes, path: Path) -> Document:
    text, enc = _checked_text(data)
    if not text.strip():
        raise ReadError("没有文字 the file holds only whitespace")
    return Document(text=text, kind="", encoding=enc)


# --- HTML -------------------------------------------------------------------

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


def _read_html(data: bytes, path: Path) -> Document:
    from bs4 import BeautifulSoup

    head = data[:4096].decode("ascii", "ignore")
    m = re.search(r"""charset\s*=\s*["']?([\w-]+)""", head, re.I)
    text, enc = _checked_text(data, m.group(1) if m else "")
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
    return len(_CJK_RE.findall(text))


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
    line = re.sub(f"(?<=[{_CJK}]){_SOFT_BREAK}+(?=[{_CJK}])", "", line)
    line = line.replace(_SOFT_BREAK, " ").replace("\xa0", " ").replace("\t", " ")
    return re.sub(r" {2,}", " ", line).strip(" \u3000")


def _join_cell(parts: list[str]) -> str:
    """Join the lines of one table cell: no space between Chinese characters
    (vertical headers are one character per line), a space otherwise."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (_CJK_RE.match(out[-1]) or _CJK_RE.match(part[0])):
            out += " "
        out += part
    return out.replace("\t", " ")


def _html_table_lines(table, layout_tables: set[int]) -> list[str]:
    rows = []
    for tr in table.find_all("tr"):
        rows.append([(_join_cell(_block_lines(td, layout_tables)), _span(td.get("rowspan"), 10_000),
                      _span(td.get("colspan"), _MAX_COLUMNS))
                     for td in tr.find_all(["td", "th"], recursive=False)])
    return _grid_lines(rows)


def _span(value, limit: int) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), limit))
    except (TypeError, ValueError):
        return 1


_MAX_COLUMNS = 200


def _grid_lines(rows: list[list[tuple[str, int, int]]]) -> list[str]:
    """Lay out rows of (text, rowspan, colspan) cells on a grid, one TAB-joined
    line per row. A merged cell's text sits in its top-left grid position and
    the other positions it covers are left empty, so every column stays aligned
    (a parser can split on TAB and index columns). Trailing empty cells and
    rows with no text are dropped; columns past 200 are cut."""
    covered: list[int] = []  # per column: rows still covered by a cell from above, this one included
    lines = []
    for cells in rows:
        line: list[str] = []
        c = 0
        for text, rowspan, colspan in cells:
            while c < len(covered) and covered[c] > 0:
                line.append("")
                c += 1
            colspan = min(colspan, _MAX_COLUMNS - c)
            if colspan <= 0:
                break
            line += [text] + [""] * (colspan - 1)
            covered += [0] * (c + colspan - len(covered))
            for k in range(c, c + colspan):
                covered[k] = rowspan
            c += colspan
        covered = [max(0, n - 1) for n in covered]
        joined = "\t".join(line).rstrip("\t")
        if joined.strip():
            lines.append(joined)
    return lines


# --- .docx ------------------------------------------------------------------

def _read_docx(data: bytes, path: Path) -> Document:
    import io

    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        body = document.element.body
        pending = list(body.iterchildren())
        pending.reverse()
        while pending:
            el = pending.pop()
            if el.tag == qn("w:p"):
                lines.extend(Paragraph(el, document).text.split("\n"))
            elif el.tag == qn("w:tbl"):
                lines.extend(_docx_table_lines(el, document))
            elif el.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs/tables
                content = el.find(qn("w:sdtContent"))
                if content is not None:
                    pending.extend(reversed(list(content.iterchildren())))
    except ReadError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on corrupt parts
        raise ReadError(f"损坏的 Word 文件 corrupt .docx: {type(exc).__name__}: {exc}"[:300]) from None
    text = _clean("\n".join(line.rstrip() for line in lines))
    if not text.strip():
        raise ReadError("Word 文件中没有文字 the .docx holds no text")
    return Document(text=text.strip("\n") + "\n", kind="")


def _check_zip(data: bytes) -> None:
    """Refuse a .docx that is not a zip, or whose declared uncompressed size is
    beyond `MAX_DOCX_INFLATED` or suspiciously compressed, before inflating
    anything. (Python's zipfile never inflates a member past its declared
    size, so the declared sizes bound the work.)"""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(f"损坏的 Word 文件 corrupt .docx (not a valid zip: {exc})") from None
    if len(infos) > 5000:
        raise ReadError(f"Word 文件结构异常 .docx with {len(infos)} parts refused")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_DOCX_INFLATED or (total > 20_000_000 and total > 200 * max(packed, 1)):
        raise ReadError(f"疑似压缩炸弹 .docx would inflate to {total} bytes (zip bomb?) — refused")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise ReadError("损坏的 Word 文件 corrupt .docx (no word/document.xml)")


def _docx_table_lines(tbl, document) -> list[str]:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    rows = []
    for tr in tbl.tr_lst:
        cells = [("", 1, 1)] * (tr.grid_before or 0)
        for tc in tr.tc_lst:
            # a vertically merged continuation is a covered (empty) grid position
            text = "" if tc.vMerge == "continue" else _join_cell(
                [Paragraph(p, document).text for p in tc.iter(qn("w:p"))])
            cells.append((text, 1, max(1, min(tc.grid_span or 1, 50))))
        rows.append(cells)
    return _grid_lines(rows)


# --- PDF --------------------------------------------------------------------

def _read_pdf(data: bytes, path: Path) -> Document:
    import io

    import pdfplumber

    lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ReadError(f"PDF 页数过多 PDF has {len(pdf.pages)} pages > limit {MAX_PDF_PAGES}")
            for page in pdf.pages:
                lines.extend(_pdf_page_lines(page))
                page.close()  # drop cached layout objects page by page
    except (ReadError, _Timeout):
        raise
    except Exception as exc:  # pdfminer raises a zoo of types on malformed files
        raise ReadError(f"损坏的 PDF malformed PDF: {type(exc).__name__}: {exc}"[:300]) from None
    text = _clean("\n".join(lines))
    if len(re.sub(r"\s", "", text)) < 30:
        raise ReadError("PDF 没有文字层 no text layer — scanned PDF? (OCR it first)")
    # The PDF Title metadata is usually generic or mis-encoded, so no title here.
    return Document(text=text + "\n", kind="")


def _pdf_page_lines(page) -> list[str]:
    """One page's text lines in reading order, each table found by pdfplumber
    replaced by its TAB-joined rows. A row with a single filled cell (prose
    framed by ruling lines, or a header) comes out as a plain line."""
    busy = len(page.chars) > 100_000 or len(page.rects) + len(page.lines) + len(page.curves) > 5_000
    tables = [] if busy else page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    items = [(line["top"], [line["text"]]) for line in text_page.extract_text_lines(return_chars=False)]
    for table in tables:
        rows = []
        for row in table.extract():
            cells = [_join_cell((cell or "").split("\n")) for cell in row]
            filled = [c for c in cells if c]
            if len(filled) == 1:
                rows.append(filled[0])
            elif filled:
                rows.append("\t".join(cells).rstrip("\t"))
        items.append((table.bbox[1], rows))
    items.sort(key=lambda item: item[0])
    return [line for _, block in items for line in block]


# --- time bound -------------------------------------------------------------

class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Raise ReadError when the body runs longer than `seconds`. Uses a timer
    signal, so it only applies in the main thread (build workers and the CLI);
    elsewhere the page and size limits are the bound."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        raise ReadError(f"读取超时 reading took longer than {seconds:g} s — refused") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_EXTRACTORS = {"txt": _read_text, "md": _read_text, "html": _read_html, "docx": _read_docx, "pdf": _read_pdf}
