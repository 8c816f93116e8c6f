"""Load test: the web app on waitress (its own process, as `inspection-index serve` runs it) on
127.0.0.1, driven by concurrent keep-alive HTTP clients with a mixed workload.

    /work/venv/bin/python bench/load.py [--data-dir DIR] [--clients 20] [--requests 4000]
                                        [--seconds 120] [--processes 1] [--hostile N] [--json FILE]

Workload (by share of requests): search pages 35% (a third of them page 2, a quarter sorted by
date), API search 25%, document pages 25%, tracking pages 15%. Queries combine a word or phrase
with a random year filter, so most are new to the server's answer cache, as real traffic is.

Baseline, measured in the same run: the same workload from ONE client. The report gives
requests/s, latency percentiles and errors for both, and the throughput ratio. Any error (a
status other than 200, or a failed connection) makes the exit status 1.

``--hostile N`` adds N more clients to the concurrent run, each sending the hostile review's
query (``"the of and to a"~50 OR …`` 30 times, about 1,000 characters; a new variant each time,
so the answer cache never has it) for as long as the others run. Their answers are reported on
their own (a 503 or 400 for them is the server defending itself, not an error); the errors
that count are the other clients'.

Without --data-dir it builds a collection in a temporary directory: the shared corpus
(../shared/corpus/ofsted, imported and extracted, with the shared figures) when extract/ is
installed, otherwise bench/search_corpus.py's synthetic reports — the report says which.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import search  # noqa: E402
from bench.search_corpus import SHARED_CORPUS, extracted_shared_corpus, synthetic  # noqa: E402
from inspection_index import Catalogue, Config, figures  # noqa: E402
from inspection_index.commands.serve import THREADS  # noqa: E402

WORDS = ["caseload", "caseloads", "agency", "vacancies", "turnover", "supervision", '"social workers"',
         '"high caseloads"', "recruitment", "retention", "workforce", "management oversight", "stability",
         '"agency staff"', "neglect", "assessment", "thresholds", "permanence", "care leavers", "missing"]
TRACK_TERMS = ["caseload", "agency", "vacancies", "turnover", "supervision", "recruitment"]
BREAKDOWNS = ["overall_effectiveness", "overall_effectiveness", "year", "framework"]
SYNTHETIC_REPORTS = 300
HOSTILE_PHRASE = '"the of and to a"~50'
HOSTILE_REPEATS = 30


def hostile_query(variant: int) -> str:
    """The review's query; ``NOT`` a word no report has keeps its work and makes its text new."""
    return " OR ".join([HOSTILE_PHRASE] * HOSTILE_REPEATS) + f" NOT zzhostile{variant}"


def prepare(data_dir: Path | None) -> tuple[Path, str]:
    """A data dir with an index, and what it holds."""
    if data_dir is not None:
        status = search.index_status(Config(data_dir))
        if not status["indexed"]:
            raise SystemExit(f"{data_dir} has no index: run `inspection-index --data-dir {data_dir} up --no-serve`")
        return data_dir, f"{data_dir} ({status['indexed']} reports)"
    data_dir = Path(tempfile.mkdtemp(prefix="inspection-load-"))
    catalogue = Catalogue(Config(data_dir))
    try:
        extracted_shared_corpus(catalogue)
        tables = sorted((SHARED_CORPUS.parent.parent / "data").glob("c*.csv"))
        figures.import_files(catalogue, tables)
        label = "the shared corpus"
    except (ImportError, FileNotFoundError) as why:
        synthetic(catalogue, SYNTHETIC_REPORTS)
        label = f"SYNTHETIC reports ({SYNTHETIC_REPORTS}; the shared corpus could not be extracted: {why})"
    finally:
        catalogue.close()
    summary = search.build_index(Config(data_dir))
    return data_dir, f"{label}: {summary['documents']} reports, {summary['passages']} passages"


