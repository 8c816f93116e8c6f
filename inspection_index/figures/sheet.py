"""Cafcass demand spreadsheets (XLSX or CSV) of care applications by local authority.

Cafcass has changed its spreadsheets' layout over the years and no stored copy fixes one, so
the reader looks for what every layout has: a header row with a local authority column (a
name or a code) and either

- *wide*: one column per financial year or quarter ("2015-16", "2015/16 Q1", "Apr-Jun 2015"),
  the measure named by the sheet's title or the text above the header; or
- *long*: a year (or period) column and value columns named for the measure.

"…per 10,000…" or "rate" means care applications per 10,000 children; "applications" means a
count. Quarterly counts are summed into financial years only when all four quarters are there
(a partial year is skipped, never stored as if whole); quarterly rates are skipped. Rows that
are not a local authority (England, regions, totals, notes) are skipped and listed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InspectionIndexError
from . import councils
from .measures import CAFCASS_DEMAND
from .tables import ParsedTable, _checked, parse_value, read_sheets

HEADER_SEARCH_ROWS = 40
FINANCIAL_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*(?:-|/|–|to)\s*(\d{2}|20\d{2})(?!\d)")
YEAR_ENDING = re.compile(r"ending\s+(?:31\s+)?march\s+(20\d{2})")
QUARTER = re.compile(r"\bq\s*([1-4])\b")
MONTH_RANGE = re.compile(r"\b(jan|apr|jul|oct)[a-z]*\s*(?:20\d{2})?\s*(?:-|–|to)\s*"
                         r"(?:mar|jun|sep|dec)[a-z]*\s*(20\d{2})\b")
QUARTER_OF_START_MONTH = {"apr": 1, "jul": 2, "oct": 3, "jan": 4}


def _norm(cell: Any) -> str:
    return re.sub(r"\s+", " ", str(cell if cell is not None else "").strip().lower().replace("_", " "))


class NoCareApplications(InspectionIndexError):
    """A spreadsheet without care application figures by local authority."""

    def __init__(self, path: Path, detail: str):
        self.detail = detail
        super().__init__(f"{path} has no care application figures by local authority (looked for a "
                         f"local authority column beside financial-year columns: {detail})")


def parse_period(text: str, plain_year_ends: bool = False) -> tuple[int, int | None] | None:
    """(financial year ending, quarter or None) from a period label, or None if it is not one."""
    text = _norm(text)
    if match := MONTH_RANGE.search(text):
        quarter, year = QUARTER_OF_START_MONTH[match.group(1)], int(match.group(2))
        return (year if quarter == 4 else year + 1), quarter
    if match := YEAR_ENDING.search(text):
        return int(match.group(1)), None
    if match := FINANCIAL_YEAR.search(text):
        start, end = int(match.group(1)), match.group(2)
        end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        if end_year != start + 1:
            return None
        quarter = QUARTER.search(text)
        return end_year, int(quarter.group(1)) if quarter else None
    if plain_year_ends and re.fullmatch(r"20\d{2}(\.0)?", text):
        return int(float(text)), None
    return None


def measure_named(text: str) -> str | None:
    text = _norm(text)
    if re.search(r"per 10,?000|per 10k|\brate\b", text):
        return "care_applications_per_10k"
    if "application" in text:
        return "care_applications"
    return None


def _is_name_column(label: str) -> bool:
    return label in {"la", "la name", "area", "area name", "local authority name", "authority"} or (
        label.startswith("local authority") and "code" not in label)


def _is_code_column(label: str) -> bool:
    return "code" in label and any(word in label for word in ("la", "local authority", "ons", "area"))


class _Sheet:
    """Where a sheet's header is and what its columns hold."""

    def __init__(self, title: str, rows: list[list[Any]]):
        self.title, self.rows = title, rows
        self.header_at = self.name_col = self.code_col = self.year_col = self.quarter_col = None
        self.periods: dict[int, tuple[int, int | None]] = {}
        self.values: dict[int, str] = {}
        self.plain_year_ends = False
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            labels = [_norm(cell) for cell in row]
            names = [i for i, label in enumerate(labels) if _is_name_column(label)]
            codes = [i for i, label in enumerate(labels) if _is_code_column(label)]
            if names or codes:
                self.header_at = index
                self.name_col = names[0] if names else None
                # The 3-digit code if there is one ("old la code"), else any code.
                old = [i for i in codes if "old" in labels[i] or "3" in labels[i]]
                self.code_col = (old or codes or [None])[0]
                self._columns(labels)
                break

    def _columns(self, labels: list[str]) -> None:
        for i, label in enumerate(labels):
            if i in (self.name_col, self.code_col) or not label:
                continue
            if label == "quarter":
                self.quarter_col = i
            elif "year" in label or label in ("period", "fy"):
                self.year_col, self.plain_year_ends = i, "ending" in label
            elif period := parse_period(label):
                self.periods[i] = period
            elif measure := measure_named(label):
                self.values[i] = measure

    def context_measure(self) -> str | None:
        """The measure a wide sheet holds, named by its title or the text above its header."""
        above = " ".join(_norm(cell) for row in self.rows[: self.header_at] for cell in row if cell)
        return measure_named(self.title) or measure_named(above)


