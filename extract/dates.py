"""Dates as the reports write them, to ISO ``YYYY-MM-DD``.

Handles, among others: "2 July 2014 – 23 July 2014", "3 June – 25 June 2014", "18 Feb 2014 –
12 March 2014", "28 January–5 February 2014", "9–24 November 2017", "3 to 14 October 2022",
"17 March to 21 March 2025", "19 November 2018 to 30 November 2018", "1 and 2 October 2019",
"31 January and 1 February 2023", "on the 15 and 16 of May 2018", "between 20 October and
22 October 2020", "Between 27 February and 3 March 2017", "from 13 November 2023 to 17 November
2023", "15 December 2020", split visits "30 September to 11 October 2024 and 13 to 16 January
2025", ordinals ("1st"), abbreviated months ("Sept"), numeric "02/07/2014", every kind of dash,
and a year left out ("on 30 and 31 January", taken from the letter's date).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DASHES = "-‐‑‒–—―−~"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A run of date tokens: days, months, years and the words that join them.
_TOKEN = rf"(?:{_DAY}|{_MONTH}|\d{{4}}|to|and|of|the|until|till|[{DASHES}]|,)"
DATE_RUN = re.compile(rf"(?<![\w/])(?:{_DAY}\s*(?:{_TOKEN}\s*)*(?:{_MONTH}|\d{{4}}))", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
SINGLE_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\s*,?\s+(\d{{4}})\b", re.IGNORECASE)


def month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return MONTHS.get(word[:4]) if word[:4] == "sept" else MONTHS.get(word[:3])


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` ("8 September 2014", "08/09/2014"), as ISO."""
    match = SINGLE_DATE.search(text)
    if match:
        return _iso(int(match.group(3)), month_number(match.group(2)), int(match.group(1)))
    match = _NUMERIC.search(text)
    if match:
        return _iso(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = _ISO.search(text)
    if match:
        return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if not (year and month and day):
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _numeric_to_words(match: re.Match) -> str:
    """"12/03/2019" → "12 March 2019" (UK day-first order); an impossible month is left alone."""
    month = int(match.group(2))
    if not 1 <= month <= 12:
        return match.group(0)
    return f"{int(match.group(1))} {_MONTH_NAMES[month - 1]} {match.group(3)}"


def _normalise(text: str) -> str:
    text = text.replace("\n", " ")
    text = re.sub(rf"\s*[{DASHES}]\s*", " to ", text)
    text = re.sub(r"\b(until|till)\b", " to ", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"\bof\b|\bthe\b|,", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


def _parse_point(tokens: list[str]) -> tuple[int | None, int | None, int | None]:
    day = month = year = None
    for token in tokens:
        if re.fullmatch(r"\d{4}", token):
            year = int(token)
        elif re.fullmatch(r"\d{1,2}", token):
            day = int(token) if day is None else day
        else:
            number = month_number(token)
            if number:
                month = number
    return day, month, year


def _parse_range(text: str) -> tuple[tuple, tuple] | None:
    parts = re.split(r"\s+(?:to|and)\s+", text, flags=re.IGNORECASE)
    parts = [part for part in parts if part.strip()]
    if not parts:
        return None
    start = _parse_point(parts[0].split())
    end = _parse_point(parts[-1].split())
    return start, end


def parse_visits(text: str, reference: str | None = None) -> list[tuple[str, str]]:
    """Every visit (start, end) in a date expression, ISO strings; [] if none is readable.

    ``reference`` (an ISO date, e.g. the letter's date) supplies a missing year: the latest
    year that puts the visit on or before the reference date.
    """
    text = _NUMERIC.sub(_numeric_to_words, text)
    run = DATE_RUN.search(text)
    if not run:
        return []
    candidate = _normalise(run.group(0))
    # Two visits: "A to B and C to D" (each side of "and" is a range of its own).
    visits_text: list[str]
    pieces = re.split(r"\s+and\s+", candidate)
    if len(pieces) > 1 and all(re.search(r"\bto\b", piece) for piece in pieces):
        visits_text = pieces
    else:
        visits_text = [candidate]
    visits: list[tuple[str, str]] = []
    next_visit: tuple | None = None
    for piece in reversed(visits_text):
        parsed = _parse_range(piece)
        if not parsed:
            continue
        (sd, sm, sy), (ed, em, ey) = parsed
        if ey is None and next_visit is not None:
            ey = next_visit[2]
        sm = sm or em
        sy = sy or ey
        ed = ed if ed is not None else sd
        if ey is None and reference:
            ref_year, ref_month, ref_day = (int(x) for x in reference.split("-"))
            ey = ref_year if (em or 0, ed or 0) <= (ref_month, ref_day) else ref_year - 1
            sy = ey if (sm or 0) <= (em or 0) else ey - 1
        elif sy is None:
            sy = ey
        if sy and ey and sm and em and (sm, sd or 0) > (em, ed or 0) and sy == ey:
            sy = ey - 1  # "28 December to 8 January 2015"
        start, end = _iso(sy, sm, sd), _iso(ey, em, ed)
        if start and end:
            visits.append((start, end))
            next_visit = (ed, em, ey)
    visits.reverse()
    return visits
