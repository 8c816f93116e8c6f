"""Words and figures together: /model?themes=…&figures=… and its .json and .csv twins."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

import search as search_package
from inspection_index.figures import MEASURES
from search.models import STEPS

from ..errors import BadRequest
from .common import choices_arg, csv_response, json_answer, services

blueprint = Blueprint("model", __name__)

MAX_THEMES, MAX_FIGURES = 4, 3


def parameters() -> dict[str, list[str]]:
    return {"themes": choices_arg("themes", search_package.THEME_NAMES, MAX_THEMES),
            "figures": choices_arg("figures", list(STEPS), MAX_FIGURES)}


def answer_for(chosen):
    return services().model(chosen["themes"], chosen["figures"]) if chosen["themes"] or chosen["figures"] else None


@blueprint.get("/model")
def page():
    chosen = parameters()
    state = {name: ",".join(values) for name, values in chosen.items() if values}
    return render_template("model.html", answer=answer_for(chosen), chosen=chosen, state=state,
                           themes=search_package.THEME_NAMES, figures={m: MEASURES[m]["label"] for m in STEPS},
                           json_url=url_for("model.as_json", **state), csv_url=url_for("model.as_csv", **state))


def required(chosen):
    answer = answer_for(chosen)
    if answer is None:
        raise BadRequest("Choose at least one theme or figure, for example /model.json?themes=caseload&figures=agency_rate.")
    return answer


@blueprint.get("/model.json")
def as_json():
    return json_answer(required(parameters()))


@blueprint.get("/model.csv")
def as_csv():
    answer = required(parameters())
    rows = ([t["term"], t["odds_ratio"], t["ci_low"], t["ci_high"], t["p_value"], answer["n"], answer["councils"]]
            for t in answer["terms"])
    return csv_response(["term", "odds_ratio", "ci_low", "ci_high", "p_value", "n", "councils"], rows, "model.csv")
