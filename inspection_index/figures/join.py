"""Figures beside a report: which council, which year, and — when there is no figure — why.

Rules (documented in docs/figures.md):

- **Council.** The report's Ofsted provider URN, through ``inspection_index.lookup``; failing
  that, the local authority's name, taken as the council of that name that existed when the
  inspection ended (Dorset in 2016 is the old county, 835; Dorset in 2023 is the unitary, 838).
- **Year.** Figures describe the council *before* the inspection ended, never after: the
  workforce census of the latest 30 September on or before the inspection's last day
  (an inspection ending 2024-03-10 → census at 30 September 2023 → year 2023), and Cafcass's
  latest financial year ending 31 March on or before it (ending 2024-03-10 → April 2022 to
  March 2023 → year 2023).
- **Only the council's own figure.** A figure is taken only under the council's own code (or
  a joint row the publisher made for it and a neighbour, e.g. North and West Northamptonshire's
  one children's trust, which is flagged in ``note``). A council with no figure gets
  ``value: None`` and a ``missing_reason`` — never a predecessor's or a neighbour's figure.
- **Newest edition.** If several editions of a table give the same figure, the newest wins
  (its publisher's latest word, even when that is 'not available').
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .. import lookup
from ..lookup import LocalAuthority
from . import councils
from .measures import (CENSUS, MEASURES, citation, describe_marker, edition_rank, family_of,
                       period_text)


def _date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as error:
        raise ValueError(f"not an ISO date: {value!r}") from error


def workforce_year(inspection_end: date | str) -> int:
    """The year of the latest 30 September census on or before the inspection's last day."""
    day = _date(inspection_end)
    return day.year if (day.month, day.day) >= (9, 30) else day.year - 1


def financial_year(inspection_end: date | str) -> int:
    """The latest financial year (named by the year it ends, 31 March) on or before that day."""
    day = _date(inspection_end)
    return day.year if (day.month, day.day) >= (3, 31) else day.year - 1


def year_for(measure: str, inspection_end: date | str) -> int:
    return workforce_year(inspection_end) if MEASURES[measure]["period"] == CENSUS else financial_year(inspection_end)


def _period_end(measure: str, year: int) -> date:
    return date(year, 9, 30) if MEASURES[measure]["period"] == CENSUS else date(year, 3, 31)


def la_for_report(provider_urn: str | None, local_authority: str | None,
                  on: date | str | None = None) -> LocalAuthority | None:
    """The council a report is about: by provider URN, else by name as of ``on``."""
    found = lookup.by_urn(provider_urn)
    if found:
        return found
    day = _date(on) if on else None
    by_name = lookup.by_name(local_authority)
    council = councils.by_code(by_name.la_code) if by_name else None
    if by_name and (day is None or council is None or council.existed_on(day)):
        return by_name
    # Not a current provider (or not on that date): a council of that name then, if any.
    council = councils.by_name(local_authority, on=day)
    if council is None:
        return None
    return LocalAuthority(urn="", la_code=council.la_code, new_la_code=council.new_la_code,
                          name=council.name, region="")


# A joint row's code is "940 / 941": match a council's code as one of its parts.
_CODE_MATCH = "(f.la_code = :code OR ' / ' || f.la_code || ' / ' LIKE '% / ' || :code || ' / %')"


def _rows(catalogue, code: str, measure: str, year: int | None = None) -> list[dict[str, Any]]:
    sql = f"""SELECT f.la_code, f.new_la_code, f.la_name, f.year, f.measure, f.value, f.marker,
                     f.source_table, m.release, m.definition, m.publisher
              FROM figures f JOIN figure_measures m
                ON m.measure = f.measure AND m.source_table = f.source_table
              WHERE f.measure = :measure AND {_CODE_MATCH}""" + (" AND f.year = :year" if year else "")
    rows = catalogue.query(sql, {"code": code, "measure": measure, "year": year})
    # Per year, the newest edition; a council's own row before a joint one.
    rows.sort(key=lambda r: (r["year"], -edition_rank(r["source_table"]), " / " in r["la_code"]))
    best: dict[int, dict[str, Any]] = {}
    for row in rows:
        best.setdefault(row["year"], row)
    return [best[year] for year in sorted(best)]


def series(catalogue, la_code: str, measure: str) -> list[dict[str, Any]]:
    """One council's figure for ``measure`` in every year loaded, oldest first."""
    return [{"year": r["year"], "value": r["value"], "source_table": r["source_table"],
             "marker": r["marker"], "la_code": r["la_code"]}
            for r in _rows(catalogue, la_code, measure)]


