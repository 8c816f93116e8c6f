"""`inspection-index serve` and `inspection-index up` from the command line."""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspection_index import Catalogue, Config
from inspection_index.cli import cli
from pdfgen import make_pdf
from webui import create_app
from webui_synthetic import REPORTS, add


def synthetic_collection(data_dir: Path) -> None:
    catalogue = Catalogue(Config(data_dir))
    for report in REPORTS[:3]:
        add(catalogue, report)
    catalogue.close()


def pdf_folder(folder: Path) -> Path:
    """Two small real PDFs laid out like reports, to import."""
    folder.mkdir()
    for number, council in enumerate(("Northtown", "Southville")):
        (folder / f"{council}.pdf").write_bytes(make_pdf([
            [f"{council} Council", "Inspection of children's social care services", "Inspection dates: 1 to 12 May 2023"],
            [f"{number + 1}. Social workers have high caseloads and there are too many vacancies.",
             "Leaders have a plan to recruit permanent staff."]]))
    return folder


def test_serve_runs_waitress_and_prints_the_url(tmp_path):
    synthetic_collection(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "inspection_index", "--data-dir", str(tmp_path), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"Inspection Index is at (http://localhost:\d+/)", line)
        assert url, line + process.stderr.read()
        with urllib.request.urlopen(url.group(1).replace("localhost", "127.0.0.1") + "api/status", timeout=10) as answer:
            assert answer.headers["Server"] == "inspection-index"
            assert json.load(answer)["documents"] == 3
    finally:
        process.terminate()
        process.wait(timeout=10)


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"   # a zombie has exited
    except FileNotFoundError:
        return True


needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/task").exists(),
                                reason="needs fork and /proc")


@contextlib.contextmanager
def serving(data_dir: Path, processes: int):
    """`serve --port 0 --processes N` over a synthetic collection: (process, base URL, server pids)."""
    synthetic_collection(data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir), "serve", "--port", "0",
         "--processes", str(processes)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(rf"Inspection Index is at (http://localhost:\d+/) \({processes} processes", line)
        assert url, line + process.stderr.read()
        yield process, url.group(1).replace("localhost", "127.0.0.1"), _children(process.pid)
    finally:
        process.kill()
        process.wait(timeout=10)


@needs_fork
def test_serve_with_processes_shares_the_port_and_stops_them_all(tmp_path):
    with serving(tmp_path, 2) as (process, base, children):
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda n: json.load(urllib.request.urlopen(f"{base}api/search?q=caseloads+{n}",
                                                                                timeout=10)), range(16)))
        assert all("corpus_version" in answer for answer in answers)
        assert len(children) == 2
        os.kill(children[0], signal.SIGKILL)        # one server dies: the others are stopped, exit 1
        assert process.wait(timeout=10) == 1
        assert "a server process stopped (killed by signal 9); stopping the others" in process.stderr.read()
        assert all(_gone(child) for child in children)


@needs_fork
def test_serve_with_processes_stops_cleanly_on_sigterm(tmp_path):
    with serving(tmp_path, 3) as (process, _, children):
        assert len(children) == 3
        process.terminate()
        assert process.wait(timeout=10) == 0
        assert "Stopped." in process.stderr.read()
        assert all(_gone(child) for child in children)


def test_serve_refuses_a_port_in_use(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(tmp_path), "serve",
                                 "--port", str(port)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_up_without_crawl_extracts_indexes_and_says_where_to_browse(tmp_path):
    data_dir = tmp_path / "data"
    runner = CliRunner()
    imported = runner.invoke(cli, ["--data-dir", str(data_dir), "import", str(pdf_folder(tmp_path / "pdfs"))])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(cli, ["--data-dir", str(data_dir), "up", "--no-crawl", "--no-serve"])
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"2 reports indexed \(corpus version [0-9a-f]+\)\. Serve them with "
                        r"`inspection-index serve` at http://localhost:5000/", last), last
    answer = create_app({"DATA_DIR": data_dir}).test_client().get("/api/search?q=vacancies").get_json()
    assert answer["total"] == 2
    again = runner.invoke(cli, ["--data-dir", str(data_dir), "up", "--no-crawl", "--no-serve"])
    assert again.exit_code == 0 and again.stdout.strip().endswith("http://localhost:5000/")


def test_up_goes_on_when_the_crawl_fails(tmp_path, monkeypatch):
    """Offline: each site's crawl fails with one clear line, and the job goes on to the end,
    with the embedded sample standing in for the empty collection."""
    import crawler

    def offline(config, site, **options):
        raise crawler.CrawlError(f"could not resolve the {site} host")

    monkeypatch.setattr(crawler, "crawl", offline)
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "up", "--no-serve", "--port", "8080",
                                      "--base-url", "http://127.0.0.1:9"])
    assert result.exit_code == 0, result.output
    assert "Could not crawl ofsted (could not resolve the ofsted host); going on with what is already collected." in result.stderr
    assert "Could not crawl cafcass" in result.stderr
    assert "showing the embedded sample of 10 real reports" in result.stderr
    assert "10 reports indexed" in result.stdout and "http://localhost:8080/" in result.stdout
