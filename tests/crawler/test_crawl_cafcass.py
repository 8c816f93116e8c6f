"""The real cafcass spider against a mirror of Cafcass's published-information pages, with a
GOV.UK-like publication page on the same host and documents on a second (assets) host."""

from __future__ import annotations

import io

import openpyxl
import pytest
from crawler_cases import FAST, FAST_CLI, run_cli
from crawler_servers import StaticSite
from pdfgen import make_pdf

import crawler
from inspection_index import Catalogue, figures

HTML = "text/html; charset=utf-8"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page(*links: tuple[str, str]) -> tuple[str, bytes]:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return HTML, f"<html><body><main><h1>Cafcass</h1><ul>{items}</ul></main></body></html>".encode()


def demand_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LA rates"
    sheet.append(["Care applications per 10,000 children aged 0-17, by local authority"])
    sheet.append([])
    sheet.append(["Local authority", "2015-16", "2016-17"])
    sheet.append(["Blackpool", 39.0, 48.2])
    sheet.append(["Middlesbrough", 29.9, 40.7])
    sheet.append(["South Tyneside", 28.9, 30.1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# URL path → expected kind, for every document the spider must collect.
EXPECTED = {
    "/media/demand-by-la.xlsx": "cafcass-data",
    "/media/national-demand.csv": "cafcass-data",
    "/about-us/our-data/latest-figures": "cafcass-data",          # a document behind a link without extension
    "/media/annual-data-summary-2022-23.pdf": "cafcass-data",
    "/wp-content/uploads/2017/07/annual-report-2016-17.pdf": "cafcass-annual-report",
    "/media/ofsted-inspection-of-cafcass-2024.pdf": "cafcass-inspection",
    "/media/repeat-care-proceedings.pdf": "cafcass-research",
    # the CMS's download link without an extension, served as application/octet-stream, on
    # the monthly-data page that stored copies show (/about-cafcass/our-data)
    "/media/1234/download": "cafcass-data",
}
ON_GOVUK_ASSETS = "/media/5f1e/cafcass-annual-report-and-accounts-2022-to-2023.pdf"
NEVER_FETCHED = ("/media/leaflet-for-parents.pdf", "/media/too-deep.pdf", "/get-involved/")


@pytest.fixture(scope="module")
def cafcass_sites():
    assets = StaticSite({ON_GOVUK_ASSETS: (PDF, make_pdf(["Cafcass Annual Report and Accounts 2022-23"]))}, "assets")
    site = StaticSite({
        "/about-us/our-data": page(
            ("/media/demand-by-la.xlsx", "Care applications by local authority (XLSX, 20KB)"),
            ("/media/national-demand.csv", "National care demand (CSV)"),
            ("/about-us/our-data/latest-figures", "Download the latest figures"),
            ("/media/old-demand.xlsx", "Older demand spreadsheet"),
            ("/about-us/our-data/a", "More data"),
            ("/get-involved/", "Get involved"),
            ("mailto:press@example.org", "Press office")),
        "/about-us/our-data/annual-data-summaries": page(
            ("/media/annual-data-summary-2022-23.pdf", "Annual data summary 2022-23")),
        "/about-us/our-data/latest-figures": (PDF, make_pdf(["Latest care demand figures"])),
        "/about-us/our-data/a": page(("/about-us/our-data/b", "b")),
        "/about-us/our-data/b": page(("/about-us/our-data/c", "c")),
        "/about-us/our-data/c": page(("/about-us/our-data/d", "d")),
        "/about-us/our-data/d": page(("/media/too-deep.pdf", "Too deep")),
        "/about-us/transparency-information": page(
            ("/cafcass-publishes-annual-report-and-accounts-2022-23", "Annual report and accounts 2022-23"),
            ("/2017/07/31/annual-report-accounts-2016-17/", "Annual report and accounts 2016-17"),
            ("/about-us/transparency-information/ofsted-results", "Ofsted results")),
        "/about-us/transparency-information/ofsted-results": page(
            ("/media/ofsted-inspection-of-cafcass-2024.pdf", "Inspection of Cafcass, 2024")),
        "/cafcass-publishes-annual-report-and-accounts-2022-23": page(
            ("/government/publications/cafcass-annual-report-and-accounts-2022-to-2023", "on GOV.UK")),
        "/2017/07/31/annual-report-accounts-2016-17/": page(
            ("/wp-content/uploads/2017/07/annual-report-2016-17.pdf", "Read the annual report (PDF)")),
        "/about-cafcass/research/cafcass-research/": page(
            ("/media/repeat-care-proceedings.pdf", "A study of repeat care proceedings")),
        "/get-involved/": page(("/media/leaflet-for-parents.pdf", "Leaflet")),
        "/media/leaflet-for-parents.pdf": (PDF, make_pdf(["leaflet"])),
        "/media/too-deep.pdf": (PDF, make_pdf(["too deep"])),
        "/media/old-demand.xlsx": page(),  # an HTML page where a spreadsheet was promised
        "/media/demand-by-la.xlsx": (XLSX, demand_xlsx()),
        "/media/national-demand.csv": ("text/csv", b"Year,Care applications\n2015-16,12791\n"),
        "/media/annual-data-summary-2022-23.pdf": (PDF, make_pdf(["Annual data summary 2022-23"])),
        "/wp-content/uploads/2017/07/annual-report-2016-17.pdf": (PDF, make_pdf(["Annual report 2016-17"])),
        "/media/ofsted-inspection-of-cafcass-2024.pdf": (PDF, make_pdf(["Ofsted inspection of Cafcass"])),
        "/media/repeat-care-proceedings.pdf": (PDF, make_pdf(["Repeat care proceedings"])),
    }, "cafcass")
    site.pages["/government/publications/cafcass-annual-report-and-accounts-2022-to-2023"] = page(
        (assets.url + ON_GOVUK_ASSETS, "Cafcass annual report and accounts 2022 to 2023"))
    site.pages["/about-cafcass/our-data"] = page(
        ("/media/1234/download", "Care demand to May 2024"),
        # another host (the same server under another name): never requested
        (site.url.replace("127.0.0.1", "localhost") + "/media/leaflet-for-parents.pdf", "Leaflet elsewhere"))
    site.pages["/media/1234/download"] = ("application/octet-stream", make_pdf(["Care demand to May 2024"]))
    yield site, assets
    site.close()
    assets.close()


@pytest.fixture(scope="module")
def cafcass_crawl(cafcass_sites, tmp_path_factory):
    from inspection_index import Config

    site, _ = cafcass_sites
    config = Config(tmp_path_factory.mktemp("cafcass") / "data")
    summary = crawler.crawl(config, "cafcass", base_url=site.url, settings=FAST)
    catalogue = Catalogue(config)
    yield config, catalogue, summary
    catalogue.close()


def test_collects_linked_documents_with_kinds(cafcass_sites, cafcass_crawl):
    site, assets = cafcass_sites
    _, catalogue, summary = cafcass_crawl
    documents = {d.source_url: d for d in catalogue.documents("cafcass")}
    expected = {site.url + path: kind for path, kind in EXPECTED.items()}
    expected[assets.url + ON_GOVUK_ASSETS] = "cafcass-annual-report"
    assert {url: d.kind for url, d in documents.items()} == expected
    annual = documents[site.url + "/wp-content/uploads/2017/07/annual-report-2016-17.pdf"]
    assert annual.published == "2017-07-31" and annual.title == "Read the annual report (PDF)"
    assert documents[site.url + "/media/demand-by-la.xlsx"].stored_path.suffix == ".xlsx"
    assert documents[site.url + "/media/national-demand.csv"].stored_path.suffix == ".csv"
    assert summary.files_new == len(expected) and summary.error is None


def test_stays_within_its_paths_and_depth(cafcass_sites, cafcass_crawl):
    site, _ = cafcass_sites
    assert not set(NEVER_FETCHED) & set(site.requests())


def test_failures_recorded_with_reasons(cafcass_sites, cafcass_crawl):
    site, _ = cafcass_sites
    _, catalogue, _ = cafcass_crawl
    reasons = {f["location"]: f["reason"] for f in catalogue.failures("collect")}
    assert reasons[site.url + "/media/old-demand.xlsx"] == "not an XLSX file: an HTML page"
    assert reasons[site.url + "/about-cafcass/research-and-data/public-law-data/"].startswith("page: HTTP 404")
    elsewhere = site.url.replace("127.0.0.1", "localhost") + "/media/leaflet-for-parents.pdf"
    assert reasons[elsewhere].startswith("refused: localhost is not one of the sites this crawl reads")


def test_demand_spreadsheet_feeds_the_figures_layer(cafcass_crawl):
    _, catalogue, summary = cafcass_crawl
    assert summary.figures_loaded == 6
    assert [(p["year"], p["value"]) for p in figures.series(catalogue, "890", "care_applications_per_10k")] == [
        (2016, 39.0), (2017, 48.2)]


def test_second_crawl_downloads_nothing(cafcass_sites, cafcass_crawl):
    site, assets = cafcass_sites
    config = cafcass_crawl[0]
    before_site, before_assets = len(site.requests()), len(assets.requests())
    cli = run_cli(config.data_dir, "crawl", "cafcass", "--base-url", site.url, *FAST_CLI)
    _, stderr = cli.communicate(timeout=60)
    assert cli.returncode == 0, stderr
    again = site.requests()[before_site:] + assets.requests()[before_assets:]
    assert not [path for path in again if path in EXPECTED or path.startswith("/media/")]
    assert "0 new files, 9 already held" in stderr


def test_a_site_without_the_start_pages_fails_loudly(config):
    empty = StaticSite({})
    try:
        with pytest.raises(crawler.CrawlError, match="none of the Cafcass start pages could be read"):
            crawler.crawl(config, "cafcass", base_url=empty.url, settings=FAST)
    finally:
        empty.close()