def doc_ids(data_dir: Path) -> list[str]:
    catalogue = Catalogue(Config(data_dir))
    try:
        return [row["doc_id"] for row in catalogue.query(
            "SELECT d.doc_id FROM documents d JOIN extractions e ON e.sha256 = d.sha256 WHERE e.error IS NULL")]
    finally:
        catalogue.close()


def workload(rng: random.Random, documents: list[str]) -> tuple[str, str]:
    """(kind, path) of one request."""
    roll = rng.random()
    query = f"{rng.choice(WORDS)} year:{rng.randint(2012, 2020)}..{rng.randint(2021, 2026)}"
    if roll < 0.35:
        page = "&page=2" if rng.random() < 1 / 3 else ""
        sort = "&sort=date" if rng.random() < 0.25 else ""
        return "search page", f"/search?q={quote(query)}{page}{sort}"
    if roll < 0.60:
        return "api search", f"/api/search?q={quote(query)}&per_page=20"
    if roll < 0.85:
        return "document page", f"/documents/{rng.choice(documents)}"
    terms = ",".join(rng.sample(TRACK_TERMS, rng.randint(1, 3)))
    return "track page", f"/track?terms={quote(terms)}&by={rng.choice(BREAKDOWNS)}"


class Server:
    """`inspection-index serve --port 0` in its own process; its log goes to a file (a pipe
    nobody reads would fill up and stall the server)."""

    def __init__(self, data_dir: Path, processes: int = 1):
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir), "serve", "--port", "0",
             "--processes", str(processes)],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        found = re.search(r"http://localhost:(\d+)/", line)
        if not found:
            self.process.kill()
            raise SystemExit(f"the server did not start: {line}{self.logged()}")
        self.port = int(found.group(1))

    def logged(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> str:
        """Stop the server; returns what it logged."""
        self.process.terminate()
        self.process.wait(timeout=10)
        return self.logged()


def _get(connection: http.client.HTTPConnection, port: int, path: str):
    """(connection to use next, seconds, status; 0 when the connection failed)."""
    started = time.perf_counter()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        status = 0
        connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    return connection, time.perf_counter() - started, status


def run(port: int, clients: int, total: int, seconds: float, documents: list[str], seed: int,
        hostile: int = 0) -> dict:
    """``total`` requests (or until ``seconds`` pass) from ``clients`` threads, while
    ``hostile`` more threads send the hostile query."""
    lock = threading.Lock()
    issued = [0]
    results: list[tuple[str, float, int]] = []       # kind, seconds, status (0: connection failed)
    hostile_results: list[tuple[str, float, int]] = []
    deadline = time.monotonic() + seconds
    finished = threading.Event()

    def attacker(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        variant = number * 1_000_000
        while not finished.is_set() and time.monotonic() < deadline:
            variant += 1
            connection, took, status = _get(connection, port, f"/api/search?q={quote(hostile_query(variant))}")
            with lock:
                hostile_results.append(("hostile query", took, status))
        connection.close()

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.monotonic() < deadline:
            with lock:
                if issued[0] >= total:
                    break
                issued[0] += 1
            kind, path = workload(rng, documents)
            connection, took, status = _get(connection, port, path)
            mine.append((kind, took, status))
        connection.close()
        with lock:
            results.extend(mine)

    attackers = [threading.Thread(target=attacker, args=(n,)) for n in range(hostile)]
    for thread in attackers:
        thread.start()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    finished.set()
    for thread in attackers:
        thread.join()
    summary = summarise(results, elapsed, clients)
    if hostile:
        summary["hostile"] = summarise(hostile_results, elapsed, hostile)
        summary["hostile"]["statuses"] = {str(status): sum(1 for *_, s in hostile_results if s == status)
                                          for status in sorted({s for *_, s in hostile_results})}
    return summary


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def summarise(results: list[tuple[str, float, int]], elapsed: float, clients: int) -> dict:
    times = [seconds for _, seconds, _ in results]
    errors = [(kind, status) for kind, _, status in results if status != 200]
    by_kind = {}
    for kind in sorted({kind for kind, _, _ in results}):
        mine = [seconds for k, seconds, _ in results if k == kind]
        by_kind[kind] = {"requests": len(mine), "p50_ms": round(percentile(mine, 0.5) * 1000, 1),
                         "p95_ms": round(percentile(mine, 0.95) * 1000, 1)}
    return {"clients": clients, "requests": len(results), "seconds": round(elapsed, 2),
            "requests_per_second": round(len(results) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(percentile(times, 0.5) * 1000, 1), "p95_ms": round(percentile(times, 0.95) * 1000, 1),
            "p99_ms": round(percentile(times, 0.99) * 1000, 1), "max_ms": round(max(times, default=0) * 1000, 1),
            "mean_ms": round(statistics.fmean(times) * 1000, 1) if times else 0.0,
            "errors": len(errors), "error_statuses": sorted({status for _, status in errors}), "by_kind": by_kind}


def show(name: str, result: dict) -> None:
    print(f"{name}: {result['clients']} client(s), {result['requests']} requests in {result['seconds']} s: "
          f"{result['requests_per_second']} requests/s; latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
          f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms; errors {result['errors']}"
          + (f" (statuses {result['error_statuses']})" if result["errors"] else ""))
    for kind, numbers in result["by_kind"].items():
        print(f"    {kind:14} {numbers['requests']:6} requests  p50 {numbers['p50_ms']:7} ms  p95 {numbers['p95_ms']:7} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="an indexed data dir (default: build one, see above)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000, help="requests in the concurrent run")
    parser.add_argument("--baseline-requests", type=int, default=400, help="requests in the one-client run")
    parser.add_argument("--seconds", type=float, default=120, help="stop each run after this long")
    parser.add_argument("--processes", type=int, default=1, help="server processes (serve --processes)")
    parser.add_argument("--hostile", type=int, default=0,
                        help="clients sending the hostile query during the concurrent run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the results here")
    options = parser.parse_args()

    data_dir, label = prepare(options.data_dir)
    documents = doc_ids(data_dir)
    print(f"Collection: {label}; server processes: {options.processes}")
    server = Server(data_dir, options.processes)
    try:
        run(server.port, 4, 40, options.seconds, documents, seed=options.seed + 99)   # warm-up, not reported
        baseline = run(server.port, 1, options.baseline_requests, options.seconds, documents, options.seed)
        loaded = run(server.port, options.clients, options.requests, options.seconds, documents, options.seed + 1,
                     hostile=options.hostile)
    finally:
        log = server.stop()
    show("Baseline", baseline)
    show("Loaded  ", loaded)
    if options.hostile:
        hostile = loaded["hostile"]
        print(f"Hostile : {options.hostile} client(s) sent the hostile query {hostile['requests']} times alongside; "
              f"answers {hostile['statuses']}; latency p50 {hostile['p50_ms']} ms, max {hostile['max_ms']} ms "
              f"(not counted as errors)")
    ratio = loaded["requests_per_second"] / baseline["requests_per_second"] if baseline["requests_per_second"] else 0
    print(f"Throughput with {options.clients} clients is {ratio:.2f}x the one-client baseline; "
          f"p95 latency {loaded['p95_ms'] / baseline['p95_ms'] if baseline['p95_ms'] else 0:.2f}x.")
    queued = log.count("Task queue depth")
    if queued:
        print(f"The server queued requests {queued} time(s): {options.clients} clients, "
              f"{options.processes} × {THREADS} server threads.")
    if options.json:
        options.json.write_text(json.dumps({"collection": label, "baseline": baseline, "loaded": loaded,
                                            "throughput_ratio": round(ratio, 2)}, indent=2))
    if baseline["errors"] or loaded["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
