"""What each official figure is, and which publisher's table (and edition) it came from.

A ``source_table`` id names one edition of one published table, e.g.
``dfe-csww-la-indicators-2025`` (DfE's LA indicators file of the 2025 release) — so a figure
cited today still resolves after a newer release is imported beside it. :func:`family_of`
turns an id back into its publisher, title and columns; :func:`citation` needs nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Census measures are snapshots at 30 September (turnover: the year to 30 September);
# Cafcass measures count a financial year, labelled by the year it ends (2016 = 2015-16).
CENSUS, FINANCIAL_YEAR = "census", "financial_year"

MEASURES: dict[str, dict[str, str]] = {
    "vacancy_rate": {
        "label": "Vacancy rate", "unit": "%", "period": CENSUS,
        "definition": "FTE vacancies as a percentage of FTE vacancies plus FTE social workers "
                      "in post, at 30 September.",
    },
    "agency_rate": {
        "label": "Agency worker rate", "unit": "%", "period": CENSUS,
        "definition": "FTE agency social workers as a percentage of agency plus directly "
                      "employed FTE social workers, at 30 September.",
    },
    "turnover_rate": {
        "label": "Turnover rate", "unit": "%", "period": CENSUS,
        "definition": "FTE leavers in the year to 30 September as a percentage of FTE social "
                      "workers in post at 30 September.",
    },
    "caseload": {
        "label": "Average caseload", "unit": "cases per social worker", "period": CENSUS,
        "definition": "Cases held by case-holding social workers divided by the number of FTE "
                      "social workers holding one or more cases, at 30 September.",
    },
    "absence_rate": {
        "label": "Sickness absence rate", "unit": "%", "period": CENSUS,
        "definition": "Working days lost to sickness absence as a percentage of working days "
                      "available to FTE social workers, in the year to 30 September.",
    },
    "cin_per_social_worker": {
        "label": "Children in need per social worker", "unit": "children per FTE social worker",
        "period": CENSUS,
        "definition": "Children in need divided by FTE children's social workers, at 30 "
                      "September 2015: the caseload proxy DfE published before it collected "
                      "caseloads; not the same measure as the average caseload.",
    },
    "care_applications_per_10k": {
        "label": "Care applications per 10,000 children", "unit": "per 10,000 children",
        "period": FINANCIAL_YEAR,
        "definition": "Care applications (section 31, Children Act 1989) received by Cafcass "
                      "in the financial year, per 10,000 children aged 0-17.",
    },
    "care_applications": {
        "label": "Care applications", "unit": "applications", "period": FINANCIAL_YEAR,
        "definition": "Care applications (section 31, Children Act 1989) received by Cafcass "
                      "in the financial year, counted on receipt.",
    },
}

PERCENT_MEASURES = frozenset(m for m, info in MEASURES.items() if info["unit"] == "%")

# What a publisher's symbol in place of a number means (DfE's and Explore Education
# Statistics' conventions); anything else is quoted as published.
MARKERS: dict[str, str] = {
    "x": "not available",
    "..": "not available",
    ":": "not available",
    "z": "not applicable",
    ".": "not applicable",
    "c": "suppressed (confidential)",
    "*": "suppressed (small number)",
    "u": "withheld as of low reliability",
    "low": "a positive value that rounds to zero",
    "-": "nil or negligible",
    "": "left blank",
}


@dataclass(frozen=True)
class Family:
    """One kind of published table; its editions share columns and definitions."""

    prefix: str                    # source_table ids are f"{prefix}-{edition}"
    publisher: str                 # short, for citations: "DfE", "Cafcass"
    publisher_name: str            # for figure_measures.publisher
    title: str                     # citation text; {edition} is filled in
    columns: dict[str, str]        # measure -> the publisher's column (may hold {year})
    definitions: dict[str, str] = field(default_factory=dict)  # overrides MEASURES'

    def source_table(self, edition: str) -> str:
        return f"{self.prefix}-{edition}"

    def column(self, measure: str, year: int) -> str:
        return self.columns.get(measure, measure).format(year=year)

    def definition(self, measure: str) -> str:
        return self.definitions.get(measure, MEASURES[measure]["definition"])


DFE_INDICATORS = Family(
    prefix="dfe-csww-la-indicators", publisher="DfE", publisher_name="Department for Education",
    title="Children's social work workforce {edition}, LA indicators",
    columns={"vacancy_rate": "vacancy_rate_fte", "agency_rate": "agency_rate_fte",
             "turnover_rate": "turnover_rate_fte", "caseload": "caseload_fte",
             "absence_rate": "absence_rate_fte"},
)

# SFR underlying data: one table per census year, its year in every column name. The
# edition is the SFR's own number ("sfr07-2016" is SFR07/2016, the census of 2015).
SFR_EDITIONS = {2015: "sfr07-2016", 2016: "sfr08-2017"}
DFE_SFR = Family(
    prefix="dfe-csww", publisher="DfE", publisher_name="Department for Education",
    title="Children's social work workforce, {edition} underlying data",
    columns={"vacancy_rate": "A3_FTE_VacancyRate_{year}", "agency_rate": "D2_FTE_AgencyWorkerRate_{year}",
             "turnover_rate": "B3_FTE_TurnoverRate_{year}", "absence_rate": "C2_FTE_AbsenceRate_{year}",
             "caseload": "Average_caseload", "cin_per_social_worker": "CiNperCSW_FTE_{year}"},
    definitions={
        "caseload": "Average caseload of case-holding children's social workers at 30 "
                    "September 2016, the first year DfE collected caseloads; not computed as "
                    "cases divided by FTE case holders (the 2017+ caseload_fte), so compare "
                    "it with later years with care.",
    },
)

CAFCASS_LAIT = Family(
    prefix="cafcass-lait-care-applications", publisher="Cafcass",
    publisher_name="Cafcass (as carried in DfE's Local Authority Interactive Tool)",
    title="care applications per 10,000 children, via DfE LAIT (to year ending March {edition})",
    columns={"care_applications_per_10k": "care_applications_per_10k"},
)

CAFCASS_DEMAND = Family(
    prefix="cafcass-demand", publisher="Cafcass", publisher_name="Cafcass",
    title="demand statistics by local authority (to year ending March {edition})",
    columns={},
)

# Longest prefix first: "dfe-csww-la-indicators" must win over "dfe-csww".
FAMILIES = sorted([DFE_INDICATORS, DFE_SFR, CAFCASS_LAIT, CAFCASS_DEMAND],
                  key=lambda family: -len(family.prefix))


def family_of(source_table: str) -> tuple[Family, str]:
    """The table family and edition of a source_table id."""
    for family in FAMILIES:
        if source_table.startswith(family.prefix + "-"):
            return family, source_table[len(family.prefix) + 1:]
    raise ValueError(f"unknown source table {source_table!r}")


def edition_rank(source_table: str) -> int:
    """Newer editions rank higher: the last 4-digit year in the id."""
    years = re.findall(r"(\d{4})", source_table)
    return int(years[-1]) if years else 0


def period_text(measure: str, year: int) -> str:
    if MEASURES[measure]["period"] == FINANCIAL_YEAR:
        return f"in April {year - 1} to March {year}"
    if measure in ("turnover_rate", "absence_rate"):
        return f"in the year to 30 September {year}"
    return f"as at 30 September {year}"


def citation(measure: str, year: int, source_table: str) -> str:
    """How to cite one figure: publisher, table and edition, column, and period."""
    family, edition = family_of(source_table)
    # SFR editions are ids like "sfr07-2016"; DfE writes them "SFR07/2016".
    title = family.title.format(edition=edition.upper().replace("-", "/") if family is DFE_SFR else edition)
    column = family.column(measure, year) if measure in family.columns else MEASURES[measure]["label"]
    return f"{family.publisher}, {title} ({column}), {period_text(measure, year)}"


def describe_marker(marker: str | None) -> str:
    marker = (marker or "").strip()
    meaning = MARKERS.get(marker.lower())
    if marker == "":
        return "left blank (not published)"
    return f"published as {meaning} ('{marker}')" if meaning else f"published as '{marker}'"
