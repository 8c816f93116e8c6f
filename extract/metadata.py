"""Metadata from a report's own text: kind, framework, title, local authority, dates, inspector.

Everything comes from the PDF (``extract FILE`` has no manifest). Each field is null when the
document does not state it; nothing is guessed from the file name.
"""

from __future__ import annotations

import re

from .dates import DATE_RUN, parse_date, parse_visits

# The first line of page 1 that matches one of these decides the kind (letters mention other
# inspections in passing, so the subject line, which comes first, wins).
_KIND_LINES: list[tuple[str, re.Pattern]] = [
    ("cafcass-inspection", re.compile(
        r"^(Ofsted )?(inspection|re-inspection) of (Cafcass|the Children and Family Court Advisory)|"
        r"^Cafcass( national)? inspection|^Inspection of Cafcass", re.I)),
    ("childrens-home-inspection", re.compile(r"^Children[’']s home inspection|^Inspection of a children[’']s home", re.I)),
    ("jtai", re.compile(r"^Joint targeted area inspection", re.I)),
    ("focused-visit", re.compile(r"^Focused visit to\b", re.I)),
    ("monitoring-visit", re.compile(r"^Monitoring visit (to|of)\b", re.I)),
    ("childrens-services-inspection", re.compile(
        r"^(Re-?inspection|Inspection) of (services for children in need of help|safeguarding and looked after|"
        r"looked after children|(?:.{2,80}? )?children[’']s (?:social care )?services|"
        r"[A-Z][\w ,’'-]{2,60}? (?:Children and Families |Children[’']s Services )?Trust\b)", re.I)),
    ("lscb-review", re.compile(r"^Review of the effectiveness of the (local|[A-Z][\w ]+) safeguarding children", re.I)),
]
# When no subject line matched, these phrases in the first page decide.
_KIND_PHRASES: list[tuple[str, re.Pattern]] = [
    ("cafcass-inspection", re.compile(r"inspection of (Cafcass|the Children and Family Court Advisory)", re.I)),
    ("childrens-home-inspection", re.compile(r"Unique reference number.*Registered provider|Registered provider.*Unique reference number", re.I | re.S)),
    ("focused-visit", re.compile(r"findings of (a|the) focused visit", re.I)),
    ("monitoring-visit", re.compile(r"findings of (a|the|our) monitoring visit|monitoring visit to", re.I)),
    ("jtai", re.compile(r"joint targeted area inspection", re.I)),
    ("childrens-services-inspection", re.compile(
        r"Inspection of services for children in need of help|local authority children[’']s services|"
        r"Inspection of safeguarding and looked after children|Inspection of looked after children", re.I)),
    ("lscb-review", re.compile(r"Review of the effectiveness of the local safeguarding children", re.I)),
]

SIF_START = "2013-11-01"
ILACS_START = "2018-01-01"
SPLIT_IN_CARE = "2023-01-01"       # ILACS inspections from 2023 grade children in care and care leavers apart
NO_OVERALL_FROM = "2026-04-20"     # ILACS inspections from late April 2026 have no overall effectiveness


def _with_next(lines: list[str]) -> list[str]:
    """Each line joined with the next (titles wrap: "Inspection of Dorset local authority" /
    "children's services")."""
    return [" ".join(lines[i:i + 3]) for i in range(len(lines))]


def detect_kind(page1: list[str], page2: list[str] | None = None) -> str:
    lines = _with_next(page1[:60])
    for line in lines:
        for kind, pattern in _KIND_LINES:
            if pattern.search(line):
                if kind == "childrens-services-inspection" or kind == "lscb-review":
                    return _inspection_or_lscb(page1)
                return kind
    text = " ".join(page1 + (page2 or [])[:20])
    for kind, pattern in _KIND_PHRASES:
        if pattern.search(text):
            if kind in ("childrens-services-inspection", "lscb-review"):
                return _inspection_or_lscb(page1)
            return kind
    return "other"


def _inspection_or_lscb(page1: list[str]) -> str:
    text = " ".join(page1[:30])
    if re.search(r"Inspection of (services for children|safeguarding and looked after|looked after children|"
                 r"(?:.{2,80}? )?children[’']s (?:social care )?services|.{2,60}?Trust\b)", text, re.I):
        return "childrens-services-inspection"
    if re.search(r"Review of the effectiveness of the .{0,40}safeguarding children", text, re.I):
        return "lscb-review"
    return "childrens-services-inspection"


