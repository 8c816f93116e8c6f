"""Council pages: every report of one council on a timeline, its figures' series with the
inspections marked, and its concern counts by theme, from the document table.

A council is named in URLs by a slug of its name (``birmingham``, ``kensington-and-chelsea``);
when two councils in the collection share a name (Dorset before and after 2019) each slug ends
in its 3-digit LA code (``dorset-835``). Reports are grouped by the council the figures join
found for them (``la_code``); reports with no council are on no council page.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from inspection_index import figures
from inspection_index.figures import MEASURES

from .table import DocumentTable


class UnknownCouncil(LookupError):
    """No council of the collection has that slug or code."""


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")


def councils(table: DocumentTable) -> list[dict[str, Any]]:
    """Every council with a report: {slug, la_code, name, region, reports}, by name."""
    found: dict[str, dict[str, Any]] = {}
    for row in table.reports:
        if row.get("la_code"):
            entry = found.setdefault(row["la_code"], {"la_code": row["la_code"], "name": row["la_name"],
                                                      "region": row["region"], "reports": 0})
            entry["reports"] += 1
    names = Counter(slug_of(entry["name"]) for entry in found.values())
    for entry in found.values():
        slug = slug_of(entry["name"])
        entry["slug"] = slug if names[slug] == 1 else f"{slug}-{entry['la_code']}"
    return sorted(found.values(), key=lambda entry: (entry["name"], entry["la_code"]))


def slugs_by_name(table: DocumentTable) -> dict[str, str]:
    """Local authority name as reports give it → its council's slug (for links from reports and facets)."""
    slug_of_code = {entry["la_code"]: entry["slug"] for entry in councils(table)}
    return {row["local_authority"]: slug_of_code[row["la_code"]] for row in table.reports
            if row.get("la_code") and row.get("local_authority")}


def resolve(table: DocumentTable, key: str) -> dict[str, Any]:
    """The council with slug (or 3-digit LA code) ``key``; raises :class:`UnknownCouncil`."""
    for entry in councils(table):
        if key in (entry["slug"], entry["la_code"]):
            return entry
    raise UnknownCouncil(f"There is no council {key!r} in this collection: councils are named as in "
                         f"/la/birmingham (see /la/ for the list).")


def council_page(catalogue, table: DocumentTable, key: str) -> dict[str, Any]:
    council = resolve(table, key)
    rows = sorted((row for row in table.reports if row.get("la_code") == council["la_code"]),
                  key=lambda row: (row.get("inspection_end") or row.get("published") or "", row["doc_id"]))
    reports = [{
        "doc_id": row["doc_id"], "title": row["title"], "kind": row["kind"], "framework": row["framework"],
        "published": row["published"], "inspection_end": row["inspection_end"], "grade": row["grade"],
        "judgements": row["judgements"], "url": f"/documents/{row['doc_id']}",
        "concerns": {theme: counts["concerns"] for theme, counts in sorted(row["themes"].items())},
        "mentions": {theme: counts["mentions"] for theme, counts in sorted(row["themes"].items())},
        "concern_urls": {theme: f"/documents/{row['doc_id']}#{anchor}"
                         for theme, anchor in row["first_concern"].items() if anchor},
        "figures": row["figures"], "figure_years": row["figure_years"],
    } for row in rows]
    series = {}
    for measure, info in MEASURES.items():
        points = [{"year": p["year"], "value": p["value"]}
                  for p in figures.series(catalogue, council["la_code"], measure)]
        if points:
            marked = sorted({row["figure_years"][measure] for row in rows
                             if row.get("grade") and row["figure_years"].get(measure) is not None})
            series[measure] = {"label": info["label"], "unit": info["unit"], "points": points,
                               "inspection_years": marked}
    themes = sorted({theme for report in reports for theme in report["concerns"]})
    return {"council": council, "reports": reports, "themes": themes, "figures": series,
            "doc_ids": [report["doc_id"] for report in reports]}
