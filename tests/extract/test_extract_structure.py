"""Kind, local authority and inspector detection; running headers, paragraphs, headings,
hyphenation — on synthetic page text."""

import pytest

from extract.metadata import clean_inspector, clean_la, detect_kind, detect_lead_inspector
from extract.text import build_passages, join_lines, strip_running_lines


@pytest.mark.parametrize("page1, kind", [
    (["Inspection of Dorset local authority", "children’s services", "Inspection dates: 17 March to 21 March 2025"],
     "childrens-services-inspection"),
    (["1", "Blackpool Borough Council", "Inspection of services for children in need of help and",
      "protection, children looked after and care leavers", "and",
      "Review of the effectiveness of the Local Safeguarding Children", "Board1"], "childrens-services-inspection"),
    (["Review of the effectiveness of the Local Safeguarding Children Board", "Inspection date: 2 July 2014"],
     "lscb-review"),
    (["Isle of Wight Council", "Inspection of children’s social care services"], "childrens-services-inspection"),
    (["Inspection of Bradford Children and", "Families Trust"], "childrens-services-inspection"),
    (["Inspection of safeguarding and looked after children services", "Anytown"], "childrens-services-inspection"),
    (["24 October 2019", "Dear Ms Parker", "Focused visit to Dorset children’s services",
      "Since the joint targeted area inspection (JTAI) in 2018, changes…"], "focused-visit"),
    (["5 March 2019", "Dear Mr Smith", "Monitoring visit to Anytown children’s services"], "monitoring-visit"),
    (["Dear Blackpool Local Safeguarding Partnership", "Joint targeted area inspection of Blackpool"], "jtai"),
    (["Children’s home inspection - Full", "Inspection date 12/03/2019", "Unique reference number SC123",
      "Registered provider Example Care Ltd"], "childrens-home-inspection"),
    (["Ofsted inspection of Cafcass", "Inspection dates: 10 to 28 May 2021"], "cafcass-inspection"),
    (["Annual report and accounts 2020-21"], "other"),
])
def test_kind_from_page_one(page1, kind):
    assert detect_kind(page1) == kind


@pytest.mark.parametrize("raw, name", [
    ("Blackpool Borough Council", "Blackpool"),
    ("City of Bradford Metropolitan District Council", "Bradford"),
    ("Doncaster Metropolitan Borough Council", "Doncaster"),
    ("London Borough of Newham", "Newham"),
    ("the Isle of Wight local authority", "Isle of Wight"),
    ("Trafford Council’s", "Trafford"),
    ("Leeds City", "Leeds"),
    ("Kent County Council", "Kent"),
    ("Southend-on-Sea city council", "Southend-on-Sea"),
    ("Metropolitan Borough of Rotherham", "Rotherham"),
])
def test_local_authority_names_are_cleaned(raw, name):
    assert clean_la(raw).lower() == name.lower()


@pytest.mark.parametrize("raw, name", [
    ("Sarah Canto, His Majesty’s Inspector", "Sarah Canto"),
    ("Neil Penswick HMI", "Neil Penswick"),
    ("Marie McGuinness Senior HMI", "Marie McGuinness"),
    ("Jenny-ellen Scotland", "Jenny-ellen Scotland"),
    ("Her Majesty’s Inspector", None),
])
def test_inspector_names(raw, name):
    assert clean_inspector(raw) == name


def test_focused_visit_lead_inspector_is_the_signatory():
    pages = [["Focused visit to Anytown children’s services"], ["Yours sincerely", "Alison Smale",
                                                                 "Her Majesty’s Inspector"]]
    assert detect_lead_inspector(pages, "focused-visit") == "Alison Smale"
    # A JTAI is signed by a national director, not an inspector: no lead inspector.
    assert detect_lead_inspector(pages, "jtai") is None


def _report(pages_body):
    pages = []
    for number, body in enumerate(pages_body, start=1):
        header = [] if number == 1 else ["Inspection of Anytown local authority children’s services",
                                         f"17 to 21 March 2025 {number}"]
        pages.append(header + body + ["Ofsted"] * 0)
    return pages


def test_running_headers_and_page_numbers_are_removed():
    pages = _report([["Inspection of Anytown local authority", "children’s services", "Some first page text."],
                     ["1. Children are safe.", "12"], ["2. Leaders are good.", "13"], ["3. Partners help.", "14"]])
    cleaned = strip_running_lines(pages)
    flat = [line for page in cleaned[1:] for line in page]
    assert flat == ["1. Children are safe.", "2. Leaders are good.", "3. Partners help."]
    assert cleaned[0][0] == "Inspection of Anytown local authority"  # page 1 keeps its title


