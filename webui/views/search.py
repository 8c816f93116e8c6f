"""The search page (/, /search) and its CSV export (/search.csv)."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, render_template, url_for
from markupsafe import Markup

import search as search_package

from ..errors import BadRequest
from .common import absolute, csv_response, page_arg, query_arg, services, sort_arg

blueprint = Blueprint("search", __name__)

PER_PAGE = 20
EXPORT_PAGE = 100
FACET_TITLES = {"judgement": "Overall judgement", "year": "Year published", "kind": "Kind of report",
                "framework": "Framework", "region": "Region", "la": "Local authority"}
FACETS_SHOWN = 12      # values per facet before "and N more"
EXAMPLES = [
    ("caseload", "a word, and its other forms (caseloads)"),
    ('"high caseloads"', "these exact words, in this order"),
    ("caseload AND agency judgement:inadequate", "both words in one passage, in reports judged inadequate"),
    ("(vacancies OR turnover) NOT agency", "either word, without the other"),
    ('la:"Birmingham" year:2014..2018', "one council's reports published 2014 to 2018"),
    ("concern:caseload kind:focused-visit", "passages raising caseloads as a concern, in focused visits"),
]


def facet_filter(facet: str, value) -> str:
    """The query filter that narrows a search to one facet value."""
    text = str(value)
    if facet in ("la", "region") or re.search(r'[\s"()]', text):
        text = '"' + text.replace('"', "") + '"'
    return f"{facet}:{text}"


def facet_links(q: str, sort: str, facets: dict) -> list[dict]:
    """The first FACETS_SHOWN values of each facet, each a link narrowing (or, when active,
    keeping) the search; the rest are counted, not linked."""
    out = []
    for facet, counts in facets.items():
        values = []
        for value, count in list(counts.items())[:FACETS_SHOWN]:
            condition = facet_filter(facet, value)
            active = condition.lower() in q.lower()
            values.append({"value": value, "count": count, "active": active,
                           "href": url_for("search.page", q=q if active else f"{q} {condition}", sort=sort)})
        out.append({"name": facet, "title": FACET_TITLES.get(facet, facet), "values": values,
                    "more": max(0, len(counts) - FACETS_SHOWN)})
    return out


@blueprint.get("/")
@blueprint.get("/search")
def page():
    q, sort, page_number = query_arg(), sort_arg(), page_arg()
    if not q:
        status = search_package.index_status(services().config)
        return render_template("search.html", q="", sort=sort, answer=None, examples=EXAMPLES, status=status)
    try:
        answer = services().search(q, page=page_number, per_page=PER_PAGE, sort=sort)
    except search_package.QueryError as error:
        return render_template("search.html", q=q, sort=sort, answer=None, examples=EXAMPLES,
                               error=str(error)), 400
    for hit in answer["hits"]:
        hit["snippet_html"] = Markup(hit["snippet"])  # escaped by the search package, <mark> only
    return render_template("search.html", q=q, sort=sort, answer=answer, examples=EXAMPLES,
                           facets=facet_links(q, sort, answer["facets"]),
                           csv_url=url_for("search.export", q=q, sort=sort),
                           api_url=url_for("api.search", q=q, sort=sort, page=page_number))


CSV_COLUMNS = ["doc_id", "title", "local_authority", "region", "published", "kind", "framework",
               "overall_effectiveness", "page", "paragraph", "heading", "snippet", "other_passages",
               "score", "url", "source_url"]


def plain(snippet_html: str) -> str:
    return Markup(snippet_html).striptags()


@blueprint.get("/search.csv")
def export():
    """Every matching report (up to EXPORT_MAX_REPORTS), best passage each, as CSV."""
    q, sort = query_arg(), sort_arg()
    if not q:
        raise BadRequest("Give a query as q, for example /search.csv?q=caseload.")
    limit = current_app.config["EXPORT_MAX_REPORTS"]
    hits, page_number = [], 1
    while len(hits) < limit:
        answer = services().search(q, page=page_number, per_page=EXPORT_PAGE, sort=sort)
        hits += answer["hits"]
        if page_number >= answer["pages"]:
            break
        page_number += 1
    rows = ([hit["doc_id"], hit["title"], hit["local_authority"], hit.get("region"), hit["published"],
             hit["kind"], hit.get("framework"), (hit.get("judgements") or {}).get("overall_effectiveness"),
             hit["page"], hit["paragraph"], hit.get("heading"), plain(hit["snippet"]),
             hit.get("other_passages"), hit.get("score"), absolute(hit["url"]), hit.get("source_url")]
            for hit in hits[:limit])
    return csv_response(CSV_COLUMNS, rows, "search.csv")
