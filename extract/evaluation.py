"""Measure the stance reader against hand-labelled sentences (docs/stance.md).

    python -m extract.evaluation                      # the test split of the stance fixture
    python -m extract.evaluation FILE.csv [FILE.csv]  # any labelled CSV (every row, or --split)
    python -m extract.evaluation --write              # also refresh extract/stance_accuracy.json
    python -m extract.evaluation --split tuning       # dev's tuning part (or validation, dev, test)
    python -m extract.evaluation --rules-only         # the rules alone, without the stance model
    python -m extract.evaluation --round 3            # only one labelling round's rows (1 or 3)

A labelled CSV has at least ``theme, sentence, label`` (label: concern | reassurance | neutral |
not_theme — the words are there but in another sense); ``heading`` (the section the sentence
sits in), ``split`` (dev | test; dev's tuning and validation parts are chosen by council) and ``grade_group`` (inadequate | other) are used when present.
Each row's sentence is read by the extractor alone, with its heading, and the row's theme is
looked up in the mentions found:

* **concern / reassurance precision and recall**: over every row; a ``not_theme`` row the
  reader counts as a concern is a false concern;
* **accuracy**: over the rows that are real mentions (label concern, reassurance or neutral), a
  mention not found counting as neutral;
* **mention recall** per theme: the share of real mentions found, and **other senses counted**:
  the share of ``not_theme`` rows found as mentions;
* each with a 95% Wilson interval (scipy), and accuracy apart for reports judged inadequate;
* where a second person labelled rows too (``second_label``), how far the two agree.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from .accuracy import ACCURACY_FILE
from .lexicon import LEXICON_VERSION
from .themes import THEMES, detect_theme_mentions
from .version import EXTRACTOR_VERSION

STANCES = ("concern", "reassurance", "neutral")
LABELS = STANCES + ("not_theme",)
NOT_FOUND = "not found"
HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "tests/fixtures/extract/stance_labels.csv"

# The dev councils split again, by council, for tuning the rules (lexicon 2.1, docs/stance.md):
# only the tuning part's errors are read while rules are written; the validation part checks that
# a change generalises to councils whose rows were not read. Drawn before any row was read with
# ``random.Random(20261201).sample(sorted dev councils, 5)``.
VALIDATION_COUNCILS = ("Bradford", "Buckinghamshire", "Camden", "Southend-On-Sea", "Torbay")
SPLITS = ("dev", "test", "tuning", "validation")
IN_SAMPLE = ("dev", "tuning", "validation")  # the stance model's training rows
# The labelling rounds of the fixture, by id prefix (docs/stance.md, "The labelled set").
ROUNDS = {"1": ("A", "B"), "3": ("C",)}


def in_split(row: dict, split: str) -> bool:
    """Whether a fixture row belongs to ``split``: dev | test (the fixture's column), or the dev
    split's tuning | validation part."""
    if split in ("tuning", "validation"):
        return row.get("split") == "dev" and (row.get("council") in VALIDATION_COUNCILS) == (split == "validation")
    return row.get("split") == split


def wilson(successes: int, trials: int) -> dict:
    """A proportion with its 95% Wilson score interval (``None`` values for no trials)."""
    from scipy.stats import binomtest  # only the evaluation needs scipy, not every extraction worker

    if not trials:
        return {"value": None, "low": None, "high": None, "n": 0}
    interval = binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    return {"value": round(successes / trials, 3), "low": round(interval.low, 3), "high": round(interval.high, 3),
            "n": trials}


def read_labelled(path: str | Path) -> list[dict]:
    """The rows of a labelled CSV; a row with a label outside the vocabulary is an error naming it."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        missing = {"theme", "sentence", "label"} - set(row)
        if missing:
            raise ValueError(f"{path}: no column {', '.join(sorted(missing))}")
        if row["label"] not in LABELS:
            raise ValueError(f"{path}, line {number}: label {row['label']!r} is not one of {', '.join(LABELS)}")
    return rows


def predicted(row: dict, rules_only: bool = False) -> tuple[str, str | None]:
    """(stance or "not found", cue) of the row's theme in the row's sentence, read under its heading
    (``rules_only``: by the rules without the stance model)."""
    model = {"model": None} if rules_only else {}
    for mention in detect_theme_mentions(row["sentence"], heading=row.get("heading") or None, **model):
        if mention["theme"] == row["theme"]:
            return mention["stance"], mention.get("cue")
    return NOT_FOUND, None


def _scores(pairs: list[tuple[str, str]]) -> dict:
    confusion = Counter(pairs)
    mentions = [(label, guess) for label, guess in pairs if label != "not_theme"]
    result: dict = {"rows": len(pairs)}
    for stance in ("concern", "reassurance"):
        hits = confusion[(stance, stance)]
        result[stance] = {
            "precision": wilson(hits, sum(n for (_, guess), n in confusion.items() if guess == stance)),
            "recall": wilson(hits, sum(n for (label, _), n in confusion.items() if label == stance)),
        }
    correct = sum(1 for label, guess in mentions if label == (guess if guess != NOT_FOUND else "neutral"))
    result["accuracy"] = wilson(correct, len(mentions))
    result["confusion"] = {label: {guess: confusion[(label, guess)] for guess in STANCES + (NOT_FOUND,)}
                           for label in LABELS}
    return result


def agreement(rows: list[dict]) -> dict | None:
    """How far two labellers agree, over the rows a second person labelled (``second_label``):
    the share of equal labels (Wilson interval) and Cohen's kappa with its 95% interval (statsmodels)."""
    from statsmodels.stats.inter_rater import cohens_kappa

    pairs = [(row["label"], row["second_label"]) for row in rows if row.get("second_label")]
    if not pairs:
        return None
    table = [[sum(1 for pair in pairs if pair == (first, second)) for second in LABELS] for first in LABELS]
    kappa = cohens_kappa(table)
    return {"agreement": wilson(sum(1 for first, second in pairs if first == second), len(pairs)),
            "kappa": {"value": round(float(kappa.kappa), 3), "low": round(float(kappa.kappa_low), 3),
                      "high": round(float(kappa.kappa_upp), 3), "n": len(pairs)}}


def evaluate_rows(rows: list[dict], rules_only: bool = False) -> dict:
    """Every measure of the module docstring for already-read rows."""
    pairs = [(row["label"], predicted(row, rules_only)[0]) for row in rows]
    result = _scores(pairs)
    result["mention_recall"] = {}
    result["other_senses_counted"] = {}
    for theme in THEMES:
        own = [(label, guess) for (label, guess), row in zip(pairs, rows) if row["theme"] == theme.name]
        real = [guess for label, guess in own if label != "not_theme"]
        other = [guess for label, guess in own if label == "not_theme"]
        result["mention_recall"][theme.name] = wilson(sum(1 for g in real if g != NOT_FOUND), len(real))
        result["other_senses_counted"][theme.name] = wilson(sum(1 for g in other if g != NOT_FOUND), len(other))
    labellers = agreement(rows)
    if labellers:
        result["labellers"] = labellers
    groups = sorted({row.get("grade_group") for row in rows if row.get("grade_group")})
    if groups:
        result["by_grade"] = {}
        for group in groups:
            chosen = [pair for pair, row in zip(pairs, rows) if row.get("grade_group") == group]
            scores = _scores(chosen)
            result["by_grade"][group] = {key: scores[key] for key in ("rows", "concern", "accuracy")}
    return result


def evaluate(path: str | Path, split: str | None = None, rules_only: bool = False,
             labelling_round: str | None = None) -> dict:
    """The measures for a labelled CSV (``split``: only the rows of that split; ``labelling_round``:
    only that round's rows, ``ROUNDS``; ``rules_only``: the rules without the stance model)."""
    rows = read_labelled(path)
    if split:
        rows = [row for row in rows if in_split(row, split)]
    if labelling_round:
        rows = [row for row in rows if row.get("id", "").startswith(ROUNDS[labelling_round])]
    result = evaluate_rows(rows, rules_only)
    result["source"] = {"file": Path(path).name, "split": split or "all", "round": labelling_round or "all",
                        "reader": "rules alone" if rules_only else "rules and stance model",
                        "councils": sorted({row["council"] for row in rows if row.get("council")})}
    return result


METHOD_URL = "https://github.com/inspection-index/inspection-index/blob/main/docs/stance.md"


def accuracy_record() -> dict:
    """What ``--write`` stores: the test split's measures with the versions that produced them,
    and a ``summary`` of the figures a reader of a count needs (the tracking page shows it)."""
    result = evaluate(FIXTURE, split="test")
    summary = {"lexicon_version": LEXICON_VERSION, "test_rows": result["rows"],
               "councils": len(result["source"]["councils"]), "method": METHOD_URL,
               "concern_precision": result["concern"]["precision"], "concern_recall": result["concern"]["recall"],
               "reassurance_precision": result["reassurance"]["precision"],
               "reassurance_recall": result["reassurance"]["recall"], "accuracy": result["accuracy"],
               "accuracy_by_grade": {group: scores["accuracy"] for group, scores in result.get("by_grade", {}).items()}}
    return {"lexicon_version": LEXICON_VERSION, "extractor_version": EXTRACTOR_VERSION,
            "command": "python -m extract.evaluation --write", "summary": summary, **result}


def _interval(score: dict) -> str:
    if score["value"] is None:
        return "–"
    return f"{score['value']:.3f} [{score['low']:.3f}, {score['high']:.3f}] (n={score['n']})"


def report(result: dict) -> str:
    """The measures as plain-text tables."""
    source = result.get("source", {})
    chosen = source.get("split", "all") + ("" if source.get("round", "all") == "all" else f", round {source['round']}")
    lines = [f"{source.get('file', '')} ({chosen}): {result['rows']} rows",
             f"reader: {source.get('reader', 'rules and stance model')}"]
    if source.get("split") in IN_SAMPLE and source.get("reader") != "rules alone":
        lines.append("in-sample: the stance model was trained on these rows (its council-cross-validated "
                     "scores are in stance_model.json)")
    width = max(len(label) for label in LABELS)
    lines.append("confusion (rows: label, columns: reader)")
    lines.append(" " * (width + 2) + "  ".join(f"{g:>11}" for g in STANCES + (NOT_FOUND,)))
    for label, row in result["confusion"].items():
        lines.append(f"{label:<{width + 2}}" + "  ".join(f"{row[g]:>11}" for g in STANCES + (NOT_FOUND,)))
    lines.append("95% Wilson intervals")
    for stance in ("concern", "reassurance"):
        for measure in ("precision", "recall"):
            lines.append(f"  {stance} {measure:<10} {_interval(result[stance][measure])}")
    lines.append(f"  accuracy (3 classes) {_interval(result['accuracy'])}")
    for group, scores in result.get("by_grade", {}).items():
        lines.append(f"  reports {group}: accuracy {_interval(scores['accuracy'])}; "
                     f"concern precision {_interval(scores['concern']['precision'])}, "
                     f"recall {_interval(scores['concern']['recall'])}")
    if "labellers" in result:
        lines.append(f"  two labellers agree {_interval(result['labellers']['agreement'])}; "
                     f"Cohen's kappa {_interval(result['labellers']['kappa'])}")
    lines.append("mention recall per theme; other senses counted as mentions")
    for theme, score in result["mention_recall"].items():
        lines.append(f"  {theme:<22} {_interval(score):<34} {_interval(result['other_senses_counted'][theme])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.evaluation", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", help="labelled CSVs (default: the test split of the stance fixture)")
    parser.add_argument("--split", choices=SPLITS, help="only the rows of this split (tuning and validation: the two parts of dev)")
    parser.add_argument("--round", choices=sorted(ROUNDS), help="only the rows of one labelling round (by id)")
    parser.add_argument("--rules-only", action="store_true", help="the rules alone, without the stance model")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--write", action="store_true", help=f"write the test split's measures to {ACCURACY_FILE.name}")
    args = parser.parse_args(argv)
    try:
        results = ([evaluate(path, args.split, args.rules_only, args.round) for path in args.files]
                   or [evaluate(FIXTURE, args.split or "test", args.rules_only, args.round)])
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for result in results:
        print(json.dumps(result, indent=2) if args.json else report(result))
    if args.write:
        ACCURACY_FILE.write_text(json.dumps(accuracy_record(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {ACCURACY_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