def _covering_table(catalogue, measure: str, year: int) -> dict[str, Any] | None:
    """The newest loaded table with any figure for ``measure`` in ``year``."""
    rows = catalogue.query(
        """SELECT DISTINCT f.source_table, m.release, m.definition, m.publisher FROM figures f
           JOIN figure_measures m ON m.measure = f.measure AND m.source_table = f.source_table
           WHERE f.measure = ? AND f.year = ?""", (measure, year))
    return max(rows, key=lambda r: edition_rank(r["source_table"])) if rows else None


def _no_row_reason(measure: str, year: int, la: LocalAuthority, table: dict[str, Any]) -> str:
    publisher = family_of(table["source_table"])[0].publisher
    council = councils.by_code(la.la_code)
    when = period_text(measure, year)
    if council and council.start and _period_end(measure, year) < council.start:
        return (f"no {publisher} figure for {la.name} {when}: the council was created on "
                f"{council.start:%-d %B %Y}")
    if council and council.end and _period_end(measure, year) > council.end:
        return (f"no {publisher} figure for {la.name} {when}: the council was abolished on "
                f"{council.end:%-d %B %Y}")
    return f"no {publisher} figure for {la.name} ({la.la_code}) {when}"


def _blank(measure: str, year: int, la_code: str | None, la_name: str | None) -> dict[str, Any]:
    info = MEASURES[measure]
    return {"measure": measure, "label": info["label"], "unit": info["unit"], "value": None,
            "year": year, "period": period_text(measure, year), "la_code": la_code,
            "la_name": la_name, "source_table": None, "release": None, "publisher": None,
            "definition": info["definition"], "citation": None, "missing_reason": None,
            "status": "ok", "note": None}


def figure_for(catalogue, la: LocalAuthority, measure: str, year: int) -> dict[str, Any]:
    """One measure for one council and year, with its citation or the reason it is missing.

    ``status``: ok | not_published (the publisher printed a symbol or left it blank) |
    no_figure (the table has that year but not this council) | not_loaded (no table for that
    year is loaded) | no_council (the report could not be joined to a council).
    """
    info = MEASURES[measure]
    result = _blank(measure, year, la.la_code, la.name)
    rows = _rows(catalogue, la.la_code, measure, year)
    if rows:
        row = rows[0]
        result.update(value=row["value"], la_code=row["la_code"], la_name=row["la_name"],
                      source_table=row["source_table"], release=row["release"],
                      publisher=row["publisher"], definition=row["definition"],
                      citation=citation(measure, year, row["source_table"]))
        if " / " in row["la_code"]:
            result["note"] = f"published jointly for {row['la_name']} ({row['la_code']})"
        if row["value"] is None:
            result.update(status="not_published", note=_same_name_elsewhere(catalogue, la, measure, year),
                          missing_reason=f"{describe_marker(row['marker'])} in {result['citation']}")
        return result
    table = _covering_table(catalogue, measure, year)
    if table is None:
        result.update(status="not_loaded",
                      missing_reason=f"no {info['label'].lower()} figures are loaded {period_text(measure, year)}")
        return result
    result.update(status="no_figure", source_table=table["source_table"], release=table["release"],
                  publisher=table["publisher"], definition=table["definition"],
                  missing_reason=_no_row_reason(measure, year, la, table),
                  note=_same_name_elsewhere(catalogue, la, measure, year))
    return result


def _same_name_elsewhere(catalogue, la: LocalAuthority, measure: str, year: int) -> str | None:
    """Say so when a table has a figure that year under another code for a council of the same
    name (Cafcass's 'Dorset (Pre LG)', 835, after 2019): a different council's code, not used."""
    rows = catalogue.query("SELECT DISTINCT la_code, la_name FROM figures WHERE measure = ? AND year = ? "
                           "AND la_code != ? AND value IS NOT NULL", (measure, year, la.la_code))
    others = [r for r in rows if councils.name_key(r["la_name"]) == councils.name_key(la.name)]
    if not others:
        return None
    listed = ", ".join(f"'{r['la_name']}' ({r['la_code']})" for r in others)
    return f"a figure is published that year under {listed}, another council's code; it is not used"


def for_report(catalogue, provider_urn: str | None, local_authority: str | None,
               inspection_end: date | str) -> dict[str, dict[str, Any]]:
    """Every measure for the council a report is about, in the year its inspection falls in."""
    la = la_for_report(provider_urn, local_authority, on=inspection_end)
    if la is None:
        reason = (f"no local authority code for this report (provider URN {provider_urn or 'unknown'}, "
                  f"local authority {local_authority or 'unknown'})")
        result = {}
        for measure in MEASURES:
            result[measure] = _blank(measure, year_for(measure, inspection_end), None, local_authority)
            result[measure].update(missing_reason=reason, status="no_council")
        return result
    return {measure: figure_for(catalogue, la, measure, year_for(measure, inspection_end))
            for measure in MEASURES}
