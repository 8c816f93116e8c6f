"""From page lines to passages: running headers/footers removed, lines rejoined, paragraphs
numbered as the report numbers them, section headings kept as structure.

Rules (each simple enough to check by eye against a report):

* **Running headers and footers.** A line in the top or bottom ``EDGE`` lines of a page whose
  shape (digits replaced by ``#``) recurs at the edge of at least 30% of pages (and at least 2)
  is a running header/footer; a bare number (``12``, ``Page 3 of 40``) at an edge is a page
  number. Ofsted's address block on letters is boilerplate too. Page 1 keeps its title.
* **Numbered paragraphs.** A line starting ``12. `` or ``12 `` (or ``155.There``) whose number
  is the next in sequence (or 1, restarting after a heading) opens report paragraph 12.
* **Headings.** Known section headings ("What needs to improve?", "Areas for priority action",
  "The experiences and progress of children in care: good", …, wrapped over lines or not), and
  short title-like lines between blocks. SIF sections open with a "Key judgement | Judgement
  grade" box: its header row is dropped and its row ("…help and protection Inadequate") becomes
  "…help and protection: inadequate", kept through the section's "Summary" and "Inspection
  findings" subheadings. Not headings: a letter's address block above "Dear …", the inspector's
  name above their title, team-list roles, lines ending in "to", "of", "include", ….
* **Blocks.** Elsewhere a new block starts after a line that ends a sentence and is visibly
  shorter than the page's full lines, or at a bullet; never at a line that starts in lower case
  (the sentence goes on, here or over the page break).
* **Wraps and hyphenation.** Lines of a block are joined with a space; a line ending in a hyphen
  after a letter and followed by a lower-case letter is joined without a space, keeping the
  hyphen (in these reports such breaks are compounds: "multi-agency", "care-experienced").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

EDGE = 3
HEADER_SHARE = 0.3

_ADDRESS = re.compile(
    r"^(Ofsted|Piccadilly Gate|Store St(reet)?|Manchester( M1 2WD)?|M1 2WD|[TF]:? 0300 123 ?(1231|4234)|"
    r"Textphone:? 0161 618 ?8524|(E:? )?enquiries@ofsted\.gov\.uk|(W:? )?www\.gov\.uk/ofsted|"
    r"(W:? )?www\.ofsted\.gov\.uk|Agora|6 Cumberland Place|Nottingham|NG1 6HJ|"
    r"Aviation House|125 Kingsway|London|WC2B 6SE|© Crown copyright( \d{4})?)$",
    re.IGNORECASE,
)
# Generic subheadings within a graded body section (SIF): not headings of their own.
_SECTION_PARTS = ("summary", "inspection findings")
# The header row of the SIF "Key judgement | Judgement grade" boxes that open each body section:
# table furniture, not a heading; the row below it is the section's heading.
_TABLE_HEADER = re.compile(r"^Key judgement\s+Judgement grade$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,3})(?:\.\s*|\s+)(?=[A-Z‘'“\"(•]|\d{4}\b)")
_BULLET = re.compile(r"^(•|-\s|–\s|◼|▪|■|\*\s|o\s)")
_GRADE_WORDS = r"(?:outstanding|good|inadequate|adequate|requires?\s+improvement(?:\s+to\s+be\s+good)?)"
_JUDGEMENT_HEADING = re.compile(
    r"^(?:The\s+)?(?:experiences\s+and\s+progress\s+of\s+(?:children|care\s+leavers)|impact\s+of\s+leaders|"
    r"effectiveness\s+of\s+leaders|overall\s+effectiveness|leadership,\s+management|"
    r"children\s+who\s+need\s+help)[^.]{0,160}?(?P<separator>:\s*|\s+(?:is|are)\s+|\s+(?=requires?\s)|"
    r"\s+(?=(?-i:[A-Z])))(?P<grade>" + _GRADE_WORDS + r")\s*$",
    re.IGNORECASE,
)
_JUDGEMENT_HEADING_START = re.compile(
    r"^(?:The\s+)?(?:experiences\s+and\s+progress\s+of|impact\s+of\s+leaders|effectiveness\s+of\s+leaders|"
    r"leadership,\s+management)",
    re.IGNORECASE,
)


def judgement_heading(text: str) -> str | None:
    """A body section heading that states a grade, as the report words it; the SIF box row
    ("…help and protection Inadequate", label and grade in two cells) as "…protection: inadequate"."""
    match = _JUDGEMENT_HEADING.match(text)
    if not match:
        return None
    heading = re.sub(r"\s+", " ", text).strip()
    if match.group("separator").strip():
        return heading
    label = re.sub(r"\s+", " ", text[:match.start("grade")]).strip()
    grade = re.sub(r"\s+", " ", match.group("grade")).lower()
    return f"{label}: {grade}"


KNOWN_HEADINGS = re.compile(
    r"^(What needs to improve\??( in this area of social work practice\??)?|"
    r"What needs to improve in this area of social work practice|"
    r"Areas? for priority action|Areas for (further )?improvement|Areas for development|"
    r"Headline findings|Key strengths|Key findings|Context|Overview|Findings|Summary|"
    r"Summary of (key )?findings|Summary for children and young people|Next steps|"
    r"Recommendations|Information about this (inspection|local authority area|visit)|"
    r"Information about the inspection( and the review)?|The inspection team|"
    r"What the inspection judgements mean|Inspection findings( [–-] the (Local Safeguarding Children Board|LSCB))?|"
    r"Progress since the last inspection|"
    r"The local authority|The local authority’s strengths|Contents|"
    r"Priority and immediate action|Immediate action|Action within three months|"
    r"Inspection judgements? about the (local authority|LSCB)|"
    r"Local authority children’s services|The Local Safeguarding Children Board( \(LSCB\))?|"
    r"What does the (local authority|LSCB) need to improve\??|The LSCB’s strengths|"
    r"Case study.*|Leadership and management|Practice with children|Executive summary|"
    r"Local leadership|Children living in this area|Child protection in this area|"
    r"Children looked after in this area|Other Ofsted inspections|Inspection judgements about the local authority|"
    r"Leadership, management and governance)$",
    re.IGNORECASE,
)


@dataclass
class Passage:
    page: int
    paragraph: int
    numbered: bool
    heading: str | None
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    def as_dict(self) -> dict:
        return {"page": self.page, "paragraph": self.paragraph, "numbered": self.numbered,
                "heading": self.heading, "text": self.text}


def join_lines(lines: list[str]) -> str:
    """Rejoin wrapped lines: a space between lines, no space after a hyphen mid-word."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif re.search(r"[A-Za-z]-$", out) and line[:1].islower():
            out += line
        else:
            out += " " + line
    return out


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower()).strip()


