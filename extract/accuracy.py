"""The stance reader's measured accuracy, shipped with it (docs/stance.md).

``stance_accuracy.json`` is written by ``python -m extract.evaluation --write`` from the test split
of ``tests/fixtures/extract/stance_labels.csv``; a test fails when it no longer matches the reader.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

ACCURACY_FILE = Path(__file__).resolve().parent / "stance_accuracy.json"


@lru_cache(maxsize=1)
def stance_accuracy() -> dict:
    """The measures on the council-disjoint test split (95% Wilson intervals) with the lexicon
    version that produced them; ``summary`` holds what a reader of a count needs."""
    return json.loads(ACCURACY_FILE.read_text(encoding="utf-8"))
