"""Everything the spiders know about the sites' layout: URLs, selectors, link-text vocabulary.

When Ofsted or Cafcass change their pages, this is the one file to fix. The layout is the one
described in ``shared/reference/ofsted-site.md`` and ``cafcass.md``; the spiders fail loudly
(see ``SiteChanged``) when a page no longer has the shape described here.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlencode, urlsplit

# Ofsted's file-id pattern lives with the importer, which reads the same URLs from manifests.
from inspection_index.importer import file_id_from_url  # noqa: F401 - the spiders take it from here


def normalise(text: str | None) -> str:
    """Lower case, straight apostrophes, single spaces: the form link texts are matched in."""
    return re.sub(r"\s+", " ", (text or "").replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def tidy(text: str | None) -> str:
    """Single spaces, as a title is shown and stored."""
    return re.sub(r"\s+", " ", text or "").strip()


def parse_day(text: str | None) -> str | None:
    """'15 July 2024', '15 july 2024', '2024-07-15' or '2024-07-15T09:00' → '2024-07-15'."""
    text = tidy(text)
    if not text:
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    for pattern in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text.title(), pattern).date().isoformat()
        except ValueError:
            continue
    return None


def shown_day(iso: str) -> str:
    """'2024-07-05' → '5 July 2024', as Ofsted's site shows dates."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


