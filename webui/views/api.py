"""The JSON API (/api/…), described by /api/openapi.json. Every answer carries
``corpus_version`` and ``generated_at``; a malformed query answers 400 with ``error``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from flask import Blueprint

import search as search_package

from .. import status as site_status
from ..errors import BadRequest
from . import cite, documents
from .common import (by_arg, int_arg, json_answer, page_arg, query_arg, services, sort_arg, terms_arg,
                     where_arg)

blueprint = Blueprint("api", __name__, url_prefix="/api")

MAX_PER_PAGE = 100
# Catalogue facts that override what extraction read from the PDF (the publisher's listing is
# authoritative for these); kind and framework stay as extraction decided them.
CATALOGUE_FIELDS = ("doc_id", "sha256", "source", "source_url", "provider_urn", "title",
                    "local_authority", "published", "fetched_at")


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    return json.loads(files("webui").joinpath("static", "openapi.json").read_text(encoding="utf-8"))


@blueprint.get("/openapi.json")
def openapi():
    return openapi_document()


@blueprint.get("/search")
def search():
    q = query_arg()
    if not q:
        raise BadRequest("Give a query as q, for example /api/search?q=caseload.")
    per_page = int_arg("per_page", 20, 1, MAX_PER_PAGE)
    return json_answer(services().search(q, page=page_arg(), per_page=per_page, sort=sort_arg()))


@blueprint.get("/track")
def track():
    terms = terms_arg()
    if not terms:
        raise BadRequest("Give the terms to track, for example /api/track?terms=caseload,agency.")
    return json_answer(services().track(terms, by_arg(), where_arg()))


def document_record(document, record: dict[str, Any] | None) -> dict[str, Any]:
    """The extraction record merged with the catalogue's metadata (see docs/architecture.md)."""
    merged: dict[str, Any] = dict(record or {"error": "not extracted yet"})
    # The server's own file path is nobody's business: name the file by its store location.
    merged["file"] = f"{document.sha256}.pdf"
    for field in CATALOGUE_FIELDS:
        value = getattr(document, field)
        if value is not None or field not in merged:
            merged[field] = value
    merged["url"] = f"/documents/{document.doc_id}"
    return merged


@blueprint.get("/documents/<doc_id>")
def document(doc_id: str):
    found_document, record = documents.load(doc_id)
    answer = document_record(found_document, record)
    answer["figures"] = {measure: {k: v for k, v in figure.items() if k != "series"}
                         for measure, figure in services().report_figures(found_document, record).items()}
    return json_answer(answer)


@blueprint.get("/cite/<citation_id>")
def citation(citation_id: str):
    loaded = cite.load(citation_id)
    return json_answer({**loaded, "corpus_version": services().corpus_version})


@blueprint.get("/status")
def status():
    catalogue = services().catalogue
    index = search_package.index_status(services().config)
    return json_answer({"documents": catalogue.count_documents(), "extracted": catalogue.count_extracted(),
                        **index, **site_status.current()})
