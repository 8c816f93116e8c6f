"""Train the stance model on the dev split of the labelled fixture, and ship it (docs/stance.md).

    pip install -e '.[train]'
    python -m extract.stance_train            # rewrites extract/stance_model.json
    python -m extract.evaluation --write      # then measure it on the test split
    python -m extract.stance_train --learning-curve                 # what more labels would buy
    python -m extract.stance_train --extra FILE.csv:0.5 --output M  # with extra training sentences

Only dev rows train it: the test split's councils are never seen. Each dev row whose theme the
rules or the candidate finder find is one example (the rules' verdict and the words,
``stance_model.features``; its label, ``not_theme`` included); so is each canonical example
sentence (``EXAMPLES``), weighted. The regularisation strength and how sure the model must be to call a
candidate another sense are chosen by cross-validation over dev councils (a fold holds whole
councils, so the score is on councils the fold never saw), then the model is fitted on every
dev row. Needs scikit-learn; reading the model does not.

``--extra`` adds labelled sentences that are trained on and never scored: written ones
(``theme, sentence, heading, label``), always in training like the canonical examples, or
paraphrases of dev rows (``of, sentence``: the fixture id and the reworded sentence), which take
their row's theme, heading and label and are trained on only in the folds that train on that row,
so the cross-validated score stays one on councils the model never saw in any wording.
"""

from __future__ import annotations

import argparse
import csv
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


def _example(row: dict) -> set[str] | None:
    """The features of a labelled row, as the model reads it when it runs (the rules with the wide
    candidate finder); ``None`` when its theme is not found in the sentence."""
    heading = row.get("heading") or None
    for theme, term, stance, cue, source, cues in candidates(row["sentence"], heading, wide=True):
        if theme == row["theme"]:
            return features(row["sentence"], heading, theme, term, stance, cue, source, cues,
                            in_improvement_section(heading))
    return None


def _read(rows: list[dict]) -> list[tuple[dict, set[str]]]:
    """Each row whose theme the rules find, with its features."""
    return [(row, features_) for row in rows if (features_ := _example(row)) is not None]


def examples(rows: list[dict]) -> tuple[list[set[str]], list[str], list[str]]:
    """(features, label, council) of each row whose theme the rules find with the wide candidate
    finder (what the model reads when it runs)."""
    return _columns(_read(rows))


def _columns(read: list[tuple[dict, set[str]]]) -> tuple[list[set[str]], list[str], list[str]]:
    return ([features_ for _, features_ in read], [row["label"] for row, _ in read],
            [row.get("council") or "" for row, _ in read])


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