class OFSTED:
    """reports.ofsted.gov.uk (search, provider pages) and files.ofsted.gov.uk (the PDFs)."""

    BASE_URL = "https://reports.ofsted.gov.uk"
    # The only hosts an Ofsted crawl requests (besides its --base-url host): the pages, the
    # files, and the older files host that served the same ids.
    HOSTS = ("reports.ofsted.gov.uk", "files.ofsted.gov.uk", "files.api.ofsted.gov.uk")
    SEARCH_PATH = "/search"
    ROWS_PER_PAGE = 100          # the most the site serves on one page since February 2025
    CHILDRENS_SOCIAL_CARE = "3"  # level_1_types
    # --type → level_2_types[]. Only 12 (local authority children's services) is confirmed by
    # scrapers of the live site; None is every children's social care provider type.
    CONFIRMED_TYPES = {"la": "12", "social-care": None}
    # --type names looked up by label in the search page's filter form (the number behind a
    # label is not confirmed anywhere, so it is read from the site on every crawl).
    LABELLED_TYPES = ("childrens-homes",)
    PROVIDER_TYPES = (*CONFIRMED_TYPES, *LABELLED_TYPES)
    TYPE_FILTER = 'input[name^="level_2_types"]'   # the filter form's checkboxes: value + label
    # Provider page types in /provider/<type>/<urn> (confirmed): the provider's own type, which
    # decides what an ambiguous title such as "Full inspection" is.
    PAGE_TYPES = {"44": "la", "2": "childrens-homes"}

    # search result page (RESULTS_COUNT is not confirmed: paging never depends on it)
    RESULTS_COUNT = ".js-results-count"
    RESULT = "li.search-result"
    RESULT_LINK = "h3 a"
    RESULT_FACTS = "li"                  # inner "Key: Value" items (URN, Category, …)
    NEXT_PAGE = "a.pagination__next::attr(href)"
    PROVIDER_PATH = re.compile(r"/provider/(?P<type>[^/]+)/(?P<urn>[^/?#]+)")

    # provider page
    PROVIDER_NAME = "h1.heading--title"
    TIMELINE = "ol.timeline"
    TIMELINE_DAY = "ol.timeline > li.timeline__day"
    EVENT_DATE = "p.timeline__date time"
    PUBLICATION_LINK = "a.publication-link"
    LINK_DESCRIPTION = "span.nonvisual"
    # "Published <time>07 June 2023</time>" beside a link, inside the link's own event title.
    EVENT_TITLE_OF_LINK = "ancestor::span[contains(concat(' ', normalize-space(@class), ' '), ' event__title ')][1]"
    PUBLISHED = "div.event__metadata time"
    # "<Title>, pdf - <d Month yyyy>"; seen with odd spacing, "as pdf", any capitalisation, and
    # no date at all ("Academy conversion letter, PDF").
    DESCRIPTION = re.compile(
        r"^(?P<title>.+?)\s*(?:,|\bas\b)?\s*pdf\s*(?:[-\u2013\u2014]\s*(?P<day>\d{1,2}\s+[a-z]+\s+\d{4}))?\s*$",
        re.IGNORECASE,
    )

    # Link text → kind, first match wins (normalised text). Order matters: "Area SEND full
    # inspection" must not be taken for a children's home "Full inspection".
    KIND_RULES = (
        (re.compile(r"\barea send\b|special educational needs"), "area-send"),
        (re.compile(r"\bjoint (area|targeted area)\b|\bjtai\b"), "jtai"),
        (re.compile(r"\bfocused visit\b"), "focused-visit"),
        (re.compile(r"\bmonitoring visit\b"), "monitoring-visit"),
        (re.compile(r"children's services\b.*\binspection|\bsingle inspection\b|inspection of (local "
                    r"authority|la) children's services|safeguarding and looked after children"),
         "childrens-services-inspection"),
        (re.compile(r"safeguarding children board|\blscb\b"), "lscb-review"),
    )
    # Only for a provider that is a children's home: fostering and adoption agencies' reports
    # are titled "Full inspection" too.
    CHILDRENS_HOME_INSPECTION = re.compile(r"\binspection\b|children's home")

    @staticmethod
    def slug(label: str) -> str:
        """A filter label as a --type name: "Children's homes" → 'childrens-homes'."""
        return re.sub(r"[^a-z0-9]+", "-", normalise(label).replace("'", "")).strip("-")

    @classmethod
    def type_from_form(cls, name: str, options: dict[str, str]) -> str:
        """The level_2_types value whose label (``options``: value → label) is ``name``;
        ValueError naming the labels offered if there is none."""
        for value, label in options.items():
            if cls.slug(label) in (name, name.rstrip("s")):
                return value
        offered = "; ".join(f"{label!r} = {value}" for value, label in options.items()) or "no provider types"
        raise ValueError(f"no provider type labelled {name!r} (it offers {offered})")

    @classmethod
    def check_provider_type(cls, provider_type: str) -> None:
        """ValueError unless ``provider_type`` is a --type name or a ``level_2_types`` number."""
        if provider_type not in cls.PROVIDER_TYPES and not provider_type.isdigit():
            names = ", ".join(cls.PROVIDER_TYPES)
            raise ValueError(f"unknown provider type {provider_type!r} (use {names}, or a level_2_types number)")

    @classmethod
    def filter_form_url(cls, base_url: str) -> str:
        """A search page of every children's social care type: its filter form lists them."""
        return f"{base_url}{cls.SEARCH_PATH}?{urlencode([('q', ''), ('level_1_types', cls.CHILDRENS_SOCIAL_CARE)])}"

    @classmethod
    def type_options(cls, page) -> dict[str, str]:
        """The filter form's provider types on a search page: level_2_types value → label."""
        options = {}
        for box in page.css(cls.TYPE_FILTER):
            value, box_id = box.attrib.get("value"), box.attrib.get("id")
            label = page.xpath("//label[@for=$id]", id=box_id) if box_id else []
            label = label or box.xpath("ancestor::label[1]")
            if value:
                options[value] = tidy(label[0].xpath("string()").get() if label else "")
        return options

    @classmethod
    def search_url(cls, base_url: str, type_code: str | None, start: int = 0,
                   since: str | None = None, until: str | None = None,
                   regions: tuple[str, ...] = (), open_only: bool = False) -> str:
        """A search result page; dates are ISO (YYYY-MM-DD) and sent as the site's DD-MM-YYYY."""
        query: list[tuple[str, str]] = [("q", ""), ("level_1_types", cls.CHILDRENS_SOCIAL_CARE)]
        if type_code:
            query.append(("level_2_types[]", type_code))
        if since:
            query.append(("latest_report_date_start", date.fromisoformat(since).strftime("%d-%m-%Y")))
        if until:
            query.append(("latest_report_date_end", date.fromisoformat(until).strftime("%d-%m-%Y")))
        query += [("region[]", region) for region in regions]
        if open_only:
            query.append(("status[]", "1"))
        query += [("start", str(start)), ("rows", str(cls.ROWS_PER_PAGE))]
        return f"{base_url}{cls.SEARCH_PATH}?{urlencode(query)}"

    @classmethod
    def parse_description(cls, description: str | None) -> tuple[str | None, str | None]:
        """(title, publication day) from a link's ``span.nonvisual`` text, or (None, None)."""
        match = cls.DESCRIPTION.match(tidy(description))
        if not match:
            return None, None
        return tidy(match.group("title")), parse_day(match.group("day"))

    @classmethod
    def kind_of(cls, title: str, provider_type: str | None) -> str:
        """A report's kind from its title and its provider's type (a PAGE_TYPES value, or None)."""
        text = normalise(title)
        for pattern, kind in cls.KIND_RULES:
            if pattern.search(text):
                return kind
        if provider_type == "childrens-homes" and cls.CHILDRENS_HOME_INSPECTION.search(text):
            return "childrens-home-inspection"
        return "other"

    @staticmethod
    def fact(text: str) -> tuple[str, str] | None:
        """A search hit's inner ``Key: Value`` item."""
        key, sep, value = tidy(text).partition(":")
        return (key.strip().lower(), value.strip()) if sep else None


