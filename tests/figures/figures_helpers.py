"""Helpers for the figures tests: where the shared tables are, and small generated tables."""

from __future__ import annotations

import csv
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(os.environ.get("INSPECTION_INDEX_SHARED", REPO.parent / "shared")) / "data"
SHARED_TABLES = ["csww_indicators_2017_to_2025.csv", "csww_2015_SFR07_2016_UD.csv",
                 "csww_2016_SFR08_2017_UD.csv", "cafcass_care_applications_per_10k.csv"]

INDICATOR_HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                    "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
                    "turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
                    "absence_rate_fte"]


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def indicators_csv(path: Path, rows: list[tuple]) -> Path:
    """An LA indicators file; rows are (year, code, e_code, name, turnover, agency, vacancy,
    caseload, absence). A national row is added, as in the real file."""
    body = [[year, "Reporting year", "Local authority", "E92000001", "England", "", "", code, ecode,
             name, *values] for year, code, ecode, name, *values in rows]
    body.insert(0, [rows[0][0], "Reporting year", "National", "E92000001", "England", "", "", "", "", "",
                    "11.8", "13", "14.2", "15.2", "3.5"])
    return write_csv(path, INDICATOR_HEADER, body)


def value(catalogue, code: str, year: int, measure: str, source_prefix: str = "") -> tuple:
    rows = catalogue.query("SELECT value, marker FROM figures WHERE la_code = ? AND year = ? AND measure = ? "
                           "AND source_table LIKE ?", (code, year, measure, source_prefix + "%"))
    assert len(rows) == 1, rows
    return rows[0]["value"], rows[0]["marker"]
