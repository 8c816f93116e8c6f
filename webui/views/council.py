"""Council pages: /la/ (every council with a report), /la/<slug> and its .json and .csv twins."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, g, redirect, render_template, url_for

from inspection_index import vocabulary

from .. import charts
from .common import csv_response, json_answer, services

blueprint = Blueprint("council", __name__)


def timeline(answer):
    """The council's graded reports over time, one row per grade."""
    points = []
    for report in answer["reports"]:
        when = report["inspection_end"] or report["published"]
        if report["grade"] in vocabulary.GRADES and when:
            day = date.fromisoformat(when[:10])
            points.append((day.year + (day.timetuple().tm_yday - 1) / 366, report["grade"],
                           f"{report['title']}: {vocabulary.GRADE_LABELS[report['grade']]}"))
    grades = [(g, vocabulary.GRADE_LABELS[g]) for g in vocabulary.GRADES if g != "adequate" or any(p[1] == g for p in points)]
    return charts.grade_timeline(f"Overall effectiveness of {answer['council']['name']}'s inspections over time",
                                 points, grades)


def figure_charts(answer):
    name = answer["council"]["name"]
    return [{"measure": measure, **item,
             "chart": charts.trend(f"{item['label']} for {name}, the inspections' census years marked",
                                   [(p["year"], p["value"]) for p in item["points"]], item["inspection_years"],
                                   "%" if item["unit"] == "%" else "")}
            for measure, item in answer["figures"].items()]


@blueprint.app_template_global()
def council_url(name: str | None) -> str | None:
    """The council page of a local authority as reports name it, or None (for links from every page)."""
    if not name:
        return None
    if "council_slugs" not in g:  # once a request: a page links dozens of reports and facets
        g.council_slugs = services().council_slugs()
    slug = g.council_slugs.get(name)
    return url_for("council.page", key=slug) if slug else None


@blueprint.get("/la/")
def index():
    return render_template("councils.html", councils=services().councils(),
                           json_url=url_for("council.index_json"))


@blueprint.get("/la.json")
def index_json():
    return json_answer({"councils": services().councils()})


@blueprint.get("/la/<key>")
def page(key: str):
    answer = services().council(key)
    if key != answer["council"]["slug"]:   # a 3-digit code: the council's own address
        return redirect(url_for("council.page", key=answer["council"]["slug"]), code=301)
    return render_template("council.html", answer=answer, timeline=timeline(answer), figures=figure_charts(answer),
                           json_url=url_for("council.as_json", key=key), csv_url=url_for("council.as_csv", key=key))


@blueprint.get("/la/<key>.json")
def as_json(key: str):
    return json_answer(services().council(key))


@blueprint.get("/la/<key>.csv")
def as_csv(key: str):
    answer = services().council(key)
    themes, measures = answer["themes"], list(answer["figures"])
    header = (["doc_id", "title", "kind", "framework", "published", "inspection_end", "overall_effectiveness"]
              + [f"{theme}_concerns" for theme in themes] + measures + [f"{m}_year" for m in measures])
    rows = ([r["doc_id"], r["title"], r["kind"], r["framework"], r["published"], r["inspection_end"], r["grade"]]
            + [r["concerns"].get(theme, 0) for theme in themes]
            + [r["figures"].get(m) for m in measures] + [r["figure_years"].get(m) for m in measures]
            for r in answer["reports"])
    return csv_response(header, rows, f"{answer['council']['slug']}.csv")
