"""Cafcass demand spreadsheets of care applications by local authority (XLSX and CSV)."""

from __future__ import annotations

import openpyxl
import pytest

from figures_helpers import write_csv
from inspection_index import InspectionIndexError, figures
from inspection_index.figures.sheet import parse_period


def demand_workbook(path):
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Cafcass care demand: notes and definitions"])
    rates = book.create_sheet("LA rates")
    rates.append(["Care applications per 10,000 children aged 0-17, by local authority"])
    rates.append([])
    rates.append(["Local authority", "2015-16", "2016-17", "2019-20"])
    rates.append(["Blackpool", 39.0, 48.2, 47.4])
    rates.append(["Middlesbrough", 29.9, 40.7, 45.1])
    rates.append(["England", 11.0, 12.3, 10.8])
    rates.append(["Dorset", 15.4, 16.3, 12.7])
    rates.append(["Kensington and Chelsea", "*", 5.0, 6.0])
    quarterly = book.create_sheet("Quarterly")
    quarterly.append(["LA code", "Local authority", "Financial year", "Quarter", "Care applications received"])
    for quarter, applications in zip("1234", (30, 25, 40, 35)):
        quarterly.append([890, "Blackpool", "2015-16", f"Q{quarter}", applications])
    for quarter in "123":
        quarterly.append([806, "Middlesbrough", "2016-17", f"Q{quarter}", 20])
    book.save(path)
    return path


@pytest.fixture
def loaded(catalogue, tmp_path):
    summary = figures.load_care_applications_sheet(catalogue, demand_workbook(tmp_path / "demand.xlsx"))
    return catalogue, summary


def test_wide_rates_sheet(loaded):
    catalogue, summary = loaded
    assert summary["files"][0]["source_table"] == "cafcass-demand-2020"
    rate = lambda code: [(p["year"], p["value"]) for p in figures.series(catalogue, code, "care_applications_per_10k")]  # noqa: E731
    assert rate("890") == [(2016, 39.0), (2017, 48.2), (2020, 47.4)]
    assert rate("806") == [(2016, 29.9), (2017, 40.7), (2020, 45.1)]


def test_a_name_means_the_council_of_that_year(loaded):
    catalogue, _ = loaded
    # 'Dorset' in 2015-16 and 2016-17 is the old county (835); in 2019-20 the new unitary (838).
    assert [p["year"] for p in figures.series(catalogue, "835", "care_applications_per_10k")] == [2016, 2017]
    assert [p["value"] for p in figures.series(catalogue, "838", "care_applications_per_10k")] == [12.7]


def test_symbols_kept_and_non_councils_skipped(loaded):
    catalogue, summary = loaded
    assert figures.series(catalogue, "207", "care_applications_per_10k")[0]["marker"] == "*"
    skipped = " ".join(summary["files"][0]["skipped"])
    assert "England" in skipped and "'Notes'" in skipped


def test_quarterly_counts_sum_only_whole_years(loaded):
    catalogue, summary = loaded
    assert figures.series(catalogue, "890", "care_applications") == [
        {"year": 2016, "value": 130.0, "source_table": "cafcass-demand-2020", "marker": None, "la_code": "890"}]
    assert figures.series(catalogue, "806", "care_applications") == []
    assert any("806 2017: only quarters [1, 2, 3]" in reason for reason in summary["files"][0]["skipped"])


def test_sheet_figures_join_to_reports_with_a_citation(loaded):
    catalogue, _ = loaded
    shown = figures.for_report(catalogue, None, "Blackpool", "2016-07-01")["care_applications_per_10k"]
    assert (shown["value"], shown["year"]) == (39.0, 2016)
    assert shown["citation"].startswith("Cafcass, demand statistics by local authority (to year ending March 2020)")


def test_reloading_the_sheet_is_idempotent(loaded, tmp_path):
    catalogue, _ = loaded
    before = catalogue.query("SELECT * FROM figures ORDER BY la_code, year, measure")
    figures.import_files(catalogue, [demand_workbook(tmp_path / "again.xlsx")])  # import finds it too
    assert catalogue.query("SELECT * FROM figures ORDER BY la_code, year, measure") == before


def test_csv_with_month_range_quarters(catalogue, tmp_path):
    path = write_csv(tmp_path / "care_applications_by_la.csv",
                     ["Area", "Apr-Jun 2015", "Jul-Sep 2015", "Oct-Dec 2015", "Jan-Mar 2016"],
                     [["Blackpool", "10", "20", "30", "40"], ["North East", "1", "2", "3", "4"]])
    figures.load_care_applications_sheet(catalogue, path)
    assert [(p["year"], p["value"]) for p in figures.series(catalogue, "890", "care_applications")] == [(2016, 100.0)]


def test_a_spreadsheet_without_la_figures_is_one_clear_error(catalogue, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Private law cases by month"])
    book.active.append(["Month", "Cases"])
    book.save(tmp_path / "private.xlsx")
    with pytest.raises(InspectionIndexError, match="has no care application figures by local authority"):
        figures.load_care_applications_sheet(catalogue, tmp_path / "private.xlsx")
    assert catalogue.query("SELECT COUNT(*) AS n FROM figures")[0]["n"] == 0


@pytest.mark.parametrize("label, period", [
    ("2015-16", (2016, None)), ("2015/2016", (2016, None)), ("2015-16 Q3", (2016, 3)),
    ("Q1 2016/17", (2017, 1)), ("Jan-Mar 2016", (2016, 4)), ("Apr to Jun 2015", (2016, 1)),
    ("Year ending 31 March 2019", (2019, None)), ("2015-17", None), ("Blackpool", None),
])
def test_parse_period(label, period):
    assert parse_period(label) == period