def detect_framework(kind: str, title: str | None, start: str | None, page1_text: str) -> str | None:
    if kind not in ("childrens-services-inspection", "lscb-review"):
        return None
    text = (title or "") + " " + page1_text[:3000]
    if kind == "lscb-review":
        return "sif"
    if re.search(r"children[’']s services|children[’']s social care services|Trust\b", title or "", re.I) and not re.search(
            r"services for children in need", title or "", re.I) or re.search(
            r"^\s*Judgement\s+Grade\b", page1_text, re.I | re.M):
        return "ilacs"
    if re.search(r"services for children in need of help and\s+protection", text, re.I):
        return "sif"
    if re.search(r"Inspection of (safeguarding and looked after|looked after children)|Grade\s+[1-4]\s*\(", text, re.I):
        return "pre-2013"
    if start:
        if start < SIF_START:
            return "pre-2013"
        if start < ILACS_START:
            return "sif"
        return "ilacs"
    return None


def _title_from(lines: list[str], index: int, stop: re.Pattern) -> str:
    parts = [lines[index]]
    for line in lines[index + 1:index + 6]:
        if stop.search(line):
            break
        parts.append(line)
    title = re.sub(r"\s+", " ", " ".join(parts)).strip()
    return re.sub(r"(?<=[a-z’)])\d{1,2}\b", "", title)  # footnote markers ("Board1")


_TITLE_STOP = re.compile(
    r"^(Inspection dates?|Lead inspector|Judgement|Report published|This letter|Dear|The overall|"
    r"Between|Children[’']s services in|It is Ofsted|Unique reference|Inspection date|Age group|Published|"
    r"\d{1,2} \w+ \d{4}$|Ofsted$|Piccadilly)", re.I)


def detect_title(page1: list[str], kind: str) -> str | None:
    for index, line in enumerate(_with_next(page1[:60])):
        for line_kind, pattern in _KIND_LINES:
            if pattern.search(line):
                if line_kind in ("focused-visit", "monitoring-visit"):
                    title = page1[index]
                    following = page1[index + 1] if index + 1 < len(page1) else ""
                    if not re.search(r"services?$", title, re.I) and following and len(following) < 60 and not re.match(
                            r"^(This|Her|His|Inspectors|Dear|Ofsted)\b", following):
                        title += " " + following
                    return re.sub(r"\s+", " ", title).strip()
                return _title_from(page1, index, _TITLE_STOP)
    return None


_LA_SUFFIXES = re.compile(
    r"(’s|'s)?\s*\b(local authority|metropolitan borough council|metropolitan district council|metropolitan borough|"
    r"metropolitan district|borough council|city council|county council|district council|council|"
    r"children[’']s services trust)\s*$", re.I)
_LA_PREFIXES = re.compile(r"^(the\s+)?(london borough of|royal borough of|metropolitan borough of|city and county of|city of|county of|borough of)\s+", re.I)


def clean_la(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" ,.;:’'")
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    name = re.sub(r"[’']s$", "", name)  # "Trafford Council’s children’s services"
    for _ in range(3):
        stripped = _LA_SUFFIXES.sub("", name).strip(" ,’'")
        stripped = re.sub(r"\s+City$", "", stripped) if not re.fullmatch(r"City", stripped) else stripped
        stripped = _LA_PREFIXES.sub("", stripped).strip()
        if stripped == name:
            break
        name = stripped
    if not name or len(name) > 60:
        return None
    try:  # the project's own spelling of the name, when the core package knows it
        from inspection_index import lookup

        known = lookup.by_name(name)
        if known is not None:
            return known.name
    except Exception:  # noqa: BLE001 - the core lookup is a nicety, never a requirement
        pass
    return name


def detect_local_authority(page1: list[str], kind: str, title: str | None) -> str | None:
    text = re.sub(r"\s+", " ", " ".join(page1[:60]))
    candidates: list[str | None] = []
    if title:
        match = re.search(r"Inspection of (?!children)(.+?) (?:local authority )?children[’']s (?:social care )?services", title, re.I)
        if match and not re.search(r"Trust\b", match.group(1)):
            candidates.append(match.group(1))
        match = re.search(r"(?:Focused|Monitoring) visit (?:to|of) (.+?)(?:’s|'s)? (?:local authority )?children[’']s services", title, re.I)
        candidates.append(match.group(1) if match else None)
        if kind == "jtai":
            match = re.search(r"Joint targeted area inspection of (?:.* in )?(?:the )?(.+)$", title, re.I)
            candidates.append(match.group(1) if match else None)
    if kind in ("childrens-services-inspection", "lscb-review"):
        # SIF and pre-2013: the council's name stands above the title.
        for index, line in enumerate(page1[:12]):
            if re.match(r"^(Re-?inspection|Inspection|Review) of", line, re.I):
                above = [l for l in page1[:index] if not re.fullmatch(r"\d{1,3}", l)]
                if above:
                    # "Doncaster Metropolitan Borough" / "Council" is one name over two lines.
                    wrapped = len(above) >= 2 and re.fullmatch(r"(Metropolitan |Borough |County |City |District )*Council", above[-1], re.I) is not None
                    candidates.append(" ".join(above[-2:]) if wrapped else above[-1])
                break
    if kind in ("focused-visit", "monitoring-visit"):
        match = re.search(r"(?:focused|monitoring) visit (?:on [^.]*? )?to (?:the )?([^.]{2,60}?)(?:’s|'s)? (?:local authority )?children[’']s services", text, re.I)
        candidates.insert(0, match.group(1) if match else None)
    if kind == "jtai":
        match = re.search(r"response to .*? in ([A-Z][\w’' -]+?)(?:\.|\s+This|\s+Between)", text)
        candidates.append(match.group(1) if match else None)
    if title and kind == "childrens-services-inspection":
        match = re.search(r"Inspection of (?:the )?(.+?) (?:Children and Families |Children[’']s (?:Services )?)?Trust\b", title, re.I)
        candidates.append(match.group(1) if match else None)
    for candidate in candidates:
        cleaned = clean_la(candidate)
        if cleaned:
            return cleaned
    return None


