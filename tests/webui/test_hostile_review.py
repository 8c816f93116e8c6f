"""Issue 14's hostile review, items 7, 8 and 10, each test named after what the review did."""

from __future__ import annotations

import csv
import io
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import search
from inspection_index import Config
from webui import create_app
from webui.security import HEADERS
from webui_helpers import LiveServer, cite

HOSTILE_HOST = "evil.example:8765"


def test_post_with_host_evil_example_and_matching_origin_creates_no_citation(client):
    response = client.post("/cite", data={"view": "search", "q": "caseload"},
                           headers={"Host": HOSTILE_HOST, "Origin": f"http://{HOSTILE_HOST}"})
    assert response.status_code == 400
    assert "evil.example" in response.get_data(as_text=True)
    assert cite(client, view="search", q="caseload").status_code == 303   # Host: localhost still works


@pytest.mark.parametrize("url", ["/", "/search?q=caseload", "/search.csv?q=caseload", "/api/search?q=caseload",
                                 "/static/style.css"])
def test_every_request_with_an_unknown_host_is_refused(client, url):
    response = client.get(url, headers={"Host": HOSTILE_HOST})
    assert response.status_code == 400
    assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert "http://evil.example" not in response.get_data(as_text=True)


def test_allowed_hosts_setting(site):
    client = create_app({"DATA_DIR": site[0], "ALLOWED_HOSTS": ["reports.example.org"]}).test_client()
    assert client.get("/search?q=caseload", headers={"Host": "Reports.Example.org:8080"}).status_code == 200
    assert client.get("/search?q=caseload").status_code == 400       # localhost is not in this list
    anyone = create_app({"DATA_DIR": site[0], "ALLOWED_HOSTS": ["*"]}).test_client()
    assert anyone.get("/search?q=caseload", headers={"Host": HOSTILE_HOST}).status_code == 200


def test_serve_answers_for_its_own_address_and_localhost():
    from inspection_index.commands.serve import allowed_hosts

    assert allowed_hosts("192.0.2.7", ("reports.example.org",)) == (
        "localhost", "127.0.0.1", "::1", "192.0.2.7", "reports.example.org")
    assert socket.gethostname() in allowed_hosts("0.0.0.0")


class StoredLinks:
    """The real index, but its hits carry what a hostile manifest stored before import checked it."""

    def __init__(self, data_dir: Path):
        self.index = search.SearchIndex(Config(data_dir))
        self.corpus_version = self.index.corpus_version

    def search(self, *args, **kwargs):
        answer = self.index.search(*args, **kwargs)
        if answer is None:   # asked for a cached answer only, and there was none
            return None
        for number, hit in enumerate(answer["hits"]):
            hit["source_url"] = ("javascript:alert(document.domain)", " data:text/html,<script>x</script>")[number % 2]
            hit["title"] = " =HYPERLINK(\"http://evil.example\",\"click\")"
            hit["local_authority"] = "\t+1+1"
        return answer

    def track(self, *args, **kwargs):
        return self.index.track(*args, **kwargs)


@pytest.fixture
def hostile_client(site):
    return create_app({"DATA_DIR": site[0], "SEARCH_INDEX": StoredLinks(site[0])}).test_client()


def test_stored_javascript_and_data_source_urls_are_not_links(hostile_client):
    page = hostile_client.get("/search?q=caseload").get_data(as_text=True)
    assert "Original PDF at page" not in page
    assert "javascript:" not in page and "data:text" not in page


def test_csv_cell_starting_with_a_space_then_equals_is_neutralised(hostile_client):
    body = hostile_client.get("/search.csv?q=caseload").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and all(row["title"].startswith("' =HYPERLINK") for row in rows)
    assert all(row["local_authority"] == "'\t+1+1" for row in rows)


def raw_request(server, data: bytes) -> bytes:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.fixture(scope="module")
def small_header_server(site):
    """waitress with a 2 KB header limit, so a 431 needs only a small request (all of which
    waitress reads before it answers, so the answer is not lost to a connection reset)."""
    server = LiveServer(create_app({"DATA_DIR": site[0]}), max_request_header_size=2048)
    with server:
        yield server


@pytest.mark.parametrize("request_bytes, status", [
    (b"NOT A REQUEST LINE\r\n\r\n", b"400"),
    (b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 3000 + b"\r\n\r\n", b"431"),
])
def test_waitress_own_400_and_431_carry_the_security_headers(small_header_server, request_bytes, status):
    answer = raw_request(small_header_server, request_bytes)
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.split()[1] == status.decode()
    for name, value in HEADERS.items():
        assert f"\r\n{name}: {value}" in head


def test_405_says_which_methods_are_allowed(client):
    for url in ("/api/search?q=caseload", "/search", "/api/status"):
        response = client.post(url)
        assert response.status_code == 405
        assert "GET" in response.headers["Allow"]
    assert set(client.delete("/cite").headers["Allow"].split(", ")) == {"OPTIONS", "POST"}


def test_stop_word_only_q_answers_as_the_openapi_document_says(client):
    from webui.views.api import openapi_document

    described = openapi_document()["paths"]["/api/search"]["get"]["responses"]["400"]["$ref"].rsplit("/", 1)[1]
    assert "very common words" in openapi_document()["components"]["responses"][described]["description"]
    response = client.get("/api/search?q=the")
    assert response.status_code == 400 and "very common words" in response.get_json()["error"]


def test_schemathesis_checks_all_passes(live_server, tmp_path):
    """The whole of schemathesis's checks (status codes, Allow on unsupported methods, schema-valid
    input accepted, invalid input refused, response schemas) against the app on waitress."""
    config = Path(__file__).with_name("schemathesis.toml")
    result = subprocess.run(
        [sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()",
         "--config-file", str(config), "run", f"{live_server.url}/api/openapi.json", "--checks", "all",
         "--max-examples", "40", "--seed", "14", "--report-dir", str(tmp_path), "--no-color"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-4000:]
