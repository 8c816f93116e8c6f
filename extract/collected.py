"""``extract_collected``: extract what the catalogue holds and has not extracted at this version.

Uses only the catalogue's public methods: ``documents_needing_extraction(version)`` (rows with
``.sha256`` and ``.stored_path``) and ``save_extraction(sha256, version, record)``. The cache is
the catalogue itself: a document with a record of the current ``EXTRACTOR_VERSION`` is not
listed, so re-running does no work, and bumping the version re-extracts everything once.
"""

from __future__ import annotations

from typing import Callable

from .runner import extract_files
from .version import EXTRACTOR_VERSION


def extract_collected(catalogue, jobs: int = 1, progress: Callable[[dict], None] | None = None,
                      timeout: float = 120, limit: int | None = None) -> dict:
    """Extract every catalogued document lacking a current extraction; save each record.

    ``limit`` extracts at most that many (the oldest first), for work done in batches.
    ``progress``, if given, is called after each document with the record just saved.
    Returns ``{"extracted": n, "failed": n, "skipped": n, "errors": [{"sha256", "error"}]}``
    where ``skipped`` counts documents already extracted at this version.
    """
    documents = list(catalogue.documents_needing_extraction(EXTRACTOR_VERSION))
    try:
        total = catalogue.count_documents()
    except Exception:  # noqa: BLE001 - an older catalogue without the count
        total = len(documents)
    summary = {"extracted": 0, "failed": 0, "skipped": max(0, total - len(documents)), "errors": []}
    documents = documents[:limit] if limit is not None else documents
    paths = [str(document.stored_path) for document in documents]
    for document, record in zip(documents, extract_files(paths, jobs=jobs, timeout=timeout)):
        # The store's file name is not the document's name: keep the record's file honest.
        record["sha256"] = record.get("sha256") or document.sha256
        if record.get("sha256") != document.sha256 and not record.get("error"):
            record = {"file": record.get("file"), "sha256": document.sha256, "error":
                      "stored file does not match its sha256 (the store is damaged)",
                      "extractor_version": EXTRACTOR_VERSION}
        catalogue.save_extraction(document.sha256, EXTRACTOR_VERSION, record)
        if record.get("error"):
            summary["failed"] += 1
            summary["errors"].append({"sha256": document.sha256, "error": record["error"]})
        else:
            summary["extracted"] += 1
        if progress is not None:
            progress(record)
    return summary
