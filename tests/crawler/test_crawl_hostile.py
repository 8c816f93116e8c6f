"""What a hostile (or broken) site can do to a crawl, each case served on 127.0.0.1: links to
local files and other hosts, links that are not URLs, redirects away or in a loop, and a
Retry-After asking to wait for days."""

from __future__ import annotations

import json

import pytest
from crawler_cases import FAST, run_cli
from crawler_servers import FakeOfsted, Provider, Report
from pdfgen import make_pdf

import crawler
from crawler.middlewares import slowed
from inspection_index import Catalogue


def good(n: int) -> Report:
    return Report(str(50400000 + n), f"Children's services inspection, pdf - {n + 1} May 2020",
                  "Children's services inspection", make_pdf([f"good {n}"]))


@pytest.fixture
def hostile(tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(make_pdf(["a private file on the crawling machine"]))
    site = FakeOfsted([])
    elsewhere = site.files.url.replace("127.0.0.1", "localhost")  # the same server, under another host name
    bad = [
        Report("50400100", "Inspection, pdf - 1 May 2020", "Local file", href=secret.as_uri()),
        Report("50400101", "Inspection, pdf - 1 May 2020", "Script", href="javascript:void(0)"),
        Report("50400102", "Inspection, pdf - 1 May 2020", "Mail", href="mailto:someone@example.org"),
        Report("50400103", "Inspection, pdf - 1 May 2020", "Malformed", href="http://[::1/v1/file/1"),
        Report("50400104", "Inspection, pdf - 1 May 2020", "Other host", make_pdf(["elsewhere"]),
               href=f"{elsewhere}/v1/file/50400104"),
        Report("50400105", "Inspection, pdf - 1 May 2020", "Redirected away",
               behaviour=f"redirect-to:{elsewhere}/v1/file/50400104"),
    ]
    # The bad links come first on the page: one raised ValueError and hid the rest.
    site.serve([Provider("95000", "Hostile", reports=[*bad, good(0), good(1)]),
                Provider("95001", "Elsewhere", href=f"{elsewhere}/provider/44/95001")])
    yield site, secret
    site.close()


def test_only_http_links_on_the_configured_sites_are_ever_requested(hostile, config):
    site, secret = hostile
    cli = run_cli(config.data_dir, "crawl", "ofsted", "--base-url", site.base_url, "--json",
                  *[f"-s{k}={v}" for k, v in FAST.items()])
    stdout, stderr = cli.communicate(timeout=60)
    assert cli.returncode == 0, stderr
    catalogue = Catalogue(config)
    stored = {d.file_id: d.stored_path.read_bytes() for d in catalogue.documents()}
    catalogue.close()
    # The local file was once stored as a report (and would have been published by the web UI).
    assert set(stored) == {"50400000", "50400001"} and secret.read_bytes() not in stored.values()
    assert "/v1/file/50400104" not in site.file_requests() and "/provider/44/95001" not in site.requests_since()
    summary = json.loads(stdout)
    assert summary["refused"] == 7 and summary["files_new"] == 2
    refused = [f for f in summary["failures"] if f["reason"].startswith("refused")]
    assert len(refused) == 7 and all(f["url"] in stderr for f in refused)
    assert secret.as_uri() in stderr and "not an http(s) URL (file scheme)" in stderr
    assert "localhost is not one of the sites this crawl reads" in stderr
    assert "Traceback" not in stderr and "ValueError" not in stderr


def test_a_retry_after_of_days_gives_that_url_up_and_the_crawl_goes_on(config):
    # One 429 with Retry-After: 999999 stopped every request to its host for 337 s, and its
    # five retries took ~25 minutes.
    site = FakeOfsted([Provider("96000", "Slow down", reports=[
        Report("50500000", "Inspection, pdf - 1 May 2020", "Busy", behaviour="429-for-days"),
        *[good(n) for n in range(3)]])])
    try:
        summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
        assert site.file_requests().count("/v1/file/50500000") == 1
    finally:
        site.close()
    assert summary.files_new == 3 and summary.files_failed == 1
    (failure,) = summary.failures
    assert failure["reason"].startswith("HTTP 429: the server asked to wait 999999 s, more than this crawl waits")
    # Transient: the next crawl tries it again.
    site = FakeOfsted([Provider("96000", "Slow down", reports=[
        Report("50500000", "Inspection, pdf - 1 May 2020", "Busy", make_pdf(["busy"])), good(0)])])
    try:
        again = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    finally:
        site.close()
    assert again.files_new == 1 and again.files_dead == 0


def test_after_backoff_the_hosts_delay_returns_to_its_setting():
    # With AutoThrottle off nothing brought a slot's raised delay back down.
    class Slot:
        delay = 2.0

    slot, slots = Slot(), {}
    with slowed(slots, slot, 30):
        assert slot.delay == 30
        with slowed(slots, slot, 10):
            assert slot.delay == 30
        assert slot.delay == 30
    assert slot.delay == 2.0 and slots == {}


def test_a_redirect_loop_is_a_failure_with_its_chain(config):
    # Scrapy's duplicate filter dropped the looping request, and nothing was recorded.
    site = FakeOfsted([Provider("97000", "Loop", reports=[
        Report("50600000", "Inspection, pdf - 1 May 2020", "Loop", behaviour="redirect-loop"), good(0)])])
    try:
        summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    finally:
        site.close()
    start = f"{site.files.url}/v1/file/50600000"
    assert summary.files_new == 1 and summary.files_failed == 1
    assert summary.failures == [{"url": start, "file_id": "50600000",
                                 "reason": f"redirect loop: {start} → {start}/b → {start}"}]
    catalogue = Catalogue(config)
    assert [f["reason"] for f in catalogue.failures("collect")] == [summary.failures[0]["reason"]]
    catalogue.close()