def strip_running_lines(page_lines: list[list[str]]) -> list[list[str]]:
    """Remove running headers, footers, page numbers and Ofsted's address block."""
    pages = len(page_lines)
    counts: Counter[str] = Counter()
    for index, lines in enumerate(page_lines):
        edge = set()
        for line in lines[:EDGE] + lines[-EDGE:]:
            edge.add(_shape(line))
        counts.update(edge)
    threshold = max(2, int(HEADER_SHARE * pages + 0.999))
    running = {shape for shape, n in counts.items() if n >= threshold and pages >= 2}
    cleaned: list[list[str]] = []
    for index, lines in enumerate(page_lines):
        keep: list[str] = []
        last = len(lines) - 1
        for position, line in enumerate(lines):
            at_edge = position < EDGE or position > last - EDGE
            if at_edge and _PAGE_NUMBER.match(line):
                continue
            if at_edge and _shape(line) in running and index > 0:
                continue
            if at_edge and index == 0 and _shape(line) in running and _PAGE_NUMBER.match(line):
                continue
            if _ADDRESS.match(line):
                continue
            keep.append(line)
        # A leading page number glued to the first line ("14" then text) is already gone; a
        # running header that ends with the page number ("17 to 21 March 2025 2") is a shape.
        cleaned.append(keep)
    return cleaned


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.!?:;)”’\"']\s*$", line)) and not re.search(r"\b(e\.g|i\.e|etc|Mr|Mrs|Ms|Dr)\.$", line)


