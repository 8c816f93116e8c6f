"""Citations: POST /cite freezes the current view (the site's one write); /cite/<id> shows it.

A citation is made from this site's own pages only (same-origin check), from a small form,
and at most CITATIONS_PER_MINUTE times a minute per client.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from ..errors import BadRequest, NotFound, TooManyRequests
from ..formatting import long_date
from ..security import client_key, require_same_origin
from .common import MAX_TERM_CHARS, absolute, services

blueprint = Blueprint("cite", __name__)

CITATION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_QUERY_CHARS = 1000
VIEWS = ("search", "track", "spiral", "la", "model")
# The form fields each analysis view's state is made of; lists are comma-separated.
ANALYSIS_FIELDS = {"spiral": {"figure": str, "offsets": int}, "la": {"key": str},
                   "model": {"themes": list, "figures": list}}
ANALYSIS_PAGES = {"spiral": "spiral.page", "la": "council.page", "model": "model.page"}
LISTED = 50          # added/removed reports named on the page (the JSON has them all)


def _form_value(name: str, limit: int) -> str:
    value = " ".join((request.form.get(name) or "").split())
    if len(value) > limit:
        raise BadRequest(f"{name} is too long (at most {limit} characters).")
    return value


def frozen_request() -> tuple[str, str, dict[str, Any]]:
    """(view, query, parameters) from the citation form."""
    view = request.form.get("view", "")
    if view not in VIEWS:
        raise BadRequest(f"view must be one of {', '.join(VIEWS)}.")
    if view in ANALYSIS_FIELDS:
        return view, view, analysis_parameters(view)
    if view == "search":
        q = _form_value("q", MAX_QUERY_CHARS)
        if not q:
            raise BadRequest("There is no query to cite: search for something first.")
        sort = request.form.get("sort") or "relevance"
        if sort not in ("relevance", "date"):
            raise BadRequest("sort must be relevance or date.")
        return view, q, {"sort": sort}
    terms = [t.strip() for t in _form_value("terms", MAX_TERM_CHARS * 4).split(",") if t.strip()]
    if not terms or len(terms) > current_app.config["MAX_TRACK_TERMS"]:
        raise BadRequest(f"Give between 1 and {current_app.config['MAX_TRACK_TERMS']} terms to cite.")
    parameters: dict[str, Any] = {"terms": terms, "by": _form_value("by", 60) or "overall_effectiveness"}
    where = _form_value("where", MAX_QUERY_CHARS)
    if where:
        parameters["where"] = where
    return view, ", ".join(terms), parameters


def analysis_parameters(view: str) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    for name, kind in ANALYSIS_FIELDS[view].items():
        value = _form_value(name, 200)
        if not value:
            continue
        if kind is int:
            if not value.isdigit():
                raise BadRequest(f"{name} must be a whole number.")
            parameters[name] = int(value)
        else:
            parameters[name] = [v.strip() for v in value.split(",") if v.strip()] if kind is list else value
    return parameters


@blueprint.post("/cite")
def create():
    require_same_origin()
    allowed, retry_after = services().citation_limiter.allow(client_key())
    if not allowed:
        raise TooManyRequests("Too many citations from this address in the last minute: "
                              f"please wait {retry_after} seconds.", retry_after=retry_after)
    view, query, parameters = frozen_request()
    citation = services().run(services().freeze, view, query, parameters)
    return redirect(url_for("cite.page", citation_id=citation["id"]), code=303)


def load(citation_id: str) -> dict[str, Any]:
    if not CITATION_ID.fullmatch(citation_id):
        raise NotFound("A citation id is letters, digits, - and _ only.")
    return services().run(services().citation, citation_id)


def live_url(citation: dict[str, Any]) -> str:
    """The ordinary (unfrozen) GET URL of the cited view, for today's answer."""
    parameters = citation.get("parameters") or {}
    if citation.get("view") in ANALYSIS_PAGES:
        state = {name: ",".join(value) if isinstance(value, list) else value
                 for name, value in parameters.items() if name in ANALYSIS_FIELDS[citation["view"]]}
        return url_for(ANALYSIS_PAGES[citation["view"]], **state)
    if citation.get("view") == "track":
        return url_for("track.page", terms=", ".join(parameters.get("terms") or [citation.get("query", "")]),
                       by=parameters.get("by"), where=parameters.get("where"))
    return url_for("search.page", q=citation.get("query"), sort=parameters.get("sort"))


def citation_text(citation: dict[str, Any], url: str) -> dict[str, str]:
    """Ready-made citation text, plain and Markdown."""
    view = citation.get("view")
    what = (f"tracking “{citation.get('query')}”" if view == "track" else
            f"{citation.get('normalised_query')}" if view in ANALYSIS_PAGES else f"search for “{citation.get('query')}”")
    when = long_date(citation.get("created_at"))
    version = citation.get("corpus_version") or "unknown"
    return {
        "plain": f"Inspection Index, {what} (corpus version {version}, cited {when}). {url}",
        "markdown": f"[Inspection Index, {what}]({url}) (corpus version {version}, cited {when})",
    }


def titles(loaded: dict[str, Any]) -> dict[str, str]:
    """doc_id → title for the reports listed as added or removed (the first LISTED of each)."""
    known = {hit["doc_id"]: hit.get("title") for hit in loaded.get("frozen_hits") or []}
    for doc_id in loaded["added"][:LISTED]:
        document = services().catalogue.get_document(doc_id)
        known[doc_id] = document.title if document else None
    return {doc_id: title or doc_id for doc_id, title in known.items()}


@blueprint.get("/cite/<citation_id>")
def page(citation_id: str):
    loaded = load(citation_id)
    citation = loaded["citation"]
    url = absolute(url_for("cite.page", citation_id=citation_id))
    return render_template("cite.html", loaded=loaded, citation=citation, titles=titles(loaded),
                           text=citation_text(citation, url), url=url, live_url=live_url(citation))
