"""Search benchmark: each engine's index build, incremental update, query and tracking
latency and peak memory, against SQLite FTS5 over the same passages, in one run.

    python bench/search.py [--passages 200000] [--engines tantivy,whoosh,fts5] [--repeats 5] [--json FILE]

Corpora: the whole shared corpus (../shared/corpus/ofsted, imported and extracted once), and a
scaled corpus of copies of its records with distinct ids until it holds at least --passages
passages (0: the shared corpus only). Without extract/ installed it falls back to a synthetic
corpus and says so.

Every engine indexes the same catalogue (each into its own index directory). Each step runs in
a fresh process so that its peak resident memory (ru_maxrss) is its own: the full build, the
incremental build of ten new reports (added to the catalogue after every full build), and
the queries — the 30 queries below, each with the answer cache cleared (the honest number to
compare with FTS5, which has no such cache; kept snippets are dropped too) and again as a
repeat (from the cache), then tracking four terms by grade. The first tracking in the process
also builds the document table and the figure tests, which a server does once per catalogue
change: it is reported on its own. The query process's peak is the memory a server needs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import search  # noqa: E402
from bench.search_corpus import (SHARED_CORPUS, add_copy, extracted_shared_corpus, records,  # noqa: E402
                                 scaled, synthetic)
from bench.search_fts import FTS5  # noqa: E402
from inspection_index import Catalogue, Config  # noqa: E402

ENGINES = ("tantivy", "whoosh", "fts5")


@dataclass(frozen=True)
class EngineConfig(Config):
    """One data dir's catalogue, with an index directory per engine."""

    @property
    def index_dir(self) -> Path:
        return self.data_dir / f"index-{self.engine}"


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


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    from the parent through fork and exec, so a child would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _fts_path(data_dir: Path) -> str:
    return str(data_dir / "fts5.sqlite")


def step_build(data_dir: Path, engine: str, new_ids: list[str] | None = None) -> dict:
    """A full build (or, with ``new_ids``, the incremental one), in this fresh process."""
    started = time.perf_counter()
    if engine == "fts5":
        catalogue = Catalogue(Config(data_dir))
        passages = FTS5(_fts_path(data_dir)).add(catalogue, set(new_ids) if new_ids is not None else None)
        catalogue.close()
        summary = {"passages": passages}
    else:
        summary = search.build_index(EngineConfig(data_dir, engine=engine), rebuild=new_ids is None)
        if new_ids is not None:
            assert summary["added"] == len(new_ids), summary
    return {**summary, "seconds": round(time.perf_counter() - started, 3), "peak_mb": peak_mb()}


def step_queries(data_dir: Path, engine: str, repeats: int) -> dict:
    """The queries and tracking, in this fresh process: latencies (ms) and peak memory."""
    searches, cached, tracking, first_track = [], [], [], None
    if engine == "fts5":
        fts = FTS5(_fts_path(data_dir))
        fts.search("warm up")
        for _ in range(repeats):
            for _, match, where, parameters in QUERIES:
                searches.append(timed(lambda: fts.search(match, where, parameters)))
            tracking.append(timed(lambda: fts.track(FTS_TRACK)))
    else:
        index = search.SearchIndex(EngineConfig(data_dir, engine=engine))
        assert index.engine == engine
        index.search("warm up")
        # The first tracking builds the catalogue's document table and the figure tests of the
        # reports compared, once per catalogue change: timed on its own, not among the queries.
        first_track = timed(lambda: index.track(TRACK_TERMS))
        for _ in range(repeats):
            for query, _, _, _ in QUERIES:
                index.forget_answers()
                searches.append(timed(lambda: index.search(query)))
                cached.append(timed(lambda: index.search(query)))
            index.forget_answers()
            tracking.append(timed(lambda: index.track(TRACK_TERMS)))
        index.close()
    return {"search_ms": summary(searches), "search_cached_ms": summary(cached) if cached else None,
            "track_ms": summary(tracking), "track_first_ms": first_track,
            "peak_mb": peak_mb()}


