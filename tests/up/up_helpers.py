"""`up` as a person runs it (a child process on a free port), and a small Ofsted-like site for
it to crawl. Shared by the tests and bench/up.py."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in (TESTS, TESTS / "crawler"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from crawler_servers import FakeOfsted, Provider, Report, StaticSite  # noqa: E402
from pdfgen import make_pdf  # noqa: E402

URL_LINE = re.compile(r"Inspection Index is at (http://localhost:\d+/)")


def report_pdf(council: str, number: int) -> bytes:
    return make_pdf([[f"{council} Council", "Inspection of children's social care services",
                      "Inspection dates: 1 to 12 May 2023"],
                     [f"{number}. Social workers in {council} have high caseloads and there are vacancies.",
                      "Leaders have a plan to recruit permanent staff."]])


def council_site(councils: int, reports_each: int, bodies=None) -> FakeOfsted:
    """A site with ``councils`` councils of ``reports_each`` reports; ``bodies(council, n)``
    gives each PDF (default: a small synthetic report)."""
    bodies = bodies or report_pdf
    providers = []
    for c in range(councils):
        name = f"Council {c:03d}"
        reports = [Report(f"{7000 + c * 100 + n}", f"Children's services inspection, pdf - {n + 1} May 2023",
                          "Children's services inspection", bodies(name, n), event_day=f"2023-05-{n + 1:02d}")
                   for n in range(reports_each)]
        providers.append(Provider(str(93000 + c), name, reports=reports))
    return FakeOfsted(providers)


def empty_site() -> StaticSite:
    """A site with no pages (every start page 404s): a Cafcass crawl that fails at once."""
    return StaticSite({}, label="cafcass")


def closed_port_url() -> str:
    """An address nothing listens on: a site that cannot be reached."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def start_up(data_dir: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """``inspection-index --data-dir DIR up --port 0 ARGS…``; (process, base URL) once it serves."""
    process = subprocess.Popen([sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir), "up",
                                "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    found = URL_LINE.search(line)
    if not found:
        process.kill()
        raise AssertionError(f"up did not serve: {line}{process.communicate()[1]}")
    return process, found.group(1).replace("localhost", "127.0.0.1")


def get(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.read().decode()


def get_json(url: str) -> dict:
    return json.loads(get(url))


def wait_for(check, timeout: float = 120, every: float = 0.2):
    """Poll ``check()`` until it returns something true; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"still waiting after {timeout} s")
