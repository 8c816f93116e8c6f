"""Judgements: the grades a report gives, with exactly the keys and vocabulary of
``reference/report-formats.md`` (imported from ``inspection_index.vocabulary`` when present).

Sources, in order of authority:

1. **ILACS / SIF page 1**: pdfplumber's ``Judgement | Grade`` table (ILACS) or the numbered list
   (SIF, a three-column table with grades wrapped over two lines). Each row's label is matched at
   the start of its cell; its grade is the first cell after the label that *starts* with a grade
   (so a grade in a third column, or a cell that swallowed the next paragraphs, still reads).
2. **Page-1 text** (PDFium), flattened, for rows the table did not give (label then grade).
3. **SIF headline sentence** for overall effectiveness ("The overall judgement is that children's
   services require improvement", "Children's services in Norfolk are inadequate").
4. **LSCB**: "The Local Safeguarding Children Board requires improvement" anywhere in a SIF report.
5. **Pre-2013**: "Overall effectiveness … Grade 4 (inadequate)".

The cross-check compares (1–3) with the body's own section headings ("The experiences and
progress of children in care: good", SIF's "Key judgement | Judgement grade" boxes) and the
headline sentence, and with the framework's date rules (the 2023 split of the in-care grade, the
April 2026 removal of overall effectiveness). Disagreements are listed in ``judgement_check`` —
the record keeps the page-1 grade and says what disagreed; it never picks silently.
"""

from __future__ import annotations

import re

from .metadata import NO_OVERALL_FROM, SPLIT_IN_CARE

try:  # the project's controlled vocabulary, when the core package provides it
    from inspection_index.vocabulary import (
        CAFCASS_JUDGEMENT_KEYS,
        CHILDRENS_HOME_JUDGEMENT_KEYS,
        GRADES,
        JUDGEMENT_KEYS,
    )
except ImportError:  # pragma: no cover - the core package is part of the same distribution
    GRADES = ("outstanding", "good", "requires_improvement", "adequate", "inadequate")
    JUDGEMENT_KEYS = dict.fromkeys((
        "overall_effectiveness", "impact_of_leaders", "help_and_protection",
        "children_in_care_and_care_leavers", "children_in_care", "care_leavers",
        "looked_after_and_permanence", "adoption_performance", "leadership_management_governance", "lscb"))
    CAFCASS_JUDGEMENT_KEYS = dict.fromkeys((
        "overall_effectiveness", "private_law_practice", "public_law_practice", "national_leadership",
        "local_leadership", "impact_of_leaders"))
    CHILDRENS_HOME_JUDGEMENT_KEYS = dict.fromkeys((
        "overall_experiences_and_progress", "help_and_protection", "effectiveness_of_leaders"))

GRADE = r"(outstanding|good|inadequate|adequate|requires?\s+improvement(?:\s+to\s+be\s+good)?)"
_GRADE_AT_START = re.compile(r"^\s*" + GRADE + r"\b", re.I)
_PREFIX = r"^\s*(?:\d(?:\.\d)?\.?\s*)?(?:the\s+)?(?:experiences\s+and\s+progress\s+of\s+)?"

# Local authority inspections: label patterns in priority order (most specific first).
LA_LABELS: list[tuple[str, str]] = [
    ("impact_of_leaders", r"impact\s+of\s+(?:the\s+)?leaders(?:\s+on\s+(?:social\s+work\s+)?practice\s+with\s+children\s+and\s+families)?"),
    ("overall_effectiveness", r"overall\s+effectiveness"),
    ("children_in_care_and_care_leavers", r"children\s+in\s+care\s+and\s+care\s+leavers"),
    ("care_leavers", r"(?:children\s+)?care\s+leavers"),
    ("children_in_care", r"children\s+in\s+care"),
    ("help_and_protection", r"children\s+who\s+need\s+help\s+and\s+protection"),
    ("looked_after_and_permanence", r"children\s+looked\s+after\s+and\s+achieving\s+permanence"),
    ("adoption_performance", r"adoption\s+performance"),
    ("leadership_management_governance", r"leadership,?\s+management\s+and\s+governance"),
]
CAFCASS_LABELS: list[tuple[str, str]] = [
    ("overall_effectiveness", r"overall\s+effectiveness"),
    ("private_law_practice", r"(?:the\s+quality\s+of\s+)?private\s+law(?:\s+practice)?"),
    ("public_law_practice", r"(?:the\s+quality\s+of\s+)?public\s+law(?:\s+practice)?"),
    ("national_leadership", r"national\s+leadership(?:,\s+management\s+and\s+governance)?"),
    ("local_leadership", r"local\s+leadership(?:,\s+management\s+and\s+governance)?"),
    ("impact_of_leaders", r"(?:the\s+)?impact\s+of\s+(?:the\s+)?leaders(?:\s+on\s+[a-z ]{0,60}?)?"),
]
HOME_LABELS: list[tuple[str, str]] = [
    ("overall_experiences_and_progress", r"overall\s+experiences\s+and\s+progress\s+of\s+children\s+and\s+young\s+people"),
    ("help_and_protection", r"how\s+well\s+children\s+and\s+young\s+people\s+are\s+helped\s+and\s+protected"),
    ("effectiveness_of_leaders", r"(?:the\s+)?effectiveness\s+of\s+leaders\s+and\s+managers"),
]


