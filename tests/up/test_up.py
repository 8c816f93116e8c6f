"""`up` end to end, as a child process: it serves at once, fills the index in batches while the
crawl goes on, stops cleanly and continues, refreshes, refuses a second `up`, and shows the
embedded sample when nothing can be collected."""

from __future__ import annotations

import signal
from urllib.parse import quote

from up_helpers import closed_port_url, get, get_json, start_up, wait_for

FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "RETRY_BACKOFF_BASE=0.02",
        "--batch-seconds", "0.5")


def _stop(process) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
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
