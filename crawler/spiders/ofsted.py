"""The ``ofsted`` spider: search result pages → every provider page → every published report.

Arguments (``scrapy crawl ofsted -a name=value``, or ``crawler.crawl(...)``): ``base_url``,
``provider_type`` (``la`` — the default —, ``childrens-homes``, ``social-care`` or a
``level_2_types`` number), ``since`` / ``until`` (YYYY-MM-DD, the providers' latest report
date), ``regions`` (comma-separated ONS region codes), ``open_only``, ``limit``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from ..sites import OFSTED, file_id_from_url, parse_day, shown_day, tidy
from .base import CollectingSpider


def _flag(value) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")


class OfstedSpider(CollectingSpider):
    name = "ofsted"
    source = "ofsted"
    default_base_url = OFSTED.BASE_URL

    def __init__(self, *args, provider_type: str = "la", since: str | None = None,
                 until: str | None = None, regions: str | tuple[str, ...] = (),
                 open_only: bool | str = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.type_code = OFSTED.provider_type_code(provider_type)
        self.search = {
            "since": since or None, "until": until or None, "open_only": _flag(open_only),
            "regions": tuple(regions.split(",") if isinstance(regions, str) and regions else regions or ()),
        }
        self.filtered = any(self.search.values())
        self.listed: set[str] = set()

    def search_url(self, start: int) -> str:
        return OFSTED.search_url(self.base_url, self.type_code, start, **self.search)

    def start_requests(self):
        yield self.page_request(self.search_url(0), self.parse_search, start=0)

    # -- search result pages -------------------------------------------------------------

    def parse_search(self, response):
        start = response.meta["start"]
        hits = response.css(OFSTED.RESULT)
        count = response.css(OFSTED.RESULTS_COUNT).xpath("string()").get()
        expected = int(re.sub(r"[^\d]", "", count) or 0) if count and re.search(r"\d", count) else None
        if expected is not None:
            self.summary.providers_expected = expected
        if not hits:
            # Zero results is believable only for a filtered search (nothing new since…).
            if start == 0 and not (expected == 0 and self.filtered):
                self.site_changed(response.url, f"no providers ({OFSTED.RESULT}) and a result count of {count!r}")
            return
        self.page_read(response.url, counted=False)
        new = 0
        for hit in hits:
            href = hit.css(OFSTED.RESULT_LINK).attrib.get("href")
            url = response.urljoin(href or "")
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
            yield self.page_request(url, self.parse_provider, provider_urn=urn,
                                    provider_name=tidy(hit.css(OFSTED.RESULT_LINK).xpath("string()").get()),
                                    local_authority=facts.get("local authority"))
        # Follow the site's own next link; failing that, a full page means there may be more.
        next_href = response.css(OFSTED.NEXT_PAGE).get()
        if next_href and new:
            next_url = response.urljoin(next_href)
            next_start = parse_qs(urlsplit(next_url).query).get("start", [start + len(hits)])[0]
            yield self.page_request(next_url, self.parse_search, start=int(next_start))
        elif len(hits) >= OFSTED.ROWS_PER_PAGE and new:
            yield self.page_request(self.search_url(start + len(hits)), self.parse_search,
                                    start=start + len(hits))

    def page_unreadable(self, request, reason: str) -> None:
        if request.callback == self.parse_search:
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
        local_authority = name if self.type_code == OFSTED.PROVIDER_TYPES["la"] else meta.get("local_authority")
        for day in response.css(OFSTED.TIMELINE_DAY):
            event_day = parse_day(day.css(OFSTED.EVENT_DATE).attrib.get("datetime")
                                  or day.css(OFSTED.EVENT_DATE).xpath("string()").get())
            times = day.css("time")
            published_day = (parse_day(times[-1].attrib.get("datetime") or times[-1].xpath("string()").get())
                             if len(times) > 1 else None)
            for link in day.css(OFSTED.PUBLICATION_LINK):
                href = link.attrib.get("href")
                if not href:
                    continue
                title, published = OFSTED.parse_description(link.css(OFSTED.LINK_DESCRIPTION).xpath("string()").get())
                title = title or tidy(" ".join(link.xpath("text()").getall()))
                published = published or published_day or event_day
                url = response.urljoin(href)
                yield from self.file_request({
                    "url": url, "file_id": file_id_from_url(url), "provider_urn": meta["provider_urn"],
                    "local_authority": local_authority,
                    "title": f"{title} - {shown_day(published)}" if published else title,
                    "kind": OFSTED.kind_of(title, self.type_code), "published": published, "suffix": ".pdf",
                })
