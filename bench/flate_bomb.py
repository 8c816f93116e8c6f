"""What a flate bomb costs the extractor, with and without the worker's memory cap.

    python bench/flate_bomb.py [--inflate-mb 1024] [--baseline-mb 100]

Makes the hostile review's kind of file (tests/pdfgen.py's ``make_flate_bomb``: one page whose
content stream inflates to ``--inflate-mb`` MB) and extracts it through ``extract_files`` with
the default cap; then, as the baseline in the same run, a smaller bomb (``--baseline-mb``) with
no cap at all (an uncapped 1 GB bomb would take about 14 GB: do not run that on a shared
machine). Reports file size, seconds, the record's error and the worker's peak memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pdfgen import make_flate_bomb  # noqa: E402

# Each measurement runs in its own process, so one run's worker peak (RUSAGE_CHILDREN keeps
# the largest child ever waited for) does not hide the next one's.
MEASURE = """
import json, resource, sys, time
import extract
from extract.runner import MEMORY_MB
cap = MEMORY_MB if sys.argv[2] == "cap" else None
started = time.perf_counter()
[record] = extract.extract_files([sys.argv[1]], jobs=1, memory_mb=cap)
print(json.dumps({"seconds": round(time.perf_counter() - started, 2), "error": record["error"],
                  "cap_mb": cap,
                  "worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}))
"""


def measure(inflate_mb: int, cap: bool, folder: Path) -> str:
    path = folder / f"bomb-{inflate_mb}.pdf"
    started = time.perf_counter()
    path.write_bytes(make_flate_bomb(inflate_mb))
    made = time.perf_counter() - started
    result = subprocess.run([sys.executable, "-c", MEASURE, str(path), "cap" if cap else "none"],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    return (f"{inflate_mb} MB inflated, file {path.stat().st_size / 1e6:.2f} MB (made in {made:.1f} s), "
            f"{'capped' if cap else 'NO cap'}: {result.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inflate-mb", type=int, default=1024)
    parser.add_argument("--baseline-mb", type=int, default=100)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print("Baseline:", measure(options.baseline_mb, False, Path(folder)))
        print("Baseline:", measure(options.baseline_mb, True, Path(folder)))
        print("Bomb    :", measure(options.inflate_mb, True, Path(folder)))


if __name__ == "__main__":
    main()
