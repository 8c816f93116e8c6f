"""The real ofsted spider, end to end, against the self-contained mirror (no ../shared needed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from crawler_cases import (DEAD_REPORTS, FAST, FAST_CLI, LA_COUNT, ODD_REPORTS, PERMANENTLY_DEAD, run_cli,
                           tiny_providers)
import crawler_servers
from crawler_servers import FakeOfsted, Provider, Report
from pdfgen import make_pdf

import crawler
from inspection_index import Catalogue, Config


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One first crawl of the mirror, shared by the tests that look at what it collected."""
    site = FakeOfsted(tiny_providers())
    config = Config(tmp_path_factory.mktemp("crawled") / "data")
    summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    catalogue = Catalogue(config)
    yield site, config, catalogue, summary
    catalogue.close()
    site.close()


def test_first_crawl_collects_every_report_with_its_metadata(crawled):
    site, _, catalogue, summary = crawled
    documents = {d.file_id: d for d in catalogue.documents("ofsted")}
    assert set(documents) == {fid for fid, *_ in ODD_REPORTS}
    for fid, _, _, _, expected in ODD_REPORTS:
        document = documents[fid]
        assert (document.kind, document.published, document.title) == (expected.kind, expected.published, expected.title)
        assert (document.provider_urn, document.local_authority) == ("90001", "Aardvark")
        assert document.source_url == f"{site.files.url}/v1/file/{fid}"
        assert document.stored_path.read_bytes().startswith(b"%PDF-")
    assert (summary.providers_expected, summary.providers_seen, summary.pages_read) == (LA_COUNT, LA_COUNT, LA_COUNT)
    assert (summary.files_new, summary.files_known, summary.files_failed) == (len(ODD_REPORTS), 0, len(DEAD_REPORTS))
    assert summary.error is None and not summary.interrupted


def test_dead_reports_are_failures_with_reasons_never_documents(crawled):
    _, _, catalogue, summary = crawled
    recorded = {f["file_id"]: f["reason"] for f in catalogue.failures("collect")}
    assert recorded == {fid: reason for fid, (_, reason) in DEAD_REPORTS.items()}
    assert {f["file_id"]: f["reason"] for f in summary.failures} == recorded
    assert not any(d.file_id in DEAD_REPORTS for d in catalogue.documents())


def test_transient_errors_are_retried_and_robots_txt_obeyed(crawled):
    site = crawled[0]
    fetched = site.file_requests()
    for fid, _, _, behaviour, _ in ODD_REPORTS:  # 500, 429 and a dropped connection, then a good answer
        assert fetched.count(f"/v1/file/{fid}") == (2 if behaviour.endswith("-once") else 1), fid
    assert not [path for path in fetched if path.startswith("/private/")]
    assert "/robots.txt" in site.requests_since(0, "files") and "/robots.txt" in site.requests_since(0, "reports")


def test_second_crawl_rereads_every_page_and_downloads_nothing(crawled):
    site, config, _, _ = crawled
    site.next_links = False  # now only "the page is full, so there may be more" finds page 2
    mark = site.mark()
    summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    assert site.file_requests(mark) == []
    provider_pages = [p for p in site.requests_since(mark, "reports") if p.startswith("/provider/")]
    assert len(provider_pages) == LA_COUNT
    assert (summary.providers_seen, summary.files_new, summary.files_known, summary.files_dead) == (
        LA_COUNT, 0, len(ODD_REPORTS), len(PERMANENTLY_DEAD))
    site.next_links = True


def test_robots_txt_is_a_site_condition_not_a_dead_file(crawled):
    # "Forbidden by robots.txt" was recorded as permanent: a path blocked one day stayed
    # skipped for ever. It is tried again by every crawl, and said loudly at the end.
    site, config, catalogue, first = crawled
    assert any("robots.txt of" in note and "tries them again" in note for note in first.notes)
    site.robots = b"User-agent: *\nDisallow:\n"  # the site lifts it
    try:
        summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    finally:
        site.robots = crawler_servers.ROBOTS
    assert "/private/v1/file/50100012" in site.file_requests()
    assert summary.files_new == 1 and "50100012" in {d.file_id for d in catalogue.documents("ofsted")}


def test_robots_txt_forbidding_the_search_pages_is_one_loud_error(tiny_site, config):
    tiny_site.robots = b"User-agent: *\nDisallow: /search\n"
    with pytest.raises(crawler.CrawlError, match=r"could not read the search page .*forbidden by robots\.txt"):
        crawler.crawl(config, "ofsted", base_url=tiny_site.base_url, settings=FAST)


