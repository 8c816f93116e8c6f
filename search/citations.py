"""Citations that last (after the RDA recommendations on citing dynamic data).

Freezing a query stores, in the catalogue's ``citations`` table, the query as written and
normalised, its parameters, the corpus version, the ordered ids of its results, a SHA-256 of
those ids and the time. Loading a citation re-runs the query on today's index and says what
was added and removed.

- ``view="search"``: ``query`` is the search; the results are the matching reports in result
  order (``parameters``: ``sort``).
- ``view="spiral"``, ``"la"``, ``"model"`` (``parameters``: ``figure``/``offsets``, ``key``,
  ``themes``/``figures``): the results are the reports the analysis counts, and its numbers
  are kept in ``parameters["frozen"]``.
- ``view="track"``: ``query`` is the terms separated by spaces unless ``parameters["terms"]``
  lists them (``parameters``: ``by``, ``where``); the results are the reports counted, ordered
  by their value of ``by`` then doc_id. The numbers as they were are kept in
  ``parameters["frozen"]`` (rows, tests, figures).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shlex
from typing import Any

from inspection_index.catalogue import now_iso
from inspection_index.errors import InspectionIndexError

from .council import UnknownCouncil, council_page
from .models import combined_model
from .query import QueryError, parse
from .reader import SearchIndex
from .spiral import SpiralError, spiral
from .table import document_table
from .tracking import check_by, compared, track

ID_LENGTH = 10
ANALYSES = ("spiral", "la", "model")
VIEWS = ("search", "track", *ANALYSES)
FROZEN_HIT_FIELDS = "doc_id, title, local_authority, published, kind, source_url"


class CitationNotFound(InspectionIndexError):
    """No citation has that id."""


def result_hash(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()


def _new_id(content: str) -> str:
    digest = hashlib.sha256(f"{content}|{now_iso()}|{os.urandom(8).hex()}".encode()).digest()
    return base64.b32encode(digest).decode().lower()[:ID_LENGTH]


def track_terms(query: str, parameters: dict[str, Any]) -> list[str]:
    """The terms of a tracking query: ``parameters["terms"]``, else the query split like a shell."""
    if parameters.get("terms"):
        return list(parameters["terms"])
    try:
        return shlex.split(query)
    except ValueError:
        raise QueryError('A quotation mark in the terms is never closed: write "high caseloads".') from None


def _analysis(catalogue, view: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """What a citation of an analysis view freezes: the reports it counts and its numbers."""
    table = document_table(catalogue)
    try:
        if view == "spiral":
            answer = spiral(catalogue, table.reports, parameters.get("figure", "vacancy_rate"),
                            int(parameters.get("offsets", 3)))
            frozen = {key: answer[key] for key in ("points", "reading", "inspections", "councils")}
        elif view == "la":
            answer = council_page(catalogue, table, parameters.get("key", ""))
            frozen = {"council": answer["council"], "figures": answer["figures"],
                      "reports": [{k: r[k] for k in ("doc_id", "grade", "concerns")} for r in answer["reports"]]}
        else:
            answer = combined_model(table.reports, list(parameters.get("themes") or []),
                                    list(parameters.get("figures") or []))
            frozen = {key: answer[key] for key in ("terms", "reading", "n", "councils", "error")}
    except (SpiralError, UnknownCouncil, ValueError) as error:
        raise QueryError(str(error)) from None
    normalised = view + "".join(f" {key}:{','.join(value) if isinstance(value, list) else value}"
                                for key, value in sorted(parameters.items()))
    return {"normalised_query": normalised, "result_ids": answer["doc_ids"], "frozen": frozen}


def _current(catalogue, index: SearchIndex, view: str, query: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """What a citation freezes, computed on the live index (analyses: on the catalogue)."""
    if view in ANALYSES:
        return _analysis(catalogue, view, parameters)
    if view == "search":
        normalised, ids = index.result_ids(query, parameters.get("sort", "relevance"))
        return {"normalised_query": normalised, "result_ids": ids, "frozen": None}
    by = check_by(parameters.get("by", "overall_effectiveness"))
    where = parameters.get("where")
    answer = track(index, track_terms(query, parameters), by, where)
    state = index.state()
    ids: list[str] = []
    if state is not None:
        values, value_of, _ = compared(index, state, by, parse(where) if where else None)
        order = {value: position for position, value in enumerate(values)}
        ids = sorted(value_of, key=lambda doc_id: (order[value_of[doc_id]], doc_id))
    normalised = " ".join(answer["terms"]) + f" by:{answer['by']}" + (f" where:({answer['where']})" if where else "")
    return {"normalised_query": normalised, "result_ids": ids,
            "frozen": {key: answer[key] for key in ("values", "rows", "tests", "figures")}}


def freeze(catalogue, index: SearchIndex, view: str = "search", query: str = "",
           parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    """Store a citation of ``query`` as answered now; returns it (see the module docstring)."""
    if view not in VIEWS:
        raise QueryError(f"A citation's view is one of {', '.join(VIEWS)} (got {view!r}).")
    parameters = dict(parameters or {})
    if index.state() is None:
        raise InspectionIndexError("There is no search index to cite yet: run inspection-index index first.")
    current = _current(catalogue, index, view, query, parameters)
    if current["frozen"] is not None:
        parameters["frozen"] = current["frozen"]
    citation = {
        "view": view, "query": query, "normalised_query": current["normalised_query"],
        "parameters": parameters, "corpus_version": index.corpus_version,
        "result_ids": current["result_ids"], "result_hash": result_hash(current["result_ids"]),
        "total": len(current["result_ids"]), "created_at": now_iso(),
    }
    citation["id"] = _new_id(json.dumps(citation, sort_keys=True))
    catalogue.execute(
        """INSERT INTO citations (id, view, query, normalised_query, parameters, corpus_version,
               result_ids, result_hash, total, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)""",
        (citation["id"], view, query, citation["normalised_query"], json.dumps(parameters),
         citation["corpus_version"], json.dumps(citation["result_ids"]), citation["result_hash"],
         citation["total"], citation["created_at"]))
    return {"id": citation.pop("id"), **citation}


def _frozen_hits(catalogue, ids: list[str], live: set[str]) -> list[dict[str, Any]]:
    """Minimal facts about each frozen result, from the catalogue (documents are never deleted)."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = catalogue.query(f"SELECT {FROZEN_HIT_FIELDS} FROM documents WHERE doc_id IN "
                               f"({','.join('?' * len(chunk))})", tuple(chunk))
        found.update({row["doc_id"]: row for row in rows})
    return [{**found.get(doc_id, {"doc_id": doc_id}), "url": f"/documents/{doc_id}",
             "still_indexed": doc_id in live} for doc_id in ids]


