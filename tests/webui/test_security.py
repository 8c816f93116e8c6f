"""Security headers, the write endpoint's checks, and the query limits."""

from __future__ import annotations

import threading
import time

import pytest

from webui_helpers import ORIGIN, cite
from webui import create_app


@pytest.mark.parametrize("url", ["/", "/search?q=caseload", "/api/search?q=caseload", "/track?terms=caseload",
                                 "/nowhere", "/api/documents/zz", "/static/style.css", "/search.csv?q=caseload"])
def test_security_headers_on_every_answer(client, url):
    headers = client.get(url).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_citation_requires_same_origin(client):
    form = {"view": "search", "q": "caseload"}
    assert client.post("/cite", data=form).status_code == 403                         # says nothing
    assert client.post("/cite", data=form, headers={"Origin": "https://evil.test"}).status_code == 403
    assert client.post("/cite", data=form, headers={"Referer": "https://evil.test/page"}).status_code == 403
    assert client.post("/cite", data=form, headers={"Origin": ORIGIN, "Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/cite", data=form, headers={"Referer": f"{ORIGIN}/search?q=caseload"}).status_code == 303
    assert cite(client, **form).status_code == 303


def test_citation_form_is_validated(client):
    assert cite(client, view="nothing", q="caseload").status_code == 400
    assert cite(client, view="search", q="").status_code == 400
    assert cite(client, view="search", q="caseload", sort="up").status_code == 400
    assert cite(client, view="search", q="(caseload").status_code == 400       # the query language's own check
    assert cite(client, view="track", terms="").status_code == 400


def test_citation_body_size_is_limited(client):
    response = client.post("/cite", data={"view": "search", "q": "x" * 20_000}, headers={"Origin": ORIGIN})
    assert response.status_code == 413


def test_citations_are_rate_limited(site):
    app = create_app({"DATA_DIR": site[0], "CITATIONS_PER_MINUTE": 3})
    client = app.test_client()
    statuses = [cite(client, view="search", q="caseload").status_code for _ in range(5)]
    assert statuses == [303, 303, 303, 429, 429]
    response = cite(client, view="search", q="caseload")
    assert int(response.headers["Retry-After"]) >= 1 and "Too many citations" in response.get_data(as_text=True)
    assert client.get("/search?q=caseload").status_code == 200          # reading is never limited


class SlowIndex:
    """A stand-in index whose queries never finish in time (view-layer test of the deadline)."""

    corpus_version = "slow"

    def __init__(self):
        self.release = threading.Event()

    def search(self, q, page=1, per_page=20, sort="relevance", deadline=None, cached_only=False):
        if cached_only:
            return None
        self.release.wait(5)
        return {}

    track = search


def test_a_query_past_its_deadline_answers_503_and_other_pages_still_work(site, doc_ids):
    index = SlowIndex()
    app = create_app({"DATA_DIR": site[0], "SEARCH_INDEX": index, "QUERY_TIMEOUT_SECONDS": 0.2})
    client = app.test_client()
    try:
        started = time.monotonic()
        response = client.get("/api/search?q=caseload")
        assert response.status_code == 503 and time.monotonic() - started < 2
        assert response.headers["Retry-After"] and "longer than 0.2 seconds" in response.get_json()["error"]
        assert client.get("/search?q=caseload").status_code == 503
        assert client.get(f"/documents/{doc_ids['Kent']}").status_code == 200
    finally:
        index.release.set()


class BrokenIndex:
    corpus_version = "broken"

    def search(self, *args, **kwargs):
        raise RuntimeError("/secret/path/to/index is corrupt")


def test_unexpected_errors_answer_500_without_details(site):
    client = create_app({"DATA_DIR": site[0], "SEARCH_INDEX": BrokenIndex()}).test_client()
    for url in ("/search?q=caseload", "/api/search?q=caseload"):
        response = client.get(url)
        assert response.status_code == 500
        assert "/secret/path" not in response.get_data(as_text=True)
    assert client.get("/api/search?q=caseload").get_json()["error"].startswith("The server could not answer")
