"""The "downward spiral" event study: /spiral (page), /spiral.json, /spiral.csv."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from inspection_index import vocabulary
from inspection_index.figures import MEASURES
from search.models import STEPS
from search.spiral import DEFAULT_OFFSETS, MAX_OFFSETS, offset_label

from .. import charts
from .common import choice_arg, csv_response, int_arg, json_answer, services

blueprint = Blueprint("spiral", __name__)

def parameters() -> tuple[str, int]:
    figure = choice_arg("figure", "vacancy_rate", list(STEPS))
    return figure, int_arg("offsets", DEFAULT_OFFSETS, 1, MAX_OFFSETS)


def chart(answer):
    unit = " points" if answer["unit"] == "%" else ""
    lines = [(vocabulary.GRADE_LABELS[grade], f"grade-{grade}", [(p["offset"], p["mean"], p["ci_low"], p["ci_high"])
                                               for p in answer["points"] if p["grade"] == grade and not p["too_few"]])
             for grade in answer["grades"]]
    return charts.intervals(f"{answer['label']}: difference from the national median, in the census years around "
                            f"each inspection, by grade (mean and 95% interval)", answer["offsets"], lines,
                            offset_label, unit)


@blueprint.get("/spiral")
def page():
    figure, offsets = parameters()
    answer = services().spiral(figure, offsets)
    state = {"figure": figure, "offsets": offsets}
    return render_template("spiral.html", answer=answer, chart=chart(answer), state=state,
                           figures={measure: MEASURES[measure]["label"] for measure in STEPS},
                           offset_label=offset_label, max_offsets=MAX_OFFSETS,
                           json_url=url_for("spiral.as_json", **state), csv_url=url_for("spiral.as_csv", **state))


@blueprint.get("/spiral.json")
def as_json():
    figure, offsets = parameters()
    return json_answer(services().spiral(figure, offsets))


@blueprint.get("/spiral.csv")
def as_csv():
    figure, offsets = parameters()
    answer = services().spiral(figure, offsets)
    rows = ([figure, p["grade"], p["offset"], p["n"], p["mean"], p["ci_low"], p["ci_high"], p["too_few"]]
            for p in answer["points"])
    return csv_response(["figure", "grade", "offset", "n", "mean_difference", "ci_low", "ci_high", "too_few"],
                        rows, f"spiral-{figure}.csv")
