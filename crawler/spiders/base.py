"""What both spiders share: the catalogue, incremental file requests, failures, counts, limits."""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro

from inspection_index import Catalogue, Config

from ..items import CollectedFile
from ..middlewares import RedirectLoop, Refused
from ..summary import CrawlSummary, ProgressLine

# Failures that another try will not fix: the file is gone or is not a report. Ofsted gives a
# re-published report a new file id, so a dead id stays dead. Other failures (timeouts, 5xx,
# dropped connections, robots.txt — a fact about the site today, not about the file) are tried
# again by the next crawl.
PERMANENT_FAILURES = ("HTTP 404", "HTTP 410", "not a PDF", "not an XLSX", "not a CSV", "encrypted PDF")
ROBOTS = "forbidden by robots.txt today (the next crawl tries again)"

# Download errors by class name: Twisted's, and the Scrapy >= 2.19 wrappers around them.
NETWORK_ERRORS = {
    "DNSLookupError": "host not found (no network, or a wrong --base-url?)",
    "CannotResolveHostError": "host not found (no network, or a wrong --base-url?)",
    "ConnectionRefusedError": "connection refused",
    "DownloadConnectionRefusedError": "connection refused",
    "TimeoutError": "timed out",
    "TCPTimedOutError": "timed out",
    "DownloadTimeoutError": "timed out",
    "ResponseFailed": "connection dropped mid-download",
    "DownloadFailedError": "connection dropped mid-download",
    "ResponseDataLossError": "connection dropped mid-download",
    "ConnectionLost": "connection dropped mid-download",
}

# Files are fetched as soon as their page is read, so an interrupted or limited crawl leaves
# whole providers done rather than every page read and no file.
FILE_PRIORITY = 10


def failure_reason(failure) -> str:
    """One plain phrase for why a request failed after its retries."""
    error = failure.value
    if isinstance(error, HttpError):
        status = error.response.status
        if status == 404:
            return "HTTP 404 (not found: withdrawn or moved)"
        refused = failure.request.meta.get("retry_after_refused")
        if refused:
            return (f"HTTP {status}: the server asked to wait {refused[0]:.0f} s, more than this crawl waits "
                    f"(RETRY_AFTER_MAX = {refused[1]:.0f} s); the next crawl tries again")
        return f"HTTP {status}"
    if isinstance(error, (Refused, RedirectLoop)):
        return str(error)
    if isinstance(error, IgnoreRequest) and "robots.txt" in str(error).lower():
        return ROBOTS
    for cls in type(error).__mro__:
        if cls.__name__ in NETWORK_ERRORS:
            return NETWORK_ERRORS[cls.__name__]
    return f"{type(error).__name__}: {error}"


