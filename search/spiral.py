"""The "downward spiral" event study: a council's figure in the census years around each graded
inspection, as the difference from that year's national median.

For every report with an overall grade and a council, year ``t`` is the year its figures are
joined for (the census before the inspection ended, ``inspection_index.figures``); at each
offset ``k`` in ``-offsets … +offsets`` the council's own figure for year ``t + k`` minus the
median of every council's figure that year (so national trends cancel). By grade and offset:
n, mean and a 95% t-interval. A point with fewer than :data:`MIN_POINT` reports is marked
``too_few`` and gets no mean. A council without the figure for a year is left out of that point,
never filled in. Reports of the same council are not independent: intervals are a guide.
"""

from __future__ import annotations

import math
from statistics import mean, median, stdev
from typing import Any

from scipy import stats

from inspection_index import figures, vocabulary
from inspection_index.figures import MEASURES
from inspection_index.figures.measures import edition_rank

from .models import STEPS
from .query import QueryError

MAX_OFFSETS = 5
DEFAULT_OFFSETS = 3
MIN_POINT = 5


class SpiralError(QueryError):
    """A bad parameter (answered like a bad query, 400): the message says what is allowed."""


def check(measure: str, offsets: int) -> None:
    if measure not in STEPS:
        raise SpiralError(f"Unknown figure {measure!r}: use one of {', '.join(STEPS)}.")
    if not 1 <= offsets <= MAX_OFFSETS:
        raise SpiralError(f"offsets must be a whole number from 1 to {MAX_OFFSETS} (got {offsets}).")


def national_medians(catalogue, measure: str) -> dict[int, float]:
    """Year → median over councils of each council's figure (newest edition; a joint row once)."""
    rows = catalogue.query("SELECT la_code, year, value, source_table FROM figures WHERE measure = ?", (measure,))
    best: dict[tuple[str, int], dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: -edition_rank(r["source_table"])):
        best.setdefault((row["la_code"], row["year"]), row)
    by_year: dict[int, list[float]] = {}
    for (_, year), row in best.items():
        if row["value"] is not None:
            by_year.setdefault(year, []).append(row["value"])
    return {year: median(values) for year, values in sorted(by_year.items())}


def events(catalogue, reports: list[dict[str, Any]], measure: str, offsets: int) -> list[dict[str, Any]]:
    """One row per graded inspection and offset that has the council's figure and a median."""
    medians = national_medians(catalogue, measure)
    series: dict[str, dict[int, float]] = {}
    out = []
    for row in reports:
        grade, code, year = row.get("grade"), row.get("la_code"), row["figure_years"].get(measure)
        if grade not in vocabulary.GRADES or not code or year is None:
            continue
        if code not in series:
            series[code] = {point["year"]: point["value"] for point in figures.series(catalogue, code, measure)
                            if point["value"] is not None}
        for offset in range(-offsets, offsets + 1):
            value, middle = series[code].get(year + offset), medians.get(year + offset)
            if value is None or middle is None:
                continue
            out.append({"doc_id": row["doc_id"], "la_code": code, "local_authority": row["local_authority"],
                        "grade": grade, "year": year, "offset": offset, "census_year": year + offset,
                        "value": value, "national_median": middle, "difference": round(value - middle, 4)})
    return out


def _point(grade: str, offset: int, differences: list[float]) -> dict[str, Any]:
    n = len(differences)
    point = {"grade": grade, "offset": offset, "n": n, "mean": None, "ci_low": None, "ci_high": None,
             "too_few": n < MIN_POINT}
    if n >= MIN_POINT:
        average, spread = mean(differences), stats.t.ppf(0.975, n - 1) * stdev(differences) / math.sqrt(n)
        point.update(mean=round(average, 3), ci_low=round(average - spread, 3), ci_high=round(average + spread, 3))
    return point


def spiral(catalogue, reports: list[dict[str, Any]], measure: str = "vacancy_rate",
           offsets: int = DEFAULT_OFFSETS) -> dict[str, Any]:
    """The event study for ``measure`` (see the module docstring)."""
    check(measure, offsets)
    rows = events(catalogue, reports, measure, offsets)
    grades = [grade for grade in vocabulary.GRADES if any(row["grade"] == grade for row in rows)]
    points = [_point(grade, offset, [r["difference"] for r in rows if r["grade"] == grade and r["offset"] == offset])
              for grade in grades for offset in range(-offsets, offsets + 1)]
    inspections = {row["doc_id"] for row in rows}
    answer = {"measure": measure, "label": MEASURES[measure]["label"], "unit": MEASURES[measure]["unit"],
              "offsets": list(range(-offsets, offsets + 1)), "grades": grades, "points": points,
              "inspections": len(inspections), "councils": len({row["la_code"] for row in rows}),
              "min_point": MIN_POINT, "events": rows, "doc_ids": sorted(inspections)}
    answer["reading"] = _reading(answer)
    answer["caveats"] = [
        "Differences from each year's national median of all councils, so national trends cancel.",
        "The same council can be inspected several times, and its years overlap between inspections: "
        "the points are not independent and the intervals are a guide, not a test.",
        f"A point with fewer than {MIN_POINT} reports is shown as too few; a missing figure is left out, never estimated.",
        "Association, not cause."]
    return answer


def offset_label(offset: int) -> str:
    return "t" if offset == 0 else f"t{offset:+d}".replace("-", "−")


def _reading(answer: dict[str, Any]) -> list[str]:
    unit = "points" if answer["unit"] == "%" else ""
    label = answer["label"].lower()
    first, last = answer["offsets"][0], answer["offsets"][-1]
    out = []
    for grade in answer["grades"]:
        at = {p["offset"]: p for p in answer["points"] if p["grade"] == grade}

        def said(offset: int) -> str:
            point = at[offset]
            if point["too_few"]:
                return f"too few reports at {offset_label(offset)} (n={point['n']})"
            side = "above" if point["mean"] >= 0 else "below"
            return (f"{abs(point['mean']):.1f} {unit} {side} the national median at {offset_label(offset)} "
                    f"(95% CI {point['ci_low']:+.1f} to {point['ci_high']:+.1f}, n={point['n']})").replace("  ", " ")
        out.append(f"{vocabulary.GRADE_LABELS[grade]}: the council's {label} was {said(first)}, "
                   f"{said(0)} (the census before the inspection) and {said(last)}.")
    return out
