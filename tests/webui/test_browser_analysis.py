"""The analysis views in real headless Chromium over the real corpus (../shared) on waitress:
the spiral chart and table, a council page, the model form, the data page and the Atom feed.
``SCREENSHOTS=1`` also writes docs/screenshots/spiral.png and council.png."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import LiveServer
from test_browser import CHROMIUM, browser, page  # noqa: F401 - the shared browser fixtures

from webui import create_app

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.corpus,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not found: install Debian's chromium package")]


@pytest.fixture(scope="module")
def live_server(corpus_data_dir):
    with LiveServer(create_app({"DATA_DIR": corpus_data_dir[0]})) as server:
        yield server


def shoot(page, name: str) -> None:
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_spiral_chart_table_and_changing_the_figure(page):
    page.goto("/")
    page.get_by_role("link", name="Spiral").click()
    page.wait_for_url(re.compile(r"/spiral$"))
    chart = page.locator("svg.chart[role=img]").first
    assert chart.bounding_box()["width"] > 500
    assert page.locator("svg.chart circle").count() >= 16      # four grades, most offsets shown
    table = page.get_by_role("table", name=re.compile("Mean difference from the national median"))
    assert "Inadequate" in table.inner_text() and "n=" in table.inner_text()
    assert page.locator(".finding").first.inner_text().startswith("Outstanding:")
    page.select_option("#figure", "agency_rate")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"figure=agency_rate"))
    assert "agency worker rate" in page.locator("h2#reading-title + p").inner_text()
    shoot(page, "spiral.png")


def test_council_page_from_a_report(page):
    page.goto("/la/")
    page.get_by_role("link", name="Birmingham", exact=True).click()
    page.wait_for_url(re.compile(r"/la/birmingham$"))
    assert page.locator("h1").inner_text() == "Birmingham"
    assert page.locator("svg.chart circle[class^=grade-]").count() >= 3
    reports = page.locator("#reports-table tbody tr")
    assert reports.count() >= 3
    page.locator("#reports-table a[aria-label*='caseload']").first.click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]{16}#p\d+-"))
    assert page.evaluate("document.querySelector(':target') !== null")
    page.get_by_role("link", name="all its reports and figures").click()
    page.wait_for_url(re.compile(r"/la/birmingham$"))
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "council.png")


def test_model_form_fits_and_reads_in_words(page):
    page.goto("/model")
    page.get_by_label("caseload", exact=True).check()
    page.get_by_label("Agency worker rate").check()
    page.get_by_role("button", name="Fit the model").click()
    page.wait_for_url(re.compile(r"/model\?themes=caseload&figures=agency_rate"))
    assert "times as high (95% CI" in page.locator(".finding").first.inner_text()
    assert page.get_by_role("table", name=re.compile("Odds ratios of an inadequate judgement")).is_visible()


def test_data_page_and_feed_links_work(page):
    page.goto("/data/")
    assert page.get_by_role("link", name="reports.csv").is_visible()
    page.locator("details summary").first.click()
    assert page.get_by_role("rowheader", name="la_code").first.is_visible()
    response = page.request.get("/search.atom?q=caseload")
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    assert response.text().count("<entry>") == 50
