"""`figures fetch` against a local test server shaped like the publishers, and the CLI."""

from __future__ import annotations

import io
import json
import socket
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openpyxl
import pytest

from figures_helpers import SHARED_DATA, indicators_csv, write_csv
from inspection_index import InspectionIndexError, figures
from inspection_index.cli import main


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Care applications per 10,000"
    book.active.append(["Local authority", "2023-24", "2024-25"])
    book.active.append(["Blackpool", 28.9, 31.1])
    body = io.BytesIO()
    book.save(body)
    return body.getvalue()


@pytest.fixture
def publisher(tmp_path):
    """127.0.0.1 serving an EES-like content API and a Cafcass-like 'our data' page."""
    indicators = indicators_csv(tmp_path / "ind.csv", [
        (2025, "330", "E08000025", "Birmingham", "8.5", "12.4", "17.1", "15.2", "3.7")]).read_bytes()
    other = write_csv(tmp_path / "other.csv", ["time_period", "characteristic"], [["2025", "Total"]]).read_bytes()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as release:
        release.writestr("data/csww_indicators_2017_to_2025.csv", indicators)
        release.writestr("data/csww_characteristics.csv", other)
        release.writestr("supporting-files/guidance.pdf", b"%PDF-1.4")
    routes = {
        "/api/publications/children-s-social-work-workforce/releases/latest": json.dumps({"id": "rel-1"}).encode(),
        "/api/releases/rel-1/files": archive.getvalue(),
        "/about-us/our-data": b'<html><body><a href="/files/demand.xlsx">LA demand</a> '
                              b'<a href="/files/annual-report.pdf">Report</a> '
                              b'<a href="notes.csv">Notes</a></body></html>',
        "/files/demand.xlsx": _xlsx(),
        "/about-us/notes.csv": b"note\nnothing here\n",
    }
    requested = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            body = routes.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"not found")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requested
    server.shutdown()
    server.server_close()


def test_fetch_downloads_and_loads_both_publishers(catalogue, publisher):
    base, requested = publisher
    summary = figures.fetch(catalogue, ["ees:children-s-social-work-workforce", f"page:{base}/about-us/our-data"],
                            timeout=5, ees_api=f"{base}/api")
    assert sorted(f["source_table"] for f in summary["files"]) == ["cafcass-demand-2025", "dfe-csww-la-indicators-2025"]
    assert figures.for_report(catalogue, "80429", None, "2026-01-10")["vacancy_rate"]["value"] == 17.1
    assert [p["value"] for p in figures.series(catalogue, "890", "care_applications_per_10k")] == [28.9, 31.1]
    skipped = {s["url"].removeprefix(base) for s in summary["skipped_downloads"]}
    assert skipped == {"/api/releases/rel-1/files#data/csww_characteristics.csv", "/about-us/notes.csv"}
    assert "/files/annual-report.pdf" not in requested


def test_fetch_a_file_url_that_is_not_figures_is_an_error(catalogue, publisher):
    base, _ = publisher
    with pytest.raises(InspectionIndexError, match="notes.csv: .*is not a table inspection-index knows"):
        figures.fetch(catalogue, [f"{base}/about-us/notes.csv"], timeout=5)
    assert catalogue.query("SELECT COUNT(*) AS n FROM figures")[0]["n"] == 0


def test_fetch_without_network_is_one_sentence(catalogue):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InspectionIndexError) as raised:
        figures.fetch(catalogue, ["ees:children-s-social-work-workforce"], timeout=2,
                      ees_api=f"http://127.0.0.1:{port}/api")
    assert str(raised.value).startswith(f"could not download http://127.0.0.1:{port}/api/publications/")
    assert "needs internet access" in str(raised.value)


def test_cli_fetch_against_the_test_server(data_dir, publisher, capsys):
    base, _ = publisher
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), "figures", "fetch", "--url", "ees:children-s-social-work-workforce",
              "--ees-api", f"{base}/api", "--timeout", "5"])
    assert done.value.code == 0
    assert "dfe-csww-la-indicators-2025" in capsys.readouterr().out


def test_cli_import_error_exits_1_with_one_line(data_dir, tmp_path, capsys):
    path = write_csv(tmp_path / "pupils.csv", ["urn", "pupils"], [["1", "300"]])
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), "figures", "import", str(path)])
    assert done.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith(f"Error: {path} is not a table inspection-index knows") and error.count("\n") == 1


@pytest.mark.corpus
def test_cli_import_of_the_whole_shared_data_folder_as_the_readme_writes_it(data_dir, capsys):
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), "figures", "import", *map(str, sorted(SHARED_DATA.glob("*.csv")))])
    assert done.value.code == 0
    captured = capsys.readouterr()
    assert captured.out.count(" figures (") == 4 and "vacancy_rate: 2015–2025" in captured.out
    assert captured.err.count("passed over ") == 2 and "las.csv: DfE's register of local authority codes" in captured.err


@pytest.mark.corpus
def test_cli_import_and_show_the_shared_tables(data_dir, capsys):
    paths = [str(SHARED_DATA / name) for name in ("csww_indicators_2017_to_2025.csv", "cafcass_care_applications_per_10k.csv")]
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), "figures", "import", *paths])
    assert done.value.code == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "figures", "show", "Birmingham", "--year", "2025"])
    out = capsys.readouterr().out
    assert "Vacancy rate: 17.1% (2025)" in out and "Average caseload: 15.2 (2025)" in out
    assert "DfE, Children's social work workforce 2025, LA indicators (vacancy_rate_fte)" in out
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "figures", "show", "80544", "--inspection-end", "2026-01-20", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["la_name"] == "Kensington and Chelsea"
    assert shown["figures"]["vacancy_rate"]["missing_reason"].startswith("published as not available ('x')")
