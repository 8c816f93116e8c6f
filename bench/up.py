"""Time to first page: how soon a fresh `inspection-index up` answers, and shows reports.

    python bench/up.py [--repeats 3] [--json FILE]

Each case starts `up --port 0` on a fresh data dir as a child process, exactly as a newcomer
runs it, and polls it from outside:

- **offline**: the Ofsted and Cafcass host names do not resolve (``.invalid``, as without
  internet): seconds until the home page answers, and until the embedded sample is searchable;
- **test site**: a local site laid out like reports.ofsted.gov.uk serving the real reports of
  ../shared/corpus/ofsted (synthetic ones without it), crawled at the production politeness
  (the crawler's default settings: one request at a time, about 2 s apart): seconds until the
  home page answers, and until the first crawled report is searchable;
- `inspection-index --help` and `--version`, against a bare `python -c pass` in the same run.
"""

from __future__ import annotations

import argparse
import csv
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "up"))

from up_helpers import FakeOfsted, Provider, Report, council_site, empty_site, get, get_json  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "ofsted"
# Names that never resolve (RFC 2606): what a machine without internet meets.
OFFLINE = {"ofsted": "https://reports.offline.invalid", "cafcass": "https://cafcass.offline.invalid"}
POLL = 0.05


def corpus_site() -> tuple[FakeOfsted, str]:
    """The shared corpus behind a local Ofsted-like site (synthetic reports without it)."""
    if not (CORPUS / "manifest.csv").is_file():
        return council_site(councils=24, reports_each=6), "synthetic reports (../shared not found)"
    by_urn: dict[str, Provider] = {}
    with (CORPUS / "manifest.csv").open(newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            provider = by_urn.setdefault(row["provider_urn"], Provider(row["provider_urn"], row["local_authority"]))
            kind, _, day = row["title"].rpartition(" - ")
            provider.reports.append(Report(str(60_000_000 + number), f"{kind}, pdf - {day}", kind,
                                           (CORPUS / row["path"]).read_bytes(), event_day=row["published"]))
    return FakeOfsted(list(by_urn.values())), f"the {sum(len(p.reports) for p in by_urn.values())} real reports of ../shared"


def _answers(url: str):
    try:
        return get(url, timeout=5)
    except (urllib.error.URLError, OSError):
        return None


def run_up(base_url: str, cafcass_url: str, searchable) -> dict[str, float]:
    """Seconds from starting `up` until it prints its URL, the home page answers, and
    ``searchable(base)`` first holds."""
    with tempfile.TemporaryDirectory() as data_dir:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "inspection_index", "--data-dir", data_dir, "up", "--port", "0",
                                    "--base-url", base_url, "--cafcass-url", cafcass_url, "--refresh", "off"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = process.stdout.readline()
            printed = time.perf_counter() - started
            base = line.split(" is at ")[1].split()[0].replace("localhost", "127.0.0.1")
            while not _answers(base):
                time.sleep(POLL)
            home = time.perf_counter() - started
            deadline = time.monotonic() + 600
            while not searchable(base):
                if time.monotonic() > deadline:
                    raise RuntimeError("nothing became searchable in 10 minutes")
                time.sleep(POLL * 4)
            found = time.perf_counter() - started
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return {"url_printed_s": round(printed, 2), "home_page_s": round(home, 2), "searchable_s": round(found, 2)}


def _hits(base: str, query: str, source: str) -> bool:
    try:
        hits = get_json(f"{base}api/search?q={quote(query)}")["hits"]
    except (urllib.error.URLError, OSError, ValueError):
        return False
    return any(hit.get("source") == source for hit in hits)


def command_seconds(arguments: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(arguments, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each case (the median is reported)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    options = parser.parse_args()

    results: dict[str, object] = {}
    cafcass = empty_site()
    offline_runs = [run_up(OFFLINE["ofsted"], OFFLINE["cafcass"], lambda base: _hits(base, "children", "sample"))
                    for _ in range(options.repeats)]
    site, what = corpus_site()
    online_runs = [run_up(site.base_url, cafcass.url, lambda base: _hits(base, "children", "ofsted"))
                   for _ in range(options.repeats)]
    site.close()
    cafcass.close()
    for name, runs in (("offline", offline_runs), ("test_site", online_runs)):
        results[name] = {key: statistics.median(run[key] for run in runs) for key in runs[0]} | {"runs": runs}
    results["test_site"]["site"] = what
    cli = [sys.executable, "-m", "inspection_index"]
    results["cli"] = {"python_c_pass_s": command_seconds([sys.executable, "-c", "pass"], 7),
                      "help_s": command_seconds([*cli, "--help"], 7),
                      "version_s": command_seconds([*cli, "--version"], 7)}
    results["cli"]["help_over_bare_python"] = round(results["cli"]["help_s"] / results["cli"]["python_c_pass_s"], 2)

    print(f"offline, fresh data dir: home page answers in {results['offline']['home_page_s']} s, "
          f"the sample is searchable in {results['offline']['searchable_s']} s (target < 15 s)")
    print(f"test site ({what}), production politeness: home page answers in "
          f"{results['test_site']['home_page_s']} s (target < 5 s), first crawled report searchable in "
          f"{results['test_site']['searchable_s']} s (target < 120 s)")
    print(f"inspection-index --help {results['cli']['help_s']} s, --version {results['cli']['version_s']} s "
          f"(target < 0.3 s); bare python {results['cli']['python_c_pass_s']} s "
          f"(--help is {results['cli']['help_over_bare_python']}x)")
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
