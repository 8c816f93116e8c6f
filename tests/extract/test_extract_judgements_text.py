"""Judgements from synthetic tables and text: every grade wording and every framework."""

import pytest

from extract.judgements import (
    extract_judgements,
    from_table,
    from_text,
    grade_of,
    headline,
    lscb,
    pre2013,
)


@pytest.mark.parametrize("printed, grade", [
    ("Outstanding", "outstanding"), ("Good", "good"), ("good", "good"), ("Inadequate", "inadequate"),
    ("is Inadequate", None),  # a grade is read at the start of a cell only
    ("Requires improvement to be good", "requires_improvement"),
    ("Requires improvement\nto be good", "requires_improvement"),
    ("Requires\nImprovement", "requires_improvement"),
    ("Requires Improvement to be good", "requires_improvement"),
    ("requires improvement to\nbe good", "requires_improvement"),
    ("Require improvement", "requires_improvement"),
    ("Requires improvement", "requires_improvement"),
    ("Adequate", "adequate"),
    ("Inadequate\nChildren in Anytown do not get the help they need.", "inadequate"),
])
def test_grade_wordings(printed, grade):
    assert grade_of(printed) == grade


ILACS_2022 = [[
    ["Judgement", "Grade"],
    ["The impact of leaders on social work\npractice with children and families", "Good"],
    ["The experiences and progress of\nchildren who need help and protection", "Requires improvement\nto be good"],
    ["The experiences and progress of\nchildren in care and care leavers", "Good"],
    ["Overall effectiveness", "Good"],
]]


def run(tables, page1, *, framework="ilacs", start="2022-05-09", end="2022-05-20", body="", headings=()):
    return extract_judgements(kind="childrens-services-inspection", framework=framework, page1_text=page1,
                              first_pages_text=page1, full_text=page1 + "\n" + body, body_text=body,
                              headings=list(headings), tables=tables, start=start, end=end)


def test_ilacs_table_before_2023():
    judgements, check = run(ILACS_2022, "")
    assert judgements == {"overall_effectiveness": "good", "impact_of_leaders": "good",
                          "help_and_protection": "requires_improvement",
                          "children_in_care_and_care_leavers": "good"}


def test_ilacs_grade_in_a_third_column():
    tables = [[["Judgement", "", "Grade"],
               ["The impact of leaders on social work practice with children and families", "", "Outstanding"],
               ["The experiences and progress of children who need help and protection", None, "Good"],
               ["The experiences and progress of children in care and care leavers", "", "Good"],
               ["Overall effectiveness", None, "Outstanding"]]]
    judgements, _ = run(tables, "")
    assert judgements["impact_of_leaders"] == "outstanding"
    assert judgements["overall_effectiveness"] == "outstanding"
    assert len(judgements) == 4


def test_ilacs_table_that_swallows_the_next_paragraphs():
    tables = [[["Judgement", "Grade"],
               ["The impact of leaders on social work practice with children and families", "Inadequate"],
               ["The experiences and progress of children who need help and protection", "Inadequate"],
               ["The experiences and progress of children in care and care leavers", "Requires improvement to be good"],
               ["Overall effectiveness\nChildren in Anytown are not safe. Leaders have not understood the good work "
                "of partners or the overall effectiveness of early help.",
                "Inadequate\nSince the last inspection, services have not improved and are not good."]]]
    judgements, _ = run(tables, "")
    assert judgements == {"overall_effectiveness": "inadequate", "impact_of_leaders": "inadequate",
                          "help_and_protection": "inadequate",
                          "children_in_care_and_care_leavers": "requires_improvement"}


def test_ilacs_2023_split_and_the_children_care_leavers_misprint():
    tables = [[["Judgement", "Grade"],
               ["The impact of leaders on social work\npractice with children and families", "Good"],
               ["The experiences and progress of\nchildren who need help and protection", "Good"],
               ["The experiences and progress of\nchildren in care", "Outstanding"],
               ["The experiences and progress of\nchildren care leavers", "Requires improvement to be good"],
               ["Overall effectiveness", "Good"]]]
    judgements, check = run(tables, "", start="2025-11-03", end="2025-11-07")
    assert judgements == {"overall_effectiveness": "good", "impact_of_leaders": "good",
                          "help_and_protection": "good", "children_in_care": "outstanding",
                          "care_leavers": "requires_improvement"}
    assert check["status"] == "unchecked"


def test_ilacs_lone_children_in_care_row_before_2023_is_the_combined_grade():
    tables = [[["Judgement", "Grade"],
               ["The impact of leaders on social work practice with children and families", "Good"],
               ["The experiences and progress of children who need help and protection", "Good"],
               ["The experiences and progress of children in care", "Good"],
               ["Overall effectiveness", "Good"]]]
    judgements, _ = run(tables, "", start="2021-09-27", end="2021-10-08")
    assert "children_in_care" not in judgements
    assert judgements["children_in_care_and_care_leavers"] == "good"


