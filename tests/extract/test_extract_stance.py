"""The stance reader (lexicon 2.0 and on, docs/stance.md): one regression test per error class of issue
11, each named after the report in ../shared where the class was found (the sentence is quoted
from it); the council-split labelled set; the evaluation and the accuracy shipped with it."""

from __future__ import annotations

import csv
import json
import math

import pytest

import extract
from extract import evaluation
from extract_helpers import FIXTURES


def read(sentence: str, theme: str, heading: str | None = None) -> tuple[str, str | None] | None:
    found = [m for m in extract.detect_theme_mentions(sentence, heading=heading) if m["theme"] == theme]
    return (found[0]["stance"], found[0]["cue"]) if found else None


def stance(sentence: str, theme: str) -> str | None:
    found = read(sentence, theme)
    return found[0] if found else None


# Negation lost at a clause cut ("not yet" cut at "yet"; a parenthetical "however").
def test_80449_2018_10_29_not_yet_resulted_is_a_shortfall_not_an_investment():
    sentence = ("Increased investment in the local authority’s designated officer coverage has not yet resulted "
                "in consistently effective monitoring of allegations against professionals.")
    assert read(sentence, "budget") == ("concern", "has not yet resulted")
    assert stance("The work has not yet led to a settled workforce.", "workforce_stability") == "concern"
    assert stance("Sickness has not, however, risen.", "sickness") == "reassurance"


# Calls for action read as reassurance.
def test_80555_2018_01_29_requires_further_is_a_call_for_action():
    assert read("Early help, although improved, requires further integration with partners to increase its capacity.",
                "capacity") == ("concern", "requires further")
    assert stance("More needs to be done so that children do not have repeated changes of social worker.",
                  "turnover") == "concern"
    assert stance("There are teams that require more robust management oversight.", "management_oversight") == "concern"
    assert stance("Social workers would benefit from caseloads reducing further.", "caseload") == "concern"


# Plans and aims read as achievements; a plan that worked is an achievement.
def test_80429_2014_05_23_a_plan_to_reduce_reliance_is_neutral():
    sentence = ("There is a clear plan to reduce reliance on agency social workers and a recruitment and "
                "retention group has been established to oversee this process.")
    assert read(sentence, "agency_staff") == ("neutral", "aim: plan to")
    assert stance("Leaders restructured teams with the aim of reducing the number of changes of social worker.",
                  "turnover") == "neutral"


def test_80461_2025_05_13_efforts_that_worked_are_a_reassurance():
    # A guard on the aim rule above (lexicon 1.0 got this one right).
    assert stance("Senior leaders have been successful in their efforts to reduce workloads, which are now "
                  "generally manageable.", "caseload") == "reassurance"


# Cue words out of place: "remain" in "to remain at home", a reduction with an object of its own.
def test_80555_2018_01_29_to_remain_at_home_is_not_a_concern():
    assert stance("The local authority is investing in expanding this very successful service to support more "
                  "young people to remain at home.", "budget") == "reassurance"
    assert stance("Social workers receive high-quality training about managing workloads.", "caseload") != "concern"


def test_80553_2016_02_17_changes_reducing_the_impact_of_work_are_a_concern():
    assert stance("However, too often children have experienced multiple changes of social worker, reducing the "
                  "impact of work to help and protect them.", "turnover") == "concern"
    assert stance("High turnover has reduced the impact of training.", "turnover") == "concern"


# Only the first mention in a sentence was judged; a concession's main clause was ignored.
def test_2532283_2023_06_22_every_mention_in_the_sentence_is_judged():
    sentence = ("Almost all personal advisers have manageable caseloads, however a very small number report that "
                "their workloads are not always manageable.")
    assert read(sentence, "caseload") == ("concern", "not always manageable")
    assert len([m for m in extract.detect_theme_mentions(sentence) if m["theme"] == "caseload"]) == 1


def test_80419_2014_11_19_a_concession_gives_way_to_its_main_clause():
    assert stance("Although reducing, social work caseloads remain high for some workers.", "caseload") == "concern"
    assert stance("Despite most caseloads having reduced, some remain too high.", "caseload") == "concern"


