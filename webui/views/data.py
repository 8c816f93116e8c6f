"""The dataset: /data/ (what there is to download), /data.json (the datapackage descriptor), and
the files themselves under /data/ — the same package `inspection-index export` writes."""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template

from search.export import FILES

from ..errors import NotFound
from .common import json_answer, services

blueprint = Blueprint("data", __name__)


def descriptor() -> dict:
    return json.loads(services().package()["datapackage.json"])


@blueprint.get("/data/")
def page():
    files = services().package()
    return render_template("data.html", package=descriptor(), sizes={name: len(body) for name, body in files.items()})


@blueprint.get("/data.json")
def as_json():
    return json_answer(descriptor())


@blueprint.get("/data/<name>")
def download(name: str):
    if name not in FILES:
        raise NotFound(f"There is no file {name[:60]!r} here: the package is {', '.join(FILES)}.")
    mimetype = "application/json" if name.endswith(".json") else "text/csv"
    response = Response(services().package()[name], mimetype=mimetype)
    if name.endswith(".csv"):
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Corpus-Version"] = str(services().corpus_version or "")
    return response