def load_citation(catalogue, index: SearchIndex, citation_id: str) -> dict[str, Any]:
    """A stored citation, today's answer to the same query, and what changed between them."""
    rows = catalogue.query("SELECT * FROM citations WHERE id = ?", (citation_id,))
    if not rows:
        raise CitationNotFound(f"There is no citation {citation_id!r}: check the link.")
    citation = dict(rows[0])
    citation["parameters"] = json.loads(citation["parameters"])
    citation["result_ids"] = json.loads(citation["result_ids"])
    parameters = {k: v for k, v in citation["parameters"].items() if k != "frozen"}
    try:
        now = _current(catalogue, index, citation["view"], citation["query"], parameters)
    except QueryError as error:  # the query language changed since: say so, keep the frozen part
        now = {"result_ids": [], "error": str(error)}
    state = index.state()
    current = {"corpus_version": index.corpus_version, "result_ids": now["result_ids"],
               "result_hash": result_hash(now["result_ids"]), "total": len(now["result_ids"]),
               "error": now.get("error")}
    then, today = citation["result_ids"], now["result_ids"]
    then_set, today_set = set(then), set(today)
    return {
        "citation": citation, "current": current,
        "added": [doc_id for doc_id in today if doc_id not in then_set],
        "removed": [doc_id for doc_id in then if doc_id not in today_set],
        "unchanged": current["result_hash"] == citation["result_hash"],
        "frozen_hits": _frozen_hits(catalogue, then, set(state.documents) if state else set()),
    }