def grade_of(text: str | None) -> str | None:
    """The vocabulary grade of a printed grade ("Requires\\nImprovement" → requires_improvement)."""
    if not text:
        return None
    match = _GRADE_AT_START.match(text)
    if not match:
        return None
    word = re.sub(r"\s+", " ", match.group(1).lower())
    if word.startswith("requir"):
        return "requires_improvement"
    return word


_PRE2013 = {"1": "outstanding", "2": "good", "3": "adequate", "4": "inadequate"}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _label_key(cell: str, labels: list[tuple[str, str]]) -> tuple[str, int] | None:
    for key, pattern in labels:
        match = re.match(_PREFIX + pattern + r"\b", cell, re.I)
        if match:
            return key, match.end()
    return None


def from_table(tables: list[list[list[str | None]]], labels: list[tuple[str, str]] = LA_LABELS) -> dict[str, str]:
    """Grades from pdfplumber table rows (label cell, then a cell starting with a grade)."""
    found: dict[str, str] = {}
    for table in tables:
        for row in table:
            cells = [_flat(cell) for cell in row if cell and cell.strip()]
            for position, cell in enumerate(cells):
                labelled = _label_key(cell, labels)
                if not labelled:
                    continue
                key, end = labelled
                rest = cell[end:].strip(" :|–-")
                grade = grade_of(rest) if rest else None  # label and grade merged in one cell
                if grade is None:
                    for other in cells[position + 1:]:
                        grade = grade_of(other)
                        if grade:
                            break
                if grade and key not in found:
                    found[key] = grade
                break
    return found


def from_text(text: str, labels: list[tuple[str, str]] = LA_LABELS) -> dict[str, str]:
    """Grades from flattened text where a label is directly followed by a grade."""
    flat = _flat(text)
    found: dict[str, str] = {}
    for key, pattern in labels:
        regex = re.compile(
            r"(?:^|[\s|])(?:\d(?:\.\d)?\.?\s*)?(?:the\s+)?(?:experiences\s+and\s+progress\s+of\s+)?"
            + pattern + r"\s*[:|–-]?\s*" + GRADE + r"\b", re.I)
        for match in regex.finditer(flat):
            if key == "care_leavers" and re.search(r"children\s+in\s+care\s+and\s+$", flat[max(0, match.start() - 30):match.start() + 1], re.I):
                continue
            if key == "children_in_care" and re.match(r"\s+and\s+care\s+leavers", flat[match.end(1) - len(match.group(1)) - 20:], re.I):
                continue
            grade = grade_of(match.group(1))
            if grade and key not in found:
                found[key] = grade
            break
    # "children in care" inside "children in care and care leavers" must not count twice.
    if "children_in_care_and_care_leavers" in found:
        found.pop("children_in_care", None)
        if re.search(r"children\s+in\s+care\s+and\s+care\s+leavers\s*[:|–-]?\s*" + GRADE, flat, re.I):
            found.pop("care_leavers", None)
    return found


_HEADLINE = [
    re.compile(r"The overall judgement is (?:that )?(?:the )?(?:children[’']s services?\s+)?(?:in\s+[\w ,’'-]+?\s+)?"
               r"(?:(?:are|is)\s+(?:judged\s+(?:to\s+be\s+)?)?)?" + GRADE, re.I),
    re.compile(r"Children[’']s services in [A-Z][\w ,’'-]{1,60}? (?:are|is|require|requires)\s+(?:judged\s+(?:to\s+be\s+)?)?"
               r"(improvement(?:\s+to\s+be\s+good)?|" + GRADE[1:-1] + r")", re.I),
]