def _after_label(lines: list[str], label: re.Pattern, span: int = 2) -> str | None:
    for index, line in enumerate(lines):
        match = label.search(line)
        if match:
            rest = line[match.end():].strip()
            following = " ".join(lines[index + 1:index + span])
            return (rest + " " + following).strip()
    return None


def detect_dates(page_lines: list[list[str]], kind: str, letter_date: str | None) -> list[tuple[str, str]]:
    first = page_lines[0] if page_lines else []
    second = page_lines[1] if len(page_lines) > 1 else []
    lines = first + second[:30]
    found = _after_label(lines, re.compile(r"^(Inspection|Visit|Review) dates?\s*[:\-–]?\s*", re.I))
    if found:
        visits = parse_visits(found, reference=letter_date)
        if visits:
            return visits
    text = re.sub(r"\s+", " ", " ".join(lines))
    patterns = [
        r"(?:focused|monitoring) visit[^.]*?\b(?:on|between|from)\s+(?:the\s+)?(\d.*?)(?:\.\s|\. |$)",
        r"(?:took place|was carried out|were carried out)\s+(?:from|between|on)\s+(\d.*?)(?:\.\s|\. |$)",
        r"\bBetween\s+(\d.*?),",
        r"\b(?:visit|inspection)\s+(?:on|between|from)\s+(?:the\s+)?(\d.*?)(?:\.\s|\. |$)",
    ]
    for pattern in patterns:
        match = re.search(pattern, text, re.I)
        if match and DATE_RUN.search(match.group(1) + " "):
            visits = parse_visits(match.group(1), reference=letter_date)
            if visits:
                return visits
    # Last resort for SIF/pre-2013 layouts that print the dates without a label.
    return []


def detect_letter_date(page1: list[str]) -> str | None:
    for line in page1[:25]:
        if re.fullmatch(r"\d{1,2}(st|nd|rd|th)? \w+ \d{4}", line.strip()):
            return parse_date(line)
    return None


def detect_published(page_lines: list[list[str]], kind: str) -> str | None:
    first = page_lines[0] if page_lines else []
    found = _after_label(first, re.compile(r"^(Report )?published\s*:?\s*", re.I), span=1)
    if found:
        published = parse_date(found)
        if published:
            return published
    if kind in ("focused-visit", "monitoring-visit", "jtai"):
        return detect_letter_date(first)
    return None


_NAME = r"[A-Z][A-Za-z’'\-]+(?:\s+(?:[A-Z][A-Za-z’'\-]+|de|van|von|le|la|du))*"


def clean_inspector(name: str | None) -> str | None:
    if not name:
        return None
    name = re.split(r",|\(|\b(?:Senior\s+)?HMI\b|\b(?:His|Her|Their)\s+Majesty|\bSenior\b|\bOfsted\b", name)[0]
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    if not re.fullmatch(_NAME, name) or len(name.split()) > 5:
        return None
    return name


def detect_lead_inspector(page_lines: list[list[str]], kind: str) -> str | None:
    everything = [line for lines in page_lines for line in lines]
    for line in everything:
        match = re.match(r"^Lead (?:social care )?inspector\s*:\s*(.+)$", line, re.I)
        if match:
            name = clean_inspector(match.group(1))
            if name:
                return name
    if kind in ("focused-visit", "monitoring-visit", "childrens-home-inspection"):
        for index, line in enumerate(everything):
            if re.match(r"^Yours? (sincerely|faithfully),?$", line.strip(), re.I):
                for candidate in everything[index + 1:index + 3]:
                    name = clean_inspector(candidate)
                    if name:
                        return name
                break
    return None
