"""The stance reader on councils it was not written on (lexicon 2.1, docs/stance.md): one regression
test per error class found in the tuning part of the dev split, each named after the report in
../shared where it was found (the sentence is quoted from it). The rules these tests hold are
general (mention patterns, other senses, clause and concession scope, modality, subject of
change, conditions), checked on the validation councils before they were kept."""

from __future__ import annotations

import pytest

import extract
from extract import evaluation


def read(sentence: str, theme: str, heading: str | None = None) -> tuple[str, str | None] | None:
    found = [m for m in extract.detect_theme_mentions(sentence, heading=heading) if m["theme"] == theme]
    return (found[0]["stance"], found[0]["cue"]) if found else None


def stance(sentence: str, theme: str) -> str | None:
    found = read(sentence, theme)
    return found[0] if found else None


# Mentions missed: the theme in words the lexicon did not know.
@pytest.mark.parametrize("report, sentence, theme, expected", [
    ("80511/2014-08-08", "The proportion of agency staff covering vacant social work posts varies across teams.",
     "vacancies", "neutral"),
    ("80462/2015-11-27", "All children and young people have an allocated social worker.", "unallocated_work", "reassurance"),
    ("80429/2014-05-23", "In excess of 400 children in need cases, some of which were referred more than two months "
                         "previously, are still awaiting a single assessment without having been risk-assessed or the "
                         "children seen.", "unallocated_work", "concern"),
    ("80429/2016-11-25", "Added to this, the workforce in the MASH is over-reliant on agency staff.",
     "workforce_stability", "concern"),
    ("80431/2021-04-09", "• The quality of social work practice for children subject to child protection plans is highly "
                         "variable, especially in the SSF teams where there is significant workforce churn, with high "
                         "caseloads and a high proportion of less experienced staff.", "workforce_stability", "concern"),
    ("80573/2024-08-01", "Change and instability across the layers of leadership and management have hindered the pace "
                         "of progress in the care-experienced service.", "workforce_stability", "concern"),
    ("80431/2025-11-06", "The senior leadership team is permanent and stable.", "workforce_stability", "reassurance"),
    ("80573/2019-05-08", "Many workers feel supported by managers, but in some teams, gaps or changes in management roles "
                         "have left them without regular formal supervision.", "turnover", "concern"),
    ("80573/2019-05-08", "A team of peripatetic staff are used effectively to ensure that they have the capacity to fill "
                         "gaps when there is an issue of absence or an increase in volume of work.", "sickness", None),
    ("80419/2019-01-07", "This is a significant achievement since the last inspection, when agency rates were high.",
     "agency_staff", None),
    ("80419/2014-11-19", "There is an interim Designated Doctor in place while recruitment is underway.", "agency_staff", None),
    ("80472/2023-03-07", "The senior leaders have gripped the challenges of social worker recruitment and retention and "
                         "placement sufficiency with intelligent and practical strategic planning, which is leading to an "
                         "effective response to children’s needs.", "recruitment_retention", None),
])
def test_mentions_in_other_words_are_found(report, sentence, theme, expected):
    found = read(sentence, theme)
    assert found is not None, report
    if expected:
        assert found[0] == expected, (report, found)


# Other senses counted as themes.
@pytest.mark.parametrize("report, sentence, theme", [
    ("80429/2023-04-18", "Managers have a good overview of the recruitment of mainstream foster carers and continue to "
                         "recruit to offset the number of resignations.", "recruitment_retention"),
    ("80472/2014-04-22", "Parents and young people are very well engaged and make an invaluable contribution to the "
                         "commissioning and development of services, for example through membership of Local Grant "
                         "Allocation panels.", "unallocated_work"),
    ("80468/2014-03-21", "The authority and partners should continue to reduce the backlog of Multi Agency Risk "
                         "Assessment Conference (MARAC) cases.", "unallocated_work"),
    ("80429/2016-11-25", "Risks are carefully assessed, and particularly so when moving towards independence and in the "
                         "allocation of housing.", "unallocated_work"),
    ("80511/2022-09-21", "Robust oversight through the local authority designated officer provides effective safeguards "
                         "for children.", "management_oversight"),
    ("80462/2021-04-09", "The virtual school makes good decisions on the use of additional funds to meet children’s "
                         "education needs.", "budget"),
    ("80511/2014-08-08", "They enable young people to remain with their foster carer under a ‘supported lodgings’ "
                         "arrangement, continue with their education and enjoy leisure activities through a commissioned "
                         "package of support, funded by a personal budget.", "budget"),
])
def test_other_senses_are_not_mentions(report, sentence, theme):
    assert read(sentence, theme) is None, report


def test_80431_2025_11_06_a_concession_runs_across_and_to_its_main_clause():
    # "…, and reliance on agency staff is low," is still conceded: the caseloads clause is the main one.
    sentence = ("While recruitment and retention are an improving picture, and reliance on agency staff is low, "
                "caseloads remain too high for some workers.")
    assert stance(sentence, "agency_staff") == "reassurance"
    assert stance(sentence, "caseload") == "concern"