def test_known_file_ids_are_not_downloaded(tiny_site, config):
    """A file imported with its source URL (so its id is known) is never fetched by a crawl."""
    catalogue = Catalogue(config)
    catalogue.add_document(make_pdf(["imported"]), source="import", location="/corpus/a.pdf",
                           source_url="https://files.ofsted.gov.uk/v1/file/50100004", file_id="50100004")
    catalogue.close()
    summary = crawler.crawl(config, "ofsted", base_url=tiny_site.base_url, settings=FAST)
    assert "/v1/file/50100004" not in tiny_site.file_requests()
    assert summary.files_known == 1 and summary.files_new == len(ODD_REPORTS) - 1


def test_limit_stops_after_n_files_and_leaves_nothing_to_resume(tiny_site, config):
    summary = crawler.crawl(config, "ofsted", base_url=tiny_site.base_url, limit=2, settings=FAST)
    assert summary.files_new + summary.files_failed == 2
    assert len(set(tiny_site.file_requests())) == 2
    assert not (config.crawl_dir / "ofsted").exists()


def slow_site(providers: int = 30) -> FakeOfsted:
    site = FakeOfsted([Provider(str(92000 + n), f"Slow {n:02d}", reports=[
        Report(str(50200000 + n), f"Children's services inspection, pdf - {n % 28 + 1} May 2020", "Inspection",
               make_pdf([f"slow {n}"]))]) for n in range(providers)])
    site.file_delay = 0.05
    return site


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_interrupted_crawl_resumes_without_downloading_again(config, stop):
    site = slow_site()
    try:
        cli = run_cli(config.data_dir, "crawl", "ofsted", "--base-url", site.base_url, *FAST_CLI)
        wait_for(lambda: len(site.file_requests()) >= 5)
        cli.send_signal(stop)
        _, stderr = cli.communicate(timeout=30)
        jobdir = config.crawl_dir / "ofsted"
        # `kill` once exited at once (143, no summary), leaving its crawl process running and
        # holding the lock. The command waits for the crawl to save its place, then says so.
        assert (jobdir / "partial-summary.json").exists() and not (jobdir / "running").exists()
        assert cli.returncode == 128 + stop and "Crawl of ofsted interrupted (run it again to continue)" in stderr
        first_files, first_pages, mark = site.file_requests(), site.requests_since(0, "reports"), site.mark()
        assert len(first_files) < 30

        summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
        assert summary.resumed
        second_files = site.file_requests(mark)
        assert not set(first_files) & set(second_files)
        assert sorted(first_files + second_files) == sorted(set(first_files + second_files))
        again = [p for p in site.requests_since(mark, "reports") if p.startswith("/provider/")]
        assert not set(again) & set(first_pages), "provider pages read before the interruption were read again"
        catalogue = Catalogue(config)
        assert len(catalogue.documents("ofsted")) == 30
        catalogue.close()
        assert not (config.crawl_dir / "ofsted").exists()
    finally:
        site.close()


def test_a_crawl_stopped_through_the_api_saves_its_place(config):
    # A caller running the crawl in a thread (no signal handlers there) stops it with `stop`.
    site = slow_site()
    stop = threading.Event()
    outcome = []

    def run():
        try:
            crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST, stop=stop)
        except crawler.CrawlInterrupted as error:
            outcome.append(error)

    worker = threading.Thread(target=run)
    try:
        worker.start()
        wait_for(lambda: len(site.file_requests()) >= 3)
        stop.set()
        worker.join(timeout=30)
    finally:
        site.close()
    (interrupted,) = outcome
    assert interrupted.summary.interrupted and interrupted.signal is None
    assert (config.crawl_dir / "ofsted" / "partial-summary.json").exists()


def test_a_lock_left_by_a_killed_crawl_does_not_block_the_next(config):
    site = slow_site()
    site.file_delay = 0.5  # slow enough that the first crawl is still running when the second starts
    try:
        cli = run_cli(config.data_dir, "crawl", "ofsted", "--base-url", site.base_url, *FAST_CLI)
        wait_for(lambda: len(site.file_requests()) >= 3)
        lock = config.crawl_dir / "ofsted.lock"
        busy = subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(config.data_dir), "crawl",
                               "ofsted", "--base-url", site.base_url, *FAST_CLI], capture_output=True, text=True,
                              timeout=60)
        holder = lock.read_text()
        assert busy.returncode == 1 and f"already running on this data directory (process {holder}" in busy.stderr
        os.kill(int(holder), signal.SIGKILL)  # the crawl process itself: no chance to save its place
        cli.communicate(timeout=30)
        site.file_delay = 0
        summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    finally:
        site.close()
    assert lock.exists() and "the previous crawl was killed before it could save its place" in summary.notes[0]
    assert len(Catalogue(config).documents("ofsted")) == 30