# Short lines that are not headings: a sentence that runs on ("These include", "…statement of
# action to"), an inspection team member ("Senior data analyst: Name"), a letter's address line
# (the next line is its postcode) and the inspector's name above their title.
_TRAILING_WORD = re.compile(r"\b(to|of|and|or|the|a|an|in|for|with|by|from|include|includes|including)$", re.IGNORECASE)
_TEAM_ROLE = re.compile(r"^[\w ]*\b(inspectors?|analyst|manager|officer|assessor)s?:", re.IGNORECASE)
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
_SIGNATURE_TITLE = re.compile(r"^(Senior\s+)?(His|Her)\s+Majesty[’']s\s+Inspector|^HMI\b")


def is_heading_candidate(line: str, next_line: str | None, full_width: int) -> bool:
    if KNOWN_HEADINGS.match(line.rstrip(" :")):
        return True
    if judgement_heading(line):
        return True
    if len(line) > max(25, int(full_width * 0.6)) or len(line) < 3:
        return False
    if not re.search(r"[a-z]{3}", line):  # postcodes, reference numbers, initials
        return False
    if not line[:1].isupper() or re.search(r"[.,;]$", line) or _NUMBERED.match(line) or _BULLET.match(line):
        return False
    if re.match(r"^(Dear|Yours?|Inspection dates?|Lead inspector|Report published)\b", line):
        return False
    if _TRAILING_WORD.search(line) or _TEAM_ROLE.match(line):
        return False
    if next_line is None or _POSTCODE.match(next_line) or _SIGNATURE_TITLE.match(next_line):
        return False
    # A heading is followed by a new paragraph, a bullet or a numbered paragraph.
    return bool(next_line[:1].isupper() or next_line[:1].isdigit() or _BULLET.match(next_line))


_GRADE_LINE = re.compile(
    r"^(?:(?:\d(?:\.\d)?\.?\s+|The\s+|Overall\s+effectiveness|Children\s+who\s+need|Children\s+looked\s+after|"
    r"Adoption\s+performance|Experiences\s+and\s+progress|Leadership,).*?\s)?"
    r"(?:Outstanding|Good|Inadequate|Requires?\s+[Ii]mprovement(?:\s+to(?:\s+be\s+good)?)?|[Ii]mprovement|"
    r"(?:to\s+)?be\s+good)\s*$")


def front_matter_length(page1: list[str], limit: int = 50) -> int:
    """How many lines of an inspection report's page 1 are its front matter: the title, dates
    and the judgement table or list (a block of its own, never numbered paragraphs)."""
    end = 0
    for index, line in enumerate(page1[:limit]):
        if _GRADE_LINE.match(line) and len(line) < 90:
            end = index + 1
    return end


def _is_contents_line(line: str) -> bool:
    return bool(re.search(r"\S\s+\d{1,3}$", line)) and not re.search(r"\d{4}\s+\d{1,3}$", line)


def strip_contents_pages(page_lines: list[list[str]]) -> list[list[str]]:
    """Drop the lines of a table of contents (a page whose lines mostly end in page numbers)."""
    out = []
    for lines in page_lines:
        entries = sum(1 for line in lines if _is_contents_line(line))
        if len(lines) >= 5 and entries >= 0.6 * len(lines):
            lines = [line for line in lines if not _is_contents_line(line) and line.lower() != "contents"]
        out.append(lines)
    return out


# A focused-visit letter's closing lines: the section above them has ended.
_LETTER_CLOSING = re.compile(r"^(?:Ofsted will take the findings|Yours sincerely|Yours faithfully)\b")


