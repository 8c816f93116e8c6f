"""Reading the published tables into figure rows, and storing them one file per transaction.

Each known table is recognised by its columns, never by its file name (publishers rename
files). Values are kept as published: a symbol in place of a number (``x``, ``z``, ``..``, a
blank) becomes a NULL value with that symbol as its ``marker``, so a missing figure can say why.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import InspectionIndexError
from .measures import (CAFCASS_LAIT, DFE_INDICATORS, DFE_SFR, MEASURES, SFR_EDITIONS, Family)

NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
THREE_DIGIT = re.compile(r"\d{3}")
KNOWN_TABLES = ("DfE's children's social work workforce tables (the 2017+ LA indicators file "
                "or the 2015/2016 SFR underlying data) or Cafcass care applications by local "
                "authority")


@dataclass
class ParsedTable:
    """One file's figures, ready to store. ``rows`` are
    (la_code, new_la_code, la_name, year, measure, value, marker)."""

    path: str
    family: Family
    edition: str
    release: str
    rows: list[tuple] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # why rows or sheets were not used

    @property
    def source_table(self) -> str:
        return self.family.source_table(self.edition)

    @property
    def measures(self) -> list[str]:
        return sorted({row[4] for row in self.rows})


def parse_value(cell: Any) -> tuple[float | None, str | None]:
    """(value, None) for a number, (None, symbol) for anything a publisher put in its place."""
    if isinstance(cell, bool):
        return None, str(cell)
    if isinstance(cell, (int, float)):
        return float(cell), None
    text = "" if cell is None else str(cell).strip()
    number = text.replace(",", "").removesuffix("%").strip()
    if NUMBER.fullmatch(number):
        return float(number), None
    return None, text


# -- reading files -----------------------------------------------------------------------

def read_sheets(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of an XLSX, or the one 'sheet' of a CSV, as lists of cell values."""
    try:
        body = path.read_bytes()
    except OSError as error:
        raise InspectionIndexError(f"cannot read {path}: {error.strerror or error}") from error
    if body.startswith(b"PK\x03\x04"):
        return _xlsx_sheets(path, body)
    if body.startswith(b"\xd0\xcf\x11\xe0"):
        raise InspectionIndexError(f"{path} is an old Excel .xls file; save it as .xlsx or CSV and import that")
    if b"\x00" in body[:4096] or body.startswith(b"%PDF"):
        raise InspectionIndexError(f"{path} is not a CSV or XLSX file")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = body.decode("cp1252", errors="replace")  # older DfE CSVs are Windows-encoded
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise InspectionIndexError(f"{path} is not a readable CSV file: {error}") from error
    return [(path.name, rows)]