def test_search_page_without_providers_fails_loudly(tiny_site, config):
    tiny_site.broken_search = True
    cli = run_cli(config.data_dir, "crawl", "ofsted", "--base-url", tiny_site.base_url, *FAST_CLI)
    _, stderr = cli.communicate(timeout=60)
    assert cli.returncode == 1
    assert f"{tiny_site.base_url}/search?" in stderr and "no providers" in stderr
    with pytest.raises(crawler.CrawlError, match="has changed shape"):
        crawler.crawl(config, "ofsted", base_url=tiny_site.base_url, settings=FAST)


def test_provider_page_without_timeline_fails_loudly_after_collecting_the_rest(config):
    site = FakeOfsted([*tiny_providers(extra=3), Provider("93000", "Changed", timeline=False)])
    try:
        with pytest.raises(crawler.CrawlError) as raised:
            crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
        assert f"{site.base_url}/provider/44/93000 has no report timeline" in str(raised.value)
        assert raised.value.summary.files_new == len(ODD_REPORTS)
    finally:
        site.close()


def test_unreachable_site_is_one_clear_error(config):
    with pytest.raises(crawler.CrawlError, match=r"could not read the search page http://127\.0\.0\.1:9/.*connection refused"):
        crawler.crawl(config, "ofsted", base_url="http://127.0.0.1:9", settings={**FAST, "RETRY_TIMES": 1})


