"""Train the stance model on the dev split of the labelled fixture, and ship it (docs/stance.md).

    pip install -e '.[train]'
    python -m extract.stance_train            # rewrites extract/stance_model.json
    python -m extract.evaluation --write      # then measure it on the test split

Only dev rows train it: the test split's councils are never seen. Each dev row whose theme the
rules or the candidate finder find is one example (the rules' verdict and the words,
``stance_model.features``; its label, ``not_theme`` included); so is each canonical example
sentence (``EXAMPLES``), weighted. The regularisation strength and how sure the model must be to call a
candidate another sense are chosen by cross-validation over dev councils (a fold holds whole
councils, so the score is on councils the fold never saw), then the model is fitted on every
dev row. Needs scikit-learn; reading the model does not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from .evaluation import FIXTURE, LABELS, read_labelled
from .lexicon import LEXICON_VERSION
from .stance_model import MODEL_FILE, NOT_THEME, StanceModel, features
from .themes import candidates, in_improvement_section

STRENGTHS = (0.3, 1.0, 3.0)  # sklearn's C: larger trusts the training rows more
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)  # how sure of another sense the model must be to drop a candidate
FOLDS = 8
MIN_COUNT = 2  # a feature seen once in training says more about that row than about the language
DIGITS = 5
# The labelling guide's and the example sentences, one per rule and error class: shapes too
# rare in 151 reports to be learned from them (``"Sickness has not, however, risen."``). Always
# in training, never scored; each counts as this many corpus rows.
EXAMPLES = FIXTURE.with_name("stance_examples.csv")
EXAMPLE_WEIGHT = 5.0


def examples(rows: list[dict]) -> tuple[list[set[str]], list[str], list[str]]:
    """(features, label, council) of each row whose theme the rules find with the wide candidate
    finder (what the model reads when it runs)."""
    found, labels, councils = [], [], []
    for row in rows:
        heading = row.get("heading") or None
        improvement = in_improvement_section(heading)
        for theme, term, stance, cue, source, cues in candidates(row["sentence"], heading, wide=True):
            if theme == row["theme"]:
                found.append(features(row["sentence"], heading, theme, term, stance, cue, source, cues, improvement))
                labels.append(row["label"])
                councils.append(row.get("council") or "")
                break
    return found, labels, councils


def _fit(found: list[set[str]], labels: list[str], strength: float, weights: list[float] | None = None):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(feature for features_ in found for feature in features_)
    kept = [{feature: 1 for feature in features_ if counts[feature] >= MIN_COUNT} for features_ in found]
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(kept)
    classifier = LogisticRegression(C=strength, max_iter=5000)
    classifier.fit(matrix, labels, sample_weight=weights)
    return vectoriser, classifier


def out_of_fold(found, labels, councils, strength: float, canonical=((), ())) -> list[dict[str, float]]:
    """Each row's class probabilities from a model fitted without its council's fold (the
    ``canonical`` examples, features and labels, are in every fold's training)."""
    from sklearn.model_selection import GroupKFold

    probabilities: list[dict[str, float]] = [{} for _ in found]
    for train, held in GroupKFold(n_splits=min(FOLDS, len(set(councils)))).split(found, labels, councils):
        vectoriser, classifier = _fit([found[i] for i in train] + list(canonical[0]),
                                      [labels[i] for i in train] + list(canonical[1]), strength,
                                      [1.0] * len(train) + [EXAMPLE_WEIGHT] * len(canonical[0]))
        rows = classifier.predict_proba(vectoriser.transform([{f: 1 for f in found[i]} for i in held]))
        for i, row in zip(held, rows):
            probabilities[i] = {str(label): float(value) for label, value in zip(classifier.classes_, row)}
    return probabilities


def _targets(labels: list[str], guesses: list[str]) -> tuple[float, float, float]:
    """The three figures the targets are set for: concern precision and recall and 3-class
    accuracy (a real mention read as another sense counts as neutral), as in evaluation."""
    pairs = list(zip(labels, guesses))
    concern_hits = sum(1 for label, guess in pairs if label == guess == "concern")
    precision = concern_hits / max(1, sum(1 for _, guess in pairs if guess == "concern"))
    recall = concern_hits / max(1, sum(1 for label, _ in pairs if label == "concern"))
    mentions = [(label, "neutral" if guess == NOT_THEME else guess) for label, guess in pairs if label != NOT_THEME]
    accuracy = sum(1 for label, guess in mentions if label == guess) / max(1, len(mentions))
    return precision, recall, accuracy


def train(path: Path = FIXTURE, canonical_path: Path = EXAMPLES) -> dict:
    """The model's JSON: weights, the ``not_theme`` threshold, and how and on what it was trained."""
    import sklearn

    rows = [row for row in read_labelled(path) if row.get("split") == "dev"]
    found, labels, councils = examples(rows)
    if len(set(councils)) < 2:
        raise ValueError(f"{path}: the dev rows must come from at least 2 councils to cross-validate by council")
    canonical = examples(read_labelled(canonical_path))[:2]
    scores = {}
    for strength in STRENGTHS:
        probabilities = out_of_fold(found, labels, councils, strength, canonical)
        for threshold in THRESHOLDS:
            model = StanceModel({"classes": sorted(probabilities[0]), "intercept": [], "weights": {},
                                 "not_theme_threshold": threshold})
            scores[(strength, threshold)] = _targets(labels, [model.label(p) for p in probabilities])
    strength, threshold = max(scores, key=lambda key: (round(sum(scores[key]), 4), -key[0], -key[1]))
    vectoriser, classifier = _fit(found + canonical[0], labels + canonical[1], strength,
                                  [1.0] * len(found) + [EXAMPLE_WEIGHT] * len(canonical[0]))
    return {
        "lexicon_version": LEXICON_VERSION,
        "trained_on": {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "split": "dev",
                       "rows": len(found), "councils": sorted(set(councils)),
                       "labels": dict(sorted(Counter(labels).items())),
                       "canonical_examples": {"file": canonical_path.name, "rows": len(canonical[0]),
                                              "weight": EXAMPLE_WEIGHT,
                                              "sha256": hashlib.sha256(canonical_path.read_bytes()).hexdigest()}},
        "training": {"library": f"scikit-learn {sklearn.__version__}", "estimator": "LogisticRegression (lbfgs, L2)",
                     "C": strength, "min_feature_count": MIN_COUNT, "folds": FOLDS,
                     "chosen_by": "council-grouped CV on dev: the largest concern precision + concern recall + accuracy",
                     "council_cv": {f"C={key[0]} not_theme>{key[1]}": {
                         "concern_precision": round(value[0], 4), "concern_recall": round(value[1], 4),
                         "accuracy": round(value[2], 4)} for key, value in sorted(scores.items())}},
        "command": "python -m extract.stance_train",
        "not_theme_threshold": threshold,
        **export(vectoriser, classifier),
    }


def export(vectoriser, classifier) -> dict:
    """A fitted model's classes, intercepts and per-feature weights, as ``StanceModel`` reads them."""
    return {"classes": [str(label) for label in classifier.classes_],
            "intercept": [round(float(value), DIGITS) for value in classifier.intercept_],
            "weights": {name: [round(float(value), DIGITS) for value in classifier.coef_[:, column]]
                        for name, column in sorted(vectoriser.vocabulary_.items())}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.stance_train", description=__doc__.split("\n")[0])
    parser.add_argument("--fixture", type=Path, default=FIXTURE, help="labelled CSV with a split column")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="canonical example sentences (always trained on)")
    parser.add_argument("--output", type=Path, default=MODEL_FILE, help="where the model's JSON goes")
    args = parser.parse_args(argv)
    try:
        model = train(args.fixture, args.examples)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    assert set(model["classes"]) <= set(LABELS)
    text = json.dumps(model, separators=(",", ":"), sort_keys=False)
    temporary = args.output.with_suffix(".tmp")
    temporary.write_text(text + "\n", encoding="utf-8")
    temporary.replace(args.output)  # a crash mid-write leaves the last model
    chosen = model["training"]["council_cv"][f"C={model['training']['C']} not_theme>{model['not_theme_threshold']}"]
    print(f"wrote {args.output}: {model['trained_on']['rows']} rows, C={model['training']['C']}, "
          f"not_theme above {model['not_theme_threshold']}; council CV on dev: {chosen}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
