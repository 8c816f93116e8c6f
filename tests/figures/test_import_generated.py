"""Imports from small generated tables: shapes, symbols, errors, and the year rules."""

from __future__ import annotations

from datetime import date

import pytest

from figures_helpers import indicators_csv, write_csv
from inspection_index import InspectionIndexError, figures
from inspection_index.figures.tables import parse_value


def count(catalogue) -> int:
    return catalogue.query("SELECT COUNT(*) AS n FROM figures")[0]["n"]


def test_parse_value_keeps_symbols_and_reads_thousands():
    assert parse_value('1,234') == (1234.0, None)
    assert parse_value(" 17.1 ") == (17.1, None)
    assert parse_value(12) == (12.0, None)
    assert parse_value("x") == (None, "x")
    assert parse_value("..") == (None, "..")
    assert parse_value(None) == (None, "")
    assert parse_value("low") == (None, "low")


def test_indicators_file_loads_local_authority_rows_only(catalogue, tmp_path):
    path = indicators_csv(tmp_path / "indicators.csv", [
        (2024, "330", "E08000025", "Birmingham", "12.9", "u", "26.6", "u", "u"),
        (2025, "330", "E08000025", "Birmingham", "8.5", "12.4", "17.1", "15.2", "3.7"),
        (2025, "940 / 941", "E06000061 / E06000062", "North Northamptonshire / West Northamptonshire",
         "10.4", "19.5", "25.9", "14.8", "3.3"),
    ])
    summary = figures.import_files(catalogue, [path])
    assert summary["files"][0]["source_table"] == "dfe-csww-la-indicators-2025"
    assert summary["rows"] == 15 and summary["files"][0]["not_published"] == 3
    assert summary["by_measure"]["vacancy_rate"] == {2024: 1, 2025: 2}
    assert figures.series(catalogue, "330", "agency_rate") == [
        {"year": 2024, "value": None, "source_table": "dfe-csww-la-indicators-2025", "marker": "u", "la_code": "330"},
        {"year": 2025, "value": 12.4, "source_table": "dfe-csww-la-indicators-2025", "marker": None, "la_code": "330"}]
    assert [p["value"] for p in figures.series(catalogue, "941", "vacancy_rate")] == [25.9]


def test_sfr_2016_shape_with_thousands_separators(catalogue, tmp_path):
    header = ["Region_name", "LA_code (9 digit)", "LA_name", "LA_code (3 digit)", "A1_FTE_ChildrensSocialWorkers_2016",
              "B3_FTE_TurnoverRate_2016", "D2_FTE_AgencyWorkerRate_2016", "A3_FTE_VacancyRate_2016",
              "C2_FTE_AbsenceRate_2016", "Average_caseload", "", ""]
    path = write_csv(tmp_path / "sfr.csv", header, [
        ["", "", "", "", "27,700", "15.1", "16.1", "16.7", "3.5", "16.1", "", ""],
        ["West Midlands", "E08000025", "Birmingham", "330", "1,230", "11.5", "23.4", "18.2", "3.3", "14.8", "", ""],
        ["London", "E09000027", "Richmond upon Thames", "318", ".", ".", ".", ".", ".", ".", "", ""],
        ["", "", "", "", "", "", "", "", "", "", "", ""],
    ])
    summary = figures.import_files(catalogue, [path])
    assert summary["files"][0]["source_table"] == "dfe-csww-sfr08-2017"
    assert figures.series(catalogue, "330", "caseload")[0]["value"] == 14.8
    assert figures.series(catalogue, "318", "vacancy_rate")[0]["marker"] == "."
    assert count(catalogue) == 10


def test_unknown_file_is_one_clear_error_and_changes_nothing(catalogue, tmp_path):
    good = indicators_csv(tmp_path / "good.csv", [(2025, "330", "E08000025", "Birmingham", "8.5", "12.4", "17.1", "15.2", "3.7")])
    figures.import_files(catalogue, [good])
    unknown = write_csv(tmp_path / "schools.csv", ["urn", "school_name", "pupils"], [["1", "A school", "300"]])
    with pytest.raises(InspectionIndexError) as raised:
        figures.import_files(catalogue, [good, unknown])
    message = str(raised.value)
    assert message.startswith(f"{unknown} is not a table inspection-index knows")
    assert "\n" not in message
    assert count(catalogue) == 5


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.4 not a table", "is not a CSV or XLSX file"),
    (b"\xd0\xcf\x11\xe0 old excel", "old Excel .xls file"),
    (b"PK\x03\x04 broken zip", "is not a readable XLSX file"),
])
def test_unreadable_files(catalogue, tmp_path, content, expected):
    path = tmp_path / "figures.csv"
    path.write_bytes(content)
    with pytest.raises(InspectionIndexError, match=expected):
        figures.import_files(catalogue, [path])