def parse_care_applications(path: Path, sheets: list[tuple[str, list[list[Any]]]] | None = None) -> ParsedTable:
    """The care application figures by local authority in a Cafcass spreadsheet."""
    path = Path(path)
    sheets = read_sheets(path) if sheets is None else sheets
    annual: dict[tuple[str, int, str], tuple[float | None, str | None, str]] = {}
    quarters: dict[tuple[str, int, str], dict[int, tuple[float | None, str | None]]] = defaultdict(dict)
    names: dict[tuple[str, int, str], str] = {}
    skipped: list[str] = []

    def put(code: str, name: str, year: int, quarter: int | None, measure: str, cell: Any) -> None:
        key = (code, year, measure)
        names[key] = name
        if quarter is None:
            annual[key] = (*parse_value(cell), name)
        elif measure == "care_applications":
            quarters[key][quarter] = parse_value(cell)

    for title, rows in sheets:
        sheet = _Sheet(title, rows)
        if sheet.header_at is None:
            skipped.append(f"sheet {title!r}: no local authority column")
            continue
        wide_measure = sheet.context_measure() if sheet.periods else None
        if sheet.periods and not wide_measure:
            skipped.append(f"sheet {title!r}: does not say whether it counts applications or rates")
        if not sheet.periods and not (sheet.year_col is not None and sheet.values):
            skipped.append(f"sheet {title!r}: no financial-year columns")
            continue
        unknown: set[str] = set()
        for row in rows[sheet.header_at + 1:]:
            cell = lambda i: row[i] if i is not None and i < len(row) else None  # noqa: E731
            name = str(cell(sheet.name_col) or "").strip()
            code = str(cell(sheet.code_col) or "").strip().removesuffix(".0")
            if not name and not code:
                continue
            if wide_measure:
                # Resolved per year: a name can mean different councils over time (Dorset).
                resolved = False
                for column, (year, quarter) in sheet.periods.items():
                    if council := _council(code, name, year):
                        resolved = True
                        put(council.la_code, name or council.name, year, quarter, wide_measure, cell(column))
                if not resolved:
                    unknown.add(name or code)
            elif sheet.year_col is not None:
                period = parse_period(str(cell(sheet.year_col) or ""), sheet.plain_year_ends)
                if period is None:
                    continue
                year, quarter = period
                if sheet.quarter_col is not None and quarter is None:
                    found = QUARTER.search(_norm(cell(sheet.quarter_col)))
                    quarter = int(found.group(1)) if found else None
                council = _council(code, name, year)
                if council is None:
                    unknown.add(name or code)
                    continue
                for column, measure in sheet.values.items():
                    put(council.la_code, name or council.name, year, quarter, measure, cell(column))
        if unknown:
            skipped.append(f"sheet {title!r}: not a local authority: " + ", ".join(sorted(unknown)[:8])
                           + (" …" if len(unknown) > 8 else ""))

    for key, by_quarter in quarters.items():
        if set(by_quarter) != {1, 2, 3, 4}:
            skipped.append(f"{key[0]} {key[1]}: only quarters {sorted(by_quarter)} of the year")
            continue
        if key not in annual:  # a published annual total wins over our sum of its quarters
            markers = [marker for _, marker in by_quarter.values() if marker is not None]
            total = None if markers else sum(value for value, _ in by_quarter.values())
            annual[key] = (total, markers[0] if markers else None, names[key])

    figures = [(code, None, name, year, measure, value, marker)
               for (code, year, measure), (value, marker, name) in sorted(annual.items())]
    if not figures:
        raise NoCareApplications(path, "; ".join(skipped[:3]) or "it has no sheets")
    edition = str(max(row[3] for row in figures))
    table = ParsedTable(str(path), CAFCASS_DEMAND, edition,
                        f"Cafcass demand statistics ({path.name}), to year ending March {edition}",
                        figures, skipped)
    return _checked(table)


def _council(code: str, name: str, year: int) -> councils.Council | None:
    if code:
        return councils.by_code(code)
    return councils.by_name(name, on=date(year, 3, 31))
