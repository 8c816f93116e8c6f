"""Scrapy settings of the Inspection Index crawler: polite by default.

Ofsted documents no rate limit, and peers have seen intermittent 403s and dropped connections,
so the defaults are deliberately slow: one request at a time per host, at least two seconds
apart, slowed further by AutoThrottle when the server answers slowly, and retried with an
exponential backoff when it struggles. A refresh of all ~153 local authorities takes about
five minutes. Tests and mirrors may override any of these (``-s NAME=VALUE`` on the command
line, ``settings={...}`` in ``crawler.crawl``).
"""

from inspection_index import __version__

BOT_NAME = "inspection-index"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Say who we are and where to find us, so a site operator can get in touch instead of blocking.
USER_AGENT = f"inspection-index/{__version__} (+https://github.com/inspection-index/inspection-index)"

# Obey robots.txt, for every host the crawl touches (reports, files, GOV.UK).
ROBOTSTXT_OBEY = True

# One request at a time per host (reports.ofsted.gov.uk and files.ofsted.gov.uk are separate
# hosts, so a provider page and a file may be fetched at the same time), a few hosts at most.
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1

# About 2 s between requests to a host, randomised to 1-3 s so the crawl has no fixed beat
# (Scrapy < 2.19 randomises the same way by default).
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5

# AutoThrottle lengthens the delay when responses slow down (never below DOWNLOAD_DELAY) and
# aims at one request in flight per host.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Retries: timeouts, connection resets and dropped downloads (Scrapy's default exception list),
# and these statuses. 403 is included because the site has been seen to answer it briefly under
# load. Each retry waits RETRY_BACKOFF_BASE * 2**attempt seconds (jitter ±25 %, capped at
# RETRY_BACKOFF_MAX, or the server's Retry-After): 2, 4, 8, 16, 32 s. A host name that does
# not resolve is not retried (no network, or a wrong --base-url): see middlewares.py.
RETRY_ENABLED = True
RETRY_TIMES = 5
RETRY_HTTP_CODES = [403, 408, 429, 500, 502, 503, 504, 522, 524]
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 300.0
# A Retry-After is honoured up to this many seconds; one asking for longer gives that URL up
# at once (a transient failure, tried again next crawl) instead of stalling its host for it.
RETRY_AFTER_MAX = 120.0
# A request that still fails after its retries is recorded in the catalogue's failures (and
# shown by `inspection-index status`), so Scrapy's own give-up message is only a debug line.
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"

DOWNLOAD_TIMEOUT = 90
# Reports are a few MB; nothing the crawler wants is anywhere near this.
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # After RedirectMiddleware (600) for requests, before it for responses: see the class.
    "crawler.middlewares.SiteBoundsMiddleware": 650,
}
ITEM_PIPELINES = {"crawler.pipelines.CataloguePipeline": 300}

# Nothing on these sites needs cookies, and no crawl should open a network port.
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy >= 2.19 would otherwise listen on a local port

# The data directory whose catalogue receives the files (None: $INSPECTION_INDEX_DATA, else
# ./inspection-data). Resuming needs JOBDIR: `inspection-index crawl` sets it to
# <data dir>/crawl/<spider>; with plain `scrapy crawl`, pass -s JOBDIR=… yourself.
INSPECTION_INDEX_DATA = None

LOG_LEVEL = "INFO"
