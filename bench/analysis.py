"""Speed of the analysis views and of the export, on the app served by waitress at 127.0.0.1.

    python bench/analysis.py [--data-dir DIR] [--repeats 30] [--json FILE]

For each new page (/spiral, /la/<slug>, /model, /data/, /search.atom and their .json/.csv twins,
and /track with its figure tests) it times ``--repeats`` sequential GETs from one keep-alive
client and reports p50 and p95 (the first, cold request — which builds the document table, or
fits a model for the first time — is reported separately). Baseline, measured in the same run:
the existing document page (/documents/<id>), so the ratios are against a page of known cost
on the same, possibly busy, machine. Then ``inspection-index export``'s work (document table
built cold, package written) is timed against the same baseline's cold catalogue read. Any status
other than 200 makes the exit status 1. Without --data-dir it builds the collection as
bench/load.py does.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import search  # noqa: E402
from bench.load import doc_ids, percentile, prepare  # noqa: E402
from inspection_index import Catalogue, Config  # noqa: E402
from search import table as document_tables  # noqa: E402
from webui import create_app  # noqa: E402

PAGES = ["/spiral?figure=vacancy_rate", "/spiral.json?figure=agency_rate&offsets=5", "/spiral.csv?figure=caseload",
         "/la/{slug}", "/la/{slug}.json", "/la/{slug}.csv", "/la/",
         "/model?themes=caseload,vacancies&figures=agency_rate", "/model.json?themes=caseload&figures=vacancy_rate,turnover_rate",
         "/data/", "/data/reports.csv", "/data/mentions.csv", "/search.atom?q=caseload",
         "/track?terms=caseload,vacancies"]


def timed(connection: http.client.HTTPConnection, path: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data_dir, label = prepare(args.data_dir)
    from waitress.server import create_server

    server = create_server(create_app({"DATA_DIR": data_dir}), host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=60)
    catalogue = Catalogue(Config(data_dir))
    slug = max(search.councils(search.document_table(catalogue)), key=lambda c: c["reports"])["slug"]
    document_tables._cache.clear()   # the server's first request must build the table itself
    baseline_path = f"/documents/{doc_ids(data_dir)[0]}"
    results = {}
    for path in [baseline_path, *(page.format(slug=slug) for page in PAGES)]:
        cold = timed(connection, path)
        times = [timed(connection, path) for _ in range(args.repeats)]
        results[path] = {"cold_ms": round(cold, 1), "p50_ms": round(percentile(times, 0.5), 1),
                         "p95_ms": round(percentile(times, 0.95), 1)}
    base = results[baseline_path]["p95_ms"] or 0.1
    print(f"Analysis pages on {label}, {args.repeats} repeats each, one client (baseline {baseline_path})")
    print(f"{'page':<62} {'cold':>8} {'p50':>8} {'p95':>8} {'p95/base':>9}")
    for path, result in results.items():
        print(f"{path[:62]:<62} {result['cold_ms']:>8.1f} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
              f"{result['p95_ms'] / base:>9.2f}")
    started = time.perf_counter()
    list(catalogue.extractions())
    read_seconds = time.perf_counter() - started
    document_tables._cache.clear()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as target:
        written = search.write_package(catalogue, search.document_table(catalogue), target,
                                       search.index_status(Config(data_dir))["corpus_version"])
    export_seconds = time.perf_counter() - started
    print(f"\nexport (document table built cold + package written): {export_seconds:.2f} s for {written['reports']} "
          f"reports, {written['mentions']} mentions, {sum(written['files'].values()):,} bytes; baseline, reading every "
          f"extraction record once: {read_seconds:.2f} s (ratio {export_seconds / read_seconds:.1f})")
    server.close()
    worst = max(result["p95_ms"] for path, result in results.items() if path != baseline_path)
    summary = {"data": label, "repeats": args.repeats, "pages": results, "baseline": baseline_path,
               "worst_p95_ms": worst, "export_seconds": round(export_seconds, 2), "read_seconds": round(read_seconds, 2)}
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
