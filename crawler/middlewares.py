"""Retries that back off: exponential delay with jitter, honouring Retry-After; a host that
does not resolve is not retried."""

from __future__ import annotations

import random

from scrapy import exceptions as scrapy_exceptions
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.error import DNSLookupError
from twisted.internet.task import deferLater

# A host name that does not resolve means no network or a wrong --base-url, not a busy server:
# retrying it with backoff would only keep an offline `up` waiting for minutes. Not retried.
# (CannotResolveHostError is Scrapy 2.13+'s name for it.)
HOST_NOT_FOUND = tuple(filter(None, (DNSLookupError, getattr(scrapy_exceptions, "CannotResolveHostError", None))))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (same settings), but each retry waits
    ``RETRY_BACKOFF_BASE * 2**(attempt-1)`` seconds (±25 % jitter, at most ``RETRY_BACKOFF_MAX``,
    or the server's ``Retry-After``), and the host's download slot is slowed down as much, so
    a struggling server is not hit again at once by the next queued request either.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 300.0)

    def _delay(self, request, retry_after: bytes | None = None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), self.backoff_max)
        attempt = request.meta.get("retry_times", 0)
        delay = self.backoff_base * 2 ** attempt
        return min(delay * random.uniform(0.75, 1.25), self.backoff_max)  # noqa: S311 - jitter

    async def _wait(self, request, delay: float):
        slot_key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(slot_key) if slot_key else None
        if slot is not None and slot.delay < delay:
            slot.delay = delay  # AutoThrottle brings it back down as good responses return
        await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))

    async def process_response(self, request, response, spider=None):
        retry = super().process_response(request, response)
        if retry is not response:
            await self._wait(request, self._delay(request, response.headers.get(b"Retry-After")))
        return retry

    async def process_exception(self, request, exception, spider=None):
        if isinstance(exception, HOST_NOT_FOUND):
            return None
        retry = super().process_exception(request, exception)
        if retry is not None:
            await self._wait(request, self._delay(request))
        return retry
