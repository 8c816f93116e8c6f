"""Measure the concern flag against hand-labelled mention sentences.

    python -m extract.evaluation tests/fixtures/extract/theme_mentions_labelled.csv

The CSV has columns ``file, page, theme, sentence, label`` (label: concern | reassurance |
neutral), each row labelled by a person reading the sentence. For each row the lexicon is run on
the sentence alone and the row's theme's stance is compared with the label. Reported: precision
and recall of the *concern* flag (predicted concern vs labelled concern), the same for
reassurance, overall stance accuracy, and the confusion counts.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from .themes import detect_theme_mentions


def predicted_stance(sentence: str, theme: str) -> str | None:
    for mention in detect_theme_mentions(sentence):
        if mention["theme"] == theme:
            return mention["stance"]
    return None  # the lexicon does not see this theme in the sentence


def evaluate(path: str | Path) -> dict:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    confusion: Counter[tuple[str, str]] = Counter()
    for row in rows:
        predicted = predicted_stance(row["sentence"], row["theme"]) or "not detected"
        confusion[(row["label"], predicted)] += 1

    def scores(stance: str) -> dict:
        true_positive = confusion[(stance, stance)]
        predicted = sum(n for (label, guess), n in confusion.items() if guess == stance)
        actual = sum(n for (label, guess), n in confusion.items() if label == stance)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / actual if actual else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3),
                "predicted": predicted, "labelled": actual}

    correct = sum(n for (label, guess), n in confusion.items() if label == guess)
    return {
        "rows": len(rows),
        "concern": scores("concern"),
        "reassurance": scores("reassurance"),
        "accuracy": round(correct / len(rows), 3) if rows else 0.0,
        "detected": sum(n for (label, guess), n in confusion.items() if guess != "not detected"),
        "confusion": {f"{label} -> {guess}": n for (label, guess), n in sorted(confusion.items())},
    }


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    default = Path(__file__).resolve().parent.parent / "tests/fixtures/extract/theme_mentions_labelled.csv"
    print(json.dumps(evaluate(args[0] if args else default), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