# Risk language missed.
def test_80419_2014_11_19_capacity_that_remains_fragile_is_a_concern():
    assert stance("Although the local authority took steps to increase managerial and worker capacity in this "
                  "team shortly prior to this inspection, it remains fragile.", "capacity") == "concern"
    assert stance("The service remains vulnerable to the impact of staff turnover.", "turnover") == "concern"
    # ...but "vulnerable children" is no risk to the workforce.
    assert stance("Management oversight of the care of these vulnerable children is good.",
                  "management_oversight") == "reassurance"


# Other senses counted as themes.
@pytest.mark.parametrize("report, sentence, theme", [
    ("80559/2019-08-27", "As a result, decisions to place children in foster placements with other children are not "
                         "always informed by current knowledge of the carer’s capacity.", "capacity"),
    ("80442/2018-01-29", "Recruitment activity has led to a small net gain in in-house fostering households.",
     "recruitment_retention"),
    ("80468/2014-03-21", "Robust systems are in place to identify and tackle persistent absence from school.", "sickness"),
    ("issue 11", "Parents’ capacity to change was assessed.", "capacity"),
    ("issue 11", "An interim care order was made during an interim period.", "agency_staff"),
    ("issue 11", "Multi-agency staff attend strategy meetings.", "agency_staff"),
    ("issue 11", "There are vacancies for foster placements.", "vacancies"),
    ("issue 11", "The retention of young people in education is good.", "recruitment_retention"),
])
def test_other_senses_are_not_mentions(report, sentence, theme):
    assert read(sentence, theme) is None, report


# Mentions missed: unallocated work in other words, interim senior leaders.
def test_80442_2014_08_08_children_without_an_allocated_social_worker_are_unallocated_work():
    assert stance("At the time of this inspection, a high number of children in need of statutory intervention and "
                  "protection were without an allocated social worker.", "unallocated_work") == "concern"
    assert stance("At the start of this inspection, 261 children of those who met the authority’s threshold for "
                  "statutory intervention by the First Response Team (FRT) did not have an allocated social worker.",
                  "unallocated_work") == "concern"
    assert stance("Referrals are not always allocated promptly.", "unallocated_work") == "concern"
    assert stance("Families are waiting for allocation.", "unallocated_work") == "concern"


def test_80429_2014_05_23_an_interim_director_is_interim_staffing():
    assert read("Senior management arrangements changed, with new appointments of an Interim Director of Children’s "
                "Services in July 2013, and a Chief Executive in December 2013, who took up post in March 2014.",
                "agency_staff") == ("neutral", None)


def test_the_cue_of_a_mention_under_an_improvement_heading_names_the_section():
    assert read("• Management oversight and supervision.", "management_oversight", heading="What needs to improve?") == (
        "concern", "section: What needs to improve?")
    assert read("Ensure that IROs have sufficient capacity.", "capacity") == ("concern", "recommendation: Ensure")