def _xlsx_sheets(path: Path, body: bytes) -> list[tuple[str, list[list[Any]]]]:
    import openpyxl  # imported here: only spreadsheets need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise InspectionIndexError(f"{path} is not a readable XLSX file ({type(error).__name__})") from error
    try:
        return [(sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
                for sheet in book.worksheets]
    finally:
        book.close()


def _header(rows: list[list[Any]]) -> list[str]:
    return [str(cell).strip() if cell is not None else "" for cell in rows[0]] if rows else []


def _records(rows: list[list[Any]]) -> Iterable[tuple[int, dict[str, Any]]]:
    """(line number, {column: value}) for each data row; ragged rows are padded."""
    header = _header(rows)
    for number, row in enumerate(rows[1:], start=2):
        yield number, dict(zip(header, list(row) + [None] * (len(header) - len(row))))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _year(value: Any, path: Path, line: int, column: str) -> int:
    text = _text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise InspectionIndexError(f"{path} line {line}: {column} is {text!r}, not a year")
    return int(text)


# -- the known tables ----------------------------------------------------------------------

def parse_indicators(path: Path, rows: list[list[Any]]) -> ParsedTable:
    """DfE's LA indicators file (Explore education statistics), 2017 onwards."""
    figures = []
    for line, record in _records(rows):
        if _text(record.get("geographic_level")) != "Local authority":
            continue
        code = _text(record["old_la_code"])
        if not code:
            raise InspectionIndexError(f"{path} line {line}: a local authority row has no old_la_code")
        year = _year(record["time_period"], path, line, "time_period")
        for measure, column in DFE_INDICATORS.columns.items():
            value, marker = parse_value(record.get(column))
            figures.append((code, _text(record.get("new_la_code")) or None,
                            _text(record.get("la_name")), year, measure, value, marker))
    edition = str(max((row[3] for row in figures), default=0))
    return _checked(ParsedTable(str(path), DFE_INDICATORS, edition,
                                f"Children's social work workforce {edition} (Explore education statistics)",
                                figures))


SFR_VACANCY = re.compile(r"A3_FTE_VacancyRate_(\d{4})")


def parse_sfr(path: Path, rows: list[list[Any]]) -> ParsedTable:
    """DfE's SFR underlying data for one census year (2015, 2016): its year is in its columns."""
    header = _header(rows)
    year = next(int(m.group(1)) for m in map(SFR_VACANCY.fullmatch, header) if m)
    measures = {measure: DFE_SFR.column(measure, year) for measure in DFE_SFR.columns
                if DFE_SFR.column(measure, year) in header}
    figures = []
    for _, record in _records(rows):
        code = _text(record.get("LA_code (3 digit)"))
        if not code:  # national and regional rows, and trailing blank lines
            continue
        for measure, column in measures.items():
            value, marker = parse_value(record.get(column))
            figures.append((code, _text(record.get("LA_code (9 digit)")) or None,
                            _text(record.get("LA_name")), year, measure, value, marker))
    edition = SFR_EDITIONS.get(year, f"sfr-{year}")
    return _checked(ParsedTable(str(path), DFE_SFR, edition,
                                f"{edition.upper().replace('-', '/')}: children's social work "
                                f"workforce at 30 September {year}, underlying data", figures))


def parse_lait(path: Path, rows: list[list[Any]]) -> ParsedTable:
    """Cafcass care applications per 10,000 children as cut from DfE's LAIT long table."""
    figures = []
    for line, record in _records(rows):
        code = _text(record.get("old_la_code"))
        # England and regions carry 9xx codes but no region: they are not local authorities.
        if not THREE_DIGIT.fullmatch(code) or not _text(record.get("region")):
            continue
        year = _year(record["financial_year_ending"], path, line, "financial_year_ending")
        value, marker = parse_value(record.get("care_applications_per_10k"))
        figures.append((code, None, _text(record.get("area")), year,
                        "care_applications_per_10k", value, marker))
    edition = str(max((row[3] for row in figures), default=0))
    return _checked(ParsedTable(str(path), CAFCASS_LAIT, edition,
                                f"Cafcass care applications per 10,000 children, DfE LAIT, "
                                f"to year ending March {edition}", figures))


INDICATOR_COLUMNS = {"time_period", "geographic_level", "old_la_code", "la_name", "vacancy_rate_fte"}
LAIT_COLUMNS = {"old_la_code", "area", "region", "financial_year_ending", "care_applications_per_10k"}


def parse_known(path: Path, rows: list[list[Any]]) -> ParsedTable | None:
    """The table if its columns are one of the known tables', else None."""
    header = set(_header(rows))
    if INDICATOR_COLUMNS <= header:
        return parse_indicators(path, rows)
    if "LA_code (3 digit)" in header and any(SFR_VACANCY.fullmatch(column) for column in header):
        return parse_sfr(path, rows)
    if LAIT_COLUMNS <= header:
        return parse_lait(path, rows)
    return None


def _checked(table: ParsedTable) -> ParsedTable:
    if not table.rows:
        raise InspectionIndexError(f"{table.path} has the columns of {table.family.title.format(edition='…')} "
                                   "but no local authority rows")
    duplicates = [key for key, n in Counter(row[:1] + row[3:5] for row in table.rows).items() if n > 1]
    if duplicates:
        code, year, measure = duplicates[0]
        raise InspectionIndexError(f"{table.path} has {len(duplicates)} duplicated figure(s), e.g. "
                                   f"{measure} for local authority {code} in {year}")
    return table


# -- storing -------------------------------------------------------------------------------

def store(catalogue, table: ParsedTable) -> None:
    """Replace this edition's figures with ``table``'s, in one transaction (idempotent)."""
    source = table.source_table
    measures = [(measure, source, MEASURES[measure]["label"], MEASURES[measure]["unit"],
                 table.family.definition(measure), table.family.publisher_name, table.release)
                for measure in table.measures]
    rows = [(*row[:6], source, row[6]) for row in table.rows]
    with catalogue.transaction() as db:
        db.execute("DELETE FROM figures WHERE source_table = ?", (source,))
        db.execute("DELETE FROM figure_measures WHERE source_table = ?", (source,))
        db.executemany("""INSERT INTO figure_measures (measure, source_table, label, unit, definition,
                              publisher, release) VALUES (?,?,?,?,?,?,?)""", measures)
        db.executemany("""INSERT INTO figures (la_code, new_la_code, la_name, year, measure, value,
                              source_table, marker) VALUES (?,?,?,?,?,?,?,?)""", rows)


def summarise(tables: list[ParsedTable]) -> dict[str, Any]:
    """Rows loaded per file, and per measure and year (values and published gaps)."""
    by_measure: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for table in tables:
        for row in table.rows:
            by_measure[row[4]][row[3]] += 1
    return {
        "files": [{"path": t.path, "source_table": t.source_table, "release": t.release,
                   "rows": len(t.rows), "not_published": sum(1 for r in t.rows if r[5] is None),
                   "skipped": t.skipped} for t in tables],
        "rows": sum(len(t.rows) for t in tables),
        "by_measure": {m: dict(sorted(years.items())) for m, years in sorted(by_measure.items())},
    }


def store_all(catalogue, tables: list[ParsedTable]) -> dict[str, Any]:
    for table in tables:
        try:
            store(catalogue, table)
        except sqlite3.Error as error:
            raise InspectionIndexError(f"could not store the figures of {table.path}: {error}") from error
    return summarise(tables)