def test_malformed_known_table_names_the_line_and_stores_nothing(catalogue, tmp_path):
    path = indicators_csv(tmp_path / "bad.csv", [
        (2025, "330", "E08000025", "Birmingham", "8.5", "12.4", "17.1", "15.2", "3.7"),
        ("20x5", "331", "E08000026", "Coventry", "1", "2", "3", "4", "5"),
    ])
    with pytest.raises(InspectionIndexError, match=r"bad.csv line 4: time_period is '20x5', not a year"):
        figures.import_files(catalogue, [path])
    assert count(catalogue) == 0


def test_duplicated_rows_are_refused(catalogue, tmp_path):
    row = (2025, "330", "E08000025", "Birmingham", "8.5", "12.4", "17.1", "15.2", "3.7")
    with pytest.raises(InspectionIndexError, match="duplicated figure"):
        figures.import_files(catalogue, [indicators_csv(tmp_path / "twice.csv", [row, row])])


def test_no_files_is_an_error(catalogue):
    with pytest.raises(InspectionIndexError, match="no files"):
        figures.import_files(catalogue, [])


def test_newer_edition_wins_and_older_stays_citable(catalogue, tmp_path):
    figures.import_files(catalogue, [indicators_csv(tmp_path / "a.csv", [
        (2024, "330", "E08000025", "Birmingham", "12.9", "10", "26.6", "16", "4")])])
    figures.import_files(catalogue, [indicators_csv(tmp_path / "b.csv", [
        (2024, "330", "E08000025", "Birmingham", "12.9", "11", "26.6", "16", "4"),
        (2025, "330", "E08000025", "Birmingham", "8.5", "12.4", "17.1", "15.2", "3.7")])])
    agency = figures.for_report(catalogue, "80429", None, "2025-01-15")["agency_rate"]
    assert (agency["value"], agency["source_table"]) == (11.0, "dfe-csww-la-indicators-2025")
    assert {r["source_table"] for r in catalogue.query("SELECT DISTINCT source_table FROM figures")} == {
        "dfe-csww-la-indicators-2024", "dfe-csww-la-indicators-2025"}


@pytest.mark.parametrize("end, census, financial", [
    ("2024-03-10", 2023, 2023),
    ("2024-09-29", 2023, 2024),
    ("2024-09-30", 2024, 2024),
    ("2024-03-31", 2023, 2024),
    (date(2025, 1, 20), 2024, 2024),
])
def test_year_rules(end, census, financial):
    assert figures.workforce_year(end) == census
    assert figures.financial_year(end) == financial


def test_year_rules_refuse_a_non_date():
    with pytest.raises(ValueError, match="not an ISO date"):
        figures.workforce_year("March 2024")


def test_citations():
    assert figures.citation("vacancy_rate", 2025, "dfe-csww-la-indicators-2025") == (
        "DfE, Children's social work workforce 2025, LA indicators (vacancy_rate_fte), as at 30 September 2025")
    assert figures.citation("cin_per_social_worker", 2015, "dfe-csww-sfr07-2016") == (
        "DfE, Children's social work workforce, SFR07/2016 underlying data (CiNperCSW_FTE_2015), "
        "as at 30 September 2015")
    assert figures.citation("care_applications_per_10k", 2016, "cafcass-lait-care-applications-2025") == (
        "Cafcass, care applications per 10,000 children, via DfE LAIT (to year ending March 2025) "
        "(care_applications_per_10k), in April 2015 to March 2016")
    assert figures.citation("turnover_rate", 2016, "dfe-csww-sfr08-2017").endswith(
        "(B3_FTE_TurnoverRate_2016), in the year to 30 September 2016")


def test_measures_carry_label_unit_and_definition():
    for measure in ("vacancy_rate", "agency_rate", "turnover_rate", "caseload", "absence_rate",
                    "care_applications_per_10k", "cin_per_social_worker"):
        assert {"label", "unit", "definition"} <= set(figures.MEASURES[measure])
    assert figures.MEASURES["vacancy_rate"]["unit"] == "%"


def test_la_for_report():
    assert figures.la_for_report("80429", None).la_code == "330"
    assert figures.la_for_report(None, "Kensington & Chelsea").la_code == "207"
    assert figures.la_for_report(None, "Dorset", on="2016-01-01").la_code == "835"
    assert figures.la_for_report(None, "Dorset", on="2020-01-01").la_code == "838"
    assert figures.la_for_report(None, "Atlantis") is None
