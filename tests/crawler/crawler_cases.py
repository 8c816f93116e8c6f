"""What the crawler tests share: fast settings, and the self-contained Ofsted mirror's cases."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from crawler_servers import Provider, Report
from pdfgen import make_pdf

from crawler.spiders.base import ROBOTS

# Polite defaults are for real sites; against 127.0.0.1 the crawl may go flat out.
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_BACKOFF_BASE": 0.02,
        "DOWNLOAD_TIMEOUT": 15}
FAST_CLI = [f"-s{name}={value}" for name, value in FAST.items()]


@dataclass(frozen=True)
class Expected:
    kind: str
    published: str
    title: str


# file id → (link description, visible text, behaviour, expected metadata or the failure reason)
ODD_REPORTS = [
    ("1000001", "Children's services inspection,  pdf - 16 august 2013", "Children's services inspection",
     "pdf", Expected("childrens-services-inspection", "2013-08-16", "Children's services inspection - 16 August 2013")),
    ("50100001", "Children's services focused visit as pdf - 3 May 2022", "Children's services focused visit",
     "500-once", Expected("focused-visit", "2022-05-03", "Children's services focused visit - 3 May 2022")),
    ("50100002", "Joint area child protection inspection, pdf - 1 March 2023", "Joint area child protection inspection",
     "drop-once", Expected("jtai", "2023-03-01", "Joint area child protection inspection - 1 March 2023")),
    ("50100003", "Single inspection of LA children\u2019s services, pdf - 5 June 2015", "Single inspection",
     "429-once", Expected("childrens-services-inspection", "2015-06-05",
                          "Single inspection of LA children\u2019s services - 5 June 2015")),
    ("50100004", "Area SEND full inspection, pdf - 15 July 2024", "Area SEND full inspection",
     "pdf", Expected("area-send", "2024-07-15", "Area SEND full inspection - 15 July 2024")),
    ("50100005", "CHILDREN'S SERVICES MONITORING VISIT, PDF - 9 February 2021", "Monitoring visit",
     "pdf", Expected("monitoring-visit", "2021-02-09", "CHILDREN'S SERVICES MONITORING VISIT - 9 February 2021")),
    ("50100006", "Review of the Local Safeguarding Children Board, pdf - 2 April 2016", "LSCB review",
     "pdf", Expected("lscb-review", "2016-04-02", "Review of the Local Safeguarding Children Board - 2 April 2016")),
    # No description at all: the title is the link text, the date the one published beside it.
    ("50100007", "", "Children's services inspection",
     "pdf", Expected("childrens-services-inspection", "2019-11-20", "Children's services inspection - 20 November 2019")),
    # Seen on the real site: "PDF" in capitals and no date in the description; the date is
    # the "Published" one beside each link, not the last one of the day.
    ("50100008", "Academy conversion letter, PDF", "Academy conversion letter",
     "pdf", Expected("other", "2021-03-04", "Academy conversion letter - 4 March 2021")),
    ("50100009", "Children's services focused visit, PDF", "Children's services focused visit",
     "pdf", Expected("focused-visit", "2021-06-07", "Children's services focused visit - 7 June 2021")),
]
PUBLISHED_BESIDE = {"50100008": "2021-03-04", "50100009": "2021-06-07"}
DEAD_REPORTS = {
    "50100010": ("not-found", 'not a PDF: an HTML "Report not found" page (the report was withdrawn)'),
    "50100011": ("404", "HTTP 404 (not found: withdrawn or moved)"),
    "50100012": ("robots", ROBOTS),  # not dead: a fact about the site today
}
PERMANENTLY_DEAD = {fid for fid, (behaviour, _) in DEAD_REPORTS.items() if behaviour != "robots"}
LA_COUNT = 153  # as on the real site: one full page of 100, then 53


def tiny_providers(extra: int = LA_COUNT - 2) -> list[Provider]:
    """Two providers with every awkward case, and councils whose pages list events only."""
    odd = Provider("90001", "Aardvark", reports=[
        Report(fid, description, visible, make_pdf([f"Report {fid}"]), behaviour, event_day="2019-11-20",
               published_day=PUBLISHED_BESIDE.get(fid))
        for fid, description, visible, behaviour, _ in ODD_REPORTS], events=2)
    dead = Provider("90002", "Abbotsbury", reports=[
        Report(fid, "Children's services inspection, pdf - 1 May 2020", "Children's services inspection",
               b"" if behaviour == "not-found" else make_pdf([f"Report {fid}"]),
               "pdf" if behaviour == "robots" else behaviour,
               path=f"/private/v1/file/{fid}" if behaviour == "robots" else None)
        for fid, (behaviour, _) in DEAD_REPORTS.items()])
    others = [Provider(str(91000 + n), f"Council {n:03d}", events=1 + n % 3) for n in range(extra)]
    return [odd, dead, *others]


def run_cli(data_dir, *args: str, **popen) -> subprocess.Popen:
    """``inspection-index --data-dir DATA_DIR ARGS…`` as a child process (stdout, stderr piped)."""
    return subprocess.Popen([sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)
