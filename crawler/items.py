"""What the spiders hand to the pipeline: one downloaded file with what its page said of it."""

from __future__ import annotations

import scrapy


class CollectedFile(scrapy.Item):
    """A downloaded report or data file, before it is checked and catalogued.

    ``body`` is removed by the pipeline once the file is stored, so no log or feed ever
    carries the bytes.
    """

    source = scrapy.Field()          # "ofsted" | "cafcass"
    url = scrapy.Field()             # the URL the page linked (the catalogue's location)
    file_id = scrapy.Field()         # the publisher's file id (Ofsted), else None
    provider_urn = scrapy.Field()
    local_authority = scrapy.Field()
    title = scrapy.Field()
    kind = scrapy.Field()            # inspection_index.vocabulary.KINDS
    published = scrapy.Field()       # YYYY-MM-DD
    suffix = scrapy.Field()          # expected format: ".pdf", ".xlsx" or ".csv"
    content_type = scrapy.Field()
    body = scrapy.Field()
    doc_id = scrapy.Field()          # set by the pipeline
    new = scrapy.Field()             # set by the pipeline: False when the bytes were held
