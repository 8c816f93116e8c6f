"""What the views use, one instance per app: the catalogue, the search index, figures, limits.

Queries run on a bounded pool with a deadline that stops the query's work (not only the wait),
so an expensive query (or a burst of them) answers "try again" instead of holding every server
thread. An answer already in the search cache is given straight away, never queued behind a
running query; document pages, which need no query, are never queued either.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Callable

import search
from inspection_index import Catalogue, figures

from .errors import Busy

log = logging.getLogger(__name__)


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (a sliding window)."""

    def __init__(self, limit: int, window: float = 60.0):
        self.limit, self.window = limit, window
        self.events: dict[str, deque] = {}
        self.lock = threading.Lock()

    def allow(self, key: str) -> tuple[bool, int]:
        """(allowed, seconds until the next event would be allowed)."""
        now = time.monotonic()
        with self.lock:
            events = self.events.setdefault(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False, max(1, int(events[0] + self.window - now) + 1)
            events.append(now)
            if len(self.events) > 10_000:  # forget idle clients rather than grow without bound
                for idle in [k for k, q in self.events.items() if not q]:
                    del self.events[idle]
            return True, 0


class Services:
    def __init__(self, settings):
        self.config = settings["INSPECTION_CONFIG"]
        self.catalogue = Catalogue(self.config)
        self.index = settings["SEARCH_INDEX"] or search.SearchIndex(self.config)
        self.timeout = float(settings["QUERY_TIMEOUT_SECONDS"])
        self.pool = ThreadPoolExecutor(max_workers=int(settings["QUERY_WORKERS"]),
                                       thread_name_prefix="query")
        self.citation_limiter = RateLimiter(int(settings["CITATIONS_PER_MINUTE"]))
        self.package_cache: dict[str, Any] = {}
        self.slug_cache: dict[str, Any] = {}
        self.series_made: dict[tuple, list] = {}   # (table version, council, measure) → its trend
        self.package_lock = threading.Lock()

    @property
    def corpus_version(self) -> str | None:
        return self.index.corpus_version

    def run(self, function: Callable, *args, deadline: bool = False, **kwargs) -> Any:
        """``function(*args, **kwargs)`` on the query pool, or :class:`Busy` after the timeout;
        with ``deadline``, the function is told when to stop working (``deadline=`` keyword)."""
        if deadline:
            kwargs["deadline"] = time.monotonic() + self.timeout
        future = self.pool.submit(function, *args, **kwargs)
        try:
            return future.result(timeout=self.timeout)
        except (FutureTimeout, search.QueryTimeout):
            future.cancel()
            raise Busy(f"The query took longer than {self.timeout:g} seconds. Try a narrower query "
                       "(fewer OR terms or wildcards, or add a filter such as year:2019).") from None

    def search(self, q: str, page: int, per_page: int, sort: str) -> dict[str, Any]:
        answer = self.index.search(q, page=page, per_page=per_page, sort=sort, cached_only=True)
        return answer or self.run(self.index.search, q, page=page, per_page=per_page, sort=sort, deadline=True)

    def track(self, terms: list[str], by: str, where: str | None) -> dict[str, Any]:
        answer = self.index.track(terms, by=by, where=where, cached_only=True)
        return answer or self.run(self.index.track, terms, by=by, where=where, deadline=True)

    def warm_up(self, terms: list[str]) -> None:
        """Fill what the first visitor would otherwise wait for: the document table, council
        links and the tracking of ``terms`` by grade, whose figure tests are model fits (about
        2 s at 200k passages, once per catalogue change). A failure here is logged and left for
        the request that meets it."""
        try:
            self.council_slugs()
            if self.corpus_version:
                self.index.track(terms, by="overall_effectiveness")
        except Exception as error:  # noqa: BLE001 - warming is an optimisation, never fatal
            log.warning("warming up %s: %s", self.config.data_dir, error)

    # -- documents --------------------------------------------------------------------------

    def document(self, doc_id: str):
        """(catalogue Document, extraction record or None), or None if unknown."""
        document = self.catalogue.get_document(doc_id)
        if document is None or document.doc_id != doc_id:
            return None
        return document, self.catalogue.get_extraction(document.sha256)

    def report_figures(self, document, record: dict[str, Any] | None) -> dict[str, Any]:
        """The council's figures for the inspection's year, each with its trend (oldest first)."""
        record = record or {}
        when = record.get("inspection_end") or document.published or record.get("published")
        if not when:
            return {}
        try:
            found = figures.for_report(self.catalogue, document.provider_urn,
                                       document.local_authority or record.get("local_authority"), when)
        except ValueError:  # an unreadable date: say nothing rather than guess a year
            return {}
        if not any(figure.get("status") != "not_loaded" for figure in found.values()):
            return {}
        version = self.table().version
        for measure, figure in found.items():
            code = figure.get("la_code")
            figure["series"] = self._series(version, code.split(" / ")[0], measure) if code else []
        return found

    def _series(self, version: str, la_code: str, measure: str) -> list[dict[str, Any]]:
        """A council's trend, kept until the figures change (the document table's version): each
        is a scan of the measure's figures, and a document page shows seven (6 ms a page)."""
        key = (version, la_code, measure)
        found = self.series_made.get(key)
        if found is None:
            if len(self.series_made) > 4096:
                self.series_made.clear()
            found = self.series_made[key] = figures.series(self.catalogue, la_code, measure)
        return found

    # -- analyses over the document table (built from the catalogue, memoised per version) ---

    def table(self) -> search.DocumentTable:
        return search.document_table(self.catalogue)

    def spiral(self, measure: str, offsets: int) -> dict[str, Any]:
        return search.spiral(self.catalogue, self.table().reports, measure, offsets)

    def council(self, key: str) -> dict[str, Any]:
        return search.council_page(self.catalogue, self.table(), key)

    def councils(self) -> list[dict[str, Any]]:
        return search.councils(self.table())

    def council_slugs(self) -> dict[str, str]:
        table = self.table()
        if self.slug_cache.get("version") != table.version:
            self.slug_cache = {"version": table.version, "slugs": search.slugs_by_name(table)}
        return self.slug_cache["slugs"]

    def model(self, themes: list[str], measures: list[str]) -> dict[str, Any]:
        return search.combined_model(self.table().reports, themes, measures)

    def package(self) -> dict[str, bytes]:
        """The data package's files, made once per (table version, corpus version)."""
        table, version = self.table(), self.corpus_version
        key = (table.version, version)
        with self.package_lock:
            if self.package_cache.get("key") != key:
                self.package_cache = {"key": key, "files": search.export_package(self.catalogue, table, version)}
            return self.package_cache["files"]

    # -- citations --------------------------------------------------------------------------

    def freeze(self, view: str, query: str, parameters: dict[str, Any]) -> dict[str, Any]:
        return search.freeze(self.catalogue, self.index, view=view, query=query, parameters=parameters)

    def citation(self, citation_id: str) -> dict[str, Any]:
        """The citation and how today's results differ; raises search.CitationNotFound."""
        return search.load_citation(self.catalogue, self.index, citation_id)
