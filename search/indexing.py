"""Building the index from the catalogue's extraction records: incremental, or a new generation.

A report is (re)indexed when its fingerprint changes: its catalogue row, its extraction
(version, time and compressed size), the loaded official figures, or the index format. ``corpus_version`` is a
short hash of every indexed report's fingerprint (so of the set of sha256s, the extractor and
analyser versions and the figures), stored in the same commit as the passages it describes.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from inspection_index import Catalogue, Config
from inspection_index.catalogue import now_iso

from . import engines, generations
from .fields import INDEX_FORMAT, document_facts, fingerprint, passage_fields

try:  # the figures layer is optional: without it reports simply carry no figures
    from inspection_index import figures as figures_module
except ImportError:  # pragma: no cover - depends on what is installed
    figures_module = None

# Above this many changed reports, one pass over all records beats fetching each.
BULK_THRESHOLD = 100

Progress = Callable[[int, int], None]


def live_meta(index_dir: Path) -> tuple[Path | None, str | None, dict[str, Any] | None]:
    """(live generation, its engine, its meta record), Nones before the first build."""
    live = generations.current(index_dir)
    if live is None:
        return None, None, None
    name = engines.engine_of(live)
    return live, name, engines.get(name).read_meta(live)


def index_status(config: Config) -> dict[str, Any]:
    """What the live index holds (zeros and None before the first build)."""
    status = {"indexed": 0, "passages": 0, "corpus_version": None, "built_at": None}
    _, _, meta = live_meta(config.index_dir)
    if meta:
        status.update(indexed=meta["documents"], passages=meta["passages"],
                      corpus_version=meta["corpus_version"], built_at=meta["built_at"])
    return status


def _figures_fingerprint(catalogue: Catalogue) -> str:
    tables = catalogue.query("""SELECT m.measure, m.source_table, m.release, COUNT(f.value) AS n,
                                       TOTAL(f.value) AS total
                                FROM figure_measures m LEFT JOIN figures f
                                  ON f.measure = m.measure AND f.source_table = m.source_table
                                GROUP BY m.measure, m.source_table ORDER BY 1, 2""")
    return fingerprint(tables)


class _FigureJoin:
    """Figures for a report, memoised per (council, date): replicated or sibling reports share them."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue, self.memo = catalogue, {}

    def __call__(self, document, record) -> dict[str, Any]:
        when = record.get("inspection_end") or document.published or record.get("published")
        if figures_module is None or not when:
            return {}
        key = (document.provider_urn, document.local_authority, when)
        if key not in self.memo:
            try:
                self.memo[key] = figures_module.for_report(self.catalogue, document.provider_urn,
                                                           document.local_authority, when)
            except ValueError:  # an unreadable date: the report carries no figures
                self.memo[key] = {}
        return self.memo[key]


def _extracted(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    """doc_id → what a report's fingerprint is made of, for every successfully extracted report."""
    rows = catalogue.query("""SELECT d.*, e.extractor_version, e.extracted_at,
                                     length(e.record) AS record_bytes FROM documents d
                              JOIN extractions e ON e.sha256 = d.sha256 WHERE e.error IS NULL""")
    return {row["doc_id"]: row for row in rows}


def build_index(config: Config, rebuild: bool = False, progress: Progress | None = None) -> dict[str, Any]:
    """Bring the index up to date with the catalogue's extractions.

    Incremental by default (new, changed and removed reports only, in one atomic commit).
    ``rebuild=True`` — or a first build, an index format change, or ``config.engine`` naming
    another engine than the live index's — writes a new generation beside the live one and
    swaps it in when complete. The engine is ``config.engine``, else the live index's, else
    tantivy. ``progress(done, total)`` is called as
    reports are indexed.

    Returns ``{"added", "updated", "removed", "documents", "passages", "corpus_version",
    "seconds", "rebuilt"}``.
    """
    started = time.perf_counter()
    catalogue = Catalogue(config)
    try:
        with generations.build_lock(config.index_dir):
            generations.remove_stale(config.index_dir)
            return _build(catalogue, config.index_dir, config.engine, rebuild, progress, started)
    finally:
        catalogue.close()


def _open_target(index_dir: Path, wanted_engine: str | None, rebuild: bool):
    """(engine name, a function opening the writer, meta of what it holds or None, new
    generation or None)."""
    live, name, meta = live_meta(index_dir)
    name_wanted = wanted_engine or name or engines.DEFAULT
    if live is not None and not rebuild and name == name_wanted and meta and meta.get("index_format") == INDEX_FORMAT:
        return name, lambda: engines.get(name).writer(live), meta, None
    target = generations.new_generation(index_dir)
    engines.mark(target, name_wanted)
    return name_wanted, lambda: engines.get(name_wanted).create(target), None, target


def _build(catalogue: Catalogue, index_dir: Path, engine: str | None, rebuild: bool, progress: Progress | None,
           started: float) -> dict[str, Any]:
    engine, open_writer, meta, new_generation = _open_target(index_dir, engine, rebuild)
    indexed: dict[str, list] = dict(meta["docs"]) if meta else {}   # doc_id -> [fingerprint, passages]
    figures_print = _figures_fingerprint(catalogue)
    wanted = {doc_id: fingerprint(dict(row), figures_print, INDEX_FORMAT)
              for doc_id, row in _extracted(catalogue).items()}
    changed = [doc_id for doc_id, print_ in wanted.items()
               if doc_id not in indexed or indexed[doc_id][0] != print_]
    removed = [doc_id for doc_id in indexed if doc_id not in wanted]
    counts = {"added": sum(1 for d in changed if d not in indexed),
              "updated": sum(1 for d in changed if d in indexed), "removed": len(removed)}
    if changed or removed or meta is None:
        writer = open_writer()
        try:
            for doc_id in removed:
                writer.delete(doc_id)
                del indexed[doc_id]
            join = _FigureJoin(catalogue)
            for done, (document, record) in enumerate(_records(catalogue, changed), start=1):
                facts = document_facts(document, record, join(document, record))
                if document.doc_id in indexed:
                    writer.delete(document.doc_id)
                rows = passage_fields(facts, record)
                writer.add(facts, rows)
                indexed[document.doc_id] = [wanted[document.doc_id], len(rows)]
                if progress:
                    progress(done, len(changed))
            meta = {
                "index_format": INDEX_FORMAT,
                "engine": engine,
                "corpus_version": fingerprint(sorted(print_ for print_, _ in indexed.values()))[:12],
                "built_at": now_iso(),
                "documents": len(indexed),
                "passages": sum(n for _, n in indexed.values()),
                "docs": indexed,
            }
            writer.commit(meta)
        except BaseException:
            writer.cancel()
            raise
    if new_generation is not None:
        generations.publish(index_dir, new_generation)
    return {**counts, "documents": meta["documents"], "passages": meta["passages"],
            "corpus_version": meta["corpus_version"], "rebuilt": new_generation is not None,
            "seconds": round(time.perf_counter() - started, 3)}


def _records(catalogue: Catalogue, doc_ids: list[str]):
    """(Document, record) for each of ``doc_ids``: one pass over all records when many changed."""
    if len(doc_ids) > BULK_THRESHOLD:
        wanted = set(doc_ids)
        for document, record in catalogue.extractions():
            if document.doc_id in wanted and not record.get("error"):
                yield document, record
        return
    for doc_id in doc_ids:
        document = catalogue.get_document(doc_id)
        record = catalogue.get_extraction(document.sha256) if document else None
        if record and not record.get("error"):
            yield document, record
