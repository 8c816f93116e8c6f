"""What every view shares: reading the request's parameters, and stamping answers."""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from flask import Response, current_app, request

from ..answers import json_answer, services  # noqa: F401 - the views' one import of both
from ..errors import BadRequest

SORTS = ("relevance", "date")
MAX_TERM_CHARS = 200


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number from {low} to {high} (got {raw[:40]!r}).") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high} (got {value}).")
    return value


def choice_arg(name: str, default: str, allowed) -> str:
    """One of ``allowed`` (a mapping or sequence of names), else a plain 400 naming them."""
    value = request.args.get(name, default).strip()  # given but empty is an error, as the enum says
    if value not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(allowed)} (got {value[:40]!r}).")
    return value


def choices_arg(name: str, allowed, limit: int) -> list[str]:
    """Comma-separated (or repeated) names, each one of ``allowed``, at most ``limit`` of them."""
    chosen: list[str] = []
    for value in request.args.getlist(name):
        for item in value.split(","):
            item = item.strip()
            if item and item not in allowed:
                raise BadRequest(f"{item[:40]!r} is not a {name[:-1] if name.endswith('s') else name} "
                                 f"here: use {', '.join(allowed)}.")
            if item and item not in chosen:
                chosen.append(item)
    if len(chosen) > limit:
        raise BadRequest(f"Choose at most {limit} {name} (got {len(chosen)}).")
    return chosen


def query_arg() -> str:
    return (request.args.get("q") or "").strip()


def sort_arg() -> str:
    sort = request.args.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)} (got {sort[:40]!r}).")
    return sort


def page_arg() -> int:
    return int_arg("page", 1, 1, current_app.config["MAX_PAGE"])


def terms_arg() -> list[str]:
    """Tracking terms: repeated ``terms`` parameters and/or one comma-separated list."""
    terms: list[str] = []
    for value in request.args.getlist("terms"):
        for term in value.split(","):
            term = " ".join(term.split())
            if term and term not in terms:
                terms.append(term)
    limit = current_app.config["MAX_TRACK_TERMS"]
    if len(terms) > limit:
        raise BadRequest(f"Track at most {limit} terms at once (got {len(terms)}).")
    for term in terms:
        if len(term) > MAX_TERM_CHARS:
            raise BadRequest(f"Each term must be at most {MAX_TERM_CHARS} characters long.")
    return terms


def by_arg() -> str:
    return (request.args.get("by") or "overall_effectiveness").strip()


def where_arg() -> str | None:
    return (request.args.get("where") or "").strip() or None


def absolute(path: str) -> str:
    return request.host_url.rstrip("/") + path


FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (spreadsheets skip leading
    whitespace before deciding, so " =1+1" is a formula too)."""
    if isinstance(value, str) and (value[:1] in ("\t", "\r") or value.lstrip()[:1] in FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(header: list[str], rows: Iterable[Iterable[Any]], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Corpus-Version"] = str(services().corpus_version or "")
    return response
