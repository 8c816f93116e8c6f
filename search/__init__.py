"""Search: the passage index, the query language, tracking analysis and citations.

Public API::

    build_index(config, rebuild=False, progress=None) -> dict
        {"added", "updated", "removed", "documents", "passages", "corpus_version", "seconds",
         "rebuilt"}. Incremental by default; rebuild=True writes a new generation beside the
        live one and swaps it in atomically. progress(done, total) is called per report.
        The engine is config.engine ("tantivy", the default, or "whoosh"), else the live
        index's; naming another engine than the live index's is a rebuild.
    index_status(config) -> {"indexed", "passages", "corpus_version", "built_at"}
    SearchIndex(config)     read side; thread-safe, no lock held across a query; follows new
                            generations between queries, whichever engine built them
        .corpus_version
        .engine             the live index's engine (None before the first build)
        .search(q, page=1, per_page=20, sort="relevance"|"date", deadline=None, cached_only=False) -> dict
        .track(terms, by="overall_effectiveness", where=None, deadline=None, cached_only=False) -> dict
            deadline: a time.monotonic() value at which the query's work stops (QueryTimeout);
            cached_only: answer only from the cache, else None
    track(index, terms, by, where)  the same as SearchIndex.track
    ENGINES, DEFAULT_ENGINE the engine names
    QueryError              str(error) says what was wrong with a query and how to write it
                            (also a query over its cost limits: words, brackets, phrase positions)
    QueryTimeout            a query's work passed its deadline (an InspectionIndexError)
    CitationNotFound        load_citation with an unknown id (an InspectionIndexError)
    THEME_NAMES             the lexicon themes a tracking term may name (from extract.THEMES)
    freeze(catalogue, index, view, query, parameters) -> citation dict
    load_citation(catalogue, index, citation_id) -> {"citation", "current", "added", "removed",
                                                      "unchanged", "frozen_hits"}

Analyses over the document table (one row per report, from the catalogue, not the index)::

    document_table(catalogue) -> DocumentTable   .reports, .mentions, .version (memoised)
    figure_tests(rows, by), mantel_haenszel(strata, …), combined_model(rows, themes, measures)
    spiral(catalogue, rows, measure, offsets)     the event study around each graded inspection
    council_page(catalogue, table, slug), councils(table), slugs_by_name(table)
    export_package(catalogue, table, corpus_version) -> {file name: bytes}; write_package(…, directory, …)

Semantics worth knowing:

- Matching is per passage (page + paragraph): all parts of a query hold in one passage;
  results group passages by report (best passage first, the others counted). A query of
  filters only lists reports newest first and shows each report's first passage.
- Words match their other forms (stemmed); "quoted" text matches exactly, within a sentence.
- Answers are cached in process per (corpus version, normalised query, parameters).
- With no index built yet, search answers with no hits and corpus_version None.
"""

from .council import UnknownCouncil, council_page, councils, slugs_by_name
from .export import package as export_package
from .export import write_package
from .models import combined_model, figure_tests, mantel_haenszel
from .spiral import SpiralError, spiral
from .table import DocumentTable, document_table
from .citations import CitationNotFound, freeze, load_citation
from .engines import DEFAULT as DEFAULT_ENGINE
from .engines import NAMES as ENGINES
from .engines import QueryTimeout
from .indexing import build_index, index_status
from .query import THEME_NAMES, QueryError
from .reader import SearchIndex
from .tracking import track

__all__ = ["build_index", "index_status", "SearchIndex", "QueryError", "QueryTimeout", "THEME_NAMES", "track",
           "freeze", "load_citation", "CitationNotFound", "ENGINES", "DEFAULT_ENGINE", "DocumentTable",
           "document_table", "figure_tests", "mantel_haenszel", "combined_model", "spiral", "SpiralError",
           "council_page", "councils", "slugs_by_name", "UnknownCouncil", "export_package", "write_package"]
