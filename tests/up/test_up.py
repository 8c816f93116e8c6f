"""`up` end to end, as a child process: it serves at once, fills the index in batches while the
crawl goes on, stops cleanly and continues, refreshes, refuses a second `up`, and shows the
embedded sample when nothing can be collected."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from urllib.parse import quote

from up_helpers import closed_port_url, get, get_json, start_up, wait_for

FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "RETRY_BACKOFF_BASE=0.02",
        "--batch-seconds", "0.5")


def _stop(process) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(f"up did not stop within 60 s of SIGTERM: {process.communicate()[1]}") from None
    return process.returncode, stderr


def test_up_serves_at_once_and_reports_become_searchable_while_the_crawl_goes_on(tmp_path, site, cafcass):
    site.file_delay = 3.0   # the crawl takes a while: six files, three seconds each
    process, base = start_up(tmp_path, "--base-url", site.base_url, "--cafcass-url", cafcass,
                             "--refresh", "off", *FAST)
    try:
        assert "<title>" in get(base)            # the home page answers before anything is collected
        during = wait_for(lambda: (lambda s: s if s["indexed"] and s["running"]["collecting"] == "ofsted"
                                   else None)(get_json(base + "api/status")))
        assert during["status_line"].startswith("Collecting from ofsted: ")
        assert "Collecting from ofsted" in get(base + "search?q=caseloads")   # the status line, on a page
        hits = get_json(base + "api/search?q=caseloads")
        assert hits["total"] >= 1 and hits["hits"][0]["source"] == "ofsted"
        wait_for(lambda: get_json(base + "api/status")["indexed"] == 6)
        idle = wait_for(lambda: (lambda s: s if s["running"]["collecting"] is None and not s["running"]["pending"]
                                 else None)(get_json(base + "api/status")), timeout=60)
        assert idle["documents"] == 6 and idle["sample"] == 0
    finally:
        code, stderr = _stop(process)
    assert code == 0, stderr
    assert "Stopped." in stderr


def test_sigterm_saves_the_crawl_place_and_the_next_up_continues(tmp_path, site, cafcass):
    site.file_delay = 3.0
    process, base = start_up(tmp_path, "--base-url", site.base_url, "--cafcass-url", cafcass,
                             "--refresh", "off", *FAST)
    try:
        wait_for(lambda: get_json(base + "api/status")["documents"] >= 1)
    finally:
        code, stderr = _stop(process)
    assert code == 0, stderr
    assert (tmp_path / "crawl" / "ofsted" / "partial-summary.json").is_file(), stderr
    site.file_delay = 0
    mark = site.mark()
    again, base = start_up(tmp_path, "--base-url", site.base_url, "--cafcass-url", cafcass,
                           "--refresh", "off", *FAST)
    try:
        wait_for(lambda: "ofsted" in get_json(base + "api/status")["running"].get("crawled", {}))
        wait_for(lambda: get_json(base + "api/status")["indexed"] == 6)
    finally:
        code, stderr = _stop(again)
    assert code == 0, stderr
    assert "continuing the interrupted crawl" in stderr, stderr
    assert len(site.file_requests(mark)) < 6   # what was collected before is not fetched again


def test_a_second_up_on_the_same_data_dir_says_where_the_first_serves_and_exits_1(tmp_path):
    first, base = start_up(tmp_path, "--no-crawl")
    try:
        second = subprocess.run([sys.executable, "-m", "inspection_index", "up", "--data-dir", str(tmp_path),
                                 "--no-crawl", "--port", "0"], capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        url = base.replace("127.0.0.1", "localhost")
        assert f"inspection-index up is already running on {tmp_path} at {url} (process {first.pid})" in second.stderr
        assert "<title>" in get(base)    # the first goes on serving
    finally:
        code, stderr = _stop(first)
    assert code == 0, stderr


def test_offline_up_shows_the_sample_marked_and_a_crawl_that_succeeds_replaces_it(tmp_path, site, cafcass):
    offline = closed_port_url()
    process, base = start_up(tmp_path, "--base-url", offline, "--cafcass-url", cafcass, "--refresh", "off", *FAST)
    try:
        status = wait_for(lambda: (lambda s: s if s["indexed"] == 10 else None)(get_json(base + "api/status")))
        assert status["sample"] == 10
        assert status["sample_banner"] == ("Sample data: 10 reports. With internet, `up` collects every "
                                           "council's reports.")
        hits = get_json(base + "api/search?q=" + quote('"social workers"'))["hits"]
        assert hits and {hit["source"] for hit in hits} == {"sample"}
        for path in ("", "search?q=caseloads", "track?terms=caseload", hits[0]["url"].split("#")[0].lstrip("/")):
            page = get(base + path)
            assert 'id="sample-banner"' in page and "Sample data: 10 reports." in page, path
        assert '<span class="sample-mark">Sample</span>' in get(base + "search?q=caseloads")
    finally:
        code, stderr = _stop(process)
    assert code == 0, stderr
    assert "cannot be reached and nothing is collected yet: showing the embedded sample of 10 real reports" in stderr

    done = subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(tmp_path), "up",
                           "--no-serve", "--base-url", site.base_url, "--cafcass-url", cafcass, *FAST[:6]],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Removed the sample's 10 reports: real ones are collected now." in done.stderr
    assert done.stdout.startswith("6 reports indexed")
    assert len(list((tmp_path / "files").rglob("*.pdf"))) == 6     # the sample's files are gone too


def test_refresh_crawls_again_on_its_schedule(tmp_path, site, cafcass):
    process, base = start_up(tmp_path, "--base-url", site.base_url, "--cafcass-url", cafcass,
                             "--refresh", "2s", *FAST)
    try:
        waiting = wait_for(lambda: (lambda r: r if r.get("next_refresh_at") else None)(
            get_json(base + "api/status")["running"]))
        assert waiting["next_refresh_at"] - time.time() <= 2
        wait_for(lambda: site.requests_since(0, "reports").count("/robots.txt") >= 2
                 and len([p for p in site.requests_since(0, "reports") if p.startswith("/search")]) >= 2)
    finally:
        code, stderr = _stop(process)
    assert code == 0, stderr
    assert len(site.file_requests()) == 6    # the second crawl is incremental: no file fetched twice