def test_numbered_paragraphs_headings_and_hyphenation():
    pages = [["What needs to improve?", "• The quality of plans.",
              "The experiences and progress of children who need help and",
              "protection: requires improvement to be good",
              "1. Children and families receive help through a multi-",
              "agency front door. Social workers have manage-",
              "able caseloads.",
              "2. Children at risk are seen quickly."],
             ["3. Thresholds are understood and", "applied well.",
              "The experiences and progress of children in care: good",
              "4. Children in care are visited."]]
    passages, headings = build_passages(pages)
    assert [h for _, h in headings] == [
        "What needs to improve?",
        "The experiences and progress of children who need help and protection: requires improvement to be good",
        "The experiences and progress of children in care: good"]
    numbered = [p for p in passages if p.numbered]
    assert [(p.page, p.paragraph) for p in numbered] == [(1, 1), (1, 2), (2, 3), (2, 4)]
    assert numbered[0].text == ("Children and families receive help through a multi-agency front door. "
                                "Social workers have manage-able caseloads.")
    assert numbered[2].text == "Thresholds are understood and applied well."
    assert numbered[3].heading == "The experiences and progress of children in care: good"
    bullet = passages[0]
    assert bullet.heading == "What needs to improve?" and not bullet.numbered


def test_sif_judgement_boxes_head_their_sections():
    # The SIF body opens each section with a "Key judgement | Judgement grade" box whose row
    # (label and grade in two cells) wraps; "Summary" under it keeps the graded heading.
    pages = [["Inspection judgements about the local authority", "Key judgement Judgement grade",
              "The experiences and progress of children", "who need help and protection Inadequate",
              "Summary", "Serious failures mean that children are not protected.",
              "1. Inspectors referred 13 cases back."],
             ["Leadership, management and", "governance", "Requires improvement", "Summary",
              "Leaders know their services.", "Inspection findings", "2. Leaders have plans."]]
    passages, headings = build_passages(pages)
    assert [h for _, h in headings] == [
        "Inspection judgements about the local authority",
        "The experiences and progress of children who need help and protection: inadequate",
        "Leadership, management and governance: requires improvement"]
    assert all("Key judgement" not in p.text for p in passages)
    assert passages[0].heading.endswith("protection: inadequate")
    assert passages[0].text == "Serious failures mean that children are not protected."
    assert [(p.paragraph, p.heading.split(":")[0]) for p in passages if p.numbered] == [
        (1, "The experiences and progress of children who need help and protection"),
        (2, "Leadership, management and governance")]


def test_a_sentence_that_goes_on_in_lower_case_stays_one_block():
    # 80553/2014 page 14 → 15: a bullet ending "limited progress;" went on as "by the time…".
    pages = [["• The Local Authority prevents disruption to the education of looked after children. As",
              "a result, most children are at expected levels. However, those of junior age make limited progress;"],
             ["by the time they attend secondary school, almost half make no progress.",
              "The virtual head teacher knows her children well and has established appropriate systems.",
              "Short line ends here.", "and a lower-case line goes on.", "A new block starts."]]
    passages, _ = build_passages(pages)
    assert [p.text for p in passages] == [
        "• The Local Authority prevents disruption to the education of looked after children. As a result, most "
        "children are at expected levels. However, those of junior age make limited progress; by the time they "
        "attend secondary school, almost half make no progress.",
        "The virtual head teacher knows her children well and has established appropriate systems. "
        "Short line ends here. and a lower-case line goes on.",
        "A new block starts."]
    assert passages[0].page == 1


def test_letter_address_signature_team_lists_and_run_on_lines_are_not_headings():
    # From focused-visit letters (80456/2018 "Coventry", 80419/2021 "Amanda Maxwell"), a JTAI
    # ("…statement of action to") and a SIF team list ("Senior data analyst: Donna Neill").
    pages = [["22 February 2018", "One Friargate", "Coventry", "CV1 2GN", "Dear Ms Quinton",
              "Focused visit to Coventry City Council children's services.",
              "These include", "• securing the front door.",
              "The CSCP should send the written statement of action to",
              "ProtectionOfChildren@ofsted.gov.uk by 27 August 2024.",
              "Senior data analyst: Donna Neill", "Quality assurance manager: Pauline Turner",
              "Yours sincerely", "Amanda Maxwell", "Her Majesty’s Inspector"]]
    _, headings = build_passages(pages)
    assert headings == []


def test_a_number_out_of_sequence_is_not_a_paragraph():
    passages, _ = build_passages([["1. First point.", "2. Second point.", "16 young people were seen.",
                                   "3. Third point."]])
    assert [p.paragraph for p in passages if p.numbered] == [1, 2, 3]
    assert "16 young people were seen." in passages[1].text


def test_join_lines():
    assert join_lines(["a multi-", "agency team"]) == "a multi-agency team"
    assert join_lines(["ends here.", "Next"]) == "ends here. Next"
    assert join_lines(["COVID-", "19"]) == "COVID- 19"