def test_80472_2014_04_22_after_despite_the_main_clause_concern_holds():
    assert stance("However, despite some recent investment by the local authority in recruiting additional IROs, "
                  "their caseloads are too high.", "recruitment_retention") == "concern"


def test_80429_2023_04_18_a_conceded_term_gives_way_to_the_main_clause_term():
    assert stance("Despite the financial pressures the council faces, investment in strengthening services in "
                  "response to increased demand is a continuing commitment.", "budget") == "reassurance"


def test_80479_2024_03_06_a_harm_done_is_a_concern():
    assert stance("This was acknowledged by senior leaders during the visit, who stated that staffing changes have "
                  "impacted on the quality of practice in this area.", "turnover") == "concern"


def test_80479_2014_06_30_what_the_authority_should_do_is_a_call_for_action():
    assert read("Given the volume of improvement work that will be required to ensure that services are safe and "
                "effective, the local authority should satisfy itself formally that there is sufficient senior "
                "management capacity to lead and manage Children’s Services effectively.", "capacity") == (
        "concern", "authority should satisfy")


def test_80462_2023_06_09_a_shortfall_until_recently_is_over_for_every_theme():
    assert stance("Due to increased volumes, assessment team managers have, until very recently, experienced periods "
                  "of time when their capacity to quality assure assessments robustly has been affected.",
                  "capacity") == "reassurance"


def test_80573_2023_01_31_the_past_of_another_list_item_does_not_count():
    assert stance("This is due to frequent changes in social worker, lack of supervision, and, until recently, weaker "
                  "social work practice.", "management_oversight") == "concern"


def test_80462_2015_11_27_an_aim_whose_verb_is_the_term():
    assert read("The trust has rightly focused on stabilising the social work workforce.", "workforce_stability")[0] == "neutral"


def test_80573_2023_01_31_a_term_that_names_a_plan_is_an_aim():
    assert stance("There is a comprehensive workforce development plan and recruitment strategy in place.",
                  "recruitment_retention") == "neutral"


def test_80431_2019_01_17_begun_to_stabilise_is_no_aim():
    assert stance("Staff turnover has created a level of instability and uncertainty in the workforce, which has begun "
                  "to stabilise as vacancies are filled and the reliance on agency workers reduces.",
                  "agency_staff") == "reassurance"


def test_80462_2023_06_09_more_of_what_is_good_news_is_a_reassurance():
    assert stance("A recent increase in funding and a successful recruitment campaign have very recently increased "
                  "social work and management capacity in these teams.", "budget") == "reassurance"


def test_80431_2014_09_08_a_rise_of_what_is_bad_news_later_in_its_clause():
    assert stance("The turnover of social workers in the local authority has increased in the last twelve months, from "
                  "6.59% in 2012–13 to 8.6% in 2013–14.", "turnover") == "concern"


def test_80462_2024_07_26_a_few_words_after_but_qualify_the_term():
    assert stance("They told us that their workloads are busy but manageable.", "caseload") == "reassurance"


def test_80431_2021_04_09_an_adjective_of_another_noun_says_nothing_of_the_term():
    assert stance("There are different panels which provide management oversight of this area of work, and there is "
                  "evidence of reflective discussions prior to escalation to panel.", "management_oversight") == "neutral"
    # ...but one right before the term describes it
    assert stance("Social workers receive regular, reflective supervision.", "management_oversight") == "reassurance"


def test_80472_2018_11_05_an_investment_is_no_reassurance_of_the_themes_near_it():
    assert stance("The senior leadership team’s ambitious plans for building capacity through service transformation "
                  "are evidence based and are underpinned by considerable financial investment by political leaders.",
                  "capacity") == "neutral"


def test_80419_2014_11_19_a_term_that_states_its_state_is_judged_by_it():
    assert stance("The Isle of Wight adoption team has remained stable during a time of wider poor performance.",
                  "workforce_stability") == "reassurance"


def test_80462_2025_03_18_a_good_state_in_a_condition_is_supposed_not_found():
    assert read("When workers have significantly lower caseloads, this impacts positively on the quality of work "
                "provided to children and families.", "caseload") == ("neutral", "condition: When")
    assert stance("Whether permanent employees or agency staff, social workers are proud of what they do and love "
                  "working for Hampshire local authority.", "agency_staff") == "neutral"  # 80472/2023-03-07
    # ...but a shortfall in one is still a concern, and a past event is no condition
    assert stance("Where use of agency staff remains high, as in the MASH, issues of poorer quality and inconsistent "
                  "standards of practice remain.", "agency_staff") == "concern"


# The tuning and validation parts of the dev split.
def test_dev_split_is_cut_again_by_council_into_tuning_and_validation():
    rows = evaluation.read_labelled(evaluation.FIXTURE)
    tuning = {row["council"] for row in rows if evaluation.in_split(row, "tuning")}
    validation = {row["council"] for row in rows if evaluation.in_split(row, "validation")}
    dev = {row["council"] for row in rows if row["split"] == "dev"}
    assert validation == set(evaluation.VALIDATION_COUNCILS) and len(validation) == 5 and len(tuning) == 11
    assert tuning | validation == dev and not tuning & validation
    assert not (tuning | validation) & {row["council"] for row in rows if row["split"] == "test"}
