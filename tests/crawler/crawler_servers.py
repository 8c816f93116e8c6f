"""Local test servers shaped like the real sites, on 127.0.0.1 only.

- :class:`FakeOfsted`: two servers, one like reports.ofsted.gov.uk (search result pages, provider
  pages with timelines, robots.txt) and one like files.ofsted.gov.uk (``/v1/file/<id>``), with the
  awkward cases of ``reference/ofsted-site.md``: full 100-row pages, a next link or none, a
  result count or none, the provider-type filter form, transient "Slim Application Error"
  pages, the real provider-page markup (text-only ``<time>``, "Published" in
  ``span.event__title div.event__metadata``, ``PDF`` in capitals, links without a date), odd
  link texts, events without reports, a withdrawn report answered with the "Report not found"
  HTML page, a 404, a 500 and a 429 that succeed on retry, a connection dropped mid-download, a
  robots.txt that forbids one path, and hostile answers (a 429 asking to wait for days, a
  redirect loop, a redirect to another host).
- :class:`StaticSite`: serves a dict of path → (content type, body), for the Cafcass mirror and
  its GOV.UK-like companion.

Every request is logged (server label, path) so tests can assert what the crawler fetched.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

# The essential shape of Ofsted's withdrawn-report answer (the real one is in
# shared/corpus/badinput/report-not-found.html): HTML, 200, where a PDF was expected.
REPORT_NOT_FOUND = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
                    b"<title>Report not found - Find an Inspection Report - Ofsted</title></head>"
                    b"<body><main><h1 class=\"heading--title\">Report not found</h1>"
                    b"<p>The report you are looking for is not available.</p></main></body></html>")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
# The transient error page a peer scraper of the real site retries (status 200, no results).
SLIM_ERROR = (b"<html><head><title>Slim Application Error</title></head><body><h1>Slim Application Error</h1>"
              b"<p>A website error has occurred. Sorry for the temporary inconvenience.</p></body></html>")
# The search page's provider-type filter form: level_2_types value → label.
TYPE_LABELS = {"12": "Local authority children's services", "11": "Children\u2019s homes",
               "9": "Independent fostering agencies"}


class _Server:
    """One ThreadingHTTPServer on 127.0.0.1 whose requests go to ``respond(handler)``."""

    def __init__(self, label: str, respond, log: list, lock: threading.Lock):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                with lock:
                    log.append((label, self.path))
                respond(self)

            def log_message(self, *args):
                pass

        self.label = label
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
         headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def drop_midway(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """Promise the whole body, send half, hang up: a connection reset mid-download."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/pdf")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body[: len(body) // 2])
    handler.wfile.flush()
    handler.connection.shutdown(socket.SHUT_RDWR)
    handler.close_connection = True


def long_day(iso: str) -> str:
    """'2023-06-07' → '07 June 2023', as the real provider pages write dates."""
    return f"{date.fromisoformat(iso):%d %B %Y}"


@dataclass
class Report:
    """One publication link on a provider page."""

    file_id: str
    description: str              # the span.nonvisual text, e.g. "Title, pdf - 5 May 2022"
    visible: str                  # the link's own text
    body: bytes = b""
    # pdf | not-found | 404 | 500-once | 429-once | drop-once | 429-for-days | redirect-loop |
    # redirect-to:<url>
    behaviour: str = "pdf"
    path: str | None = None       # file path on the files server (default /v1/file/<id>)
    event_day: str = "2020-01-01"
    published_day: str | None = None  # the "Published" date beside the link (default event_day)
    href: str | None = None       # the link as written on the page (default the files server's URL)

    @property
    def file_path(self) -> str:
        return self.path or f"/v1/file/{self.file_id}"


@dataclass
class Provider:
    urn: str
    name: str
    reports: list[Report] = field(default_factory=list)
    events: int = 1               # timeline days without a report (opened, registered…)
    timeline: bool = True         # False: a page that has lost its timeline (site changed)
    type_code: str = "12"         # its level_2_types value
    page_type: str = "44"         # /provider/<page_type>/<urn>
    href: str | None = None       # the search hit's link as written (default its provider page)


class FakeOfsted:
    """reports.ofsted.gov.uk + files.ofsted.gov.uk, serving ``providers``."""

    def __init__(self, providers: list[Provider], next_links: bool = True):
        self.next_links = next_links
        self.broken_search = False    # True: search pages lose their results (site changed)
        self.results_count = True     # False: no .js-results-count (not confirmed on the real site)
        self.type_labels = dict(TYPE_LABELS)
        self.error_pages: dict[int, int] = {}  # search page start → times it answers SLIM_ERROR
        self.robots = ROBOTS
        self.file_delay = 0.0         # seconds before each file answer (to interrupt mid-crawl)
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._tries: dict[str, int] = {}
        self.pages = _Server("reports", self._page, self.log, self._lock)
        self.files = _Server("files", self._file, self.log, self._lock)
        self.base_url = self.pages.url
        self.serve(providers)

    def serve(self, providers: list[Provider]) -> None:
        """Serve these providers from now on (links may name the servers' URLs)."""
        self.providers = sorted(providers, key=lambda p: p.name)
        self._files = {r.file_path: r for p in self.providers for r in p.reports}

    def close(self):
        self.pages.close()
        self.files.close()

    # -- what was fetched ----------------------------------------------------------------

    def mark(self) -> int:
        with self._lock:
            return len(self.log)

    def requests_since(self, mark: int = 0, label: str | None = None) -> list[str]:
        with self._lock:
            return [path for server, path in self.log[mark:] if label is None or server == label]

    def file_requests(self, mark: int = 0) -> list[str]:
        return [p for p in self.requests_since(mark, "files") if p != "/robots.txt"]

    # -- reports.ofsted.gov.uk -----------------------------------------------------------

    def _page(self, handler):
        parts = urlsplit(handler.path)
        if parts.path == "/robots.txt":
            return send(handler, 200, self.robots, "text/plain")
        if parts.path == "/search":
            query = parse_qs(parts.query)
            start = int(query.get("start", ["0"])[0])
            with self._lock:
                if self.error_pages.get(start):
                    self.error_pages[start] -= 1
                    return send(handler, 200, SLIM_ERROR)
            return send(handler, 200, self._search(query).encode())
        for provider in self.providers:
            if parts.path == f"/provider/{provider.page_type}/{provider.urn}":
                return send(handler, 200, self._provider(provider).encode())
        send(handler, 404, b"<html><title>Page not found</title></html>")

    def _search(self, query: dict[str, list[str]]) -> str:
        wanted = query.get("level_2_types[]") or query.get("level_2_types[0]")
        hits = [p for p in self.providers if not wanted or p.type_code in wanted]
        start = int(query.get("start", ["0"])[0])
        rows = min(int(query.get("rows", ["10"])[0]), 100)  # the site's cap since February 2025
        page = hits[start:start + rows]
        if self.broken_search:
            return "<html><body><h1>Find an inspection report</h1><p>We have moved things.</p></body></html>"
        items = "".join(
            f'<li class="search-result"><h3><a href="{escape(p.href or f"/provider/{p.page_type}/{p.urn}")}">'
            f'{escape(p.name)}</a></h3>'
            f"<address>1 High Street, Town</address><ul><li>URN: {p.urn}</li>"
            f"<li>Category: Local authority children's services</li><li>Local authority: {escape(p.name)}</li>"
            "</ul></li>" for p in page)
        pager = ""
        if self.next_links and start + rows < len(hits):
            # The array parameter written the other way the site uses, as in the wild.
            next_query = urlencode([("level_1_types", "3"), ("level_2_types[0]", (wanted or ["12"])[0]),
                                    ("start", str(start + rows)), ("rows", str(rows))])
            pager = f'<a class="pagination__next" href="/search?{next_query}">Next</a>'
        boxes = "".join(
            f'<li><input type="checkbox" name="level_2_types[]" value="{value}" id="type-{value}">'
            f'<label for="type-{value}">{escape(label)}</label></li>' for value, label in self.type_labels.items())
        count = f'<p><span class="js-results-count">{len(hits)}</span> results</p>' if self.results_count else ""
        return (f'<html><body><form action="/search"><ul class="filters">{boxes}</ul></form>{count}'
                f'<ul class="results-list">{items}</ul>{pager}</body></html>')

    def _provider(self, provider: Provider) -> str:
        # As the real pages are: <time> holds text only ("07 June 2023"), and each link's
        # "Published" date sits beside it in span.event__title > div.event__metadata.
        days: dict[str, list[str]] = {}
        for report in provider.reports:
            href = report.href or f"{self.files.url}{report.file_path}"
            days.setdefault(report.event_day, []).append(
                f'<div class="event"><span class="event__title"><a class="publication-link" href="{escape(href)}">'
                f'{escape(report.visible)} <span class="nonvisual">{escape(report.description)}</span></a>'
                f'<div class="event__metadata">Published <time>{long_day(report.published_day or report.event_day)}'
                '</time></div></span></div>')
        items = [f'<li class="timeline__day"><p class="timeline__date"><time>{long_day(day)}</time></p>{"".join(events)}'
                 '</li>' for day, events in days.items()]
        for n in range(provider.events):
            items.append('<li class="timeline__day timeline__day--registered"><p class="timeline__date">'
                         f'<time>01 {date(2010, n % 9 + 1, 1):%B} 2010</time></p><p>Registered</p></li>')
        timeline = f'<ol class="timeline">{"".join(items)}</ol>' if provider.timeline else "<p>No history</p>"
        return (f'<html><body><div class="title-block"><h1 class="heading--title">{escape(provider.name)}</h1>'
                f'<p class="title-block__subheading">URN: {provider.urn}</p></div>{timeline}</body></html>')

    # -- files.ofsted.gov.uk -------------------------------------------------------------

    def _file(self, handler):
        path = urlsplit(handler.path).path
        if path == "/robots.txt":
            return send(handler, 200, self.robots, "text/plain")
        report = self._files.get(path.removesuffix("/b"))
        if report is None or report.behaviour == "404":
            return send(handler, 404, b"<html><title>Not found</title></html>")
        if self.file_delay:
            time.sleep(self.file_delay)
        with self._lock:
            tries = self._tries[path] = self._tries.get(path, 0) + 1
        if report.behaviour == "not-found":
            return send(handler, 200, report.body or REPORT_NOT_FOUND)
        if report.behaviour == "500-once" and tries == 1:
            return send(handler, 500, b"<html><title>Server error</title></html>")
        if report.behaviour == "429-once" and tries == 1:
            return send(handler, 429, b"slow down", "text/plain", {"Retry-After": "0"})
        if report.behaviour == "drop-once" and tries == 1:
            return drop_midway(handler, report.body)
        if report.behaviour == "429-for-days":
            return send(handler, 429, b"slow down", "text/plain", {"Retry-After": "999999"})
        if report.behaviour == "redirect-loop":  # /v1/file/<id> → /v1/file/<id>/b → /v1/file/<id>
            target = path.removesuffix("/b") if path.endswith("/b") else f"{path}/b"
            return send(handler, 302, b"", headers={"Location": target})
        if report.behaviour.startswith("redirect-to:"):
            return send(handler, 302, b"", headers={"Location": report.behaviour.partition(":")[2]})
        send(handler, 200, report.body, "application/pdf")


class StaticSite:
    """Serves ``pages`` (path → (content type, body)); anything else is a 404. A content type
    ``redirect:<location>`` answers 302 to that location."""

    def __init__(self, pages: dict[str, tuple[str, bytes]], label: str = "site"):
        self.pages = pages
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self.server = _Server(label, self._respond, self.log, self._lock)
        self.url = self.server.url

    def _respond(self, handler):
        path = urlsplit(handler.path).path
        if path == "/robots.txt" and path not in self.pages:
            return send(handler, 200, ROBOTS, "text/plain")
        if path not in self.pages:
            return send(handler, 404, b"<html><title>Page not found</title></html>")
        content_type, body = self.pages[path]
        if content_type.startswith("redirect:"):
            return send(handler, 302, b"", headers={"Location": content_type.partition(":")[2]})
        send(handler, 200, body, content_type)

    def requests(self) -> list[str]:
        with self._lock:
            return [path for _, path in self.log if path != "/robots.txt"]

    def close(self):
        self.server.close()
