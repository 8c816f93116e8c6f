"""The project's controlled vocabulary: one place for grades, judgement keys, kinds, frameworks.

Grades and judgement keys follow ``reference/report-formats.md`` exactly; every stage imports
them from here.
"""

from __future__ import annotations

# Best first. "adequate" only exists before 2013.
GRADES = ("outstanding", "good", "requires_improvement", "adequate", "inadequate")

GRADE_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "adequate": "Adequate",
    "inadequate": "Inadequate",
}

# Local authority children's services (pre-2013, SIF, ILACS).
JUDGEMENT_KEYS = {
    "overall_effectiveness": "Overall effectiveness",
    "impact_of_leaders": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "children_in_care_and_care_leavers": "The experiences and progress of children in care and care leavers",
    "children_in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
    "looked_after_and_permanence": "Children looked after and achieving permanence",
    "adoption_performance": "Adoption performance",
    "leadership_management_governance": "Leadership, management and governance",
    "lscb": "The Local Safeguarding Children Board",
}

# Ofsted's inspections of Cafcass (2014 and 2018; from 2021 three judgements).
CAFCASS_JUDGEMENT_KEYS = {
    "overall_effectiveness": "Overall effectiveness",
    "private_law_practice": "Private law practice",
    "public_law_practice": "Public law practice",
    "national_leadership": "National leadership",
    "local_leadership": "Local leadership",
    "impact_of_leaders": "The impact of leaders",
}

# Children's homes (SCCIF).
CHILDRENS_HOME_JUDGEMENT_KEYS = {
    "overall_experiences_and_progress": "Overall experiences and progress of children and young people",
    "help_and_protection": "How well children and young people are helped and protected",
    "effectiveness_of_leaders": "The effectiveness of leaders and managers",
}

ALL_JUDGEMENT_KEYS = {**JUDGEMENT_KEYS, **CAFCASS_JUDGEMENT_KEYS, **CHILDRENS_HOME_JUDGEMENT_KEYS}

FRAMEWORKS = ("pre-2013", "sif", "ilacs")

KINDS = {
    "childrens-services-inspection": "Children's services inspection",
    "focused-visit": "Focused visit",
    "monitoring-visit": "Monitoring visit",
    "jtai": "Joint targeted area inspection",
    "lscb-review": "Review of the Local Safeguarding Children Board",
    "area-send": "Area SEND inspection",
    "childrens-home-inspection": "Children's home inspection",
    "cafcass-inspection": "Ofsted inspection of Cafcass",
    "cafcass-annual-report": "Cafcass annual report and accounts",
    "cafcass-data": "Cafcass data",
    "cafcass-research": "Cafcass research",
    "other": "Other",
}

SOURCES = ("ofsted", "cafcass", "import")
