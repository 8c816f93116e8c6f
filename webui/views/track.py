"""The tracking page (/track) and its CSV export (/track.csv): how often reports of each grade
mention a term, and raise it as a concern."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for
from markupsafe import Markup

import search as search_package
from inspection_index.figures import MEASURES

from .. import charts
from ..errors import BadRequest
from ..formatting import BREAKDOWN_LABELS, value_label
from .common import by_arg, choice_arg, csv_response, services, terms_arg, where_arg

blueprint = Blueprint("track", __name__)

SERIES = ["Reports mentioning it", "Reports raising it as a concern"]
PASSAGES_SHOWN = 5
EXAMPLE_TERMS = "caseload, agency, vacancies"


def breakdowns() -> dict[str, str]:
    """The choices of breakdown offered in the form (the API accepts whatever track() does)."""
    choices = dict(BREAKDOWN_LABELS)
    for measure, info in MEASURES.items():
        choices.setdefault(measure, f"{info['label']} (bands)")
    return choices


def term_charts(answer: dict[str, Any]) -> list[dict[str, Any]]:
    by = answer["by"]
    out = []
    for term in answer["terms"]:
        rows = [row for row in answer["rows"] if row["term"] == term]
        groups = [(value_label(by, row["value"]), [row["share_mentioning"], row["share_concern"]],
                   f"{row['documents']} reports") for row in rows]
        is_theme = answer["term_kinds"].get(term) == "theme"
        label = answer.get("term_labels", {}).get(term, term)
        heading = f"{label.capitalize()} (theme)" if is_theme else f"“{label}”"
        title = f"Share of reports mentioning {heading}, and raising it as a concern, by {BREAKDOWN_LABELS.get(by, by).lower()}"
        out.append({"term": term, "heading": heading, "rows": rows, "chart": charts.share_bars(title, groups, SERIES),
                    "tests": [test for test in answer.get("tests") or [] if test["term"] == term],
                    "adjusted": [test for test in answer.get("adjusted_tests") or [] if test["term"] == term],
                    "passages": _passages(answer, term)})
    return out


def _passages(answer: dict[str, Any], term: str) -> list[dict[str, Any]]:
    hits = (answer.get("passages") or {}).get(term) or []
    return [{**hit, "snippet_html": Markup(hit["snippet"])} for hit in hits[:PASSAGES_SHOWN]]


def year_chart(answer: dict[str, Any]) -> dict[str, Any] | None:
    by_year = answer.get("by_year") or []
    if not by_year:
        return None
    labels = answer.get("term_labels", {})
    lines = [(labels.get(term, term), [(row["year"], row["share_mentioning"]) for row in by_year if row["term"] == term])
             for term in answer["terms"]]
    years = sorted({row["year"] for row in by_year})
    table = {(row["term"], row["year"]): row for row in by_year}
    return {"chart": charts.share_lines("Share of reports mentioning each term, by year published", lines),
            "years": years, "table": table}


def figure_view(answer: dict[str, Any]) -> dict[str, Any] | None:
    """Official figures by breakdown value: one small quartile chart per measure, one table."""
    by = answer["by"]
    grouped: dict[str, dict[Any, dict]] = {}
    for row in answer.get("figures") or []:
        grouped.setdefault(row["measure"], {})[row["value"]] = row
    if not grouped:
        return None
    charts_out = []
    for measure, rows in grouped.items():
        info = MEASURES.get(measure, {"label": measure, "unit": ""})
        spread = [(value_label(by, value), row.get("q1"), row.get("median"), row.get("q3"), row.get("n", 0))
                  for value, row in rows.items()]
        charts_out.append({"label": info["label"], "unit": info["unit"],
                           "chart": charts.spread(f"{info['label']} by {BREAKDOWN_LABELS.get(by, by).lower()}",
                                                  spread, "%" if info["unit"] == "%" else "")})
    values = list(dict.fromkeys(value for rows in grouped.values() for value in rows))
    return {"charts": charts_out, "values": values,
            "measures": [(measure, MEASURES.get(measure, {"label": measure})["label"]) for measure in grouped],
            "cells": grouped}


@blueprint.get("/track")
def page():
    terms, by, where = terms_arg(), by_arg(), where_arg()
    context = {"terms": terms, "terms_text": ", ".join(terms), "by": by, "where": where or "",
               "breakdowns": breakdowns(), "themes": search_package.THEME_NAMES,
               "example_terms": EXAMPLE_TERMS}
    if not terms:
        return render_template("track.html", answer=None, **context)
    try:
        answer = services().track(terms, by, where)
    except search_package.QueryError as error:
        return render_template("track.html", answer=None, error=str(error), **context), 400
    return render_template(
        "track.html", answer=answer, term_charts=term_charts(answer), year_view=year_chart(answer),
        figure_view=figure_view(answer),
        csv_url=url_for("track.export", terms=context["terms_text"], by=by, where=where),
        api_url=url_for("api.track", terms=context["terms_text"], by=by, where=where), **context)


CSV_COLUMNS = ["term", "by", "value", "documents", "mentioning", "concern", "share_mentioning",
               "share_concern", "mentions_per_10k"]
# ?part= picks which table of the answer the CSV holds.
CSV_PARTS = {"rows": CSV_COLUMNS,
             "figure_tests": ["measure", "by", "n", "councils", "without_figure", "trend_p", "adjusted_odds_ratio",
                              "ci_low", "ci_high", "p_value", "per"],
             "adjusted_tests": ["term", "mh_odds_ratio", "ci_low", "ci_high", "cmh_p", "homogeneity_p", "strata"]}


@blueprint.get("/track.csv")
def export():
    terms, by, where = terms_arg(), by_arg(), where_arg()
    if not terms:
        raise BadRequest("Give the terms to track, for example /track.csv?terms=caseload,agency.")
    part = choice_arg("part", "rows", CSV_PARTS)
    answer = services().track(terms, by, where)
    if part == "figure_tests":
        rows = ([t["measure"], answer["by"], t["n"], t["councils"], t["reports"] - t["n"],
                 (t["trend"] or {}).get("p_value"), *((t["adjusted"] or {}).get(k) for k in ("odds_ratio", "ci_low", "ci_high", "p_value")),
                 t["per"]] for t in answer.get("figure_tests") or [])
        return csv_response(CSV_PARTS[part], rows, "track-figure-tests.csv")
    if part == "adjusted_tests":
        rows = ([t["term"], *(t[k] for k in ("odds_ratio", "ci_low", "ci_high", "p_value", "homogeneity_p")),
                 ",".join(s["stratum"] for s in t["strata"] if s["used"])] for t in answer.get("adjusted_tests") or [])
        return csv_response(CSV_PARTS[part], rows, "track-adjusted.csv")
    rows = ([row["term"], answer["by"], row["value"], row["documents"], row["mentioning"], row["concern"],
             row["share_mentioning"], row["share_concern"], row.get("mentions_per_10k")]
            for row in answer["rows"])
    return csv_response(CSV_COLUMNS, rows, "track.csv")
