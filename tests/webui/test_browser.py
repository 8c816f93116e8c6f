"""Real headless Chromium (Debian's package, driven by Playwright) against the app on waitress:
search, narrow by a facet, open a document at the cited paragraph, track, cite and follow.
A failing test leaves a screenshot in test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not found: install Debian's chromium package"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    # A CSP violation or a script error shows up as a console error.
    assert problems == [], problems


def test_search_then_narrow_by_a_facet(page):
    page.goto("/")
    page.get_by_label("Search the reports").fill("caseloads")
    page.get_by_label("Search the reports").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=caseloads"))
    assert "7 reports" in page.locator("#result-count").inner_text()
    assert page.locator("article.hit mark").count() >= 7
    page.locator("nav.facets").get_by_role("link", name=re.compile("Inadequate")).click()
    page.wait_for_url(re.compile(r"judgement%3Ainadequate|judgement:inadequate"))
    assert "3 reports" in page.locator("#result-count").inner_text()
    assert page.locator("#q").input_value() == "caseloads judgement:inadequate"


def test_sort_menu_applies_at_once(page):
    page.goto("/search?q=caseloads")
    page.select_option("#sort", "date")
    page.wait_for_url(re.compile(r"sort=date"))
    assert "Barking" in page.locator("article.hit h3").first.inner_text()


def test_open_a_document_at_the_cited_paragraph(page):
    page.goto("/search?q=%22repeated+plans%22")
    link = page.get_by_role("link", name=re.compile(r"Page 7, paragraph 30"))
    link.click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]{16}#p7-para30$"))
    passage = page.locator("#p7-para30")
    assert "repeated plans" in passage.inner_text()
    assert passage.evaluate("element => element.matches(':target')")
    box = passage.bounding_box()
    assert box is not None and 0 <= box["y"] < 900            # scrolled into view


def test_tracking_page_chart_and_table(page):
    page.goto("/track")
    page.get_by_label("Terms or themes, separated by commas").fill("caseload, agency")
    page.get_by_role("button", name="Track").click()
    page.wait_for_url(re.compile(r"/track\?terms="))
    charts = page.locator("svg.chart[role=img]")
    assert charts.count() >= 4
    first = charts.first.bounding_box()
    assert first["width"] > 300 and first["height"] > 100
    assert page.locator("svg.chart rect.series-0").count() >= 4
    table = page.get_by_role("table", name="Caseloads (theme) by overall effectiveness")
    assert "Inadequate" in table.inner_text() and "3 (100%)" in table.inner_text()
    assert "times as high for reports judged inadequate" in page.locator(".finding").first.inner_text()
    assert page.locator("#figures-table").is_visible()


def test_create_and_follow_a_citation(page):
    page.goto("/search?q=caseloads+judgement%3Ainadequate")
    page.get_by_role("button", name="Cite this").click()
    page.wait_for_url(re.compile(r"/cite/[a-z2-7]{10}$"))
    url = page.url
    plain = page.get_by_label("Plain text").input_value()
    assert url in plain and "corpus version" in plain
    assert url in page.get_by_label("Markdown").input_value()
    assert page.locator("#unchanged").is_visible()
    page.goto("/")
    page.goto(url)
    assert page.locator("h1").inner_text() == "Search for “caseloads judgement:inadequate”"
    assert page.locator("ol.frozen-hits li").count() == 3


def test_keyboard_users_can_skip_to_the_content(page):
    page.goto("/search?q=caseloads")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