class Training:
    """What one model is fitted on: the dev rows (``found``, ``labels``, ``councils``), examples
    always trained on (``always``: features, label, weight) and each dev row's paraphrases
    (``companions[i]``: features and weight), trained on only with row ``i``."""

    def __init__(self, found, labels, councils, always=(), companions=None):
        self.found, self.labels, self.councils = found, labels, councils
        self.always = list(always)
        self.companions: dict[int, list[tuple[set[str], float]]] = companions or {}

    def fit(self, rows, strength: float):
        """A model fitted on dev rows ``rows`` (indices), their paraphrases and the examples."""
        found = [self.found[i] for i in rows] + [features_ for features_, _, _ in self.always]
        labels = [self.labels[i] for i in rows] + [label for _, label, _ in self.always]
        weights = [1.0] * len(rows) + [weight for _, _, weight in self.always]
        for i in rows:
            for features_, weight in self.companions.get(i, ()):
                found.append(features_)
                labels.append(self.labels[i])
                weights.append(weight)
        return _fit(found, labels, strength, weights)

    def out_of_fold(self, strength: float, fraction: float = 1.0, seed: int = 0) -> list[dict[str, float]]:
        """Each dev row's class probabilities from a model fitted without its council's fold (on a
        random ``fraction`` of the other folds' rows, for a learning curve)."""
        import random

        from sklearn.model_selection import GroupKFold

        shuffle = random.Random(seed).shuffle
        probabilities: list[dict[str, float]] = [{} for _ in self.found]
        folds = GroupKFold(n_splits=min(FOLDS, len(set(self.councils))))
        for train, held in folds.split(self.found, self.labels, self.councils):
            train = list(train)
            if fraction < 1.0:
                shuffle(train)
                train = sorted(train[:max(1, round(len(train) * fraction))])
            vectoriser, classifier = self.fit(train, strength)
            rows = classifier.predict_proba(vectoriser.transform([{f: 1 for f in self.found[i]} for i in held]))
            for i, row in zip(held, rows):
                probabilities[i] = {str(label): float(value) for label, value in zip(classifier.classes_, row)}
        return probabilities

    def scores(self, probabilities: list[dict[str, float]], threshold: float) -> tuple[float, float, float]:
        model = StanceModel({"classes": sorted(probabilities[0]), "intercept": [], "weights": {},
                             "not_theme_threshold": threshold})
        return _targets(self.labels, [model.label(p) for p in probabilities])


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


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def training_set(path: Path = FIXTURE, canonical_path: Path = EXAMPLES,
                 extras: tuple[tuple[Path, float], ...] = ()) -> tuple[Training, dict]:
    """The dev rows, canonical examples and ``extras`` (file, weight) ready to fit, and what they
    are (for the model's ``trained_on``). A paraphrase of a row that is not a dev row is an error
    naming the file, line and id; one whose theme the rules no longer find is left out, as a dev
    row would be (``trained`` against ``rows`` counts them)."""
    rows = [row for row in read_labelled(path) if row.get("split") == "dev"]
    read = _read(rows)
    position = {row["id"]: index for index, (row, _) in enumerate(read)}
    found, labels, councils = _columns(read)
    if len(set(councils)) < 2:
        raise ValueError(f"{path}: the dev rows must come from at least 2 councils to cross-validate by council")
    canonical = examples(read_labelled(canonical_path))
    always = [(features_, label, EXAMPLE_WEIGHT) for features_, label in zip(canonical[0], canonical[1])]
    companions: dict[int, list[tuple[set[str], float]]] = {}
    described = []
    by_id = {row["id"]: row for row in rows}
    for extra, weight in extras:
        with open(extra, newline="", encoding="utf-8") as handle:
            extra_rows = list(csv.DictReader(handle))
        used = 0
        if extra_rows and "sentence" not in extra_rows[0]:
            raise ValueError(f"{extra}: no 'sentence' column")
        if extra_rows and "of" in extra_rows[0]:
            for number, paraphrase in enumerate(extra_rows, start=2):
                original = by_id.get(paraphrase["of"])
                if original is None:
                    raise ValueError(f"{extra}:{number}: {paraphrase['of']!r} is not a dev row of {path.name}")
                features_ = _example({**original, "sentence": paraphrase["sentence"]})
                if features_ is not None and original["id"] in position:
                    companions.setdefault(position[original["id"]], []).append((features_, weight))
                    used += 1
        else:
            for features_, label in zip(*examples(read_labelled(extra))[:2]):
                always.append((features_, label, weight))
                used += 1
        described.append({"file": Path(extra).name, "sha256": _digest(Path(extra)), "rows": len(extra_rows),
                          "trained": used, "weight": weight})
    trained_on = {"file": path.name, "sha256": _digest(path), "split": "dev",
                  "rows": len(found), "councils": sorted(set(councils)),
                  "labels": dict(sorted(Counter(labels).items())),
                  "canonical_examples": {"file": canonical_path.name, "rows": len(canonical[0]),
                                         "weight": EXAMPLE_WEIGHT, "sha256": _digest(canonical_path)}}
    if described:
        trained_on["extra"] = described
    return Training(found, labels, councils, always, companions), trained_on


