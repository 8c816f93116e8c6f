"""The background work of ``up`` while the site serves: crawl → extract → index, in batches.

:class:`Batches` (a thread) extracts and indexes what has been collected: at once when work
first appears, then every ``size`` new documents or every ``seconds``, whichever comes first, so
reports become searchable while the crawl goes on. :func:`collect` runs the crawls in the
calling thread (the main one), so Ctrl-C and SIGTERM reach the crawl, which saves its place
before stopping. Both publish what they are doing through :class:`inspection_index.running.Claim`.

A failed crawl never stops the server; a failed batch is recorded (``status`` shows it, and the
status line) while the site keeps serving the last good index, and is tried again later.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from .. import sample
from ..catalogue import Catalogue, now_iso
from ..config import Config
from ..running import Claim
from .common import say, warn

BATCH_SIZE = 25
BATCH_SECONDS = 60.0
POLL_SECONDS = 0.5
PROBE_SECONDS = 3.0
BATCH_FAILURE = "up: extract and index batch"   # the failures row of a failed batch


class _Stopped(Exception):
    """Raised inside a batch to end it early when ``up`` is stopping."""


class Batches(threading.Thread):
    def __init__(self, config: Config, claim: Claim, jobs: int, size: int = BATCH_SIZE,
                 seconds: float = BATCH_SECONDS):
        super().__init__(name="up-batches", daemon=True)
        self.config, self.claim, self.jobs, self.size, self.seconds = config, claim, jobs, size, seconds
        self.stopping = threading.Event()
        self.wanted = threading.Event()   # index now, even with nothing new to extract
        self.wanted.set()                 # the first pass brings an older index up to date
        self.idle = threading.Event()     # set while nothing is waiting (for callers that wait on it)
        self._last = float("-inf")
        self._retry_at = float("-inf")
        self.crawl: tuple[str, str] | None = None   # (site, ISO time it started) while one runs

    def stop(self, timeout: float = 60) -> None:
        self.stopping.set()
        self.join(timeout)

    def run(self) -> None:
        import extract

        catalogue = Catalogue(self.config)
        try:
            while not self.stopping.is_set():
                pending = len(catalogue.documents_needing_extraction(extract.EXTRACTOR_VERSION))
                now = time.monotonic()
                due = self._last + self.seconds
                if now >= self._retry_at and (self.wanted.is_set() or pending >= self.size
                                              or (pending and now >= due)):
                    self.idle.clear()
                    self.wanted.clear()
                    self._batch(catalogue, pending)
                    continue
                if not pending and not self.wanted.is_set():
                    self.idle.set()
                next_at = time.time() + max(due, self._retry_at) - now if pending else None
                self.claim.publish(pending=pending, next_batch_at=next_at, **self._crawl_counts(catalogue))
                self.stopping.wait(POLL_SECONDS)
        finally:
            catalogue.close()

    def _crawl_counts(self, catalogue: Catalogue) -> dict[str, Any]:
        if self.crawl is None:
            return {"collecting": None}
        site, since = self.crawl
        collected = catalogue.query("SELECT COUNT(*) AS n FROM documents WHERE source = ? AND fetched_at >= ?",
                                    (site, since))[0]["n"]
        failed = catalogue.query("""SELECT COUNT(*) AS n FROM failures WHERE stage = 'collect'
                                    AND source = ? AND last_failed_at >= ?""", (site, since))[0]["n"]
        return {"collecting": site, "collected": collected, "collect_failed": failed}

    def _check(self, record: dict) -> None:
        if self.stopping.is_set():
            raise _Stopped

    def _batch(self, catalogue: Catalogue, pending: int) -> None:
        import extract
        import search

        self._last = time.monotonic()
        self.claim.publish(indexing=min(pending, self.size) or None, next_batch_at=None)
        try:
            extract.extract_collected(catalogue, jobs=self.jobs, limit=self.size, progress=self._check)
            built = search.build_index(self.config)
        except _Stopped:
            return
        except Exception as error:  # noqa: BLE001 - reported; the site keeps serving the last good index
            reason = f"{type(error).__name__}: {error}"
            self._retry_at = time.monotonic() + self.seconds
            self.wanted.set()     # what was extracted still needs indexing: try again after a pause
            catalogue.record_failure(stage="index", location=BATCH_FAILURE, source="up", reason=reason)
            self.claim.publish(indexing=None, batch_error=reason)
            warn(f"A batch could not be extracted and indexed ({reason}); still serving the previous index.")
            return
        catalogue.clear_failure(stage="index", location=BATCH_FAILURE)
        self.claim.publish(indexing=None, batch_error=None, indexed=built["documents"],
                           corpus_version=built["corpus_version"])


def reachable(url: str, timeout: float = PROBE_SECONDS) -> bool:
    """Whether a TCP connection to ``url``'s host opens within ``timeout`` (name lookup included)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    answer: list[bool] = []

    def probe() -> None:
        try:
            socket.create_connection((parts.hostname, port), timeout=timeout).close()
            answer.append(True)
        except OSError:
            answer.append(False)

    # A name lookup ignores the socket timeout; a thread bounds it.
    prober = threading.Thread(target=probe, daemon=True)
    prober.start()
    prober.join(timeout)
    return bool(answer and answer[0])