def in_child(function, *args):
    """``function(*args)`` in a fresh interpreter (spawned, so no memory is inherited)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def measure(label: str, data_dir: Path, catalogue: Catalogue, engines: list[str], repeats: int, version: str) -> dict:
    result = {"corpus": label, "engines": {}}
    for engine in engines:
        built = in_child(step_build, data_dir, engine)
        result["engines"][engine] = {"build_s": built["seconds"], "build_peak_mb": built["peak_mb"]}
        result.setdefault("passages", built["passages"])
        assert built["passages"] == result["passages"], "every engine indexes the same passages"
        result["documents"] = built.get("documents", result.get("documents"))
        print(f"  {label}: {engine} built in {built['seconds']:.1f} s", file=sys.stderr)
    # Incremental: ten new reports (copies with new ids) after the full builds.
    before = {document.doc_id for document, _ in records(catalogue)}
    for number, (document, record) in enumerate(records(catalogue)[:10]):
        add_copy(catalogue, document, record, f"incremental{number}", version)
    new_ids = sorted({document.doc_id for document, _ in records(catalogue)} - before)
    for engine in engines:
        step = in_child(step_build, data_dir, engine, new_ids)
        result["engines"][engine]["incremental_10_s"] = step["seconds"]
    for engine in engines:
        result["engines"][engine].update(in_child(step_queries, data_dir, engine, repeats))
        print(f"  {label}: {engine} queried", file=sys.stderr)
    baseline = result["engines"].get("fts5")
    if baseline:
        for engine, numbers in result["engines"].items():
            numbers["ratio_build"] = round(numbers["build_s"] / max(baseline["build_s"], 1e-6), 2)
            numbers["ratio_search_p95"] = round(numbers["search_ms"]["p95"] / baseline["search_ms"]["p95"], 2)
            numbers["ratio_track_p95"] = round(numbers["track_ms"]["p95"] / baseline["track_ms"]["p95"], 2)
    return result


def table(results: list[dict]) -> str:
    engines = [engine for engine in ENGINES if any(engine in r["engines"] for r in results)]
    columns = [(r, engine) for r in results for engine in engines if engine in r["engines"]]
    lines = ["| measure | " + " | ".join(f"{r['corpus']}: {engine}" for r, engine in columns) + " |",
             "| --- | " + " | ".join("---" for _ in columns) + " |"]

    def ratio(numbers, key):
        return f" (×{numbers[key]} FTS5)" if key in numbers else ""

    rows = [
        ("reports / passages", lambda r, n: f"{r['documents']} / {r['passages']}"),
        ("full build", lambda r, n: f"{n['build_s']:.1f} s{ratio(n, 'ratio_build')}"),
        ("incremental, 10 reports", lambda r, n: f"{n['incremental_10_s']:.2f} s"),
        ("search p50 / p95, uncached", lambda r, n: f"{n['search_ms']['p50']:.1f} / {n['search_ms']['p95']:.1f} ms"
                                                    f"{ratio(n, 'ratio_search_p95')}"),
        ("search p50 / p95, repeat (answer cache)",
         lambda r, n: f"{n['search_cached_ms']['p50']:.2f} / {n['search_cached_ms']['p95']:.2f} ms"
         if n["search_cached_ms"] else "–"),
        ("tracking, 4 terms × grades, p50 / p95 (FTS5: counts only)",
         lambda r, n: f"{n['track_ms']['p50']:.1f} / {n['track_ms']['p95']:.1f} ms{ratio(n, 'ratio_track_p95')}"),
        ("first tracking after a catalogue change (document table, figure tests)",
         lambda r, n: f"{n['track_first_ms']:.0f} ms" if n.get("track_first_ms") is not None else "–"),
        ("peak memory: build / queries", lambda r, n: f"{n['build_peak_mb']:.0f} / {n['peak_mb']:.0f} MB"),
    ]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(cell(r, r["engines"][engine]) for r, engine in columns) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=20_000,
                        help="minimum passages in the scaled corpus (0: the shared corpus only)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="which of tantivy, whoosh, fts5 to measure")
    parser.add_argument("--skip-shared", action="store_true", help="measure the scaled corpus only")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each query")
    parser.add_argument("--jobs", type=int, default=2, help="extraction processes")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    engines = [engine.strip() for engine in args.engines.split(",") if engine.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines {', '.join(sorted(unknown))}: use {', '.join(ENGINES)}")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as temporary:
        shared = Path(temporary) / "shared"
        shared_catalogue = Catalogue(Config(shared))
        try:
            started = time.perf_counter()
            version = extracted_shared_corpus(shared_catalogue, jobs=args.jobs)
            label = "shared corpus"
            print(f"extracted {SHARED_CORPUS} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        except ImportError:
            version, label = "synthetic", "synthetic corpus (extract/ not installed)"
            synthetic(shared_catalogue, 150)
        source = records(shared_catalogue)
        if not args.skip_shared:
            results.append(measure(label, shared, shared_catalogue, engines, args.repeats, version))
        if args.passages:
            big = Path(temporary) / "scaled"
            big_catalogue = Catalogue(Config(big))
            scaled(source, big_catalogue, args.passages, version)
            results.append(measure(f"{len(records(big_catalogue)) - 10} reports, ≥{args.passages:,} passages",
                                   big, big_catalogue, engines, args.repeats, version))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