def test_ilacs_2026_without_overall_effectiveness():
    tables = [[["Judgement", "Grade"],
               ["The impact of leaders on practice with\nchildren and families", "Outstanding"],
               ["The experiences and progress of\nchildren who need help and protection", "Good"],
               ["The experiences and progress of\nchildren in care", "Good"],
               ["The experiences and progress of care\nleavers", "Good"]]]
    judgements, check = run(tables, "", start="2026-05-11", end="2026-05-22")
    assert "overall_effectiveness" not in judgements
    assert judgements["impact_of_leaders"] == "outstanding"
    assert check["status"] != "disagree"


def test_ilacs_overall_effectiveness_missing_before_april_2026_is_reported():
    tables = [[["Judgement", "Grade"],
               ["The impact of leaders on social work practice with children and families", "Good"],
               ["The experiences and progress of children who need help and protection", "Good"],
               ["The experiences and progress of children in care", "Good"],
               ["The experiences and progress of care leavers", "Good"]]]
    judgements, check = run(tables, "", start="2026-01-12", end="2026-01-16")
    assert "overall_effectiveness" not in judgements  # never guessed
    assert check["status"] == "disagree"
    assert any("overall effectiveness" in note for note in check["notes"])


def test_ilacs_text_fallback_when_no_table():
    page1 = ("Judgement Grade\nThe impact of leaders on social work\npractice with children and families\n"
             "Requires improvement to be good\nThe experiences and progress of\nchildren who need help and protection\n"
             "Inadequate\nThe experiences and progress of\nchildren in care and care leavers\nRequires improvement\n"
             "to be good\nOverall effectiveness Inadequate\n")
    judgements, _ = run([], page1, start="2018-09-17", end="2018-09-28")
    assert judgements == {"overall_effectiveness": "inadequate", "impact_of_leaders": "requires_improvement",
                          "help_and_protection": "inadequate",
                          "children_in_care_and_care_leavers": "requires_improvement"}


def test_table_and_section_heading_disagree_is_said_not_picked():
    body = "The experiences and progress of children who need help and protection: inadequate\n1. Text."
    judgements, check = run(ILACS_2022, "", body=body, headings=[
        (2, "The experiences and progress of children who need help and protection: inadequate"),
        (4, "The experiences and progress of children in care and care leavers: good")])
    assert judgements["help_and_protection"] == "requires_improvement"  # page 1 kept
    assert check["status"] == "disagree"
    assert any("help_and_protection" in note and "inadequate" in note for note in check["notes"])


def test_table_and_section_headings_agree():
    judgements, check = run(ILACS_2022, "", headings=[
        (2, "The experiences and progress of children who need help and protection: requires improvement to be good"),
        (5, "The impact of leaders on social work practice with children and families: good")])
    assert check == {"status": "agree", "notes": [], "compared_with": ["section headings"]}


SIF_TABLE = [[
    ["The overall judgement is that children’s services require\nimprovement"],
    ["The judgements on areas of the service that contribute to overall effectiveness are:", None, None],
    ["1. Children who need help and protection", None, "Requires\nImprovement"],
    ["2. Children looked after and achieving\npermanence", None, "Requires\nImprovement"],
    ["", "2.1 Adoption performance", "Good"],
    [None, "2.2 Experiences and progress of care leavers", "Inadequate"],
    ["3. Leadership, management and governance", None, "Requires\nImprovement"],
]]
SIF_PAGE1 = ("Inspection of services for children in need of help and\nprotection, children looked after and care leavers\n"
             "Inspection date: 2 July 2014 – 23 July 2014\nThe overall judgement is that children’s services require\n"
             "improvement.\n1. Children who need help and protection Requires\nImprovement\n")


def test_sif_numbered_list_with_grades_wrapped_over_lines():
    judgements, check = run(SIF_TABLE, SIF_PAGE1, framework="sif", start="2014-07-02", end="2014-07-23",
                            body="The Local Safeguarding Children Board requires improvement.")
    assert judgements == {
        "overall_effectiveness": "requires_improvement", "help_and_protection": "requires_improvement",
        "care_leavers": "inadequate", "looked_after_and_permanence": "requires_improvement",
        "adoption_performance": "good", "leadership_management_governance": "requires_improvement",
        "lscb": "requires_improvement"}
    assert check["status"] == "agree"


def test_sif_without_lscb_review_has_no_lscb_grade():
    judgements, _ = run(SIF_TABLE, SIF_PAGE1, framework="sif", start="2017-03-06", end="2017-03-30",
                        body="The LSCB chair meets the director regularly.")
    assert "lscb" not in judgements


@pytest.mark.parametrize("sentence, grade", [
    ("The overall judgement is that children’s services require\nimprovement", "requires_improvement"),
    ("The overall judgement is that children’s services are\ninadequate", "inadequate"),
    ("The overall judgement is Inadequate", "inadequate"),
    ("The overall judgement is requires improvement", "requires_improvement"),
    ("The overall judgement is that children’s service requires\nimprovement.", "requires_improvement"),
    ("The overall judgement is that children’s services are good", "good"),
    ("Children’s services in Norfolk are inadequate", "inadequate"),
    ("Children’s services in Southend-on-Sea require improvement to\nbe good", "requires_improvement"),
    ("Children’s services in Kent are good", "good"),
    ("Children’s services in Camden are outstanding", "outstanding"),
])
def test_sif_headline_sentences(sentence, grade):
    assert headline(sentence) == grade


