"""The ``ofsted`` spider: search result pages → every provider page → every published report.

Arguments (``scrapy crawl ofsted -a name=value``, or ``crawler.crawl(...)``): ``base_url``,
``provider_type`` (``la`` — the default —, ``childrens-homes``, ``social-care`` or a
``level_2_types`` number), ``since`` / ``until`` (YYYY-MM-DD, the providers' latest report
date), ``regions`` (comma-separated ONS region codes), ``open_only``, ``limit``.

A ``--type`` known only by its label (``childrens-homes``) is looked up in the search page's
filter form first. Pages that lack the markup expected of them are retried with backoff (the
site serves transient error pages) before the spider concludes anything from them.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from ..sites import OFSTED, file_id_from_url, parse_day, shown_day, tidy
from .base import CollectingSpider

# What a page must show to be taken as read (else it is retried, as an error page would be).
SEARCH_PAGE = f"{OFSTED.RESULT}, {OFSTED.RESULTS_COUNT}, {OFSTED.TYPE_FILTER}"


def _flag(value) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")


class OfstedSpider(CollectingSpider):
    name = "ofsted"
    source = "ofsted"
    default_base_url = OFSTED.BASE_URL
    hosts = OFSTED.HOSTS

    def __init__(self, *args, provider_type: str = "la", since: str | None = None,
                 until: str | None = None, regions: str | tuple[str, ...] = (),
                 open_only: bool | str = False, **kwargs):
        super().__init__(*args, **kwargs)
        OFSTED.check_provider_type(provider_type)
        self.provider_type = provider_type
        self.type_code = OFSTED.CONFIRMED_TYPES.get(provider_type, provider_type)
        self.search = {
            "since": since or None, "until": until or None, "open_only": _flag(open_only),
            "regions": tuple(regions.split(",") if isinstance(regions, str) and regions else regions or ()),
        }
        self.filtered = any(self.search.values())
        self.listed: set[str] = set()

    def search_url(self, start: int) -> str:
        return OFSTED.search_url(self.base_url, self.type_code, start, **self.search)

    def start_requests(self):
        if self.provider_type in OFSTED.LABELLED_TYPES:
            yield self.page_request(OFSTED.filter_form_url(self.base_url), self.parse_filter_form,
                                    expect=OFSTED.TYPE_FILTER)
        else:
            yield self.search_request(0)

    def search_request(self, start: int, url: str | None = None):
        return self.page_request(url or self.search_url(start), self.parse_search, start=start, expect=SEARCH_PAGE)

    def parse_filter_form(self, response):
        options = OFSTED.type_options(response)
        if not options:
            self.site_changed(response.url, f"no provider-type filter form ({OFSTED.TYPE_FILTER})")
        try:
            self.type_code = OFSTED.type_from_form(self.provider_type, options)
        except ValueError as error:
            self.summary.error = f"the search page's filter form at {response.url} has {error}"
            return
        self.summary.notes.append(f"--type {self.provider_type} is level_2_types {self.type_code} "
                                  f"({options[self.type_code]!r}) on the search page's filter form")
        yield self.search_request(0)

    # -- search result pages -------------------------------------------------------------

    def parse_search(self, response):
        start = response.meta["start"]
        hits = response.css(OFSTED.RESULT)
        count = response.css(OFSTED.RESULTS_COUNT).xpath("string()").get()
        expected = int(re.sub(r"[^\d]", "", count) or 0) if count and re.search(r"\d", count) else None
        if expected is not None:
            self.summary.providers_expected = expected
        if not hits:
            self.listing_ended_empty(response, start, expected, count)
            return
        self.page_read(response.url, counted=False)
        new = 0
        for hit in hits:
            href = hit.css(OFSTED.RESULT_LINK).attrib.get("href")
            url = self.link(response, href)
            if url is None:
                continue
            match = OFSTED.PROVIDER_PATH.search(urlsplit(url).path)
            if not match:
                self.site_changed(response.url, f"a search hit without a /provider/<type>/<urn> link ({href!r})")
            facts = dict(filter(None, (OFSTED.fact(text) for text in
                                       hit.css(OFSTED.RESULT_FACTS).xpath("string()").getall())))
            urn = match.group("urn")
            if urn not in self.listed:
                self.listed.add(urn)
                self.summary.providers_seen += 1
                new += 1
            yield self.page_request(url, self.parse_provider, provider_urn=urn, expect=OFSTED.TIMELINE,
                                    provider_type=OFSTED.PAGE_TYPES.get(match.group("type")),
                                    provider_name=tidy(hit.css(OFSTED.RESULT_LINK).xpath("string()").get()),
                                    local_authority=facts.get("local authority"))
        # A page with a next link, or a full page (the next link is not all the evidence), is
        # always followed; the listing ends on a short page without one.
        next_href = response.css(OFSTED.NEXT_PAGE).get()
        next_url = self.link(response, next_href) if next_href else None
        full = len(hits) >= OFSTED.ROWS_PER_PAGE
        if not new:
            self.listing_problem(response.url, "listed no provider not already listed, so paging stopped there")
        elif next_url:
            next_start = parse_qs(urlsplit(next_url).query).get("start", [""])[0]
            yield self.search_request(int(next_start) if next_start.isdigit() else start + len(hits), next_url)
        elif full:
            yield self.search_request(start + len(hits))
        else:
            self.listing_ended(f"on a short page ({len(hits)} providers at start={start}) without a next link")

    def listing_ended_empty(self, response, start: int, expected: int | None, count: str | None) -> None:
        """A search page without hits, after its retries: the end, nothing found, or a gap."""
        looks_like_search = bool(response.css(f"{OFSTED.RESULTS_COUNT}, {OFSTED.TYPE_FILTER}"))
        if start == 0:
            # Zero results is believable only for a filtered search (nothing new since…).
            if not (self.filtered and looks_like_search and expected in (0, None)):
                self.site_changed(response.url, f"no providers ({OFSTED.RESULT}) and a result count of {count!r}")
            self.listing_ended("with no providers matching the filters")
        elif looks_like_search:
            self.listing_ended(f"on an empty page at start={start} (the one after a full page)")
        else:
            self.listing_problem(response.url, f"no providers ({OFSTED.RESULT}) and no search form, after "
                                               "retries (an error page?)")

    def listing_ended(self, how: str) -> None:
        self.summary.notes.append(f"the search listing ended {how}: {self.summary.providers_seen} providers")

    def listing_problem(self, url: str, problem: str) -> None:
        """A later search page that could not be read: what is listed is still crawled, and
        the crawl ends with an error (providers after that page may be missing)."""
        self.catalogue.record_failure(stage="collect", location=url, source=self.source,
                                      reason=f"page: search listing incomplete: {problem}")
        self.progress.say(f"{url}: {problem}")
        if not self.summary.error:
            self.summary.error = (f"the search listing is incomplete: {url} {problem}; providers after the "
                                  f"{self.summary.providers_seen} listed may be missing")

    def page_unreadable(self, request, reason: str) -> None:
        if request.callback == self.parse_search and request.meta["start"] > 0:
            self.listing_problem(request.url, f"could not be read ({reason})")
        elif request.callback in (self.parse_search, self.parse_filter_form):
            self.summary.error = f"could not read the search page {request.url}: {reason}"
            self.stop("search_unreadable")

    # -- provider pages ------------------------------------------------------------------

    def parse_provider(self, response):
        if not response.css(OFSTED.TIMELINE):
            self.shape_problem(response.url, f"no report timeline ({OFSTED.TIMELINE})")
            return
        self.page_read(response.url)
        meta = response.meta
        name = tidy(response.css(OFSTED.PROVIDER_NAME).xpath("string()").get()) or meta.get("provider_name")
        # The provider's own type (from its page URL) decides ambiguous titles; failing that,
        # the searched type when it is a single known one.
        provider_type = meta.get("provider_type") or (
            self.provider_type if self.provider_type in OFSTED.PAGE_TYPES.values() else None)
        local_authority = name if provider_type == "la" else meta.get("local_authority")
        for day in response.css(OFSTED.TIMELINE_DAY):
            event_day = parse_day(day.css(OFSTED.EVENT_DATE).attrib.get("datetime")
                                  or day.css(OFSTED.EVENT_DATE).xpath("string()").get())
            day_published = day.css(OFSTED.PUBLISHED)
            for link in day.css(OFSTED.PUBLICATION_LINK):
                href = link.attrib.get("href")
                if not href:
                    continue
                url = self.link(response, href)
                if url is None:
                    continue
                title, published = OFSTED.parse_description(link.css(OFSTED.LINK_DESCRIPTION).xpath("string()").get())
                title = title or tidy(" ".join(link.xpath("text()").getall()))
                # "Published <time>" in the link's own event title; one for the whole day will do.
                beside = link.xpath(OFSTED.EVENT_TITLE_OF_LINK).css(OFSTED.PUBLISHED) or (
                    day_published if len(day_published) == 1 else [])
                published = published or (parse_day(beside[0].xpath("string()").get()) if beside else None) or event_day
                yield from self.file_request({
                    "url": url, "file_id": file_id_from_url(url), "provider_urn": meta["provider_urn"],
                    "local_authority": local_authority,
                    "title": f"{title} - {shown_day(published)}" if published else title,
                    "kind": OFSTED.kind_of(title, provider_type), "published": published, "suffix": ".pdf",
                })
