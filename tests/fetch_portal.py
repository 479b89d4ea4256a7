"""A fixture government portal on loopback, for the fetch tests.

`build_portal_files(folder)` makes every attachment with real tools:
LibreOffice headless writes the Word 97 .doc and the text PDF from real
corpus text, python-docx the .docx, and Pillow draws a page of Chinese text
(Noto CJK) saved as an image-only PDF for the scanned case.
`PortalServer` serves the portal on 127.0.0.1 (never any other address):

    /robots.txt                 forbids /private/
    /gknb/index.html, _1, _2    the column: 3 list pages (GBK), 下一页 links;
                                index_3.html exists but is beyond --column-pages 3
    /gknb/2018/art_101.html     GBK article, the report as its HTML body (2017)
    /gknb/2019/art_102.html     article → /files/linbei-2018.doc
    /gknb/2015/art_103.html     article → /files/nanxun-2014.docx
    /gknb/2014/art_104.html     article → /files/xiangshan-2013.pdf (text layer)
    /gknb/2016/art_105.html     article → /files/tunchang-2015-scan.pdf (scanned)
    /private/art_109.html       forbidden by robots.txt
    /gknb/loop.html             302 → loop2.html → 302 → loop.html
    /gknb/broken.html           500, always
    /gknb/slow.html             answers after SLOW_SECONDS
    /gknb/2015/art_106.html     article → /files/nanxun-2014-copy.docx, the same bytes as art_103's
    /gknb/2019/art_107.html     the report as HTML body; changes when `server.changed = True`
    /gknb/2013/art_108.html     a 2012 report (older than --since 2013)
    /gknb/notice.html           a notice *about* annual reports (not a report)
"""
from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SLOW_SECONDS = 2.0
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


#: the passage drawn on the scanned page (the OCR must find it again)
SCAN_PASSAGE = corpus_text("tunchang-xghwyh-2015.txt")[:260]
CHANGE_ADDED = "（更正：本报告第二部分的数字已于次日订正。）"


def build_portal_files(folder: Path) -> dict[str, bytes]:
    """The attachments, by name, made with real tools in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "linbei-2018.doc": _libreoffice(folder, corpus_text("wuhe-linbei-huizuxiang-2018.txt"), "linbei", "doc:MS Word 97"),
        "xiangshan-2013.pdf": _libreoffice(folder, corpus_text("huaibei-xiangshan-waiziban-2013.txt"), "xiangshan", "pdf:writer_pdf_Export"),
        "nanxun-2014.docx": _docx(folder, corpus_text("ziyang-nanxun-xiang-2014.txt")),
        "tunchang-2015-scan.pdf": _scanned_pdf(folder, SCAN_PASSAGE),
    }
    files["nanxun-2014-copy.docx"] = files["nanxun-2014.docx"]
    return files


def _libreoffice(folder: Path, text: str, stem: str, target: str) -> bytes:
    source = folder / f"{stem}.txt"
    source.write_text(text, encoding="utf-8")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (Debian libreoffice-writer-nogui) is needed: run `make tools`"
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless",
                    "--infilter=Text (encoded):UTF8", "--convert-to", target, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=120)
    return (folder / f"{stem}.{target.split(':')[0]}").read_bytes()


def _docx(folder: Path, text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    path = folder / "nanxun.docx"
    document.save(path)
    return path.read_bytes()


def _scanned_pdf(folder: Path, passage: str) -> bytes:
    """One page of Chinese text as a picture only: no text layer at all."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 30)
    width = 1100
    image = Image.new("L", (width, 900), 255)
    draw = ImageDraw.Draw(image)
    lines = []
    for paragraph in passage.split("\n"):
        line = ""
        for ch in paragraph:
            if draw.textlength(line + ch, font=font) > width - 100:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    for n, line in enumerate(lines):
        draw.text((50, 40 + 46 * n), line, font=font, fill=0)
    path = folder / "scan.pdf"
    image.save(path, "PDF", resolution=150)
    return path.read_bytes()


def test_policy(**changes):
    """Fast but still real: short delay, one retry, the slow page times out."""
    from indexer.fetch import FetchPolicy

    values = dict(delay=0.02, retries=1, backoff=0.05, timeout=0.6, allow_loopback=True) | changes
    return FetchPolicy(**values)


test_policy.__test__ = False  # a helper, not a test


# ---------------------------------------------------------------- pages

def _page(title: str, body: str, date: str = "2019-03-29", source: str = "某某区人民政府办公室") -> bytes:
    html = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{title}_某某区人民政府</title><meta name="ArticleTitle" content="{title}"></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/gknb/index.html">政府信息公开年报</a></div>
