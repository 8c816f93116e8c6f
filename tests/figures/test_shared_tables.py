"""The shared official statistics: every table loads, with the values the publishers printed."""

from __future__ import annotations

import pytest

from figures_helpers import SHARED_DATA, SHARED_TABLES, value
from inspection_index import InspectionIndexError, figures

pytestmark = pytest.mark.corpus


def test_every_shared_table_loads_into_its_own_source_table(shared_figures):
    _, summary = shared_figures
    tables = {loaded["source_table"] for loaded in summary["files"]}
    assert tables == {"dfe-csww-la-indicators-2025", "dfe-csww-sfr07-2016", "dfe-csww-sfr08-2017",
                      "cafcass-lait-care-applications-2025"}
    years = summary["by_measure"]
    assert sorted(years["vacancy_rate"]) == list(range(2015, 2026))
    assert sorted(years["caseload"]) == list(range(2016, 2026))      # not collected in 2015
    assert sorted(years["cin_per_social_worker"]) == [2015]          # 2015's own measure
    assert sorted(years["care_applications_per_10k"]) == list(range(2016, 2026))


def test_dfe_2025_birmingham(shared_figures):
    catalogue, _ = shared_figures
    assert value(catalogue, "330", 2025, "vacancy_rate") == (17.1, None)
    assert value(catalogue, "330", 2025, "agency_rate") == (12.4, None)
    assert value(catalogue, "330", 2025, "turnover_rate") == (8.5, None)
    assert value(catalogue, "330", 2025, "caseload") == (15.2, None)


def test_cafcass_2015_16_rates(shared_figures):
    catalogue, _ = shared_figures
    assert value(catalogue, "890", 2016, "care_applications_per_10k") == (39.0, None)  # Blackpool
    assert value(catalogue, "806", 2016, "care_applications_per_10k") == (29.9, None)  # Middlesbrough
    assert value(catalogue, "393", 2016, "care_applications_per_10k") == (28.9, None)  # South Tyneside


def test_2015_table_values_and_symbols(shared_figures):
    catalogue, _ = shared_figures
    # Birmingham at 30 September 2015 (SFR07/2016 prints whole numbers).
    assert value(catalogue, "330", 2015, "vacancy_rate") == (25.0, None)
    assert value(catalogue, "330", 2015, "agency_rate") == (21.0, None)
    assert value(catalogue, "330", 2015, "turnover_rate") == (15.0, None)
    assert value(catalogue, "330", 2015, "cin_per_social_worker") == (15.0, None)
    assert value(catalogue, "928", 2015, "vacancy_rate") == (57.0, None)    # Northamptonshire
    assert value(catalogue, "806", 2015, "agency_rate") == (None, "x")      # Middlesbrough
    assert value(catalogue, "352", 2015, "agency_rate") == (None, "..")     # Manchester
    assert value(catalogue, "857", 2015, "absence_rate") == (None, "-")     # Rutland
    assert not catalogue.query("SELECT 1 FROM figures WHERE year = 2015 AND measure = 'caseload'")


def test_2016_table_values_and_symbols(shared_figures):
    catalogue, _ = shared_figures
    assert value(catalogue, "330", 2016, "vacancy_rate") == (18.2, None)
    assert value(catalogue, "330", 2016, "caseload") == (14.8, None)        # Average_caseload
    assert value(catalogue, "208", 2016, "turnover_rate") == (66.7, None)   # Lambeth
    assert value(catalogue, "318", 2016, "vacancy_rate") == (None, ".")     # Richmond upon Thames
    assert value(catalogue, "841", 2016, "caseload") == (None, "..")        # Darlington
    # Regional rows (no LA code) and the trailing blank lines are not local authorities.
    assert catalogue.query("SELECT COUNT(DISTINCT la_code) AS n FROM figures WHERE source_table = "
                           "'dfe-csww-sfr08-2017'")[0]["n"] == 152


def test_each_caseload_keeps_its_own_definition(shared_figures):
    catalogue, _ = shared_figures
    definitions = {row["source_table"]: row["definition"] for row in catalogue.query(
        "SELECT source_table, definition FROM figure_measures WHERE measure = 'caseload'")}
    assert set(definitions) == {"dfe-csww-sfr08-2017", "dfe-csww-la-indicators-2025"}
    assert "first year" in definitions["dfe-csww-sfr08-2017"]
    assert definitions["dfe-csww-sfr08-2017"] != definitions["dfe-csww-la-indicators-2025"]
    cin = catalogue.query("SELECT definition FROM figure_measures WHERE measure = 'cin_per_social_worker'")
    assert "not the same measure as the average caseload" in cin[0]["definition"]


def test_reimport_is_idempotent(shared_figures):
    catalogue, _ = shared_figures
    everything = "SELECT * FROM figures ORDER BY source_table, la_code, year, measure"
    before = catalogue.query(everything)
    figures.import_files(catalogue, [SHARED_DATA / SHARED_TABLES[0], SHARED_DATA / SHARED_TABLES[3]])
    assert catalogue.query(everything) == before


def test_a_file_that_is_not_a_table_changes_nothing(shared_figures, tmp_path):
    catalogue, _ = shared_figures
    unknown = tmp_path / "pupils.csv"
    unknown.write_text("urn,pupils\n1,300\n", encoding="utf-8")
    before = catalogue.query("SELECT COUNT(*) AS n FROM figures")[0]["n"]
    with pytest.raises(InspectionIndexError, match="pupils.csv is not a table inspection-index knows"):
        figures.import_files(catalogue, [SHARED_DATA / SHARED_TABLES[0], unknown])
    assert catalogue.query("SELECT COUNT(*) AS n FROM figures")[0]["n"] == before


def test_the_lookups_published_beside_the_figures_are_passed_over(catalogue):
    summary = figures.import_files(catalogue, sorted(SHARED_DATA.glob("*.csv")))
    assert {loaded["path"].rsplit("/", 1)[-1] for loaded in summary["files"]} == set(SHARED_TABLES)
    passed = {item["path"].rsplit("/", 1)[-1]: item["reason"] for item in summary["not_figures"]}
    assert passed == {"las.csv": "DfE's register of local authority codes, not figures (inspection-index ships its own copy)",
                      "ofsted_provider_la_lookup.csv": "the Ofsted provider URN → local authority lookup, not figures "
                                                       "(inspection-index ships its own copy)"}
    with pytest.raises(InspectionIndexError, match="none of the files holds figures: .*las.csv is DfE's register"):
        figures.import_files(catalogue, [SHARED_DATA / "las.csv"])


def test_series_spans_the_tables_and_says_which(shared_figures):
    catalogue, _ = shared_figures
    points = figures.series(catalogue, "330", "vacancy_rate")
    assert [p["year"] for p in points] == list(range(2015, 2026))
    assert points[0]["source_table"] == "dfe-csww-sfr07-2016"
    assert (points[1]["value"], points[1]["source_table"]) == (18.2, "dfe-csww-sfr08-2017")
    assert points[-1]["value"] == 17.1