def headline(text: str) -> str | None:
    """The SIF headline sentence's grade (overall effectiveness)."""
    flat = _flat(text)
    for pattern in _HEADLINE:
        match = pattern.search(flat)
        if match:
            word = match.group(1)
            if word.lower().startswith("improvement"):
                return "requires_improvement"
            return grade_of(word)
    return None


_LSCB = re.compile(
    r"(?:(?:The effectiveness of )?[Tt]he (?:[Ll]ocal|[A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,4}) [Ss]afeguarding [Cc]hildren [Bb]oard"
    r"(?: \([A-Z]{3,6}\))?|The LSCB) (?:is judged(?: to be)?|is|are|was judged to be|requires|require)\s+"
    r"(improvement(?:\s+to\s+be\s+good)?|" + GRADE[1:-1] + r")\b")


def lscb(text: str) -> str | None:
    match = _LSCB.search(_flat(text))
    if not match:
        return None
    word = match.group(1)
    return "requires_improvement" if word.lower().startswith("improvement") else grade_of(word)


def pre2013(text: str) -> dict[str, str]:
    flat = _flat(text)
    match = re.search(r"Overall effectiveness(?:[^.]{0,200}?)Grade\s*([1-4])", flat, re.I)
    if match:
        return {"overall_effectiveness": _PRE2013[match.group(1)]}
    match = re.search(r"Overall effectiveness(?: of [\w ,]{3,80}?)?\s*[:|]?\s*(outstanding|good|adequate|inadequate)\b", flat, re.I)
    if match:
        return {"overall_effectiveness": match.group(1).lower()}
    return {}


def body_headings(headings: list[tuple[int, str]], text_after_page1: str) -> dict[str, str]:
    """Grades the body states in its section headings ("…: requires improvement to be good")."""
    found: dict[str, str] = {}
    for _, heading in headings:
        match = re.match(r"^(.*?)(?::\s*|\s+(?:is|are)\s+|\s+(?=requires?\s))" + GRADE + r"\s*$", heading, re.I)
        if not match:
            continue
        labelled = _label_key(match.group(1), LA_LABELS)
        grade = grade_of(match.group(2))
        if labelled and grade:
            found.setdefault(labelled[0], grade)
    # SIF: "Key judgement Judgement grade <label> <grade>" boxes.
    flat = _flat(text_after_page1)
    # SIF re-inspections: the label, then the grade on its own line, then "Inspection findings".
    for match in re.finditer(r"((?:The experiences and progress of|Leadership, management and governance)[^.]{0,120}?)\s+"
                             + GRADE + r"\s+(?:Inspection findings|Summary)\b", flat, re.I):
        labelled = _label_key(match.group(1), LA_LABELS)
        grade = grade_of(match.group(2))
        if labelled and grade:
            found.setdefault(labelled[0], grade)
    for match in re.finditer(r"Judgement grade\s+(.{5,140}?)\s+" + GRADE + r"\b", flat, re.I):
        labelled = _label_key(match.group(1), LA_LABELS)
        grade = grade_of(match.group(2))
        if labelled and grade:
            found.setdefault(labelled[0], grade)
    return found


def apply_date_rules(found: dict[str, str], start: str | None, end: str | None, notes: list[str]) -> dict[str, str]:
    """ILACS: before 2023 the in-care grade is combined; a lone "children in care" row of a
    pre-2023 inspection is the combined grade. Date-rule surprises become notes."""
    when = end or start
    if when and when < SPLIT_IN_CARE:
        if "children_in_care" in found and "care_leavers" not in found and "children_in_care_and_care_leavers" not in found:
            found["children_in_care_and_care_leavers"] = found.pop("children_in_care")
        if "children_in_care" in found or "care_leavers" in found:
            notes.append("the report grades children in care and care leavers separately, though its "
                         "inspection ended before January 2023 (when the combined grade applied)")
    elif when and "children_in_care_and_care_leavers" in found:
        notes.append("the report gives the combined children in care and care leavers grade, though its "
                     "inspection was from January 2023 (when they are graded separately)")
    if start:
        if start >= NO_OVERALL_FROM and "overall_effectiveness" in found:
            notes.append("the report gives overall effectiveness, though inspections from late April 2026 do not")
        if start < NO_OVERALL_FROM and found and "overall_effectiveness" not in found:
            notes.append("no overall effectiveness grade found, though inspections before late April 2026 have one")
    return found


