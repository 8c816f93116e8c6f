"""One document: /documents/<doc_id> (the page) — its JSON twin is in the api blueprint."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, render_template

from inspection_index import figures
from inspection_index.figures import MEASURES

from .. import charts
from ..errors import NotFound
from .common import services

blueprint = Blueprint("documents", __name__)

DOC_ID = re.compile(r"[0-9a-f]{16}")


def load(doc_id: str):
    """(Document, extraction record or None) for a well-formed, known doc_id; else NotFound."""
    if not DOC_ID.fullmatch(doc_id):
        raise NotFound("A document id is 16 characters, 0-9 and a-f, as in /documents/0123456789abcdef.")
    found = services().document(doc_id)
    if found is None:
        raise NotFound(f"There is no document {doc_id} in this collection.")
    return found


def pages_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The text by page, each passage with its stable anchor (the extractor's, unique within
    the document) and the theme mentions in it."""
    mentions: dict[str, list] = {}
    for mention in record.get("mentions") or []:
        mentions.setdefault(mention.get("anchor"), []).append(mention)
    pages: list[dict[str, Any]] = []
    last_heading = None
    for passage in record.get("passages") or []:
        if not pages or pages[-1]["page"] != passage.get("page"):
            pages.append({"page": passage.get("page"), "passages": []})
        heading = passage.get("heading")
        pages[-1]["passages"].append({
            **passage,
            "show_heading": heading if heading and heading != last_heading else None,
            "mentions": mentions.get(passage.get("anchor"), []),
        })
        last_heading = heading or last_heading
    return pages


def figure_rows(found: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for measure, figure in found.items():
        if figure.get("status") == "not_loaded" and not figure.get("series"):
            continue
        unit = MEASURES[measure]["unit"]
        points = [(point["year"], point["value"]) for point in figure.get("series") or []]
        rows.append({**figure, "measure": measure, "unit": unit,
                     "chart": charts.trend(f"{figure['label']} for {figure.get('la_name') or 'the council'}",
                                           points, figure.get("year"), "%" if unit == "%" else ""),
                     "points": points})
    return rows


@blueprint.get("/documents/<doc_id>")
def page(doc_id: str):
    document, record = load(doc_id)
    record = record or {}
    found = services().report_figures(document, record)
    return render_template("document.html", document=document, record=record,
                           error=record.get("error"), pages=pages_of(record),
                           figures=figure_rows(found), measures=figures.MEASURES)