def _sample_if_empty(catalogue: Catalogue, batches: Batches | None, why: str) -> None:
    """Import the sample when the collection is empty, so the site shows what it does."""
    if catalogue.count_documents():
        return
    added = sample.add(catalogue)
    if batches:
        batches.idle.clear()
        batches.wanted.set()
    warn(f"{why} and nothing is collected yet: showing the embedded sample of {added.new} real reports "
         "until a crawl succeeds.")


def _drop_sample(catalogue: Catalogue, batches: Batches | None) -> None:
    """A crawl that collected real reports replaces the sample."""
    held = sample.count(catalogue)
    if held and catalogue.count_documents() > held:
        sample.remove(catalogue)
        if batches:
            batches.wanted.set()
        warn(f"Removed the sample's {held} reports: real ones are collected now.")


def crawl_site(config: Config, claim: Claim, batches: Batches | None, site: str, base_url: str | None,
               settings: dict[str, Any]) -> bool:
    """One crawl of ``site``; True when it did its job. A failure is reported, never raised
    (except the KeyboardInterrupt that stops ``up``, after the crawl saved its place)."""
    import crawler

    if batches:
        batches.crawl = (site, now_iso())
    claim.publish(collecting=site, collected=0, collect_failed=0)
    try:
        summary = crawler.crawl(config, site, base_url=base_url, settings=settings)
    except crawler.CrawlInterrupted as error:
        # SIGTERM (or a stop) reached the crawl, which saved its place: it stops ``up`` too.
        raise KeyboardInterrupt(str(error)) from error
    except crawler.CrawlError as error:
        message = f"Could not crawl {site} ({error})"
        claim.publish(crawl_error=message)
        warn(f"{message}; going on with what is already collected.")
        return False
    finally:
        if batches:
            batches.crawl = None
        claim.publish(collecting=None)
    claim.publish(crawl_error=None, crawled={**claim.state.get("crawled", {}), site: now_iso()})
    say(summary.line())
    return True


def collect(config: Config, claim: Claim, base_urls: dict[str, str | None], settings: dict[str, Any],
            refresh: float | None, batches: Batches | None = None) -> None:
    """Crawl each site in ``base_urls`` (None: its real address), then again every ``refresh``
    seconds (None: once); the sample stands in while nothing real can be collected. ``batches``,
    when running, is told to index at once after the sample comes or goes (without it, the
    caller extracts and indexes afterwards)."""
    import crawler

    catalogue = Catalogue(config)
    try:
        if "ofsted" in base_urls:
            address = base_urls["ofsted"] or crawler.BASE_URLS["ofsted"]
            if not catalogue.count_documents() and not reachable(address):
                _sample_if_empty(catalogue, batches, f"{urlsplit(address).hostname} cannot be reached")
                if batches:     # show the sample first: a crawl starting now would only slow it down
                    batches.idle.wait(timeout=120)
        while True:
            for site, base_url in base_urls.items():
                done = crawl_site(config, claim, batches, site, base_url, settings)
                if site == "ofsted":
                    if done:
                        _drop_sample(catalogue, batches)
                    else:
                        _sample_if_empty(catalogue, batches, "The Ofsted crawl failed")
            if refresh is None:
                return
            claim.publish(next_refresh_at=time.time() + refresh)
            time.sleep(refresh)
            claim.publish(next_refresh_at=None)
    finally:
        catalogue.close()
