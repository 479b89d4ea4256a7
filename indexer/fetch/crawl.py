"""The crawl: from column list pages (with paging) or report pages to stored
report files, counting what it sees.

`fetch_reports(urls, corpus_dir, options)` walks each start URL: a list page
is followed through at most `column_pages` pages, each report link on it is
opened, and the report is taken from the article page: its attachment when
it links one we can read, else the page itself when its body holds the
report. Only annual reports on information disclosure are kept (by title),
and with `since` only those of that year or later. Every download goes
through `PoliteClient`; every write through `CorpusStore`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from indexer.fetch.http import FetchError, FetchPolicy, PoliteClient
from indexer.fetch.portal import Link, PortalPage, is_report_title, looks_like_report, portal_words, read_portal_page, report_year
from indexer.fetch.store import CorpusStore, sniffed_suffix
from indexer.provenance import FetchRecord

#: Chinese characters outside links from which an article page holds the report itself
MIN_REPORT_CHARS = 300


@dataclass
class FetchOptions:
    column_pages: int = 5  # list pages followed per column, the first included
    since: int | None = None  # keep reports of this year or later (by title)
    ocr: bool = False  # let the build read scanned PDFs by OCR
    policy: FetchPolicy = field(default_factory=FetchPolicy)


@dataclass
class Skip:
    url: str
    why: str  # a short reason, counted: "robots.txt", "HTTP 500", "duplicate", ...
    detail: str = ""


@dataclass
class FetchSummary:
    """What a fetch did. `stored` in the order files were written."""

    pages_seen: int = 0  # HTML pages downloaded (lists and articles)
    reports_found: int = 0  # report links or pages recognised
    downloaded: int = 0  # report files downloaded (stored or not)
    stored: list[FetchRecord] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    def skip_counts(self) -> Counter:
        return Counter(s.why for s in self.skipped)

    def line(self) -> str:
        """The counts on one line (the progress display)."""
        why = ", ".join(f"{k} {n}" for k, n in sorted(self.skip_counts().items()))
        return (f"pages {self.pages_seen} · reports {self.reports_found} · downloaded {self.downloaded} · "
                f"stored {len(self.stored)} · skipped {len(self.skipped)}" + (f" ({why})" if why else ""))


Progress = Callable[[FetchSummary, str], None]


def fetch_reports(urls: list[str], corpus_dir, options: FetchOptions | None = None,
                  progress: Progress | None = None) -> FetchSummary:
    """Fetch the reports reachable from `urls` into `corpus_dir` (see the
    module docstring). `progress(summary, event)` is called after each step.
    Raises StoreError when the corpus cannot be written (busy, not a
    folder); every per-URL problem is a `Skip` in the summary instead."""
    crawl = _Crawl(options or FetchOptions(), progress)
    with CorpusStore(corpus_dir) as store:
        crawl.store = store
        try:
            for url in urls:
                crawl.start(url.strip())
        finally:
            crawl.client.close()
    return crawl.summary


class _Crawl:
    def __init__(self, options: FetchOptions, progress: Progress | None):
        self.options = options
        self.client = PoliteClient(options.policy)
        self.summary = FetchSummary()
        self.progress = progress or (lambda summary, event: None)
        self.store: CorpusStore
        self.opened: set[str] = set()  # article and file URLs already handled in this run

    def start(self, url: str) -> None:
        page = self._page(url)
        if page is None:
            return
        # a report's page names its year; a column ("政府信息公开年报") does not
        if is_report_title(page.title) and report_year(page.title) and \
                (page.attachments or page.article_chars >= MIN_REPORT_CHARS):
            self.opened.add(url)
            self._report_from_page(page, page.title)
        else:
            self._column(page)

    def _column(self, first: PortalPage) -> None:
        page, seen = first, {first.url}
        for number in range(1, max(1, self.options.column_pages) + 1):
            for link in page.links:
                # a report link names a year; "政府信息公开年报" alone is the column's own name
                if looks_like_report(link.text) and report_year(link.text) and link.url not in seen:
                    self._report_link(link)
            following = [u for u in page.next_pages if u not in seen]
            if number == self.options.column_pages or not following:
                return
            seen.add(following[0])
            page = self._page(following[0])
            if page is None:
                return

    def _report_link(self, link: Link) -> None:
        if link.url in self.opened:
            return
        self.opened.add(link.url)
        if not self._wanted(link.text, link.url):
            return
        self.summary.reports_found += 1
        if link.suffix in portal_words()["kept_attachments"]:
            # a list linking the file itself: the file's URL is its official address
            self._download(link, link.url, PortalPage(url=link.url))
            return
        page = self._page(link.url)
        if page is not None:
            self._report_from_page(page, link.text, counted=True)

    def _report_from_page(self, page: PortalPage, title: str, counted: bool = False) -> None:
        if not counted:
            if not self._wanted(page.title or title, page.url):
                return
            self.summary.reports_found += 1
        readable = self._readable(page.attachments)
        if readable:
            self._download(readable[0], page.url, page)
        elif page.article_chars >= MIN_REPORT_CHARS:
            self.summary.downloaded += 1  # the page is the report (an .xls beside it is only its tables)
            self._keep(page.body, page.url, "", page, ".html")
        elif page.attachments:
            self._skip(page.attachments[0].url, f"unreadable attachment {page.attachments[0].suffix}")
        else:
            self._skip(page.url, "no report on page", "neither an attachment nor a report body")

    def _download(self, link: Link, page_url: str, page: PortalPage) -> None:
        self.opened.add(link.url)
        try:
            response = self.client.get(link.url)
        except FetchError as exc:
            self._skip(link.url, exc.kind, str(exc))
            return
        self.summary.downloaded += 1
        self._keep(response.body, page_url, link.url, page, link.suffix)

    def _keep(self, data: bytes, page_url: str, attachment_url: str, page: PortalPage, suffix: str) -> None:
        held = self.store.held(data, page_url)
        if held:
            detail = f"same bytes as {held.file}"
            if self.options.ocr and self.store.allow_ocr(held.file):
                detail += "; now marked for OCR"
            self._skip(attachment_url or page_url, held.kind, detail)
            return
        record = FetchRecord(file="", page_url=page_url, attachment_url=attachment_url,
                             fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                             page_published=page.published, page_source=page.source, content_hash="",
                             ocr=self.options.ocr and sniffed_suffix(data, suffix) == ".pdf")
        try:
            stored = self.store.store(data, attachment_url or page_url, suffix, record)
        except Exception as exc:  # noqa: BLE001 — StoreError and disk errors cost this file only
            self._skip(attachment_url or page_url, "not written", str(exc))
            return
        self.summary.stored.append(stored)
        self.progress(self.summary, f"stored {stored.file}")

    # -- helpers -------------------------------------------------------------

    def _page(self, url: str) -> PortalPage | None:
        try:
            response = self.client.get(url)
        except FetchError as exc:
            self._skip(url, exc.kind, str(exc))
            return None
        self.summary.pages_seen += 1
        page = read_portal_page(response.body, response.url, response.content_type)
        self.progress(self.summary, f"page {url}")
        return page

    def _wanted(self, title: str, url: str) -> bool:
        if not is_report_title(title):
            self._skip(url, "not an annual report", title[:60])
            return False
        year = report_year(title)
        if self.options.since and year and year < self.options.since:
            self._skip(url, f"before {self.options.since}", title[:60])
            return False
        return True

    @staticmethod
    def _readable(attachments: list[Link]) -> list[Link]:
        return [a for a in attachments if a.suffix in portal_words()["kept_attachments"]]

    def _skip(self, url: str, why: str, detail: str = "") -> None:
        self.summary.skipped.append(Skip(url, why, detail))
        self.progress(self.summary, f"skipped {url}: {why}")