def build_passages(page_lines: list[list[str]], front: int = 0) -> tuple[list[Passage], list[tuple[int, str]]]:
    """Passages (numbered paragraphs or blocks) and the headings seen, each with its page.

    ``front``: the number of page-1 lines that are front matter (one unnumbered passage)."""
    passages: list[Passage] = []
    headings: list[tuple[int, str]] = []
    heading: str | None = None
    current: Passage | None = None
    last_number = 0
    after_heading = True
    graded_section = False   # the current heading states a grade
    if front and page_lines and page_lines[0]:
        passages.append(Passage(page=1, paragraph=1, numbered=False, heading=None, lines=page_lines[0][:front]))
        page_lines = [page_lines[0][front:]] + list(page_lines[1:])

    # A letter's page 1 has an address block (street, town, postcode) above "Dear …": no headings there.
    salutation = next((n for n, line in enumerate(page_lines[0] if page_lines else []) if line.startswith("Dear ")), 0)
    widths = sorted(len(line) for lines in page_lines for line in lines)
    full_width = widths[int(len(widths) * 0.9)] if widths else 80

    def close() -> None:
        nonlocal current
        if current is not None and current.lines:
            passages.append(current)
        current = None

    def open_block(page: int, numbered_as: int | None, first: str) -> None:
        nonlocal current, heading
        close()
        if _LETTER_CLOSING.match(first):  # the sign-off belongs to no section (80456, 2019-03-21)
            heading = None
        if numbered_as is None:
            current = Passage(page=page, paragraph=len(passages) + 1, numbered=False, heading=heading, lines=[first])
        else:
            current = Passage(page=page, paragraph=numbered_as, numbered=True, heading=heading, lines=[first])

    for page_index, lines in enumerate(page_lines):
        page = page_index + 1
        i = 0
        while i < len(lines):
            line = lines[i]
            next_line = lines[i + 1] if i + 1 < len(lines) else None
            if _TABLE_HEADER.match(line):
                i += 1
                continue
            # Judgement headings, wrapped over up to four lines or not.
            if _JUDGEMENT_HEADING_START.match(line) or _JUDGEMENT_HEADING.match(line):
                joined, used = line, 1
                while not judgement_heading(joined) and used < 4 and i + used < len(lines) \
                        and not re.search(r"[.]$", joined) and not _TABLE_HEADER.match(lines[i + used]):
                    joined = joined + " " + lines[i + used]
                    used += 1
                graded = judgement_heading(joined)
                if graded:
                    close()
                    heading = graded
                    headings.append((page, heading))
                    after_heading = graded_section = True
                    i += used
                    continue
            number_match = _NUMBERED.match(line)
            if number_match:
                number = int(number_match.group(1))
                dotted = "." in number_match.group(0)
                # "12. " continues the sequence; "1. " after a heading or a block restarts it; a
                # bare "1 " or "2 " that does not continue a sequence is a footnote.
                if (number == last_number + 1 and (dotted or last_number >= 1)) or (
                        number == 1 and dotted and (after_heading or current is None or not current.numbered)):
                    text = line[number_match.end():].strip()
                    last_number = number
                    after_heading = False
                    open_block(page, number, text or line)
                    i += 1
                    continue
            # A known heading on a line of its own ends the block even when the block does not end
            # a sentence: improvement lists are bullets without full stops, and a "Findings" missed
            # after one left "What needs to improve" on for the rest of a letter (80462, 2019-01-04).
            known = bool(KNOWN_HEADINGS.match(line.rstrip(" :"))) and (
                next_line is None or not next_line[:1].islower())
            if (current is None or not current.lines or _ends_sentence(current.lines[-1]) or not current.numbered
                    or known) \
                    and not (page == 1 and i < salutation) \
                    and is_heading_candidate(line, next_line, full_width) and (known or not (
                        current is not None and current.lines and not _ends_sentence(current.lines[-1]))):
                close()
                # "Summary" and "Inspection findings" inside a graded section keep its heading,
                # which says more about the paragraphs below them.
                if not (graded_section and line.rstrip(" :").lower() in _SECTION_PARTS):
                    heading = re.sub(r"\?\d{1,2}$", "?", line.rstrip(" :"))   # "improve?1": a footnote mark
                    headings.append((page, heading))
                    graded_section = False
                after_heading = True
                i += 1
                continue
            if _BULLET.match(line):
                open_block(page, None, line)
                after_heading = False
                i += 1
                continue
            if current is None:
                open_block(page, None, line)
            elif not current.numbered and current.lines and _ends_sentence(current.lines[-1]) and (
                    len(current.lines[-1]) < full_width * 0.8 or _BULLET.match(current.lines[0])) \
                    and not line[:1].islower():
                open_block(page, None, line)
            else:
                current.lines.append(line)
            after_heading = False
            i += 1
        # A block continues over the page break only when its sentence does: the last line
        # does not end one, or the next page goes on in lower case ("…limited progress;" / "by the…").
        following = next((later[0] for later in page_lines[page_index + 1:] if later), "")
        if current is not None and current.lines and _ends_sentence(current.lines[-1]) and not current.numbered \
                and not following[:1].islower():
            close()
    close()
    return passages, headings


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9’']+(?:[-’'][A-Za-z0-9]+)*", text)
