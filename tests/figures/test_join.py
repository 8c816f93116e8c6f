"""Figures beside reports: the council, the year, and honest gaps for reorganised councils."""

from __future__ import annotations

import pytest

from inspection_index import figures

pytestmark = pytest.mark.corpus

DORSET, BCP, NORTH_NORTHANTS, KENSINGTON, CUMBERLAND, BIRMINGHAM = (
    "2532283", "2532287", "2637539", "80544", "2733690", "80429")


def test_birmingham_2025_with_citations(shared_figures):
    catalogue, _ = shared_figures
    shown = figures.for_report(catalogue, BIRMINGHAM, "Birmingham", "2026-02-01")
    assert {m: shown[m]["value"] for m in ("vacancy_rate", "agency_rate", "turnover_rate", "caseload")} == {
        "vacancy_rate": 17.1, "agency_rate": 12.4, "turnover_rate": 8.5, "caseload": 15.2}
    vacancy = shown["vacancy_rate"]
    assert (vacancy["year"], vacancy["la_code"], vacancy["status"]) == (2025, "330", "ok")
    assert vacancy["citation"] == ("DfE, Children's social work workforce 2025, LA indicators "
                                   "(vacancy_rate_fte), as at 30 September 2025")
    assert vacancy["release"].startswith("Children's social work workforce 2025")


def test_inspection_uses_the_census_before_it_ended(shared_figures):
    catalogue, _ = shared_figures
    shown = figures.for_report(catalogue, BIRMINGHAM, "Birmingham", "2024-03-10")
    assert (shown["vacancy_rate"]["year"], shown["vacancy_rate"]["value"]) == (2023, 26.7)
    # Cafcass: the financial year ending 31 March 2023 (April 2022 to March 2023).
    assert shown["care_applications_per_10k"]["year"] == 2023


def test_new_dorset_has_no_figures_before_it_existed(shared_figures):
    catalogue, _ = shared_figures
    shown = figures.for_report(catalogue, DORSET, "Dorset", "2019-03-01")
    vacancy = shown["vacancy_rate"]
    assert vacancy["value"] is None and vacancy["la_code"] == "838"
    assert vacancy["status"] == "no_figure"
    assert "created on 1 April 2019" in vacancy["missing_reason"]
    # The old county (835) had 11.6% that year: never borrowed.
    assert figures.series(catalogue, "835", "vacancy_rate")[-1] == {
        "year": 2018, "value": 11.6, "source_table": "dfe-csww-la-indicators-2025", "marker": None,
        "la_code": "835"}


def test_dorset_by_name_means_the_council_of_that_date(shared_figures):
    catalogue, _ = shared_figures
    old = figures.for_report(catalogue, None, "Dorset", "2016-03-01")
    assert (old["vacancy_rate"]["la_code"], old["vacancy_rate"]["value"]) == ("835", 19.0)
    new = figures.for_report(catalogue, None, "Dorset", "2024-03-10")
    assert (new["vacancy_rate"]["la_code"], new["vacancy_rate"]["value"]) == ("838", 21.9)


def test_new_dorset_cafcass_gap_is_shown_not_filled(shared_figures):
    catalogue, _ = shared_figures
    applications = figures.for_report(catalogue, DORSET, "Dorset", "2024-03-10")["care_applications_per_10k"]
    assert applications["value"] is None and applications["status"] == "not_published"
    assert applications["missing_reason"].startswith("left blank")
    assert "'Dorset (Pre LG)' (835)" in applications["note"] and "not used" in applications["note"]


def test_bcp(shared_figures):
    catalogue, _ = shared_figures
    shown = figures.for_report(catalogue, BCP, None, "2022-05-05")
    assert (shown["vacancy_rate"]["la_code"], shown["vacancy_rate"]["value"]) == ("839", 27.2)
    assert shown["care_applications_per_10k"]["value"] == 12.1
    before = figures.for_report(catalogue, BCP, None, "2019-02-01")["vacancy_rate"]
    assert before["value"] is None and "created on 1 April 2019" in before["missing_reason"]


def test_north_northamptonshire(shared_figures):
    catalogue, _ = shared_figures
    before = figures.for_report(catalogue, NORTH_NORTHANTS, None, "2021-03-01")["vacancy_rate"]
    assert before["value"] is None
    assert before["missing_reason"].startswith("no DfE figure for North Northamptonshire")
    assert "created on 1 April 2021" in before["missing_reason"]
    after = figures.for_report(catalogue, NORTH_NORTHANTS, None, "2023-06-01")["vacancy_rate"]
    assert (after["value"], after["la_code"]) == (36.5, "940 / 941")
    assert after["note"].startswith("published jointly for North Northamptonshire / West Northamptonshire")
    # Cafcass prints nothing for 940 (its figures stay under the old county, 928): a gap.
    assert figures.for_report(catalogue, NORTH_NORTHANTS, None, "2023-06-01")[
        "care_applications_per_10k"]["value"] is None


def test_cumberland_does_not_borrow_cumbria(shared_figures):
    catalogue, _ = shared_figures
    shown = figures.for_report(catalogue, CUMBERLAND, "Cumberland", "2024-06-01")
    assert shown["vacancy_rate"]["value"] == 23.9
    assert shown["care_applications_per_10k"]["value"] is None     # Cumbria (909) had 10.9


def test_kensington_and_chelsea_2025_published_as_not_available(shared_figures):
    catalogue, _ = shared_figures
    shown = figures.for_report(catalogue, KENSINGTON, "Kensington and Chelsea", "2026-01-20")
    for measure in ("vacancy_rate", "agency_rate", "turnover_rate", "caseload", "absence_rate"):
        assert shown[measure]["value"] is None
        assert shown[measure]["status"] == "not_published"
        assert shown[measure]["missing_reason"].startswith("published as not available ('x') in DfE")
    assert shown["care_applications_per_10k"]["value"] == 8.5


def test_a_report_with_no_council(shared_figures):
    catalogue, _ = shared_figures
    shown = figures.for_report(catalogue, "999999999", "Nowhere", "2020-01-01")
    assert all(f["value"] is None and f["status"] == "no_council" for f in shown.values())