def train(path: Path = FIXTURE, canonical_path: Path = EXAMPLES, extras: tuple[tuple[Path, float], ...] = ()) -> dict:
    """The model's JSON: weights, the ``not_theme`` threshold, and how and on what it was trained."""
    import sklearn

    training, trained_on = training_set(path, canonical_path, extras)
    scores = {}
    for strength in STRENGTHS:
        probabilities = training.out_of_fold(strength)
        for threshold in THRESHOLDS:
            scores[(strength, threshold)] = training.scores(probabilities, threshold)
    strength, threshold = max(scores, key=lambda key: (round(sum(scores[key]), 4), -key[0], -key[1]))
    vectoriser, classifier = training.fit(range(len(training.found)), strength)
    return {
        "lexicon_version": LEXICON_VERSION,
        "trained_on": trained_on,
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


CURVE_FRACTIONS = (0.125, 0.25, 0.5, 0.75, 1.0)
CURVE_SEEDS = 2


def learning_curve(training: Training, strength: float, threshold: float,
                   fractions=CURVE_FRACTIONS, seeds: int = CURVE_SEEDS) -> list[dict]:
    """Council-CV figures with each fold trained on a random ``fraction`` of its rows (mean over
    ``seeds`` draws): how the three targets grow with the labels, so what more would buy."""
    curve = []
    for fraction in fractions:
        draws = [training.scores(training.out_of_fold(strength, fraction, seed), threshold)
                 for seed in range(seeds if fraction < 1.0 else 1)]
        mean = [sum(values) / len(draws) for values in zip(*draws)]
        folds = min(FOLDS, len(set(training.councils)))
        curve.append({"fraction": fraction, "rows_per_fold": round(len(training.found) * (folds - 1) / folds * fraction),
                      "concern_precision": round(mean[0], 3), "concern_recall": round(mean[1], 3),
                      "accuracy": round(mean[2], 3)})
    return curve


def export(vectoriser, classifier) -> dict:
    """A fitted model's classes, intercepts and per-feature weights, as ``StanceModel`` reads them."""
    return {"classes": [str(label) for label in classifier.classes_],
            "intercept": [round(float(value), DIGITS) for value in classifier.intercept_],
            "weights": {name: [round(float(value), DIGITS) for value in classifier.coef_[:, column]]
                        for name, column in sorted(vectoriser.vocabulary_.items())}}


def _extra(text: str) -> tuple[Path, float]:
    path, _, weight = text.partition(":")
    try:
        return Path(path), float(weight or 1.0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected FILE or FILE:WEIGHT") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.stance_train", description=__doc__.split("\n")[0])
    parser.add_argument("--fixture", type=Path, default=FIXTURE, help="labelled CSV with a split column")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="canonical example sentences (always trained on)")
    parser.add_argument("--extra", type=_extra, action="append", default=[], metavar="FILE[:WEIGHT]",
                        help="more training sentences, never scored: written ones, or paraphrases of dev rows (an 'of' column)")
    parser.add_argument("--output", type=Path, default=MODEL_FILE, help="where the model's JSON goes")
    parser.add_argument("--learning-curve", action="store_true",
                        help="print council-CV figures for growing shares of the labels, at the shipped model's C and "
                             "threshold, and write nothing")
    args = parser.parse_args(argv)
    try:
        if args.learning_curve:
            return _print_curve(args)
        model = train(args.fixture, args.examples, tuple(args.extra))
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


def _print_curve(args) -> int:
    from .stance_model import shipped

    model = shipped()
    if model is None:
        raise ValueError(f"{MODEL_FILE}: no shipped model to take C and the threshold from; train one first")
    training, trained_on = training_set(args.fixture, args.examples, tuple(args.extra))
    strength, threshold = model.data["training"]["C"], model.not_theme_threshold
    print(f"council CV on dev ({trained_on['rows']} rows, {len(trained_on['councils'])} councils, {FOLDS} folds), "
          f"C={strength}, not_theme above {threshold}; each fold trained on a share of its rows "
          f"(mean of {CURVE_SEEDS} draws)")
    print("share  rows  concern_precision  concern_recall  accuracy")
    for point in learning_curve(training, strength, threshold):
        print(f"{point['fraction']:5.3f} {point['rows_per_fold']:5d}  {point['concern_precision']:17.3f}  "
              f"{point['concern_recall']:14.3f}  {point['accuracy']:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
