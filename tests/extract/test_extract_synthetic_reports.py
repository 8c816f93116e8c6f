"""Whole records for synthetic PDFs of the kinds the shared corpus does not hold: pre-2013,
monitoring visits, LSCB-only reviews, Cafcass and children's homes."""

import pytest

import extract


@pytest.fixture
def extract_pages(tmp_path, make_pdf):
    def run(*pages):
        path = tmp_path / "report.pdf"
        path.write_bytes(make_pdf([list(page) for page in pages]))
        record = extract.extract_file(path)
        assert record["error"] is None, record
        return record

    return run


def test_pre_2013_safeguarding_and_looked_after_inspection(extract_pages):
    record = extract_pages(
        ["Inspection of safeguarding and looked after children services", "Anytown Borough Council",
         "Inspection dates: 14 – 25 February 2011", "Reporting inspector Jane Smith HMI"],
        ["Overall effectiveness", "The overall effectiveness of safeguarding services is inadequate.",
         "Grade 4 (inadequate)", "Capacity to improve Grade 3 (adequate)"])
    assert record["kind"] == "childrens-services-inspection"
    assert record["framework"] == "pre-2013"
    assert record["inspection_visits"] == [["2011-02-14", "2011-02-25"]]
    assert record["judgements"] == {"overall_effectiveness": "inadequate"}


def test_monitoring_visit_letter(extract_pages):
    record = extract_pages(
        ["5 April 2019", "Mr John Smith", "Director of Children’s Services", "Dear Mr Smith",
         "Monitoring visit to Anytown children’s services",
         "This letter summarises the findings of the monitoring visit to Anytown children’s services on",
         "5 and 6 March 2019. The visit was the third monitoring visit since the local authority was",
         "judged inadequate. Caseloads remain too high in the assessment teams."],
        ["Yours sincerely", "Jane Smith", "Her Majesty’s Inspector"])
    assert record["kind"] == "monitoring-visit"
    assert record["framework"] is None and record["judgements"] == {}
    assert record["inspection_visits"] == [["2019-03-05", "2019-03-06"]]
    assert record["published"] == "2019-04-05"
    assert record["local_authority"] == "Anytown"
    assert record["lead_inspector"] == "Jane Smith"
    assert record["themes"]["caseload"]["concerns"] == 1


def test_lscb_only_review(extract_pages):
    record = extract_pages(
        ["Anytown Borough Council", "Review of the effectiveness of the Local Safeguarding Children Board",
         "Inspection date: 2 July 2014 – 23 July 2014", "Report published: 8 September 2014"],
        ["The Local Safeguarding Children Board requires improvement."])
    assert record["kind"] == "lscb-review"
    assert record["framework"] == "sif"
    assert record["judgements"] == {"lscb": "requires_improvement"}
    assert record["published"] == "2014-09-08"


def test_sif_report_end_to_end(extract_pages):
    record = extract_pages(
        ["Anytown Borough Council", "Inspection of services for children in need of help and",
         "protection, children looked after and care leavers", "Inspection date: 3 June – 25 June 2014",
         "Report published: 8 August 2014", "The overall judgement is that children’s services are",
         "inadequate", "1. Children who need help and protection Inadequate",
         "2. Children looked after and achieving permanence Requires", "improvement",
         "2.1 Adoption performance Good", "2.2 Experiences and progress of care leavers Inadequate",
         "3. Leadership, management and governance Inadequate"],
        ["Summary of findings", "1. Social workers have high caseloads.", "Lead inspector: Jane Smith"])
    assert record["framework"] == "sif"
    assert record["judgements"] == {
        "overall_effectiveness": "inadequate", "help_and_protection": "inadequate",
        "care_leavers": "inadequate", "looked_after_and_permanence": "requires_improvement",
        "adoption_performance": "good", "leadership_management_governance": "inadequate"}
    assert record["local_authority"] == "Anytown"
    assert record["lead_inspector"] == "Jane Smith"
    numbered = [p for p in record["passages"] if p["numbered"]]
    assert [(p["page"], p["paragraph"], p["anchor"]) for p in numbered] == [(2, 1, "p2-para1")]


def test_cafcass_inspection(extract_pages):
    record = extract_pages(
        ["Ofsted inspection of Cafcass", "Inspection dates: 10 to 28 May 2021",
         "Private law practice: Good", "Public law practice: Requires improvement to be good",
         "The impact of leaders: Good"])
    assert record["kind"] == "cafcass-inspection"
    assert record["judgements"] == {"private_law_practice": "good", "public_law_practice": "requires_improvement",
                                    "impact_of_leaders": "good"}


def test_childrens_home_inspection(extract_pages):
    record = extract_pages(
        ["Children’s home inspection - Full", "Unique reference number SC123456",
         "Registered provider Example Care Limited", "Inspection dates: 12/03/2019 to 13/03/2019",
         "Overall experiences and progress of children and young people: good",
         "How well children and young people are helped and protected: good",
         "The effectiveness of leaders and managers: requires improvement to be good"])
    assert record["kind"] == "childrens-home-inspection"
    assert record["inspection_visits"] == [["2019-03-12", "2019-03-13"]]
    assert record["judgements"] == {"overall_experiences_and_progress": "good", "help_and_protection": "good",
                                    "effectiveness_of_leaders": "requires_improvement"}


def test_ilacs_title_wrapped_under_a_lower_case_council_name(extract_pages):
    # The shape of a blind-set Tameside report: the council's name in lower case stands above a
    # title that wraps before its last word; it came out as kind "other" with no judgements.
    record = extract_pages(
        ["Tameside metropolitan borough", "Inspection of local authority children’s social care", "services",
         "Inspection dates: 5 to 16 February 2024", "Lead inspector: Jane Smith, His Majesty’s Inspector",
         "Judgement Grade", "The impact of leaders on social work", "practice with children and families",
         "Requires improvement to be good", "The experiences and progress of",
         "children who need help and protection", "Requires improvement to be good",
         "The experiences and progress of", "children in care", "Good",
         "The experiences and progress of", "care leavers", "Good",
         "Overall effectiveness Requires improvement to be good"],
        ["What needs to improve?", "• The timeliness of assessments.", "Main findings",
         "1. Caseloads are manageable in most teams."])
    assert record["kind"] == "childrens-services-inspection"
    assert record["framework"] == "ilacs"
    assert record["title"] == "Inspection of local authority children’s social care services"
    assert record["local_authority"] == "Tameside"
    assert record["judgements"] == {
        "impact_of_leaders": "requires_improvement", "help_and_protection": "requires_improvement",
        "children_in_care": "good", "care_leavers": "good", "overall_effectiveness": "requires_improvement"}