def cross_check(primary: dict[str, str], sources: dict[str, dict[str, str]], notes: list[str]) -> dict:
    checked = False
    compared: list[str] = []
    disagreements = list(notes)
    for source, grades in sources.items():
        for key, grade in grades.items():
            if key not in primary:
                if source != "page-1 text":
                    disagreements.append(f"{key}: the {source} says {grade}, but page 1 gives no such grade")
                continue
            checked = True
            if source not in compared:
                compared.append(source)
            if primary[key] != grade:
                disagreements.append(f"{key}: page 1 says {primary[key]}, the {source} says {grade}")
    if disagreements:
        status = "disagree"
    elif checked:
        status = "agree"
    else:
        status = "unchecked"
    return {"status": status, "notes": disagreements, "compared_with": compared}


def extract_judgements(*, kind: str, framework: str | None, page1_text: str, first_pages_text: str,
                       full_text: str, body_text: str, headings: list[tuple[int, str]],
                       tables: list, start: str | None, end: str | None) -> tuple[dict[str, str], dict]:
    """(judgements, judgement_check) for one document."""
    notes: list[str] = []
    if kind in ("focused-visit", "monitoring-visit", "jtai", "other"):
        return {}, {"status": "unchecked", "notes": []}
    if kind == "cafcass-inspection":
        found = from_table(tables, CAFCASS_LABELS)
        for key, grade in from_text(first_pages_text, CAFCASS_LABELS).items():
            found.setdefault(key, grade)
        return _ordered(found, CAFCASS_JUDGEMENT_KEYS), {"status": "unchecked", "notes": []}
    if kind == "childrens-home-inspection":
        found = from_table(tables, HOME_LABELS)
        for key, grade in from_text(first_pages_text, HOME_LABELS).items():
            found.setdefault(key, grade)
        return _ordered(found, CHILDRENS_HOME_JUDGEMENT_KEYS), {"status": "unchecked", "notes": []}
    if kind == "lscb-review":
        grade = lscb(full_text)
        return ({"lscb": grade} if grade else {}), {"status": "unchecked", "notes": []}
    if framework == "pre-2013":
        return pre2013(first_pages_text), {"status": "unchecked", "notes": []}

    table = from_table(tables)
    text = from_text(page1_text)
    found = dict(table)
    for key, grade in text.items():
        found.setdefault(key, grade)
    sources: dict[str, dict[str, str]] = {}
    if framework == "sif":
        found = {key: grade for key, grade in found.items() if key in (
            "help_and_protection", "looked_after_and_permanence", "adoption_performance", "care_leavers",
            "leadership_management_governance", "overall_effectiveness")}
        sentence = headline(page1_text)
        if sentence:
            sources["headline sentence"] = {"overall_effectiveness": sentence}
            if "overall_effectiveness" in found and found["overall_effectiveness"] != sentence:
                notes.append(f"overall_effectiveness: the page-1 list says {found['overall_effectiveness']}, "
                             f"the headline sentence says {sentence}")
            found.setdefault("overall_effectiveness", sentence)
        board = lscb(full_text)
        if board:
            found["lscb"] = board
    else:
        found = {key: grade for key, grade in found.items() if key in (
            "overall_effectiveness", "impact_of_leaders", "help_and_protection",
            "children_in_care_and_care_leavers", "children_in_care", "care_leavers")}
        found = apply_date_rules(found, start, end, notes)
    if table:
        sources["page-1 text"] = {k: v for k, v in text.items() if k in found}
    sources["section headings"] = body_headings(headings, body_text)
    if framework == "sif":
        sources["section headings"] = {k: v for k, v in sources["section headings"].items()
                                       if k not in ("children_in_care", "children_in_care_and_care_leavers")}
    check = cross_check(found, sources, notes)
    return _ordered(found, JUDGEMENT_KEYS), check


def _ordered(found: dict[str, str], keys) -> dict[str, str]:
    order = list(keys)
    return {key: found[key] for key in sorted(found, key=lambda k: order.index(k) if k in order else 99)
            if found[key] in GRADES}
