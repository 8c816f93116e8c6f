"""Downloader middlewares: the crawl's bounds (which URLs it may request at all, redirect
loops), and retries that back off (exponential delay with jitter, a capped Retry-After; a host
that does not resolve is not retried)."""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from scrapy import exceptions as scrapy_exceptions
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError
from twisted.internet.task import deferLater

# A host name that does not resolve means no network or a wrong --base-url, not a busy server:
# retrying it with backoff would only keep an offline `up` waiting for minutes. Not retried.
# (CannotResolveHostError is Scrapy 2.13+'s name for it.)
HOST_NOT_FOUND = tuple(filter(None, (DNSLookupError, getattr(scrapy_exceptions, "CannotResolveHostError", None))))


class Refused(IgnoreRequest):
    """A URL the crawl never requests (not http(s), or not on the sites it reads); the message
    is the reason recorded."""


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL of its own chain; the message shows the chain."""


class SiteBoundsMiddleware:
    """Every request, redirects included, passes ``spider.link_problem`` or is refused; a
    redirect back into its own chain is a failure with the chain, not a silent duplicate.

    It sits after RedirectMiddleware on the way in (so a redirect's target is checked like any
    link) and before it on the way out (so a loop is seen before Scrapy's duplicate filter
    would drop it without a word).
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        problem = self.crawler.spider.link_problem(request.url)
        if problem:
            raise Refused(problem)

    def process_response(self, request, response, spider=None):
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            chain = [*request.meta.get("redirect_urls", ()), request.url]
            target = urljoin(request.url, location.decode("latin-1"))
            if target in chain:
                raise RedirectLoop("redirect loop: " + " → ".join([*chain, target]))
        return response


@contextmanager
def slowed(slots: dict, slot, delay: float):
    """``slot``'s delay raised to ``delay`` while the block runs, then back to what it was
    (with AutoThrottle off nothing else would ever bring it down). ``slots`` holds, by slot,
    the normal delay and how many waits are under way."""
    normal, waits = slots.get(id(slot), (slot.delay, 0))
    slots[id(slot)] = (normal, waits + 1)
    slot.delay = max(slot.delay, delay)
    try:
        yield
    finally:
        normal, waits = slots.pop(id(slot))
        if waits > 1:
            slots[id(slot)] = (normal, waits - 1)
        else:
            slot.delay = normal


def retry_after_seconds(value: bytes | None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) in seconds from now, or None."""
    text = (value or b"").decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds()) if when.tzinfo else None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (same settings), but each retry waits
    ``RETRY_BACKOFF_BASE * 2**(attempt-1)`` seconds (±25 % jitter, at most ``RETRY_BACKOFF_MAX``),
    or the server's ``Retry-After``, and the host's download slot is slowed down as much
    meanwhile, so a struggling server is not hit again at once by the next queued request.

    A ``Retry-After`` longer than ``RETRY_AFTER_MAX`` is not honoured: the URL is given up at
    once (recorded as a transient failure, so the next crawl tries it again) and the rest of
    the crawl goes on.

    A page whose request says what it must show (``meta["expect"]``, a CSS selector) and which
    does not show it is retried the same way: sites serve transient error pages with status
    200. After the last retry the spider gets the page as it is, and judges it.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 300.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self.slowed_slots: dict = {}

    def _delay(self, request, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return retry_after
        attempt = request.meta.get("retry_times", 0)
        delay = self.backoff_base * 2 ** attempt
        return min(delay * random.uniform(0.75, 1.25), self.backoff_max)  # noqa: S311 - jitter

    async def _wait(self, request, delay: float):
        from twisted.internet import reactor  # not at import: the spiders import this module first

        slot_key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(slot_key) if slot_key else None
        if slot is None:
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
            return
        with slowed(self.slowed_slots, slot, delay):
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))

    async def process_response(self, request, response, spider=None):
        retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
        if (response.status in self.retry_http_codes and retry_after is not None
                and retry_after > self.retry_after_max):
            request.meta["retry_after_refused"] = (retry_after, self.retry_after_max)
            return response  # given up now: the spider records why
        retry = super().process_response(request, response)
        expect = request.meta.get("expect")
        if (retry is response and expect and response.status == 200 and isinstance(response, TextResponse)
                and not request.meta.get("dont_retry") and not response.css(expect)):
            retry = self._retry(request, f"a page without {expect} (an error page?)") or response
        if retry is not response:
            await self._wait(request, self._delay(request, retry_after))
        return retry

    async def process_exception(self, request, exception, spider=None):
        if isinstance(exception, HOST_NOT_FOUND):
            return None
        retry = super().process_exception(request, exception)
        if retry is not None:
            await self._wait(request, self._delay(request))
        return retry