def test_a_module_named_file_in_the_current_directory_cannot_hijack_the_crawl(tiny_site, config, tmp_path):
    # A stray tty.py in /tmp (imported by the stdlib during the crawl) once re-ran a crawl inside
    # the crawl, forever: the crawl process must not import from the directory it is run in.
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for name in ("tty", "scrapy", "crawler"):
        (cwd / f"{name}.py").write_text("raise SystemExit('imported from the current directory')\n")
    # -P as the installed `inspection-index` script runs: its own directory, not the current one, on sys.path.
    cli = subprocess.Popen([sys.executable, "-P", "-m", "inspection_index", "--data-dir", str(config.data_dir), "crawl",
                            "ofsted", "--base-url", tiny_site.base_url, "--json", *FAST_CLI],
                           cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = cli.communicate(timeout=60)
    assert cli.returncode == 0, stderr
    assert "imported from the current directory" not in stderr
    assert json.loads(stdout)["files_new"] == len(ODD_REPORTS)


@pytest.mark.timeout(120)
def test_a_host_that_does_not_resolve_is_not_retried(config):
    # Offline, `up` waited minutes while every start page retried its DNS failure with backoff.
    # With a 1000 s backoff, one retry would outlast the test's timeout.
    slow_retries = {**FAST, "RETRY_BACKOFF_BASE": 1000}
    with pytest.raises(crawler.CrawlError, match=r"could not read the search page http://ofsted-mirror\.invalid/.*host not found"):
        crawler.crawl(config, "ofsted", base_url="http://ofsted-mirror.invalid", settings=slow_retries)


def test_cli_json_summary_and_bad_options(tiny_site, config):
    cli = run_cli(config.data_dir, "crawl", "ofsted", "--base-url", tiny_site.base_url, "--json", *FAST_CLI)
    stdout, stderr = cli.communicate(timeout=60)
    assert cli.returncode == 0, stderr
    summary = json.loads(stdout)
    assert summary["files_new"] == len(ODD_REPORTS) and summary["providers_expected"] == LA_COUNT
    assert "Crawl of ofsted done" in stderr and "Report not found" in stderr
    bad = run_cli(config.data_dir, "crawl", "ofsted", "--type", "zoos")
    assert bad.wait(timeout=30) == 1 and "unknown provider type 'zoos'" in bad.stderr.read()


# -- the real site's failure modes (issue 15) ----------------------------------------------

def test_slim_application_error_pages_are_retried_not_taken_for_the_end(tiny_site, config):
    # The real site sometimes answers "Slim Application Error" (status 200). On the first
    # search page that aborted the crawl as "the site changed"; on page 2 it silently ended
    # the listing at 100 councils.
    tiny_site.error_pages = {0: 2, 100: 2}
    summary = crawler.crawl(config, "ofsted", base_url=tiny_site.base_url, settings=FAST)
    assert summary.error is None and summary.providers_seen == LA_COUNT
    searches = [p for p in tiny_site.requests_since(0, "reports") if p.startswith("/search")]
    assert len(searches) == 2 + 2 + 2  # each page: two error answers, then the page


def test_a_later_search_page_that_stays_an_error_page_is_an_incomplete_listing(tiny_site, config):
    tiny_site.error_pages = {100: 99}
    cli = run_cli(config.data_dir, "crawl", "ofsted", "--base-url", tiny_site.base_url, "--json", *FAST_CLI)
    stdout, stderr = cli.communicate(timeout=120)
    assert cli.returncode == 1, stderr
    assert "the search listing is incomplete" in stderr and "start=100" in stderr
    # What was listed is still collected.
    assert len(Catalogue(config).documents("ofsted")) == len(ODD_REPORTS)


def test_a_first_search_page_that_stays_an_error_page_is_a_changed_site(tiny_site, config):
    tiny_site.error_pages = {0: 99}
    with pytest.raises(crawler.CrawlError, match="has changed shape"):
        crawler.crawl(config, "ofsted", base_url=tiny_site.base_url, settings=FAST)
    assert len([p for p in tiny_site.requests_since(0, "reports") if p.startswith("/search")]) == 6  # 1 + 5 retries


def test_paging_without_a_results_count_or_next_links(tiny_site, config):
    # No evidence shows .js-results-count on the real site: the listing must be complete
    # without it, and say how it ended.
    tiny_site.results_count, tiny_site.next_links = False, False
    summary = crawler.crawl(config, "ofsted", base_url=tiny_site.base_url, settings=FAST)
    assert (summary.providers_expected, summary.providers_seen, summary.error) == (None, LA_COUNT, None)
    assert f"the search listing ended on a short page (53 providers at start=100) without a next link: " \
           f"{LA_COUNT} providers" in summary.notes


def test_a_listing_of_exactly_two_full_pages_ends_on_the_empty_third(config):
    site = FakeOfsted(tiny_providers(extra=198))
    site.results_count, site.next_links = False, False
    try:
        summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    finally:
        site.close()
    assert summary.providers_seen == 200 and summary.error is None
    assert any("ended on an empty page at start=200" in note for note in summary.notes)


def homes_site(labels: dict[str, str]) -> FakeOfsted:
    """Children's homes under the value "7" (not the unconfirmed 11), a council, and a
    fostering agency whose reports are also titled "Full inspection"."""
    homes = [Provider(f"SC{123456 + n}", f"Home {n}", type_code="7", page_type="2", reports=[
        Report(str(50300000 + n), "Full inspection, PDF - 07 June 2023", "Full inspection", make_pdf([f"home {n}"]))])
        for n in range(3)]
    agency = Provider("SC900001", "Agency", type_code="9", page_type="60", reports=[
        Report("50300100", "Full inspection, PDF - 08 June 2023", "Full inspection", make_pdf(["agency"]))])
    council = Provider("90001", "Council", reports=[
        Report("50300200", "Children's services focused visit, PDF - 09 June 2023", "Focused visit", make_pdf(["la"]))])
    site = FakeOfsted([*homes, agency, council])
    site.type_labels = labels
    return site


def test_type_childrens_homes_is_read_from_the_filter_form(config):
    site = homes_site({"12": "Local authority children's services", "7": "Children's homes",
                       "9": "Independent fostering agencies"})
    try:
        cli = run_cli(config.data_dir, "crawl", "ofsted", "--type", "childrens-homes", "--base-url", site.base_url,
                      *FAST_CLI)
        _, stderr = cli.communicate(timeout=60)
        searches = [p for p in site.requests_since(0, "reports") if p.startswith("/search")]
    finally:
        site.close()
    assert cli.returncode == 0, stderr
    assert "--type childrens-homes is level_2_types 7 (\"Children's homes\")" in stderr
    assert all("level_2_types%5B%5D=11" not in p for p in searches) and "level_2_types%5B%5D=7" in searches[1]
    kinds = {d.provider_urn: d.kind for d in Catalogue(config).documents("ofsted")}
    assert kinds == {f"SC{123456 + n}": "childrens-home-inspection" for n in range(3)}


def test_a_type_label_missing_from_the_filter_form_is_one_clear_error(config):
    site = homes_site({"12": "Local authority children's services"})
    try:
        with pytest.raises(crawler.CrawlError, match=r"filter form .* has no provider type labelled 'childrens-homes' "
                                                     r"\(it offers \"Local authority children's services\" = 12\)"):
            crawler.crawl(config, "ofsted", base_url=site.base_url, provider_type="childrens-homes", settings=FAST)
    finally:
        site.close()


def test_kinds_come_from_the_providers_type_not_the_title_alone(config):
    # Under every social care type, "Full inspection" also titles fostering agencies' reports:
    # they were stored as children's-home inspections.
    site = homes_site(dict(crawler_servers.TYPE_LABELS))
    try:
        crawler.crawl(config, "ofsted", base_url=site.base_url, provider_type="social-care", settings=FAST)
    finally:
        site.close()
    documents = {d.provider_urn: d for d in Catalogue(config).documents("ofsted")}
    assert documents["SC900001"].kind == "other" and documents["SC123456"].kind == "childrens-home-inspection"
    assert (documents["90001"].kind, documents["90001"].local_authority) == ("focused-visit", "Council")
    assert documents["SC900001"].published == "2023-06-08"
