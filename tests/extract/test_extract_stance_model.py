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


def _small_fixture(tmp_path, councils=4, per_council=40):
    rows = read_labelled(FIXTURE)
    chosen = sorted({row["council"] for row in rows if row["split"] == "dev"})[:councils]
    small = [row for council in chosen for row in [r for r in rows if r["council"] == council][:per_council]]
    fixture = tmp_path / "labels.csv"
    with open(fixture, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(small[0]))
        writer.writeheader()
        writer.writerows(small)
    return fixture, small


def test_training_writes_a_model_the_reader_loads(tmp_path):
    pytest.importorskip("sklearn")
    fixture, small = _small_fixture(tmp_path)
    output = tmp_path / "model.json"
    assert stance_train.main(["--fixture", str(fixture), "--output", str(output)]) == 0
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["trained_on"]["councils"] == sorted({row["council"] for row in small})
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


def test_a_paraphrase_is_trained_on_only_in_the_folds_that_train_on_its_row(monkeypatch):
    pytest.importorskip("sklearn")
    # each row's paraphrase carries a feature naming the row: a fold that trained on the paraphrase
    # of a row it then scores would be scoring a sentence it had seen reworded
    found = [{f"w=word{i % 7}", f"w=other{i % 5}"} for i in range(48)]
    labels = [("concern", "reassurance", "neutral", "not_theme")[i % 4] for i in range(48)]
    councils = [f"council {i % 6}" for i in range(48)]
    companions = {i: [({f"paraphrase of {i}"}, 1.0)] for i in range(48)}
    training = stance_train.Training(found, labels, councils, companions=companions)
    seen = []
    real_fit = stance_train._fit
    monkeypatch.setattr(stance_train, "_fit", lambda f, *a: seen.append(f) or real_fit(f, *a))
    training.out_of_fold(1.0)
    assert len(seen) == 6  # one fold per council
    for trained_on in seen:
        paraphrased = {int(next(iter(features)).rsplit(" ", 1)[1]) for features in trained_on
                       if next(iter(features)).startswith("paraphrase of")}
        originals = {i for i, features in enumerate(found) if any(features is f for f in trained_on)}
        assert paraphrased == originals


def test_extra_training_sentences_written_and_paraphrased(tmp_path):
    pytest.importorskip("sklearn")
    fixture, small = _small_fixture(tmp_path)
    paraphrases = tmp_path / "paraphrases.csv"
    with open(paraphrases, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["of", "sentence"])
        writer.writerows([row["id"], row["sentence"].replace("  ", " ")] for row in small[:10])
    training, trained_on = stance_train.training_set(
        fixture, extras=((stance_train.EXAMPLES, 2.0), (paraphrases, 0.5)))
    canonical = len(stance_train.examples(read_labelled(stance_train.EXAMPLES))[0])
    assert len(training.always) == 2 * canonical  # the canonical examples, and again as written extras
    assert [weight for _, _, weight in training.always[canonical:]] == [2.0] * canonical
    assert sum(len(companions) for companions in training.companions.values()) == 10
    assert [extra["trained"] for extra in trained_on["extra"]] == [canonical, 10]
    assert trained_on["extra"][1]["weight"] == 0.5


def test_a_paraphrase_of_no_dev_row_is_an_error_naming_the_file_and_id(tmp_path):
    fixture, _ = _small_fixture(tmp_path)
    test_id = next(row["id"] for row in read_labelled(FIXTURE) if row["split"] == "test")
    paraphrases = tmp_path / "paraphrases.csv"
    paraphrases.write_text(f"of,sentence\n{test_id},Caseloads are too high.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"paraphrases\.csv:2: '{test_id}' is not a dev row of labels\.csv"):
        stance_train.training_set(fixture, extras=((paraphrases, 1.0),))


def test_learning_curve_prints_each_share_and_writes_no_model(tmp_path, capsys):
    pytest.importorskip("sklearn")
    fixture, _ = _small_fixture(tmp_path)
    before = stance_model.MODEL_FILE.stat().st_mtime_ns
    assert stance_train.main(["--fixture", str(fixture), "--learning-curve"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shares = [float(line.split()[0]) for line in lines[2:]]
    assert shares == list(stance_train.CURVE_FRACTIONS)
    assert all(0 <= float(value) <= 1 for line in lines[2:] for value in line.split()[2:])
    assert stance_model.MODEL_FILE.stat().st_mtime_ns == before


def test_shipped_augmentation_sets_are_dev_only_and_agreed():
    # the written sentences and the paraphrases behind docs/stance.md's augmentation experiment:
    # a paraphrase of a test row would leak the test split into training
    rows = {row["id"]: row for row in read_labelled(FIXTURE)}
    with open(FIXTURE.with_name("stance_paraphrases.csv"), newline="", encoding="utf-8") as handle:
        paraphrases = list(csv.DictReader(handle))
    assert paraphrases and all(rows[p["of"]]["split"] == "dev" for p in paraphrases)
    assert all(p["sentence"].strip() and p["sentence"] != rows[p["of"]]["sentence"] for p in paraphrases)
    written = read_labelled(FIXTURE.with_name("stance_synthetic.csv"))
    assert {row["theme"] for row in written} == {row["theme"] for row in rows.values()}
    assert all(row["second_label"] == row["label"] for row in written)  # kept only where two labellers agree
