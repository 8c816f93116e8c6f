"""Benchmark: the whole extractor against plain PDFium text extraction, on the shared corpus.

    /work/venv/bin/python bench/extract.py [--jobs 2] [--rounds 1] [--corpus ../shared/corpus/ofsted] [--json]

Prints, for all PDFs of the corpus in one run:

* baseline: plain pypdfium2 text extraction, single process (pages/s);
* extract:  ``extract.extract_files(paths, jobs=N)`` — the full record (PDFium text, pdfplumber
  page-1 tables, passages, judgements, themes), each document in a worker process (pages/s);
* the ratio extract / baseline (target: at least 0.45, and at least 100 pages/s on 2 cores); with
  ``--rounds N`` the two are timed in turn N times and the ratio is the median of the rounds'
  ratios, with its range: each round's pair runs minutes apart at most, so a machine whose speed
  drifts (this one's moves by up to 2x) moves both alike;
* peak resident memory of any worker (target: under 300 MB) and of this process;
* theme detection alone over every passage, CPU seconds (best of 2): the rules alone against the
  rules with the stance model, in the same run;
* precision and recall of the concern flag on the hand-labelled fixtures.

Not a timed test: run it by hand or in CI as a report.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pypdfium2  # noqa: E402

import extract  # noqa: E402
from extract.evaluation import FIXTURE, evaluate  # noqa: E402


def default_corpus() -> Path:
    shared = Path(os.environ.get("INSPECTION_INDEX_SHARED", REPO.parent / "shared"))
    return shared / "corpus" / "ofsted"


def pdfium_baseline(paths: list[Path]) -> tuple[int, float]:
    pages = 0
    started = time.perf_counter()
    for path in paths:
        document = pypdfium2.PdfDocument(str(path))
        try:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                pages += 1
        finally:
            document.close()
    return pages, time.perf_counter() - started


def theme_detection_seconds(records: list[dict], rules_only: bool) -> float:
    """CPU seconds of ``detect_theme_mentions`` over every passage of ``records`` (best of 2)."""
    passages = [(p["text"], p["heading"]) for record in records for p in record.get("passages") or ()]
    options = {"model": None} if rules_only else {}
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for text, heading in passages:
            extract.detect_theme_mentions(text, heading=heading, **options)
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="time the baseline and the extraction in turn N times")
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    paths = sorted(args.corpus.glob("*/*.pdf"))
    if not paths:
        print(f"no PDFs under {args.corpus}", file=sys.stderr)
        return 1

    rounds = []  # (baseline pages/s, extract pages/s, extract seconds), timed in turn
    for _ in range(max(1, args.rounds)):
        baseline_pages, baseline_seconds = pdfium_baseline(paths)
        stats: dict = {}
        started = time.perf_counter()
        records = list(extract.extract_files(paths, jobs=args.jobs, stats=stats))
        seconds = time.perf_counter() - started
        pages = sum(record.get("pages") or 0 for record in records)
        rounds.append((baseline_pages / baseline_seconds, pages / seconds, seconds))
    ratios = sorted(extracted / baseline for baseline, extracted, _ in rounds)
    middle = sorted(rounds, key=lambda r: r[1] / r[0])[len(rounds) // 2]  # the round with the median ratio
    errors = [record for record in records if record.get("error")]

    rules_seconds = theme_detection_seconds(records, rules_only=True)
    reader_seconds = theme_detection_seconds(records, rules_only=False)
    splits = {split: evaluate(FIXTURE, split=split) for split in ("dev", "test")}
    result = {
        "documents": len(paths),
        "pages": pages,
        "errors": len(errors),
        "jobs": args.jobs,
        "cpus": os.cpu_count(),
        "rounds": len(rounds),
        "baseline_pypdfium2_pages_per_s": round(middle[0], 1),
        "extract_seconds": round(middle[2], 2),
        "extract_pages_per_s": round(middle[1], 1),
        "ratio_to_pypdfium2": round(middle[1] / middle[0], 3),
        "ratio_range": [round(ratios[0], 3), round(ratios[-1], 3)],
        "peak_rss_mb_per_worker": stats.get("peak_rss_mb"),
        "workers_started": stats.get("workers_started"),
        "peak_rss_mb_parent": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "themes_rules_alone_cpu_s": round(rules_seconds, 2),
        "themes_reader_cpu_s": round(reader_seconds, 2),
        "concern_flag_dev": splits["dev"]["concern"],
        "concern_flag_test": splits["test"]["concern"],
        "extractor_version": extract.EXTRACTOR_VERSION,
        "lexicon_version": extract.LEXICON_VERSION,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {len(paths)} documents, {pages} pages ({len(errors)} errors) on {os.cpu_count()} CPUs")
    print(f"pypdfium2 text, 1 process:   {result['baseline_pypdfium2_pages_per_s']:8.1f} pages/s")
    print(f"extract --jobs {args.jobs}:            {result['extract_pages_per_s']:8.1f} pages/s "
          f"({result['extract_seconds']} s)")
    print(f"ratio extract / pypdfium2:   {result['ratio_to_pypdfium2']:8.3f}  (target >= 0.45)"
          + (f"; median of {len(rounds)} rounds, range {ratios[0]:.3f}-{ratios[-1]:.3f}" if len(rounds) > 1 else ""))
    print(f"peak RSS per worker:         {result['peak_rss_mb_per_worker']:8.1f} MB (target < 300 MB; "
          f"{result['workers_started']} workers started)")
    print(f"peak RSS of this process:    {result['peak_rss_mb_parent']:8.1f} MB")
    print(f"theme detection, CPU:        {rules_seconds:8.2f} s rules alone, {reader_seconds:.2f} s with the stance "
          f"model (x{reader_seconds / rules_seconds:.2f})")
    for name, scores in splits.items():
        concern = scores["concern"]
        print(f"concern flag ({name} split, {scores['rows']} sentences): precision {concern['precision']['value']:.3f}, "
              f"recall {concern['recall']['value']:.3f}" + ("  (in-sample: the model's training rows)" if name == "dev" else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
