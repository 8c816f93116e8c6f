"""Search benchmark: index build, incremental update, query and tracking latency, against SQLite
FTS5 over the same passages in the same run.

    /work/venv/bin/python bench/search.py [--passages 20000] [--repeats 5] [--json FILE]

Corpora: the whole shared corpus (../shared/corpus/ofsted, imported and extracted once), and a
scaled corpus of copies of its records with distinct ids until it holds at least --passages
passages. Without extract/ installed it falls back to a synthetic corpus and says so.

Query latency is measured with the answer cache cleared before every run (the honest number
to compare with FTS5, which has no such cache), and again as a repeat (served from the cache).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import search  # noqa: E402
from bench.search_corpus import (SHARED_CORPUS, add_copy, extracted_shared_corpus, records,  # noqa: E402
                                 scaled, synthetic)
from bench.search_fts import FTS5  # noqa: E402
from inspection_index import Catalogue, Config  # noqa: E402

# (our query, FTS5 MATCH expression or None, SQL condition on the passage's report, parameters)
QUERIES = [
    ("caseload", "caseload", "", ()),
    ('"high caseloads"', '"high caseloads"', "", ()),
    ("vacancies", "vacancies", "", ()),
    ("agency", "agency", "", ()),
    ('"agency staff"', '"agency staff"', "", ()),
    ("turnover", "turnover", "", ()),
    ('"social workers"', '"social workers"', "", ()),
    ("caseloads judgement:inadequate", "caseloads", "m.grade = ?", ("inadequate",)),
    ('"high caseloads" judgement:inadequate', '"high caseloads"', "m.grade = ?", ("inadequate",)),
    ("vacancies year:2014..2017", "vacancies", "m.year BETWEEN ? AND ?", (2014, 2017)),
    ('caseload la:"Birmingham"', "caseload", "m.la = ?", ("birmingham",)),
    ("kind:focused-visit caseloads", "caseloads", "m.kind = ?", ("focused-visit",)),
    ("framework:sif turnover", "turnover", "m.framework = ?", ("sif",)),
    ("caseload AND agency", "caseload AND agency", "", ()),
    ("vacancies OR turnover", "vacancies OR turnover", "", ()),
    ("caseloads NOT manageable", "caseloads NOT manageable", "", ()),
    ('"agency workers"~3', "NEAR(agency workers, 3)", "", ()),
    ('"caseloads are high"~2', "NEAR(caseloads are high, 2)", "", ()),
    ("management oversight", "management oversight", "", ()),
    ('"management oversight"', '"management oversight"', "", ()),
    ("supervision judgement:inadequate", "supervision", "m.grade = ?", ("inadequate",)),
    ('"changes of social worker"', '"changes of social worker"', "", ()),
    ("workforce stability", "workforce stability", "", ()),
    ("recruitment AND retention", "recruitment AND retention", "", ()),
    ('help_and_protection:inadequate "child protection"', '"child protection"', "m.help_and_protection = ?", ("inadequate",)),
    ('region:"North West" caseloads', "caseloads", "m.region = ?", ("north west",)),
    ("concern:caseload", None, "m.concern LIKE ?", ("%,caseload,%",)),
    ('year:>=2019 "high caseloads"', '"high caseloads"', "m.year >= ?", (2019,)),
    ("safeguard*", "safeguard*", "", ()),
    ("(vacancies OR turnover) AND judgement:inadequate", "vacancies OR turnover", "m.grade = ?", ("inadequate",)),
]
TRACK_TERMS = ["caseload", "vacancies", "agency", '"high caseloads"']
FTS_TRACK = ["caseload", "vacancies", "agency", '"high caseloads"']


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(samples, 50), 2), "p95": round(percentile(samples, 95), 2)}


def measure(label: str, config: Config, catalogue: Catalogue, repeats: int, version: str) -> dict:
    result = {"corpus": label}
    fts_path = str(config.data_dir / "fts5.sqlite")
    fts = FTS5(fts_path)
    started = time.perf_counter()
    result["passages"] = fts.add(catalogue)
    result["fts5_build_s"] = round(time.perf_counter() - started, 2)
    built = search.build_index(config, rebuild=True)
    result.update(documents=built["documents"], build_s=built["seconds"])
    assert built["passages"] == result["passages"], "both engines index the same passages"

    # Incremental: ten new reports (copies with new ids) after the full build.
    source = records(catalogue)[:10]
    before = {document.doc_id for document, _ in records(catalogue)}
    for number, (document, record) in enumerate(source):
        add_copy(catalogue, document, record, f"incremental{number}", version)
    step = search.build_index(config)
    assert step["added"] == 10
    result["incremental_10_s"] = step["seconds"]
    new_ids = {document.doc_id for document, _ in records(catalogue)} - before
    started = time.perf_counter()
    fts.add(catalogue, new_ids)
    result["fts5_incremental_10_s"] = round(time.perf_counter() - started, 3)

    index = search.SearchIndex(config)
    index.search("warm up")
    ours, baseline, cached = [], [], []
    for _ in range(repeats):
        for query, match, where, parameters in QUERIES:
            index.cache.items.clear()
            ours.append(timed(lambda: index.search(query)))
            cached.append(timed(lambda: index.search(query)))
            baseline.append(timed(lambda: fts.search(match, where, parameters)))
    result["search_ms"] = summary(ours)
    result["search_cached_ms"] = summary(cached)
    result["fts5_search_ms"] = summary(baseline)
    tracking, fts_tracking = [], []
    for _ in range(repeats):
        index.cache.items.clear()
        tracking.append(timed(lambda: index.track(TRACK_TERMS)))
        fts_tracking.append(timed(lambda: fts.track(FTS_TRACK)))
    result["track_ms"] = summary(tracking)
    result["fts5_track_counts_ms"] = summary(fts_tracking)
    result["ratio_search_p50"] = round(result["search_ms"]["p50"] / result["fts5_search_ms"]["p50"], 2)
    result["ratio_search_p95"] = round(result["search_ms"]["p95"] / result["fts5_search_ms"]["p95"], 2)
    result["ratio_build"] = round(result["build_s"] / max(result["fts5_build_s"], 1e-6), 2)
    index.close()
    return result


def table(results: list[dict]) -> str:
    lines = ["| measure | " + " | ".join(r["corpus"] for r in results) + " |",
             "| --- | " + " | ".join("---" for _ in results) + " |"]
    rows = [
        ("reports / passages", lambda r: f"{r['documents']} / {r['passages']}"),
        ("full build (Whoosh / FTS5)", lambda r: f"{r['build_s']:.1f} s / {r['fts5_build_s']:.1f} s (×{r['ratio_build']})"),
        ("incremental, 10 reports (Whoosh / FTS5)", lambda r: f"{r['incremental_10_s']:.2f} s / {r['fts5_incremental_10_s']:.2f} s"),
        ("search p50 / p95, uncached", lambda r: f"{r['search_ms']['p50']:.1f} / {r['search_ms']['p95']:.1f} ms"),
        ("FTS5 same queries p50 / p95", lambda r: f"{r['fts5_search_ms']['p50']:.1f} / {r['fts5_search_ms']['p95']:.1f} ms"),
        ("ratio Whoosh ÷ FTS5 (p50, p95)", lambda r: f"×{r['ratio_search_p50']}, ×{r['ratio_search_p95']}"),
        ("search p50 / p95, repeat (answer cache)", lambda r: f"{r['search_cached_ms']['p50']:.2f} / {r['search_cached_ms']['p95']:.2f} ms"),
        ("tracking, 4 terms × grades, p50 / p95", lambda r: f"{r['track_ms']['p50']:.1f} / {r['track_ms']['p95']:.1f} ms"),
        ("FTS5 counts only, same terms, p50 / p95", lambda r: f"{r['fts5_track_counts_ms']['p50']:.1f} / {r['fts5_track_counts_ms']['p95']:.1f} ms"),
    ]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(cell(r) for r in results) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=20_000, help="minimum passages in the scaled corpus")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each query")
    parser.add_argument("--jobs", type=int, default=2, help="extraction processes")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as temporary:
        shared = Config(Path(temporary) / "shared")
        shared_catalogue = Catalogue(shared)
        try:
            started = time.perf_counter()
            version = extracted_shared_corpus(shared_catalogue, jobs=args.jobs)
            label = "shared corpus"
            print(f"extracted {SHARED_CORPUS} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        except ImportError:
            version, label = "synthetic", "synthetic corpus (extract/ not installed)"
            synthetic(shared_catalogue, 150)
        source = records(shared_catalogue)
        results.append(measure(label, shared, shared_catalogue, args.repeats, version))
        big = Config(Path(temporary) / "scaled")
        big_catalogue = Catalogue(big)
        scaled(source, big_catalogue, args.passages, version)
        results.append(measure(f"scaled ×{len(records(big_catalogue)) // len(source)}", big, big_catalogue,
                               args.repeats, version))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