class CAFCASS:
    """www.cafcass.gov.uk, and the GOV.UK pages its annual reports link to.

    Cafcass has moved its pages at least three times and no stored copy shows a file-name
    pattern, so the spider follows links from these start pages, within these path patterns,
    to a depth limit — it never guesses a document's URL.
    """

    BASE_URL = "https://www.cafcass.gov.uk"
    # The only hosts a Cafcass crawl requests (besides its --base-url host): Cafcass with and
    # without www. (its pages link both), GOV.UK and GOV.UK's file host.
    HOSTS = ("www.cafcass.gov.uk", "cafcass.gov.uk", "www.gov.uk", "assets.publishing.service.gov.uk")
    START_PATHS = (
        "/about-us/our-data",
        "/about-us/our-data/annual-data-summaries",
        "/about-us/transparency-information",
        "/about-us/transparency-information/ofsted-results",
        "/about-cafcass/our-data",  # the monthly data as stored copies show it (to May 2024)
        "/about-cafcass/research-and-data/public-law-data/",
        "/about-cafcass/research/cafcass-research/",
    )
    MAX_DEPTH = 3
    # Hosts whose pages are followed besides the base URL's (documents are fetched from any HOSTS).
    OTHER_PAGE_HOSTS = ("www.gov.uk",)
    FOLLOW_PATHS = (
        re.compile(r"^/about-us/(our-data|transparency-information)(/|$)"),
        re.compile(r"^/about-cafcass/(research|our-data)"),
        # the CMS's media library: documents, some behind links without an extension
        # (/media/1234/download), so what they are is decided by the response
        re.compile(r"^/media/"),
        # news posts announcing reports and data: /2017/07/31/annual-report-accounts-2016-17/
        re.compile(r"^/(20\d{2}/\d{2}/\d{2}/)?[\w-]*(annual-report|annual-data|ofsted|research)[\w-]*/?$"),
        # GOV.UK publication pages of Cafcass's annual reports
        re.compile(r"^/government/(publications|collections)/[\w-]*cafcass"),
    )
    DOCUMENT_SUFFIXES = {".pdf": ".pdf", ".xlsx": ".xlsx", ".csv": ".csv"}
    CONTENT_TYPES = {"application/pdf": ".pdf", "text/csv": ".csv",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx"}
    # A download served as application/octet-stream is known by its first bytes.
    MAGIC = ((b"%PDF-", ".pdf"), (b"PK\x03\x04", ".xlsx"))
    LINK = "a[href]"
    DATE_IN_PATH = re.compile(r"/(20\d{2})/(\d{2})/(\d{2})/")
    # (what is matched, pattern, kind); first match wins. "text" is the link text and the
    # document URL, "page" the URL of the page that links it.
    KIND_RULES = (
        ("suffix", re.compile(r"^\.(xlsx|csv)$"), "cafcass-data"),
        ("text", re.compile(r"annual[ -]report"), "cafcass-annual-report"),
        ("text", re.compile(r"\bofsted\b|inspection|focused visit"), "cafcass-inspection"),
        ("page", re.compile(r"ofsted-results"), "cafcass-inspection"),
        ("text", re.compile(r"research"), "cafcass-research"),
        ("page", re.compile(r"research"), "cafcass-research"),
        ("text", re.compile(r"\bdata\b|statistic|summary|figures|demand"), "cafcass-data"),
        ("page", re.compile(r"our-data|public-law-data"), "cafcass-data"),
    )

    @classmethod
    def document_suffix(cls, url: str) -> str | None:
        """'.pdf', '.xlsx' or '.csv' when the URL names a document by its extension."""
        path = urlsplit(url).path.lower()
        for ending, suffix in cls.DOCUMENT_SUFFIXES.items():
            if path.endswith(ending):
                return suffix
        return None

    @classmethod
    def response_suffix(cls, content_type: str, disposition: str, body: bytes) -> str | None:
        """'.pdf', '.xlsx' or '.csv' when a response is a document (by its content type, the
        file name it is offered as, or its first bytes), else None (a page)."""
        content_type = content_type.split(";")[0].strip().lower()
        if content_type in cls.CONTENT_TYPES:
            return cls.CONTENT_TYPES[content_type]
        if "html" in content_type:
            return None
        named = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", disposition, re.IGNORECASE)
        if named and cls.document_suffix("/" + named.group(1)):
            return cls.document_suffix("/" + named.group(1))
        return next((suffix for magic, suffix in cls.MAGIC if body.startswith(magic)), None)

    @staticmethod
    def same_site(host: str | None, other: str | None) -> bool:
        """cafcass.gov.uk and www.cafcass.gov.uk are one site."""
        def bare(name):
            return (name or "").lower().removeprefix("www.")
        return bare(host) == bare(other)

    @classmethod
    def follows(cls, url: str, base_host: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        if not cls.same_site(parts.netloc, base_host) and parts.hostname not in cls.OTHER_PAGE_HOSTS:
            return False
        return any(pattern.search(parts.path) for pattern in cls.FOLLOW_PATHS)

    @classmethod
    def kind_of(cls, link_text: str, url: str, page_url: str, suffix: str) -> str:
        subjects = {"suffix": suffix, "text": normalise(f"{link_text} {urlsplit(url).path}").replace("-", " "),
                    "page": urlsplit(page_url).path.lower()}
        for subject, pattern, kind in cls.KIND_RULES:
            if pattern.search(subjects[subject]):
                return kind
        return "other"

    @classmethod
    def published(cls, *urls: str) -> str | None:
        """A news post's date from its URL (/2017/07/31/…), if any URL carries one."""
        for url in urls:
            match = cls.DATE_IN_PATH.search(urlsplit(url).path)
            if match:
                try:
                    return date(*map(int, match.groups())).isoformat()
                except ValueError:
                    continue
        return None