# The labelled set.
def fixture_rows() -> list[dict]:
    with open(FIXTURES / "stance_labels.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_labelled_set_is_large_council_split_and_covers_every_theme_kind_and_framework():
    rows = fixture_rows()
    assert len(rows) >= 1200
    assert {row["label"] for row in rows} == set(evaluation.LABELS)
    assert len({(row["theme"], row["sentence"]) for row in rows}) == len(rows)
    assert all(row["file"] and row["page"] and row["paragraph"] and row["theme"] for row in rows)
    test = {row["council"] for row in rows if row["split"] == "test"}
    dev = {row["council"] for row in rows if row["split"] == "dev"}
    assert test and dev and not test & dev
    for split in ("dev", "test"):
        chosen = [row for row in rows if row["split"] == split]
        assert {row["theme"] for row in chosen} == {theme.name for theme in extract.THEMES}
        assert {row["kind"] for row in chosen} == {"childrens-services-inspection", "focused-visit", "jtai"}
        assert {row["framework"] for row in chosen} >= {"sif", "ilacs"}
        assert {row["grade_group"] for row in chosen} == {"inadequate", "other"}
        assert any(row["heading"].startswith(("What needs to improve", "Areas for", "Recommendations"))
                   for row in chosen)


# The evaluation and what it ships.
@pytest.mark.parametrize("successes, trials", [(0, 10), (7, 10), (164, 200), (10, 10)])
def test_wilson_interval_matches_the_formula(successes, trials):
    z = 1.959963984540054
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    score = evaluation.wilson(successes, trials)
    assert score["low"] == pytest.approx(centre - half, abs=0.0006)
    assert score["high"] == pytest.approx(centre + half, abs=0.0006)
    assert evaluation.wilson(0, 0)["value"] is None


def test_evaluation_counts_a_concern_on_another_sense_as_a_false_concern(tmp_path):
    path = tmp_path / "labelled.csv"
    path.write_text("theme,sentence,label\n"
                    "caseload,Caseloads are too high.,concern\n"
                    "caseload,Caseloads are manageable.,reassurance\n"
                    "capacity,Ensure that the team has sufficient capacity.,not_theme\n"
                    "sickness,School absence is low.,not_theme\n", encoding="utf-8")
    result = evaluation.evaluate(path)
    assert result["concern"]["precision"]["value"] == 0.5 and result["concern"]["recall"]["value"] == 1.0
    assert result["accuracy"] == evaluation.wilson(2, 2)
    assert result["confusion"]["not_theme"]["concern"] == 1
    assert result["mention_recall"]["caseload"]["value"] == 1.0
    assert result["other_senses_counted"]["capacity"]["value"] == 1.0
    assert result["other_senses_counted"]["sickness"]["value"] == 0.0


def test_labeller_agreement_kappa_matches_the_formula():
    rows = ([{"label": "concern", "second_label": "concern"}] * 40 + [{"label": "reassurance", "second_label": "reassurance"}] * 30
            + [{"label": "neutral", "second_label": "neutral"}] * 10 + [{"label": "concern", "second_label": "neutral"}] * 6
            + [{"label": "not_theme", "second_label": "not_theme"}] * 12 + [{"label": "reassurance", "second_label": "concern"}] * 2
            + [{"label": "concern", "second_label": ""}] * 5)
    n = 100
    first = {label: sum(1 for r in rows[:n] if r["label"] == label) / n for label in evaluation.LABELS}
    second = {label: sum(1 for r in rows[:n] if r["second_label"] == label) / n for label in evaluation.LABELS}
    expected_chance = sum(first[label] * second[label] for label in evaluation.LABELS)
    kappa = (0.92 - expected_chance) / (1 - expected_chance)
    result = evaluation.agreement(rows)
    assert result["agreement"] == evaluation.wilson(92, 100)
    assert result["kappa"]["value"] == pytest.approx(kappa, abs=0.0006) and result["kappa"]["n"] == 100
    assert result["kappa"]["low"] < result["kappa"]["value"] < result["kappa"]["high"]


def test_evaluation_command_prints_the_confusion_matrix_and_intervals(capsys, tmp_path):
    assert evaluation.main([]) == 0
    out = capsys.readouterr().out
    assert "stance_labels.csv (test)" in out and "confusion" in out and "95% Wilson intervals" in out
    assert "reports inadequate: accuracy" in out and "mention recall per theme" in out
    assert "two labellers agree" in out and "Cohen's kappa" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("theme,sentence,label\ncaseload,Caseloads are high.,worrying\n", encoding="utf-8")
    assert evaluation.main([str(bad)]) == 2
    assert "bad.csv, line 2: label 'worrying'" in capsys.readouterr().err


def test_shipped_accuracy_is_the_current_readers_on_the_test_split():
    # python -m extract.evaluation --write rebuilds it; a change to the reader without it fails here.
    shipped = json.loads(evaluation.ACCURACY_FILE.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(evaluation.accuracy_record()))
    assert extract.stance_accuracy() == shipped
    summary = shipped["summary"]
    assert summary["lexicon_version"] == extract.LEXICON_VERSION and summary["test_rows"] == shipped["rows"]
    assert set(summary["accuracy_by_grade"]) == {"inadequate", "other"}
