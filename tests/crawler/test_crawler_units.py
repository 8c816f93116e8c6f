"""The site vocabulary (link texts → kinds, descriptions, URLs) and the body checks."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from crawler_cases import FAST
from pdfgen import make_pdf

from crawler.pipelines import document_problem, spreadsheet_problem
from crawler.sites import CAFCASS, OFSTED

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("title, kind", [
    ("Children's services inspection", "childrens-services-inspection"),
    ("Children\u2019s  Services   Inspection", "childrens-services-inspection"),
    ("Single inspection of LA children's services", "childrens-services-inspection"),
    ("Inspection of local authority children's services", "childrens-services-inspection"),
    ("Children's services focused visit", "focused-visit"),
    ("Children's services monitoring visit", "monitoring-visit"),
    ("Joint area child protection inspection", "jtai"),
    ("Joint targeted area inspection", "jtai"),
    ("Area SEND full inspection", "area-send"),
    ("Review of the Local Safeguarding Children Board", "lscb-review"),
    ("Something else entirely", "other"),
])
def test_local_authority_link_texts(title, kind):
    assert OFSTED.kind_of(title, "la") == kind


@pytest.mark.parametrize("title, kind", [
    ("Full inspection", "childrens-home-inspection"), ("Interim inspection", "childrens-home-inspection"),
    ("Monitoring visit", "monitoring-visit"), ("Inspection", "childrens-home-inspection")])
def test_childrens_home_link_texts(title, kind):
    assert OFSTED.kind_of(title, "childrens-homes") == kind


@pytest.mark.parametrize("provider_type", ["la", None])
def test_full_inspection_of_another_provider_type_is_not_a_childrens_home_inspection(provider_type):
    # Under every social care type, fostering and adoption agencies' reports are titled
    # "Full inspection" too: they were all stored as children's-home inspections.
    assert OFSTED.kind_of("Full inspection", provider_type) == "other"


@pytest.mark.parametrize("description, expected", [
    ("Area SEND full inspection, pdf - 15 July 2024", ("Area SEND full inspection", "2024-07-15")),
    ("Children's services inspection,  pdf - 16 august 2013", ("Children's services inspection", "2013-08-16")),
    ("Children's services focused visit as pdf - 3 May 2022", ("Children's services focused visit", "2022-05-03")),
    ("Children's services inspection, PDF \u2013 1 Sept 2020", ("Children's services inspection", None)),
    ("Academy conversion letter, PDF", ("Academy conversion letter", None)),
    ("Full inspection, PDF - 07 June 2023", ("Full inspection", "2023-06-07")),
    ("no date here", (None, None)),
])
def test_link_descriptions(description, expected):
    assert OFSTED.parse_description(description) == expected


def test_search_url_filters_and_types():
    url = OFSTED.search_url("https://mirror.example", "11", 100,
                            since="2025-01-31", regions=("E12000007",), open_only=True)
    assert url.startswith("https://mirror.example/search?q=&level_1_types=3&level_2_types%5B%5D=11")
    assert "latest_report_date_start=31-01-2025" in url and "region%5B%5D=E12000007" in url
    assert url.endswith("status%5B%5D=1&start=100&rows=100")
    OFSTED.check_provider_type("9")
    with pytest.raises(ValueError, match="unknown provider type"):
        OFSTED.check_provider_type("zoos")


def test_provider_types_are_read_from_the_filter_form_by_label():
    options = {"12": "Local authority children's services", "7": "Children\u2019s Homes"}
    assert OFSTED.type_from_form("childrens-homes", options) == "7"
    with pytest.raises(ValueError, match=r"no provider type labelled 'childrens-homes' \(it offers \"Local"):
        OFSTED.type_from_form("childrens-homes", {"12": "Local authority children's services"})


def test_cafcass_link_rules():
    host = "www.cafcass.gov.uk"
    assert CAFCASS.follows("https://www.cafcass.gov.uk/about-us/our-data/annual-data-summaries", host)
    assert CAFCASS.follows("https://www.cafcass.gov.uk/2017/07/31/annual-report-accounts-2016-17/", host)
    assert CAFCASS.follows("https://www.gov.uk/government/publications/cafcass-annual-report-2022-to-2023", host)
    assert not CAFCASS.follows("https://www.cafcass.gov.uk/get-involved/", host)
    assert not CAFCASS.follows("https://elsewhere.example/about-us/our-data", host)
    # Cafcass links itself with and without www.: one site.
    assert CAFCASS.follows("https://cafcass.gov.uk/about-us/our-data", host)
    assert CAFCASS.follows("https://www.cafcass.gov.uk/about-cafcass/our-data", "cafcass.gov.uk")
    assert CAFCASS.follows("https://www.cafcass.gov.uk/media/1234/download", host)
    assert CAFCASS.document_suffix("https://x/Data.XLSX?v=2") == ".xlsx"
    assert CAFCASS.kind_of("Annual report and accounts", "https://x/a.pdf", "https://x/news", ".pdf") == "cafcass-annual-report"


def test_body_checks():
    assert document_problem(make_pdf(["ok"]), ".pdf", "application/pdf") is None
    assert "Report not found" in document_problem(b"<!DOCTYPE html><title>Report not found</title>", ".pdf", "text/html")
    assert document_problem(b"%PDF-1.4 truncated", ".pdf", "application/pdf").startswith("truncated PDF")
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert spreadsheet_problem(book.getvalue(), ".xlsx") is None
    assert spreadsheet_problem(b"PK\x03\x04 nonsense", ".xlsx").startswith("not an XLSX workbook")
    assert spreadsheet_problem(b"Year,Applications\n2016,12791\n", ".csv") is None
    assert spreadsheet_problem(b"just words", ".csv").startswith("not a CSV file")


def test_plain_scrapy_commands_work_from_the_repository(tiny_site, tmp_path):
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True)
    assert listed.stdout.split() == ["cafcass", "ofsted"]
    settings = [arg for name, value in FAST.items() for arg in ("-s", f"{name}={value}")]
    crawled = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "ofsted", "-a", f"base_url={tiny_site.base_url}", "-a", "limit=1",
         "-s", f"INSPECTION_INDEX_DATA={tmp_path / 'data'}", "-s", "LOG_LEVEL=ERROR", *settings],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert crawled.returncode == 0, crawled.stderr
    assert len(tiny_site.file_requests()) == 1 and (tmp_path / "data" / "catalogue.sqlite").exists()
