"""The document table: one row per extracted report, built from the catalogue alone.

The statistics (``search.models``, ``search.spiral``), the council pages and the export read
this table, not the search index, so they do not depend on the search engine. A row holds the
report's facts as the index stores them (``fields.document_facts``) plus what the analyses need:
the council's 3-digit LA code (the figures join's council), the year of the inspection, each
figure's join status and reason when missing, and the anchor of the first passage raising each
theme as a concern.

The table is rebuilt only when the extractions or the loaded figures change
(:func:`document_table` memoises it per catalogue fingerprint).
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass
from typing import Any

from inspection_index import Catalogue, figures
from inspection_index.figures import MEASURES

from .fields import document_facts, fingerprint
from .indexing import _figures_fingerprint
from .lru import LRU

MENTION_COLUMNS = ("doc_id", "anchor", "page", "paragraph", "theme", "term", "stance", "cue", "sentence")


@dataclass(frozen=True)
class DocumentTable:
    version: str                       # changes whenever an extraction or a loaded figure does
    reports: list[dict[str, Any]]      # one per extracted report, oldest first
    mentions: list[dict[str, Any]]     # every theme mention, MENTION_COLUMNS

    def by_id(self) -> dict[str, dict[str, Any]]:
        return {row["doc_id"]: row for row in self.reports}


# (catalogue, connection) → (marker, version); connections come and go with threads
_versions = LRU(256)


def _version(catalogue) -> str:
    """The catalogue's extractions and figures fingerprint, taken again only after a commit
    (the figures part joins every figure: 10 ms a page otherwise)."""
    marker = catalogue.change_marker()
    key = (str(catalogue.config.catalogue_path), marker[0])
    known = _versions.get(key)
    if known is not None and known[0] == marker:
        return known[1]
    extracted = catalogue.query("""SELECT COUNT(*) AS n, MAX(extracted_at) AS latest,
                                          TOTAL(length(record)) AS size FROM extractions""")
    version = fingerprint(extracted, _figures_fingerprint(catalogue))
    _versions.put(key, (marker, version))
    return version


def _when(document, record) -> str | None:
    return record.get("inspection_end") or document.published or record.get("published")


def _figures(catalogue, document, record, memo: dict) -> tuple[Any, dict[str, Any]]:
    """(council or None, measure → joined figure) for one report, memoised per council and date."""
    when = _when(document, record)
    local_authority = document.local_authority or record.get("local_authority")
    key = (document.provider_urn, local_authority, when)
    if key not in memo:
        try:
            memo[key] = ((figures.la_for_report(document.provider_urn, local_authority, on=when),
                          figures.for_report(catalogue, document.provider_urn, local_authority, when))
                         if when else (None, {}))
        except ValueError:  # an unreadable date: no year, so no figures (never a guessed year)
            memo[key] = (None, {})
    return memo[key]


def report_row(document, record: dict[str, Any], council, joined: dict[str, Any]) -> dict[str, Any]:
    facts = document_facts(document, record, joined)
    when = _when(document, record)
    first_concern: dict[str, str] = {}
    for mention in record.get("mentions") or []:
        if mention.get("stance") == "concern":
            first_concern.setdefault(mention["theme"], mention.get("anchor") or "")
    return {
        **facts,
        "la_code": council.la_code if council else None,
        "la_name": council.name if council else None,
        "inspection_year": int(when[:4]) if when else None,
        "grade": facts["judgements"].get("overall_effectiveness"),
        "figure_status": {m: joined[m]["status"] if m in joined else "no_date" for m in MEASURES},
        "figure_missing": {m: (joined[m]["missing_reason"] if m in joined else
                               "no inspection or publication date to choose a year by") for m in MEASURES},
        "first_concern": first_concern,
    }


def build(catalogue) -> DocumentTable:
    version = _version(catalogue)
    reports, mentions, memo = [], [], {}
    for document, record in catalogue.extractions():
        if record.get("error"):
            continue
        council, joined = _figures(catalogue, document, record, memo)
        reports.append(report_row(document, record, council, joined))
        mentions += [{"doc_id": document.doc_id, **{c: m.get(c) for c in MENTION_COLUMNS[1:]}}
                     for m in record.get("mentions") or []]
    return DocumentTable(version, reports, mentions)


_cache: dict[str, DocumentTable] = {}   # catalogue path → its newest table
_lock = threading.Lock()


def document_table(catalogue) -> DocumentTable:
    """The table for the catalogue as it is now (rebuilt only when it changed)."""
    path, version = str(catalogue.config.catalogue_path), _version(catalogue)
    with _lock:
        table = _cache.get(path)
        if table is None or table.version != version:
            table = _cache[path] = build(catalogue)
            # A table holds a dict per report and per mention (millions at 1M passages), kept
            # until the catalogue changes: keep the cyclic collector from walking them all on
            # every collection during queries (refcounting still frees them with the table).
            gc.freeze()
        return table


_catalogues: dict[str, Catalogue] = {}


def for_config(config) -> DocumentTable:
    """The table of a data directory (its catalogue opened once per process)."""
    with _lock:
        catalogue = _catalogues.get(str(config.data_dir)) or _catalogues.setdefault(str(config.data_dir), Catalogue(config))
    return document_table(catalogue)
