"""The ``cafcass`` spider: Cafcass's published-information pages → the documents they link.

It starts from the pages in ``sites.CAFCASS.START_PATHS``, follows links that stay within the
configured path patterns (and on to GOV.UK publication pages) up to ``max_depth`` links away,
and collects every PDF, XLSX or CSV they link on the hosts in ``sites.CAFCASS.HOSTS``. A
followed link that turns out to be a document — by its content type, the file name it is
offered as, or its first bytes (a CMS download link such as ``/media/1234/download``) — is
collected too.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urlsplit

from scrapy.http import TextResponse

from ..sites import CAFCASS, tidy
from .base import CollectingSpider


class CafcassSpider(CollectingSpider):
    name = "cafcass"
    source = "cafcass"
    default_base_url = CAFCASS.BASE_URL
    hosts = CAFCASS.HOSTS

    def __init__(self, *args, max_depth: int | str = CAFCASS.MAX_DEPTH, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_depth = int(max_depth)
        self.base_host = urlsplit(self.base_url).netloc
        self.start_pages_read = 0
        self.document_links = 0

    def start_requests(self):
        for path in CAFCASS.START_PATHS:
            yield self.page_request(self.base_url + path, self.parse_page, depth=0, link_text="")

    def report_for(self, url: str, link_text: str, page_url: str, suffix: str) -> dict:
        title = tidy(link_text) or urlsplit(url).path.rsplit("/", 1)[-1]
        return {"url": url, "file_id": None, "provider_urn": None, "local_authority": None, "title": title,
                "kind": CAFCASS.kind_of(link_text, url, page_url, suffix),
                "published": CAFCASS.published(url, page_url), "suffix": suffix}

    def parse_page(self, response):
        depth = response.meta["depth"]
        suffix = CAFCASS.response_suffix(response.headers.get("Content-Type", b"").decode("latin-1"),
                                         response.headers.get("Content-Disposition", b"").decode("latin-1"),
                                         response.body)
        if suffix:
            # A link followed as a page was a document after all.
            report = self.report_for(response.url, response.meta["link_text"],
                                     response.meta.get("page_url", response.url), suffix)
            if self.catalogue.knows_location(response.url):
                self.summary.files_known += 1
            else:
                self.files_requested += 1
                response.meta["report"] = report
                yield from self.parse_file(response)
            return
        if not isinstance(response, TextResponse):
            return
        self.page_read(response.url)
        if depth == 0:
            self.start_pages_read += 1
        for link in response.css(CAFCASS.LINK):
            try:
                url = urldefrag(response.urljoin(link.attrib["href"]))[0]
            except ValueError:  # malformed; a link worth requesting is refused by the middleware
                continue
            text = tidy(link.xpath("string()").get())
            suffix = CAFCASS.document_suffix(url)
            if suffix:
                self.document_links += 1
                yield from self.file_request(self.report_for(url, text, response.url, suffix))
            elif self.catalogue.knows_location(url):  # a link without extension, collected before
                self.summary.files_known += 1
            elif depth < self.max_depth and CAFCASS.follows(url, self.base_host):
                yield self.page_request(url, self.parse_page, depth=depth + 1, link_text=text,
                                        page_url=response.url)

    def closed(self, reason: str) -> None:
        if reason == "finished" and not self.summary.error:
            if not self.start_pages_read:
                self.summary.error = (f"none of the Cafcass start pages could be read at {self.base_url} "
                                      f"(tried {', '.join(CAFCASS.START_PATHS)})")
            elif not self.document_links and not self.summary.resumed:
                self.summary.error = (f"the site has changed shape: no links to PDF, XLSX or CSV files on "
                                      f"{self.summary.pages_read} pages from {self.base_url}")
        super().closed(reason)