class CollectingSpider(scrapy.Spider):
    """Base of the ``ofsted`` and ``cafcass`` spiders.

    Subclasses set ``source`` and ``default_base_url`` and call :meth:`file_request` for every
    document link. ``limit`` caps the files downloaded (new or failed); known files cost nothing.
    """

    source: str
    default_base_url: str
    hosts: tuple[str, ...]  # the only hosts requested, besides the base URL's

    def __init__(self, *args, base_url: str | None = None, limit: int | str | None = None,
                 retry_failed: bool | str = False, resume_summary: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.limit = int(limit) if limit not in (None, "") else None
        self.summary = CrawlSummary(site=self.name, base_url=self.base_url)
        if resume_summary:
            self.summary = CrawlSummary.from_dict({**resume_summary, "resumed": True, "failures": [],
                                                   "notes": [], "error": None, "interrupted": False})
        self.retry_failed = str(retry_failed).lower() in ("1", "true", "yes")
        self.files_requested = 0
        self.files_done = 0
        self.site_problems: list[str] = []  # pages without the expected shape
        self.close_reason: str | None = None
        self.allowed_hosts = {*self.hosts, urlsplit(self.base_url).hostname}
        self.robots_hosts: dict[str, int] = {}  # host → requests its robots.txt forbade

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.catalogue = Catalogue(Config.from_env(crawler.settings.get("INSPECTION_INDEX_DATA")))
        spider.progress = ProgressLine(spider.summary)
        dead = [] if spider.retry_failed else [
            failure for failure in spider.catalogue.failures(stage="collect")
            if failure["source"] == spider.source and failure["reason"].startswith(PERMANENT_FAILURES)]
        # By URL, and by file id (the same file behind another host: a mirror, the old files host)
        spider.dead = {f["location"] for f in dead} | {f["file_id"] for f in dead if f["file_id"]}
        return spider

    def closed(self, reason: str) -> None:
        self.close_reason = reason
        for host, count in self.robots_hosts.items():
            self.summary.notes.append(f"robots.txt of {host} forbade {count} request(s) today; "
                                      "they are not recorded as dead, and the next crawl tries them again")
        self.progress.close()
        self.catalogue.close()

    # -- requests ------------------------------------------------------------------------

    async def start(self):
        """Scrapy >= 2.13 asks for ``start()``; older versions call ``start_requests()``."""
        for request in self.start_requests():
            yield request

    def link_problem(self, url: str) -> str | None:
        """Why the crawl never requests ``url`` (only http(s) on its own sites), or None."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError as error:
            return f"refused: not a valid URL ({error})"
        if parts.scheme not in ("http", "https"):
            return f"refused: not an http(s) URL ({parts.scheme or 'no'} scheme)"
        if host not in self.allowed_hosts:
            return f"refused: {host} is not one of the sites this crawl reads ({', '.join(sorted(self.allowed_hosts))})"
        return None

    def link(self, response, href: str | None) -> str | None:
        """A link of ``response`` as an absolute URL the crawl may request, or None: a link
        that is not (javascript:, file://, another host, malformed) is one failure line, and
        the rest of the page is still read."""
        try:
            url = response.urljoin(href or "")
        except ValueError as error:
            url, problem = href or "", f"refused: not a valid URL ({error})"
        else:
            problem = self.link_problem(url)
        if problem:
            self.refused(url, f"{problem}, linked from {response.url}")
            return None
        return url

    def refused(self, url: str, reason: str) -> None:
        self.summary.refused += 1
        self.catalogue.record_failure(stage="collect", location=url, source=self.source, reason=reason)
        self.summary.failures.append({"url": url, "reason": reason, "file_id": None})
        self.progress.say(f"{url}: {reason}")

    def page_request(self, url: str, callback, **meta) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.page_failed, meta=meta)

    def file_request(self, report: dict):
        """Yield a request for a report's file unless it is already held (by file id or URL),
        failed for good before (unless ``retry_failed``), or the ``limit`` is spent."""
        url, file_id = report["url"], report.get("file_id")
        if (file_id and self.catalogue.knows_file_id(file_id)) or self.catalogue.knows_location(url):
            self.summary.files_known += 1
            self.progress.update()
            return
        if url in self.dead or file_id in self.dead:
            self.summary.files_dead += 1
            return
        if self.limit is not None and self.files_requested >= self.limit:
            return
        self.files_requested += 1
        yield scrapy.Request(url, callback=self.parse_file, errback=self.file_failed,
                             meta={"report": report}, priority=FILE_PRIORITY)

    def parse_file(self, response):
        report = response.meta["report"]
        yield CollectedFile(source=self.source, body=response.body,
                            content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
                            **report)

    # -- outcomes ------------------------------------------------------------------------

    def file_stored(self, item, document) -> None:
        if item["new"]:
            self.summary.files_new += 1
        else:
            self.summary.files_known += 1
        self._file_done()

    def file_failed_because(self, url: str, reason: str, file_id: str | None = None) -> None:
        self.catalogue.record_failure(stage="collect", location=url, source=self.source,
                                      reason=reason, file_id=file_id)
        self.summary.files_failed += 1
        self.summary.failures.append({"url": url, "reason": reason, "file_id": file_id})
        self.progress.say(f"{url}: {reason}")
        self._file_done()

    def file_failed(self, failure):
        report = failure.request.meta["report"]
        if isinstance(failure.value, Refused):  # a redirect off the sites
            self.refused(failure.request.url, f"{failure.value}, redirected from {report['url']}")
            self._file_done()
            return
        self.file_failed_because(report["url"], self.site_condition(failure), report.get("file_id"))

    def site_condition(self, failure) -> str:
        """failure_reason, and a loud line the first time robots.txt forbids a host."""
        reason = failure_reason(failure)
        if reason == ROBOTS:
            host = urlsplit(failure.request.url).netloc
            if host not in self.robots_hosts:
                self.progress.say(f"{self.name}: robots.txt of {host} forbids {failure.request.url} "
                                  "(and maybe more): such files are tried again by the next crawl")
            self.robots_hosts[host] = self.robots_hosts.get(host, 0) + 1
        return reason

    def page_failed(self, failure):
        """A page that could not be read: recorded, so `status` shows it until a later read."""
        if isinstance(failure.value, Refused):
            self.refused(failure.request.url, str(failure.value))
            return
        url, reason = failure.request.url, self.site_condition(failure)
        self.catalogue.record_failure(stage="collect", location=url, source=self.source,
                                      reason=f"page: {reason}")
        self.summary.failures.append({"url": url, "reason": f"page: {reason}", "file_id": None})
        self.progress.say(f"{url}: {reason}")
        self.page_unreadable(failure.request, reason)

    def crawler_error(self, response, failure) -> None:
        """A bug met on one page (Scrapy's spider_error): recorded, and the crawl goes on."""
        reason = f"crawler error: {type(failure.value).__name__}: {failure.value}"
        self.catalogue.record_failure(stage="collect", location=response.url, source=self.source, reason=reason)
        self.summary.failures.append({"url": response.url, "reason": reason, "file_id": None})
        self.progress.say(f"{response.url}: {reason}")

    def page_unreadable(self, request, reason: str) -> None:
        """Subclasses stop the crawl here when the page was essential (a search page)."""

    def page_read(self, url: str, counted: bool = True) -> None:
        """A page read as expected; ``counted`` False for pages that only lead to others."""
        self.summary.pages_read += counted
        self.catalogue.clear_failure(stage="collect", location=url)
        self.progress.update()

    def _file_done(self) -> None:
        self.files_done += 1
        self.progress.update()
        if self.limit is not None and self.files_done == self.limit:
            self.summary.notes.append(f"stopped after {self.limit} files (--limit)")
            self.stop("limit")

    def stop(self, reason: str) -> None:
        """Close the crawl from anywhere (a pipeline, an errback), not only from a callback."""
        engine = self.crawler.engine
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.13
            deferred_from_coro(engine.close_spider_async(reason=reason))
        else:
            engine.close_spider(self, reason)

    # -- loud failure when the site changed shape ----------------------------------------

    def site_changed(self, url: str, missing: str):
        """Stop the crawl: a page essential to it no longer has the expected shape."""
        self.summary.error = f"the site has changed shape: {url} has {missing}"
        raise CloseSpider("site_changed")

    def shape_problem(self, url: str, missing: str) -> None:
        """A page without the expected shape: recorded, and the crawl exits non-zero at the end."""
        self.site_problems.append(f"{url} has {missing}")
        self.catalogue.record_failure(stage="collect", location=url, source=self.source,
                                      reason=f"page has {missing} (has the site changed?)")
        self.progress.say(f"{url}: {missing} (has the site changed?)")