@pytest.mark.parametrize("text, grade", [
    ("The Local Safeguarding Children Board requires improvement", "requires_improvement"),
    ("The Local Safeguarding Children Board is inadequate", "inadequate"),
    ("The Kent Safeguarding Children Board (KSCB) requires improvement to be good.", "requires_improvement"),
    ("The effectiveness of the Local Safeguarding Children Board (LSCB) is\ngood.", "good"),
    ("The Torbay Safeguarding Children Board (TSCB) is judged inadequate because it", "inadequate"),
    ("The LSCB is inadequate because:", "inadequate"),
    ("The Local Safeguarding Children Board is outstanding", "outstanding"),
    ("The Local Safeguarding Children Board (LSCB) is in regular contact with the director", None),
    ("roles of the Local Safeguarding Children Board are not clear.", None),
])
def test_lscb_sentences(text, grade):
    assert lscb(text) == grade


@pytest.mark.parametrize("text, grade", [
    ("Overall effectiveness of the services Grade 4 (inadequate)", "inadequate"),
    ("Overall effectiveness Grade 3 (adequate)", "adequate"),
    ("Overall effectiveness\nThe overall effectiveness of services is good. Grade 2 (good)", "good"),
    ("Overall effectiveness Grade 1 (outstanding)", "outstanding"),
])
def test_pre_2013_grade_n(text, grade):
    assert pre2013(text) == {"overall_effectiveness": grade}
    judgements, _ = run([], text, framework="pre-2013", start="2011-02-14", end="2011-02-25")
    assert judgements == {"overall_effectiveness": grade}


def test_cafcass_2014_and_2021_judgements():
    text_2014 = ("Inspection of Cafcass\nOverall effectiveness: Requires improvement to be good\n"
                 "Private law practice: Good\nPublic law practice: Requires improvement\n"
                 "National leadership, management and governance: Good\nLocal leadership: Requires improvement\n")
    judgements, _ = extract_judgements(kind="cafcass-inspection", framework=None, page1_text=text_2014,
                                       first_pages_text=text_2014, full_text=text_2014, body_text="",
                                       headings=[], tables=[], start="2014-01-20", end="2014-02-07")
    assert judgements == {"overall_effectiveness": "requires_improvement", "private_law_practice": "good",
                          "public_law_practice": "requires_improvement", "national_leadership": "good",
                          "local_leadership": "requires_improvement"}
    tables_2021 = [[["Judgement", "Grade"],
                    ["The experiences and progress of children and families in private law", "Outstanding"],
                    ["Public law practice", "Outstanding"],
                    ["The impact of leaders on practice with children and families", "Outstanding"]]]
    judgements, _ = extract_judgements(kind="cafcass-inspection", framework=None, page1_text="",
                                       first_pages_text="", full_text="", body_text="", headings=[],
                                       tables=tables_2021, start="2021-05-10", end="2021-05-28")
    assert set(judgements) <= {"private_law_practice", "public_law_practice", "impact_of_leaders"}
    assert judgements["public_law_practice"] == "outstanding"
    assert judgements["impact_of_leaders"] == "outstanding"


def test_childrens_home_judgements():
    text = ("Children’s home inspection - Full\nUnique reference number SC123456\n"
            "Overall experiences and progress of children and young people, taking into account requires improvement to be good\n"
            "Overall experiences and progress of children and young people: requires improvement to be good\n"
            "How well children and young people are helped and protected: good\n"
            "The effectiveness of leaders and managers: inadequate\n")
    judgements, _ = extract_judgements(kind="childrens-home-inspection", framework=None, page1_text=text,
                                       first_pages_text=text, full_text=text, body_text="", headings=[],
                                       tables=[], start=None, end=None)
    assert judgements == {"overall_experiences_and_progress": "requires_improvement",
                          "help_and_protection": "good", "effectiveness_of_leaders": "inadequate"}


@pytest.mark.parametrize("kind", ["focused-visit", "monitoring-visit", "jtai", "other"])
def test_letters_make_no_judgements(kind):
    text = "Overall effectiveness Good\nThe experiences and progress of children in care: good"
    judgements, check = extract_judgements(kind=kind, framework=None, page1_text=text, first_pages_text=text,
                                           full_text=text, body_text=text, headings=[], tables=[],
                                           start=None, end=None)
    assert judgements == {}
    assert check["status"] == "unchecked"


def test_from_text_does_not_double_count_the_combined_grade():
    text = "The experiences and progress of children in care and care leavers Good"
    assert from_text(text) == {"children_in_care_and_care_leavers": "good"}


def test_from_table_ignores_rows_without_a_grade():
    assert from_table([[["Judgement", "Grade"], ["Overall effectiveness", ""]]]) == {}
