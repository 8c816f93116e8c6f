"""Official figures by local authority and year, joined to reports.

DfE's children's social work workforce (vacancy, agency, turnover, caseload, absence; the 2017+
LA indicators file and the 2015 and 2016 SFR tables, each measure kept with its own
definition) and Cafcass care applications, stored in the catalogue's ``figures`` and
``figure_measures`` tables, keyed by DfE 3-digit LA code, year and source table edition.

Public API:

- :data:`MEASURES` — measure → label, unit, period kind and definition.
- :func:`import_files` — load files on disk (each table recognised by its columns).
- :func:`load_care_applications_sheet` — load a Cafcass demand spreadsheet (XLSX/CSV).
- :func:`fetch` — download the publishers' current releases and load them.
- :func:`workforce_year`, :func:`financial_year` — the year an inspection falls in.
- :func:`la_for_report`, :func:`for_report`, :func:`series` — figures beside a report.
- :func:`citation` — how to cite one figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .. import lookup
from ..errors import InspectionIndexError
from .fetch import DEFAULT_SOURCES, EES_CONTENT_API, fetch
from .join import (figure_for, financial_year, for_report, la_for_report, series, workforce_year,
                   year_for)
from .measures import MARKERS, MEASURES, citation, period_text
from .sheet import NoCareApplications, parse_care_applications
from .tables import KNOWN_TABLES, ParsedTable, parse_known, read_sheets, store_all


def parse_file(path: str | Path) -> ParsedTable:
    """The figures in one file: a known DfE/Cafcass table, else a Cafcass demand spreadsheet."""
    path = Path(path)
    return _parse(path, read_sheets(path))


def _parse(path: Path, sheets: list) -> ParsedTable:
    for _, rows in sheets[:1]:
        known = parse_known(path, rows)
        if known:
            return known
    try:
        return parse_care_applications(path, sheets)
    except NoCareApplications as error:
        raise InspectionIndexError(f"{path} is not a table inspection-index knows: expected "
                                   f"{KNOWN_TABLES} ({error.detail})") from error


def import_files(catalogue, paths: Iterable[str | Path]) -> dict[str, Any]:
    """Load files into the catalogue: all are read and checked first, then each is stored in
    its own transaction (re-importing a file replaces its earlier rows, so it is idempotent).

    Returns ``{"files": [{path, source_table, release, rows, not_published, skipped}],
    "rows": N, "by_measure": {measure: {year: rows}}, "not_figures": [{path, reason}]}``; the
    lookup tables published beside the statistics (``lookup.REFERENCE_TABLES``) are passed over
    as ``not_figures``.
    """
    paths = [Path(path) for path in paths]
    if not paths:
        raise InspectionIndexError("no files to import")
    tables, not_figures = [], []
    for path in paths:
        sheets = read_sheets(path)
        reference = lookup.reference_table(sheets[0][1][0]) if sheets and sheets[0][1] else None
        if reference:
            not_figures.append({"path": str(path), "reason": f"{reference}, not figures (inspection-index "
                                                              f"ships its own copy)"})
        else:
            tables.append(_parse(path, sheets))
    if not tables:
        raise InspectionIndexError("none of the files holds figures: "
                                   + "; ".join(f"{item['path']} is {item['reason']}" for item in not_figures))
    return {**store_all(catalogue, tables), "not_figures": not_figures}


def load_care_applications_sheet(catalogue, path: str | Path) -> dict[str, Any]:
    """Load a Cafcass spreadsheet of care applications by local authority (as crawled)."""
    return store_all(catalogue, [parse_care_applications(Path(path))])


__all__ = [
    "DEFAULT_SOURCES", "EES_CONTENT_API", "MARKERS", "MEASURES", "citation", "fetch", "figure_for",
    "financial_year", "for_report", "import_files", "la_for_report", "load_care_applications_sheet",
    "parse_file", "period_text", "series", "workforce_year", "year_for",
]
