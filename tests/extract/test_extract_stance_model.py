"""The learned half of the stance reader (extract/stance_model.py, docs/stance.md): the shipped model
is the one the fixture trains, it never saw a test council, its pure-Python scoring is
scikit-learn's, and every mention it decides names the words that decided it."""

import csv
import hashlib
import json
import re

import pytest

import extract
from extract import stance_model, stance_train
from extract.evaluation import FIXTURE, LABELS, read_labelled
from extract.lexicon import LEXICON_VERSION


def test_shipped_model_is_trained_on_the_current_fixture_dev_split_and_lexicon():
    model = stance_model.shipped()
    assert model is not None
    trained = model.data["trained_on"]
    assert trained["sha256"] == hashlib.sha256(FIXTURE.read_bytes()).hexdigest(), (
        "the fixture changed: retrain with python -m extract.stance_train")
    assert trained["canonical_examples"]["sha256"] == hashlib.sha256(stance_train.EXAMPLES.read_bytes()).hexdigest()
    assert model.data["lexicon_version"] == LEXICON_VERSION
    rows = read_labelled(FIXTURE)
    test_councils = {row["council"] for row in rows if row["split"] == "test"}
    assert test_councils and not test_councils & set(trained["councils"])
    assert trained["rows"] == len(stance_train.examples([row for row in rows if row["split"] == "dev"])[0])
    assert set(model.classes) == set(LABELS)
    assert 0 < model.not_theme_threshold < 1


def test_pure_python_scoring_equals_scikit_learn():
    pytest.importorskip("sklearn")
    rows = [row for row in read_labelled(FIXTURE) if row["split"] == "dev"][:600]
    found, labels, _ = stance_train.examples(rows)
    vectoriser, classifier = stance_train._fit(found[:400], labels[:400], 1.0)
    model = stance_model.StanceModel({**stance_train.export(vectoriser, classifier), "not_theme_threshold": 0.5})
    expected = classifier.predict_proba(vectoriser.transform([{f: 1 for f in features} for features in found[400:]]))
    for features, row in zip(found[400:], expected):
        got = model.probabilities(features)
        assert [got[label] for label in classifier.classes_] == pytest.approx(list(row), abs=1e-3)


def test_another_sense_only_when_the_model_is_sure_of_it():
    model = stance_model.StanceModel({"classes": ["concern", "neutral", "not_theme", "reassurance"],
                                      "intercept": [0, 0, 0, 0], "weights": {}, "not_theme_threshold": 0.6})
    assert model.label({"concern": 0.1, "neutral": 0.1, "not_theme": 0.55, "reassurance": 0.25}) == "reassurance"
    assert model.label({"concern": 0.1, "neutral": 0.1, "not_theme": 0.65, "reassurance": 0.15}) == "not_theme"


def test_rules_alone_still_read_every_sentence():
    # model=None is the rules on the lexicon's terms only: what the model is trained on top of
    assert [m["stance"] for m in extract.detect_theme_mentions("Caseloads are too high.", model=None)] == ["concern"]
    # "stretched" is no lexicon term: only the candidate finder, read by the model, finds it
    assert extract.detect_theme_mentions("Staff are stretched.", model=None) == []
    found = extract.detect_theme_mentions("Staff are stretched.")
    assert [(m["theme"], m["stance"]) for m in found] == [("capacity", "concern")]


def test_a_mention_the_model_decides_names_words_of_its_sentence():
    rows = read_labelled(FIXTURE)
    decided = []
    for row in rows[:1500]:
        for mention in extract.detect_theme_mentions(row["sentence"], heading=row.get("heading") or None):
            if (mention.get("cue") or "").startswith("model: "):
                decided.append((mention, row.get("heading") or ""))
    assert len(decided) >= 20
    for mention, heading in decided:
        quoted = re.findall(r"'([^']+)'", mention["cue"])
        named = mention["cue"][len("model: "):]
        text = (mention["sentence"] + " " + heading).lower()
        # every quoted reason is words of the sentence or heading, and no bare function word;
        # others are the rules' cue names
        assert all(all(word in text for word in phrase.split()) for phrase in quoted), mention
        assert not set(quoted) & stance_model._FUNCTION_WORDS, mention
        assert quoted or named, mention


def test_training_needs_two_councils(tmp_path):
    pytest.importorskip("sklearn")
    rows = [row for row in read_labelled(FIXTURE) if row["council"] == "Kent"]
    fixture = tmp_path / "labels.csv"
    with open(fixture, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ValueError, match=r"labels\.csv.*2 councils"):
        stance_train.train(fixture)


def test_training_writes_a_model_the_reader_loads(tmp_path):
    pytest.importorskip("sklearn")
    rows = read_labelled(FIXTURE)
    councils = sorted({row["council"] for row in rows if row["split"] == "dev"})[:4]
    small = [row for council in councils for row in [r for r in rows if r["council"] == council][:40]]
    fixture = tmp_path / "labels.csv"
    with open(fixture, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(small[0]))
        writer.writeheader()
        writer.writerows(small)
    output = tmp_path / "model.json"
    assert stance_train.main(["--fixture", str(fixture), "--output", str(output)]) == 0
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["trained_on"]["councils"] == councils
    assert data["trained_on"]["sha256"] == hashlib.sha256(fixture.read_bytes()).hexdigest()
    assert data["training"]["C"] in stance_train.STRENGTHS
    assert data["not_theme_threshold"] in stance_train.THRESHOLDS
    assert not list(tmp_path.glob("*.tmp"))  # written whole, then moved into place
    model = stance_model.StanceModel(data)
    found = extract.detect_theme_mentions("Caseloads are too high.", model=model)
    assert [m["theme"] for m in found] == ["caseload"]


def test_evaluation_compares_the_rules_alone_and_one_labelling_round():
    from extract.evaluation import evaluate

    full = evaluate(FIXTURE, "test")
    rules = evaluate(FIXTURE, "test", rules_only=True)
    first_round = evaluate(FIXTURE, "test", rules_only=True, labelling_round="1")
    assert full["rows"] == rules["rows"] > first_round["rows"]
    assert first_round["rows"] == sum(1 for row in read_labelled(FIXTURE)
                                      if row["split"] == "test" and row["id"][0] in "AB")
    assert (rules["source"]["reader"], full["source"]["reader"]) == ("rules alone", "rules and stance model")
    assert rules["confusion"] != full["confusion"]