<h1>{title}</h1><div class="info">发布日期：{date} 来源：{source}</div>
<div class="TRS_Editor">{body}</div><div class="footer">主办：某某区人民政府</div></body></html>"""
    return html.encode("gbk", "replace")


def _html_body(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())


def _attachment_page(title: str, href: str, name: str, date: str) -> bytes:
    return _page(title, f"<p>{title}详见附件。</p><p>附件：<a href=\"{href}\">{name}</a></p>", date)


def _list(items: list[tuple[str, str]], next_href: str | None) -> bytes:
    rows = "".join(f'<li><a href="{href}" target="_blank">{text}</a><span>2019-03-29</span></li>' for href, text in items)
    paging = f'<a href="{next_href}">下一页</a>' if next_href else ""
    return _page("政府信息公开年报", f"<ul class=\"list\">{rows}</ul><div class=\"page\">{paging}</div>")


def portal_routes(files: dict[str, bytes]) -> dict[str, tuple[int, dict, bytes]]:
    """path -> (status, headers, body) for the fixed part of the portal."""
    html = {"Content-Type": "text/html; charset=gbk"}
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/gknb/index.html": (200, html, _list([
            ("/gknb/2018/art_101.html", "郊区某乡2017年度政府信息公开年度报告"),
            ("/gknb/2019/art_102.html", "临北回族乡2018年政府信息公开工作年度报告"),
            ("/gknb/notice.html", "关于做好2018年政府信息公开工作年度报告编制工作的通知"),
        ], "index_1.html")),
        "/gknb/index_1.html": (200, html, _list([
            ("/gknb/2015/art_103.html", "南寻乡2014年政府信息公开工作报告"),
            ("/gknb/2014/art_104.html", "相山区外资办2013年政府信息公开工作年度报告"),
            ("/gknb/2016/art_105.html", "屯昌县某局2015年政府信息公开工作年度报告"),
            ("/private/art_109.html", "某某局2016年政府信息公开工作年度报告"),
        ], "index_2.html")),
        "/gknb/index_2.html": (200, html, _list([
            ("/gknb/loop.html", "某某办2016年政府信息公开工作年度报告"),
            ("/gknb/broken.html", "某某委2016年政府信息公开工作年度报告"),
            ("/gknb/slow.html", "某某所2016年政府信息公开工作年度报告"),
            ("/gknb/2015/art_106.html", "南寻乡2014年政府信息公开工作报告（重发）"),
            ("/gknb/2019/art_107.html", "嘉兴科技城2018年政府信息公开工作年度报告"),
            ("/gknb/2013/art_108.html", "新华街道2012年政府信息公开工作年度报告"),
        ], "index_3.html")),
        "/gknb/index_3.html": (200, html, _list([("/gknb/2020/art_110.html", "某某站2019年政府信息公开工作年度报告")], None)),
        "/gknb/2018/art_101.html": (200, html, _page("郊区某乡2017年度政府信息公开年度报告",
                                                     _html_body(corpus_text("tongling-jiaoqu-xiang-2017.txt")), "2018-01-31")),
        "/gknb/2019/art_102.html": (200, html, _attachment_page("临北回族乡2018年政府信息公开工作年度报告", "/files/linbei-2018.doc", "临北回族乡2018年报.doc", "2019-01-15")),
        "/gknb/2015/art_103.html": (200, html, _attachment_page("南寻乡2014年政府信息公开工作报告", "../../files/nanxun-2014.docx", "南寻乡2014年报.docx", "2015-03-20")),
        "/gknb/2014/art_104.html": (200, html, _attachment_page("相山区外资办2013年政府信息公开工作年度报告", "/files/xiangshan-2013.pdf", "年报.pdf", "2014-03-28")),
        "/gknb/2016/art_105.html": (200, html, _attachment_page("屯昌县某局2015年政府信息公开工作年度报告", "/files/tunchang-2015-scan.pdf", "扫描件.pdf", "2016-03-30")),
        "/gknb/2015/art_106.html": (200, html, _attachment_page("南寻乡2014年政府信息公开工作报告（重发）", "/files/nanxun-2014-copy.docx", "南寻乡2014年报.docx", "2015-04-01")),
        "/gknb/2013/art_108.html": (200, html, _page("新华街道2012年政府信息公开工作年度报告", _html_body(corpus_text("huadian-xinhua-jiedao-2012.txt")))),
        "/gknb/2020/art_110.html": (200, html, _page("某某站2019年政府信息公开工作年度报告", _html_body(corpus_text("songbei-qu-2020.txt")))),
        "/private/art_109.html": (200, html, _page("某某局2016年政府信息公开工作年度报告", _html_body(corpus_text("songbei-qu-2020.txt")))),
        "/gknb/notice.html": (200, html, _page("关于做好2018年政府信息公开工作年度报告编制工作的通知", "<p>各单位：请按时报送。</p>")),
        "/gknb/loop.html": (302, {"Location": "/gknb/loop2.html"}, b""),
        "/gknb/loop2.html": (302, {"Location": "loop.html"}, b""),
        "/gknb/broken.html": (500, html, b"<h1>500 Internal Server Error</h1>"),
    }
    kinds = {".doc": "application/msword", ".pdf": "application/pdf",
             ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    for name, data in files.items():
        routes[f"/files/{name}"] = (200, {"Content-Type": kinds[Path(name).suffix]}, data)
    return routes


def changing_page(changed: bool) -> bytes:
    text = corpus_text("jiaxing-kejicheng-daqiaozhen-2018.txt")
    return _page("嘉兴科技城2018年政府信息公开工作年度报告", _html_body(text + ("\n" + CHANGE_ADDED if changed else "")), "2019-03-29")


class PortalServer:
    """The portal on 127.0.0.1, an ephemeral port, in a daemon thread.
    `hits` counts requests per path; `changed` switches art_107's text."""

    def __init__(self, files: dict[str, bytes]):
        self.routes = portal_routes(files)
        self.hits: Counter = Counter()
        self.changed = False
        self.requests: list[tuple[float, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                path = self.path.split("?")[0]
                server.hits[path] += 1
                server.requests.append((time.monotonic(), path))
                if path == "/gknb/slow.html":
                    time.sleep(SLOW_SECONDS)
                    status, headers, body = 200, {"Content-Type": "text/html"}, b"<p>too late</p>"
                elif path == "/gknb/2019/art_107.html":
                    status, headers, body = 200, {"Content-Type": "text/html; charset=gbk"}, changing_page(server.changed)
                else:
                    status, headers, body = server.routes.get(path, (404, {"Content-Type": "text/plain"}, b"not found"))
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the slow page)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "PortalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
